from datetime import date

from service_advisor.domain.followup import (
	RULE_MANY_ITEMS,
	RULE_REPEAT,
	RULE_STANDARD,
	after_attempt,
	callback_due,
	dissatisfied,
	is_overdue,
	is_repeat_repair,
	maintenance_due,
	month_bounds,
	projected_odometer,
)

D = date(2026, 11, 27)


def test_three_days_by_default():
	assert callback_due(D, 2, False, 3, 5) == (date(2026, 11, 30), RULE_STANDARD)


def test_next_day_for_many_items():
	assert callback_due(D, 5, False, 3, 5) == (date(2026, 11, 28), RULE_MANY_ITEMS)
	assert callback_due(D, 4, False, 3, 5) == (date(2026, 11, 30), RULE_STANDARD)


def test_next_day_for_repeat_repair():
	assert callback_due(D, 1, True, 3, 5) == (date(2026, 11, 28), RULE_REPEAT)


def test_month_end_rollover():
	assert callback_due(date(2026, 12, 31), 1, False, 3, 5)[0] == date(2027, 1, 3)


def test_repeat_repair_window():
	assert is_repeat_repair(D, [date(2026, 10, 28)], 30)
	assert not is_repeat_repair(D, [date(2026, 10, 27)], 30)
	assert not is_repeat_repair(D, [], 30)
	assert not is_repeat_repair(D, [date(2026, 12, 1)], 30)


def test_attempts():
	assert after_attempt(True, 1, 3, None).status == "Completed"
	result = after_attempt(False, 1, 3, date(2026, 11, 28))
	assert (result.status, result.due_date) == ("Open", date(2026, 11, 28))
	assert after_attempt(False, 3, 3, date(2026, 11, 28)).status == "Unreachable"


def test_dissatisfied():
	assert dissatisfied("Satisfied", "Dissatisfied", None)
	assert not dissatisfied("Satisfied", "Neutral", None)


def test_overdue():
	assert is_overdue(date(2026, 11, 26), D, False)
	assert not is_overdue(D, D, False)
	assert not is_overdue(date(2026, 11, 1), D, True)
	assert not is_overdue(None, D, False)


def test_month_bounds_leap_year():
	assert month_bounds(2028, 2) == (date(2028, 2, 1), date(2028, 2, 29))


def test_maintenance_due_by_date_in_month_only():
	start, end = month_bounds(2026, 12)
	assert maintenance_due(start, end, date(2026, 12, 15), None, None, None, 40)
	assert not maintenance_due(start, end, date(2027, 1, 1), None, None, None, 40)
	assert not maintenance_due(start, end, date(2026, 11, 30), None, None, None, 40)


def test_maintenance_due_by_projected_mileage_crossing_in_month():
	start, end = month_bounds(2026, 12)
	# 10,000 km on 1 Nov, 100 km a day: 13,000 km on 30 Nov, 16,100 km on 31 Dec
	assert projected_odometer(10000, date(2026, 11, 1), date(2026, 11, 30), 100) == 12900
	assert maintenance_due(start, end, None, 15000, 10000, date(2026, 11, 1), 100)
	assert not maintenance_due(start, end, None, 12000, 10000, date(2026, 11, 1), 100)  # crossed in November
	assert not maintenance_due(start, end, None, 20000, 10000, date(2026, 11, 1), 100)  # not yet
