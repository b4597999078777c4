# Copyright (c) 2026, service_advisor developers
# For license information, please see license.txt

from urllib.parse import parse_qs, urlparse

import frappe
from frappe.utils import add_to_date, now_datetime

from service_advisor.api import front_desk
from service_advisor.api.approval import respond
from service_advisor.exceptions import AddOnDecisionError
from service_advisor.services.approval_link import ApprovalLinkError, token_hash
from service_advisor.testing.case import ServiceAdvisorTestCase
from service_advisor.testing.factories import (
	ERPNEXT_TEST_IGNORE,
	advance,
	make_add_on,
	make_outgoing_email_account,
	make_repair_order,
	role_user,
)

test_ignore = ERPNEXT_TEST_IGNORE


def token_of(url: str) -> str:
	return parse_qs(urlparse(url).query)["token"][0]


def send_approval_link(add_on: str) -> str:
	"""Send the link through the app's API, as the desk does, and return the URL the customer received
	(the API answers only where it went; the URL is kept in this process for tests)."""
	frappe.local.sa_last_approval_url = None
	front_desk.send_approval_link(add_on)
	return frappe.local.sa_last_approval_url


def as_guest(fn, *args, ip="203.0.113.7"):
	frappe.set_user("Guest")
	frappe.local.request_ip = ip
	try:
		return fn(*args)
	finally:
		frappe.set_user("Administrator")
		frappe.local.request_ip = None


class TestApprovalLink(ServiceAdvisorTestCase):
	def setUp(self):
		super().setUp()
		self.order = advance(make_repair_order(), "Check In", "Authorise", "Start Repair")
		self.add_on = make_add_on(self.order.name, items=[{"qty": 2, "rate": 45}], extra_time_minutes=20)
		frappe.db.set_value("Customer", self.add_on.customer, "email_id", "customer@example.com")

	def test_customer_approves_without_login_and_use_is_recorded(self):
		url = send_approval_link(self.add_on.name)
		self.assertIn("/addon-approval?token=", url)
		token = token_of(url)
		self.assertNotEqual(
			frappe.db.get_value("Add-on Item", self.add_on.name, "approval_token_hash"), token
		)
		self.assertEqual(as_guest(respond, token, "Approved"), "Approved")
		add_on = frappe.get_doc("Add-on Item", self.add_on.name)
		self.assertEqual(
			(add_on.decision, add_on.decision_method, add_on.approval_link_ip),
			("Approved", "Approval Link", "203.0.113.7"),
		)
		self.assertTrue(add_on.approval_link_used_on)
		self.assertIsNone(add_on.approval_token_hash)
		order = frappe.get_doc("Repair Order", self.order.name)
		self.assertEqual([r.amount for r in order.items if r.add_on_item == add_on.name], [90])

	def test_link_is_single_use(self):
		token = token_of(send_approval_link(self.add_on.name))
		as_guest(respond, token, "Declined")
		with self.assertRaises(ApprovalLinkError):
			as_guest(respond, token, "Approved")
		self.assertEqual(frappe.db.get_value("Add-on Item", self.add_on.name, "decision"), "Declined")

	def test_expired_link_refused(self):
		token = token_of(send_approval_link(self.add_on.name))
		frappe.db.set_value(
			"Add-on Item",
			self.add_on.name,
			"approval_link_expires_on",
			add_to_date(now_datetime(), minutes=-1),
		)
		with self.assertRaises(ApprovalLinkError):
			as_guest(respond, token, "Approved")
		self.assertEqual(frappe.db.get_value("Add-on Item", self.add_on.name, "decision"), "Pending")

	def test_guessed_or_tampered_token_refused(self):
		token = token_of(send_approval_link(self.add_on.name))
		for bad in (token[:-1] + ("A" if token[-1] != "A" else "B"), "", "x" * 500, token_hash(token)):
			with self.assertRaises(ApprovalLinkError, msg=bad[:20]):
				as_guest(respond, bad, "Approved")
		self.assertEqual(frappe.db.get_value("Add-on Item", self.add_on.name, "decision"), "Pending")

	def test_new_link_cancels_the_old_one_and_binds_to_its_add_on(self):
		old = token_of(send_approval_link(self.add_on.name))
		new = token_of(send_approval_link(self.add_on.name))
		with self.assertRaises(ApprovalLinkError):
			as_guest(respond, old, "Approved")
		other = make_add_on(self.order.name)
		as_guest(respond, new, "Approved")
		self.assertEqual(frappe.db.get_value("Add-on Item", other.name, "decision"), "Pending")

	def test_bad_decision_refused(self):
		token = token_of(send_approval_link(self.add_on.name))
		with self.assertRaises(ApprovalLinkError):
			as_guest(respond, token, "Maybe")

	def test_token_fields_cannot_be_planted(self):
		add_on = frappe.get_doc("Add-on Item", self.add_on.name)
		add_on.approval_token_hash = token_hash("known")
		with self.assertRaises(AddOnDecisionError):
			add_on.save()

	def test_only_the_advisor_desk_sends_links(self):
		frappe.set_user(role_user("Workshop Technician").name)
		with self.assertRaises(frappe.PermissionError):
			send_approval_link(self.add_on.name)

	def test_page_shows_items_and_refuses_bad_tokens(self):
		import importlib

		page = importlib.import_module("service_advisor.www.addon_approval")
		token = token_of(send_approval_link(self.add_on.name))
		frappe.set_user("Guest")
		try:
			frappe.form_dict.token = token
			context = page.get_context(frappe._dict())
			self.assertEqual(context.view["reason"], "Wiper blades split")
			self.assertEqual([(r["qty"], r["rate"]) for r in context.view["items"]], [(2, 45)])
			self.assertEqual((context.view["estimated_total"], context.view["extra_time_minutes"]), (90, 20))
			frappe.form_dict.token = "nope"
			context = page.get_context(frappe._dict())
			self.assertTrue(context.link_error)
			self.assertFalse(context.get("view"))
		finally:
			frappe.set_user("Administrator")
			frappe.form_dict.pop("token", None)

	def test_changing_the_quote_voids_the_link(self):
		token = token_of(send_approval_link(self.add_on.name))
		add_on = frappe.get_doc("Add-on Item", self.add_on.name)
		add_on.items[0].rate = 99
		add_on.save()
		with self.assertRaises(ApprovalLinkError):
			as_guest(respond, token, "Approved")
		self.assertEqual(frappe.db.get_value("Add-on Item", self.add_on.name, "decision"), "Pending")

	def test_link_is_e_mailed_through_the_notification(self):
		make_outgoing_email_account()
		frappe.db.set_value("Customer", self.add_on.customer, "email_id", "customer@example.com")
		url = send_approval_link(self.add_on.name)
		queued = frappe.get_all(
			"Email Queue",
			filters={"reference_doctype": "Add-on Item", "reference_name": self.add_on.name},
			fields=["name", "message"],
		)
		self.assertEqual(len(queued), 1)
		import email

		# the HTML part carries the link as sent (the plain-text alternative is re-wrapped by html2text)
		html = [
			part.get_payload(decode=True).decode(part.get_content_charset() or "utf-8")
			for part in email.message_from_string(queued[0].message).walk()
			if part.get_content_type() == "text/html"
		]
		self.assertEqual(len(html), 1)
		self.assertIn(url, html[0])
		recipients = frappe.get_all(
			"Email Queue Recipient", filters={"parent": queued[0].name}, pluck="recipient"
		)
		self.assertEqual(recipients, ["customer@example.com"])


