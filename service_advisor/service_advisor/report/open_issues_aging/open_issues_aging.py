# Copyright (c) 2026, service_advisor developers
# For license information, please see license.txt
"""Unresolved customer open issues by owner, aged from the promised date (as of the To Date)."""

import frappe
from frappe.query_builder import Case
from frappe.query_builder.functions import Count, Sum
from pypika import CustomFunction

from service_advisor.reports import advisor_scope, column, company_column, date_range, scope_company
from service_advisor.services.replica import read_only

DATEDIFF = CustomFunction("DATEDIFF", ["end_date", "start_date"])  # MariaDB: days from start to end
BUCKETS = (
	("not_due", None, 0),
	("overdue_1_7", 1, 7),
	("overdue_8_30", 8, 30),
	("overdue_31_plus", 31, None),
)


@read_only
def execute(filters=None):
	filters = frappe._dict(filters or {})
	columns = [
		company_column(),
		column("responsible_person", "Owner (First Responsible Person)", "Link", "User", 220),
		column("open_issues", "Open Issues", "Int", width=100),
		column("not_due", "Not Yet Due", "Int", width=100),
		column("overdue_1_7", "Overdue 1-7 Days", "Int", width=120),
		column("overdue_8_30", "Overdue 8-30 Days", "Int", width=120),
		column("overdue_31_plus", "Overdue 31+ Days", "Int", width=120),
		column("escalated", "Escalated", "Int", width=90),
	]
	return columns, rows(filters)


def rows(filters) -> list[dict]:
	_from_date, to_date = date_range(filters)  # open as of the To Date
	issue = frappe.qb.DocType("Customer Open Issue")
	overdue_days = DATEDIFF(to_date, issue.promised_date)
	sums = []
	for key, low, high in BUCKETS:
		condition = overdue_days <= 0 if low is None else overdue_days >= low
		if high is not None and low is not None:
			condition = condition & (overdue_days <= high)
		sums.append(Sum(Case().when(condition, 1).else_(0)).as_(key))
	query = (
		frappe.qb.from_(issue)
		.select(
			issue.company,
			issue.responsible_person,
			Count(issue.name).as_("open_issues"),
			*sums,
			Sum(issue.escalated).as_("escalated"),
		)
		.where(
			(issue.creation <= f"{to_date} 23:59:59.999999")
			& ((issue.status != "Resolved") | (issue.resolved_on > to_date))
		)
		.groupby(issue.company, issue.responsible_person)
		.orderby(issue.company)
		.orderby(issue.responsible_person)
	)
	query = scope_company(query, issue.company, filters)
	advisor = advisor_scope(filters)
	if advisor:
		query = query.where(issue.responsible_person == advisor)
	result = query.run(as_dict=True)
	for row in result:
		for key in (*[b[0] for b in BUCKETS], "escalated"):
			row[key] = int(row[key] or 0)
	return result
