# Copyright (c) 2026, service_advisor developers
# For license information, please see license.txt

import frappe
from frappe.model.workflow import WorkflowTransitionError, apply_workflow
from frappe.utils import get_datetime

from service_advisor.api.front_desk import record_quality_check
from service_advisor.exceptions import (
	ChecklistIncompleteError,
	InvalidTransitionError,
	LockedDocumentError,
	NegativeAmountError,
	OdometerError,
	QualityCheckError,
	ReceptionTimeError,
	TransitionNotAllowedError,
	VehicleCustomerMismatchError,
)
from service_advisor.testing.case import ServiceAdvisorTestCase
from service_advisor.testing.factories import (
	DELIVERY_DONE,
	ERPNEXT_TEST_IGNORE,
	advance,
	deliver,
	make_customer,
	make_item,
	make_repair_order,
	make_vehicle,
	pass_quality_checks,
	role_user,
	set_settings,
)

test_ignore = ERPNEXT_TEST_IGNORE


def state_in_db(order) -> str:
	return frappe.db.get_value("Repair Order", order.name, "workflow_state")


class TestRepairOrderLifecycle(ServiceAdvisorTestCase):
	def test_full_lifecycle_by_the_right_roles(self):
		advisor = role_user("Service Advisor").name
		vehicle = make_vehicle().name
		frappe.set_user(advisor)
		order = make_repair_order(vehicle=vehicle, odometer=15000)
		self.assertTrue(order.name.startswith("RO-"))
		self.assertEqual((order.workflow_state, order.status), ("Draft", "Draft"))
		self.assertEqual(order.first_responsible_person, advisor)
		order = advance(order, "Check In", "Authorise")
		self.assertEqual(order.status, "Authorised")

		frappe.set_user(role_user("Workshop Technician").name)
		order = advance(order, "Start Repair", "Send to Quality Check")
		record_quality_check(order.name, "Self/Peer Check", "Pass")
		frappe.set_user(role_user("Technical Director").name)
		record_quality_check(order.name, "Patrol Check", "Pass")
		frappe.set_user(role_user("Quality Inspector").name)
		record_quality_check(order.name, "Final Inspection", "Pass")
		order = advance(order, "Release for Delivery")
		self.assertEqual(order.status, "Ready for Delivery")

		frappe.set_user(advisor)
		order.update(DELIVERY_DONE)
		order.save()
		order = advance(order, "Deliver")
		self.assertEqual((order.workflow_state, order.status, order.docstatus), ("Delivered", "Delivered", 1))
		self.assertTrue(order.delivered_on)
		frappe.set_user("Administrator")
		vehicle_doc = frappe.get_doc("Customer Vehicle", vehicle)
		self.assertEqual(vehicle_doc.last_odometer, 15000)
		self.assertEqual(str(vehicle_doc.last_service_date), str(get_datetime(order.delivered_on).date()))

	def test_rates_from_price_list_and_totals_by_payer(self):
		labour = make_item(rate=260).name
		part = make_item(rate=45.5).name
		order = make_repair_order(
			items=[
				{"item_code": labour, "qty": 1.5},
				{"item_code": part, "qty": 4},
				{"item_code": part, "qty": 1, "billable_to": "Warranty"},
				{"item_code": labour, "qty": 1, "rate": 100, "billable_to": "Internal"},
			]
		)
		self.assertEqual([row.rate for row in order.items], [260, 45.5, 45.5, 100])
		self.assertEqual(order.estimate_total, 572.0)
		self.assertEqual(order.warranty_total, 45.5)
		self.assertEqual(order.internal_total, 100)

	def test_negative_rate_refused(self):
		with self.assertRaises(NegativeAmountError):
			make_repair_order(items=[{"qty": 1, "rate": -10}])


