"""The digital inspection through the real web server (gunicorn, 4 workers): the technician rates and
photographs points over HTTP, only the order's technician may write, a completed inspection cannot be
changed, and a guest reaches the inspection and its photos only through its own, valid link.

The data is committed (the server's workers have their own connections) and uniquely named."""

from urllib.parse import parse_qs, urlparse

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_to_date, now_datetime

from service_advisor.service_advisor.doctype.vehicle_inspection.test_vehicle_inspection import (
	LIGHTS,
	PAD,
	TREAD,
	WIPERS,
	make_template,
)
from service_advisor.services import inspection as service
from service_advisor.testing.factories import (
	advance,
	make_employee,
	make_outgoing_email_account,
	make_repair_order,
	make_user,
)
from service_advisor.testing.live_server import LiveServer, set_test_password
from service_advisor.tests.test_guest_surface_http import png

API = "/api/method/service_advisor.api.inspection."
EMAIL_ACCOUNT = "SA Inspection HTTP Outgoing"
VIDEO = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00" * 64


def csrf(session) -> dict:
	return {"X-Frappe-CSRF-Token": session.cookies.get("csrf_token", "")}


class TestInspectionHTTP(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		frappe.set_user("Administrator")
		cls.tech = make_user(roles=["Workshop Technician"]).name
		cls.other_tech = make_user(roles=["Workshop Technician"]).name
		cls.advisor = make_user(roles=["Service Advisor", "Service Manager"]).name
		cls.plain_advisor = make_user(roles=["Service Advisor"]).name
		employee = make_employee(user=cls.tech).name
		make_employee(user=cls.other_tech)
		# the company's own template: the most specific, so `start` picks it
		cls.template = make_template(company=frappe.db.get_value("Employee", employee, "company")).name
		cls.orders = [
			advance(make_repair_order(technician=employee), "Check In", "Authorise", "Start Repair").name
			for _ in range(4)
		]
		for user in (cls.tech, cls.other_tech, cls.advisor, cls.plain_advisor):
			set_test_password(user)
		# committed for the server's workers, so its own name (and deleted again in tearDownClass): other
		# tests insert "SA Test Outgoing" in their own transaction
		make_outgoing_email_account(EMAIL_ACCOUNT, "inspection-http@example.com")
		for order in cls.orders:
			customer = frappe.db.get_value("Repair Order", order, "customer")
			frappe.db.set_value("Customer", customer, "email_id", "inspection-http@example.com")
		# an inspection of the shipped 40-point template, for the parallel taps
		cls.forty = (
			frappe.get_doc(
				{
					"doctype": "Vehicle Inspection",
					"repair_order": cls.orders[3],
					"template": "Standard Multi-Point Inspection",
				}
			)
			.insert()
			.name
		)
		frappe.db.commit()  # nosemgrep: frappe-manual-commit -- the live server must see the test data
		cls.server = LiveServer(workers=4).start()
		try:
			cls.prepare()
		except BaseException:
			cls.server.stop()  # tearDownClass does not run when setUpClass fails
			raise

	@classmethod
	def prepare(cls):
		cls.tech_session = cls.server.session(cls.tech)
		# two inspections made over HTTP by the technician: one to complete and send, one left in draft
		cls.done = cls.start(cls.orders[0])
		cls.draft = cls.start(cls.orders[1])
		cls.photo_urls = cls.rate_and_photograph(cls.done)
		r = cls.post(cls.tech_session, "complete", inspection=cls.done)
		assert r.status_code == 200, r.text[:500]
		# a second, completed and sent inspection of another order: its token must not open the first's
		cls.foreign = cls.start(cls.orders[2])
		cls.rate_and_photograph(cls.foreign)
		# a short video on the pad, uploaded as public on purpose: inspection files are always private
		r = cls.upload(cls.foreign, "pad.mp4", VIDEO, is_private=0)
		assert r.status_code == 200, r.text[:500]
		cls.video_url = r.json()["message"]["file_url"]
		r = cls.post(
			cls.tech_session,
			"attach_photo",
			inspection=cls.foreign,
			point=cls.point(cls.foreign, PAD),
			slot=3,
			file_url=cls.video_url,
		)
		assert r.status_code == 200, r.text[:500]
		cls.post(cls.tech_session, "complete", inspection=cls.foreign)
		frappe.db.rollback()
		frappe.set_user(cls.advisor)
		cls.token = cls.send(cls.done)
		cls.foreign_token = cls.send(cls.foreign)
		frappe.set_user("Administrator")
		frappe.db.commit()  # nosemgrep: frappe-manual-commit -- the link is read by the live server

	@classmethod
	def tearDownClass(cls):
		cls.server.stop()
		from service_advisor.tests.test_http_fuzz import clear_rate_limits

		clear_rate_limits()
		frappe.set_user("Administrator")
		frappe.db.rollback()
		frappe.delete_doc("Email Account", EMAIL_ACCOUNT, ignore_permissions=True, force=True)
		frappe.db.commit()  # nosemgrep: frappe-manual-commit -- undo what setUpClass committed
		super().tearDownClass()

	@classmethod
	def post(cls, session, method: str, **data):
		return session.post(cls.server.url + API + method, data=data, headers=csrf(session), timeout=60)

	@classmethod
	def upload(cls, inspection: str, filename: str, content: bytes, is_private: int = 1):
		"""The technician uploads a file to the inspection, as the phone page does."""
		return cls.tech_session.post(
			cls.server.url + "/api/method/upload_file",
			files={"file": (filename, content)},
			data={"doctype": "Vehicle Inspection", "docname": inspection, "is_private": is_private},
			headers=csrf(cls.tech_session),
			timeout=60,
		)

	@classmethod
	def start(cls, order: str) -> str:
		r = cls.post(cls.tech_session, "start", repair_order=order)
		assert r.status_code == 200, r.text[:500]
		return r.json()["message"]

	@classmethod
	def point(cls, inspection: str, point: str) -> str:
		frappe.db.rollback()
		return frappe.db.get_value("Vehicle Inspection Point", {"parent": inspection, "point": point}, "name")

	@classmethod
	def rate_and_photograph(cls, inspection: str) -> list[str]:
		"""Every point green but the pad (2.5 mm: red, two photos), the tread (2 mm: yellow), wipers yellow."""
		frappe.db.rollback()
		rows = frappe.get_all(
			"Vehicle Inspection Point",
			filters={"parent": inspection},
			fields=["name", "point"],
			order_by="idx",
		)
		for row in rows:
			args = {
				PAD: {"measurement": "2.5"},
				TREAD: {"measurement": "2"},
				WIPERS: {"rating": "Yellow"},
			}.get(row.point, {"rating": "Green"})
			r = cls.post(cls.tech_session, "update_point", inspection=inspection, point=row.name, **args)
			assert r.status_code == 200, r.text[:500]
		urls = []
		pad = cls.point(inspection, PAD)
		for slot in (1, 2):
			r = cls.upload(inspection, f"pad-{slot}.png", png(80 + slot, 60))
			assert r.status_code == 200, r.text[:500]
			url = r.json()["message"]["file_url"]
			r = cls.post(
				cls.tech_session, "attach_photo", inspection=inspection, point=pad, slot=slot, file_url=url
			)
			assert r.status_code == 200, r.text[:500]
			urls.append(url)
		return urls

	@classmethod
	def send(cls, inspection: str) -> str:
		service.make_add_ons(inspection)
		frappe.local.sa_last_inspection_url = None
		service.send_link(inspection)
		return parse_qs(urlparse(frappe.local.sa_last_inspection_url).query)["token"][0]

	def page(self, token):
		session = self.server.session()
		session.headers["Accept"] = "text/html"
		params = {} if token is None else {"token": token}
		return session.get(self.server.url + "/inspection-report", params=params, timeout=60)

	def photo(self, token, point, n=1):
		params = {"point": point, "n": n}
		if token is not None:
			params["token"] = token
		return self.server.session().get(self.server.url + API + "photo", params=params, timeout=60)

	# ------------------------------------------------------------ the technician's writes
	def test_the_technician_rated_over_http_and_the_colours_follow_the_measurements(self):
		frappe.db.rollback()
		doc = frappe.get_doc("Vehicle Inspection", self.done)
		self.assertEqual(doc.docstatus, 1)
		self.assertEqual((doc.green_count, doc.yellow_count, doc.red_count), (1, 2, 1))
		pad = next(r for r in doc.points if r.point == PAD)
		self.assertEqual((pad.rating, pad.photo, pad.second_photo), ("Red", *self.photo_urls))
		self.assertTrue(all(u.startswith("/private/files/") for u in self.photo_urls))

	def test_a_contradicting_colour_is_refused_over_http_and_nothing_changes(self):
		pad = self.point(self.draft, PAD)
		before = frappe.db.get_value("Vehicle Inspection Point", pad, ["rating", "measurement"])
		r = self.post(
			self.tech_session,
			"update_point",
			inspection=self.draft,
			point=pad,
			rating="Green",
			measurement="2",
		)
		self.assertEqual(r.status_code, 417, r.text[:300])
		self.assertIn("is Red, not Green", r.text)
		frappe.db.rollback()
		self.assertEqual(
			frappe.db.get_value("Vehicle Inspection Point", pad, ["rating", "measurement"]), before
		)

	def test_another_technician_or_an_advisor_cannot_write(self):
		pad = self.point(self.draft, PAD)
		for user in (self.other_tech, self.plain_advisor):
			session = self.server.session(user)
			r = self.post(session, "update_point", inspection=self.draft, point=pad, measurement="1")
			self.assertEqual(r.status_code, 403, (user, r.text[:300]))
			r = self.post(session, "start", repair_order=self.orders[0])
			self.assertIn(r.status_code, (403, 417), (user, r.text[:300]))
		frappe.db.rollback()
		self.assertNotEqual(frappe.db.get_value("Vehicle Inspection Point", pad, "measurement"), "1")
		self.assertEqual(frappe.db.count("Vehicle Inspection", {"repair_order": self.orders[0]}), 1)

	def test_a_completed_inspection_cannot_be_changed(self):
		pad = self.point(self.done, PAD)
		r = self.post(
			self.tech_session,
			"update_point",
			inspection=self.done,
			point=pad,
			rating="Green",
			measurement="9",
		)
		self.assertEqual(r.status_code, 417, r.text[:300])
		doc = self.tech_session.get(
			self.server.url + f"/api/resource/Vehicle Inspection/{self.done}", timeout=60
		).json()["data"]
		for row in doc["points"]:
			if row["name"] == pad:
				row["rating"], row["measurement"] = "Green", "9"
		r = self.tech_session.put(
			self.server.url + f"/api/resource/Vehicle Inspection/{self.done}",
			json={"points": doc["points"]},
			headers=csrf(self.tech_session),
			timeout=60,
		)
		self.assertGreaterEqual(r.status_code, 400, r.text[:300])
		self.assertLess(r.status_code, 500, r.text[:300])
		frappe.db.rollback()
		self.assertEqual(
			frappe.db.get_value("Vehicle Inspection Point", pad, ["rating", "measurement"]), ("Red", "2.5")
		)

	def test_parallel_taps_on_one_inspection_lose_nothing(self):
		"""40 points rated by 20 threads at once (a technician tapping fast, each tap its own request):
		every rating is kept, and the counts add up."""
		from concurrent.futures import ThreadPoolExecutor

		frappe.db.rollback()
		points = frappe.get_all(
			"Vehicle Inspection Point",
			filters={"parent": self.forty},
			fields=["name", "measured"],
			order_by="idx",
		)
		self.assertEqual(len(points), 40)
		sessions = [self.server.session(self.tech) for _ in range(20)]
		ratings = {p.name: ("Red" if i % 7 == 0 else "Green") for i, p in enumerate(points)}

		def tap(i):
			point = points[i]
			return self.post(
				sessions[i % 20],
				"update_point",
				inspection=self.forty,
				point=point.name,
				rating=ratings[point.name],
			)

		with ThreadPoolExecutor(20) as pool:
			codes = [r.status_code for r in pool.map(tap, range(40))]
		self.assertEqual(set(codes), {200}, codes)
		frappe.db.rollback()
		stored = dict(
			frappe.get_all(
				"Vehicle Inspection Point",
				filters={"parent": self.forty},
				fields=["name", "rating"],
				as_list=True,
			)
		)
		self.assertEqual(stored, ratings)
		reds = sum(1 for r in ratings.values() if r == "Red")
		self.assertEqual(
			frappe.db.get_value("Vehicle Inspection", self.forty, ["green_count", "red_count"]),
			(40 - reds, reds),
		)

	# ------------------------------------------------------------ the customer's link
	def test_the_link_shows_the_inspection_with_photos_and_prices(self):
		r = self.page(self.token)
		self.assertEqual(r.status_code, 200, r.text[-1500:])
		self.assertIn(PAD, r.text)
		self.assertIn(f"token={self.token}", r.text)  # photos go through the link
		self.assertNotIn("/private/files/", r.text)
		self.assertIn('data-decision="Approved"', r.text)
		self.assertIn("510", r.text)  # the pad's price: 0.8 h x 200 + 350
		self.assertIn("no-store", r.headers.get("Cache-Control", ""))
		self.assertNotIn(self.orders[0], r.text)

	def test_a_short_video_is_private_and_reaches_a_guest_only_through_the_link(self):
		self.assertTrue(self.video_url.startswith("/private/files/"), self.video_url)
		self.assertEqual(
			self.server.session().get(self.server.url + self.video_url, timeout=60).status_code, 403
		)
		pad = self.point(self.foreign, PAD)
		r = self.photo(self.foreign_token, pad, 3)
		self.assertEqual(r.status_code, 200, r.text[:300])
		self.assertEqual(r.content, VIDEO)
		self.assertIn(r.status_code, (200,))
		self.assertIn(self.photo(self.token, pad, 3).status_code, (404, 417))  # another inspection's token
		self.assertIn("<video", self.page(self.foreign_token).text)

	def test_inspection_photos_are_private_and_checked(self):
		for is_private in (0, 1):
			r = self.upload(self.draft, "finding.png", png(40, 30), is_private=is_private)
			self.assertEqual(r.status_code, 200, r.text[:300])
			self.assertTrue(r.json()["message"]["file_url"].startswith("/private/files/"))
		frappe.db.rollback()
		files = frappe.db.count("File", {"attached_to_name": self.draft})
		r = self.upload(self.draft, "fake.png", b"this is not a picture")
		self.assertEqual(r.status_code, 417, r.text[:300])
		frappe.db.rollback()
		self.assertEqual(frappe.db.count("File", {"attached_to_name": self.draft}), files)
		# a file of another document is never put on a point
		other = self.point(self.draft, PAD)
		r = self.post(
			self.tech_session,
			"attach_photo",
			inspection=self.draft,
			point=other,
			slot=1,
			file_url=self.photo_urls[0],
		)
		self.assertEqual(r.status_code, 417, r.text[:300])

	def test_a_photo_only_with_its_own_valid_token(self):
		pad = self.point(self.done, PAD)
		r = self.photo(self.token, pad, 1)
		self.assertEqual(r.status_code, 200, self.server.tail(60))
		self.assertTrue(r.headers["Content-Type"].startswith("image/"), r.headers)
		self.assertEqual(r.content[:8], b"\x89PNG\r\n\x1a\n")
		self.assertEqual(self.photo(self.token, pad, 2).status_code, 200)
		for label, token in (
			("other order's token", self.foreign_token),
			("no token", None),
			("guessed", "A" * 43),
		):
			with self.subTest(label):
				r = self.photo(token, pad, 1)
				self.assertIn(r.status_code, (404, 417), r.text[:300])
				self.assertFalse(r.headers.get("Content-Type", "").startswith("image/"))
		# the files themselves stay private
		for url in self.photo_urls:
			self.assertEqual(self.server.session().get(self.server.url + url, timeout=60).status_code, 403)

	def test_other_tokens_and_expired_links_show_nothing(self):
		message = frappe.utils.escape_html(service.invalid_message())
		for token in ("", None, "A" * 43, service.token_hash(self.token)):
			r = self.page(token)
			self.assertIn(message, r.text)
			self.assertNotIn(PAD, r.text)
		add_on = frappe.db.get_value("Vehicle Inspection Point", self.point(self.done, PAD), "add_on_item")
		r = self.server.session().post(
			self.server.url + API + "respond",
			data={"token": self.foreign_token, "add_on": add_on, "decision": "Approved"},
			timeout=60,
		)
		self.assertEqual(r.status_code, 417, r.text[:300])
		frappe.db.rollback()
		self.assertEqual(frappe.db.get_value("Add-on Item", add_on, "decision"), "Pending")
		# expire the foreign link: page and photo refuse
		frappe.db.set_value(
			"Vehicle Inspection",
			self.foreign,
			"approval_link_expires_on",
			add_to_date(now_datetime(), minutes=-1),
		)
		frappe.db.commit()  # nosemgrep: frappe-manual-commit -- the live server must see the expiry
		r = self.page(self.foreign_token)
		self.assertIn(message, r.text)
		self.assertIn(self.photo(self.foreign_token, self.point(self.foreign, PAD)).status_code, (404, 417))

	def test_the_customer_decides_every_quoted_point_at_once_and_the_figures_stay_exact(self):
		"""Three decisions posted at the same moment through the link (two tabs, a double tap): none
		answers 5xx, and the inspection's kept figures equal its quotes counted from scratch."""
		from service_advisor.domain import inspection as rules
		from service_advisor.service_advisor.doctype.vehicle_inspection.test_vehicle_inspection import (
			QUOTE_FIGURES,
			area_of,
		)

		employee = frappe.db.get_value("Employee", {"user_id": self.tech}, "name")
		order = advance(make_repair_order(technician=employee), "Check In", "Authorise", "Start Repair")
		customer = frappe.db.get_value("Repair Order", order.name, "customer")
		frappe.db.set_value("Customer", customer, "email_id", "inspection-http@example.com")
		frappe.set_user(self.tech)
		ratings = {PAD: ("", "2.5"), TREAD: ("", "2.0"), WIPERS: ("Yellow", ""), LIGHTS: ("Green", "")}
		inspection = frappe.get_doc(
			{
				"doctype": "Vehicle Inspection",
				"repair_order": order.name,
				"template": self.template,
				"points": [
					{"area": area_of(p), "point": p, "rating": r, "measurement": m}
					for p, (r, m) in ratings.items()
				],
			}
		).insert()
		inspection.submit()
		frappe.set_user(self.advisor)
		token = self.send(inspection.name)
		frappe.set_user("Administrator")
		add_ons = frappe.get_all("Add-on Item", {"vehicle_inspection": inspection.name}, pluck="name")
		self.assertEqual(len(add_ons), 3)
		frappe.db.commit()  # nosemgrep: frappe-manual-commit -- the live server must see the quotes and the link
		responses = self.server.post_at_once(
			"service_advisor.api.inspection.respond",
			[
				{"token": token, "add_on": add_on, "decision": decision}
				for add_on, decision in zip(add_ons, ("Approved", "Declined", "Approved"), strict=True)
			],
		)
		log = self.server.tail()
		self.assertEqual(
			[r.status_code for r in responses if r.status_code >= 500],
			[],
			[r.text[-2000:] for r in responses],
		)
		self.assertIn(200, [r.status_code for r in responses], log)
		frappe.db.rollback()
		stored = frappe.db.get_value("Vehicle Inspection", inspection.name, QUOTE_FIGURES, as_dict=True)
		counted = dict.fromkeys(QUOTE_FIGURES, 0)
		for row in frappe.get_all(
			"Add-on Item",
			{"vehicle_inspection": inspection.name},
			["decision", "estimated_total", "inspection_photo", "inspected_on", "decided_on"],
		):
			figures = rules.quote_figures(
				row.decision,
				row.estimated_total,
				bool(row.inspection_photo),
				row.inspected_on,
				row.decided_on,
			)
			for name in QUOTE_FIGURES:
				counted[name] += figures[name]
		self.assertEqual(stored, counted)
		decided = sum(1 for r in responses if r.status_code == 200)
		self.assertEqual(stored.decided_lines, decided)
