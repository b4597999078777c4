"""The customer's side of the approval link: no login, the token is the authority."""

import frappe
from frappe import _
from frappe.rate_limiter import rate_limit

from service_advisor.api.validation import Choice, Secret, validate_args
from service_advisor.services import approval_link


@frappe.whitelist(allow_guest=True, methods=["POST"])
@rate_limit(limit=20, seconds=60 * 60)
@validate_args(
	token=Secret(approval_link.invalid_message, approval_link.ApprovalLinkError),
	decision=Choice(("Approved", "Declined"), error=approval_link.ApprovalLinkError),
)
def respond(token: str, decision: str) -> str:
	"""Approve or decline the add-on the token opens. Rate-limited per IP against guessing.

	The link is the customer's: a signed-in staff member (System User) cannot answer through it; the
	desk records a decision taken with the customer (record_customer_decision)."""
	if approval_link.is_staff_session():
		frappe.throw(
			_("The approval link is for the customer. Record the customer's decision on the add-on instead."),
			frappe.PermissionError,
		)
	return approval_link.respond(token, decision, frappe.local.request_ip)
