"""End-to-end test of job clocking in headless Chromium at phone size (390 × 844).

A Workshop Technician (with an Employee record) assigned to an In Repair order logs in, opens
/technician-jobs, clocks on its labour line, pauses for parts and clocks off; the page never scrolls
sideways and the job is recorded as closed with the pause. After each step the workshop board shows the
job moving (open, waiting for parts, gone) and flags another order whose 5 sold hours no longer fit in the
hour left before its promised time. Screenshots go to test-artifacts/.

    python3 browser_tests/e2e_technician_time.py http://127.0.0.1:8000 [admin-password]

Set E2E_ADMIN_USER to set up the data as another System Manager than Administrator.
"""

import datetime
import json
import os
import random
import string
import sys
from pathlib import Path

from selenium.webdriver.common.by import By

sys.path.insert(0, str(Path(__file__).resolve().parent))
from e2e_service_desk import PASSWORD, Api, Browser, vin

RECEPTION_DONE = {
	"walk_around_done": 1,
	"covers_fitted": 1,
	"valuables_reminded": 1,
	"old_parts_handling": "Take Away",
	"wash_requested": "No",
	"customer_description": "Noise from the front left wheel when braking",
	"advisor_diagnosis": "Brake pads worn",
	"inquiry_sheet_signed": 1,
}


def first(api: Api, doctype: str, filters: dict | None = None) -> str:
	rows = api.call(
		"frappe.client.get_list", {"doctype": doctype, "filters": filters or {}, "limit_page_length": 1}
	)["message"]
	return rows[0]["name"]


def server_now(api: Api) -> datetime.datetime:
	"""The site's clock: times are stored in the site's time zone (System Settings), not this machine's."""
	from zoneinfo import ZoneInfo

	zone = api.call("frappe.client.get_single_value", {"doctype": "System Settings", "field": "time_zone"})["message"]
	return datetime.datetime.now(ZoneInfo(zone)).replace(tzinfo=None) if zone else datetime.datetime.now()


def setup(base: str, admin_password: str) -> dict:
	api = Api(base, os.environ.get("E2E_ADMIN_USER", "Administrator"), admin_password)
	tag = "".join(random.choices(string.ascii_lowercase, k=6))
	company = api.call(
		"frappe.client.get_single_value", {"doctype": "Service Advisor Settings", "field": "company"}
	)["message"] or first(api, "Company")
	email = f"e2e-tech-{tag}@example.com"
	api.insert(
		{
			"doctype": "User",
			"email": email,
			"first_name": "E2E Technician",
			"send_welcome_email": 0,
			"new_password": PASSWORD,
			"roles": [{"role": "Workshop Technician"}],
		}
	)
	employee = api.insert(
		{
			"doctype": "Employee",
			"first_name": f"E2E Tech {tag}",
			"gender": first(api, "Gender"),
			"date_of_birth": "1990-01-01",
			"date_of_joining": "2020-01-01",
			"company": company,
			"user_id": email,
			"status": "Active",
		}
	)["name"]
	group = first(api, "Customer Group", {"is_group": 0})
	territory = first(api, "Territory", {"is_group": 0})
	customer = api.insert(
		{"doctype": "Customer", "customer_name": f"E2E Clock {tag}", "customer_group": group, "territory": territory}
	)["name"]
	vehicle = api.insert(
		{"doctype": "Customer Vehicle", "vin": vin(), "customer": customer, "license_plate": f"TT{tag[:4].upper()}", "model": "Tiggo 7"}
	)["name"]
	item = f"E2E-CLK-{tag.upper()}"
	api.insert({"doctype": "Item", "item_code": item, "item_name": "Brake pads (labour)", "item_group": "All Item Groups", "stock_uom": "Nos", "is_stock_item": 0})
	arrival = server_now(api) - datetime.timedelta(hours=1)
	stamp = lambda minutes: (arrival + datetime.timedelta(minutes=minutes)).strftime("%Y-%m-%d %H:%M:%S")  # noqa: E731
	def order_in_repair(sold_hours: float, promised_minutes: int, **extra) -> str:
		"""An order of `sold_hours` labour promised `promised_minutes` after its arrival, taken to In Repair."""
		name = api.insert(
			{
				"doctype": "Repair Order",
				"customer": customer,
				"vehicle": vehicle,
				"company": company,
				"odometer": 12000,
				"arrival_time": stamp(0),
				"greeting_time": stamp(1),
				"promised_delivery": stamp(promised_minutes),
				"authorised_by": "Mr Wang",
				"authorised_on": stamp(10),
				"authorisation_method": "Signed",
				"items": [
					{"item_code": item, "qty": sold_hours, "rate": 100, "item_type": "Labour", "billable_to": "Customer"}
				],
				**RECEPTION_DONE,
				**extra,
			}
		)["name"]
		for action in ("Check In", "Authorise", "Start Repair"):
			doc = api.call("frappe.client.get", {"doctype": "Repair Order", "name": name})["message"]
			api.call("frappe.model.workflow.apply_workflow", {"doc": json.dumps(doc), "action": action})
		return name

	order = order_in_repair(1.5, 240, technician=employee)
	# a second order whose 5 sold hours cannot be done in the 1 hour left before its promised time
	late = order_in_repair(5, 120)
	# the workshop foreman, who corrects clocked times from the job's form
	foreman = f"e2e-foreman-{tag}@example.com"
	api.insert(
		{
			"doctype": "User",
			"email": foreman,
			"first_name": "E2E Foreman",
			"send_welcome_email": 0,
			"new_password": PASSWORD,
			"roles": [{"role": "Service Manager"}],
		}
	)
	return {"api": api, "email": email, "foreman": foreman, "order": order, "late": late}


