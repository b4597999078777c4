"""Fill `company` on rows made before dealer groups: from the document each row comes from, else from
the advisor's Employee record, else from the settings' (or the site's default) company. Idempotent:
only rows without a company are touched."""

import frappe
from frappe.query_builder.functions import Coalesce

from service_advisor.services.company import SOURCES

LOG = "Repair Order State Log"


def execute():
	for doctype in (*SOURCES, LOG):
		if not frappe.db.has_column(doctype, "company"):
			continue
		for fieldname, source in SOURCES.get(doctype, (("repair_order", "Repair Order"),)):
			fill_from_link(doctype, fieldname, source)
		if frappe.get_meta(doctype).has_field("advisor"):
			fill_from_advisor(doctype)
		fill_with(doctype, fallback_company())


def missing(table):
	return table.company.isnull() | (table.company == "")


def fill_from_link(doctype: str, fieldname: str, source: str):
	table, src = frappe.qb.DocType(doctype), frappe.qb.DocType(source)
	company = frappe.qb.from_(src).select(src.company).where(src.name == table[fieldname]).limit(1)
	(
		frappe.qb.update(table)
		.set(table.company, Coalesce(company, table.company))  # a subquery, parenthesised
		.where(missing(table) & table[fieldname].isnotnull() & (table[fieldname] != ""))
	).run()


def fill_from_advisor(doctype: str):
	table, emp = frappe.qb.DocType(doctype), frappe.qb.DocType("Employee")
	company = (
		frappe.qb.from_(emp)
		.select(emp.company)
		.where(emp.user_id == table.advisor)
		.orderby(emp.status)  # "Active" first
		.limit(1)
	)
	(
		frappe.qb.update(table)
		.set(table.company, Coalesce(company, table.company))  # a subquery, parenthesised
		.where(missing(table) & table.advisor.isnotnull() & (table.advisor != ""))
	).run()


def fill_with(doctype: str, company: str | None):
	if not company:
		return
	table = frappe.qb.DocType(doctype)
	frappe.qb.update(table).set(table.company, company).where(missing(table)).run()


def fallback_company() -> str | None:
	return frappe.db.get_single_value("Service Advisor Settings", "company") or frappe.db.get_single_value(
		"Global Defaults", "default_company"
	)
