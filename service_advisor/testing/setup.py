"""`before_tests` hook: make sure the site has what the app's tests need.

Frappe's test runner calls the `before_tests` hook of every installed app for a run by `--module`,
`--doctype` or `--module-def`, not only of the app under test. The set-up below is for this app's own
tests (it turns off ERPNext's test records for the whole process, and may run the setup wizard with its
own company), so it runs only when the run is this app's: ERPNext's and other apps' tests on a site with
this app run exactly as on a site without it.
"""

import sys

import frappe
from frappe.utils import add_years, getdate, nowdate

TEST_COMPANY = "Service Advisor Test Motors"
TEST_COMPANY_ABBR = "SATM"
PRICE_LIST = "Standard Selling"


APP = "service_advisor"


def before_tests():
	if not is_this_apps_run(test_run_arguments()):
		return
	set_up_for_app_tests()


def test_run_arguments() -> dict | None:
	"""What `frappe.test_runner.main` was asked to run (app, module, doctype, module_def), read from its
	frame; None when the hook is called from elsewhere."""
	frame = sys._getframe(1)
	while frame is not None:
		if frame.f_code.co_name == "main" and frame.f_globals.get("__name__") == "frappe.test_runner":
			return {key: frame.f_locals.get(key) for key in ("app", "module", "doctype", "module_def")}
		frame = frame.f_back
	return None


def is_this_apps_run(run: dict | None) -> bool:
	"""True for a run of this app's tests: `--app service_advisor`, a `--module` under service_advisor, a
	`--doctype` or `--module-def` of this app, every installed app's tests (no argument, ours among them),
	or a call from outside the test runner."""
	if run is None:
		return True
	if run.get("app"):
		return run["app"] == APP
	if run.get("module"):
		return run["module"].split(".", 1)[0] == APP
	if run.get("doctype"):
		doctypes = run["doctype"] if isinstance(run["doctype"], list | tuple) else [run["doctype"]]
		modules = {frappe.db.get_value("DocType", doctype, "module") for doctype in doctypes}
		return any(module_app(module) == APP for module in modules if module)
	if run.get("module_def"):
		return module_app(run["module_def"]) == APP
	return True


def module_app(module: str) -> str | None:
	return frappe.db.get_value("Module Def", module, "app_name")


def set_up_for_app_tests():
	# the app's tests build exactly what they need with service_advisor.testing.factories; ERPNext's
	# global test records (built from link dependencies) are neither needed nor stable across runs
	frappe.flags.skip_test_records = True
	# factories create a user per role and scenario: lift Frappe's 60-users-an-hour guard for this test
	# process only; the site's own configuration (its security settings) is never written
	frappe.local.conf.throttle_user_limit = 1_000_000
	frappe.clear_cache()
	if not frappe.db.a_row_exists("Company"):
		run_setup_wizard()
	company = ensure_test_company()
	ensure_fiscal_years(company)
	ensure_price_list()
	ensure_sales_tax_template(company)
	configure_settings(company)
	frappe.db.commit()  # nosemgrep: frappe-manual-commit -- the test runner's own setup, committed like ERPNext's before_tests


def run_setup_wizard():
	from frappe.desk.page.setup_wizard.setup_wizard import setup_complete

	year = getdate(nowdate()).year
	setup_complete(
		{
			"currency": "CNY",
			"full_name": "Test User",
			"company_name": TEST_COMPANY,
			"timezone": "Asia/Shanghai",
			"company_abbr": TEST_COMPANY_ABBR,
			"industry": "Automotive",
			"country": "China",
			"fy_start_date": f"{year}-01-01",
			"fy_end_date": f"{year}-12-31",
			"language": "english",
			"company_tagline": "Testing",
			"email": "test@service-advisor.local",
			"password": "test",
			"chart_of_accounts": "Standard",
		}
	)


def ensure_test_company() -> str:
	if frappe.db.exists("Company", TEST_COMPANY):
		return TEST_COMPANY
	return frappe.db.get_single_value("Global Defaults", "default_company") or frappe.db.get_value(
		"Company", {}, "name"
	)


def ensure_fiscal_years(company: str):
	"""Fiscal years for last, this and next year, so dated tests never fall outside one."""
	this_year = getdate(nowdate()).year
	for year in (this_year - 1, this_year, this_year + 1):
		start, end = getdate(f"{year}-01-01"), getdate(f"{year}-12-31")
		existing = frappe.db.get_value(
			"Fiscal Year", {"year_start_date": ("<=", start), "year_end_date": (">=", end)}, "name"
		)
		if existing:
			continue
		frappe.get_doc(
			{
				"doctype": "Fiscal Year",
				"year": str(year),
				"year_start_date": start,
				"year_end_date": end,
			}
		).insert(ignore_permissions=True)


def ensure_price_list():
	if not frappe.db.exists("Price List", PRICE_LIST):
		frappe.get_doc(
			{
				"doctype": "Price List",
				"price_list_name": PRICE_LIST,
				"selling": 1,
				"currency": frappe.db.get_default("currency") or "CNY",
			}
		).insert(ignore_permissions=True)


TAX_TEMPLATE_TITLE = "SA VAT 13%"
TAX_RATE = 13


def ensure_sales_tax_template(company: str):
	"""A default sales tax template (13% on net total), so invoices carry the company's default taxes."""
	abbr = frappe.get_cached_value("Company", company, "abbr")
	name = f"{TAX_TEMPLATE_TITLE} - {abbr}"
	if frappe.db.exists("Sales Taxes and Charges Template", name):
		return name
	account = frappe.db.get_value(
		"Account", {"company": company, "account_type": "Tax", "is_group": 0}, "name"
	)
	if not account:
		parent = frappe.db.get_value(
			"Account", {"company": company, "account_name": "Duties and Taxes"}, "name"
		)
		account = (
			frappe.get_doc(
				{
					"doctype": "Account",
					"account_name": "VAT",
					"company": company,
					"parent_account": parent,
					"account_type": "Tax",
				}
			)
			.insert(ignore_permissions=True)
			.name
		)
	frappe.db.set_value(
		"Sales Taxes and Charges Template", {"company": company, "is_default": 1}, "is_default", 0
	)
	frappe.get_doc(
		{
			"doctype": "Sales Taxes and Charges Template",
			"title": TAX_TEMPLATE_TITLE,
			"company": company,
			"is_default": 1,
			"taxes": [
				{
					"charge_type": "On Net Total",
					"account_head": account,
					"description": "VAT 13%",
					"rate": TAX_RATE,
				}
			],
		}
	).insert(ignore_permissions=True)
	return name


def configure_settings(company: str):
	settings = frappe.get_single("Service Advisor Settings")
	settings.company = company
	settings.default_price_list = PRICE_LIST
	settings.flags.ignore_permissions = True
	settings.save()
