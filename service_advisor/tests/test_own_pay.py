# Copyright (c) 2026, service_advisor developers
# For license information, please see license.txt

"""Nobody moves their own pay (issue 16): the assessed advisor cannot record, cancel or reassign the
callback of their own order, nor create, edit or delete a Commendation, Service Complaint, CSI Result,
6S inspection or Document Audit about themselves, by form / REST, frappe.client or the app's API.
Each refusal leaves the rows unchanged."""

import frappe
import frappe.client
from frappe.tests.utils import FrappeTestCase
from frappe.utils import nowdate, random_string

from service_advisor.api.followup import log_callback_attempt
from service_advisor.exceptions import OwnPayError
from service_advisor.testing.case import ServiceAdvisorTestCase
from service_advisor.testing.factories import (
	ERPNEXT_TEST_IGNORE,
	make_customer,
	make_delivered_repair_order,
	make_inspection,
	make_user,
	set_settings,
)
from service_advisor.testing.live_server import LiveServer, set_test_password

test_ignore = ERPNEXT_TEST_IGNORE

SATISFIED = {"attitude": "Satisfied", "explanation": "Satisfied", "timeliness": "Satisfied"}
LOG = "/api/method/service_advisor.api.followup.log_callback_attempt"


def callback_state(name: str) -> dict:
	return frappe.db.get_value(
		"Callback",
		name,
		["status", "assigned_to", "advisor", "attempt_count", "satisfaction_attitude", "modified"],
		as_dict=True,
	)


def commendations_of(advisor: str) -> int:
	return frappe.db.count("Commendation", {"advisor": advisor})


