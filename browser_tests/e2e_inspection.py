"""End-to-end test of the digital inspection in headless Chromium at phone size (390 × 844).

A Workshop Technician assigned to an In Repair order opens /inspect on the phone, rates a 40-point
inspection (3 red, 2 yellow, the rest green; two photos on each red and yellow point, measurements on
the measured ones) and completes it. The advisor quotes the findings and sends the link (by SMS, to a
stand-in gateway). The customer opens the link as a guest at 390 × 844, sees the photos, approves 2
lines and declines 3. The order then carries the 2 approved lines and their money; the vehicle carries
3 recommendations, each with a follow-up callback and its due date. Screenshots go to test-artifacts/.

    python3 browser_tests/e2e_inspection.py http://127.0.0.1:8000 [admin-password]
"""

import datetime
import io
import json
import os
import random
import string
import sys
import tempfile
import urllib.parse
from pathlib import Path

from selenium.webdriver.common.by import By

sys.path.insert(0, str(Path(__file__).resolve().parent))
from e2e_service_desk import PASSWORD, Api, Browser, SmsGateway, vin
from e2e_technician_time import RECEPTION_DONE, first, server_now

PRICE_LIST = "Standard Selling"
# the five points that will need work: (point, area, measured unit/thresholds, colour, measurement,
# labour hours and rate, part qty and rate, approved by the customer?)
ACTION = [
	("Front brake pads", "Brakes", ("mm", 5, 3), "Red", "2.5", (0.8, 200), (1, 350), True),
	("Tread depth front left", "Tyres", ("mm", 3, 1.6), "Yellow", "2.2", (0.5, 120), (2, 600), False),
	("Front wiper blades", "Wipers", None, "Yellow", "", None, (1, 90), True),
	("Drive belt", "Belts & Hoses", None, "Red", "", (0.6, 120), (1, 180), False),
	("Brake fluid condition", "Brakes", None, "Red", "", (0.5, 200), (1, 80), False),
]


def png(path: Path, shade: int) -> None:
	"""A small real PNG (written with Pillow if present, else a fixed 1x1 image)."""
	try:
		from PIL import Image

		buffer = io.BytesIO()
		Image.new("RGB", (320, 240), (shade, 80, 200 - shade)).save(buffer, format="PNG")
		path.write_bytes(buffer.getvalue())
	except ImportError:
		import base64

		path.write_bytes(base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="))


def item(api: Api, code: str, name: str, rate: float) -> str:
	api.insert({"doctype": "Item", "item_code": code, "item_name": name, "item_group": "All Item Groups", "stock_uom": "Nos", "is_stock_item": 0})
	api.insert({"doctype": "Item Price", "item_code": code, "price_list": PRICE_LIST, "price_list_rate": rate})
	return code


def setup(base: str, admin_password: str) -> dict:
	api = Api(base, os.environ.get("E2E_ADMIN_USER", "Administrator"), admin_password)
	tag = "".join(random.choices(string.ascii_lowercase, k=6))
	company = api.call("frappe.client.get_single_value", {"doctype": "Service Advisor Settings", "field": "company"})["message"] or first(api, "Company")
	api.call("frappe.client.set_value", {"doctype": "Service Advisor Settings", "name": "Service Advisor Settings", "fieldname": "default_price_list", "value": PRICE_LIST})
	email = f"e2e-insp-{tag}@example.com"
	api.insert({"doctype": "User", "email": email, "first_name": "E2E Inspector", "send_welcome_email": 0, "new_password": PASSWORD, "roles": [{"role": "Workshop Technician"}]})
	employee = api.insert(
		{"doctype": "Employee", "first_name": f"E2E Insp {tag}", "gender": first(api, "Gender"), "date_of_birth": "1990-01-01", "date_of_joining": "2020-01-01", "company": company, "user_id": email, "status": "Active"}
	)["name"]
	points, money = [], {}
	for i, (point, area, measured, _colour, _value, labour, part, _approve) in enumerate(ACTION):
		row = {"area": area, "point": point, "point_zh": point}
		total = 0.0
		if measured:
			row.update({"measured": 1, "unit": measured[0], "worse_when": "Lower", "yellow_at": measured[1], "red_at": measured[2]})
		if labour:
			row.update({"labour_item": item(api, f"E2E-INSP-L{i}-{tag}", f"Labour {point}", labour[1]), "standard_hours": labour[0]})
			total += labour[0] * labour[1]
		if part:
			row.update({"part_item": item(api, f"E2E-INSP-P{i}-{tag}", f"Part {point}", part[1]), "part_qty": part[0]})
			total += part[0] * part[1]
		money[point] = total
		points.append(row)
	areas = ["Lights", "Fluids", "Leaks", "Underbody", "Filters", "Suspension & Steering", "Body & Glass"]
	points += [{"area": areas[n % len(areas)], "point": f"Check point {n + 6}", "point_zh": f"检查项目 {n + 6}"} for n in range(35)]
	template = api.insert({"doctype": "Inspection Template", "template_name": f"E2E 40-point {tag}", "company": company, "points": points})["name"]
	group, territory = first(api, "Customer Group", {"is_group": 0}), first(api, "Territory", {"is_group": 0})
	customer = api.insert({"doctype": "Customer", "customer_name": f"E2E Inspection {tag}", "customer_group": group, "territory": territory, "mobile_no": "13800138000"})["name"]
	vehicle = api.insert({"doctype": "Customer Vehicle", "vin": vin(), "customer": customer, "license_plate": f"IN{tag[:4].upper()}", "model": "Tiggo 8", "make": "Chery"})["name"]
	labour_line = item(api, f"E2E-INSP-SVC-{tag}", "Minor service", 300)
	arrival = server_now(api) - datetime.timedelta(hours=1)
	stamp = lambda minutes: (arrival + datetime.timedelta(minutes=minutes)).strftime("%Y-%m-%d %H:%M:%S")  # noqa: E731
	order = api.insert(
		{
			"doctype": "Repair Order", "customer": customer, "vehicle": vehicle, "company": company, "odometer": 41000,
			"arrival_time": stamp(0), "greeting_time": stamp(1), "promised_delivery": stamp(300), "authorised_by": "Mr Li",
			"authorised_on": stamp(10), "authorisation_method": "Signed", "technician": employee,
			"items": [{"item_code": labour_line, "qty": 1, "rate": 300, "item_type": "Labour", "billable_to": "Customer"}],
			**RECEPTION_DONE,
		}
	)["name"]
	for action in ("Check In", "Authorise", "Start Repair"):
		doc = api.call("frappe.client.get", {"doctype": "Repair Order", "name": order})["message"]
		api.call("frappe.model.workflow.apply_workflow", {"doc": json.dumps(doc), "action": action})
	return {"api": api, "email": email, "order": order, "vehicle": vehicle, "template": template, "money": money}


def phone(b: Browser) -> None:
	b.driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {"width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": True})


