"""Customers of several repair orders approve their add-ons through their links at the same moment,
through the real web server (gunicorn, 4 workers): every approval is recorded once and nobody gets a
server error. (Two lines of one order approved at once deadlocked in Frappe's writes of the add-on's
approved-revision child table; lines of different orders compete for the same index gap.)

The data is committed (the server's workers have their own connections) and uniquely named."""

import frappe
from frappe.tests.utils import FrappeTestCase

from service_advisor.service_advisor.doctype.add_on_item.test_approval_link import (
	send_approval_link,
	token_of,
)
from service_advisor.testing.factories import (
	advance,
	make_add_on,
	make_outgoing_email_account,
	make_repair_order,
)
from service_advisor.testing.live_server import LiveServer
from service_advisor.tests.test_http_fuzz import clear_rate_limits

EMAIL_ACCOUNT = "SA Decisions HTTP Outgoing"
ORDERS = 6


class TestSimultaneousDecisionsOverHttp(FrappeTestCase):
	def test_customers_of_several_orders_approve_at_the_same_moment(self):
		make_outgoing_email_account(EMAIL_ACCOUNT, "decisions-http@example.com")
		tokens = {}
		for _ in range(ORDERS):
			order = advance(make_repair_order(), "Check In", "Authorise", "Start Repair")
			add_on = make_add_on(order.name, items=[{"qty": 1, "rate": 120}])
			frappe.db.set_value("Customer", add_on.customer, "email_id", "decisions-http@example.com")
			tokens[add_on.name] = token_of(send_approval_link(add_on.name))
		frappe.db.commit()  # nosemgrep: frappe-manual-commit -- the live server's workers must see the links
		clear_rate_limits()
		try:
			with LiveServer(workers=4) as server:
				responses = server.post_at_once(
					"service_advisor.api.approval.respond",
					[{"token": token, "decision": "Approved"} for token in tokens.values()],
				)
		finally:
			clear_rate_limits()
			frappe.db.rollback()
			frappe.delete_doc("Email Account", EMAIL_ACCOUNT, ignore_permissions=True, force=True)
			frappe.db.commit()  # nosemgrep: frappe-manual-commit -- undo the committed account
		self.assertEqual(
			[r.status_code for r in responses], [200] * ORDERS, [r.text[-300:] for r in responses]
		)
		for name in tokens:
			add_on = frappe.get_doc("Add-on Item", name)
			self.assertEqual((add_on.decision, add_on.decision_method), ("Approved", "Approval Link"))
			self.assertEqual(len(add_on.approved_revisions), 1)
			lines = frappe.get_all("Repair Order Item", {"add_on_item": name}, pluck="amount")
			self.assertEqual(lines, [120])


class TestRetryOnDeadlock(FrappeTestCase):
	def test_a_deadlocked_attempt_runs_again_and_the_last_failure_is_raised(self):
		from unittest.mock import patch

		from service_advisor.services import retry

		calls = []

		@retry.retry_on_deadlock
		def twice_a_victim():
			calls.append(1)
			if len(calls) <= 2:
				raise frappe.QueryDeadlockError("Deadlock found when trying to get lock")
			return "Approved"

		with patch.object(frappe.db, "rollback") as rollback, patch.object(retry.time, "sleep"):
			self.assertEqual(twice_a_victim(), "Approved")
			self.assertEqual((len(calls), rollback.call_count), (3, 2))

		@retry.retry_on_deadlock
		def always_a_victim():
			calls.append(1)
			raise frappe.QueryDeadlockError("Deadlock found when trying to get lock")

		calls.clear()
		with patch.object(frappe.db, "rollback"), patch.object(retry.time, "sleep"):
			with self.assertRaises(frappe.QueryDeadlockError):
				always_a_victim()
		self.assertEqual(len(calls), retry.ATTEMPTS)

	def test_other_errors_are_not_retried(self):
		from service_advisor.services import retry

		calls = []

		@retry.retry_on_deadlock
		def refused():
			calls.append(1)
			raise frappe.ValidationError("Decision must be Approved or Declined.")

		with self.assertRaises(frappe.ValidationError):
			refused()
		self.assertEqual(len(calls), 1)


class TestSimultaneousCallbackAttemptsOverHttp(FrappeTestCase):
	"""Customer service logs attempts on six orders' callbacks at the same moment (one attempt row each,
	appended to the callback's child table): every attempt is recorded once, nobody gets a server error."""

	def test_attempts_on_several_callbacks_at_the_same_moment(self):
		from frappe.utils import add_days, nowdate

		from service_advisor.testing.factories import make_delivered_repair_order, make_user
		from service_advisor.testing.live_server import set_test_password

		advisor = make_user(roles=("Service Advisor",)).name
		caller = make_user(roles=("Service Manager",)).name
		set_test_password(caller)
		callbacks = []
		for _ in range(ORDERS):
			order = make_delivered_repair_order(advisor=advisor)
			callbacks.append(frappe.db.get_value("Callback", {"repair_order": order.name}, "name"))
		self.assertTrue(all(callbacks))
		tomorrow = str(add_days(nowdate(), 1))
		frappe.db.commit()  # nosemgrep: frappe-manual-commit -- the live server's workers must see them
		with LiveServer(workers=4) as server:
			responses = server.post_at_once(
				"service_advisor.api.followup.log_callback_attempt",
				[{"callback": callback, "reached": 0, "next_attempt_on": tomorrow} for callback in callbacks],
				server.session(caller).cookies,
			)
		frappe.db.rollback()
		self.assertEqual(
			[r.status_code for r in responses], [200] * ORDERS, [r.text[-300:] for r in responses]
		)
		for name in callbacks:
			self.assertEqual(len(frappe.get_doc("Callback", name).attempts), 1)


class TestSimultaneousQualityChecksOverHttp(FrappeTestCase):
	"""The workshop records the first quality check of six orders at the same moment (one row appended to
	each order's quality table): every check is recorded once, nobody gets a server error."""

	def test_quality_checks_of_several_orders_at_the_same_moment(self):
		from service_advisor.testing.factories import make_user
		from service_advisor.testing.live_server import set_test_password

		inspector = make_user(roles=("Service Manager", "Workshop Technician")).name
		set_test_password(inspector)
		orders = [
			advance(
				make_repair_order(), "Check In", "Authorise", "Start Repair", "Send to Quality Check"
			).name
			for _ in range(ORDERS)
		]
		frappe.db.commit()  # nosemgrep: frappe-manual-commit -- the live server's workers must see them
		with LiveServer(workers=4) as server:
			responses = server.post_at_once(
				"service_advisor.api.front_desk.record_quality_check",
				[{"repair_order": order, "stage": "Self/Peer Check", "result": "Pass"} for order in orders],
				server.session(inspector).cookies,
			)
		frappe.db.rollback()
		self.assertEqual(
			[r.status_code for r in responses], [200] * ORDERS, [r.text[-300:] for r in responses]
		)
		for name in orders:
			checks = frappe.get_doc("Repair Order", name).quality_checks
			self.assertEqual([(c.stage, c.result) for c in checks], [("Self/Peer Check", "Pass")])
