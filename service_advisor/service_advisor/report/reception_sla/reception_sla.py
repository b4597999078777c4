# Copyright (c) 2026, service_advisor developers
# For license information, please see license.txt
"""Share of arrivals greeted within the SLA, per advisor (or the breaches themselves)."""

import frappe
from frappe.query_builder import Case
from frappe.query_builder.functions import Avg, Count, Sum

from service_advisor.reports import advisor_scope, column, company_column, date_range, percent, scope_company
from service_advisor.services.replica import read_only


@read_only
def execute(filters=None):
	filters = frappe._dict(filters or {})
	if filters.get("show_breaches"):
		return breach_columns(), breaches(filters)
	columns = [
		company_column(),
		column("advisor", "Advisor", "Link", "User", 200),
		column("arrivals", "Arrivals", "Int", width=90),
		column("greeted", "Greeted", "Int", width=90),
		column("within_sla", "Within SLA", "Int", width=90),
		column("breaches", "Breaches", "Int", width=90),
		column("within_sla_percent", "Within SLA (%)", "Percent", width=110),
		column("average_delay", "Average Delay (Minutes)", "Float", width=150),
	]
	return columns, summary(filters)


def base_query(filters):
	from_date, to_date = date_range(filters)
	ro = frappe.qb.DocType("Repair Order")
	query = frappe.qb.from_(ro).where(
		ro.arrival_time.between(f"{from_date} 00:00:00", f"{to_date} 23:59:59.999999")
		& (ro.workflow_state != "Cancelled")
	)
	query = scope_company(query, ro.company, filters)
	advisor = advisor_scope(filters)
	if advisor:
		query = query.where(ro.advisor == advisor)
	return ro, query


def summary(filters) -> list[dict]:
	ro, query = base_query(filters)
	greeted = Case().when(ro.greeting_time.isnotnull(), 1).else_(0)
	within = Case().when(ro.greeting_time.isnotnull() & (ro.greeting_sla_breached == 0), 1).else_(0)
	rows = (
		query.select(
			ro.company,
			ro.advisor,
			Count(ro.name).as_("arrivals"),
			Sum(greeted).as_("greeted"),
			Sum(within).as_("within_sla"),
			Sum(ro.greeting_sla_breached).as_("breaches"),
			Avg(ro.greeting_delay_minutes).as_("average_delay"),
		)
		.groupby(ro.company, ro.advisor)
		.orderby(ro.company)
		.orderby(ro.advisor)
	).run(as_dict=True)
	for row in rows:
		row.greeted, row.within_sla, row.breaches = (
			int(row.greeted or 0),
			int(row.within_sla or 0),
			int(row.breaches or 0),
		)
		row.within_sla_percent = percent(row.within_sla, row.arrivals)
		row.average_delay = round(float(row.average_delay or 0), 2)
	return rows


def breach_columns():
	return [
		column("repair_order", "Repair Order", "Link", "Repair Order", 160),
		company_column(),
		column("advisor", "Advisor", "Link", "User", 200),
		column("arrival_time", "Arrival Time", "Datetime", width=160),
		column("greeting_time", "Greeting Time", "Datetime", width=160),
		column("greeting_delay_minutes", "Greeting Delay (Minutes)", "Float", width=150),
	]


def breaches(filters) -> list[dict]:
	ro, query = base_query(filters)
	return (
		query.select(
			ro.name.as_("repair_order"),
			ro.company,
			ro.advisor,
			ro.arrival_time,
			ro.greeting_time,
			ro.greeting_delay_minutes,
		)
		.where(ro.greeting_sla_breached == 1)
		.orderby(ro.arrival_time)
	).run(as_dict=True)
