# Copyright (c) 2026, service_advisor developers
# For license information, please see license.txt
"""The scorecard computation for any month, before or after scorecards exist (a fixed number of
set-based queries whatever the number of advisors)."""

import frappe
from frappe import _

from service_advisor.reports import advisor_scope, column, company_column, company_scope, rank_within
from service_advisor.services import scorecard
from service_advisor.services.company import advisor_companies
from service_advisor.services.replica import read_only


@read_only
def execute(filters=None):
	filters = frappe._dict(filters or {})
	rows = assessment_rows(filters)
	columns = [
		company_column(),
		column("advisor", "Advisor", "Link", "User", 200),
		column("score", "6S Score (%)", "Float", width=100),
		column("inspection_count", "Inspections", "Int", width=90),
		column("weeks_below_minimum", "Weeks Below the Minimum Inspections", width=180),
		column("complaint_count", "Complaints", "Int", width=90),
		column("base_commission", "Base Commission", "Currency", width=120),
		column("rewards", "Rewards", "Currency", width=110),
		column("penalties", "Penalties", "Currency", width=110),
		column("deposit", "Deposit Withheld", "Currency", width=120),
		column("payable", "Payable", "Currency", width=120),
		column("rank", "Rank in Company (Payable)", "Int", width=120),
	]
	chart = {
		"data": {
			"labels": [r["advisor"] for r in rows],
			"datasets": [{"name": _("Payable"), "values": [r["payable"] for r in rows]}],
		},
		"type": "bar",
	}
	return columns, rows, None, chart


def assessment_rows(filters) -> list[dict]:
	"""Each company's advisors computed on that company's documents (rankings within the company)."""
	month, start, _end = scorecard.parse_month(filters.get("month"))
	advisor = advisor_scope(filters, "Advisor Scorecard")
	allowed = company_scope(filters)
	candidates = [advisor] if advisor else scorecard.advisor_users()
	companies = advisor_companies(candidates)
	rows = []
	chosen = sorted(allowed if allowed is not None else {c for c in companies.values() if c})
	by_company = scorecard.gather_companies(month, chosen)  # one set of queries for every company
	for company in chosen:
		gathered, context = by_company[company], scorecard.month_context(start, company)
		members = {a for a, c in companies.items() if c == company}
		if not advisor:  # and anyone with the company's documents this month
			members |= set(gathered[0])
		rows.extend(company_rows(company, sorted(members), month, gathered, context))
	rank_within(rows, "payable")
	return rows


def company_rows(company, members, month, gathered, context) -> list[dict]:
	rows = []
	for name in members:
		result, weeks, inspections = scorecard.compute_for(name, month, gathered, context)
		rows.append(
			{
				"company": company,
				"advisor": name,
				"score": result.score if result.assessed else None,  # not assessed: no spot check
				"inspection_count": inspections,
				"weeks_below_minimum": ", ".join(weeks),
				"complaint_count": result.complaint_count,
				"base_commission": result.base_commission,
				"score_percent": result.score if result.assessed else None,
				"commission_at_score": round(result.base_commission * result.score / 100, 2),
				"rewards": result.rewards,
				"penalties": result.penalties,
				"deposit_forfeited": int(result.deposit_forfeited),
				"deposit": result.deposit,
				"payable": result.payable,
			}
		)
	return rows
