"""Validation of the manufacturer's CSI Excel rows: all problems reported by row number, nothing
imported until the file is clean."""

import re
from dataclasses import dataclass

PERIOD_RE = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
COLUMNS = ("advisor", "period", "survey item", "advisor score", "national average", "full mark count")


@dataclass(frozen=True)
class CsiRecord:
	row: int
	advisor: str
	period: str
	survey_item: str
	advisor_score: float
	national_average: float
	full_mark_count: int


@dataclass(frozen=True)
class RowError:
	row: int
	kind: str  # header | unknown_advisor | bad_period | not_a_number | negative | missing | duplicate_in_file | already_imported
	detail: str


def _number(value) -> float | None:
	if isinstance(value, bool):
		return None
	if isinstance(value, int | float):
		return float(value)
	try:
		return float(str(value).strip())
	except (TypeError, ValueError):
		return None


def _period(value) -> str:
	if hasattr(value, "strftime"):
		return value.strftime("%Y-%m")
	return str(value or "").strip()


def validate_rows(
	rows: list[tuple], advisors: dict[str, str], existing: set[tuple[str, str, str]]
) -> tuple[list[CsiRecord], list[RowError]]:
	"""rows[0] is the header. advisors maps an identifier in the file (user id, e-mail or full name,
	lower case) to the user. existing holds (advisor, period, item) already imported."""
	if not rows:
		return [], [RowError(1, "header", ", ".join(COLUMNS))]
	header = tuple(str(c or "").strip().lower() for c in rows[0][: len(COLUMNS)])
	if header != COLUMNS:
		return [], [RowError(1, "header", ", ".join(COLUMNS))]
	records, errors, seen = [], [], {}
	for index, raw in enumerate(rows[1:], start=2):
		cells = list(raw) + [None] * (len(COLUMNS) - len(raw))
		if all(c in (None, "") for c in cells[: len(COLUMNS)]):
			continue
		name, period, item, score, average, full = cells[: len(COLUMNS)]
		row_errors = []
		user = advisors.get(str(name or "").strip().lower())
		if not user:
			row_errors.append(RowError(index, "unknown_advisor", str(name or "")))
		period = _period(period)
		if not PERIOD_RE.match(period):
			row_errors.append(RowError(index, "bad_period", period))
		item = str(item or "").strip()
		if not item:
			row_errors.append(RowError(index, "missing", "survey item"))
		numbers = {}
		for label, value in (
			("advisor score", score),
			("national average", average),
			("full mark count", full),
		):
			number = _number(
				value if value not in (None, "") else (0 if label == "full mark count" else None)
			)
			if number is None:
				row_errors.append(RowError(index, "not_a_number", f"{label}: {value}"))
			elif number < 0:
				row_errors.append(RowError(index, "negative", f"{label}: {value}"))
			numbers[label] = number
		if not row_errors:
			key = (user, period, item)
			if key in seen:
				row_errors.append(RowError(index, "duplicate_in_file", str(seen[key])))
			elif key in existing:
				row_errors.append(RowError(index, "already_imported", f"{user} {period} {item}"))
			seen.setdefault(key, index)
		if row_errors:
			errors.extend(row_errors)
			continue
		records.append(
			CsiRecord(
				index,
				user,
				period,
				item,
				numbers["advisor score"],
				numbers["national average"],
				int(numbers["full mark count"]),
			)
		)
	return records, errors