class TestLinkGoesToTheCustomerOnly(ServiceAdvisorTestCase):
	def setUp(self):
		super().setUp()
		order = advance(make_repair_order(), "Check In", "Authorise", "Start Repair")
		self.add_on = make_add_on(order.name, items=[{"qty": 1, "rate": 80}])

	def test_the_desk_gets_where_it_went_never_the_link(self):
		frappe.db.set_value("Customer", self.add_on.customer, "email_id", "wang@example.com")
		answer = front_desk.send_approval_link(self.add_on.name)
		self.assertEqual(answer["sent_to"], ["w***@example.com"])
		self.assertNotIn("token", frappe.as_json(answer))
		self.assertIn("token=", frappe.local.sa_last_approval_url)

	def test_no_e_mail_and_no_sms_refused_and_no_link_made(self):
		frappe.db.set_value("Customer", self.add_on.customer, {"email_id": None, "mobile_no": "13800138000"})
		frappe.db.set_single_value("SMS Settings", "sms_gateway_url", None)
		with self.assertRaises(ApprovalLinkError):
			front_desk.send_approval_link(self.add_on.name)
		self.assertIsNone(frappe.db.get_value("Add-on Item", self.add_on.name, "approval_token_hash"))

	def test_sms_goes_through_frappes_sms_settings(self):
		from unittest.mock import patch

		frappe.db.set_value("Customer", self.add_on.customer, {"email_id": None, "mobile_no": "13800138000"})
		frappe.db.set_single_value("SMS Settings", "sms_gateway_url", "http://127.0.0.1:9/sms")
		with patch("frappe.core.doctype.sms_settings.sms_settings.send_sms") as send_sms:
			answer = front_desk.send_approval_link(self.add_on.name)
		(numbers, message), _kwargs = send_sms.call_args
		self.assertEqual(numbers, ["13800138000"])
		self.assertIn(frappe.local.sa_last_approval_url, message)
		self.assertEqual(answer["sent_to"], ["138****8000"])

	def test_stored_copies_never_keep_the_token(self):
		from service_advisor.services.approval_link import redact

		url = "https://dealer.example/addon-approval?token=AbC-123_xyz"
		comm = frappe.get_doc(
			{
				"doctype": "Communication",
				"communication_type": "Automated Message",
				"communication_medium": "Email",
				"subject": "Approval",
				"content": f"<p>Please review: {url}</p>",
				"reference_doctype": "Add-on Item",
				"reference_name": self.add_on.name,
			}
		).insert(ignore_permissions=True)
		self.assertNotIn("AbC-123_xyz", comm.content)
		self.assertEqual(
			redact(url), "https://dealer.example/addon-approval?token=(sent to the customer only)"
		)
