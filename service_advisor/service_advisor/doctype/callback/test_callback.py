# Copyright (c) 2026, service_advisor developers
# For license information, please see license.txt

import frappe
from frappe.utils import add_days, add_months, getdate, nowdate

from service_advisor.api.followup import book_from_callback, generate_maintenance_list, log_callback_attempt
from service_advisor.exceptions import CallbackError
from service_advisor.services import followup
from service_advisor.testing.case import ServiceAdvisorTestCase
from service_advisor.testing.factories import (
	ERPNEXT_TEST_IGNORE,
	make_delivered_repair_order,
	make_vehicle,
	role_user,
	set_settings,
)

test_ignore = ERPNEXT_TEST_IGNORE

TODAY = getdate(nowdate())


def callback_of(order) -> "frappe.Document":
	"""Customer service's satisfaction survey of the order."""
	return frappe.get_doc("Callback", {"repair_order": order.name, "callback_type": "After Service"})


def care_call_of(order) -> "frappe.Document | None":
	"""The advisor's next-day care call of the order (working rule 10), if the order needs one."""
	name = frappe.db.get_value("Callback", {"repair_order": order.name, "callback_type": "Care Call"})
	return frappe.get_doc("Callback", name) if name else None


def items(n: int) -> list[dict]:
	return [{"qty": 1, "rate": 100} for _ in range(n)]


class TestAfterServiceCallback(ServiceAdvisorTestCase):
	def test_three_days_after_delivery(self):
		advisor = role_user("Service Advisor").name
		order = make_delivered_repair_order(items=items(2), advisor=advisor)
		cb = callback_of(order)
		self.assertEqual(getdate(cb.due_date), add_days(TODAY, 3))
		# customer service's survey, never the order's advisor (no agent at the dealership: unassigned)
		self.assertEqual((cb.due_rule, cb.advisor, cb.status), ("Within Days", advisor, "Open"))
		self.assertNotEqual(cb.assigned_to, advisor)
		self.assertIsNone(care_call_of(order))  # two items, no repeat: no care call

	def test_next_day_for_many_items(self):
		advisor = role_user("Service Advisor").name
		order = make_delivered_repair_order(items=items(5), advisor=advisor)
		care = care_call_of(order)
		self.assertEqual(
			(getdate(care.due_date), care.due_rule), (add_days(TODAY, 1), "Next Day (Many Items)")
		)
		self.assertEqual((care.assigned_to, care.advisor), (advisor, advisor))
		# the survey is still customer service's, within 3 days
		survey = callback_of(order)
		self.assertEqual((getdate(survey.due_date), survey.due_rule), (add_days(TODAY, 3), "Within Days"))

	def test_threshold_from_settings(self):
		set_settings(callback_many_items_threshold=7)
		order = make_delivered_repair_order(items=items(5))
		self.assertIsNone(care_call_of(order))
		cb = callback_of(order)
		self.assertEqual((getdate(cb.due_date), cb.due_rule), (add_days(TODAY, 3), "Within Days"))

	def test_next_day_for_a_repeat_repair(self):
		vehicle = make_vehicle().name
		make_delivered_repair_order(items=items(1), vehicle=vehicle)
		second = make_delivered_repair_order(items=items(1), vehicle=vehicle, odometer=12500)
		cb = care_call_of(second)
		self.assertEqual(
			(getdate(cb.due_date), cb.due_rule), (add_days(TODAY, 1), "Next Day (Repeat Repair)")
		)

	def test_assigned_to_the_callback_agent_when_set(self):
		agent = role_user("Customer Service Agent").name
		set_settings(callback_agent=agent)
		self.assertEqual(callback_of(make_delivered_repair_order()).assigned_to, agent)

	def test_creating_twice_creates_one(self):
		order = make_delivered_repair_order()
		self.assertEqual(followup.create_after_service_callback(order), callback_of(order).name)
		self.assertEqual(frappe.db.count("Callback", {"repair_order": order.name}), 1)


