from datetime import datetime, timedelta

import pytest

from service_advisor.domain import repair_order as ro
from service_advisor.domain import roles as R
from service_advisor.domain.repair_order import (
	AUTHORISATION,
	DELIVERY_CHECKLIST,
	FAIL,
	PASS,
	QC_STAGES,
	RECEPTION_CHECKLIST,
	STATES,
	TRANSITIONS,
	WarrantyState,
	current_qc_round,
	find_transition,
	greeting_delay_minutes,
	may_transition,
	missing,
	next_qc_stage,
	odometer_falls,
	qc_complete,
	quality_check_blockers,
	rework_count,
	sla_breached,
	warranty_open,
)

BEFORE_DELIVERY = (
	ro.DRAFT,
	ro.CHECKED_IN,
	ro.AUTHORISED,
	ro.IN_REPAIR,
	ro.AWAITING_APPROVAL,
	ro.QUALITY_CHECK,
	ro.READY,
)
AFTER_DELIVERY = (ro.DELIVERED, ro.SETTLED, ro.CLOSED, ro.CANCELLED)
ALL_ROLES = {*R.ROLES, R.ACCOUNTS_USER}


# ---------------------------------------------------------------- states and transitions
def test_states_in_process_order():
	assert STATES == (
		"Draft",
		"Checked In",
		"Authorised",
		"In Repair",
		"Awaiting Customer Approval",
		"Quality Check",
		"Ready for Delivery",
		"Delivered",
		"Settled",
		"Closed",
		"Cancelled",
	)
	assert ro.BEFORE_DELIVERY == BEFORE_DELIVERY
	assert ro.SUBMITTED_STATES == (ro.DELIVERED, ro.SETTLED, ro.CLOSED)


def test_every_state_has_an_editor():
	assert set(ro.EDITOR) == set(STATES)
	assert set(ro.EDITOR.values()) <= ALL_ROLES


def test_transitions_only_use_known_states_and_roles():
	for t in TRANSITIONS:
		assert t.source in STATES
		assert t.target in STATES
		assert t.source != t.target
		assert t.roles
		assert set(t.roles) <= ALL_ROLES


def test_at_most_one_transition_per_state_pair():
	pairs = [(t.source, t.target) for t in TRANSITIONS]
	assert len(pairs) == len(set(pairs))


def test_no_transition_leaves_closed_or_cancelled():
	assert [t for t in TRANSITIONS if t.source in (ro.CLOSED, ro.CANCELLED)] == []


def test_every_state_is_reachable_from_draft():
	reached, frontier = {ro.DRAFT}, [ro.DRAFT]
	while frontier:
		state = frontier.pop()
		for t in TRANSITIONS:
			if t.source == state and t.target not in reached:
				reached.add(t.target)
				frontier.append(t.target)
	assert reached == set(STATES)


def test_every_state_except_terminal_ones_has_a_way_out():
	sources = {t.source for t in TRANSITIONS}
	assert sources == set(STATES) - {ro.CLOSED, ro.CANCELLED}


@pytest.mark.parametrize(
	("source", "target", "action"),
	[
		(ro.DRAFT, ro.CHECKED_IN, "Check In"),
		(ro.CHECKED_IN, ro.AUTHORISED, "Authorise"),
		(ro.AUTHORISED, ro.IN_REPAIR, "Start Repair"),
		(ro.IN_REPAIR, ro.AWAITING_APPROVAL, "Request Customer Approval"),
		(ro.AWAITING_APPROVAL, ro.IN_REPAIR, "Resume Repair"),
		(ro.IN_REPAIR, ro.QUALITY_CHECK, "Send to Quality Check"),
		(ro.QUALITY_CHECK, ro.IN_REPAIR, "Return to Repair"),
		(ro.QUALITY_CHECK, ro.READY, "Release for Delivery"),
		(ro.READY, ro.DELIVERED, "Deliver"),
		(ro.DELIVERED, ro.SETTLED, "Settle"),
		(ro.SETTLED, ro.DELIVERED, "Reopen Settlement"),
		(ro.SETTLED, ro.CLOSED, "Close"),
	],
)
def test_find_transition(source, target, action):
	t = find_transition(source, target)
	assert t is not None
	assert (t.action, t.source, t.target) == (action, source, target)


