"""Whitelisted follow-up actions: typed, permission-checked, POST for changes."""

import frappe
from frappe.utils import cint

from service_advisor.api.validation import (
	Choice,
	Date,
	Datetime,
	DocName,
	Flag,
	Int,
	Month,
	Text,
	validate_args,
)
from service_advisor.exceptions import CallbackError
from service_advisor.services import complaints, followup, own_pay
from service_advisor.services.retry import retry_on_deadlock

NOTES = Text(2000)


def _satisfaction(field: str) -> Choice:
	# the callback's own error class, as the service raises it for the same mistake
	return Choice(doctype="Callback", fieldname=field, error=CallbackError)


@frappe.whitelist(methods=["POST"])
@validate_args(
	callback=DocName("Callback"),
	reached=Flag(),
	notes=NOTES,
	next_attempt_on=Date(),
	attitude=_satisfaction("satisfaction_attitude"),
	explanation=_satisfaction("satisfaction_explanation"),
	timeliness=_satisfaction("satisfaction_timeliness"),
	fault_fixed=Choice(doctype="Callback", fieldname="fault_fixed"),
	suggestions=NOTES,
	invitation_made=Flag(),
	praise=NOTES,
)
@retry_on_deadlock  # attempts on different callbacks at once meet in the attempts table's index gap
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
	own_pay.refuse_own_callback_attempt(doc)  # the survey of an advisor's own order is customer service's
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
@validate_args(
	callback=DocName("Callback"),
	scheduled_start=Datetime(),
	duration_minutes=Int(1, 24 * 60),
	requested_services=NOTES,
)
def book_from_callback(
	callback: str, scheduled_start: str, duration_minutes: int = 60, requested_services: str | None = None
) -> str:
	frappe.has_permission("Callback", "write", callback, throw=True)
	frappe.has_permission("Service Appointment", "create", throw=True)
	doc = frappe.get_doc("Callback", callback, for_update=True)
	return followup.book_appointment(doc, scheduled_start, cint(duration_minutes) or 60, requested_services)


@frappe.whitelist(methods=["POST"])
@validate_args(month=Month())
def generate_maintenance_list(month: str | None = None) -> list[str]:
	"""month: YYYY-MM (default: this month)."""
	frappe.has_permission("Callback", "create", throw=True)
	return followup.generate_maintenance_invitations(month)


@frappe.whitelist(methods=["POST"])
@validate_args(
	complaint=DocName("Service Complaint"),
	progress=NOTES,
	resolution=NOTES,
	resolved=Flag(),
	customer_informed=Flag(),
)
def record_complaint_handling(
	complaint: str,
	progress: str | None = None,
	resolution: str | None = None,
	resolved: int = 0,
	customer_informed: int = 0,
) -> str:
	"""The advisor the complaint concerns records its handling (progress, resolution); never its cause,
	attribution or verdict, which are a Service Manager's."""
	frappe.has_permission("Service Complaint", "read", complaint, throw=True)  # an advisor: their own rows
	doc = frappe.get_doc("Service Complaint", complaint, for_update=True)
	complaints.record_handling(doc, progress, resolution, bool(cint(resolved)), bool(cint(customer_informed)))
	return doc.status
