"""The workflow's edit rights, on the server (domain/edit_rights.py), and whose line a technician clocks."""

from service_advisor.domain import edit_rights as er
from service_advisor.domain import job_time as jt
from service_advisor.domain import repair_order as ro
from service_advisor.domain import roles as R
from service_advisor.domain import scorecard as sc

RO = "Repair Order"


def test_every_state_of_both_workflows_has_a_row():
	assert set(er.EDIT_RIGHTS[RO]) == set(ro.STATES)
	assert set(er.EDIT_RIGHTS["Advisor Scorecard"]) == set(sc.STATES)


def test_each_states_editor_role_is_the_workflows():
	"""The roles named for a state are the workflow's allow_edit role, or the foreman for dispatch."""
	for state, by_role in er.EDIT_RIGHTS[RO].items():
		for role in by_role:
			assert role in (ro.EDITOR[state], R.TECHNICAL_DIRECTOR, R.SERVICE_ADVISOR), (state, role)


def test_technician_in_repair_records_the_work_only():
	tech = {R.WORKSHOP_TECHNICIAN}
	assert er.refused_fields(RO, ro.IN_REPAIR, tech, ["handover_notes"]) == []
	assert er.refused_fields(
		RO, ro.IN_REPAIR, tech, ["technician", "arrival_time", "greeting_time", "authorised_on", "items"]
	) == ["technician", "arrival_time", "greeting_time", "authorised_on", "items"]


def test_arrival_is_stamped_from_check_in():
	advisor = {R.SERVICE_ADVISOR}
	assert er.refused_fields(RO, ro.DRAFT, advisor, ["arrival_time"]) == []
	assert er.refused_fields(RO, ro.CHECKED_IN, advisor, ["arrival_time"]) == ["arrival_time"]
	assert er.refused_fields(RO, ro.CHECKED_IN, advisor, ["greeting_time", "items"]) == []


def test_nobody_but_the_state_editor_changes_anything():
	assert er.refused_fields(RO, ro.IN_REPAIR, {R.SERVICE_ADVISOR}, ["handover_notes"]) == ["handover_notes"]
	assert er.refused_fields(RO, ro.CLOSED, {R.SERVICE_ADVISOR}, ["next_service_km"]) == ["next_service_km"]
	assert er.refused_fields(RO, ro.DELIVERED, {R.SERVICE_ADVISOR}, ["next_service_km"]) == []
	assert er.refused_fields(RO, ro.DELIVERED, {R.SERVICE_ADVISOR}, ["covers_removed"]) == ["covers_removed"]


def test_the_service_manager_changes_every_field_of_an_order():
	assert er.refused_fields(RO, ro.CLOSED, {R.SERVICE_MANAGER}, ["technician", "items"]) == []


def test_the_advisor_writes_only_the_rejection_comment_on_their_scorecard():
	advisor = {R.SERVICE_ADVISOR}
	assert er.refused_fields("Advisor Scorecard", sc.PENDING_ADVISOR, advisor, ["rejection_comment"]) == []
	assert er.refused_fields("Advisor Scorecard", sc.PENDING_ADVISOR, advisor, ["not_assessed_reason"]) == [
		"not_assessed_reason"
	]
	assert er.refused_fields("Advisor Scorecard", sc.DRAFT, advisor, ["rejection_comment"]) == [
		"rejection_comment"
	]
	assert (
		er.refused_fields("Advisor Scorecard", sc.DRAFT, {R.SERVICE_MANAGER}, ["not_assessed_reason"]) == []
	)


def test_doctypes_without_a_workflow_are_not_governed():
	assert er.refused_fields("Callback", "Open", {R.SERVICE_ADVISOR}, ["anything"]) == []


def test_a_line_is_the_technicians_when_assigned_or_the_orders():
	assert jt.is_assigned(None, "EMP-1", ["EMP-1"])
	assert not jt.is_assigned(None, "EMP-2", ["EMP-1"])
	assert jt.is_assigned("EMP-1", "EMP-2", ["EMP-1"])  # the foreman gave the line to them
	assert jt.is_assigned("EMP-2", "EMP-1", ["EMP-1"])  # the order's technician shares it with EMP-2
	assert not jt.is_assigned("EMP-2", "EMP-3", ["EMP-1"])
	assert not jt.is_assigned(None, None, ["EMP-1"])
	assert not jt.is_assigned(None, None, [])


def test_clock_on_refused_on_a_line_not_assigned():
	args = dict(
		order_state=ro.IN_REPAIR,
		order_company="A",
		technician_company="A",
		item_type="Labour",
		open_jobs=[],
		item_row="row1",
		allow_split_time=False,
	)
	assert jt.clock_on_refusal(**args) is None
	assert jt.clock_on_refusal(**args, assigned=False) == jt.NOT_ASSIGNED