@pytest.mark.parametrize(
	("source", "target"),
	[
		(ro.DRAFT, ro.AUTHORISED),
		(ro.DRAFT, ro.IN_REPAIR),
		(ro.CHECKED_IN, ro.IN_REPAIR),
		(ro.IN_REPAIR, ro.READY),
		(ro.AWAITING_APPROVAL, ro.QUALITY_CHECK),
		(ro.QUALITY_CHECK, ro.DELIVERED),
		(ro.READY, ro.SETTLED),
		(ro.DELIVERED, ro.CLOSED),
		(ro.CHECKED_IN, ro.DRAFT),
		(ro.CLOSED, ro.SETTLED),
		(ro.CANCELLED, ro.DRAFT),
		(ro.DRAFT, ro.DRAFT),
		(ro.DRAFT, "Nonsense"),
	],
)
def test_missing_transitions(source, target):
	assert find_transition(source, target) is None
	assert not may_transition(source, target, ALL_ROLES)


def test_draft_to_authorised_not_allowed_even_for_manager():
	assert find_transition(ro.DRAFT, ro.AUTHORISED) is None
	assert not may_transition(ro.DRAFT, ro.AUTHORISED, {R.SERVICE_MANAGER, R.SERVICE_ADVISOR})


def test_check_in_roles():
	assert may_transition(ro.DRAFT, ro.CHECKED_IN, {R.SERVICE_ADVISOR})
	assert may_transition(ro.DRAFT, ro.CHECKED_IN, {R.SERVICE_MANAGER})
	assert not may_transition(ro.DRAFT, ro.CHECKED_IN, {R.WORKSHOP_TECHNICIAN})
	assert not may_transition(ro.DRAFT, ro.CHECKED_IN, set())
	# one matching role among several is enough
	assert may_transition(ro.DRAFT, ro.CHECKED_IN, frozenset({R.WORKSHOP_TECHNICIAN, R.SERVICE_ADVISOR}))


def test_repair_moves_belong_to_the_workshop():
	assert may_transition(ro.AUTHORISED, ro.IN_REPAIR, {R.WORKSHOP_TECHNICIAN})
	assert not may_transition(ro.AUTHORISED, ro.IN_REPAIR, {R.SERVICE_ADVISOR})
	assert may_transition(ro.IN_REPAIR, ro.QUALITY_CHECK, {R.WORKSHOP_TECHNICIAN})
	assert not may_transition(ro.IN_REPAIR, ro.QUALITY_CHECK, {R.SERVICE_ADVISOR})
	for role in (R.SERVICE_ADVISOR, R.SERVICE_MANAGER, R.WORKSHOP_TECHNICIAN):
		assert may_transition(ro.IN_REPAIR, ro.AWAITING_APPROVAL, {role})
	assert may_transition(ro.AWAITING_APPROVAL, ro.IN_REPAIR, {R.SERVICE_ADVISOR})
	assert not may_transition(ro.AWAITING_APPROVAL, ro.IN_REPAIR, {R.WORKSHOP_TECHNICIAN})


def test_quality_check_roles():
	for role in (R.WORKSHOP_TECHNICIAN, R.TECHNICAL_DIRECTOR, R.QUALITY_INSPECTOR, R.SERVICE_MANAGER):
		assert may_transition(ro.QUALITY_CHECK, ro.IN_REPAIR, {role})
	assert not may_transition(ro.QUALITY_CHECK, ro.IN_REPAIR, {R.SERVICE_ADVISOR})
	assert may_transition(ro.QUALITY_CHECK, ro.READY, {R.QUALITY_INSPECTOR})
	assert may_transition(ro.QUALITY_CHECK, ro.READY, {R.SERVICE_MANAGER})
	for role in (R.WORKSHOP_TECHNICIAN, R.TECHNICAL_DIRECTOR, R.SERVICE_ADVISOR):
		assert not may_transition(ro.QUALITY_CHECK, ro.READY, {role})


