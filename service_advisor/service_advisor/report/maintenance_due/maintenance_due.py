# Copyright (c) 2026, service_advisor developers
# For license information, please see license.txt
"""Maintenance invitations per advisor: invited, reached, booked (conversion to appointments)."""

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
		column("maintenance_month", "Month", width=90),
		column("invited", "Customers Due", "Int", width=110),
		column("reached", "Reached", "Int", width=90),
		column("booked", "Appointments Booked", "Int", width=140),
		column("conversion_percent", "Conversion (%)", "Percent", width=110),
	]
	return columns, rows(filters)


def rows(filters) -> list[dict]:
	from_date, to_date = date_range(filters)
	cb = frappe.qb.DocType("Callback")
	query = (
		frappe.qb.from_(cb)
		.select(
			cb.company,
			cb.advisor,
			cb.maintenance_month,
			Count(cb.name).as_("invited"),
			Sum(Case().when(cb.status == "Completed", 1).else_(0)).as_("reached"),
			Sum(Case().when(cb.service_appointment.isnotnull(), 1).else_(0)).as_("booked"),
		)
		.where(
			(cb.callback_type == "Maintenance Invitation")
			& cb.maintenance_month.between(from_date.strftime("%Y-%m"), to_date.strftime("%Y-%m"))
		)
		.groupby(cb.company, cb.advisor, cb.maintenance_month)
		.orderby(cb.company)
		.orderby(cb.maintenance_month)
		.orderby(cb.advisor)
	)
	query = scope_company(query, cb.company, filters)
	advisor = advisor_scope(filters, "Callback")
	if advisor:
		query = query.where(cb.advisor == advisor)
	result = query.run(as_dict=True)
	for row in result:
		row.reached, row.booked = int(row.reached or 0), int(row.booked or 0)
		row.conversion_percent = percent(row.booked, row.invited)
	return result
