"""Import of the manufacturer's CSI Excel file (openpyxl)."""

from io import BytesIO

import frappe
from frappe import _
from frappe.utils import escape_html

from service_advisor.domain import roles as R
from service_advisor.domain.csi import validate_rows
from service_advisor.exceptions import CsiImportError

MESSAGES = {
	"header": "Row {0}: the columns must be: {1}",
	"unknown_advisor": "Row {0}: unknown advisor {1}",
	"bad_period": "Row {0}: period {1} is not a month written YYYY-MM",
	"not_a_number": "Row {0}: not a number ({1})",
	"negative": "Row {0}: cannot be negative ({1})",
	"missing": "Row {0}: missing {1}",
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


def import_rows(rows: list[tuple]) -> list[str]:
	existing = {
		(r.advisor, r.period, r.survey_item)
		for r in frappe.get_all("CSI Result", fields=["advisor", "period", "survey_item"])
	}
	records, errors = validate_rows(rows, advisor_lookup(), existing)
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