def test_only_accounts_user_may_settle_or_reopen_settlement():
	assert find_transition(ro.DELIVERED, ro.SETTLED).roles == (R.ACCOUNTS_USER,)
	assert find_transition(ro.SETTLED, ro.DELIVERED).roles == (R.ACCOUNTS_USER,)
	assert may_transition(ro.DELIVERED, ro.SETTLED, {R.ACCOUNTS_USER})
	for role in R.ROLES:
		assert not may_transition(ro.DELIVERED, ro.SETTLED, {role})
		assert not may_transition(ro.SETTLED, ro.DELIVERED, {role})


def test_close_after_settle_by_advisor_desk():
	assert may_transition(ro.SETTLED, ro.CLOSED, {R.SERVICE_ADVISOR})
	assert may_transition(ro.SETTLED, ro.CLOSED, {R.SERVICE_MANAGER})
	assert not may_transition(ro.SETTLED, ro.CLOSED, {R.ACCOUNTS_USER})


@pytest.mark.parametrize("state", BEFORE_DELIVERY)
def test_cancel_from_every_state_before_delivery(state):
	t = find_transition(state, ro.CANCELLED)
	assert t is not None
	assert t.action == "Cancel Order"
	assert set(t.roles) == {R.SERVICE_ADVISOR, R.SERVICE_MANAGER}
	assert may_transition(state, ro.CANCELLED, {R.SERVICE_ADVISOR})
	assert not may_transition(state, ro.CANCELLED, {R.WORKSHOP_TECHNICIAN})


@pytest.mark.parametrize("state", AFTER_DELIVERY)
def test_no_cancel_from_delivered_or_later(state):
	assert find_transition(state, ro.CANCELLED) is None
	assert not may_transition(state, ro.CANCELLED, ALL_ROLES)


def test_cancel_order_transitions_are_exactly_before_delivery():
	sources = [t.source for t in TRANSITIONS if t.action == "Cancel Order"]
	assert sources == list(BEFORE_DELIVERY)
	assert all(t.target == ro.CANCELLED for t in TRANSITIONS if t.action == "Cancel Order")


# ---------------------------------------------------------------- checklists
def test_missing_all_when_empty():
	assert missing({}, RECEPTION_CHECKLIST) == [label for _, label in RECEPTION_CHECKLIST]
	assert missing({}, AUTHORISATION) == [
		"Authorised by",
		"Authorised on",
		"Authorisation method",
		"Promised delivery time",
	]


def test_missing_none_when_complete():
	for checklist in (RECEPTION_CHECKLIST, AUTHORISATION, DELIVERY_CHECKLIST):
		assert missing({field: 1 for field, _ in checklist}, checklist) == []


def test_missing_treats_falsy_values_as_missing_and_keeps_order():
	values = {field: "x" for field, _ in DELIVERY_CHECKLIST}
	values.update({"handover_notes": "", "covers_removed": 0, "customer_informed": None})
	assert missing(values, DELIVERY_CHECKLIST) == [
		"Internal handover (work done)",
		"Customer informed",
		"Protective covers removed",
	]


def test_missing_ignores_unrelated_fields():
	values = {field: 1 for field, _ in AUTHORISATION}
	values["greeting_time"] = None
	assert missing(values, AUTHORISATION) == []


# ---------------------------------------------------------------- reception SLA
def test_greeting_delay_minutes():
	arrival = datetime(2025, 3, 10, 9, 0, 0)
	assert greeting_delay_minutes(arrival, arrival + timedelta(seconds=150)) == 2.5
	assert greeting_delay_minutes(arrival, arrival + timedelta(minutes=2)) == 2.0
	assert greeting_delay_minutes(arrival, arrival) == 0.0
	assert greeting_delay_minutes(arrival, arrival + timedelta(seconds=20)) == 0.33


def test_greeting_delay_unknown_without_both_times():
	arrival = datetime(2025, 3, 10, 9, 0, 0)
	assert greeting_delay_minutes(None, arrival) is None
	assert greeting_delay_minutes(arrival, None) is None
	assert greeting_delay_minutes(None, None) is None


def test_sla_breached():
	arrival = datetime(2025, 3, 10, 9, 0, 0)
	assert sla_breached(greeting_delay_minutes(arrival, arrival + timedelta(seconds=150)), 2)
	assert not sla_breached(greeting_delay_minutes(arrival, arrival + timedelta(minutes=2)), 2)
	assert sla_breached(2.5, 2)
	assert not sla_breached(2.0, 2)
	assert sla_breached(2.01, 2)
	assert not sla_breached(0.0, 2)
	assert not sla_breached(None, 2)


