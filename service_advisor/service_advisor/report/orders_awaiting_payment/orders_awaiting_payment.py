# Copyright (c) 2026, service_advisor developers
# For license information, please see license.txt
"""Settled orders whose customer still owes on the customer invoice (its outstanding amount and that of its
returns): an abandoned or failed pay link, or none sent yet. One query; a restricted advisor sees their own."""

import frappe
from frappe.query_builder import Field
from frappe.query_builder.functions import Coalesce, Sum

from service_advisor.reports import advisor_scope, column, company_column, scope_company
from service_advisor.services.replica import read_only


@read_only
def execute(filters=None):
	filters = frappe._dict(filters or {})
	columns = [
		company_column(),
		column("repair_order", "Repair Order", "Link", "Repair Order", 140),
		column("customer", "Customer", "Link", "Customer", 160),
		column("advisor", "Advisor", "Link", "User", 160),
		column("workflow_state", "State", "Data", width=100),
		column("sales_invoice", "Sales Invoice", "Link", "Sales Invoice", 150),
		column("owed", "Owed", "Currency", width=110),
		column("pay_link_request", "Pay Link (Payment Request)", "Link", "Payment Request", 170),
		column("pay_link_status", "Pay Link Status", "Data", width=110),
		column("vehicle_released_on", "Vehicle Released On", "Datetime", width=150),
		column("payment_exception_by", "Payment Exception By", "Link", "User", 150),
	]
	return columns, rows(filters)


def rows(filters) -> list[dict]:
	ro = frappe.qb.DocType("Repair Order")
	si = frappe.qb.DocType("Sales Invoice")
	ret = frappe.qb.DocType("Sales Invoice").as_("ret")
	pr = frappe.qb.DocType("Payment Request")
	owed = si.outstanding_amount + Coalesce(Sum(ret.outstanding_amount), 0)
	query = (
		frappe.qb.from_(ro)
		.join(si)
		.on((si.name == ro.sales_invoice) & (si.docstatus == 1))
		.left_join(ret)
		.on((ret.return_against == si.name) & (ret.is_return == 1) & (ret.docstatus == 1))
		.left_join(pr)
		.on(pr.name == ro.pay_link_request)
		.select(
			ro.company,
			ro.name.as_("repair_order"),
			ro.customer,
			ro.advisor,
			ro.workflow_state,
			si.name.as_("sales_invoice"),
			owed.as_("owed"),
			ro.pay_link_request,
			pr.status.as_("pay_link_status"),
			ro.vehicle_released_on,
			ro.payment_exception_by,
		)
		.where(ro.docstatus == 1)
		.groupby(ro.name)
		.having(Field("owed") >= 0.005)  # the select alias: MariaDB reads HAVING after the select list
		.orderby(ro.company)
		.orderby(ro.settled_on)
		.orderby(ro.name)
	)
	query = scope_company(query, ro.company, filters)
	advisor = advisor_scope(filters)
	if advisor:
		query = query.where(ro.advisor == advisor)
	result = query.run(as_dict=True)
	for row in result:
		row["owed"] = round(float(row["owed"] or 0), 2)
	return result
