"""A newcomer's first minutes on the desk, in headless Chromium: what `scripts/setup` promises.

A Service Advisor logs in through the login page and sees their repair orders in the Repair Order list
(and not a colleague's); Administrator opens ERPNext's own Customer form (new, and a saved customer, whose
dashboard needs the current fiscal year) and a new Sales Invoice. No page may show an error dialog or get a
failed desk request (Chromium's network log). What the test needs is made over REST as Administrator: the
setup wizard when the site has not had it, a fiscal year for today when there is none, a customer, a
vehicle, an item, two advisors and an order of each, so it runs on the demo site and on a new CI site.
Screenshots go to test-artifacts/.

    python3 browser_tests/e2e_newcomer.py http://127.0.0.1:8000 [admin-password]
"""

import datetime
import random
import string
import sys
import time
from pathlib import Path

from selenium.webdriver.common.by import By

sys.path.insert(0, str(Path(__file__).resolve().parent))
from e2e_every_page import browser, visit
from e2e_service_desk import ARTIFACTS, PASSWORD, Api, vin


def first(api: Api, doctype: str, filters: dict | None = None) -> str | None:
	rows = api.call(
		"frappe.client.get_list", {"doctype": doctype, "filters": filters or {}, "limit_page_length": 1}
	)["message"]
	return rows[0]["name"] if rows else None


def ensure_erpnext_ready(api: Api) -> str:
	"""The setup wizard (a site that never had it sends every desk user to it) and a fiscal year for today.
	Returns the company the orders are made for."""
	if not first(api, "Company"):
		print("newcomer: the site had no company: ERPNext's setup wizard (E2E Motors)")
		year = datetime.date.today().year
		api.call(
			"frappe.desk.page.setup_wizard.setup_wizard.setup_complete",
			{
				"args": {
					"currency": "CNY",
					"full_name": "Administrator",
					"company_name": "E2E Motors",
					"company_abbr": "E2EM",
					"timezone": "Asia/Shanghai",
					"country": "China",
					"fy_start_date": f"{year}-01-01",
					"fy_end_date": f"{year}-12-31",
					"language": "english",
					"chart_of_accounts": "Standard",
				}
			},
		)
	today = datetime.date.today().isoformat()
	if not first(api, "Fiscal Year", {"year_start_date": ["<=", today], "year_end_date": [">=", today], "disabled": 0}):
		year = datetime.date.today().year
		print(f"newcomer: the site had no fiscal year for today: made E2E {year}")
		api.insert({"doctype": "Fiscal Year", "year": f"E2E {year}", "year_start_date": f"{year}-01-01", "year_end_date": f"{year}-12-31"})
	company = api.call(
		"frappe.client.get_single_value", {"doctype": "Service Advisor Settings", "field": "company"}
	)["message"]
	return company or first(api, "Company")


def setup(base: str, admin_password: str) -> dict:
	api = Api(base, "Administrator", admin_password)
	company = ensure_erpnext_ready(api)
	tag = "".join(random.choices(string.ascii_lowercase, k=6))
	advisors = [f"e2e-newcomer-{tag}@example.com", f"e2e-colleague-{tag}@example.com"]
	for email in advisors:
		api.insert(
			{
				"doctype": "User",
				"email": email,
				"first_name": "E2E Newcomer",
				"send_welcome_email": 0,
				"new_password": PASSWORD,
				"roles": [{"role": "Service Advisor"}],
			}
		)
	customer = api.insert(
		{
			"doctype": "Customer",
			"customer_name": f"E2E Newcomer {tag}",
			"customer_group": first(api, "Customer Group", {"is_group": 0}),
			"territory": first(api, "Territory", {"is_group": 0}),
		}
	)["name"]
	vehicle = api.insert(
		{"doctype": "Customer Vehicle", "vin": vin(), "customer": customer, "license_plate": f"NC{tag[:4].upper()}", "model": "Tiggo 7"}
	)["name"]
	item = f"E2E-NEW-{tag.upper()}"
	api.insert({"doctype": "Item", "item_code": item, "item_name": "Oil service", "item_group": first(api, "Item Group", {"is_group": 0}) or "All Item Groups", "stock_uom": "Nos", "is_stock_item": 0})
	arrival = datetime.datetime.now().replace(microsecond=0) - datetime.timedelta(hours=1)
	orders = [
		api.insert(
			{
				"doctype": "Repair Order",
				"customer": customer,
				"vehicle": vehicle,
				"company": company,
				"advisor": advisor,
				"odometer": 12000,
				"arrival_time": str(arrival),
				"greeting_time": str(arrival + datetime.timedelta(minutes=1)),
				"promised_delivery": str(arrival + datetime.timedelta(hours=4)),
				"items": [{"item_code": item, "qty": 1, "rate": 300, "item_type": "Labour", "billable_to": "Customer"}],
			}
		)["name"]
		for advisor in advisors
	]
	return {"advisor": advisors[0], "own": orders[0], "colleagues": orders[1], "customer": customer}


