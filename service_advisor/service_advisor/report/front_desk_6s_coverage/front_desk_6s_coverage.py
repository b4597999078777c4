# Copyright (c) 2026, service_advisor developers
# For license information, please see license.txt
"""Submitted 6S inspections per advisor per ISO week against the weekly minimum in settings."""

import frappe
from frappe.query_builder.functions import Avg, Count

from service_advisor.reports import advisor_scope, column, company_column, date_range, scope_company
from service_advisor.services.replica import read_only
from service_advisor.services.settings import setting


@read_only
def execute(filters=None):
	filters = frappe._dict(filters or {})
	columns = [
		company_column(),
		column("advisor", "Advisor", "Link", "User", 200),
		column("week", "ISO Week", width=100),
		column("inspections", "Inspections", "Int", width=100),
		column("minimum", "Minimum", "Int", width=90),
		column("below_minimum", "Below the Minimum", "Check", width=130),
		column("average_score", "Average Score", "Float", width=110),
	]
	return columns, rows(filters)


def rows(filters) -> list[dict]:
	from_date, to_date = date_range(filters)
	minimum = int(setting("min_inspections_per_week"))
	i = frappe.qb.DocType("Front Desk 6S Inspection")
	query = (
		frappe.qb.from_(i)
		.select(
			i.company, i.advisor, i.week, Count(i.name).as_("inspections"), Avg(i.score).as_("average_score")
		)
		.where((i.docstatus == 1) & i.inspection_date.between(from_date, to_date))
		.groupby(i.company, i.advisor, i.week)
		.orderby(i.company)
		.orderby(i.advisor)
		.orderby(i.week)
	)
	query = scope_company(query, i.company, filters)
	advisor = advisor_scope(filters)
	if advisor:
		query = query.where(i.advisor == advisor)
	result = query.run(as_dict=True)
	for row in result:
		row.minimum = minimum
		row.below_minimum = int(row.inspections < minimum)
		row.average_score = round(float(row.average_score or 0), 2)
	return result
