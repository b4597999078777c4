"""Complaints with a cause and a verdict (issue 29): only upheld complaints attributed to the advisor for
the advisor's attitude, explanation or timeliness (assessment rule 4) or an open issue not handled in time
(rule 3) cost the advisor the fine, 6S item 36 and a count toward the deposit."""

import pytest

from service_advisor.domain import complaints as C
from service_advisor.domain import scorecard as sc

A = sc.Amounts(commission_deposit=500)


def complaint(name, level="Company", cause=C.ATTITUDE, verdict=C.UPHELD, attributed=True, reason="ok"):
	return sc.Complaint(
		name, level, cause=cause, verdict=verdict, attributed=attributed, verdict_reason=reason
	)


def test_only_upheld_attributed_advisor_causes_count():
	assert complaint("C").exclusion is None
	for cause in C.FINED_CAUSES:
		assert complaint("C", cause=cause).exclusion is None, cause
	assert complaint("C", verdict=None).exclusion == "not counted: no verdict yet"
	assert (
		complaint("C", verdict=C.NOT_UPHELD, reason="customer's own damage").exclusion
		== "not counted: not upheld (customer's own damage)"
	)
	for cause in (C.WORKSHOP, C.PARTS, C.PRICE, C.OTHER):
		assert complaint("C", cause=cause).exclusion == f"not counted: cause {cause} is not the advisor's"
	assert complaint("C", attributed=False).exclusion == "not counted: not attributed to the advisor"


def test_a_month_of_every_cause_and_verdict_exact_to_the_rules_words():
	"""Rule 4: company -100, manufacturer -200 for the advisor's attitude / explanation / timeliness;
	rule 3: -100 for an open issue not handled in time (the larger with the level's, reading #4);
	item 36: 5 points per complaint; 2例以上: the deposit. Everything else is listed, not counted."""
	month = sc.AdvisorMonth(
		spot_checks=[sc.SpotCheck("I1", 97, ((3, "Severity", 2.0), (7, "Severity", 1.0)))],
		complaints=[
			complaint("C1", "Company", C.ATTITUDE),  # -100
			complaint("C2", "Manufacturer", C.TIMELINESS),  # -200
			complaint("C3", "Company", C.OPEN_ISSUE),  # -max(100, 100)
			complaint("C4", "Manufacturer", C.WORKSHOP),  # the workshop's: 0
			complaint("C5", "Company", C.PRICE),  # 0
			complaint("C6", "Manufacturer", C.EXPLANATION, verdict=C.NOT_UPHELD, reason="unfounded"),
			complaint("C7", "Company", C.ATTITUDE, verdict=None),  # awaiting the verdict
			complaint("C8", "Company", C.ATTITUDE, attributed=False),  # someone else's attitude
		],
		labour_sales=10000,
	)
	r = sc.compute("a", month, A, 10, 0, set(), set())
	counted = 3
	assert r.complaint_count == counted
	assert r.penalties == 100 + 200 + 100
	assert r.score == 100 - 2 - 1 - counted * 5  # 82
	assert (r.deposit_forfeited, r.deposit) == (True, 500)  # 3 >= 2
	assert r.payable == 10000 * 10 / 100 * 82 / 100 - 400 - 500  # -80
	assert r.payable == -80
	assert [(l.reference_name, l.amount) for l in r.lines if l.line_type == sc.COMPLAINT] == [
		("C1", -100),
		("C2", -200),
		("C3", -100),
	]
	assert [
		(l.reference_name, l.description) for l in r.lines if l.line_type == sc.COMPLAINT_NOT_COUNTED
	] == [
		("C4", "not counted: cause Workshop Quality is not the advisor's"),
		("C5", "not counted: cause Price is not the advisor's"),
		("C6", "not counted: not upheld (unfounded)"),
		("C7", "not counted: no verdict yet"),
		("C8", "not counted: not attributed to the advisor"),
	]
	assert all(l.amount == 0 for l in r.lines if l.line_type == sc.COMPLAINT_NOT_COUNTED)
	(six_s,) = [l for l in r.lines if l.line_type == sc.SIX_S and l.sources]
	assert [s.name for s in six_s.sources] == ["C1", "C2", "C3"]
	(deposit,) = [l for l in r.lines if l.line_type == sc.DEPOSIT]
	assert [s.name for s in deposit.sources] == ["C1", "C2", "C3"]


