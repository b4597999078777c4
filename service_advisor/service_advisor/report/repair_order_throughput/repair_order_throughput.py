# Copyright (c) 2026, service_advisor developers
# For license information, please see license.txt
"""Time repair orders spend in each workflow state (from the state log), for states entered in the range."""

import frappe
from frappe.query_builder.functions import Avg, Count, Max, Sum

from service_advisor.domain.repair_order import STATES
from service_advisor.reports import advisor_scope, column, date_range


def execute(filters=None):
	filters = frappe._dict(filters or {})
	columns = [
		column("state", "State", width=190),
		column("orders", "Orders", "Int", width=90),
		column("completed", "Left the State", "Int", width=110),
		column("average_hours", "Average Hours", "Float", width=110),
		column("max_hours", "Longest (Hours)", "Float", width=110),
		column("total_hours", "Total Hours", "Float", width=110),
	]
	return columns, rows(filters)


def rows(filters) -> list[dict]:
	from_date, to_date = date_range(filters)
	log = frappe.qb.DocType("Repair Order State Log")
	query = (
		frappe.qb.from_(log)
		.select(
			log.state,
			Count(log.name).as_("orders"),
			Count(log.left_at).as_("completed"),
			Avg(log.hours).as_("average_hours"),
			Max(log.hours).as_("max_hours"),
			Sum(log.hours).as_("total_hours"),
		)
		.where(log.entered_at.between(f"{from_date} 00:00:00", f"{to_date} 23:59:59.999999"))
		.groupby(log.state)
	)
	if filters.get("company"):
		query = query.where(log.company == filters.company)
	advisor = advisor_scope(filters)
	if advisor:
		query = query.where(log.advisor == advisor)
	result = {row.state: row for row in query.run(as_dict=True)}
	out = []
	for state in STATES:  # in process order
		row = result.get(state)
		if row:
			for key in ("average_hours", "max_hours", "total_hours"):
				row[key] = round(float(row[key] or 0), 2)
			out.append(row)
	return out
