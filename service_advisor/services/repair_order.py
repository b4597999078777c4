"""Frappe-side enforcement of the Repair Order process (rules in service_advisor.domain.repair_order)."""

import frappe
from frappe import _
from frappe.utils import flt, get_datetime

from service_advisor.domain import repair_order as rules
from service_advisor.exceptions import (
	ChecklistIncompleteError,
	InvalidTransitionError,
	LockedDocumentError,
	NegativeAmountError,
	TransitionNotAllowedError,
)

# document flags set by the app's own services when they move or change an order
SYSTEM_TRANSITION = "sa_system_transition"  # the service already checked the user's right
ITEMS_UPDATE = "sa_items_update"  # approved add-ons / warranty decisions / settlement
QC_UPDATE = "sa_qc_update"


def previous_state(doc) -> str | None:
	before = doc.get_doc_before_save()
	return (before.workflow_state or rules.DRAFT) if before else None


def enforce_transition(doc):
	"""Refuse any change of state that the process does not allow for this user and this order."""
	before = previous_state(doc)
	target = doc.workflow_state or rules.DRAFT
	if before is None:
		if target != rules.DRAFT:
			throw_invalid(rules.DRAFT, target)
		return
	if before == rules.CANCELLED:
		frappe.throw(
			_("Repair Order {0} is cancelled and cannot be changed.").format(doc.name), LockedDocumentError
		)
	if target == before:
		return
	transition = rules.find_transition(before, target)
	if not transition:
		throw_invalid(before, target)
	if not doc.flags.get(SYSTEM_TRANSITION) and not set(transition.roles) & set(frappe.get_roles()):
		frappe.throw(
			_("You are not allowed to {0} this Repair Order (needs one of: {1}).").format(
				_(transition.action), ", ".join(_(r) for r in transition.roles)
			),
			TransitionNotAllowedError,
		)
	check_requirements(doc, target)


def throw_invalid(source: str, target: str):
	frappe.throw(
		_("A Repair Order cannot move from {0} to {1}.").format(
			frappe.bold(_(source)), frappe.bold(_(target))
		),
		InvalidTransitionError,
		title=_("Step Not Allowed"),
	)


def check_requirements(doc, target: str):
	if target == rules.CHECKED_IN and not doc.arrival_time:
		doc.arrival_time = frappe.utils.now_datetime()
	elif target == rules.AUTHORISED:
		require(doc, rules.RECEPTION_CHECKLIST, _("Complete the reception checklist before authorisation"))
		require(doc, rules.AUTHORISATION, _("Record the customer's work authorisation"))
		if not doc.items:
			frappe.throw(_("Add at least one repair item before authorisation."), ChecklistIncompleteError)
	elif target == rules.QUALITY_CHECK:
		check_quality_check_blockers(doc)
	elif target == rules.READY:
		if not rules.qc_complete(qc_results(doc)):
			frappe.throw(
				_("All three quality inspection stages must pass before the vehicle is ready for delivery."),
				InvalidTransitionError,
			)
	elif target == rules.DELIVERED:
		require(doc, rules.DELIVERY_CHECKLIST, _("Complete the delivery checklist before delivery"))
		if doc.docstatus != 1:
			frappe.throw(_("A Repair Order is delivered by submitting it."), InvalidTransitionError)
	elif target == rules.SETTLED and not doc.flags.get(SYSTEM_TRANSITION):
		frappe.throw(_("A Repair Order is settled by submitting its Sales Invoice."), InvalidTransitionError)


def require(doc, checklist, heading: str):
	missing = rules.missing(doc.as_dict(), checklist)
	if missing:
		frappe.throw(
			heading + ":<br>" + "<br>".join(_(label) for label in missing),
			ChecklistIncompleteError,
			title=_("Checklist Incomplete"),
		)


def qc_results(doc) -> list[tuple[str, str]]:
	return [(row.stage, row.result) for row in doc.quality_checks]