class TestOwnPay(ServiceAdvisorTestCase):
	def setUp(self):
		super().setUp()
		set_settings(callback_agent=None)
		self.advisor = make_user(roles=("Service Advisor",)).name
		self.agent = make_user(roles=("Customer Service Agent",)).name
		self.manager = make_user(roles=("Service Manager",)).name
		order = make_delivered_repair_order(advisor=self.advisor)
		self.order = order.name
		self.callback = frappe.db.get_value("Callback", {"repair_order": order.name}, "name")

	def as_user(self, user: str, fn, *args, **kwargs):
		frappe.set_user(user)
		try:
			return fn(*args, **kwargs)
		finally:
			frappe.set_user("Administrator")

	# ------------------------------------------------------------ callbacks
	def test_advisor_cannot_record_the_survey_of_their_own_order(self):
		before = callback_state(self.callback)
		with self.assertRaises(OwnPayError):
			self.as_user(
				self.advisor, log_callback_attempt, self.callback, 1, praise="Great advisor", **SATISFIED
			)
		with self.assertRaises(OwnPayError):  # not even an unreached attempt
			self.as_user(self.advisor, log_callback_attempt, self.callback, 0, "no answer", "2099-01-01")
		self.assertEqual(callback_state(self.callback), before)
		self.assertEqual(commendations_of(self.advisor), 0)

	def test_customer_service_records_it_and_is_the_recorder(self):
		self.as_user(self.agent, log_callback_attempt, self.callback, 1, praise="Great advisor", **SATISFIED)
		doc = frappe.get_doc("Callback", self.callback)
		self.assertEqual((doc.status, doc.attempts[0].attempted_by), ("Completed", self.agent))
		self.assertEqual(commendations_of(self.advisor), 1)

	def test_advisor_with_the_agent_role_is_still_refused(self):
		frappe.get_doc("User", self.advisor).add_roles("Customer Service Agent")
		with self.assertRaises(OwnPayError):
			self.as_user(self.advisor, log_callback_attempt, self.callback, 1, praise="Great", **SATISFIED)
		self.assertEqual(commendations_of(self.advisor), 0)

	def test_direct_save_with_the_attempt_flag_is_refused(self):
		frappe.set_user(self.advisor)
		doc = frappe.get_doc("Callback", self.callback)
		doc.flags.sa_attempt = True
		doc.status = "Cancelled"
		with self.assertRaises(OwnPayError):
			doc.save()
		frappe.set_user("Administrator")
		self.assertEqual(frappe.db.get_value("Callback", self.callback, "status"), "Open")

	def test_advisor_cannot_cancel_or_reassign_their_callback(self):
		before = callback_state(self.callback)
		for field, value in (
			("status", "Cancelled"),
			("assigned_to", self.agent),
			("advisor", self.agent),
			("repair_order", None),
		):
			# owner fields (advisor, assigned_to) are also guarded for every non-manager by permissions.py
			with self.assertRaises(frappe.PermissionError, msg=field):
				self.as_user(self.advisor, frappe.client.set_value, "Callback", self.callback, field, value)
		frappe.set_user(self.advisor)
		doc = frappe.get_doc("Callback", self.callback)
		doc.status = "Cancelled"
		with self.assertRaises(OwnPayError):
			doc.save()
		frappe.set_user("Administrator")
		self.assertEqual(callback_state(self.callback), before)

	def test_a_manager_may_cancel_and_reassign(self):
		self.as_user(
			self.manager, frappe.client.set_value, "Callback", self.callback, "assigned_to", self.agent
		)
		self.as_user(self.manager, frappe.client.set_value, "Callback", self.callback, "status", "Cancelled")
		self.assertEqual(
			frappe.db.get_value("Callback", self.callback, ["status", "assigned_to"]),
			("Cancelled", self.agent),
		)

	# ------------------------------------------------------------ inputs about oneself
	def payloads(self) -> dict[str, dict]:
		customer = make_customer().name
		return {
			"Commendation": {"source": "Letter", "sent_to_manufacturer": 1, "customer": customer},
			"Service Complaint": {
				"level": "Company",
				"complaint_date": nowdate(),
				"customer": customer,
				"description": "x",
			},
			"CSI Result": {
				"period": nowdate()[:7],
				"survey_item": f"Item {random_string(5)}",
				"advisor_score": 10,
				"national_average": 1,
				"full_mark_count": 99,
			},
			"Front Desk 6S Inspection": {
				"inspection_date": nowdate(),
				"template": "Standard Front Desk 6S",
				"inspector": self.manager,
			},
			"Document Audit": {"findings": [{"form_name": "Inquiry Sheet", "finding": "x", "fine": 0}]},
		}

	def test_only_service_advisor_cannot_create_inputs_about_themselves(self):
		for doctype, payload in self.payloads().items():
			count = frappe.db.count(doctype)
			with self.assertRaises(frappe.PermissionError, msg=doctype):
				self.as_user(
					self.advisor,
					frappe.client.insert,
					{"doctype": doctype, "advisor": self.advisor, **payload},
				)
			self.assertEqual(frappe.db.count(doctype), count, doctype)

	def test_roles_that_may_record_do_not_let_anyone_record_about_themselves(self):
		# an advisor who also holds every recording role is still refused, by the controller
		frappe.get_doc("User", self.advisor).add_roles(
			"Customer Service Agent", "Service Manager", "Station Manager"
		)
		for doctype, payload in self.payloads().items():
			count = frappe.db.count(doctype)
			with self.assertRaises(OwnPayError, msg=doctype):
				self.as_user(
					self.advisor,
					frappe.client.insert,
					{"doctype": doctype, "advisor": self.advisor, **payload},
				)
			with self.assertRaises(OwnPayError, msg=doctype):
				self.as_user(
					self.advisor,
					lambda d: frappe.get_doc(d).insert(),
					{"doctype": doctype, "advisor": self.advisor, **payload},
				)
			self.assertEqual(frappe.db.count(doctype), count, doctype)

	def test_existing_inputs_about_oneself_cannot_be_edited_moved_or_deleted(self):
		complaint = frappe.get_doc(
			{"doctype": "Service Complaint", "advisor": self.advisor, **self.payloads()["Service Complaint"]}
		).insert()
		commendation = frappe.get_doc(
			{"doctype": "Commendation", "advisor": self.agent, **self.payloads()["Commendation"]}
		).insert()
		inspection = make_inspection(advisor=self.advisor, inspector=self.manager, ratings={1: "Severe"})
		frappe.get_doc("User", self.advisor).add_roles("Customer Service Agent", "Service Manager")
		stored = frappe.db.get_value("Service Complaint", complaint.name, ["level", "advisor", "modified"])
		for field, value in (("level", "Manufacturer"), ("advisor", self.agent), ("description", "y")):
			with self.assertRaises(OwnPayError, msg=field):
				self.as_user(
					self.advisor, frappe.client.set_value, "Service Complaint", complaint.name, field, value
				)
		with self.assertRaises(OwnPayError):
			self.as_user(self.advisor, frappe.client.delete, "Service Complaint", complaint.name)
		self.assertEqual(
			frappe.db.get_value("Service Complaint", complaint.name, ["level", "advisor", "modified"]), stored
		)
		# moving someone else's commendation onto oneself
		with self.assertRaises(OwnPayError):
			self.as_user(
				self.advisor,
				frappe.client.set_value,
				"Commendation",
				commendation.name,
				"advisor",
				self.advisor,
			)
		self.assertEqual(frappe.db.get_value("Commendation", commendation.name, "advisor"), self.agent)
		# cancelling one's own 6S inspection
		with self.assertRaises(OwnPayError):
			self.as_user(
				self.advisor, lambda: frappe.get_doc("Front Desk 6S Inspection", inspection.name).cancel()
			)
		self.assertEqual(frappe.db.get_value("Front Desk 6S Inspection", inspection.name, "docstatus"), 1)


