"""The customer's side of the approval link: no login, the token is the authority."""

import frappe
from frappe.rate_limiter import rate_limit

from service_advisor.services import approval_link


@frappe.whitelist(allow_guest=True, methods=["POST"])
@rate_limit(limit=20, seconds=60 * 60)
def respond(token: str, decision: str) -> str:
	"""Approve or decline the add-on the token opens. Rate-limited per IP against guessing."""
	return approval_link.respond(token, decision, frappe.local.request_ip)