def check_quality_check_blockers(doc):
	add_ons = frappe.get_all(
		"Add-on Item",
		filters={"repair_order": doc.name},
		fields=["name", "decision", "possibly_warranty", "warranty_decision", "warranty_explained"],
	)
	warranty_items = [
		rules.WarrantyState(
			bool(row.possibly_warranty), row.warranty_decision or None, bool(row.warranty_explained)
		)
		for row in [*doc.items, *add_ons]
	]
	blockers = rules.quality_check_blockers([a.decision for a in add_ons], warranty_items)
	messages = {
		"pending_add_ons": _("Every add-on item needs the customer's decision before quality check."),
		"open_warranty": _(
			"Every possibly-warranty item needs the warranty clerk's decision (and a rejection must be explained to the customer) before quality check."
		),
	}
	if blockers:
		frappe.throw("<br>".join(messages[b] for b in blockers), InvalidTransitionError, title=_("Not Ready"))


# ---------------------------------------------------------------- items and totals
def set_item_rates(doc, price_list: str | None):
	missing_rate = {row.item_code for row in doc.items if row.item_code and not flt(row.rate)}
	prices = {}
	if missing_rate and price_list:
		prices = dict(
			frappe.get_all(
				"Item Price",
				filters={"price_list": price_list, "item_code": ("in", list(missing_rate))},
				fields=["item_code", "price_list_rate"],
				as_list=True,
			)
		)
	for row in doc.items:
		if not flt(row.rate) and row.item_code in prices:
			row.rate = prices[row.item_code]
		if flt(row.qty) <= 0 or flt(row.rate) < 0:
			frappe.throw(
				_("Row {0}: quantity must be positive and rate cannot be negative.").format(row.idx),
				NegativeAmountError,
			)
		row.amount = flt(row.qty) * flt(row.rate)


def set_totals(doc):
	totals = {"Customer": 0.0, "Warranty": 0.0, "Internal": 0.0}
	for row in doc.items:
		totals[row.billable_to or "Customer"] += flt(row.amount)
	doc.estimate_total = totals["Customer"]
	doc.warranty_total = totals["Warranty"]
	doc.internal_total = totals["Internal"]
	# kept on the order so that the group's KPI report reads one row per order, not its lines
	doc.labour_total, doc.labour_hours = rules.labour_figures(
		(row.item_type, row.amount, row.qty) for row in doc.items
	)


ITEM_KEY_FIELDS = ("item_code", "qty", "rate", "billable_to")
WARRANTY_FIELDS = ("warranty_decision", "warranty_reason", "warranty_decided_by")


def enforce_item_changes(doc):
	"""After authorisation, work is added only through add-ons; warranty decisions only by the clerk's action."""
	before = doc.get_doc_before_save()
	if not before or doc.flags.get(ITEMS_UPDATE):
		return
	old_rows = {row.name: row for row in before.items}
	for row in doc.items:
		old = old_rows.get(row.name)
		for field in WARRANTY_FIELDS:
			if ((old.get(field) or None) if old else None) != (row.get(field) or None):
				frappe.throw(
					_("Row {0}: warranty decisions are recorded by the Warranty Clerk's action.").format(
						row.idx
					),
					LockedDocumentError,
				)
	if (before.workflow_state or rules.DRAFT) in (rules.DRAFT, rules.CHECKED_IN):
		return
	old_keys = sorted(tuple(str(r.get(f)) for f in ITEM_KEY_FIELDS) for r in before.items)
	new_keys = sorted(tuple(str(r.get(f)) for f in ITEM_KEY_FIELDS) for r in doc.items)
	if old_keys != new_keys:
		frappe.throw(
			_("After authorisation, repair items change only through approved Add-on Items."),
			LockedDocumentError,
		)


def enforce_quality_rows(doc):
	before = doc.get_doc_before_save()
	if doc.flags.get(QC_UPDATE):
		return
	old = [(r.stage, r.result, r.checked_by) for r in before.quality_checks] if before else []
	new = [(r.stage, r.result, r.checked_by) for r in doc.quality_checks]
	if old != new:
		frappe.throw(
			_("Quality inspections are recorded with the Record Quality Check action."), LockedDocumentError
		)