class TestCallbackAttempts(ServiceAdvisorTestCase):
	def test_not_reached_retries_then_unreachable(self):
		cb = callback_of(make_delivered_repair_order())
		self.assertEqual(log_callback_attempt(cb.name, 0, "No answer", str(add_days(TODAY, 1))), "Open")
		cb.reload()
		self.assertEqual((cb.attempt_count, getdate(cb.due_date)), (1, add_days(TODAY, 1)))
		self.assertEqual(log_callback_attempt(cb.name, 0, "No answer", str(add_days(TODAY, 2))), "Open")
		self.assertEqual(
			log_callback_attempt(cb.name, 0, "Still no answer", str(add_days(TODAY, 3))), "Unreachable"
		)
		cb.reload()
		self.assertEqual((cb.attempt_count, len(cb.attempts)), (3, 3))
		with self.assertRaises(CallbackError):
			log_callback_attempt(cb.name, 0, "again", str(add_days(TODAY, 4)))

	def test_not_reached_needs_the_next_attempt(self):
		cb = callback_of(make_delivered_repair_order())
		with self.assertRaises(CallbackError):
			log_callback_attempt(cb.name, 0, "No answer")
		with self.assertRaises(CallbackError):
			log_callback_attempt(cb.name, 0, "No answer", str(add_days(TODAY, -1)))
		self.assertEqual(frappe.db.get_value("Callback", cb.name, "attempt_count"), 0)

	def test_reached_needs_the_three_satisfaction_answers(self):
		cb = callback_of(make_delivered_repair_order())
		with self.assertRaises(CallbackError):
			log_callback_attempt(cb.name, 1, "ok", attitude="Satisfied", explanation="Satisfied")
		with self.assertRaises(CallbackError):
			log_callback_attempt(
				cb.name, 1, "ok", attitude="Happy", explanation="Satisfied", timeliness="Satisfied"
			)

	def test_satisfied_call_completes(self):
		cb = callback_of(make_delivered_repair_order())
		status = log_callback_attempt(
			cb.name,
			1,
			"Thanks",
			attitude="Satisfied",
			explanation="Satisfied",
			timeliness="Neutral",
			fault_fixed="Yes",
		)
		self.assertEqual(status, "Completed")
		cb.reload()
		self.assertEqual(
			(cb.satisfaction_timeliness, cb.fault_fixed, cb.service_complaint), ("Neutral", "Yes", None)
		)

	def test_dissatisfied_raises_a_complaint_linked_to_advisor_and_order(self):
		advisor = role_user("Service Advisor").name
		order = make_delivered_repair_order(advisor=advisor)
		cb = callback_of(order)
		log_callback_attempt(
			cb.name,
			1,
			"Waited two hours",
			attitude="Satisfied",
			explanation="Satisfied",
			timeliness="Dissatisfied",
		)
		complaint = frappe.get_doc(
			"Service Complaint", frappe.db.get_value("Callback", cb.name, "service_complaint")
		)
		self.assertEqual(
			(
				complaint.level,
				complaint.advisor,
				complaint.repair_order,
				complaint.callback,
				complaint.status,
			),
			("Company", advisor, order.name, cb.name, "Open"),
		)

	def test_praise_becomes_a_commendation(self):
		advisor = role_user("Service Advisor").name
		cb = callback_of(make_delivered_repair_order(advisor=advisor))
		log_callback_attempt(
			cb.name,
			1,
			"",
			attitude="Satisfied",
			explanation="Satisfied",
			timeliness="Satisfied",
			praise="Very patient",
		)
		commendation = frappe.get_doc("Commendation", {"callback": cb.name})
		self.assertEqual(
			(commendation.advisor, commendation.source, commendation.description),
			(advisor, "Callback", "Very patient"),
		)

	def test_suggestions_reach_the_service_manager(self):
		manager = role_user("Service Manager").name
		cb = callback_of(make_delivered_repair_order())
		log_callback_attempt(
			cb.name,
			1,
			"",
			attitude="Satisfied",
			explanation="Satisfied",
			timeliness="Satisfied",
			suggestions="Open on Sundays",
		)
		self.assertTrue(
			frappe.db.exists(
				"ToDo", {"reference_type": "Callback", "reference_name": cb.name, "allocated_to": manager}
			)
		)

	def test_outcome_cannot_be_written_directly(self):
		cb = callback_of(make_delivered_repair_order())
		cb.status = "Completed"
		with self.assertRaises(CallbackError):
			cb.save()
		cb.reload()
		cb.satisfaction_attitude = "Satisfied"
		with self.assertRaises(CallbackError):
			cb.save()

	def test_advisor_cannot_log_someone_elses_callback_without_write(self):
		cb = callback_of(make_delivered_repair_order())
		frappe.set_user(role_user("Workshop Technician").name)
		with self.assertRaises(frappe.PermissionError):
			log_callback_attempt(cb.name, 0, "x", str(add_days(TODAY, 1)))

	def test_book_next_appointment_from_callback(self):
		cb = callback_of(make_delivered_repair_order())
		start = f"{add_days(TODAY, 10)} 09:00:00"
		name = book_from_callback(cb.name, start)
		appt = frappe.get_doc("Service Appointment", name)
		self.assertEqual(
			(appt.callback, appt.vehicle, appt.from_invitation, appt.source),
			(cb.name, cb.vehicle, 0, "Proactive Call"),
		)
		self.assertEqual(frappe.db.get_value("Callback", cb.name, "service_appointment"), name)
		with self.assertRaises(CallbackError):
			book_from_callback(cb.name, start)


