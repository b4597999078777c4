from datetime import date

from service_advisor.domain import scorecard as sc
from service_advisor.domain.six_s import (
	PER_COMPLAINT,
	PER_FIELD,
	SEVERITY,
	Deductions,
	item_deduction,
	score,
	weeks_below_minimum,
	weeks_of_month,
)

A = sc.Amounts(commission_deposit=500)


def test_item_deductions():
	d = Deductions()
	assert [item_deduction(SEVERITY, r, None, d) for r in ("OK", "Minor", "Moderate", "Severe")] == [
		0,
		1,
		2,
		5,
	]
	assert item_deduction(PER_FIELD, None, 3, d) == 3
	assert item_deduction(PER_COMPLAINT, None, 2, d) == 10


def test_score_floor_at_zero():
	assert score([1, 2, 5]) == 92
	assert score([50, 60]) == 0


def test_weeks():
	assert weeks_of_month(2026, 11) == ["2026-W45", "2026-W46", "2026-W47", "2026-W48"]
	days = [date(2026, 11, 2), date(2026, 11, 3), date(2026, 11, 4), date(2026, 11, 5), date(2026, 11, 10)]
	assert weeks_below_minimum(days, weeks_of_month(2026, 11), 4) == ["2026-W46", "2026-W47", "2026-W48"]


def test_constructed_month_exact_money():
	month = sc.AdvisorMonth(
		six_s_scores=[("I1", 92), ("I2", 88)],
		complaints=[sc.Complaint("C1", "Company"), sc.Complaint("C2", "Manufacturer")],
		callback_praise=["P1", "P2"],
		manufacturer_commendations=["L1"],
		csi=[sc.CsiRow("S1", "Attitude", 8.5, 9.0, 3), sc.CsiRow("S2", "Explanation", 9.5, 9.0, 4)],
		audit_fines=[("D1", 50)],
		labour_sales=10000,
		parts_sales=20000,
	)
	r = sc.compute("a@x", month, A, 10, 2, {"a@x"}, set())
	assert r.score == 90
	assert r.base_commission == 1400  # 10000 x 10% + 20000 x 2%
	assert r.rewards == 400  # most praised 200 + letter 200
	assert r.penalties == 100 + 200 + 100 + 50
	assert (r.deposit_forfeited, r.deposit) == (False, 0)
	assert r.payable == 1400 * 0.9 + 400 - 450  # 1210
	assert r.payable == 1210


def test_deposit_forfeited_at_three_complaints_not_two():
	two = sc.AdvisorMonth(complaints=[sc.Complaint("C1", "Company"), sc.Complaint("C2", "Company")])
	three = sc.AdvisorMonth(complaints=[*two.complaints, sc.Complaint("C3", "Company")])
	r2 = sc.compute("a", two, A, 0, 0, set(), set())
	r3 = sc.compute("a", three, A, 0, 0, set(), set())
	assert (r2.deposit_forfeited, r2.payable) == (False, -200)
	assert (r3.deposit_forfeited, r3.deposit, r3.payable) == (True, 500, -300 - 500)


def test_overdue_open_issue_complaint_costs_the_open_issue_penalty():
	amounts = sc.Amounts(penalty_open_issue_complaint=150)
	month = sc.AdvisorMonth(complaints=[sc.Complaint("C1", "Manufacturer", from_overdue_issue=True)])
	assert sc.compute("a", month, amounts, 0, 0, set(), set()).penalties == 150


def test_full_marks_and_ties():
	assert sc.winners({"a": 3, "b": 3, "c": 1}) == {"a", "b"}
	assert sc.winners({"a": 0}) == set()
	r = sc.compute("a", sc.AdvisorMonth(), A, 0, 0, set(), {"a"})
	assert r.rewards == 100


def test_no_inspection_means_full_score():
	r = sc.compute("a", sc.AdvisorMonth(labour_sales=1000), A, 10, 0, set(), set())
	assert (r.score, r.payable) == (100, 100)


