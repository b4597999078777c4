"""End-to-end test in headless Chromium against the bench's web server.

An advisor logs in, books an appointment, checks the vehicle in, fills the reception checklist,
authorises the order and sees it on the Kanban board. Then the workshop proposes an add-on, the advisor
sends its approval link, and the customer (not signed in) opens the link and approves: the decision is
recorded as made through the approval link. Screenshots go to test-artifacts/.

    python3 browser_tests/e2e_service_desk.py http://127.0.0.1:8000 [admin-password]
"""

import json
import random
import string
import sys
import time
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
PASSWORD = "Advisor-e2e-" + "".join(random.choices(string.ascii_letters, k=8)) + "1!"


class Api:
	"""A logged-in REST client for setting up data (as Administrator)."""

	def __init__(self, base: str, user: str, password: str):
		self.base = base
		self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
		self.call("login", {"usr": user, "pwd": password})

	def call(self, method: str, data: dict) -> dict:
		body = json.dumps(data).encode()
		request = urllib.request.Request(
			f"{self.base}/api/method/{method}", body, {"Content-Type": "application/json", "Accept": "application/json"}
		)
		return json.loads(self.opener.open(request, timeout=60).read() or b"{}")

	def insert(self, doc: dict) -> dict:
		return self.call("frappe.client.insert", {"doc": doc})["message"]


def vin() -> str:
	alphabet = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789"
	translit = {**{str(d): d for d in range(10)}, **dict(zip("ABCDEFGH", range(1, 9))), **dict(zip("JKLMN", range(1, 6))), "P": 7, "R": 9, **dict(zip("STUVWXYZ", range(2, 10)))}
	weights = (8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2)
	v = [random.choice(alphabet) for _ in range(17)]
	r = sum(translit[c] * w for c, w in zip(v, weights)) % 11
	v[8] = "X" if r == 10 else str(r)
	return "".join(v)


def setup(base: str, admin_password: str) -> dict:
	api = Api(base, "Administrator", admin_password)
	tag = "".join(random.choices(string.ascii_lowercase, k=6))
	email = f"e2e-advisor-{tag}@example.com"
	api.insert(
		{
			"doctype": "User",
			"email": email,
			"first_name": "E2E Advisor",
			"send_welcome_email": 0,
			"new_password": PASSWORD,
			"roles": [{"role": "Service Advisor"}],
		}
	)
	group = api.call("frappe.client.get_value", {"doctype": "Customer Group", "filters": {"is_group": 0}, "fieldname": "name"})["message"]["name"]
	territory = api.call("frappe.client.get_value", {"doctype": "Territory", "filters": {"is_group": 0}, "fieldname": "name"})["message"]["name"]
	customer_name = f"E2E Customer {tag}"
	customer = api.insert({"doctype": "Customer", "customer_name": customer_name, "customer_group": group, "territory": territory, "mobile_no": "13800138000"})["name"]
	vehicle = api.insert({"doctype": "Customer Vehicle", "vin": vin(), "customer": customer, "license_plate": f"E2E{tag[:4].upper()}", "model": "Tiggo 7"})["name"]
	item = f"E2E-LAB-{tag.upper()}"
	api.insert({"doctype": "Item", "item_code": item, "item_name": "Brake service", "item_group": "All Item Groups", "stock_uom": "Nos", "is_stock_item": 0})
	return {"api": api, "email": email, "customer": customer, "customer_name": customer_name, "vehicle": vehicle, "item": item}


class SmsGateway:
	"""A stand-in SMS gateway on 127.0.0.1: records each message Frappe sends through SMS Settings."""

	def __init__(self):
		import http.server
		import threading

		received = self.received = []

		class Handler(http.server.BaseHTTPRequestHandler):
			def do_GET(self):
				query = urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query)
				received.append({k: v[0] for k, v in query.items()})
				self.send_response(200)
				self.end_headers()
				self.wfile.write(b"OK")

			def log_message(self, *args):
				pass

		self.server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
		self.url = f"http://127.0.0.1:{self.server.server_address[1]}/sms"
		self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

	def __enter__(self):
		self.thread.start()
		return self

	def __exit__(self, *exc):
		self.server.shutdown()


