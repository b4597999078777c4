# Copyright (c) 2026, service_advisor developers
# For license information, please see license.txt
"""Digital inspections that sell the work: per company, advisor and technician for a period — coverage
(orders with a completed inspection ÷ orders), points found yellow and red, lines quoted and approved
(count and money), the approval rate with photos and without, and the hours from the inspection to the
customer's decision. One query: the period's orders with their inspections aggregated per order in a
derived table, which MariaDB computes for the period's orders only (a lateral derived table over one
covering index); each inspection keeps its quotes' figures."""

import frappe
from frappe.query_builder import Case
from frappe.query_builder.functions import Count, Max, Sum

from service_advisor.domain import inspection as rules
from service_advisor.domain import repair_order as ro_rules
from service_advisor.reports import advisor_scope, column, company_column, date_range, percent, scope_company
from service_advisor.services.replica import read_only


@read_only
def execute(filters=None):
	filters = frappe._dict(filters or {})
	columns = [
		company_column(),
		column("advisor", "Advisor", "Link", "User", 180),
		column("technician", "Technician", "Link", "Employee", 150),
		column("orders", "Orders", "Int", width=80),
		column("inspected", "Inspected Orders", "Int", width=110),
		column("coverage_percent", "Inspection Coverage (%)", "Percent", width=120),
		column("yellow", "Yellow Points", "Int", width=100),
		column("red", "Red Points", "Int", width=90),
		column("quoted", "Lines Quoted", "Int", width=100),
		column("quoted_value", "Quoted Value", "Currency", width=120),
		column("approved", "Lines Approved", "Int", width=110),
		column("approved_value", "Approved Value", "Currency", width=120),
		column("approval_percent", "Approval Rate (%)", "Percent", width=110),
		column("approval_with_photo_percent", "Approval Rate with Photos (%)", "Percent", width=140),
		column("approval_without_photo_percent", "Approval Rate without Photos (%)", "Percent", width=150),
		column("hours_to_decision", "Hours to Decision", "Float", width=120),
	]
	data = rows(filters)
	chart = {
		"data": {
			"labels": [r.advisor or "" for r in data[:20]],
			"datasets": [
				{
					"name": column("quoted_value", "Quoted Value")["label"],
					"values": [r.quoted_value for r in data[:20]],
				},
				{
					"name": column("approved_value", "Approved Value")["label"],
					"values": [r.approved_value for r in data[:20]],
				},
			],
		},
		"type": "bar",
	}
	return columns, data, None, chart


def rows(filters) -> list[dict]:
	from_date, to_date = date_range(filters)
	ro = frappe.qb.DocType("Repair Order")
	vi = frappe.qb.DocType("Vehicle Inspection")

	period = (ro.arrival_time >= f"{from_date} 00:00:00") & (ro.arrival_time <= f"{to_date} 23:59:59.999999")
	period = period & (ro.workflow_state != ro_rules.CANCELLED)
	# each inspection keeps its points' colours and its quotes' figures (added to by every save of a quote,
	# services/inspection.count_quote): one derived table over one covering index (setup/indexes.py),
	# which MariaDB computes for the period's orders only
	submitted = vi.docstatus == 1

	def when_submitted(figure):
		return Sum(Case().when(submitted, figure).else_(0))

	inspections = (
		frappe.qb.from_(vi)
		.force_index("order_figures_index")
		.select(
			vi.repair_order,
			Max(Case().when(submitted, 1).else_(0)).as_("inspected"),
			when_submitted(vi.yellow_count).as_("yellow"),
			when_submitted(vi.red_count).as_("red"),
			*(Sum(vi[name]).as_(name) for name in rules.QUOTE_FIGURES),
		)
		.groupby(vi.repair_order)
	).as_("ins")

	query = (
		frappe.qb.from_(ro)
		.left_join(inspections)
		.on(inspections.repair_order == ro.name)
		.select(
			ro.company,
			ro.advisor,
			ro.technician,
			Count(ro.name).as_("orders"),
			Sum(inspections.inspected).as_("inspected"),
			Sum(inspections.yellow).as_("yellow"),
			Sum(inspections.red).as_("red"),
			Sum(inspections.quoted_lines).as_("quoted"),
			Sum(inspections.quoted_value).as_("quoted_value"),
			Sum(inspections.approved_lines).as_("approved"),
			Sum(inspections.approved_value).as_("approved_value"),
			Sum(inspections.decided_with_photo).as_("decided_photo"),
			Sum(inspections.approved_with_photo).as_("approved_photo"),
			Sum(inspections.decided_without_photo).as_("decided_plain"),
			Sum(inspections.approved_without_photo).as_("approved_plain"),
			Sum(inspections.decided_lines).as_("decided"),
			Sum(inspections.decision_seconds).as_("decision_seconds"),
		)
		.where(period)
		.groupby(ro.company, ro.advisor, ro.technician)
		.orderby(ro.company)
		.orderby(ro.advisor)
		.orderby(ro.technician)
	)
	query = scope_company(query, ro.company, filters)
	advisor = advisor_scope(filters)
	if advisor:
		query = query.where(ro.advisor == advisor)
	if filters.get("technician"):
		query = query.where(ro.technician == filters.technician)
	result = query.run(as_dict=True)
	for row in result:
		for key in (
			"inspected",
			"yellow",
			"red",
			"quoted",
			"approved",
			"decided_photo",
			"approved_photo",
			"decided_plain",
			"approved_plain",
			"decided",
		):
			row[key] = int(row[key] or 0)
		for key in ("quoted_value", "approved_value", "decision_seconds"):
			row[key] = float(row[key] or 0)
		row.coverage_percent = percent(row.inspected, row.orders)
		row.approval_percent = percent(row.approved, row.quoted)
		row.approval_with_photo_percent = percent(row.approved_photo, row.decided_photo)
		row.approval_without_photo_percent = percent(row.approved_plain, row.decided_plain)
		row.hours_to_decision = round(row.decision_seconds / row.decided / 3600, 2) if row.decided else 0.0
	return result