# ---------------------------------------------------------------- quality inspection
SELF, PATROL, FINAL = QC_STAGES


def test_qc_stage_order():
	assert QC_STAGES == ("Self/Peer Check", "Patrol Check", "Final Inspection")
	assert set(ro.QC_STAGE_ROLES) == set(QC_STAGES)
	assert ro.QC_STAGE_ROLES[SELF] == (R.WORKSHOP_TECHNICIAN,)
	assert ro.QC_STAGE_ROLES[PATROL] == (R.TECHNICAL_DIRECTOR,)
	assert ro.QC_STAGE_ROLES[FINAL] == (R.QUALITY_INSPECTOR,)


def test_qc_with_no_results():
	assert current_qc_round([]) == []
	assert next_qc_stage([]) == SELF
	assert not qc_complete([])
	assert rework_count([]) == 0


def test_qc_passes_advance_stages():
	results = []
	for stage in QC_STAGES:
		assert next_qc_stage(results) == stage
		assert not qc_complete(results)
		results.append((stage, PASS))
	assert next_qc_stage(results) is None
	assert qc_complete(results)
	assert current_qc_round(results) == results
	assert rework_count(results) == 0


@pytest.mark.parametrize("failed_at", QC_STAGES)
def test_qc_fail_restarts_at_self_peer_check(failed_at):
	results = []
	for stage in QC_STAGES:
		if stage == failed_at:
			results.append((stage, FAIL))
			break
		results.append((stage, PASS))
	assert current_qc_round(results) == []
	assert next_qc_stage(results) == SELF
	assert not qc_complete(results)
	assert rework_count(results) == 1


def test_qc_round_is_rows_after_last_fail():
	results = [
		(SELF, PASS),
		(PATROL, FAIL),
		(SELF, PASS),
		(PATROL, PASS),
		(FINAL, FAIL),
		(SELF, PASS),
	]
	assert current_qc_round(results) == [(SELF, PASS)]
	assert next_qc_stage(results) == PATROL
	assert rework_count(results) == 2
	assert not qc_complete(results)


def test_qc_complete_after_three_passes_in_current_round():
	results = [
		(SELF, FAIL),
		(SELF, PASS),
		(PATROL, PASS),
		(FINAL, FAIL),
		(SELF, PASS),
		(PATROL, PASS),
		(FINAL, PASS),
	]
	assert current_qc_round(results) == [(SELF, PASS), (PATROL, PASS), (FINAL, PASS)]
	assert qc_complete(results)
	assert next_qc_stage(results) is None
	assert rework_count(results) == 2


def test_passes_before_a_fail_do_not_count():
	# three passes, then a fail: nothing counts towards completion any more
	results = [(SELF, PASS), (PATROL, PASS), (FINAL, PASS), (FINAL, FAIL)]
	assert not qc_complete(results)
	assert next_qc_stage(results) == SELF
	assert rework_count(results) == 1


# ---------------------------------------------------------------- add-ons and warranty
def test_warranty_open():
	assert warranty_open(WarrantyState(possibly_warranty=True, decision=None, explained=False))
	assert warranty_open(WarrantyState(possibly_warranty=True, decision="", explained=True))
	assert warranty_open(WarrantyState(possibly_warranty=True, decision="Rejected", explained=False))
	assert not warranty_open(WarrantyState(possibly_warranty=True, decision="Rejected", explained=True))
	assert not warranty_open(WarrantyState(possibly_warranty=True, decision="Accepted", explained=False))
	assert not warranty_open(WarrantyState(possibly_warranty=True, decision="Accepted", explained=True))
	for decision in (None, "Accepted", "Rejected"):
		for explained in (False, True):
			assert not warranty_open(
				WarrantyState(possibly_warranty=False, decision=decision, explained=explained)
			)


def test_no_blockers():
	assert quality_check_blockers([], []) == []
	assert quality_check_blockers(["Approved", "Declined"], []) == []


@pytest.mark.parametrize("decision", ["Pending", "", None])
def test_pending_add_on_blocks(decision):
	assert quality_check_blockers(["Approved", decision], []) == ["pending_add_ons"]