class TestRepairOrderGuards(ServiceAdvisorTestCase):
	def test_skipping_a_step_refused(self):
		order = make_repair_order()
		order.workflow_state = "Authorised"
		with self.assertRaises(InvalidTransitionError):
			order.save()
		self.assertEqual(state_in_db(order), "Draft")

	def test_new_order_cannot_start_past_draft(self):
		with self.assertRaises(frappe.ValidationError):
			make_repair_order(workflow_state="In Repair")

	def test_authorise_needs_the_reception_checklist(self):
		order = make_repair_order(complete_reception=False)
		order = advance(order, "Check In")
		with self.assertRaises(ChecklistIncompleteError) as ctx:
			advance(order, "Authorise")
		self.assertIn("Protective covers", str(ctx.exception))
		self.assertEqual(state_in_db(order), "Checked In")

	def test_authorise_needs_customer_authorisation(self):
		order = make_repair_order(authorised_by="")
		order = advance(order, "Check In")
		with self.assertRaises(ChecklistIncompleteError):
			advance(order, "Authorise")

	def test_technician_cannot_authorise_by_workflow_or_by_direct_save(self):
		order = advance(make_repair_order(), "Check In")
		frappe.set_user(role_user("Workshop Technician").name)
		with self.assertRaises(WorkflowTransitionError):
			apply_workflow(frappe.get_doc("Repair Order", order.name), "Authorise")
		doc = frappe.get_doc("Repair Order", order.name)
		doc.workflow_state = "Authorised"
		with self.assertRaises(TransitionNotAllowedError):
			doc.save()
		frappe.set_user("Administrator")
		self.assertEqual(state_in_db(order), "Checked In")

	def test_advisor_cannot_start_repair(self):
		advisor = role_user("Service Advisor").name
		order = advance(make_repair_order(advisor=advisor), "Check In", "Authorise")
		frappe.set_user(advisor)
		doc = frappe.get_doc("Repair Order", order.name)
		doc.workflow_state = "In Repair"
		with self.assertRaises(TransitionNotAllowedError):
			doc.save()

	def test_direct_submit_refused_before_delivery(self):
		order = advance(make_repair_order(), "Check In", "Authorise", "Start Repair")
		doc = frappe.get_doc("Repair Order", order.name)
		with self.assertRaises(frappe.ValidationError):
			doc.submit()
		self.assertEqual(frappe.db.get_value("Repair Order", order.name, "docstatus"), 0)

	def test_ready_for_delivery_needs_all_three_stages(self):
		order = advance(make_repair_order(), "Check In", "Authorise", "Start Repair", "Send to Quality Check")
		record_quality_check(order.name, "Self/Peer Check", "Pass")
		record_quality_check(order.name, "Patrol Check", "Pass")
		with self.assertRaises(InvalidTransitionError):
			advance(order, "Release for Delivery")
		self.assertEqual(state_in_db(order), "Quality Check")

	def test_quality_stages_in_order_and_by_role(self):
		order = advance(make_repair_order(), "Check In", "Authorise", "Start Repair", "Send to Quality Check")
		with self.assertRaises(QualityCheckError):
			record_quality_check(order.name, "Patrol Check", "Pass")
		frappe.set_user(role_user("Workshop Technician").name)
		record_quality_check(order.name, "Self/Peer Check", "Pass")
		with self.assertRaises(frappe.PermissionError):
			record_quality_check(order.name, "Patrol Check", "Pass")
		frappe.set_user("Administrator")
		self.assertEqual(len(frappe.get_doc("Repair Order", order.name).quality_checks), 1)

	def test_failed_inspection_returns_to_repair_and_counts_rework(self):
		order = advance(make_repair_order(), "Check In", "Authorise", "Start Repair", "Send to Quality Check")
		record_quality_check(order.name, "Self/Peer Check", "Pass")
		with self.assertRaises(QualityCheckError):
			record_quality_check(order.name, "Patrol Check", "Fail")  # a fail needs remarks
		record_quality_check(order.name, "Patrol Check", "Fail", "Caliper bolt not torqued")
		order = frappe.get_doc("Repair Order", order.name)
		self.assertEqual((order.workflow_state, order.rework_count), ("In Repair", 1))
		order = advance(order, "Send to Quality Check")
		with self.assertRaises(QualityCheckError):
			record_quality_check(order.name, "Patrol Check", "Pass")  # the round starts again
		order = pass_quality_checks(order)
		order = advance(order, "Release for Delivery")
		self.assertEqual((order.workflow_state, order.rework_count), ("Ready for Delivery", 1))

	def test_quality_rows_cannot_be_written_directly(self):
		order = advance(make_repair_order(), "Check In", "Authorise", "Start Repair", "Send to Quality Check")
		order.append("quality_checks", {"stage": "Self/Peer Check", "result": "Pass"})
		with self.assertRaises(LockedDocumentError):
			order.save()

	def test_delivery_needs_the_delivery_checklist(self):
		order = advance(make_repair_order(), "Check In", "Authorise", "Start Repair", "Send to Quality Check")
		order = pass_quality_checks(order)
		order = advance(order, "Release for Delivery")
		with self.assertRaises(ChecklistIncompleteError):
			advance(order, "Deliver")
		self.assertEqual(frappe.db.get_value("Repair Order", order.name, "docstatus"), 0)

	def test_items_change_only_through_add_ons_after_authorisation(self):
		order = advance(make_repair_order(), "Check In", "Authorise")
		order.items[0].qty = 5
		with self.assertRaises(LockedDocumentError):
			order.save()

	def test_settled_only_by_invoice(self):
		order = deliver(advance(make_repair_order(), "Check In", "Authorise", "Start Repair"))
		order.workflow_state = "Settled"
		with self.assertRaises(InvalidTransitionError):
			order.save()

	def test_cancel_before_delivery_but_not_after(self):
		order = advance(make_repair_order(), "Check In", "Authorise", "Start Repair")
		cancelled = advance(order, "Cancel Order")
		self.assertEqual(cancelled.status, "Cancelled")
		cancelled.customer_description = "changed"
		with self.assertRaises(LockedDocumentError):
			cancelled.save()
		delivered = deliver(advance(make_repair_order(), "Check In", "Authorise", "Start Repair"))
		delivered.workflow_state = "Cancelled"
		with self.assertRaises(frappe.ValidationError):
			delivered.save()


