"""The Repair Order process: states, who may move an order between them, and what each move needs.

The shipped Frappe Workflow (service_advisor/workflow/repair_order_workflow.json) is built from the
same table, and the controller re-checks every change of state against it, so neither an API call,
a direct submit() nor an edit of `workflow_state` can skip a step.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from service_advisor.domain import roles as R

DRAFT = "Draft"
CHECKED_IN = "Checked In"
AUTHORISED = "Authorised"
IN_REPAIR = "In Repair"
AWAITING_APPROVAL = "Awaiting Customer Approval"
QUALITY_CHECK = "Quality Check"
READY = "Ready for Delivery"
DELIVERED = "Delivered"
SETTLED = "Settled"
CLOSED = "Closed"
CANCELLED = "Cancelled"

STATES: tuple[str, ...] = (
	DRAFT,
	CHECKED_IN,
	AUTHORISED,
	IN_REPAIR,
	AWAITING_APPROVAL,
	QUALITY_CHECK,
	READY,
	DELIVERED,
	SETTLED,
	CLOSED,
	CANCELLED,
)
SUBMITTED_STATES = (DELIVERED, SETTLED, CLOSED)
BEFORE_DELIVERY = (DRAFT, CHECKED_IN, AUTHORISED, IN_REPAIR, AWAITING_APPROVAL, QUALITY_CHECK, READY)

# which roles may edit the order while it is in a state (the workflow's allow_edit)
EDITOR = {
	DRAFT: R.SERVICE_ADVISOR,
	CHECKED_IN: R.SERVICE_ADVISOR,
	AUTHORISED: R.SERVICE_ADVISOR,
	IN_REPAIR: R.WORKSHOP_TECHNICIAN,
	AWAITING_APPROVAL: R.SERVICE_ADVISOR,
	QUALITY_CHECK: R.QUALITY_INSPECTOR,
	READY: R.SERVICE_ADVISOR,
	DELIVERED: R.SERVICE_ADVISOR,
	SETTLED: R.ACCOUNTS_USER,
	CLOSED: R.SERVICE_MANAGER,
	CANCELLED: R.SERVICE_MANAGER,
}

ADVISOR_DESK = (R.SERVICE_ADVISOR, R.SERVICE_MANAGER)
WORKSHOP = (R.WORKSHOP_TECHNICIAN, R.SERVICE_MANAGER)
QC_ROLES = (R.WORKSHOP_TECHNICIAN, R.TECHNICAL_DIRECTOR, R.QUALITY_INSPECTOR, R.SERVICE_MANAGER)


@dataclass(frozen=True)
class Transition:
	action: str
	source: str
	target: str
	roles: tuple[str, ...]


TRANSITIONS: tuple[Transition, ...] = (
	Transition("Check In", DRAFT, CHECKED_IN, ADVISOR_DESK),
	Transition("Authorise", CHECKED_IN, AUTHORISED, ADVISOR_DESK),
	Transition("Start Repair", AUTHORISED, IN_REPAIR, WORKSHOP),
	Transition(
		"Request Customer Approval", IN_REPAIR, AWAITING_APPROVAL, (*ADVISOR_DESK, R.WORKSHOP_TECHNICIAN)
	),
	Transition("Resume Repair", AWAITING_APPROVAL, IN_REPAIR, ADVISOR_DESK),
	Transition("Send to Quality Check", IN_REPAIR, QUALITY_CHECK, WORKSHOP),
	Transition("Return to Repair", QUALITY_CHECK, IN_REPAIR, QC_ROLES),
	Transition("Release for Delivery", QUALITY_CHECK, READY, (R.QUALITY_INSPECTOR, R.SERVICE_MANAGER)),
	Transition("Deliver", READY, DELIVERED, ADVISOR_DESK),
	Transition("Settle", DELIVERED, SETTLED, (R.ACCOUNTS_USER,)),
	Transition("Reopen Settlement", SETTLED, DELIVERED, (R.ACCOUNTS_USER,)),
	Transition("Close", SETTLED, CLOSED, ADVISOR_DESK),
	*(Transition("Cancel Order", state, CANCELLED, ADVISOR_DESK) for state in BEFORE_DELIVERY),
)


def find_transition(source: str, target: str) -> Transition | None:
	for transition in TRANSITIONS:
		if transition.source == source and transition.target == target:
			return transition
	return None


def may_transition(source: str, target: str, user_roles: set[str] | frozenset[str]) -> bool:
	transition = find_transition(source, target)
	return bool(transition and set(transition.roles) & set(user_roles))


# ---------------------------------------------------------------- checklists
RECEPTION_CHECKLIST: tuple[tuple[str, str], ...] = (
	("greeting_time", "Greeting time"),
	("customer_description", "Customer's description"),
	("advisor_diagnosis", "Advisor's diagnosis"),
	("walk_around_done", "Walk-around inspection"),
	("covers_fitted", "Protective covers fitted in front of the customer"),
	("valuables_reminded", "Valuables reminder"),
	("old_parts_handling", "Old parts: take away or leave"),
	("wash_requested", "Wash: yes or no"),
	("inquiry_sheet_signed", "Inquiry sheet signed by the customer"),
)

AUTHORISATION: tuple[tuple[str, str], ...] = (
	("authorised_by", "Authorised by"),
	("authorised_on", "Authorised on"),
	("authorisation_method", "Authorisation method"),
	("promised_delivery", "Promised delivery time"),
)

DELIVERY_CHECKLIST: tuple[tuple[str, str], ...] = (
	("handover_notes", "Internal handover (work done)"),
	("customer_informed", "Customer informed"),
	("walkround_work_quality", "Walk-round: work quality"),
	("walkround_vehicle_functions", "Walk-round: vehicle functions"),
	("walkround_belongings_appearance", "Walk-round: belongings and appearance"),
	("covers_removed", "Protective covers removed"),
)


def missing(values: dict, checklist: tuple[tuple[str, str], ...]) -> list[str]:
	"""Labels of the checklist entries that are empty / unticked in values."""
	return [label for field, label in checklist if not values.get(field)]


# ---------------------------------------------------------------- reception SLA
def greeting_delay_minutes(arrival: datetime | None, greeting: datetime | None) -> float | None:
	if not arrival or not greeting:
		return None
	return round((greeting - arrival).total_seconds() / 60, 2)


def sla_breached(delay_minutes: float | None, sla_minutes: float) -> bool:
	return delay_minutes is not None and delay_minutes > sla_minutes


# ---------------------------------------------------------------- quality inspection
QC_STAGES: tuple[str, ...] = ("Self/Peer Check", "Patrol Check", "Final Inspection")
QC_STAGE_ROLES: dict[str, tuple[str, ...]] = {
	"Self/Peer Check": (R.WORKSHOP_TECHNICIAN,),
	"Patrol Check": (R.TECHNICAL_DIRECTOR,),
	"Final Inspection": (R.QUALITY_INSPECTOR,),
}
PASS, FAIL = "Pass", "Fail"


def current_qc_round(results: list[tuple[str, str]]) -> list[tuple[str, str]]:
	"""The (stage, result) rows since the last fail: a fail restarts the three stages."""
	last_fail = max((i for i, (_, result) in enumerate(results) if result == FAIL), default=-1)
	return results[last_fail + 1 :]


def next_qc_stage(results: list[tuple[str, str]]) -> str | None:
	"""The stage to record next, or None when all three have passed in this round."""
	passed = len(current_qc_round(results))
	return QC_STAGES[passed] if passed < len(QC_STAGES) else None


def qc_complete(results: list[tuple[str, str]]) -> bool:
	return next_qc_stage(results) is None


def rework_count(results: list[tuple[str, str]]) -> int:
	return sum(1 for _, result in results if result == FAIL)


# ---------------------------------------------------------------- add-ons and warranty
BILLABLE_TO = ("Customer", "Warranty", "Internal")
DECISIONS = ("Pending", "Approved", "Declined")
WARRANTY_DECISIONS = ("Accepted", "Rejected")


@dataclass(frozen=True)
class WarrantyState:
	possibly_warranty: bool
	decision: str | None
	explained: bool


def warranty_open(item: WarrantyState) -> bool:
	"""A possibly-warranty item still waiting for the warranty clerk, or a rejection not yet explained."""
	if not item.possibly_warranty:
		return False
	if item.decision not in WARRANTY_DECISIONS:
		return True
	return item.decision == "Rejected" and not item.explained


def quality_check_blockers(add_on_decisions: list[str], warranty_items: list[WarrantyState]) -> list[str]:
	"""Why an order may not go to quality check yet (empty when it may)."""
	blockers = []
	pending = sum(1 for decision in add_on_decisions if decision not in ("Approved", "Declined"))
	if pending:
		blockers.append("pending_add_ons")
	if any(warranty_open(item) for item in warranty_items):
		blockers.append("open_warranty")
	return blockers


def odometer_falls(new_reading: int | None, last_reading: int | None) -> bool:
	return bool(new_reading is not None and last_reading and new_reading < last_reading)


LABOUR = "Labour"


def labour_figures(lines: Iterable[tuple[str | None, float, float]]) -> tuple[float, float]:
	"""Labour sales and sold hours of an order's lines, given as (item type, amount, qty): the quantity of
	a labour item is its hours. Every payer's labour counts (customer, warranty, internal)."""
	sales = hours = 0.0
	for item_type, amount, qty in lines:
		if item_type == LABOUR:
			sales += float(amount or 0)
			hours += float(qty or 0)
	return round(sales, 2), round(hours, 6)


def previous_delivery(arrival: datetime | None, deliveries: Iterable[datetime | None]) -> datetime | None:
	"""The vehicle's latest delivery (of its other delivered orders) at or before this arrival; None when
	the order has not arrived or the vehicle was never delivered before it."""
	if arrival is None:
		return None
	return max((moment for moment in deliveries if moment is not None and moment <= arrival), default=None)


def is_comeback(arrival: datetime | None, previous: datetime | None, window_days: int) -> bool:
	"""A comeback: the same vehicle was delivered within the repeat-repair window before this arrival."""
	return bool(arrival and previous and arrival - timedelta(days=window_days) <= previous <= arrival)
