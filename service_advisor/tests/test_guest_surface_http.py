"""The guest surface through the real web server (gunicorn, 4 workers): the customer's approval page,
`api.approval.respond`, and the privacy of car photos.

The data is committed (the server's workers have their own connections) and uniquely named."""

import io
from urllib.parse import parse_qs, urlparse

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_to_date, now_datetime
from PIL import Image

from service_advisor.api import front_desk
from service_advisor.services import approval_link
from service_advisor.testing.factories import advance, make_add_on, make_repair_order, make_user
from service_advisor.testing.live_server import LiveServer, set_test_password

XSS = "<script>alert(1)</script>"
RESPOND = "/api/method/service_advisor.api.approval.respond"


def token_of(url: str) -> str:
	return parse_qs(urlparse(url).query)["token"][0]


def send_approval_link(add_on: str) -> str:
	"""Send the link through the app's API, as the desk does, and return the URL the customer received
	(the API answers only where it went; the URL is kept in this process for tests)."""
	frappe.local.sa_last_approval_url = None
	front_desk.send_approval_link(add_on)
	return frappe.local.sa_last_approval_url


def clear_rate_limit():
	"""respond allows 20 calls an hour per IP: this class's calls must not use up the browser test's."""
	frappe.cache.delete_value("rl:service_advisor.api.approval.respond:127.0.0.1")


def png(width: int = 64, height: int = 48) -> bytes:
	buffer = io.BytesIO()
	Image.new("RGB", (width, height), (10, 120, 200)).save(buffer, format="PNG")
	return buffer.getvalue()


def png_header(width: int, height: int) -> bytes:
	"""A PNG whose header declares width x height pixels (no image data: decoding it would fail)."""
	import struct
	import zlib

	def chunk(kind: bytes, data: bytes) -> bytes:
		return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

	ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
	return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IEND", b"")


