"""Appointment booking rules: bay and technician double-booking."""

from dataclasses import dataclass
from datetime import datetime, timedelta

SOURCES = ("Proactive Call", "Customer Request", "Manufacturer Dispatch")
ACTIVE_STATUSES = ("Scheduled", "Confirmed", "Arrived")
STATUSES = ("Scheduled", "Confirmed", "Arrived", "No-show", "Cancelled")


@dataclass(frozen=True)
class Booking:
	name: str
	start: datetime
	end: datetime
	bay: str | None = None
	technician: str | None = None


def end_of(start: datetime, duration_minutes: int) -> datetime:
	return start + timedelta(minutes=duration_minutes)


def overlaps(a_start: datetime, a_end: datetime, b_start: datetime, b_end: datetime) -> bool:
	"""Half-open intervals: a booking ending at 10:00 does not clash with one starting at 10:00."""
	return a_start < b_end and b_start < a_end


def clashes(new: Booking, existing: list[Booking]) -> list[tuple[str, Booking]]:
	"""Every (resource, booking) the new booking would double-book: resource is "bay" or "technician"."""
	found = []
	for other in existing:
		if other.name == new.name or not overlaps(new.start, new.end, other.start, other.end):
			continue
		if new.bay and new.bay == other.bay:
			found.append(("bay", other))
		if new.technician and new.technician == other.technician:
			found.append(("technician", other))
	return found