def test_pending_add_ons_reported_once():
	assert quality_check_blockers(["Pending", "Pending", "Pending"], []) == ["pending_add_ons"]


def test_undecided_warranty_blocks():
	items = [WarrantyState(possibly_warranty=True, decision=None, explained=False)]
	assert quality_check_blockers([], items) == ["open_warranty"]


def test_rejected_warranty_not_explained_blocks():
	items = [WarrantyState(possibly_warranty=True, decision="Rejected", explained=False)]
	assert quality_check_blockers(["Approved"], items) == ["open_warranty"]


def test_rejected_warranty_explained_does_not_block():
	items = [WarrantyState(possibly_warranty=True, decision="Rejected", explained=True)]
	assert quality_check_blockers(["Approved"], items) == []


def test_accepted_warranty_does_not_block():
	items = [WarrantyState(possibly_warranty=True, decision="Accepted", explained=False)]
	assert quality_check_blockers([], items) == []


def test_not_possibly_warranty_does_not_block():
	items = [WarrantyState(possibly_warranty=False, decision=None, explained=False)]
	assert quality_check_blockers([], items) == []


def test_one_open_warranty_among_closed_ones_blocks():
	items = [
		WarrantyState(possibly_warranty=True, decision="Accepted", explained=False),
		WarrantyState(possibly_warranty=False, decision=None, explained=False),
		WarrantyState(possibly_warranty=True, decision="Rejected", explained=False),
	]
	assert quality_check_blockers([], items) == ["open_warranty"]


def test_both_blockers_in_order():
	items = [WarrantyState(possibly_warranty=True, decision=None, explained=False)]
	assert quality_check_blockers(["Pending"], items) == ["pending_add_ons", "open_warranty"]


# ---------------------------------------------------------------- odometer
def test_odometer_falls():
	assert odometer_falls(9000, 10000) is True
	assert odometer_falls(10000, 10000) is False
	assert odometer_falls(10001, 10000) is False
	assert odometer_falls(9000, None) is False
	assert odometer_falls(None, 10000) is False
	assert odometer_falls(None, None) is False
	assert odometer_falls(0, 0) is False
	assert odometer_falls(0, 1) is True


# ---------------------------------------------------------------- figures kept on the order (reports)
def test_labour_figures_sum_labour_lines_of_every_payer_only():
	lines = [
		("Labour", 300, 1.5),
		("Part", 120, 4),
		("Labour", 100.005, 0.5),
		(None, 50, 1),
		("Labour", None, None),
	]
	assert ro.labour_figures(lines) == (400.0, 2.0)
	assert ro.labour_figures([]) == (0.0, 0.0)


def test_previous_delivery_is_the_latest_at_or_before_the_arrival():
	arrival = datetime(2026, 11, 20, 9, 0)
	deliveries = [
		datetime(2026, 10, 1, 17, 0),
		datetime(2026, 11, 20, 9, 0),  # delivered at the very moment of the arrival: counts
		datetime(2026, 11, 20, 9, 1),  # after the arrival: not before it
		None,
	]
	assert ro.previous_delivery(arrival, deliveries) == datetime(2026, 11, 20, 9, 0)
	assert ro.previous_delivery(arrival, [datetime(2026, 12, 1)]) is None
	assert ro.previous_delivery(None, deliveries) is None
	assert ro.previous_delivery(arrival, []) is None


@pytest.mark.parametrize(
	("days_before", "window", "expected"),
	[(0, 30, True), (30, 30, True), (30.0001, 30, False), (31, 30, False), (5, 0, False)],
)
def test_comeback_within_the_window_before_the_arrival(days_before, window, expected):
	arrival = datetime(2026, 11, 20, 9, 0)
	previous = arrival - timedelta(days=days_before)
	assert ro.is_comeback(arrival, previous, window) is expected


def test_no_comeback_without_an_arrival_or_an_earlier_delivery():
	arrival = datetime(2026, 11, 20, 9, 0)
	assert ro.is_comeback(arrival, None, 30) is False
	assert ro.is_comeback(None, arrival, 30) is False
	assert ro.is_comeback(arrival, arrival + timedelta(minutes=1), 30) is False
