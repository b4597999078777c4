# Copyright (c) 2026, service_advisor developers
# For license information, please see license.txt

"""Issue 29, the two calls after delivery:
- customer service's satisfaction survey (客服电话回访, assessment rules 4-5: praise and complaints), within
  3 days (制定3天内回访客户明细), routed to the customer service pool of the order's dealership (role +
  company, least loaded), never to nor by the assessed advisor;
- the advisor's own care call the day after delivery for many items or a repeat repair (服务顾问应及时在车辆
  出厂次日进行回访关注, working rule 10): did the repair hold? Logged by the advisor, not an input of pay.
Maintenance invitations stay with the advisors (6S item 32)."""

import frappe
from frappe.utils import add_days, getdate, nowdate

from service_advisor.api.followup import book_from_callback, log_callback_attempt
from service_advisor.exceptions import CallbackError, OwnPayError
from service_advisor.services import followup
from service_advisor.testing.case import ServiceAdvisorTestCase
from service_advisor.testing.factories import (
	ERPNEXT_TEST_IGNORE,
	make_company,
	make_delivered_repair_order,
	make_employee,
	make_user,
	set_settings,
)

test_ignore = ERPNEXT_TEST_IGNORE

TODAY = getdate(nowdate())
SECOND = ("SA Second Motors", "SASM")
THIRD = ("SA Third Motors", "SATM3")
SATISFIED = {"attitude": "Satisfied", "explanation": "Satisfied", "timeliness": "Satisfied"}


def items(n: int) -> list[dict]:
	return [{"qty": 1, "rate": 100} for _ in range(n)]


def employed(role: str, dealership: str, name: str) -> str:
	user = make_user(f"sa-{name}-{frappe.generate_hash(length=6)}@example.com", roles=(role,)).name
	make_employee(user, company=dealership)
	return user


def calls_of(order) -> dict[str, frappe._dict]:
	return {
		row.callback_type: row
		for row in frappe.get_all(
			"Callback",
			filters={"repair_order": order.name},
			fields=["name", "callback_type", "assigned_to", "advisor", "due_date", "due_rule", "company"],
		)
	}


def as_user(user, fn, *args, **kwargs):
	frappe.set_user(user)
	try:
		return fn(*args, **kwargs)
	finally:
		frappe.set_user("Administrator")


class TestCustomerServicePool(ServiceAdvisorTestCase):
	def setUp(self):
		super().setUp()
		set_settings(callback_agent=None)
		self.second, self.third = make_company(*SECOND), make_company(*THIRD)
		# the second dealership's pool: two agents (names fix the tie-break); the third's: one
		self.a1 = employed("Customer Service Agent", self.second, "a1")
		self.a2 = employed("Customer Service Agent", self.second, "a2")
		self.b1 = employed("Customer Service Agent", self.third, "b1")
		self.advisor2 = employed("Service Advisor", self.second, "adv2")
		self.advisor3 = employed("Service Advisor", self.third, "adv3")
		# an agent whose Employee record has left is no longer in the pool
		gone = employed("Customer Service Agent", self.second, "a0-gone")
		frappe.db.set_value("Employee", {"user_id": gone}, "status", "Left")

	def test_each_dealerships_surveys_go_to_its_least_loaded_agent(self):
		first, second = sorted((self.a1, self.a2))
		assigned = []
		for _ in range(3):
			order = make_delivered_repair_order(advisor=self.advisor2, items=items(1))
			survey = calls_of(order)["After Service"]
			self.assertEqual((survey.company, survey.advisor), (self.second, self.advisor2))
			self.assertEqual(getdate(survey.due_date), add_days(TODAY, 3))
			assigned.append(survey.assigned_to)
		self.assertEqual(assigned, [first, second, first])  # 0/0 -> first; 1/0 -> second; 1/1 -> first
		order = make_delivered_repair_order(advisor=self.advisor3, items=items(1))
		self.assertEqual(calls_of(order)["After Service"].assigned_to, self.b1)
		self.assertEqual(followup.customer_service_pool(self.second), sorted((self.a1, self.a2)))

	def test_a_dealership_without_agents_falls_back_to_the_setting_then_to_its_managers(self):
		lonely = make_user(roles=("Service Advisor",)).name  # no Employee: the settings' company
		fallback = make_user(roles=("Customer Service Agent",)).name
		set_settings(callback_agent=fallback)
		order = make_delivered_repair_order(advisor=lonely, items=items(1))
		self.assertEqual(calls_of(order)["After Service"].assigned_to, fallback)
		set_settings(callback_agent=None)
		manager = make_user(roles=("Service Manager",)).name
		order = make_delivered_repair_order(advisor=lonely, items=items(1))
		survey = calls_of(order)["After Service"]
		self.assertIsNone(survey.assigned_to)  # never the advisor
		followup.remind_due_callbacks(add_days(TODAY, 3))
		self.assertTrue(
			frappe.db.exists(
				"ToDo", {"reference_type": "Callback", "reference_name": survey.name, "allocated_to": manager}
			)
		)
		self.assertFalse(
			frappe.db.exists(
				"ToDo", {"reference_type": "Callback", "reference_name": survey.name, "allocated_to": lonely}
			)
		)

	def test_declined_work_goes_to_the_pool_and_invitations_stay_with_the_advisor(self):
		from service_advisor.testing.factories import advance, make_add_on, make_repair_order

		order = advance(make_repair_order(advisor=self.advisor3), "Check In", "Authorise", "Start Repair")
		add_on = make_add_on(order.name, items=[{"qty": 1, "rate": 120}])
		from service_advisor.api.front_desk import record_customer_decision

		record_customer_decision(add_on.name, "Declined", "Customer", "In Person")
		declined = frappe.get_all(
			"Callback", {"add_on_item": add_on.name, "callback_type": "Declined Work"}, pluck="assigned_to"
		)
		self.assertEqual(declined, [self.b1])

		set_settings(callback_agent=self.b1)  # even with the setting filled
		delivered = make_delivered_repair_order(advisor=self.advisor3, items=items(1))
		frappe.db.set_value("Customer Vehicle", delivered.vehicle, "next_service_date", TODAY)
		followup.generate_maintenance_invitations(nowdate()[:7])
		invitation = frappe.get_all(
			"Callback",
			{"vehicle": delivered.vehicle, "callback_type": "Maintenance Invitation"},
			["assigned_to", "advisor"],
		)
		self.assertEqual([(r.assigned_to, r.advisor) for r in invitation], [(self.advisor3, self.advisor3)])


