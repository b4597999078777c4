"""Validation of the manufacturer's CSI Excel rows: all problems reported by row number, nothing
imported until the file is clean; and the survey's item list, with the advisor's items marked.

Rule 6 (CSI调查得分服务顾问项目低于全国平均分得每项考核-100元) fines only the advisor's items (服务顾问项目).
The list names every item the manufacturer's file may carry; an item the list does not name is refused at
import, never fined by default."""

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
	kind: str  # header | unknown_advisor | bad_period | not_a_number | negative | missing | unknown_item | duplicate_in_file | already_imported
	detail: str


@dataclass(frozen=True)
class SurveyItem:
	"""One item of the manufacturer's CSI survey: its wording in the file, another wording the file may
	use (e.g. English), the survey's section, and whether it is about the advisor (服务顾问项目)."""

	survey_item: str
	also_written_as: str = ""
	section: str = ""
	advisor_item: bool = False


# The list shipped with the app. The seed does not contain the manufacturer's questionnaire: these are the
# items of the five factors common to manufacturers' after-sales CSI surveys in China (服务启动, 服务顾问,
# 服务设施, 车辆交付, 服务质量), with the items about the advisor's own conduct marked. A dealership makes
# the wording match its manufacturer's file (Service Advisor Settings > CSI Survey Items).
INITIATION = "服务启动 Service Initiation"
ADVISOR = "服务顾问 Service Advisor"
FACILITY = "服务设施 Service Facility"
PICK_UP = "车辆交付 Vehicle Pick-up"
QUALITY = "服务质量 Service Quality"
MANUFACTURER_ITEMS: tuple[SurveyItem, ...] = (
	SurveyItem("预约的便利性", "Ease of making the appointment", INITIATION, False),
	SurveyItem("到店后接待的及时性", "Promptness of the greeting on arrival", INITIATION, True),
	SurveyItem("服务顾问的礼貌与态度", "Courtesy and attitude of the service advisor", ADVISOR, True),
	SurveyItem("服务顾问对客户需求的理解", "Understanding of the customer's needs", ADVISOR, True),
	SurveyItem("服务顾问对维修项目和费用的解释", "Explanation of the work and its cost", ADVISOR, True),
	SurveyItem("服务顾问的专业知识", "Knowledge of the service advisor", ADVISOR, True),
	SurveyItem("服务顾问跟进维修进度的及时性", "Timeliness of updates on the work", ADVISOR, True),
	SurveyItem("停车的便利性", "Ease of parking", FACILITY, False),
	SurveyItem("客户休息区的舒适度", "Comfort of the customer lounge", FACILITY, False),
	SurveyItem("服务站的整洁程度", "Cleanliness of the service centre", FACILITY, False),
	SurveyItem("按承诺时间交车", "Vehicle ready at the promised time", PICK_UP, False),
	SurveyItem("交车时对所做工作的说明", "Explanation of the work done at delivery", PICK_UP, True),
	SurveyItem("费用的合理性", "Fairness of the charges", PICK_UP, False),
	SurveyItem("交车时车辆的清洁程度", "Cleanliness of the vehicle at delivery", PICK_UP, False),
	SurveyItem("一次修复", "Fixed right the first time", QUALITY, False),
	SurveyItem("维修质量", "Quality of the work done", QUALITY, False),
	SurveyItem("维修用时", "Time taken for the work", QUALITY, False),
)


def item_key(text: str | None) -> str:
	return " ".join((text or "").split()).casefold()


def item_lookup(items: list[SurveyItem] | tuple[SurveyItem, ...]) -> dict[str, str]:
	"""Every wording of every item (its own and the other one), normalised -> the item as listed."""
	lookup: dict[str, str] = {}
	for item in items:
		for text in (item.survey_item, item.also_written_as):
			if item_key(text):
				lookup.setdefault(item_key(text), item.survey_item)
	return lookup


def list_problems(items: list[SurveyItem]) -> list[tuple[int, str]]:
	"""(row, wording) of every wording that names two items of the list (1-based rows)."""
	seen: dict[str, int] = {}
	problems = []
	for row, item in enumerate(items, start=1):
		for text in {item_key(item.survey_item), item_key(item.also_written_as)} - {""}:
			if text in seen and seen[text] != row:
				problems.append((row, text))
			seen.setdefault(text, row)
	return problems


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
	rows: list[tuple],
	advisors: dict[str, str],
	existing: set[tuple[str, str, str]],
	items: dict[str, str] | None = None,
) -> tuple[list[CsiRecord], list[RowError]]:
	"""rows[0] is the header. advisors maps an identifier in the file (user id, e-mail or full name,
	lower case) to the user. existing holds (advisor, period, item) already imported. items (item_lookup
	of the survey's list): each row's item must be on it and is recorded as the list writes it."""
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
		elif items is not None:
			listed = items.get(item_key(item))
			if listed is None:
				row_errors.append(RowError(index, "unknown_item", item))
			else:
				item = listed
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
