"""Whitelisted actions of the front desk. Each checks the document permission itself and changes data
only by POST; role rules are enforced again by the services and controllers."""

import frappe
from frappe import _
from frappe.model.workflow import apply_workflow

from service_advisor.api.validation import Choice, DocName, Text, validate_args
from service_advisor.domain import repair_order as rules
from service_advisor.exceptions import AddOnDecisionError, AppointmentStateError
from service_advisor.services import add_ons, quality
from service_advisor.services.retry import retry_on_deadlock

STAGES = Choice(doctype="Repair Order Quality Check", fieldname="stage")


@frappe.whitelist(methods=["POST"])
@validate_args(appointment=DocName("Service Appointment"))
def check_in_appointment(appointment: str) -> str:
	"""Check an appointment's vehicle in: create its Repair Order (marked as an appointment, with the
	reserved technician and bay) and move it to Checked In."""
	frappe.has_permission("Service Appointment", "write", appointment, throw=True)
	frappe.has_permission("Repair Order", "create", throw=True)
	appt = frappe.get_doc("Service Appointment", appointment, for_update=True)
	if appt.status not in ("Scheduled", "Confirmed"):
		frappe.throw(
			_("Appointment {0} is {1} and cannot be checked in.").format(appt.name, _(appt.status)),
			AppointmentStateError,
		)
	order = frappe.get_doc(
		{
			"doctype": "Repair Order",
			"customer": appt.customer,
			"vehicle": appt.vehicle,
			"advisor": appt.advisor or frappe.session.user,
			"is_appointment": 1,
			"service_appointment": appt.name,
			"technician": appt.technician,
			"bay": appt.bay,
			"customer_description": appt.requested_services,
			"arrival_time": frappe.utils.now_datetime(),
		}
	).insert()
	order = apply_workflow(order, "Check In")
	appt.status = "Arrived"
	appt.repair_order = order.name
	appt.flags.checking_in = True
	appt.save()
	return order.name


@frappe.whitelist(methods=["POST"])
@validate_args(
	add_on=DocName("Add-on Item"),
	# the decision's own error class, as the service raises it for the same mistakes
	decision=Choice(("Approved", "Declined"), error=AddOnDecisionError),
	decided_by=Text(error=AddOnDecisionError),
	method=Choice(add_ons.DECISION_METHODS, error=AddOnDecisionError),
)
@retry_on_deadlock
def record_customer_decision(add_on: str, decision: str, decided_by: str, method: str) -> str:
	frappe.has_permission("Add-on Item", "write", add_on, throw=True)
	add_ons.lock_order_of(add_on)  # the order's row first, as every customer decision takes it
	doc = frappe.get_doc("Add-on Item", add_on, for_update=True)
	add_ons.record_customer_decision(doc, decision, decided_by, method)
	return doc.decision


@frappe.whitelist(methods=["POST"])
@validate_args(
	doctype=Choice(("Add-on Item", "Repair Order")),
	name=DocName(doctype_arg="doctype"),
	decision=Choice(doctype="Add-on Item", fieldname="warranty_decision"),
	reason=Text(2000),
	row=Text(),
)
def record_warranty_decision(
	doctype: str, name: str, decision: str, reason: str | None = None, row: str | None = None
) -> str:
	if doctype not in ("Add-on Item", "Repair Order"):
		frappe.throw(
			_("Warranty decisions are made on Add-on Items and Repair Order items."), frappe.ValidationError
		)
	frappe.has_permission(doctype, "write", name, throw=True)
	doc = frappe.get_doc(doctype, name, for_update=True)
	if doctype == "Add-on Item":
		add_ons.record_add_on_warranty(doc, decision, reason)
	else:
		add_ons.record_item_warranty(doc, row or "", decision, reason)
	return decision


@frappe.whitelist(methods=["POST"])
@validate_args(
	repair_order=DocName("Repair Order"),
	stage=STAGES,
	result=Choice(doctype="Repair Order Quality Check", fieldname="result"),
	remarks=Text(2000),
)
@retry_on_deadlock  # checks of different orders at once meet in the quality table's index gap
def record_quality_check(repair_order: str, stage: str, result: str, remarks: str | None = None) -> str:
	frappe.has_permission("Repair Order", "write", repair_order, throw=True)
	order = frappe.get_doc("Repair Order", repair_order, for_update=True)
	quality.record_quality_check(order, stage, result, remarks)
	return order.workflow_state


@frappe.whitelist()
@validate_args(repair_order=DocName("Repair Order"))
def next_quality_stage(repair_order: str) -> str | None:
	frappe.has_permission("Repair Order", "read", repair_order, throw=True)
	order = frappe.get_doc("Repair Order", repair_order)
	return rules.next_qc_stage([(r.stage, r.result) for r in order.quality_checks])


@frappe.whitelist(methods=["POST"])
@validate_args(add_on=DocName("Add-on Item"))
def send_approval_link(add_on: str) -> dict:
	"""Send the customer's approval link for an add-on, to the customer only (e-mail through the "Add-on
	Approval Request" Notification, SMS through Frappe's SMS Settings). The answer says where it went
	(masked) and when it expires; the link itself never comes back to the desk."""
	from service_advisor.services import approval_link

	frappe.has_permission("Add-on Item", "write", add_on, throw=True)
	doc = frappe.get_doc("Add-on Item", add_on, for_update=True)
	return approval_link.send_link(doc)