def pending_add_on_link(api: Api, order: str, item: str) -> tuple[str, str]:
	"""Start the repair, propose an add-on and send its approval link (as Administrator, over REST).
	Returns the add-on's name and the link's path with its token."""
	doc = api.call("frappe.client.get", {"doctype": "Repair Order", "name": order})["message"]
	api.call("frappe.model.workflow.apply_workflow", {"doc": json.dumps(doc), "action": "Start Repair"})
	add_on = api.insert(
		{
			"doctype": "Add-on Item",
			"repair_order": order,
			"reason": "Rear brake discs scored <b>below limit</b>",
			"extra_time_minutes": 45,
			"items": [{"item_code": item, "qty": 2, "rate": 260, "item_type": "Part"}],
		}
	)["name"]
	# the link goes to the customer only (never back to the desk): here by SMS, through Frappe's SMS Settings
	# pointed at a stand-in gateway on loopback that keeps what it receives
	with SmsGateway() as gateway:
		api.call(
			"frappe.client.set_value",
			{
				"doctype": "SMS Settings",
				"name": "SMS Settings",
				"fieldname": json.dumps({"sms_gateway_url": gateway.url, "message_parameter": "text", "receiver_parameter": "to"}),
			},
		)
		answer = api.call("service_advisor.api.front_desk.send_approval_link", {"add_on": add_on})["message"]
		assert "token" not in json.dumps(answer), f"the desk was given the link: {answer}"
		assert answer["sent_to"] == ["138****8000"], answer
		assert gateway.received and gateway.received[-1]["to"] == "13800138000", gateway.received
		url = next(w for w in gateway.received[-1]["text"].split() if "/addon-approval?token=" in w)
	parts = urllib.parse.urlsplit(url)
	return add_on, f"{parts.path}?{parts.query}"


class Browser:
	def __init__(self, base: str):
		options = webdriver.ChromeOptions()
		options.binary_location = "/usr/bin/chromium"
		for flag in (
			"--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
			"--disable-background-networking", "--disable-component-update", "--disable-sync",
			"--disable-dev-shm-usage", "--window-size=1400,1000", "--lang=en-US",
		):
			options.add_argument(flag)
		self.driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
		self.base = base
		self.wait = WebDriverWait(self.driver, 30)
		self.step = 0

	def shot(self, name: str):
		self.step += 1
		ARTIFACTS.mkdir(exist_ok=True)
		self.driver.save_screenshot(str(ARTIFACTS / f"{self.step:02d}-{name}.png"))

	def login(self, email: str, password: str = PASSWORD):
		"""Log in through the login page and wait for the session."""
		self.go("/login")
		self.wait.until(EC.presence_of_element_located((By.ID, "login_email"))).send_keys(email)
		self.driver.find_element(By.ID, "login_password").send_keys(password)
		self.shot("login")
		self.driver.find_element(By.CSS_SELECTOR, ".btn-login").click()
		self.wait_js("return window.frappe && frappe.session && frappe.session.user && frappe.session.user !== 'Guest'")

	def go(self, path: str):
		self.driver.get(self.base + path)

	def sign_out(self):
		"""Leave the desk (its pending requests could set the session cookie again) and clear every cookie."""
		self.driver.get("about:blank")
		self.driver.execute_cdp_cmd("Network.clearBrowserCookies", {})

	def js(self, script: str, *args):
		return self.driver.execute_script(script, *args)

	def wait_js(self, script: str, timeout: int = 30):
		WebDriverWait(self.driver, timeout).until(lambda d: d.execute_script(script))

	def form_ready(self, doctype: str):
		self.wait_js(f"return window.cur_frm && cur_frm.doctype === {json.dumps(doctype)} && !cur_frm.is_dirty() !== undefined && $('.page-head:visible').length > 0")
		time.sleep(0.8)

	def save(self):
		self.js("cur_frm.save()")
		self.wait_js("return window.cur_frm && !cur_frm.is_new() && !cur_frm.is_dirty() && !frappe.request.ajax_count")
		time.sleep(0.5)