class TestCareCall(ServiceAdvisorTestCase):
	def setUp(self):
		super().setUp()
		self.advisor = make_user(roles=("Service Advisor",)).name
		self.other = make_user(roles=("Service Advisor",)).name
		self.agent = make_user(roles=("Customer Service Agent",)).name
		set_settings(callback_agent=self.agent)
		self.order = make_delivered_repair_order(advisor=self.advisor, items=items(5))
		calls = calls_of(self.order)
		self.care, self.survey = calls["Care Call"], calls["After Service"]

	def test_two_calls_for_one_order(self):
		self.assertEqual(
			(self.care.assigned_to, getdate(self.care.due_date), self.care.due_rule),
			(self.advisor, add_days(TODAY, 1), "Next Day (Many Items)"),
		)
		self.assertEqual(
			(self.survey.assigned_to, getdate(self.survey.due_date), self.survey.due_rule),
			(self.agent, add_days(TODAY, 3), "Within Days"),
		)
		# delivering again creates nothing twice
		followup.create_after_service_callback(self.order)
		self.assertEqual(frappe.db.count("Callback", {"repair_order": self.order.name}), 2)

	def test_the_advisor_logs_the_care_call_and_books_the_comeback(self):
		status = as_user(
			self.advisor, log_callback_attempt, self.care.name, 1, "Noise is back", fault_fixed="No"
		)
		self.assertEqual(status, "Completed")
		name = as_user(self.advisor, book_from_callback, self.care.name, f"{add_days(TODAY, 2)} 09:00:00")
		care = frappe.get_doc("Callback", self.care.name)
		self.assertEqual(
			(care.fault_fixed, care.attempts[0].attempted_by, care.service_appointment),
			("No", self.advisor, name),
		)
		self.assertEqual(frappe.db.get_value("Service Appointment", name, "advisor"), self.advisor)
		# not an input of pay: no complaint, no commendation
		self.assertIsNone(care.service_complaint)
		self.assertFalse(frappe.db.exists("Commendation", {"callback": self.care.name}))

	def test_the_care_call_asks_only_whether_the_repair_held(self):
		for kwargs in (
			{"fault_fixed": "Yes", **SATISFIED},
			{"fault_fixed": "Yes", "praise": "Lovely"},
			{"fault_fixed": None},
			{"fault_fixed": "Not Applicable"},
		):
			with self.assertRaises(CallbackError, msg=kwargs):
				as_user(self.advisor, log_callback_attempt, self.care.name, 1, "x", **kwargs)
		self.assertEqual(frappe.db.get_value("Callback", self.care.name, "attempt_count"), 0)

	def test_the_advisor_is_refused_the_survey_and_others_care_calls(self):
		with self.assertRaises(OwnPayError):
			as_user(self.advisor, log_callback_attempt, self.survey.name, 1, "fine", **SATISFIED)
		with self.assertRaises(frappe.PermissionError):
			as_user(self.other, log_callback_attempt, self.care.name, 1, "x", fault_fixed="Yes")
		# nor may the advisor turn their care call into the survey, or the survey into a care call
		for name, value in ((self.care.name, "After Service"), (self.survey.name, "Care Call")):
			with self.assertRaises(frappe.PermissionError, msg=name):
				as_user(self.advisor, frappe.client.set_value, "Callback", name, "callback_type", value)
		self.assertEqual(frappe.db.get_value("Callback", self.survey.name, "attempt_count"), 0)
		# customer service makes the survey
		self.assertEqual(
			as_user(self.agent, log_callback_attempt, self.survey.name, 1, "fine", **SATISFIED), "Completed"
		)

	def test_the_care_call_is_on_the_advisors_list_the_survey_on_the_agents(self):
		followup.remind_due_callbacks(add_days(TODAY, 3))
		todo = frappe.qb.DocType("ToDo")
		rows = set(
			frappe.qb.from_(todo)
			.select(todo.reference_name, todo.allocated_to)
			.where(todo.reference_name.isin([self.care.name, self.survey.name]))
			.run()
		)
		self.assertEqual(rows, {(self.care.name, self.advisor), (self.survey.name, self.agent)})
