"""Follow-up rules: when to call back, retries, overdue open issues, the monthly maintenance list."""

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

# customer service's satisfaction survey (客服回访, assessment rules 4-5), within `callback_days` of delivery
AFTER_SERVICE = "After Service"
MAINTENANCE_INVITATION = "Maintenance Invitation"
DECLINED_WORK = "Declined Work"
# the advisor's own call the day after delivery (working rule 10: 服务顾问应及时在车辆出厂次日进行回访关注):
# did the repair hold? Not an input of the advisor's pay.
CARE_CALL = "Care Call"
# the calls customer service makes for the dealership (its pool), never the order's advisor
CUSTOMER_SERVICE_CALLS = (AFTER_SERVICE, DECLINED_WORK)

RULE_STANDARD = "Within Days"
RULE_MANY_ITEMS = "Next Day (Many Items)"
RULE_REPEAT = "Next Day (Repeat Repair)"
RULE_MAINTENANCE = "Monthly Maintenance"
RULE_DECLINED = "Declined Work Follow-up"

SATISFACTION = ("Satisfied", "Neutral", "Dissatisfied")


def callback_due(
	delivered: date, item_count: int, is_repeat_repair: bool, days: int, many_items_threshold: int
) -> tuple[date, str]:
	"""Rule 10: many items or a repeat repair is called back the day after; otherwise within `days`."""
	if item_count >= many_items_threshold:
		return delivered + timedelta(days=1), RULE_MANY_ITEMS
	if is_repeat_repair:
		return delivered + timedelta(days=1), RULE_REPEAT
	return delivered + timedelta(days=days), RULE_STANDARD


def survey_due(delivered: date, days: int) -> tuple[date, str]:
	"""Customer service's survey: the list of customers to call within 3 days (制定3天内回访客户明细)."""
	return delivered + timedelta(days=days), RULE_STANDARD


def care_call_due(
	delivered: date, item_count: int, is_repeat_repair: bool, many_items_threshold: int
) -> tuple[date, str] | None:
	"""Working rule 10: the advisor calls the day after delivery when the order had many items or was a
	repeat repair; None when the order needs no care call."""
	due, rule = callback_due(delivered, item_count, is_repeat_repair, 1, many_items_threshold)
	return None if rule == RULE_STANDARD else (due, rule)


def least_loaded(open_calls: dict[str, int]) -> str | None:
	"""The pool's member with the fewest open calls (ties: the first by name), or None for an empty pool."""
	if not open_calls:
		return None
	return min(sorted(open_calls), key=lambda user: open_calls[user])


def is_repeat_repair(arrival: date, previous_deliveries: list[date], window_days: int) -> bool:
	"""The same vehicle delivered before, within the window before this arrival."""
	return any(
		timedelta(0) <= arrival - previous <= timedelta(days=window_days) for previous in previous_deliveries
	)


@dataclass(frozen=True)
class AttemptResult:
	status: str  # "Open" | "Completed" | "Unreachable"
	due_date: date | None


def after_attempt(
	reached: bool, attempts_so_far: int, max_attempts: int, next_attempt: date | None
) -> AttemptResult:
	"""attempts_so_far includes this attempt."""
	if reached:
		return AttemptResult("Completed", None)
	if attempts_so_far >= max_attempts:
		return AttemptResult("Unreachable", None)
	return AttemptResult("Open", next_attempt)


def dissatisfied(*answers: str | None) -> bool:
	return any(answer == "Dissatisfied" for answer in answers)


def is_overdue(promised: date | None, today: date, resolved: bool) -> bool:
	return bool(promised and not resolved and promised < today)


def month_bounds(year: int, month: int) -> tuple[date, date]:
	return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def month_key(day: date) -> str:
	return f"{day.year:04d}-{day.month:02d}"


def projected_odometer(last_odometer: int, last_service: date, on: date, daily_km: float) -> int:
	return int(last_odometer + max((on - last_service).days, 0) * daily_km)


def maintenance_due(
	month_start: date,
	month_end: date,
	next_service_date: date | None,
	next_service_km: int | None,
	last_odometer: int | None,
	last_service: date | None,
	daily_km: float,
) -> bool:
	"""Due this month: the next service date falls in the month, or the mileage projected from the last
	service at `daily_km` a day reaches the next service km during the month."""
	if next_service_date and month_start <= next_service_date <= month_end:
		return True
	if next_service_km and last_odometer is not None and last_service:
		at_start = projected_odometer(last_odometer, last_service, month_start - timedelta(days=1), daily_km)
		at_end = projected_odometer(last_odometer, last_service, month_end, daily_km)
		return at_start < next_service_km <= at_end
	return False