def run(base: str, admin_password: str) -> None:
	data = setup(base, admin_password)
	b = Browser(base)
	try:
		# 1. log in as the advisor
		b.login(data["email"])
		b.shot("desk")

		# 2. book an appointment
		b.go("/app/service-appointment/new")
		b.form_ready("Service Appointment")
		b.js(
			"return cur_frm.set_value({customer: arguments[0], vehicle: arguments[1], source: 'Proactive Call',"
			" requested_services: '5,000 km service', scheduled_start: frappe.datetime.add_days(frappe.datetime.now_datetime(), 1)})",
			data["customer"], data["vehicle"],
		)
		time.sleep(1)
		b.shot("appointment-filled")
		b.save()
		b.shot("appointment-saved")

		# 3. check in with the form's button (our custom button and its confirm dialog)
		button = b.wait.until(EC.element_to_be_clickable((By.XPATH, "//button[contains(., 'Check In')]")))
		button.click()
		confirm = b.wait.until(EC.element_to_be_clickable((By.CSS_SELECTOR, ".modal.show .btn-primary")))
		b.shot("check-in-confirm")
		confirm.click()
		b.wait_js("return window.cur_frm && cur_frm.doctype === 'Repair Order' && !cur_frm.is_new()", 40)
		time.sleep(1)
		order = b.js("return cur_frm.doc.name")
		assert b.js("return cur_frm.doc.workflow_state") == "Checked In", "order not checked in"
		b.shot("repair-order-checked-in")

		# 4. reception checklist, an item, the customer's authorisation
		b.js(
			"return cur_frm.set_value({greeting_time: frappe.datetime.now_datetime(), walk_around_done: 1, covers_fitted: 1,"
			" valuables_reminded: 1, old_parts_handling: 'Take Away', wash_requested: 'No',"
			" customer_description: 'Squeal from the front brakes', advisor_diagnosis: 'Pads worn', inquiry_sheet_signed: 1,"
			" authorised_by: 'E2E Customer', authorised_on: frappe.datetime.now_datetime(), authorisation_method: 'Signed',"
			" promised_delivery: frappe.datetime.add_days(frappe.datetime.now_datetime(), 1)})"
		)
		b.js("const row = cur_frm.add_child('items', {item_code: arguments[0], qty: 1, rate: 380, billable_to: 'Customer'}); cur_frm.refresh_field('items');", data["item"])
		time.sleep(1)
		b.save()
		b.shot("reception-checklist-saved")

		# 5. authorise through the workflow's Actions menu
		# Frappe keeps earlier pages in the DOM: act on the visible Actions button of this form
		b.wait_js("return [...document.querySelectorAll(\"span[data-label='Actions']\")].some((s) => s.closest('button').offsetParent)")
		b.js("[...document.querySelectorAll(\"span[data-label='Actions']\")].map((s) => s.closest('button')).find((x) => x.offsetParent).click()")
		b.wait_js("return [...document.querySelectorAll('a.dropdown-item')].some((a) => a.offsetParent && a.innerText.trim() === 'Authorise')")
		b.shot("actions-menu")
		b.js("[...document.querySelectorAll('a.dropdown-item')].find((a) => a.offsetParent && a.innerText.trim() === 'Authorise').click()")
		b.wait_js("return cur_frm.doc.workflow_state === 'Authorised' && !frappe.request.ajax_count", 40)
		b.shot("authorised")

		# 6. the order is on the board
		b.go("/app/repair-order/view/kanban/Repair Orders by State")
		customer_name = data["customer_name"]
		b.wait_js(
			"return [...document.querySelectorAll('.kanban-column')].some((c) => c.offsetParent"
			f" && c.innerText.split('\\n')[0].trim() === 'Authorised' && c.innerText.includes({json.dumps(customer_name)}))",
			40,
		)
		b.shot("kanban-board")
		print(f"browser: order {order} checked in, authorised and on the board")

		# 7. the customer approves an add-on through the approval link, not signed in
		add_on, link = pending_add_on_link(data["api"], order, data["item"])
		b.sign_out()  # no longer signed in: the link is for the customer
		b.go(link)
		approve = b.wait.until(EC.element_to_be_clickable((By.CSS_SELECTOR, "button[data-decision='Approved']")))
		page = b.driver.find_element(By.CSS_SELECTOR, ".addon-approval").text
		assert "Rear brake discs scored <b>below limit</b>" in page, page  # shown as typed, not as HTML
		assert "520" in page, page  # 2 x 260
		assert b.js("return document.querySelector('.addon-approval b') === null"), "staff text rendered as HTML"
		b.shot("approval-page")
		approve.click()
		b.wait_js("return (document.getElementById('approval-result') || {}).textContent", 40)
		result = b.driver.find_element(By.ID, "approval-result").text
		assert "Approved" in result, result
		b.shot("approval-recorded")
		recorded = data["api"].call(
			"frappe.client.get_value",
			{"doctype": "Add-on Item", "filters": {"name": add_on}, "fieldname": json.dumps(["decision", "decision_method", "approval_link_used_on"])},
		)["message"]
		assert (recorded["decision"], recorded["decision_method"]) == ("Approved", "Approval Link"), recorded
		assert recorded["approval_link_used_on"], recorded
		# the used link now shows the one message, no buttons
		b.go(link)
		b.wait.until(EC.presence_of_element_located((By.ID, "approval-error")))
		assert not b.driver.find_elements(By.CSS_SELECTOR, "button[data-decision]")
		b.shot("approval-link-used")
		print(f"browser: customer approved add-on {add_on} through the approval link")
	except Exception:
		b.shot("failure")
		raise
	finally:
		b.driver.quit()


if __name__ == "__main__":
	base = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000"
	run(base, sys.argv[2] if len(sys.argv) > 2 else "admin")
