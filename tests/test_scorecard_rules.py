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
	today = sc.Readings(
		six_s_method=sc.AVERAGE_OF_CHECKS, praise_basis=sc.PER_LETTER, deposit_rule=sc.MORE_THAN
	)
	r = sc.compute("a@x", month, A, 10, 2, {"a@x"}, set(), today)
	assert r.score == 90
	assert r.base_commission == 1400  # 10000 x 10% + 20000 x 2%
	assert r.rewards == 400  # most praised 200 + letter 200
	assert r.penalties == 100 + 200 + 100 + 50
	assert (r.deposit_forfeited, r.deposit) == (False, 0)
	assert r.payable == 1400 * 0.9 + 400 - 450  # 1210
	assert r.payable == 1210


def test_deposit_forfeited_at_two_complaints_by_default_and_at_three_when_more_than():
	two = sc.AdvisorMonth(complaints=[sc.Complaint("C1", "Company"), sc.Complaint("C2", "Company")])
	three = sc.AdvisorMonth(complaints=[*two.complaints, sc.Complaint("C3", "Company")])
	r2 = sc.compute("a", two, A, 0, 0, set(), set())
	assert (r2.deposit_forfeited, r2.deposit, r2.payable) == (True, 500, -200 - 500)
	assert [(l.line_type, [s.name for s in l.sources]) for l in r2.lines if l.line_type == sc.DEPOSIT] == [
		(sc.DEPOSIT, ["C1", "C2"])
	]
	more_than = sc.Readings(deposit_rule=sc.MORE_THAN)
	r2 = sc.compute("a", two, A, 0, 0, set(), set(), more_than)
	r3 = sc.compute("a", three, A, 0, 0, set(), set(), more_than)
	assert (r2.deposit_forfeited, r2.payable) == (False, -200)
	assert (r3.deposit_forfeited, r3.deposit, r3.payable) == (True, 500, -300 - 500)
	assert sc.deposit_forfeited(1, 2) is False
	assert sc.deposit_forfeited(2, 3, sc.AT_LEAST) is False


def test_overdue_open_issue_complaint_costs_the_larger_penalty_by_default():
	month = sc.AdvisorMonth(complaints=[sc.Complaint("C1", "Manufacturer", from_overdue_issue=True)])
	assert sc.compute("a", month, A, 0, 0, set(), set()).penalties == 200  # max(200, 100)
	amounts = sc.Amounts(penalty_open_issue_complaint=150)
	company = sc.AdvisorMonth(complaints=[sc.Complaint("C1", "Company", from_overdue_issue=True)])
	assert sc.compute("a", company, amounts, 0, 0, set(), set()).penalties == 150  # max(100, 150)
	assert sc.compute("a", month, amounts, 0, 0, set(), set()).penalties == 200


def test_overdue_open_issue_complaint_costs_the_open_issue_penalty_when_set():
	amounts = sc.Amounts(penalty_open_issue_complaint=150)
	month = sc.AdvisorMonth(complaints=[sc.Complaint("C1", "Manufacturer", from_overdue_issue=True)])
	r = sc.Readings(open_issue_rule=sc.OPEN_ISSUE_PENALTY)
	assert sc.compute("a", month, amounts, 0, 0, set(), set(), r).penalties == 150


def test_full_marks_and_ties():
	assert sc.winners({"a": 3, "b": 3, "c": 1}) == {"a", "b"}
	assert sc.winners({"a": 0}) == set()
	r = sc.compute("a", sc.AdvisorMonth(), A, 0, 0, set(), {"a"})
	assert r.rewards == 100


def test_no_inspection_means_not_assessed_never_full_score():
	for method in sc.SIX_S_METHODS:
		r = sc.compute(
			"a", sc.AdvisorMonth(labour_sales=1000), A, 10, 0, set(), set(), sc.Readings(six_s_method=method)
		)
		assert (r.assessed, r.score, r.base_commission, r.payable) == (False, 0, 100, 0)
		assert [l.description for l in r.lines if l.line_type == sc.SIX_S] == [
			"not assessed: no spot check in the month"
		]


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


# ---------------------------------------------------------------- readings of the seed (issue 16)
MINOR = sc.SpotCheck  # (name, score, ((item_no, rating_mode, deduction), ...))


def minor_check(n: int, item_no: int = 1) -> sc.SpotCheck:
	return sc.SpotCheck(f"I{n}", 99, ((item_no, "Severity", 1),))


def test_monthly_form_score_is_100_minus_every_deduction_and_complaints():
	checks = [minor_check(n) for n in range(16)]
	complaints = [sc.Complaint("C1", "Company"), sc.Complaint("C2", "Manufacturer")]
	month = sc.AdvisorMonth(spot_checks=checks, complaints=complaints)
	r = sc.compute("a", month, A, 0, 0, set(), set())
	assert (r.assessed, r.score) == (True, 74)  # 100 - 16 - 2 x 5
	r = sc.compute("a", month, A, 0, 0, set(), set(), sc.Readings(six_s_method=sc.AVERAGE_OF_CHECKS))
	assert r.score == 99


def test_monthly_form_counts_monthly_items_once_and_replaces_item_36_by_complaints():
	checks = [
		sc.SpotCheck("I1", 88, ((32, "Severity", 2), (34, "Severity", 5), (36, "Per Complaint", 5))),
		sc.SpotCheck(
			"I2", 95, ((32, "Severity", 1), (30, "Per Non-compliant Field", 3), (34, "Severity", 1))
		),
	]
	month = sc.AdvisorMonth(spot_checks=checks, complaints=[sc.Complaint("C1", "Company")])
	score, parts = sc.monthly_form_score(checks, 1, 5)
	assert parts == {"spot": 3, "monthly": 2 + 5, "complaints": 5}
	assert score == 100 - 3 - 7 - 5
	assert sc.compute("a", month, A, 0, 0, set(), set()).score == 85


