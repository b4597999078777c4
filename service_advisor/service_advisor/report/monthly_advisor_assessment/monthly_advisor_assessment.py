# Copyright (c) 2026, service_advisor developers
# For license information, please see license.txt
"""The scorecard computation for any month, before or after scorecards exist (a fixed number of
set-based queries whatever the number of advisors)."""

import frappe
from frappe import _

from service_advisor.reports import advisor_scope, column
from service_advisor.services import scorecard


def execute(filters=None):
	filters = frappe._dict(filters or {})
	rows = assessment_rows(filters)
	columns = [
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
	month, start, _end = scorecard.parse_month(filters.get("month"))
	gathered = scorecard.gather(month)
	context = scorecard.month_context(start)
	advisor = advisor_scope(filters, "Advisor Scorecard")
	advisors = [advisor] if advisor else sorted(set(scorecard.advisor_users()) | set(gathered[0]))
	rows = []
	for name in advisors:
		result, weeks, inspections = scorecard.compute_for(name, month, gathered, context)
		rows.append(
			{
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
