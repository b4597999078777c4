"""Shared helpers of the Script Reports: filters as parameters, rows scoped to what the user may read."""

import frappe
from frappe import _
from frappe.utils import getdate

from service_advisor.permissions import restricted


def date_range(filters: dict) -> tuple:
	from_date, to_date = getdate(filters.get("from_date")), getdate(filters.get("to_date"))
	if not from_date or not to_date or from_date > to_date:
		frappe.throw(_("Give a From Date on or before the To Date."), frappe.ValidationError)
	return from_date, to_date


def advisor_scope(filters: dict, doctype: str = "Repair Order") -> str | None:
	"""The advisor filter to apply: an advisor without a see-all role sees only their own rows."""
	if restricted(doctype):
		return frappe.session.user
	return filters.get("advisor") or None


def percent(part: float, whole: float) -> float:
	return round(100.0 * part / whole, 2) if whole else 0.0


def column(
	fieldname: str, label: str, fieldtype: str = "Data", options: str | None = None, width: int = 120
) -> dict:
	col = {"fieldname": fieldname, "label": _(label), "fieldtype": fieldtype, "width": width}
	if options:
		col["options"] = options
	return col
