# Copyright (c) 2026, service_advisor developers
# For license information, please see license.txt
"""Digital inspections that sell the work: per company, advisor and technician for a period — coverage
(orders with a completed inspection ÷ orders), points found yellow and red, lines quoted and approved
(count and money), the approval rate with photos and without, and the hours from the inspection to the
customer's decision. One query: the period's orders with their inspections and quotes aggregated per
order in derived tables, which MariaDB computes for the period's orders only (lateral derived tables,
each from one covering index)."""

import frappe
from frappe.query_builder import Case, CustomFunction
from frappe.query_builder.functions import Count, Sum
from pypika.terms import LiteralValue

from service_advisor.domain import repair_order as ro_rules
from service_advisor.reports import advisor_scope, column, company_column, date_range, percent, scope_company
from service_advisor.services.replica import read_only

TimestampDiff = CustomFunction("TIMESTAMPDIFF", ["unit", "start", "end"])


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
	ao = frappe.qb.DocType("Add-on Item")

	period = (ro.arrival_time >= f"{from_date} 00:00:00") & (ro.arrival_time <= f"{to_date} 23:59:59.999999")
	period = period & (ro.workflow_state != ro_rules.CANCELLED)
	inspections = (
		frappe.qb.from_(vi)
		.force_index("order_counts_index")  # covering (setup/indexes.py): no row is read
		.select(
			vi.repair_order,
			Sum(vi.yellow_count).as_("yellow"),
			Sum(vi.red_count).as_("red"),
		)
		.where(vi.docstatus == 1)
		.groupby(vi.repair_order)
	).as_("ins")

	photo = ao.inspection_photo == 1
	approved = ao.decision == "Approved"
	decided = ao.decision != "Pending"

	def count(condition):
		return Sum(Case().when(condition, 1).else_(0))

	# every column comes from the quote itself (photo flag and inspection time are kept on it): the
	# derived table is read from one covering index (setup/indexes.py)
	quotes = (
		frappe.qb.from_(ao)
		.force_index("order_quote_index")
		.select(
			ao.repair_order,
			Count(ao.name).as_("quoted"),
			Sum(ao.estimated_total).as_("quoted_value"),
			count(approved).as_("approved"),
			Sum(Case().when(approved, ao.estimated_total).else_(0)).as_("approved_value"),
			count(decided & photo).as_("decided_photo"),
			count(approved & photo).as_("approved_photo"),
			count(decided & ~photo).as_("decided_plain"),
			count(approved & ~photo).as_("approved_plain"),
			count(decided).as_("decided"),
			Sum(
				Case()
				.when(decided, TimestampDiff(LiteralValue("SECOND"), ao.inspected_on, ao.decided_on))
				.else_(0)
			).as_("decision_seconds"),
		)
		.where(ao.vehicle_inspection.isnotnull())
		.groupby(ao.repair_order)
	).as_("q")

	query = (
		frappe.qb.from_(ro)
		.left_join(inspections)
		.on(inspections.repair_order == ro.name)
		.left_join(quotes)
		.on(quotes.repair_order == ro.name)
		.select(
			ro.company,
			ro.advisor,
			ro.technician,
			Count(ro.name).as_("orders"),
			Count(inspections.repair_order).as_("inspected"),
			Sum(inspections.yellow).as_("yellow"),
			Sum(inspections.red).as_("red"),
			Sum(quotes.quoted).as_("quoted"),
			Sum(quotes.quoted_value).as_("quoted_value"),
			Sum(quotes.approved).as_("approved"),
			Sum(quotes.approved_value).as_("approved_value"),
			Sum(quotes.decided_photo).as_("decided_photo"),
			Sum(quotes.approved_photo).as_("approved_photo"),
			Sum(quotes.decided_plain).as_("decided_plain"),
			Sum(quotes.approved_plain).as_("approved_plain"),
			Sum(quotes.decided).as_("decided"),
			Sum(quotes.decision_seconds).as_("decision_seconds"),
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