def sign_in(driver, base: str, email: str, password: str) -> None:
	"""Through the login page, as a newcomer does."""
	driver.get("about:blank")
	driver.execute_cdp_cmd("Network.clearBrowserCookies", {})
	driver.get(base + "/login")
	deadline = time.time() + 30
	while not driver.find_elements(By.ID, "login_email") and time.time() < deadline:
		time.sleep(0.3)
	driver.find_element(By.ID, "login_email").send_keys(email)
	driver.find_element(By.ID, "login_password").send_keys(password)
	driver.find_element(By.CSS_SELECTOR, ".btn-login").click()
	while time.time() < deadline:
		user = driver.execute_script("return window.frappe && frappe.session && frappe.session.user")
		if user == email:
			return
		time.sleep(0.3)
	raise AssertionError(f"{email} could not log in")


def shot(driver, name: str) -> None:
	ARTIFACTS.mkdir(exist_ok=True)
	driver.save_screenshot(str(ARTIFACTS / f"newcomer-{name}.png"))


def listed_orders(driver) -> list[str]:
	"""The names in the list view once it has loaded (the list's own data, not the page's text)."""
	deadline = time.time() + 30
	while time.time() < deadline:
		names = driver.execute_script(
			"const l = window.cur_list; return l && l.doctype === 'Repair Order' && l.data ? l.data.map(d => d.name) : null"
		)
		if names is not None and not driver.execute_script("return frappe.request.ajax_count"):
			return names
		time.sleep(0.3)
	raise AssertionError("the Repair Order list did not load")


def run(base: str, admin_password: str) -> None:
	data = setup(base, admin_password)
	driver = browser()
	problems: list[str] = []
	try:
		# a Service Advisor sees their own orders
		sign_in(driver, base, data["advisor"], PASSWORD)
		visit(driver, base, f"/app/repair-order?customer={data['customer']}", problems)
		names = listed_orders(driver)
		shot(driver, "advisor-orders")
		if data["own"] not in names:
			problems.append(f"the advisor does not see their order {data['own']} (list: {names})")
		if data["colleagues"] in names:
			problems.append(f"the advisor sees a colleague's order {data['colleagues']}")
		visit(driver, base, f"/app/repair-order/{data['own']}", problems)
		shot(driver, "advisor-order")

		# ERPNext's own forms, as Administrator
		sign_in(driver, base, "Administrator", admin_password)
		for name, path in (
			("customer-new", "/app/customer/new"),
			("customer", f"/app/customer/{data['customer']}"),
			("sales-invoice-new", "/app/sales-invoice/new"),
		):
			visit(driver, base, path, problems, settle=3)
			doctype = "Customer" if name.startswith("customer") else "Sales Invoice"
			shown = driver.execute_script("return window.cur_frm && cur_frm.doctype")
			if shown != doctype:
				problems.append(f"{path}: the {doctype} form did not open (form: {shown!r})")
			shot(driver, name)
	finally:
		driver.quit()
	if problems:
		print("\n".join(problems))
		raise SystemExit(1)
	print(
		f"newcomer: {data['advisor']} sees their order {data['own']} (not a colleague's); "
		"Customer (new and saved) and Sales Invoice forms open without an error"
	)


if __name__ == "__main__":
	run(sys.argv[1].rstrip("/"), sys.argv[2] if len(sys.argv) > 2 else "admin")
