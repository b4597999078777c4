from datetime import datetime

import pytest

from service_advisor.domain import job_time as jt
from service_advisor.domain import repair_order as ro


def at(hour: int, minute: int = 0) -> datetime:
	return datetime(2026, 3, 2, hour, minute)


def refusal(**overrides):
	args = {
		"order_state": ro.IN_REPAIR,
		"order_company": "A",
		"technician_company": "A",
		"item_type": "Labour",
		"open_jobs": [],
		"item_row": "row1",
		"allow_split_time": False,
	}
	args.update(overrides)
	return jt.clock_on_refusal(**args)


def test_clock_on_allowed_on_a_labour_line_of_an_order_in_repair():
	assert refusal() is None


@pytest.mark.parametrize("state", [s for s in ro.STATES if s != ro.IN_REPAIR])
def test_clock_on_refused_unless_in_repair(state):
	assert refusal(order_state=state) == jt.NOT_IN_WORK


def test_clock_on_refused_for_another_company_or_unknown_company():
	assert refusal(technician_company="B") == jt.OTHER_COMPANY
	assert refusal(technician_company=None) == jt.OTHER_COMPANY


def test_clock_on_refused_for_a_part_line():
	assert refusal(item_type="Part") == jt.NOT_LABOUR


def test_one_open_job_unless_split_time():
	assert refusal(open_jobs=["row9"]) == jt.ONE_OPEN_JOB
	assert refusal(open_jobs=["row9"], allow_split_time=True) is None
	assert refusal(open_jobs=["row1"], allow_split_time=True) == jt.ALREADY_ON_LINE


def test_working_intervals_leave_out_pauses():
	job = jt.Job("J", at(8), at(12), pauses=[(at(9), at(10)), (at(11, 30), None)])
	assert job.working_intervals(at(13)) == [(at(8), at(9)), (at(10), at(11, 30))]


def test_clocked_minutes_of_a_single_job_with_a_pause():
	job = jt.Job("J", at(8), at(10), pauses=[(at(8, 30), at(9))])
	assert jt.clocked_minutes([job], at(12)) == {"J": 90}


def test_open_job_counts_up_to_now():
	assert jt.clocked_minutes([jt.Job("J", at(8))], at(8, 45)) == {"J": 45}


def test_split_time_shares_overlap_evenly():
	# A 8:00-10:00, B 9:00-11:00: 8-9 A alone, 9-10 both (30 each), 10-11 B alone
	jobs = [jt.Job("A", at(8), at(10)), jt.Job("B", at(9), at(11))]
	assert jt.clocked_minutes(jobs, at(12)) == {"A": 90, "B": 90}


def test_split_time_ignores_a_paused_job():
	jobs = [jt.Job("A", at(8), at(10), pauses=[(at(9), at(10))]), jt.Job("B", at(9), at(10))]
	assert jt.clocked_minutes(jobs, at(12)) == {"A": 60, "B": 60}


def test_three_jobs_at_once():
	jobs = [jt.Job(n, at(8), at(11)) for n in "ABC"]
	assert jt.clocked_minutes(jobs, at(12)) == {"A": 60, "B": 60, "C": 60}


def test_sold_hours_shared_by_clocked_time():
	assert jt.sold_hours_shares(3, {"t1": 60, "t2": 120}) == {"t1": 1, "t2": 2}
	assert jt.sold_hours_shares(2, {"t1": 0, "t2": 0}) == {"t1": 1, "t2": 1}
	assert jt.sold_hours_shares(2, {}) == {}


def test_ratios():
	f = jt.Figures(present_hours=8, clocked_hours=6, sold_hours=9)
	assert (f.productivity, f.efficiency, f.proficiency) == (75, 150, 112.5)
	assert jt.Figures(0, 0, 1).productivity is None


def test_shift_hours():
	assert jt.shift_hours(at(8), at(16, 30)) == 8.5
	assert jt.shift_hours(at(8), None) == 0
	assert jt.shift_hours(at(9), at(8)) == 0


def test_nada_targets():
	assert jt.TARGET_DEFAULTS == {
		"target_productivity": 85,
		"target_efficiency": 125,
		"target_proficiency": 100,
	}


def test_remaining_hours_never_negative():
	assert jt.remaining_hours(3, 1.25) == 1.75
	assert jt.remaining_hours(1, 2) == 0


def test_at_risk_when_remaining_hours_pass_the_promised_time():
	assert jt.at_risk(2, at(9), at(10, 30)) is True
	assert jt.at_risk(1.5, at(9), at(10, 30)) is False  # fits exactly
	assert jt.at_risk(1, at(11), at(10)) is True  # already late
	assert jt.at_risk(0, at(11), at(10)) is False  # nothing left to do
	assert jt.at_risk(5, at(9), None) is False


