"""Shared helpers of the Script Reports: filters as parameters, rows scoped to what the user may read."""

import frappe
from frappe import _
from frappe.utils import getdate

from service_advisor.permissions import restricted
from service_advisor.services.company import allowed_companies


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


def company_scope(filters: dict) -> list[str] | None:
	"""The companies a report covers: the Company filter's, else every company the user's User
	Permissions allow (None: all). A company outside the user's permissions is refused."""
	allowed = allowed_companies()
	company = filters.get("company")
	if company:
		if allowed is not None and company not in allowed:
			frappe.throw(
				_("You are not permitted to see company {0}.").format(company), frappe.PermissionError
			)
		return [company]
	return allowed


def scope_company(query, field, filters: dict):
	"""`query` restricted to the report's companies."""
	companies = company_scope(filters)
	return query if companies is None else query.where(field.isin(companies))


def company_column() -> dict:
	return column("company", "Company", "Link", "Company", 160)


def rank_within(rows: list[dict], key: str, company_key: str = "company", field: str = "rank") -> None:
	"""Competition rank (1, 1, 3) of each row by `key`, highest first, within its company."""
	by_company: dict[str, list[dict]] = {}
	for row in rows:
		by_company.setdefault(row.get(company_key) or "", []).append(row)
	for group in by_company.values():
		values = sorted((float(r.get(key) or 0) for r in group), reverse=True)
		for row in group:
			row[field] = values.index(float(row.get(key) or 0)) + 1


def percent(part: float, whole: float) -> float:
	return round(100.0 * part / whole, 2) if whole else 0.0


def column(
	fieldname: str, label: str, fieldtype: str = "Data", options: str | None = None, width: int = 120
) -> dict:
	col = {"fieldname": fieldname, "label": _(label), "fieldtype": fieldtype, "width": width}
	if options:
		col["options"] = options
	return col