def test_monthly_form_floor_at_zero():
	checks = [sc.SpotCheck("I1", 0, ((1, "Severity", 5),) * 30)]
	assert sc.compute("a", sc.AdvisorMonth(spot_checks=checks), A, 0, 0, set(), set()).score == 0


def test_praise_one_reward_per_advisor_by_default():
	month = sc.AdvisorMonth(callback_praise=["P1"], manufacturer_commendations=["L1", "L2"])
	r = sc.compute("a", month, A, 0, 0, {"a"}, set())
	assert r.rewards == 200
	[line] = [l for l in r.lines if l.amount > 0]
	assert (line.line_type, [s.name for s in line.sources]) == (sc.PRAISE, ["P1", "L1", "L2"])
	letters_only = sc.compute("a", month, A, 0, 0, {"b"}, set())
	assert letters_only.rewards == 200
	assert [(l.line_type, len(l.sources)) for l in letters_only.lines if l.amount > 0] == [
		(sc.COMMENDATION, 2)
	]
	assert sc.compute("a", sc.AdvisorMonth(callback_praise=["P1"]), A, 0, 0, {"b"}, set()).rewards == 0


def test_praise_per_letter_when_set():
	month = sc.AdvisorMonth(callback_praise=["P1"], manufacturer_commendations=["L1", "L2"])
	r = sc.compute("a", month, A, 0, 0, {"a"}, set(), sc.Readings(praise_basis=sc.PER_LETTER))
	assert r.rewards == 600
	assert [(l.line_type, l.reference_name) for l in r.lines if l.amount > 0] == [
		(sc.PRAISE, None),
		(sc.COMMENDATION, "L1"),
		(sc.COMMENDATION, "L2"),
	]


def test_csi_fines_only_advisor_items():
	month = sc.AdvisorMonth(
		csi=[sc.CsiRow("S1", "Workshop Cleanliness", 7, 9, 0), sc.CsiRow("S2", "Attitude", 8, 9, 2)]
	)
	listed = sc.Readings(non_advisor_csi_items=frozenset({"workshop cleanliness "}))
	r = sc.compute("a", month, A, 0, 0, set(), {"a"}, listed)
	assert r.penalties == 100
	assert [(l.reference_name, l.amount) for l in r.lines if l.line_type == sc.CSI_BELOW] == [
		("S1", 0),
		("S2", -100),
	]
	assert (
		sc.compute("a", month, A, 0, 0, set(), set()).penalties == 200
	)  # no list: every item is the advisor's
	[full] = [l for l in r.lines if l.line_type == sc.CSI_FULL_MARKS]
	assert (full.amount, [s.name for s in full.sources]) == (100, ["S2"])


def test_base_commission_lists_its_invoices():
	month = sc.AdvisorMonth(
		labour_sales=1000, parts_sales=500, invoices=[("SI-1", "Labour", 1000), ("SI-1", "Part", 500)]
	)
	r = sc.compute("a", month, A, 10, 2, set(), set())
	[line] = [l for l in r.lines if l.line_type == sc.COMMISSION]
	assert (line.amount, [(s.name, s.detail, s.value) for s in line.sources]) == (
		110,
		[("SI-1", "Labour", 1000), ("SI-1", "Part", 500)],
	)


def test_done_when_month_by_hand_every_reading():
	"""Issue 16's month: 2 complaints (one to the manufacturer from an overdue open issue), 16 spot checks
	with a minor finding each, two letters plus most praised, a CSI item that is not the advisor's."""
	a = sc.Amounts(commission_deposit=500)
	month = sc.AdvisorMonth(
		spot_checks=[minor_check(n) for n in range(16)],
		complaints=[
			sc.Complaint("C1", "Company"),
			sc.Complaint("C2", "Manufacturer", from_overdue_issue=True),
		],
		callback_praise=["P1"],
		manufacturer_commendations=["L1", "L2"],
		csi=[sc.CsiRow("S1", "Facilities", 7, 9, 0)],
		labour_sales=10000,
		parts_sales=5000,
	)
	base = 10000 * 0.10 + 5000 * 0.02  # 1100
	literal = sc.Readings(non_advisor_csi_items=frozenset({"Facilities"}))
	cases = {
		literal: base * 0.74 + 200 - 300 - 500,
		sc.Readings(deposit_rule=sc.MORE_THAN, non_advisor_csi_items=literal.non_advisor_csi_items): base
		* 0.74
		+ 200
		- 300,
		sc.Readings(
			six_s_method=sc.AVERAGE_OF_CHECKS, non_advisor_csi_items=literal.non_advisor_csi_items
		): base * 0.99 + 200 - 300 - 500,
		sc.Readings(praise_basis=sc.PER_LETTER, non_advisor_csi_items=literal.non_advisor_csi_items): base
		* 0.74
		+ 600
		- 300
		- 500,
		sc.Readings(
			open_issue_rule=sc.OPEN_ISSUE_PENALTY, non_advisor_csi_items=literal.non_advisor_csi_items
		): base * 0.74 + 200 - 200 - 500,
		sc.Readings(): base * 0.74 + 200 - 300 - 100 - 500,
	}
	for readings, payable in cases.items():
		assert sc.compute("a", month, a, 10, 2, {"a"}, set(), readings).payable == round(payable, 2), readings
	assert sc.compute("a", month, a, 10, 2, {"a"}, set(), literal).payable == 214  # 814 + 200 - 300 - 500