def test_every_amount_has_a_line():
	month = sc.AdvisorMonth(complaints=[sc.Complaint("C1", "Company")], audit_fines=[("D1", 20)])
	r = sc.compute("a", month, A, 0, 0, set(), set())
	assert sum(line.amount for line in r.lines if line.line_type != sc.COMMISSION) == -(r.penalties)
	assert [(l.reference_doctype, l.reference_name) for l in r.lines if l.amount < 0] == [
		("Service Complaint", "C1"),
		("Document Audit", "D1"),
	]


def test_workflow_rules():
	P = sc.transition_problem
	assert P(sc.DRAFT, sc.PENDING_ADVISOR, "m", {"Service Manager"}, "a", "m", None) is None
	assert P(sc.DRAFT, sc.APPROVED, "m", {"Service Manager", "General Manager"}, "a", "m", None) == "invalid"
	assert (
		P(sc.PENDING_ADVISOR, sc.PENDING_STATION, "b", {"Service Advisor"}, "a", "m", None)
		== "not_the_advisor"
	)
	assert P(sc.PENDING_ADVISOR, sc.PENDING_STATION, "a", {"Service Advisor"}, "a", "m", None) is None
	assert P(sc.PENDING_STATION, sc.PENDING_GM, "a", {"Station Manager"}, "a", "m", None) == "self_approval"
	assert (
		P(sc.PENDING_STATION, sc.PENDING_GM, "m", {"Station Manager"}, "a", "m", None) == "evaluator_approval"
	)
	assert P(sc.PENDING_STATION, sc.PENDING_GM, "s", {"Service Advisor"}, "a", "m", None) == "role"
	assert P(sc.PENDING_GM, sc.DRAFT, "g", {"General Manager"}, "a", "m", "") == "comment_required"
	assert P(sc.PENDING_GM, sc.DRAFT, "g", {"General Manager"}, "a", "m", "CSI rows wrong") is None


# ---------------------------------------------------------------- CSI import validation
from service_advisor.domain.csi import validate_rows

HEADER = ("Advisor", "Period", "Survey Item", "Advisor Score", "National Average", "Full Mark Count")
ADVISORS = {"wang@x.com": "wang@x.com", "li na": "li@x.com"}


def test_clean_file_imports_every_row():
	records, errors = validate_rows(
		[
			HEADER,
			("wang@x.com", "2026-10", "Attitude", 9.1, 9.0, 3),
			("Li Na", "2026-10", "Attitude", "8.5", 9, None),
		],
		ADVISORS,
		set(),
	)
	assert errors == []
	assert [(r.row, r.advisor, r.advisor_score, r.full_mark_count) for r in records] == [
		(2, "wang@x.com", 9.1, 3),
		(3, "li@x.com", 8.5, 0),
	]


def test_each_kind_of_bad_row_reported_by_row_number():
	rows = [
		HEADER,
		("nobody@x.com", "2026-10", "Attitude", 9, 9, 1),
		("wang@x.com", "2026-10", "Attitude", "nine", 9, 1),
		("wang@x.com", "2026-13", "Attitude", 9, 9, 1),
		("wang@x.com", "2026-10", "Timeliness", 9, 9, 1),
		("wang@x.com", "2026-10", "Timeliness", 8, 9, 1),
		("wang@x.com", "2026-10", "Explanation", -1, 9, 1),
		("li@x.com", "2026-10", "Old", 9, 9, 1),
	]
	records, errors = validate_rows(
		rows, {**ADVISORS, "li@x.com": "li@x.com"}, {("li@x.com", "2026-10", "Old")}
	)
	assert [(e.row, e.kind) for e in errors] == [
		(2, "unknown_advisor"),
		(3, "not_a_number"),
		(4, "bad_period"),
		(6, "duplicate_in_file"),
		(7, "negative"),
		(8, "already_imported"),
	]
	# the clean row is validated too, but import_rows imports nothing while errors remain
	assert [r.row for r in records] == [5]


def test_wrong_header_refused():
	assert validate_rows([("Name", "Month")], ADVISORS, set())[1][0].kind == "header"
