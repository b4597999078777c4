"""Front desk 6S inspection scoring (management rules, attachment 2)."""

from dataclasses import dataclass
from datetime import date

SECTIONS = ("Reception Desk", "Duty", "Telephone Etiquette", "Business Process")
SEVERITY = "Severity"
PER_FIELD = "Per Non-compliant Field"
PER_COMPLAINT = "Per Complaint"
RATINGS = ("OK", "Minor", "Moderate", "Severe")


@dataclass(frozen=True)
class Deductions:
	minor: float = 1
	moderate: float = 2
	severe: float = 5
	per_field: float = 1
	per_complaint: float = 5


def item_deduction(mode: str, rating: str | None, count: int | None, d: Deductions) -> float:
	if mode == PER_FIELD:
		return max(int(count or 0), 0) * d.per_field
	if mode == PER_COMPLAINT:
		return max(int(count or 0), 0) * d.per_complaint
	return {"OK": 0, None: 0, "": 0, "Minor": d.minor, "Moderate": d.moderate, "Severe": d.severe}[rating]


def score(deductions: list[float]) -> float:
	"""100 minus all deductions, never below 0."""
	return max(0.0, 100.0 - sum(deductions))


def iso_week(day: date) -> str:
	year, week, _ = day.isocalendar()
	return f"{year}-W{week:02d}"


def weeks_below_minimum(inspection_days: list[date], weeks: list[str], minimum: int) -> list[str]:
	"""The given ISO weeks in which fewer than `minimum` inspections were made."""
	counts: dict[str, int] = {}
	for day in inspection_days:
		counts[iso_week(day)] = counts.get(iso_week(day), 0) + 1
	return [week for week in weeks if counts.get(week, 0) < minimum]


def weeks_of_month(year: int, month: int) -> list[str]:
	"""ISO weeks whose Thursday falls in the month (each week belongs to exactly one month)."""
	import calendar
	from datetime import timedelta

	first = date(year, month, 1)
	last = date(year, month, calendar.monthrange(year, month)[1])
	weeks, day = [], first
	while day <= last:
		if day.weekday() == 3:
			weeks.append(iso_week(day))
		day += timedelta(days=1)
	return weeks