def no_sideways_scroll(b: Browser) -> None:
	assert b.js("return [window.innerWidth, window.innerHeight]") == [390, 844], b.js("return [window.innerWidth, window.innerHeight]")
	assert b.js("return document.documentElement.scrollWidth") <= 390, "the page scrolls sideways"


def technician_inspects(b: Browser, data: dict, photos: list[Path]) -> None:
	b.login(data["email"])
	b.go(f"/inspect?order={urllib.parse.quote(data['order'])}")
	b.wait.until(lambda d: d.find_elements(By.ID, "sa-start"))
	no_sideways_scroll(b)
	b.driver.find_element(By.ID, "sa-start").click()
	b.wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, ".sa-pt")) == 40)
	no_sideways_scroll(b)
	b.shot("inspection-started")
	plan = {a[0]: a for a in ACTION}
	for card in b.driver.find_elements(By.CSS_SELECTOR, ".sa-pt"):
		title = card.find_element(By.TAG_NAME, "h4").text
		name = next((p for p in plan if title.endswith(p)), None)
		colour = plan[name][3] if name else "Green"
		if name and plan[name][4]:
			card.find_element(By.CSS_SELECTOR, ".sa-measure").send_keys(plan[name][4])
		b.js("arguments[0].scrollIntoView({block: 'center'})", card)
		card.find_element(By.CSS_SELECTOR, f'[data-rate="{colour}"]').click()
	b.wait_js("return document.querySelectorAll('.sa-pt[data-saved=\"1\"]').length === 40", timeout=120)
	for name in plan:
		card = next(c for c in b.driver.find_elements(By.CSS_SELECTOR, ".sa-pt") if c.find_element(By.TAG_NAME, "h4").text.endswith(name))
		for n, path in enumerate(photos[:2], start=1):
			card.find_element(By.CSS_SELECTOR, ".sa-photo").send_keys(str(path))
			b.wait.until(lambda d, c=card, n=n: len(c.find_elements(By.CSS_SELECTOR, ".sa-thumbs img")) >= n)
	counts = b.js("return Array.from(document.querySelectorAll('[data-count]')).map((e) => e.textContent)")
	assert counts == ["35", "2", "3"], counts
	b.shot("inspection-rated")
	complete = b.driver.find_element(By.ID, "sa-complete")
	b.js("arguments[0].scrollIntoView({block: 'center'})", complete)
	complete.click()
	b.wait.until(lambda d: d.find_elements(By.ID, "sa-completed"))
	no_sideways_scroll(b)
	b.shot("inspection-completed")


