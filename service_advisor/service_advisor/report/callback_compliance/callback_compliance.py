# Copyright (c) 2026, service_advisor developers
# For license information, please see license.txt
"""The calls after delivery done on time: customer service's satisfaction survey (within days) and the
advisor's next-day care call (working rule 10), each by its rule; reached rate; the survey's satisfaction mix."""

import frappe
from frappe.query_builder import Case
from frappe.query_builder.functions import Count, Date, Sum

from service_advisor.reports import advisor_scope, column, company_column, date_range, percent, scope_company
from service_advisor.services.replica import read_only

# customer service's survey (客服回访) and the advisor's own next-day care call
CALLS = ("After Service", "Care Call")


@read_only
def execute(filters=None):
	filters = frappe._dict(filters or {})
	columns = [
		company_column(),
		column("advisor", "Advisor", "Link", "User", 200),
		column("callback_type", "Call", width=120),
		column("due_rule", "Due Rule", width=170),
		column("callbacks", "Callbacks", "Int", width=90),
		column("on_time", "Done on Time", "Int", width=100),
		column("on_time_percent", "On Time (%)", "Percent", width=100),
		column("reached", "Reached", "Int", width=90),
		column("reached_percent", "Reached (%)", "Percent", width=100),
		column("satisfied", "Satisfied", "Int", width=90),
		column("neutral", "Neutral", "Int", width=90),
		column("dissatisfied", "Dissatisfied", "Int", width=100),
	]
	return columns, rows(filters)


def rows(filters) -> list[dict]:
	from_date, to_date = date_range(filters)
	cb = frappe.qb.DocType("Callback")
	on_time = (
		Case().when((cb.status == "Completed") & (Date(cb.completed_on) <= cb.first_due_date), 1).else_(0)
	)
	reached = Case().when(cb.status == "Completed", 1).else_(0)
	answer = lambda value: Case().when(cb.satisfaction_attitude == value, 1).else_(0)  # noqa: E731
	query = (
		frappe.qb.from_(cb)
		.select(
			cb.company,
			cb.advisor,
			cb.callback_type,
			cb.due_rule,
			Count(cb.name).as_("callbacks"),
			Sum(on_time).as_("on_time"),
			Sum(reached).as_("reached"),
			Sum(answer("Satisfied")).as_("satisfied"),
			Sum(answer("Neutral")).as_("neutral"),
			Sum(answer("Dissatisfied")).as_("dissatisfied"),
		)
		.where(cb.callback_type.isin(CALLS) & cb.first_due_date.between(from_date, to_date))
		.groupby(cb.company, cb.advisor, cb.callback_type, cb.due_rule)
		.orderby(cb.company)
		.orderby(cb.advisor)
		.orderby(cb.callback_type)
		.orderby(cb.due_rule)
	)
	query = scope_company(query, cb.company, filters)
	advisor = advisor_scope(filters, "Callback")
	if advisor:
		query = query.where(cb.advisor == advisor)
	result = query.run(as_dict=True)
	for row in result:
		for key in ("on_time", "reached", "satisfied", "neutral", "dissatisfied"):
			row[key] = int(row[key] or 0)
		row.on_time_percent = percent(row.on_time, row.callbacks)
		row.reached_percent = percent(row.reached, row.callbacks)
	return result