def test_excluded_complaints_never_forfeit_the_deposit():
	month = sc.AdvisorMonth(
		complaints=[complaint("C1"), complaint("C2", cause=C.PARTS), complaint("C3", verdict=None)]
	)
	r = sc.compute("a", month, A, 0, 0, set(), set())
	assert (r.complaint_count, r.penalties, r.deposit_forfeited, r.payable) == (1, 100, False, -100)


def test_open_issue_cause_is_the_rule_3_fine_under_both_readings():
	amounts = sc.Amounts(penalty_open_issue_complaint=150)
	month = sc.AdvisorMonth(complaints=[complaint("C1", "Manufacturer", C.OPEN_ISSUE)])
	assert sc.compute("a", month, amounts, 0, 0, set(), set()).penalties == 200  # max(200, 150)
	r = sc.Readings(open_issue_rule=sc.OPEN_ISSUE_PENALTY)
	assert sc.compute("a", month, amounts, 0, 0, set(), set(), r).penalties == 150
	# an overdue open issue linked to a complaint the manager found to be about the advisor's attitude:
	# the attitude fine (the level's), not rule 3
	attitude = sc.AdvisorMonth(
		complaints=[sc.Complaint("C1", "Manufacturer", True, C.ATTITUDE, C.UPHELD, True, "rude on the phone")]
	)
	assert sc.compute("a", attitude, amounts, 0, 0, set(), set(), r).penalties == 200


def test_a_complaint_without_a_cause_reads_as_before():
	assert sc.Complaint("C1", "Company").reason == C.ADVISOR_SERVICE
	assert sc.Complaint("C1", "Company", from_overdue_issue=True).reason == C.OPEN_ISSUE
	assert sc.Complaint("C1", "Company").exclusion is None


@pytest.mark.parametrize(
	("answers", "cause"),
	[
		({"attitude": "Dissatisfied", "explanation": "Satisfied", "timeliness": "Neutral"}, C.ATTITUDE),
		({"attitude": "Satisfied", "explanation": "Dissatisfied", "timeliness": "Satisfied"}, C.EXPLANATION),
		({"attitude": "Neutral", "explanation": "Neutral", "timeliness": "Dissatisfied"}, C.TIMELINESS),
		(
			{"attitude": "Dissatisfied", "explanation": "Satisfied", "timeliness": "Dissatisfied"},
			C.ADVISOR_SERVICE,
		),
		({"attitude": "Satisfied", "explanation": "Satisfied", "timeliness": "Satisfied"}, None),
	],
)
def test_the_callback_survey_states_the_cause(answers, cause):
	assert C.cause_from_callback(answers) == cause


def test_a_verdict_needs_a_cause_and_a_reason_and_attribution_an_advisor():
	assert C.verdict_problems(C.UPHELD, "checked the recording", C.ATTITUDE, True, "a") == []
	assert C.verdict_problems(None, None, None, False, None) == []
	assert C.verdict_problems(C.UPHELD, " ", None, False, "a") == ["cause_required", "reason_required"]
	assert C.verdict_problems(C.NOT_UPHELD, "x", C.PRICE, True, None) == ["attributed_without_advisor"]
	assert C.verdict_problems("Maybe", "x", "Weather", False, "a") == ["unknown_cause", "unknown_verdict"]


def test_the_advisors_handling_never_touches_the_verdict():
	assert not set(C.HANDLING_FIELDS) & set(C.VERDICT_FIELDS)
	assert set(C.ADVISOR_CAUSES) < set(C.FINED_CAUSES) < set(C.CAUSES)