def advisor_sends(data: dict) -> str:
	api = data["api"]
	name = api.call("frappe.client.get_list", {"doctype": "Vehicle Inspection", "filters": {"repair_order": data["order"], "docstatus": 1}})["message"][0]["name"]
	made = api.call("service_advisor.api.inspection.make_add_ons", {"inspection": name})["message"]
	assert len(made) == 5, made
	with SmsGateway() as gateway:
		api.call("frappe.client.set_value", {"doctype": "SMS Settings", "name": "SMS Settings", "fieldname": json.dumps({"sms_gateway_url": gateway.url, "message_parameter": "text", "receiver_parameter": "to"})})
		answer = api.call("service_advisor.api.inspection.send_link", {"inspection": name})["message"]
		assert "token" not in json.dumps(answer), answer
		url = next(w for w in gateway.received[-1]["text"].split() if "/inspection-report?token=" in w)
	parts = urllib.parse.urlsplit(url)
	return name, f"{parts.path}?{parts.query}"


def customer_decides(b: Browser, path: str) -> None:
	b.go(path)
	b.wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "[data-decision]"))
	no_sideways_scroll(b)
	b.wait_js("return Array.from(document.querySelectorAll('.vi-photos img')).every((i) => i.complete && i.naturalWidth > 0)")
	assert b.js("return document.querySelectorAll('.vi-photos img').length") == 10
	assert b.js("return document.querySelectorAll('#inspection-action-points .vi-point').length") == 5
	assert b.js("return document.querySelector('#inspection-green-points').open") is False, "green points are collapsed"
	b.shot("customer-link")
	for point, *_rest, approve in ACTION:
		card = next(c for c in b.driver.find_elements(By.CSS_SELECTOR, ".vi-point") if point in c.text)
		button = card.find_element(By.CSS_SELECTOR, f'[data-decision="{"Approved" if approve else "Declined"}"]')
		b.js("arguments[0].scrollIntoView({block: 'center'})", button)
		button.click()
		b.wait.until(lambda d, c=card: c.find_element(By.CSS_SELECTOR, ".vi-decision").text.strip())
	b.shot("customer-decided")


def run(base: str, admin_password: str) -> None:
	data = setup(base, admin_password)
	workdir = Path(tempfile.mkdtemp())
	photos = [workdir / f"finding-{n}.png" for n in (1, 2)]
	for n, path in enumerate(photos):
		png(path, 60 + 80 * n)
	b = Browser(base)
	phone(b)
	try:
		technician_inspects(b, data, photos)
		inspection, path = advisor_sends(data)
		b.sign_out()  # the customer: a guest
		customer_decides(b, path)
		api = data["api"]
		order = api.call("frappe.client.get", {"doctype": "Repair Order", "name": data["order"]})["message"]
		added = [r for r in order["items"] if r.get("add_on_item")]
		expected = sum(data["money"][a[0]] for a in ACTION if a[7])
		assert round(sum(r["amount"] for r in added), 2) == round(expected, 2), (added, expected)
		assert len({r["add_on_item"] for r in added}) == 2, added
		vehicle = api.call("frappe.client.get", {"doctype": "Customer Vehicle", "name": data["vehicle"]})["message"]
		recs = [r for r in vehicle["recommendations"] if r.get("repair_order") == data["order"]]
		assert len(recs) == 3, recs
		assert sorted(r["estimated_amount"] for r in recs) == sorted(data["money"][a[0]] for a in ACTION if not a[7]), recs
		callbacks = api.call("frappe.client.get_list", {"doctype": "Callback", "filters": {"repair_order": data["order"], "add_on_item": ["in", [r["add_on_item"] for r in recs]]}, "fields": ["name", "due_date"]})["message"]
		assert len(callbacks) == 3 and all(c["due_date"] for c in callbacks), callbacks
		print(f"browser: 40-point inspection {inspection} of {data['order']} rated and photographed at 390x844; customer approved 2, declined 3 (order +{expected:.2f}, 3 recommendations with follow-up)")
	except Exception:
		b.shot("inspection-failure")
		raise
	finally:
		b.driver.quit()


if __name__ == "__main__":
	base = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000"
	run(base, sys.argv[2] if len(sys.argv) > 2 else "admin")