class TestMaintenanceDue(ServiceAdvisorTestCase):
	def test_monthly_list_is_idempotent_and_counts_conversions(self):
		month_start = getdate(add_months(TODAY, 2)).replace(day=1)
		month = f"{month_start.year:04d}-{month_start.month:02d}"
		due = make_vehicle(next_service_date=add_days(month_start, 9))
		not_due = make_vehicle(next_service_date=add_months(month_start, 1))
		created = generate_maintenance_list(month)
		invited = frappe.get_all(
			"Callback",
			filters={"name": ("in", created)},
			fields=["vehicle", "due_rule", "maintenance_month", "due_date"],
		)
		vehicles = {row.vehicle for row in invited}
		self.assertIn(due.name, vehicles)
		self.assertNotIn(not_due.name, vehicles)
		row = next(r for r in invited if r.vehicle == due.name)
		self.assertEqual(
			(row.due_rule, row.maintenance_month, getdate(row.due_date)),
			("Monthly Maintenance", month, month_start),
		)
		self.assertEqual(generate_maintenance_list(month), [])
		self.assertEqual(
			frappe.db.count("Callback", {"vehicle": due.name, "callback_type": "Maintenance Invitation"}), 1
		)
		invitation = frappe.get_doc(
			"Callback", {"vehicle": due.name, "callback_type": "Maintenance Invitation"}
		)
		appt = frappe.get_doc(
			"Service Appointment", book_from_callback(invitation.name, f"{add_days(month_start, 3)} 10:00:00")
		)
		self.assertEqual(appt.from_invitation, 1)

	def test_projected_mileage_makes_a_vehicle_due(self):
		month_start = getdate(add_months(TODAY, 1)).replace(day=1)
		month = f"{month_start.year:04d}-{month_start.month:02d}"
		vehicle = make_vehicle()
		# serviced 30 days before the month at 10,000 km, 40 km a day (settings): due at 11,500 km
		frappe.db.set_value(
			"Customer Vehicle",
			vehicle.name,
			{
				"last_odometer": 10000,
				"last_service_date": add_days(month_start, -30),
				"next_service_km": 11500,
			},
		)
		created = generate_maintenance_list(month)
		self.assertIn(
			vehicle.name, frappe.get_all("Callback", filters={"name": ("in", created)}, pluck="vehicle")
		)

	def test_wrong_role_cannot_generate(self):
		frappe.set_user(role_user("Workshop Technician").name)
		with self.assertRaises(frappe.PermissionError):
			generate_maintenance_list()

	def test_malformed_month_refused(self):
		with self.assertRaises(frappe.ValidationError):
			generate_maintenance_list("2026-13")

	def test_daily_reminders_safe_to_run_twice(self):
		advisor = role_user("Service Advisor").name
		cb = care_call_of(make_delivered_repair_order(items=items(5), advisor=advisor))
		self.assertEqual(followup.remind_due_callbacks(add_days(TODAY, 1)) >= 1, True)
		self.assertEqual(followup.remind_due_callbacks(add_days(TODAY, 1)), 0)
		self.assertEqual(
			frappe.db.count(
				"ToDo", {"reference_type": "Callback", "reference_name": cb.name, "allocated_to": advisor}
			),
			1,
		)
