"""Customer and warranty decisions on add-on items, and what an approved add-on does to its order."""

import frappe
from frappe import _
from frappe.utils import add_to_date, now_datetime

from service_advisor.domain import repair_order as rules
from service_advisor.domain import roles as R
from service_advisor.exceptions import AddOnDecisionError, WarrantyDecisionError
from service_advisor.services.repair_order import ITEMS_UPDATE, lock_order_row

DECISION_FLAG = "sa_decision"
DECISION_METHODS = ("In Person", "Phone", "Signed")


def require_role(roles: tuple[str, ...], action: str):
	if not set(roles) & set(frappe.get_roles()):
		frappe.throw(
			_("You are not allowed to {0} (needs one of: {1}).").format(
				_(action), ", ".join(_(r) for r in roles)
			),
			frappe.PermissionError,
		)


def lock_order_of(add_on_name: str | None) -> None:
	"""The add-on's Repair Order row, taken before the add-on's own by every customer decision (desk,
	approval link, inspection link): decisions on one order's lines wait for each other. Two lines
	approved at the same moment otherwise deadlocked in Frappe's writes of the add-ons' child tables (the
	approved revisions) and one customer got a server error."""
	if add_on_name:
		lock_order_row(frappe.db.get_value("Add-on Item", add_on_name, "repair_order"))


def record_customer_decision(add_on, decision: str, decided_by: str, method: str):
	require_role(rules.ADVISOR_DESK, "record the customer's decision")
	if decision not in ("Approved", "Declined"):
		frappe.throw(_("Decision must be Approved or Declined."), AddOnDecisionError)
	if method not in DECISION_METHODS:
		frappe.throw(
			_("How the customer decided must be one of: {0}.").format(", ".join(DECISION_METHODS)),
			AddOnDecisionError,
		)
	if not (decided_by or "").strip():
		frappe.throw(_("Record who decided for the customer."), AddOnDecisionError)
	if add_on.decision != "Pending":
		frappe.throw(_("Add-on {0} has already been decided.").format(add_on.name), AddOnDecisionError)
	check_customer_may_be_asked(add_on)
	add_on.update(
		{
			"decision": decision,
			"decided_by_customer": decided_by.strip(),
			"decision_method": method,
			"decided_on": now_datetime(),
			"recorded_by": frappe.session.user,
		}
	)
	add_on.flags[DECISION_FLAG] = True
	add_on.save()
	return add_on


def check_customer_may_be_asked(add_on) -> None:
	"""The customer decides an add-on only after the warranty clerk decided a possibly-warranty one, and
	after a rejection was explained to them: at the desk, through the approval link and the inspection link."""
	if add_on.possibly_warranty and not add_on.warranty_decision:
		frappe.throw(
			_(
				"This add-on may be under warranty: the Warranty Clerk must decide before the customer is asked."
			),
			AddOnDecisionError,
		)
	if add_on.warranty_decision == "Rejected" and not add_on.warranty_explained:
		frappe.throw(
			_("Confirm that the warranty rejection was explained to the customer first."), AddOnDecisionError
		)


def warranty_update(decision: str, reason: str | None) -> dict:
	require_role((R.WARRANTY_CLERK,), "decide on warranty")
	if decision not in rules.WARRANTY_DECISIONS:
		frappe.throw(_("Warranty decision must be Accepted or Rejected."), WarrantyDecisionError)
	if decision == "Rejected" and not (reason or "").strip():
		frappe.throw(_("Give the reason the warranty was rejected."), WarrantyDecisionError)
	return {
		"warranty_decision": decision,
		"warranty_reason": (reason or "").strip() or None,
		"warranty_decided_by": frappe.session.user,
	}


def record_add_on_warranty(add_on, decision: str, reason: str | None):
	update = warranty_update(decision, reason)
	if not add_on.possibly_warranty:
		frappe.throw(
			_("Add-on {0} is not flagged as possibly under warranty.").format(add_on.name),
			WarrantyDecisionError,
		)
	if add_on.warranty_decision:
		frappe.throw(
			_("The warranty decision on {0} has already been made.").format(add_on.name),
			WarrantyDecisionError,
		)
	add_on.update({**update, "warranty_decided_on": now_datetime()})
	add_on.flags[DECISION_FLAG] = True
	add_on.save()
	return add_on


def record_item_warranty(order, row_name: str, decision: str, reason: str | None):
	update = warranty_update(decision, reason)
	row = next((r for r in order.items if r.name == row_name), None)
	if not row or not row.possibly_warranty:
		frappe.throw(
			_("That row is not a possibly-warranty item of {0}.").format(order.name), WarrantyDecisionError
		)
	if row.warranty_decision:
		frappe.throw(_("Row {0} already has a warranty decision.").format(row.idx), WarrantyDecisionError)
	row.update(update)
	row.billable_to = "Warranty" if decision == "Accepted" else "Customer"
	order.flags[ITEMS_UPDATE] = True
	order.save()
	return order


def apply_customer_decision(add_on):
	"""Approved: the items join the order (billed to warranty if accepted) and the promised time moves.
	Declined: the work stays on the vehicle's record as a recommendation for the next visit."""
	if add_on.decision == "Approved":
		order = frappe.get_doc("Repair Order", add_on.repair_order)
		billable_to = "Warranty" if add_on.warranty_decision == "Accepted" else "Customer"
		# a newly approved revision replaces the lines of the revision approved before it
		order.set("items", [row for row in order.items if row.add_on_item != add_on.name])
		previous = [r for r in add_on.approved_revisions if r.revision != add_on.revision]
		already_added = int(previous[-1].extra_time_minutes or 0) if previous else 0
		for detail in add_on.items:
			order.append(
				"items",
				{
					"item_code": detail.item_code,
					"item_name": detail.item_name,
					"item_type": detail.item_type,
					"qty": detail.qty,
					"rate": detail.rate,
					"billable_to": billable_to,
					"add_on_item": add_on.name,
					"add_on_revision": add_on.revision or 1,
				},
			)
		extra = int(add_on.extra_time_minutes or 0) - already_added
		if extra and order.promised_delivery:
			order.promised_delivery = add_to_date(order.promised_delivery, minutes=extra)
		order.flags[ITEMS_UPDATE] = True
		order.flags.ignore_permissions = bool(
			add_on.flags.get("approval_link")
		)  # the customer approved online
		order.save()
	elif add_on.decision == "Declined" and int(add_on.revision or 1) == 1:
		vehicle = frappe.get_doc("Customer Vehicle", add_on.vehicle)
		vehicle.append(
			"recommendations",
			{
				"recommended_on": frappe.utils.getdate(add_on.decided_on),
				"description": add_on.reason,
				"estimated_amount": add_on.estimated_total,
				"repair_order": add_on.repair_order,
				"add_on_item": add_on.name,
			},
		)
		vehicle.flags.ignore_permissions = True
		vehicle.save()
		from service_advisor.services.followup import create_declined_work_callback

		create_declined_work_callback(add_on)
