"""Digital multi-point inspection: every point rated green (fine), yellow (soon) or red (now).

A point may carry a measurement with two thresholds. Which way is worse depends on the point: a brake pad
or a tyre tread is worse the LOWER it is (pad ≤ 5 mm yellow, ≤ 3 mm red); a play or a leak rate is worse
the HIGHER it is. A measured point's colour follows from its thresholds; a typed colour that contradicts
the measurement is refused. The yellow and red points become add-on lines the customer approves or
declines one by one.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

GREEN = "Green"
YELLOW = "Yellow"
RED = "Red"
RATINGS: tuple[str, ...] = (GREEN, YELLOW, RED)
ACTION_RATINGS: tuple[str, ...] = (YELLOW, RED)

LOWER_IS_WORSE = "Lower"
HIGHER_IS_WORSE = "Higher"
DIRECTIONS: tuple[str, ...] = (LOWER_IS_WORSE, HIGHER_IS_WORSE)

AREAS: tuple[str, ...] = (
	"Brakes",
	"Tyres",
	"Battery",
	"Fluids",
	"Lights",
	"Wipers",
	"Suspension & Steering",
	"Leaks",
	"Underbody",
	"Belts & Hoses",
	"Filters",
	"Body & Glass",
)

# why a template point or a rated point is wrong (the service turns each into a translated message)
THRESHOLDS_ORDER = "thresholds_order"
THRESHOLD_WITHOUT_UNIT = "threshold_without_unit"
BAD_DIRECTION = "bad_direction"
NEGATIVE_MEASUREMENT = "negative_measurement"
CONTRADICTS = "contradicts"
BAD_RATING = "bad_rating"


@dataclass(frozen=True)
class Thresholds:
	yellow_at: float | None = None
	red_at: float | None = None
	worse_when: str = LOWER_IS_WORSE

	@property
	def measured(self) -> bool:
		return self.yellow_at is not None or self.red_at is not None


def threshold_problem(unit: str | None, t: Thresholds) -> str | None:
	"""What is wrong with a template point's thresholds, or None.

	Lower is worse: red ≤ yellow (pad: yellow at 5 mm, red at 3 mm). Higher is worse: red ≥ yellow."""
	if t.worse_when not in DIRECTIONS:
		return BAD_DIRECTION
	if t.measured and not (unit or "").strip():
		return THRESHOLD_WITHOUT_UNIT
	if t.yellow_at is not None and t.red_at is not None:
		if t.worse_when == LOWER_IS_WORSE and t.red_at > t.yellow_at:
			return THRESHOLDS_ORDER
		if t.worse_when == HIGHER_IS_WORSE and t.red_at < t.yellow_at:
			return THRESHOLDS_ORDER
	return None


def rating_for(measurement: float, t: Thresholds) -> str:
	"""The colour a measurement gives. A value exactly at a threshold takes that threshold's colour."""
	if t.worse_when == LOWER_IS_WORSE:
		if t.red_at is not None and measurement <= t.red_at:
			return RED
		if t.yellow_at is not None and measurement <= t.yellow_at:
			return YELLOW
		return GREEN
	if t.red_at is not None and measurement >= t.red_at:
		return RED
	if t.yellow_at is not None and measurement >= t.yellow_at:
		return YELLOW
	return GREEN


def rate_point(typed: str | None, measurement: float | None, t: Thresholds) -> tuple[str | None, str | None]:
	"""(rating, problem) for one point as the technician entered it.

	Without a measurement the typed colour stands. With one on a measured point, the measurement decides:
	an empty colour is filled in, a different typed colour is refused (CONTRADICTS)."""
	if typed and typed not in RATINGS:
		return typed, BAD_RATING
	if measurement is None or not t.measured:
		return typed or None, None
	if measurement < 0:
		return typed or None, NEGATIVE_MEASUREMENT
	expected = rating_for(measurement, t)
	if typed and typed != expected:
		return typed, CONTRADICTS
	return expected, None


@dataclass(frozen=True)
class Counts:
	green: int
	yellow: int
	red: int
	unrated: int

	@property
	def complete(self) -> bool:
		return self.unrated == 0


def count(ratings: Iterable[str | None]) -> Counts:
	ratings = list(ratings)
	return Counts(
		green=sum(1 for r in ratings if r == GREEN),
		yellow=sum(1 for r in ratings if r == YELLOW),
		red=sum(1 for r in ratings if r == RED),
		unrated=sum(1 for r in ratings if r not in RATINGS),
	)


def needs_action(rating: str | None) -> bool:
	return rating in ACTION_RATINGS


def trend(history: Iterable[tuple[object, float | None]]) -> list[float]:
	"""The measurements of one point across visits, oldest first (visits without a measurement skipped)."""
	return [float(v) for _, v in sorted(history, key=lambda h: str(h[0])) if v is not None]


# ---------------------------------------------------------------- quoted findings kept on the inspection
QUOTE_FIGURES = (
	"quoted_lines",
	"quoted_value",
	"approved_lines",
	"approved_value",
	"decided_lines",
	"decided_with_photo",
	"approved_with_photo",
	"decided_without_photo",
	"approved_without_photo",
	"decision_seconds",
)
PENDING, APPROVED = "Pending", "Approved"


def quote_figures(
	decision: str | None,
	value: float | None,
	photo: bool,
	inspected_on: datetime | None,
	decided_on: datetime | None,
) -> dict[str, float]:
	"""What one quoted finding (an add-on made from an inspection) adds to its inspection's figures: one
	line, its value, whether the customer decided and approved it, with or without a photo, and the whole
	seconds from the inspection to the decision (Inspection Sales' approval rates and hours to decision)."""
	decided = decision is not None and decision != PENDING
	approved = decision == APPROVED
	seconds = 0
	if decided and inspected_on and decided_on:
		seconds = int((decided_on - inspected_on).total_seconds())  # whole seconds, towards zero
	return {
		"quoted_lines": 1,
		"quoted_value": float(value or 0),
		"approved_lines": int(approved),
		"approved_value": float(value or 0) if approved else 0.0,
		"decided_lines": int(decided),
		"decided_with_photo": int(decided and photo),
		"approved_with_photo": int(approved and photo),
		"decided_without_photo": int(decided and not photo),
		"approved_without_photo": int(approved and not photo),
		"decision_seconds": seconds,
	}


def quote_change(after: dict[str, float] | None, before: dict[str, float] | None) -> dict[str, float]:
	"""What a changed quote adds to (or, negative, takes from) its inspection: after − before, only the
	figures that change (a new quote has no before, a deleted one no after)."""
	change = {}
	for name in QUOTE_FIGURES:
		delta = (after or {}).get(name, 0) - (before or {}).get(name, 0)
		if delta:
			change[name] = delta
	return change