def test_settings_defaults_hold_the_nada_targets():
	from service_advisor.domain.settings import DEFAULTS

	for field, value in jt.TARGET_DEFAULTS.items():
		assert DEFAULTS[field] == value
	assert DEFAULTS["allow_split_time"] == 0


def test_correction_rules():
	ok = {
		"status": jt.CLOSED,
		"started": at(8),
		"ended": at(10),
		"now": at(12),
		"other_spans": [],
		"allow_split_time": False,
		"reason": "Forgot to clock off",
	}
	assert jt.correction_refusal(**ok) is None
	assert jt.correction_refusal(**{**ok, "reason": "  "}) == jt.NO_REASON
	assert jt.correction_refusal(**{**ok, "reason": None}) == jt.NO_REASON
	assert jt.correction_refusal(**{**ok, "status": jt.OPEN}) == jt.NOT_CLOSED
	assert jt.correction_refusal(**{**ok, "ended": at(8)}) == jt.BAD_SPAN
	assert jt.correction_refusal(**{**ok, "ended": at(13)}) == jt.IN_FUTURE
	assert jt.correction_refusal(**{**ok, "other_spans": [(at(9, 59), at(11))]}) == jt.OVERLAP
	assert jt.correction_refusal(**{**ok, "other_spans": [(at(7), None)]}) == jt.OVERLAP  # an open job
	assert jt.correction_refusal(**{**ok, "other_spans": [(at(10), at(11))]}) is None  # touching is fine
	assert jt.correction_refusal(**{**ok, "other_spans": [(at(9), at(11))], "allow_split_time": True}) is None


def test_a_paused_job_resumes_only_on_an_order_in_repair():
	assert jt.resume_refusal(ro.IN_REPAIR) is None
	for state in (ro.AWAITING_APPROVAL, ro.QUALITY_CHECK, "Cancelled", "Delivered"):
		assert jt.resume_refusal(state) == jt.NOT_IN_WORK


@pytest.mark.parametrize(
	("before", "after", "expected"),
	[
		(ro.IN_REPAIR, ro.AWAITING_APPROVAL, jt.PAUSE_JOBS),
		(ro.IN_REPAIR, ro.QUALITY_CHECK, jt.CLOCK_OFF_JOBS),
		(ro.IN_REPAIR, "Cancelled", jt.CLOCK_OFF_JOBS),
		# jobs paused while the customer is asked are not left open when the order is cancelled instead
		(ro.AWAITING_APPROVAL, "Cancelled", jt.CLOCK_OFF_JOBS),
		(ro.AWAITING_APPROVAL, ro.IN_REPAIR, None),  # resumed by hand
		(ro.IN_REPAIR, ro.IN_REPAIR, None),
		(ro.QUALITY_CHECK, ro.IN_REPAIR, None),
		(ro.QUALITY_CHECK, "Cancelled", None),
		(None, ro.IN_REPAIR, None),
	],
)
def test_jobs_follow_their_order(before, after, expected):
	assert jt.jobs_on_order_move(before, after) == expected


# ---------------------------------------------------------------- credits kept on each job (the report)
def test_closed_jobs_share_the_line_by_clocked_time_open_ones_get_nothing_yet():
	credits = jt.line_credits(
		3,
		450,
		"Warranty",
		[("j1", jt.CLOSED, 60), ("j2", jt.CLOSED, 120), ("j3", jt.OPEN, 30), ("j4", jt.PAUSED, 0)],
	)
	assert credits == {
		"j1": jt.Credit(1.0, 150.0, "Warranty"),
		"j2": jt.Credit(2.0, 300.0, "Warranty"),
		"j3": jt.Credit(0.0, 0.0, "Warranty"),
		"j4": jt.Credit(0.0, 0.0, "Warranty"),
	}


def test_closed_jobs_without_minutes_share_evenly_and_a_line_without_jobs_credits_nobody():
	credits = jt.line_credits(2, 300, "Customer", [("j1", jt.CLOSED, 0), ("j2", jt.CLOSED, 0)])
	assert credits == {"j1": jt.Credit(1.0, 150.0, "Customer"), "j2": jt.Credit(1.0, 150.0, "Customer")}
	assert jt.line_credits(2, 300, "Customer", []) == {}


def test_thirds_are_kept_to_six_places_and_add_back_to_the_line():
	credits = jt.line_credits(1, 100, None, [(f"j{i}", jt.CLOSED, 20) for i in range(3)])
	assert credits["j0"] == jt.Credit(0.333333, 33.333333, None)
	assert round(sum(c.sold_hours for c in credits.values()), 2) == 1.0
	assert round(sum(c.labour_sales for c in credits.values()), 2) == 100.0
