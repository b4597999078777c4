# Copyright (c) 2026, service_advisor developers
# For license information, please see license.txt
"""Time repair orders spend in each workflow state (from the state log), for states entered in the range."""

import frappe
from frappe.query_builder.functions import Avg, Count, Max, Sum

from service_advisor.domain.repair_order import STATES
from service_advisor.reports import advisor_scope, column, company_column, date_range, scope_company
from service_advisor.services.replica import read_only


@read_only
def execute(filters=None):
	filters = frappe._dict(filters or {})
	columns = [
		company_column(),
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
			log.company,
			log.state,
			Count(log.name).as_("orders"),
			Count(log.left_at).as_("completed"),
			Avg(log.hours).as_("average_hours"),
			Max(log.hours).as_("max_hours"),
			Sum(log.hours).as_("total_hours"),
		)
		.where(log.entered_at.between(f"{from_date} 00:00:00", f"{to_date} 23:59:59.999999"))
		.groupby(log.company, log.state)
	)
	query = scope_company(query, log.company, filters)
	advisor = advisor_scope(filters)
	if advisor:
		query = query.where(log.advisor == advisor)
	result = query.run(as_dict=True)
	order = {state: i for i, state in enumerate(STATES)}  # each company's states in process order
	out = sorted(
		(row for row in result if row.state in order), key=lambda r: (r.company or "", order[r.state])
	)
	for row in out:
		for key in ("average_hours", "max_hours", "total_hours"):
			row[key] = round(float(row[key] or 0), 2)
	return out
