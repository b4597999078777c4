"""Import of the manufacturer's CSI Excel file (openpyxl)."""

from io import BytesIO

import frappe
from frappe import _
from frappe.utils import escape_html

from service_advisor.domain import roles as R
from service_advisor.domain.csi import MANUFACTURER_ITEMS, SurveyItem, item_key, item_lookup, validate_rows
from service_advisor.exceptions import CsiImportError
from service_advisor.services.settings import get_settings

MESSAGES = {
	"header": "Row {0}: the columns must be: {1}",
	"unknown_advisor": "Row {0}: unknown advisor {1}",
	"bad_period": "Row {0}: period {1} is not a month written YYYY-MM",
	"not_a_number": "Row {0}: not a number ({1})",
	"negative": "Row {0}: cannot be negative ({1})",
	"missing": "Row {0}: missing {1}",
	"unknown_item": "Row {0}: survey item {1} is not on the CSI survey item list (Service Advisor Settings, CSI Survey Items): add it there, marked as an advisor item or not, then import the file again",
	"duplicate_in_file": "Row {0}: repeats row {1}",
	"already_imported": "Row {0}: already imported ({1})",
}


# a month's survey for a dealer group is a few thousand rows; anything larger is refused before it is read
MAX_ROWS = 20_000
MAX_ERRORS_SHOWN = 50


def read_rows(content: bytes) -> list[tuple]:
	from openpyxl import load_workbook

	try:
		sheet = load_workbook(BytesIO(content), read_only=True, data_only=True).active
	except Exception:
		frappe.throw(_("The file is not an Excel workbook (.xlsx)."), CsiImportError)
	rows = []
	for row in sheet.iter_rows(values_only=True):
		rows.append(tuple(row))
		if len(rows) > MAX_ROWS + 1:  # + the header
			frappe.throw(
				_("The file has more than {0} rows; split it by month.").format(MAX_ROWS), CsiImportError
			)
	return rows


def advisor_lookup() -> dict[str, str]:
	has_role = frappe.qb.DocType("Has Role")
	user = frappe.qb.DocType("User")
	rows = (
		frappe.qb.from_(user)
		.join(has_role)
		.on(has_role.parent == user.name)
		.select(user.name, user.email, user.full_name)
		.where((has_role.role == R.SERVICE_ADVISOR) & (has_role.parenttype == "User"))
	).run(as_dict=True)
	lookup = {}
	for row in rows:
		for key in (row.name, row.email, row.full_name):
			if key:
				lookup[key.strip().lower()] = row.name
	return lookup


def survey_items() -> list[SurveyItem]:
	"""The manufacturer's CSI survey items kept in Service Advisor Settings."""
	return [
		SurveyItem(row.survey_item, row.also_written_as or "", row.section or "", bool(row.advisor_item))
		for row in get_settings().get("csi_items") or []
	]


def ship_survey_items() -> int:
	"""Install data: the survey items shipped with the app (domain/csi.py MANUFACTURER_ITEMS), when the
	site keeps no list yet. Returns the number of rows added."""
	settings = frappe.get_single("Service Advisor Settings")
	if settings.get("csi_items"):
		return 0
	for item in MANUFACTURER_ITEMS:
		settings.append(
			"csi_items",
			{
				"survey_item": item.survey_item,
				"also_written_as": item.also_written_as,
				"section": item.section,
				"advisor_item": int(item.advisor_item),
			},
		)
	settings.save(ignore_permissions=True)
	return len(MANUFACTURER_ITEMS)


def listed_item(text: str | None) -> str | None:
	"""The item of the survey's list that `text` names (as the list writes it), or None."""
	return item_lookup(survey_items()).get(item_key(text))


def import_rows(rows: list[tuple]) -> list[str]:
	existing = {
		(r.advisor, r.period, r.survey_item)
		for r in frappe.get_all("CSI Result", fields=["advisor", "period", "survey_item"])
	}
	records, errors = validate_rows(rows, advisor_lookup(), existing, item_lookup(survey_items()))
	if errors:
		# cell values are the file's, not ours: escaped before they reach the manager's desk as HTML
		shown = [
			_(MESSAGES[e.kind]).format(e.row, escape_html(str(e.detail))) for e in errors[:MAX_ERRORS_SHOWN]
		]
		if len(errors) > MAX_ERRORS_SHOWN:
			shown.append(_("… and {0} more").format(len(errors) - MAX_ERRORS_SHOWN))
		frappe.throw(
			"<br>".join(shown),
			CsiImportError,
			title=_("CSI file not imported"),
		)
	names = []
	for record in records:
		doc = frappe.get_doc(
			{
				"doctype": "CSI Result",
				"advisor": record.advisor,
				"period": record.period,
				"survey_item": record.survey_item,
				"advisor_score": record.advisor_score,
				"national_average": record.national_average,
				"full_mark_count": record.full_mark_count,
			}
		).insert()
		names.append(doc.name)
	return names


def import_file(content: bytes) -> list[str]:
	return import_rows(read_rows(content))
