"""Whitelisted follow-up actions: typed, permission-checked, POST for changes."""

import frappe
from frappe.utils import cint

from service_advisor.services import followup


@frappe.whitelist(methods=["POST"])
def log_callback_attempt(
	callback: str,
	reached: int,
	notes: str | None = None,
	next_attempt_on: str | None = None,
	attitude: str | None = None,
	explanation: str | None = None,
	timeliness: str | None = None,
	fault_fixed: str | None = None,
	suggestions: str | None = None,
	invitation_made: int = 0,
	praise: str | None = None,
) -> str:
	frappe.has_permission("Callback", "write", callback, throw=True)
	doc = frappe.get_doc("Callback", callback, for_update=True)
	followup.log_attempt(
		doc,
		bool(cint(reached)),
		notes,
		next_attempt_on,
		attitude,
		explanation,
		timeliness,
		fault_fixed,
		suggestions,
		bool(cint(invitation_made)),
		praise,
	)
	return doc.status


@frappe.whitelist(methods=["POST"])
def book_from_callback(
	callback: str, scheduled_start: str, duration_minutes: int = 60, requested_services: str | None = None
) -> str:
	frappe.has_permission("Callback", "write", callback, throw=True)
	frappe.has_permission("Service Appointment", "create", throw=True)
	doc = frappe.get_doc("Callback", callback, for_update=True)
	return followup.book_appointment(doc, scheduled_start, cint(duration_minutes) or 60, requested_services)


@frappe.whitelist(methods=["POST"])
def generate_maintenance_list(month: str | None = None) -> list[str]:
	"""month: YYYY-MM (default: this month)."""
	frappe.has_permission("Callback", "create", throw=True)
	if month:
		frappe.utils.getdate(f"{month}-01")  # raises a clear error for a malformed month
	return followup.generate_maintenance_invitations(month)
