# Copyright (c) 2026, service_advisor developers
# For license information, please see license.txt
"""Add-on items proposed vs approved / declined, count and value, per advisor."""

import frappe
from frappe.query_builder import Case
from frappe.query_builder.functions import Count, Sum

from service_advisor.reports import advisor_scope, column, company_column, date_range, percent, scope_company
from service_advisor.services.replica import read_only


@read_only
def execute(filters=None):
	filters = frappe._dict(filters or {})
	columns = [
		company_column(),
		column("advisor", "Advisor", "Link", "User", 200),
		column("proposed", "Proposed", "Int", width=90),
		column("proposed_value", "Proposed Value", "Currency", width=120),
		column("approved", "Approved", "Int", width=90),
		column("approved_value", "Approved Value", "Currency", width=120),
		column("declined", "Declined", "Int", width=90),
		column("declined_value", "Declined Value", "Currency", width=120),
		column("approval_percent", "Approval Rate (%)", "Percent", width=120),
	]
	return columns, rows(filters)


def rows(filters) -> list[dict]:
	from_date, to_date = date_range(filters)
	a = frappe.qb.DocType("Add-on Item")

	def when(decision, value):
		return Sum(Case().when(a.decision == decision, value).else_(0))

	query = (
		frappe.qb.from_(a)
		.select(
			a.company,
			a.advisor,
			Count(a.name).as_("proposed"),
			Sum(a.estimated_total).as_("proposed_value"),
			when("Approved", 1).as_("approved"),
			when("Approved", a.estimated_total).as_("approved_value"),
			when("Declined", 1).as_("declined"),
			when("Declined", a.estimated_total).as_("declined_value"),
		)
		.where(a.creation.between(f"{from_date} 00:00:00", f"{to_date} 23:59:59.999999"))
		.groupby(a.company, a.advisor)
		.orderby(a.company)
		.orderby(a.advisor)
	)
	query = scope_company(query, a.company, filters)
	advisor = advisor_scope(filters)
	if advisor:
		query = query.where(a.advisor == advisor)
	result = query.run(as_dict=True)
	for row in result:
		row.approved, row.declined = int(row.approved or 0), int(row.declined or 0)
		for key in ("proposed_value", "approved_value", "declined_value"):
			row[key] = float(row[key] or 0)
		row.approval_percent = percent(row.approved, row.proposed)
	return result