class TestGuestSurfaceHTTP(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		frappe.set_user("Administrator")
		cls.order = advance(make_repair_order(), "Check In", "Authorise", "Start Repair")
		frappe.db.set_value("Customer", cls.order.customer, "email_id", "guest-surface@example.com")
		cls.tokens = {}
		for key in ("valid", "staff", "approve", "expired", "used", "decided"):
			add_on = make_add_on(cls.order.name, items=[{"qty": 2, "rate": 45}], extra_time_minutes=20)
			add_on.db_set("reason", f"Wiper blades split {XSS}")  # saved by Frappe: "<" becomes "&lt;"
			cls.tokens[key] = (add_on.name, token_of(send_approval_link(add_on.name)))
		# stored raw, as a direct SQL write could: the template must escape it itself
		frappe.db.set_value("Add-on Item", cls.tokens["valid"][0], "reason", f"Wiper blades split {XSS}")
		name, _token = cls.tokens["expired"]
		frappe.db.set_value(
			"Add-on Item", name, "approval_link_expires_on", add_to_date(now_datetime(), minutes=-1)
		)
		name, _token = cls.tokens["used"]
		frappe.db.set_value("Add-on Item", name, "approval_link_used_on", now_datetime())
		name, _token = cls.tokens["decided"]
		frappe.db.set_value("Add-on Item", name, "decision", "Declined")
		cls.staff = make_user(roles=["Service Advisor", "Service Manager"]).name
		cls.outsider = make_user(roles=["Sales User"]).name  # no read on Repair Order
		for user in (cls.staff, cls.outsider):
			set_test_password(user)
		clear_rate_limit()
		frappe.db.commit()  # nosemgrep: frappe-manual-commit -- the live server must see the test data
		cls.server = LiveServer(workers=4).start()

	@classmethod
	def tearDownClass(cls):
		cls.server.stop()
		clear_rate_limit()
		super().tearDownClass()

	def page(self, token: str | None, user: str | None = None):
		session = self.server.session(user)
		session.headers["Accept"] = "text/html"
		params = {} if token is None else {"token": token}
		return session.get(self.server.url + "/addon-approval", params=params, timeout=60)

	def decision_of(self, key: str) -> str:
		frappe.db.rollback()  # a fresh snapshot: the server's commits
		return frappe.db.get_value("Add-on Item", self.tokens[key][0], "decision")

	def test_valid_link_shows_the_add_on_escaped_with_its_buttons(self):
		for key in ("valid", "staff"):  # stored raw / stored by a form save
			r = self.page(self.tokens[key][1])
			self.assertIn("Wiper blades split &lt;script&gt;alert(1)&lt;/script&gt;", r.text, key)
			self.assertNotIn(XSS, r.text, key)
		r = self.page(self.tokens["valid"][1])
		self.assertEqual(r.status_code, 200, r.text[-2000:])
		self.assertIn("Wiper blades split", r.text)
		self.assertIn("Wiper blades split &lt;script&gt;alert(1)&lt;/script&gt;", r.text)
		self.assertNotIn(XSS, r.text)
		self.assertNotIn("&amp;lt;", r.text)  # escaped once, shown as typed
		self.assertIn('data-decision="Approved"', r.text)
		self.assertIn('data-decision="Declined"', r.text)
		self.assertIn("90", r.text)  # 2 x 45
		self.assertNotIn("Traceback", r.text)
		self.assertIn("no-store", r.headers.get("Cache-Control", ""))
		self.assertEqual(r.headers.get("X-Frame-Options"), "SAMEORIGIN")
		self.assertEqual(r.headers.get("Referrer-Policy"), "no-referrer")
		# the page reveals nothing else of the order
		self.assertNotIn(self.order.name, r.text)
		self.assertNotIn(self.order.customer, r.text)

	def test_invalid_used_expired_links_get_one_friendly_message(self):
		message = frappe.utils.escape_html(approval_link.invalid_message())
		valid = self.tokens["valid"][1]
		for label, token in (
			("guessed", "A" * 43),
			("tampered", valid[:-1] + ("A" if valid[-1] != "A" else "B")),
			("hash", approval_link.token_hash(valid)),
			("expired", self.tokens["expired"][1]),
			("used", self.tokens["used"][1]),
			("decided", self.tokens["decided"][1]),
			("empty", ""),
			("missing", None),
			("html", XSS),
			("long", "x" * 1500),
		):
			with self.subTest(label):
				r = self.page(token)
				self.assertIn(r.status_code, (200, 404))
				self.assertIn(message, r.text)
				self.assertNotIn("Traceback", r.text)
				self.assertNotIn("data-decision", r.text)
				self.assertNotIn(XSS, r.text)
				self.assertIn("no-store", r.headers.get("Cache-Control", ""))

	def test_staff_session_cannot_answer_for_the_customer(self):
		_name, token = self.tokens["staff"]
		r = self.page(token, user=self.staff)
		self.assertEqual(r.status_code, 200)
		self.assertNotIn("data-decision", r.text)
		session = self.server.session(self.staff)
		r = session.post(
			self.server.url + RESPOND,
			data={"token": token, "decision": "Approved"},
			headers={"X-Frappe-CSRF-Token": session.cookies.get("csrf_token", "")},
			timeout=60,
		)
		self.assertEqual(r.status_code, 403, r.text[:500])
		self.assertEqual(self.decision_of("staff"), "Pending")

	def test_guest_approves_once(self):
		name, token = self.tokens["approve"]
		guest = self.server.session()
		r = guest.post(self.server.url + RESPOND, data={"token": token, "decision": "Approved"}, timeout=60)
		self.assertEqual((r.status_code, r.json().get("message")), (200, "Approved"), r.text[:500])
		self.assertEqual(self.decision_of("approve"), "Approved")
		self.assertEqual(frappe.db.get_value("Add-on Item", name, "decision_method"), "Approval Link")
		again = guest.post(
			self.server.url + RESPOND, data={"token": token, "decision": "Declined"}, timeout=60
		)
		self.assertEqual(again.status_code, 417)
		self.assertNotIn("Traceback", again.text)
		self.assertEqual(self.decision_of("approve"), "Approved")
		for data in (
			{},
			{"token": token},
			{"decision": "Approved"},
			{"token": "x" * 100_000, "decision": "Approved"},
		):
			r = guest.post(self.server.url + RESPOND, data=data, timeout=60)
			self.assertEqual(r.status_code, 417, (list(data), r.text[:300]))

	def upload(self, session, content: bytes, filename: str, is_private: int = 0):
		return session.post(
			self.server.url + "/api/method/upload_file",
			files={"file": (filename, content)},
			data={"doctype": "Repair Order", "docname": self.order.name, "is_private": is_private},
			headers={"X-Frappe-CSRF-Token": session.cookies.get("csrf_token", "")},
			timeout=60,
		)

	def test_car_photos_are_private_files_of_the_order(self):
		staff = self.server.session(self.staff)
		r = self.upload(staff, png(), f"walkaround-{self.order.name}.png", is_private=0)
		self.assertEqual(r.status_code, 200, r.text[:500])
		url = r.json()["message"]["file_url"]
		self.assertTrue(url.startswith("/private/files/"), url)
		self.assertEqual(staff.get(self.server.url + url, timeout=60).status_code, 200)
		self.assertEqual(self.server.session().get(self.server.url + url, timeout=60).status_code, 403)
		outsider = self.server.session(self.outsider)
		self.assertEqual(outsider.get(self.server.url + url, timeout=60).status_code, 403)

	def test_upload_that_is_not_an_image_is_refused(self):
		staff = self.server.session(self.staff)
		r = self.upload(staff, b"<html>not a photo</html>", "scratch.jpg")
		self.assertEqual(r.status_code, 417, r.text[:500])
		self.assertIn("not a JPEG, PNG or WebP image", r.text)

	def test_upload_above_the_pixel_limit_is_refused(self):
		staff = self.server.session(self.staff)
		r = self.upload(staff, png_header(20_000, 20_000), "huge.png")
		self.assertEqual(r.status_code, 417, r.text[:500])
		self.assertIn("megapixels", r.text)

	def test_fake_jpeg_through_rest_and_frappe_client_is_refused_not_a_server_error(self):
		"""Frappe strips EXIF (decodes the JPEG) in File.before_insert: the content is checked first."""
		import base64

		staff = self.server.session(self.staff)
		headers = {"X-Frappe-CSRF-Token": staff.cookies.get("csrf_token", "")}
		before = frappe.db.count("File", {"attached_to_name": self.order.name})
		fake = b"<html>not a photo</html>"
		document = {
			"doctype": "File",
			"file_name": f"fake-{frappe.generate_hash(length=6)}.jpg",
			"attached_to_doctype": "Repair Order",
			"attached_to_name": self.order.name,
			"content": base64.b64encode(fake).decode(),
			"decode": 1,
			"is_private": 1,
		}
		calls = {
			"REST": ("/api/resource/File", {"json": document}),
			"REST, not base64": (
				"/api/resource/File",
				{"json": {**document, "decode": 0, "content": fake.decode()}},
			),
			"frappe.client.insert": ("/api/method/frappe.client.insert", {"json": {"doc": document}}),
			"frappe.client.insert_many": (
				"/api/method/frappe.client.insert_many",
				{"json": {"docs": [document]}},
			),
			"bad base64": ("/api/resource/File", {"json": {**document, "content": "%%%not-base64"}}),
		}
		for label, (path, kwargs) in calls.items():
			with self.subTest(label):
				r = staff.post(self.server.url + path, headers=headers, timeout=60, **kwargs)
				self.assertEqual(r.status_code, 417, r.text[:500])
				self.assertIn("not a JPEG, PNG or WebP image", r.text)
		frappe.db.rollback()
		self.assertEqual(frappe.db.count("File", {"attached_to_name": self.order.name}), before)
		# a real photo through REST still works, and is made private
		real = {**document, "content": base64.b64encode(png()).decode(), "file_name": "real.png"}
		r = staff.post(self.server.url + "/api/resource/File", headers=headers, json=real, timeout=60)
		self.assertEqual(r.status_code, 200, r.text[:500])
		self.assertTrue(r.json()["data"]["file_url"].startswith("/private/files/"))
