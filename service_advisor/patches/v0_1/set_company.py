"""Fill `company` on rows made before dealer groups, as a new document takes it (services/company.py):
from the document each row comes from, else from the advisor's Employee record (an open issue without an
order: its responsible person's), else from the settings' company (else the site's default company, else
the site's only company). Idempotent: only rows without a company are touched, each with one set-based
UPDATE per source.

The links are followed for every doctype before any advisor is asked (twice: a source may take its own
company from a link of its own, and orders, appointments and callbacks link each other); then, sources
first, each doctype follows its links again (a source may just have taken its advisor's company) and only
then asks its advisor."""

import frappe
from frappe.query_builder.functions import Coalesce

from service_advisor.services.company import SOURCES

LOG = "Repair Order State Log"
DEFAULT_SOURCES = (("repair_order", "Repair Order"),)  # the state log's
# sources before the documents that come from them (orders, appointments and callbacks link each other)
FIRST = ("Repair Order", "Service Appointment", "Callback", "Customer Open Issue")
ORDER = (*FIRST, *(dt for dt in SOURCES if dt not in FIRST), LOG)
# whose Employee record tells the dealership (an open issue has no advisor: the person responsible for it)
PERSON = {"Customer Open Issue": "responsible_person"}


def execute():
	doctypes = [dt for dt in ORDER if frappe.db.has_column(dt, "company")]
	for _round in range(2):  # the second round passes on what the first filled (chains, cycles)
		for doctype in doctypes:
			fill_from_links(doctype)
	for doctype in doctypes:  # sources first: a row's source may just have taken its advisor's company
		fill_from_links(doctype)
		person = PERSON.get(doctype, "advisor")
		if frappe.db.has_column(doctype, person):
			fill_from_advisor(doctype, person)
	company = fallback_company()
	for doctype in doctypes:
		fill_with(doctype, company)
	left = {dt: n for dt in doctypes if (n := frappe.db.count(dt, {"company": ("is", "not set")}))}
	if left:
		print(  # shown by `bench migrate`: set the settings' company and run the patch again
			"service_advisor: no company found for "
			+ ", ".join(f"{n} {dt}" for dt, n in left.items())
			+ " (set Service Advisor Settings' company, then "
			+ "`bench --site <site> execute service_advisor.patches.v0_1.set_company.execute`)"
		)


def missing(table):
	return table.company.isnull() | (table.company == "")


def fill_from_links(doctype: str):
	for fieldname, source in SOURCES.get(doctype, DEFAULT_SOURCES):
		if frappe.db.has_column(doctype, fieldname):
			fill_from_link(doctype, fieldname, source)


def fill_from_link(doctype: str, fieldname: str, source: str):
	table, src = frappe.qb.DocType(doctype), frappe.qb.DocType(source)
	company = frappe.qb.from_(src).select(src.company).where(src.name == table[fieldname]).limit(1)
	(
		frappe.qb.update(table)
		.set(table.company, Coalesce(company, table.company))  # a subquery, parenthesised
		.where(missing(table) & table[fieldname].isnotnull() & (table[fieldname] != ""))
	).run()


def fill_from_advisor(doctype: str, person: str = "advisor"):
	table, emp = frappe.qb.DocType(doctype), frappe.qb.DocType("Employee")
	company = (
		frappe.qb.from_(emp)
		.select(emp.company)
		.where((emp.user_id == table[person]) & emp.company.isnotnull() & (emp.company != ""))
		.orderby(emp.status)  # "Active" first
		.orderby(emp.creation, order=frappe.qb.desc)
		.limit(1)
	)
	(
		frappe.qb.update(table)
		.set(table.company, Coalesce(company, table.company))  # a subquery, parenthesised
		.where(missing(table) & table[person].isnotnull() & (table[person] != ""))
	).run()


def fill_with(doctype: str, company: str | None):
	if not company:
		return
	table = frappe.qb.DocType(doctype)
	frappe.qb.update(table).set(table.company, company).where(missing(table)).run()


def fallback_company() -> str | None:
	"""The settings' company, else the site's default company, else the site's only company."""
	company = frappe.db.get_single_value("Service Advisor Settings", "company") or frappe.db.get_single_value(
		"Global Defaults", "default_company"
	)
	if company and frappe.db.exists("Company", company):
		return company
	companies = frappe.get_all("Company", pluck="name", limit=2)
	return companies[0] if len(companies) == 1 else None
