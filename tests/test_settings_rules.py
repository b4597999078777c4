from service_advisor.domain.settings import (
	AMOUNT_FIELDS,
	DEFAULTS,
	THRESHOLD_FIELDS,
	find_settings_errors,
)


def test_rules_defaults_are_valid():
	assert find_settings_errors(DEFAULTS) == []


def test_seed_numbers():
	assert DEFAULTS["greeting_sla_minutes"] == 2
	assert DEFAULTS["callback_days"] == 3
	assert (DEFAULTS["deduction_minor"], DEFAULTS["deduction_moderate"], DEFAULTS["deduction_severe"]) == (
		1,
		2,
		5,
	)
	assert DEFAULTS["min_inspections_per_week"] == 4
	assert DEFAULTS["penalty_company_complaint"] == 100
	assert DEFAULTS["penalty_manufacturer_complaint"] == 200
	assert DEFAULTS["reward_praise"] == 200
	assert DEFAULTS["csi_penalty_per_item"] == 100
	assert DEFAULTS["csi_full_marks_reward"] == 100
	assert DEFAULTS["deposit_forfeit_complaints"] == 2


def test_negative_amount_reported():
	for field in AMOUNT_FIELDS:
		errors = find_settings_errors({**DEFAULTS, field: -0.01})
		assert [(e.fieldname, e.kind) for e in errors] == [(field, "negative")]


def test_zero_amount_allowed():
	for field in AMOUNT_FIELDS:
		assert find_settings_errors({**DEFAULTS, field: 0}) == []


def test_threshold_below_one_reported():
	for field in THRESHOLD_FIELDS:
		errors = find_settings_errors({**DEFAULTS, field: 0})
		assert [(e.fieldname, e.kind) for e in errors] == [(field, "below_one")]


def test_missing_threshold_reported():
	values = dict(DEFAULTS)
	del values["callback_days"]
	assert [e.fieldname for e in find_settings_errors(values)] == ["callback_days"]


def test_commission_rate_above_hundred():
	errors = find_settings_errors({**DEFAULTS, "parts_commission_rate": 100.5})
	assert [(e.fieldname, e.kind) for e in errors] == [("parts_commission_rate", "above_hundred")]


def test_readings_default_to_the_literal_reading_and_match_the_scorecard_rules():
	from service_advisor.domain import scorecard as sc
	from service_advisor.domain.settings import READINGS

	assert {f: DEFAULTS[f] for f in READINGS} == {
		"deposit_forfeit_rule": sc.AT_LEAST,
		"six_s_monthly_method": sc.MONTHLY_FORM,
		"praise_reward_basis": sc.PER_ADVISOR,
		"open_issue_complaint_penalty": sc.LARGER_PENALTY,
	}
	assert READINGS["deposit_forfeit_rule"] == sc.DEPOSIT_RULES
	assert READINGS["six_s_monthly_method"] == sc.SIX_S_METHODS
	assert READINGS["praise_reward_basis"] == sc.PRAISE_BASES
	assert READINGS["open_issue_complaint_penalty"] == sc.OPEN_ISSUE_RULES