def validate_greeting(doc, sla_minutes: float):
	from service_advisor.services.vehicles import parse_datetime

	doc.arrival_time = parse_datetime(doc.arrival_time, "Arrival Time")
	doc.greeting_time = parse_datetime(doc.greeting_time, "Greeting Time")
	if (
		doc.arrival_time
		and doc.greeting_time
		and get_datetime(doc.greeting_time) < get_datetime(doc.arrival_time)
	):
		from service_advisor.exceptions import ReceptionTimeError

		frappe.throw(_("The greeting time cannot be before the arrival time."), ReceptionTimeError)
	delay = rules.greeting_delay_minutes(
		get_datetime(doc.arrival_time) if doc.arrival_time else None,
		get_datetime(doc.greeting_time) if doc.greeting_time else None,
	)
	doc.greeting_delay_minutes = delay
	doc.greeting_sla_breached = int(rules.sla_breached(delay, sla_minutes))


def lock_order_row(order_name: str | None) -> None:
	"""The Repair Order's row, locked (`SELECT ... FOR UPDATE`) until the transaction ends: taken first by
	every change of the order's jobs, add-on decisions and invoices, so such changes of one order wait for
	each other instead of crossing."""
	if order_name:
		frappe.db.get_value("Repair Order", order_name, "name", for_update=True)


# ---------------------------------------------------------------- the vehicle's previous delivery
def vehicle_deliveries(vehicle: str, exclude: str | None = None) -> list:
	"""Delivery times of the vehicle's delivered orders (submitted, not cancelled), but `exclude`."""
	ro = frappe.qb.DocType("Repair Order")
	query = (
		frappe.qb.from_(ro)
		.select(ro.delivered_on)
		.where((ro.vehicle == vehicle) & (ro.docstatus == 1) & ro.delivered_on.isnotnull())
	)
	if exclude:
		query = query.where(ro.name != exclude)
	return [get_datetime(moment) for moment in query.run(pluck=True)]


def set_previous_delivery(doc) -> None:
	"""`validate`: the vehicle's latest delivery at or before this order's arrival (Advisor KPIs counts a
	comeback from it), computed on every save from the vehicle's orders, never taken from the request."""
	arrival = get_datetime(doc.arrival_time) if doc.arrival_time and doc.vehicle else None
	doc.previous_delivery = rules.previous_delivery(
		arrival, vehicle_deliveries(doc.vehicle, doc.name) if arrival else []
	)


def refresh_later_orders(order) -> None:
	"""`on_submit` / `on_cancel`: a delivery that appears or goes away changes the previous delivery of the
	vehicle's orders that arrived after it. Their rows are written with a new `modified`, so a form opened
	before is refused on save rather than writing the old value back."""
	if not (order.vehicle and order.delivered_on):
		return
	ro = frappe.qb.DocType("Repair Order")
	later = (
		frappe.qb.from_(ro)
		.select(ro.name, ro.arrival_time, ro.previous_delivery)
		.where(
			(ro.vehicle == order.vehicle)
			& (ro.name != order.name)
			& (ro.docstatus < 2)
			& (ro.arrival_time >= order.delivered_on)
		)
		.for_update()
	).run(as_dict=True)
	if not later:
		return
	deliveries = vehicle_deliveries(order.vehicle)
	for row in later:
		previous = rules.previous_delivery(get_datetime(row.arrival_time), deliveries)
		if (get_datetime(row.previous_delivery) if row.previous_delivery else None) != previous:
			frappe.db.set_value("Repair Order", row.name, "previous_delivery", previous)


# ---------------------------------------------------------------- state log (throughput report)
def log_state(order, state: str | None = None, at=None):
	"""Close the order's open state-log row and open one for its new state."""
	from frappe.utils import now_datetime, time_diff_in_hours

	at = at or now_datetime()
	state = state or order.workflow_state or rules.DRAFT
	log = frappe.qb.DocType("Repair Order State Log")
	open_rows = (
		frappe.qb.from_(log)
		.select(log.name, log.entered_at, log.state)
		.where((log.repair_order == order.name) & log.left_at.isnull())
	).run(as_dict=True)
	if any(row.state == state for row in open_rows):
		return
	for row in open_rows:
		frappe.db.set_value(
			"Repair Order State Log",
			row.name,
			{"left_at": at, "hours": time_diff_in_hours(at, row.entered_at)},
			update_modified=False,
		)
	frappe.get_doc(
		{
			"doctype": "Repair Order State Log",
			"repair_order": order.name,
			"advisor": order.advisor,
			"company": order.company,
			"state": state,
			"entered_at": at,
			"changed_by": frappe.session.user,
		}
	).insert(ignore_permissions=True)  # written by the system on every change of state
