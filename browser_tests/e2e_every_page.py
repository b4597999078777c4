"""Every page of the app opens in a real browser without an error dialog or a failed request.

Generated from the site: the Service Desk workspace, every app DocType's list and new form (the Single's
form), every app report, the technician's and the board's pages, and the customer's pages. While each page
loads, Chromium's network log is read (CDP): a desk request answered 4xx/5xx, or a page answered 5xx, fails
the test, and so does a dialog titled as an error ("Server Error", "Not Permitted", a red indicator).

    python3 browser_tests/e2e_every_page.py http://127.0.0.1:8000 [admin-password]
"""

import json
import sys
import time

from selenium import webdriver
from selenium.webdriver.chrome.service import Service

from e2e_service_desk import ARTIFACTS, Api

ERROR_WORDS = ("error", "not permitted", "错误")


def browser() -> webdriver.Chrome:
	options = webdriver.ChromeOptions()
	options.binary_location = "/usr/bin/chromium"
	for flag in (
		"--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--disable-dev-shm-usage", "--window-size=1400,1000", "--lang=en-US",
	):
		options.add_argument(flag)
	options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
	return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


def slug(doctype: str) -> str:
	return doctype.lower().replace(" ", "-")


def failed_responses(driver, base: str) -> list[str]:
	failed = []
	for entry in driver.get_log("performance"):
		message = json.loads(entry["message"])["message"]
		if message.get("method") != "Network.responseReceived":
			continue
		response = message["params"]["response"]
		url, status = response.get("url", ""), int(response.get("status", 0))
		if not url.startswith(base):
			continue
		path = url[len(base):]
		if status >= 500 or (status >= 400 and path.startswith("/api/")):
			failed.append(f"{status} {path[:160]}")
	return failed


def error_dialogs(driver) -> list[str]:
	titles = driver.execute_script(
		"""return Array.from(document.querySelectorAll('.modal.show, .modal.in')).map(m => {
			const t = m.querySelector('.modal-title');
			const red = m.querySelector('.modal-header .indicator.red, .modal-title .indicator.red');
			return (t ? t.innerText : '') + (red ? ' [red]' : '');
		});"""
	)
	return [t for t in titles or [] if "[red]" in t or any(w in t.lower() for w in ERROR_WORDS)]


def visit(driver, base: str, path: str, problems: list[str], settle: float = 2.5) -> None:
	driver.get_log("performance")  # drop what came before
	driver.get(base + path)
	deadline = time.time() + 30
	while time.time() < deadline:
		ready = driver.execute_script(
			"return document.readyState === 'complete' && (!window.frappe || !frappe.request || !frappe.request.ajax_count)"
		)
		if ready:
			break
		time.sleep(0.3)
	time.sleep(settle)
	for failure in failed_responses(driver, base):
		problems.append(f"{path}: request {failure}")
	for dialog in error_dialogs(driver):
		problems.append(f"{path}: dialog {dialog!r}")


def run(base: str, admin_password: str) -> None:
	api = Api(base, "Administrator", admin_password)
	doctypes = api.call(
		"frappe.client.get_list",
		{"doctype": "DocType", "filters": {"module": "Service Advisor", "istable": 0}, "fields": ["name", "issingle"], "limit_page_length": 0},
	)["message"]
	reports = api.call(
		"frappe.client.get_list",
		{"doctype": "Report", "filters": {"module": "Service Advisor", "disabled": 0}, "fields": ["name"], "limit_page_length": 0},
	)["message"]
	pages = ["/app/service-desk"]
	for dt in sorted(doctypes, key=lambda d: d["name"]):
		if dt["issingle"]:
			pages.append(f"/app/{slug(dt['name'])}")
		else:
			pages += [f"/app/{slug(dt['name'])}", f"/app/{slug(dt['name'])}/new"]
	pages += [f"/app/query-report/{r['name']}" for r in sorted(reports, key=lambda r: r["name"])]
	pages += ["/technician-jobs", "/workshop-board"]

	driver = browser()
	problems: list[str] = []
	try:
		driver.get(base + "/login")
		driver.execute_script(
			"return fetch('/api/method/login', {method: 'POST', headers: {'Content-Type': 'application/json'},"
			" body: JSON.stringify({usr: 'Administrator', pwd: arguments[0]})}).then(r => r.status)",
			admin_password,
		)
		user = driver.execute_script(
			"return fetch('/api/method/frappe.auth.get_logged_user', {headers: {Accept: 'application/json'}})"
			".then(r => r.json()).then(j => j.message)"
		)
		assert user == "Administrator", f"not signed in: {user!r}"
		for path in pages:
			visit(driver, base, path, problems)
			if path.startswith("/app/"):
				shown = driver.execute_script("return window.frappe && frappe.session && frappe.session.user")
				if shown != "Administrator":
					problems.append(f"{path}: the desk did not open (user {shown!r})")
		ARTIFACTS.mkdir(exist_ok=True)
		driver.get(base + "/app/service-desk")
		time.sleep(2)
		driver.save_screenshot(str(ARTIFACTS / "every-page-workspace.png"))
		# the customer's pages, signed out: a bad token is a clear 404 page, never a server error
		driver.get("about:blank")
		driver.execute_cdp_cmd("Network.clearBrowserCookies", {})
		for path in ("/addon-approval?token=not-a-token", "/inspection-report?token=not-a-token", "/login"):
			visit(driver, base, path, problems, settle=1)
	finally:
		driver.quit()
	print(f"every page: {len(pages) + 3} pages opened")
	if problems:
		print("\n".join(problems))
		raise SystemExit(1)
	print("every page: no error dialog, no failed request")


if __name__ == "__main__":
	run(sys.argv[1].rstrip("/"), sys.argv[2] if len(sys.argv) > 2 else "admin")