class TestReception(ServiceAdvisorTestCase):
	def test_greeting_within_sla(self):
		order = make_repair_order(arrival_time="2030-01-01 10:00:00", greeting_time="2030-01-01 10:02:00")
		self.assertEqual((order.greeting_delay_minutes, order.greeting_sla_breached), (2.0, 0))

	def test_greeting_late_flags_breach_with_minutes(self):
		order = make_repair_order(arrival_time="2030-01-01 10:00:00", greeting_time="2030-01-01 10:03:30")
		self.assertEqual((order.greeting_delay_minutes, order.greeting_sla_breached), (3.5, 1))

	def test_sla_from_settings(self):
		set_settings(greeting_sla_minutes=5)
		order = make_repair_order(arrival_time="2030-01-01 10:00:00", greeting_time="2030-01-01 10:03:30")
		self.assertEqual(order.greeting_sla_breached, 0)

	def test_greeting_before_arrival_refused(self):
		with self.assertRaises(ReceptionTimeError):
			make_repair_order(arrival_time="2030-01-01 10:00:00", greeting_time="2030-01-01 09:59:00")

	def test_odometer_may_not_fall(self):
		vehicle = make_vehicle()
		frappe.db.set_value("Customer Vehicle", vehicle.name, "last_odometer", 20000)
		with self.assertRaises(OdometerError) as ctx:
			make_repair_order(vehicle=vehicle.name, odometer=19999)
		self.assertIn("20000", str(ctx.exception))
		self.assertTrue(make_repair_order(vehicle=vehicle.name, odometer=20000).name)

	def test_vehicle_must_belong_to_customer(self):
		with self.assertRaises(VehicleCustomerMismatchError):
			make_repair_order(vehicle=make_vehicle().name, customer=make_customer().name)

	def test_first_responsible_person_set_once(self):
		advisor = role_user("Service Advisor").name
		customer = make_customer().name
		vehicle = make_vehicle(customer=customer).name
		frappe.set_user(advisor)
		order = make_repair_order(vehicle=vehicle)
		frappe.set_user("Administrator")
		self.assertEqual(frappe.db.get_value("Customer", customer, "sa_first_responsible_person"), advisor)
		# the customer's next order keeps the same first responsible person, whoever opens it
		second = make_repair_order(vehicle=vehicle)
		self.assertEqual(second.first_responsible_person, advisor)
		order.reload()
		order.first_responsible_person = "Administrator"
		with self.assertRaises(frappe.CannotChangeConstantError):
			order.save()
