"""The two calls after delivery (issue 29): customer service's survey within `callback_days`, the advisor's
care call the next day for many items or a repeat repair; customer service's calls to the least-loaded
member of the dealership's pool."""

from datetime import date

from service_advisor.domain import followup as f

DELIVERED = date(2026, 11, 10)


def test_the_survey_is_always_within_the_days():
	assert f.survey_due(DELIVERED, 3) == (date(2026, 11, 13), f.RULE_STANDARD)


def test_the_care_call_is_the_next_day_for_many_items_or_a_repeat_repair_only():
	assert f.care_call_due(DELIVERED, 5, False, 5) == (date(2026, 11, 11), f.RULE_MANY_ITEMS)
	assert f.care_call_due(DELIVERED, 1, True, 5) == (date(2026, 11, 11), f.RULE_REPEAT)
	assert f.care_call_due(DELIVERED, 4, False, 5) is None


def test_the_least_loaded_agent_takes_the_call_ties_by_name():
	assert f.least_loaded({}) is None
	assert f.least_loaded({"b@x": 0, "a@x": 0}) == "a@x"
	assert f.least_loaded({"a@x": 2, "b@x": 1, "c@x": 1}) == "b@x"


def test_the_care_call_is_not_customer_services():
	assert f.CARE_CALL not in f.CUSTOMER_SERVICE_CALLS
	assert f.AFTER_SERVICE in f.CUSTOMER_SERVICE_CALLS
