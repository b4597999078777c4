# Copyright (c) 2026, service_advisor developers
# For license information, please see license.txt
"""Show rate: arrivals / appointments (not cancelled), by advisor and source, against the settings' target."""

import frappe
from frappe.query_builder import Case
from frappe.query_builder.functions import Count, Sum

from service_advisor.reports import advisor_scope, column, company_column, date_range, percent, scope_company
from service_advisor.services.replica import read_only
from service_advisor.services.settings import setting


@read_only
def execute(filters=None):
	filters = frappe._dict(filters or {})
	columns = [
		company_column(),
		column("advisor", "Advisor", "Link", "User", 200),
		column("source", "Source", width=170),
		column("appointments", "Appointments", "Int", width=110),
		column("arrivals", "Arrivals", "Int", width=90),
		column("no_shows", "No-shows", "Int", width=90),
		column("show_rate", "Show Rate (%)", "Percent", width=110),
		column("target", "Target (%)", "Percent", width=90),
		column("below_target", "Below Target", "Check", width=100),
	]
	return columns, rows(filters)


def rows(filters) -> list[dict]:
	from_date, to_date = date_range(filters)
	target = float(setting("show_rate_target"))
	a = frappe.qb.DocType("Service Appointment")
	query = (
		frappe.qb.from_(a)
		.select(
			a.company,
			a.advisor,
			a.source,
			Count(a.name).as_("appointments"),
			Sum(Case().when(a.status == "Arrived", 1).else_(0)).as_("arrivals"),
			Sum(Case().when(a.status == "No-show", 1).else_(0)).as_("no_shows"),
		)
		.where(
			a.scheduled_start.between(f"{from_date} 00:00:00", f"{to_date} 23:59:59.999999")
			& (a.status != "Cancelled")
		)
		.groupby(a.company, a.advisor, a.source)
		.orderby(a.company)
		.orderby(a.advisor)
		.orderby(a.source)
	)
	query = scope_company(query, a.company, filters)
	advisor = advisor_scope(filters)
	if advisor:
		query = query.where(a.advisor == advisor)
	result = query.run(as_dict=True)
	for row in result:
		row.arrivals, row.no_shows = int(row.arrivals or 0), int(row.no_shows or 0)
		row.show_rate = percent(row.arrivals, row.appointments)
		row.target = target
		row.below_target = int(row.show_rate < target)
	return result
