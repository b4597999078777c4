"""Technician time: clocking on and off the labour lines of a Repair Order, and the three workshop ratios.

A technician clocks on a labour line of an order that is In Repair, may pause it with a reason and
clocks off. One job is open (running or paused) per technician unless the setting `allow_split_time` is
on; then time is shared evenly across the jobs running at the same moment, as dealer systems do.

The ratios (NADA's guidelines are the default targets):
- productivity = hours clocked on jobs / hours present
- efficiency   = sold hours / hours clocked on jobs
- proficiency  = sold hours / hours present
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from service_advisor.domain import repair_order as ro

OPEN = "Open"
PAUSED = "Paused"
CLOSED = "Closed"
STATUSES: tuple[str, ...] = (OPEN, PAUSED, CLOSED)
ACTIVE_STATUSES: tuple[str, ...] = (OPEN, PAUSED)

PAUSE_REASONS: tuple[str, ...] = (
	"Waiting for Parts",
	"Waiting for Customer Approval",
	"Break",
	"Other",
)

LABOUR = "Labour"
CLOCKABLE_STATES: tuple[str, ...] = (ro.IN_REPAIR,)

# NADA guidelines, in %
TARGET_DEFAULTS: dict[str, float] = {
	"target_productivity": 85,
	"target_efficiency": 125,
	"target_proficiency": 100,
}

# why a clock-on is refused (the service turns each into a translated message)
NOT_IN_WORK = "not_in_work"
OTHER_COMPANY = "other_company"
NOT_LABOUR = "not_labour"
NOT_ASSIGNED = "not_assigned"
ALREADY_ON_LINE = "already_on_line"
ONE_OPEN_JOB = "one_open_job"


def is_assigned(line_technician: str | None, order_technician: str | None, employees: Iterable[str]) -> bool:
	"""A line is the technician's (one of `employees`, their Employee records) when they are the order's
	technician or the foreman assigned the line to them (a second pair of hands on the line)."""
	mine = set(employees)
	return bool(mine) and (order_technician in mine or line_technician in mine)


def clock_on_refusal(
	order_state: str,
	order_company: str | None,
	technician_company: str | None,
	item_type: str | None,
	open_jobs: Iterable[str],
	item_row: str,
	allow_split_time: bool,
	assigned: bool = True,
) -> str | None:
	"""The first reason a technician may not clock on this line now, or None.

	open_jobs: the order item rows of the technician's open or paused jobs; assigned: the line is the
	technician's (they are the line's assigned technician, or the order's when the line names none)."""
	open_jobs = list(open_jobs)
	if order_state not in CLOCKABLE_STATES:
		return NOT_IN_WORK
	if not technician_company or order_company != technician_company:
		return OTHER_COMPANY
	if item_type and item_type != LABOUR:
		return NOT_LABOUR
	if not assigned:
		return NOT_ASSIGNED
	if item_row in open_jobs:
		return ALREADY_ON_LINE
	if open_jobs and not allow_split_time:
		return ONE_OPEN_JOB
	return None


def resume_refusal(order_state: str) -> str | None:
	"""Why a paused job may not run again now, or None: only on an order In Repair (a job paused while the
	customer is asked stays paused until the order is back In Repair)."""
	if order_state not in CLOCKABLE_STATES:
		return NOT_IN_WORK
	return None


# what an order's move does to its open and paused jobs
PAUSE_JOBS = "pause"
CLOCK_OFF_JOBS = "clock_off"
# the states in which an order may have open or paused jobs
STATES_WITH_JOBS: tuple[str, ...] = (ro.IN_REPAIR, ro.AWAITING_APPROVAL)


def jobs_on_order_move(before_state: str | None, after_state: str) -> str | None:
	"""A job follows its order out of the workshop. In Repair -> Awaiting Customer Approval pauses the running
	jobs (they resume by hand once the order is back In Repair); a move from either of those states to any
	other (quality check, cancelled) clocks off every open or paused job at that moment. None: no change."""
	if before_state == after_state or before_state not in STATES_WITH_JOBS:
		return None
	if after_state == ro.AWAITING_APPROVAL:
		return PAUSE_JOBS
	if after_state in STATES_WITH_JOBS:
		return None
	return CLOCK_OFF_JOBS


@dataclass
class Job:
	"""One clocking of a technician: started, ended (None while open) and its pauses (start, end|None)."""

	name: str
	started: datetime
	ended: datetime | None = None
	pauses: list[tuple[datetime, datetime | None]] = field(default_factory=list)

	def working_intervals(self, now: datetime) -> list[tuple[datetime, datetime]]:
		"""The spans the job was running (its span minus its pauses), up to `now` if still open."""
		end = self.ended or now
		spans: list[tuple[datetime, datetime]] = []
		cursor = self.started
		for pause_start, pause_end in sorted(self.pauses, key=lambda p: p[0]):
			pause_start = max(pause_start, cursor)
			if pause_start > cursor:
				spans.append((cursor, min(pause_start, end)))
			cursor = max(cursor, min(pause_end or end, end))
			if cursor >= end:
				break
		if cursor < end:
			spans.append((cursor, end))
		return [(a, b) for a, b in spans if b > a]