class TestOwnPayOverHttp(FrappeTestCase):
	"""The issue's report, replayed over real HTTP against a multi-worker server."""

	def test_advisor_over_http_refused_and_rows_unchanged(self):
		tag = random_string(6).lower()
		advisor = make_user(f"sa-own-pay-{tag}@example.com", roles=["Service Advisor"]).name
		set_test_password(advisor)
		previous = frappe.db.get_single_value("Service Advisor Settings", "callback_agent")
		set_settings(callback_agent=None)
		order = make_delivered_repair_order(advisor=advisor)
		callback = frappe.db.get_value("Callback", {"repair_order": order.name}, "name")
		frappe.db.commit()  # nosemgrep: frappe-manual-commit -- the live server's workers must see the rows
		before = callback_state(callback)
		try:
			with LiveServer(workers=2) as server:
				s = server.session(advisor)
				opened = s.get(server.url + f"/api/resource/Callback/{callback}", timeout=60)
				logged = s.post(
					server.url + LOG,
					data={"callback": callback, "reached": 1, "praise": "Best advisor", **SATISFIED},
					timeout=60,
				)
				cancelled = s.put(
					server.url + f"/api/resource/Callback/{callback}",
					json={"status": "Cancelled"},
					timeout=60,
				)
				reassigned = s.put(
					server.url + f"/api/resource/Callback/{callback}",
					json={"assigned_to": "Administrator"},
					timeout=60,
				)
				via_client = s.post(
					server.url + "/api/method/frappe.client.set_value",
					data={
						"doctype": "Callback",
						"name": callback,
						"fieldname": "status",
						"value": "Cancelled",
					},
					timeout=60,
				)
				praise = s.post(
					server.url + "/api/resource/Commendation",
					json={"advisor": advisor, "source": "Letter", "sent_to_manufacturer": 1},
					timeout=60,
				)
				log = server.tail()
		finally:
			set_settings(callback_agent=previous)
			frappe.db.commit()  # nosemgrep: frappe-manual-commit -- restore the committed setting
		self.assertEqual(opened.status_code, 200, log)  # the advisor sees their callback ...
		codes = [r.status_code for r in (logged, cancelled, reassigned, via_client, praise)]
		self.assertEqual(
			codes, [403] * 5, [r.text[:300] for r in (logged, cancelled, reassigned, via_client, praise)]
		)
		self.assertIn("OwnPayError", logged.text)
		frappe.db.rollback()  # a fresh snapshot: read what the server committed
		self.assertEqual(callback_state(callback), before)
		self.assertEqual(commendations_of(advisor), 0)