def foreman_corrects(base: str, data: dict, job: str) -> dict:
	"""The foreman opens the clocked-off job, presses Correct Times and enters 45 minutes that ended a
	quarter of an hour ago with a reason; the job keeps the old and new times and its credit."""
	api = data["api"]
	end = server_now(api) - datetime.timedelta(minutes=15)
	start = end - datetime.timedelta(minutes=45)
	b = Browser(base)
	try:
		b.login(data["foreman"])
		b.go(f"/app/technician-job-time/{job}")
		b.form_ready("Technician Job Time")
		button = "//button[normalize-space()='Correct Times']"
		b.wait.until(lambda d: d.find_elements(By.XPATH, button))
		b.driver.find_element(By.XPATH, button).click()
		b.wait_js("return !!(window.cur_dialog && cur_dialog.display && cur_dialog.fields_dict.reason)")
		b.js(
			"cur_dialog.set_values({started_at: arguments[0], ended_at: arguments[1], reason: arguments[2]})",
			start.strftime("%Y-%m-%d %H:%M:%S"),
			end.strftime("%Y-%m-%d %H:%M:%S"),
			"Forgot to clock on when the job began",
		)
		b.shot("correct-times")
		b.driver.find_element(By.CSS_SELECTOR, ".modal.show .btn-primary").click()
		b.wait_js("return window.cur_frm && (cur_frm.doc.corrections || []).length === 1", timeout=30)
		b.shot("corrected")
	except Exception:
		b.shot("failure-correction")
		raise
	finally:
		b.driver.quit()
	return api.call("frappe.client.get", {"doctype": "Technician Job Time", "name": job})["message"]


def board_shows(b: Browser, data: dict, job_state: str | None) -> None:
	"""The workshop board: the job in `job_state` (None: not on the board) and the late order at risk."""
	b.go("/workshop-board")
	b.wait.until(lambda d: d.find_elements(By.ID, "sa-at-risk"))
	risky = [e.get_attribute("data-order") for e in b.driver.find_elements(By.CSS_SELECTOR, "#sa-at-risk [data-order]")]
	assert data["late"] in risky, risky
	assert data["order"] not in risky, risky
	rows = [e.text for e in b.driver.find_elements(By.CSS_SELECTOR, "#sa-on-jobs [data-job]") if data["order"] in e.text]
	if job_state is None:
		assert not rows, rows
	else:
		assert len(rows) == 1 and job_state in rows[0], rows