def clocked_minutes(jobs: Iterable[Job], now: datetime) -> dict[str, float]:
	"""Minutes clocked on each job of one technician. A minute in which n jobs run at once counts 1/n
	for each of them (split time); with one job at a time every running minute counts in full."""
	events: list[tuple[datetime, int, str]] = []
	result: dict[str, float] = {}
	for job in jobs:
		result[job.name] = 0.0
		for start, end in job.working_intervals(now):
			events.append((start, 1, job.name))
			events.append((end, -1, job.name))
	events.sort(key=lambda e: (e[0], e[1]))  # ends before starts at the same moment
	running: dict[str, int] = {}
	previous: datetime | None = None
	for moment, delta, name in events:
		if previous is not None and running and moment > previous:
			share = (moment - previous).total_seconds() / 60 / len(running)
			for job_name in running:
				result[job_name] += share
		running[name] = running.get(name, 0) + delta
		if running[name] <= 0:
			del running[name]
		previous = moment
	return {name: round(minutes, 4) for name, minutes in result.items()}


def sold_hours_shares(line_hours: float, clocked: dict[str, float]) -> dict[str, float]:
	"""A labour line's sold hours shared by the technicians who worked it, in proportion to their clocked
	time (evenly if none clocked any time)."""
	if not clocked:
		return {}
	total = sum(clocked.values())
	if total <= 0:
		return {who: line_hours / len(clocked) for who in clocked}
	return {who: line_hours * minutes / total for who, minutes in clocked.items()}


@dataclass(frozen=True)
class Credit:
	"""What a job is credited with for the report: its share of the line's sold hours and labour sales,
	and who pays for the line."""

	sold_hours: float
	labour_sales: float
	billable_to: str | None


def line_credits(
	qty: float, amount: float, billable_to: str | None, jobs: Iterable[tuple[str, str, float]]
) -> dict[str, Credit]:
	"""Every job of one labour line, given as (name, status, clocked minutes): the closed jobs share the
	line's sold hours and labour sales in proportion to their clocked time (evenly if none has any); an
	open or paused job is credited nothing yet."""
	jobs = list(jobs)
	closed = {name: float(minutes or 0) for name, status, minutes in jobs if status == CLOSED}
	hours = sold_hours_shares(float(qty or 0), closed)
	sales = sold_hours_shares(float(amount or 0), closed)
	return {
		name: Credit(round(hours.get(name, 0.0), 6), round(sales.get(name, 0.0), 6), billable_to)
		for name, _status, _minutes in jobs
	}


def ratio(numerator: float, denominator: float) -> float | None:
	"""A percentage, or None when there is nothing to divide by."""
	if not denominator:
		return None
	return round(100.0 * numerator / denominator, 2)


@dataclass(frozen=True)
class Figures:
	present_hours: float
	clocked_hours: float
	sold_hours: float

	@property
	def productivity(self) -> float | None:
		return ratio(self.clocked_hours, self.present_hours)

	@property
	def efficiency(self) -> float | None:
		return ratio(self.sold_hours, self.clocked_hours)

	@property
	def proficiency(self) -> float | None:
		return ratio(self.sold_hours, self.present_hours)


def shift_hours(clock_in: datetime | None, clock_out: datetime | None) -> float:
	"""Hours present in one shift (0 until clocked out, never negative)."""
	if not clock_in or not clock_out or clock_out <= clock_in:
		return 0.0
	return round((clock_out - clock_in).total_seconds() / 3600, 4)


def remaining_hours(sold_hours: float, clocked_hours: float) -> float:
	"""Sold hours of an order not yet clocked (never negative)."""
	return max(0.0, round(sold_hours - clocked_hours, 4))


def at_risk(remaining: float, now: datetime, promised: datetime | None) -> bool:
	"""True when the remaining sold hours no longer fit before the promised time (the advisor should call
	the customer now). An order without a promised time is never flagged."""
	if promised is None or remaining <= 0:
		return False
	return (promised - now).total_seconds() / 3600 < remaining


# why a correction of a closed job is refused
NOT_CLOSED = "not_closed"
NO_REASON = "no_reason"
BAD_SPAN = "bad_span"
IN_FUTURE = "in_future"
OVERLAP = "overlap"


def correction_refusal(
	status: str,
	started: datetime,
	ended: datetime,
	now: datetime,
	other_spans: Iterable[tuple[datetime, datetime | None]],
	allow_split_time: bool,
	reason: str | None = None,
) -> str | None:
	"""The first reason a foreman may not set a closed job's times to [started, ended], or None. Every
	correction says why; a job never overlaps another of the same technician unless split time is on (an
	open job runs until now)."""
	if status != CLOSED:
		return NOT_CLOSED
	if not (reason or "").strip():
		return NO_REASON
	if ended <= started:
		return BAD_SPAN
	if ended > now:
		return IN_FUTURE
	if not allow_split_time:
		for other_start, other_end in other_spans:
			if started < (other_end or now) and other_start < ended:
				return OVERLAP
	return None
