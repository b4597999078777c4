# Copyright (c) 2026, service_advisor developers
# For license information, please see license.txt
"""Declined add-ons followed up: declined value, recovered (booked again) value and rate per advisor."""

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
		column("declined", "Declined Add-ons", "Int", width=120),
		column("declined_value", "Declined Value", "Currency", width=120),
		column("recovered", "Recovered", "Int", width=100),
		column("recovered_value", "Recovered Value", "Currency", width=120),
		column("recovery_percent", "Recovery Rate (%)", "Percent", width=120),
	]
	return columns, rows(filters)


def rows(filters) -> list[dict]:
	from_date, to_date = date_range(filters)
	cb = frappe.qb.DocType("Callback")
	booked = cb.service_appointment.isnotnull()
	query = (
		frappe.qb.from_(cb)
		.select(
			cb.company,
			cb.advisor,
			Count(cb.name).as_("declined"),
			Sum(cb.declined_value).as_("declined_value"),
			Sum(Case().when(booked, 1).else_(0)).as_("recovered"),
			Sum(Case().when(booked, cb.declined_value).else_(0)).as_("recovered_value"),
		)
		.where((cb.callback_type == "Declined Work") & cb.first_due_date.between(from_date, to_date))
		.groupby(cb.company, cb.advisor)
		.orderby(cb.company)
		.orderby(cb.advisor)
	)
	query = scope_company(query, cb.company, filters)
	advisor = advisor_scope(filters, "Callback")
	if advisor:
		query = query.where(cb.advisor == advisor)
	result = query.run(as_dict=True)
	for row in result:
		row.recovered = int(row.recovered or 0)
		row.declined_value, row.recovered_value = (
			float(row.declined_value or 0),
			float(row.recovered_value or 0),
		)
		row.recovery_percent = percent(row.recovered_value, row.declined_value)
	return result