def run(base: str, admin_password: str) -> None:
	data = setup(base, admin_password)
	b = Browser(base)
	# a phone's viewport: 390 × 844 CSS pixels, touch
	b.driver.execute_cdp_cmd(
		"Emulation.setDeviceMetricsOverride", {"width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": True}
	)
	card = f'[data-order="{data["order"]}"]'
	try:
		b.login(data["email"])
		b.go("/technician-jobs")
		b.wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, f'{card} [data-action="clock_on"]'))
		assert b.js("return [window.innerWidth, window.innerHeight]") == [390, 844], b.js("return [window.innerWidth, window.innerHeight]")
		assert b.js("return document.documentElement.scrollWidth") <= 390, "the page scrolls sideways"
		b.shot("technician-jobs")
		b.driver.find_element(By.CSS_SELECTOR, f'{card} [data-action="clock_on"]').click()
		b.wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, '[data-job] [data-action="pause"]'))
		b.shot("clocked-on")
		board_shows(b, data, "Open")
		b.shot("board-job-open")
		b.go("/technician-jobs")
		b.wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, '[data-job] [data-action="pause"]'))
		b.driver.find_element(By.CSS_SELECTOR, '[data-job] select.sa-reason option[value="Waiting for Parts"]').click()
		b.driver.find_element(By.CSS_SELECTOR, '[data-job] [data-action="pause"]').click()
		b.wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, '[data-job] [data-action="resume"]'))
		b.shot("paused")
		board_shows(b, data, "Waiting for Parts")
		b.shot("board-job-paused")
		b.go("/technician-jobs")
		b.wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, '[data-job] [data-action="resume"]'))
		b.driver.find_element(By.CSS_SELECTOR, '[data-job] [data-action="clock_off"]').click()
		b.wait.until(lambda d: d.find_elements(By.ID, "sa-no-active"))
		assert b.js("return document.documentElement.scrollWidth") <= 390, "the page scrolls sideways"
		b.shot("clocked-off")
		board_shows(b, data, None)
		b.shot("board-job-done")
		jobs = data["api"].call(
			"frappe.client.get_list",
			{"doctype": "Technician Job Time", "filters": {"repair_order": data["order"]}, "fields": ["name", "status", "technician"]},
		)["message"]
		assert [(j["status"], j["technician"]) for j in jobs] == [("Closed", data["email"])], jobs
		job = data["api"].call("frappe.client.get", {"doctype": "Technician Job Time", "name": jobs[0]["name"]})["message"]
		assert [p["reason"] for p in job["pauses"]] == ["Waiting for Parts"], job["pauses"]
		assert all(p["resumed_at"] for p in job["pauses"]), job["pauses"]
		corrected = foreman_corrects(base, data, jobs[0]["name"])
		assert corrected["clocked_minutes"] == 45, corrected["clocked_minutes"]
		(correction,) = corrected["corrections"]
		assert (correction["corrected_by"], correction["new_minutes"]) == (data["foreman"], 45), correction
		assert correction["old_minutes"] == job["clocked_minutes"], (correction, job["clocked_minutes"])
		# the only closed job of its line is credited all of it: 1.5 sold hours, 150.00 of labour
		assert (corrected["sold_hours_share"], corrected["labour_sales_share"]) == (1.5, 150), corrected
		print(
			f"browser: technician clocked on, paused and clocked off {data['order']} at 390x844; the board showed "
			f"the job open, then waiting for parts, then gone, and {data['late']} at risk; the foreman corrected "
			"the job to 45 minutes from its form (Correct Times), old times kept"
		)
	except Exception:
		b.shot("failure")
		raise
	finally:
		b.driver.quit()


if __name__ == "__main__":
	base = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000"
	run(base, sys.argv[2] if len(sys.argv) > 2 else "admin")
