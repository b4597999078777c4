# Copyright (c) 2026, service_advisor developers
# For license information, please see license.txt

import frappe

from service_advisor.reports import column, company_column
from service_advisor.service_advisor.report.monthly_advisor_assessment.monthly_advisor_assessment import (
	assessment_rows,
)
from service_advisor.services.replica import read_only


@read_only
def execute(filters=None):
	filters = frappe._dict(filters or {})
	columns = [
		company_column(),
		column("advisor", "Advisor", "Link", "User", 200),
		column("base_commission", "Base Commission", "Currency"),
		column("score_percent", "Score (%)", "Float", width=90),
		column("commission_at_score", "Commission at Score", "Currency", width=140),
		column("rewards", "Rewards", "Currency"),
		column("penalties", "Penalties", "Currency"),
		column("deposit_forfeited", "Deposit Forfeited", "Check", width=110),
		column("deposit", "Deposit Withheld", "Currency"),
		column("payable", "Payable", "Currency"),
	]
	return columns, assessment_rows(filters)
