# Copyright (c) 2026, service_advisor developers
# For license information, please see license.txt
"""Advisor KPIs over orders delivered in the range: effective labour rate (labour sales / sold hours, the
quantity of labour items being hours), hours per repair order, first-time-right (no QC rework), comeback
rate (the same vehicle delivered before within the repeat-repair window) and add-on approval rate.
Two set-based queries whatever the number of advisors or companies."""

import frappe
from frappe.query_builder import Case
from frappe.query_builder.functions import Count, Sum
from pypika import CustomFunction

from service_advisor.reports import (
	advisor_scope,
	column,
	company_column,
	company_scope,
	date_range,
	percent,
	rank_within,
)
from service_advisor.services.replica import read_only
from service_advisor.services.settings import setting

SUBDATE = CustomFunction("SUBDATE", ["moment", "days"])  # MariaDB: SUBDATE(moment, days)


@read_only
def execute(filters=None):
	filters = frappe._dict(filters or {})
	columns = [
		company_column(),
		column("advisor", "Advisor", "Link", "User", 200),
		column("orders", "Orders Delivered", "Int", width=120),
		column("labour_sales", "Labour Sales", "Currency", width=120),
		column("sold_hours", "Sold Hours", "Float", width=100),
		column("effective_labour_rate", "Effective Labour Rate", "Currency", width=140),
		column("hours_per_order", "Hours per Repair Order", "Float", width=150),
		column("first_time_right_percent", "First Time Right (%)", "Percent", width=140),
		column("comeback_percent", "Comeback Rate (%)", "Percent", width=130),
		column("add_on_approval_percent", "Add-on Approval Rate (%)", "Percent", width=160),
		column("rank", "Rank in Company (Labour Sales)", "Int", width=120),
	]
	return columns, rows(filters)


def rows(filters) -> list[dict]:
	from_date, to_date = date_range(filters)
	start, end = f"{from_date} 00:00:00", f"{to_date} 23:59:59.999999"
	advisor = advisor_scope(filters)
	ro = frappe.qb.DocType("Repair Order")
	delivered = (ro.docstatus == 1) & ro.delivered_on.between(start, end)
	if advisor:
		delivered = delivered & (ro.advisor == advisor)
	companies = company_scope(filters)
	if companies is not None:
		delivered = delivered & ro.company.isin(companies)

	# labour sales, sold hours and the vehicle's previous delivery are kept on the order (set with its
	# lines and at its arrival), so the month's orders are read from one covering index (setup/indexes.py)
	window = int(setting("repeat_repair_window_days"))
	comeback = ro.previous_delivery >= SUBDATE(ro.arrival_time, window)
	orders = (
		frappe.qb.from_(ro)
		.select(
			ro.company,
			ro.advisor,
			Count(ro.name).as_("orders"),
			Sum(Case().when(ro.rework_count == 0, 1).else_(0)).as_("first_time_right"),
			Sum(ro.labour_total).as_("labour_sales"),
			Sum(ro.labour_hours).as_("sold_hours"),
			Sum(Case().when(comeback, 1).else_(0)).as_("comebacks"),
		)
		.where(delivered)
		.groupby(ro.company, ro.advisor)
	).run(as_dict=True)
	add_on = frappe.qb.DocType("Add-on Item")
	approvals_query = (
		frappe.qb.from_(add_on)
		.select(
			add_on.company,
			add_on.advisor,
			Sum(Case().when(add_on.decision == "Approved", 1).else_(0)).as_("approved"),
			Sum(Case().when(add_on.decision.isin(["Approved", "Declined"]), 1).else_(0)).as_("decided"),
		)
		.where(add_on.decided_on.between(start, end))
		.groupby(add_on.company, add_on.advisor)
	)
	if advisor:
		approvals_query = approvals_query.where(add_on.advisor == advisor)
	if companies is not None:
		approvals_query = approvals_query.where(add_on.company.isin(companies))
	approvals = {(r.company, r.advisor): r for r in approvals_query.run(as_dict=True)}

	result = []
	for row in sorted(orders, key=lambda r: (r.company or "", r.advisor or "")):
		key = (row.company, row.advisor)
		sales, hours = float(row.labour_sales or 0), float(row.sold_hours or 0)
		decided = approvals.get(key) or frappe._dict(approved=0, decided=0)
		result.append(
			frappe._dict(
				company=row.company,
				advisor=row.advisor,
				orders=row.orders,
				labour_sales=sales,
				sold_hours=hours,
				effective_labour_rate=round(sales / hours, 2) if hours else 0.0,
				hours_per_order=round(hours / row.orders, 2) if row.orders else 0.0,
				first_time_right_percent=percent(int(row.first_time_right or 0), row.orders),
				comeback_percent=percent(int(row.comebacks or 0), row.orders),
				add_on_approval_percent=percent(int(decided.approved or 0), int(decided.decided or 0)),
			)
		)
	rank_within(result, "labour_sales")
	return result
