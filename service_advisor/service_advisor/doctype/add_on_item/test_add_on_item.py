# Copyright (c) 2026, service_advisor developers
# For license information, please see license.txt

import frappe
from frappe.utils import add_to_date, get_datetime

from service_advisor.api.front_desk import record_customer_decision, record_warranty_decision
from service_advisor.exceptions import (
	AddOnDecisionError,
	InvalidTransitionError,
	LockedDocumentError,
	WarrantyDecisionError,
)
from service_advisor.testing.case import ServiceAdvisorTestCase
from service_advisor.testing.factories import (
	ERPNEXT_TEST_IGNORE,
	advance,
	make_add_on,
	make_repair_order,
	role_user,
)

test_ignore = ERPNEXT_TEST_IGNORE


def order_in_repair(**args):
	return advance(make_repair_order(**args), "Check In", "Authorise", "Start Repair")


class TestAddOnItem(ServiceAdvisorTestCase):
	def test_approved_add_on_joins_the_order_and_moves_promised_time(self):
		order = order_in_repair()
		promised = get_datetime(order.promised_delivery)
		add_on = make_add_on(
			order.name, items=[{"qty": 2, "rate": 40}, {"qty": 1, "rate": 120}], extra_time_minutes=45
		)
		self.assertEqual(add_on.estimated_total, 200)
		record_customer_decision(add_on.name, "Approved", "Mr Wang", "Phone")
		order.reload()
		added = [row for row in order.items if row.add_on_item == add_on.name]
		self.assertEqual(
			[(r.qty, r.rate, r.amount, r.billable_to) for r in added],
			[(2, 40, 80, "Customer"), (1, 120, 120, "Customer")],
		)
		self.assertEqual(order.estimate_total, 600 + 200)
		self.assertEqual(get_datetime(order.promised_delivery), add_to_date(promised, minutes=45))
		add_on.reload()
		self.assertEqual((add_on.decided_by_customer, add_on.decision_method), ("Mr Wang", "Phone"))
		self.assertEqual(add_on.recorded_by, "Administrator")

	def test_declined_add_on_becomes_a_recommendation(self):
		order = order_in_repair()
		add_on = make_add_on(order.name, items=[{"qty": 1, "rate": 350}], reason="Rear tyres at 2 mm")
		record_customer_decision(add_on.name, "Declined", "Mrs Li", "In Person")
		order.reload()
		self.assertFalse([row for row in order.items if row.add_on_item == add_on.name])
		recommendations = frappe.get_doc("Customer Vehicle", order.vehicle).recommendations
		self.assertEqual(
			[(r.description, r.estimated_amount, r.repair_order, r.add_on_item) for r in recommendations],
			[("Rear tyres at 2 mm", 350, order.name, add_on.name)],
		)

	def test_pending_add_on_blocks_quality_check(self):
		order = order_in_repair()
		add_on = make_add_on(order.name)
		with self.assertRaises(InvalidTransitionError):
			advance(order, "Send to Quality Check")
		record_customer_decision(add_on.name, "Declined", "Mr Wang", "Phone")
		self.assertEqual(advance(order, "Send to Quality Check").status, "Quality Check")

	def test_add_on_only_while_in_repair(self):
		order = advance(make_repair_order(), "Check In")
		with self.assertRaises(AddOnDecisionError):
			make_add_on(order.name)

	def test_decision_needs_who_and_how(self):
		add_on = make_add_on(order_in_repair().name)
		with self.assertRaises(AddOnDecisionError):
			record_customer_decision(add_on.name, "Approved", "", "Phone")
		with self.assertRaises(AddOnDecisionError):
			record_customer_decision(add_on.name, "Approved", "Mr Wang", "Telepathy")
		with self.assertRaises(AddOnDecisionError):
			record_customer_decision(add_on.name, "Maybe", "Mr Wang", "Phone")
		self.assertEqual(frappe.db.get_value("Add-on Item", add_on.name, "decision"), "Pending")

	def test_decision_cannot_be_written_directly(self):
		add_on = make_add_on(order_in_repair().name)
		add_on.decision = "Approved"
		add_on.decided_by_customer = "Mr Wang"
		with self.assertRaises(AddOnDecisionError):
			add_on.save()

	def test_decided_add_on_is_locked(self):
		"""Outside its quote (items, amounts, time: see the revision tests) a decided add-on cannot change."""
		add_on = make_add_on(order_in_repair().name)
		record_customer_decision(add_on.name, "Approved", "Mr Wang", "Phone")
		add_on.reload()
		add_on.reason = "Something else"
		with self.assertRaises(LockedDocumentError):
			add_on.save()
		with self.assertRaises(AddOnDecisionError):
			record_customer_decision(add_on.name, "Declined", "Mr Wang", "Phone")

	def test_technician_cannot_record_the_customer_decision(self):
		add_on = make_add_on(order_in_repair().name)
		frappe.set_user(role_user("Workshop Technician").name)
		with self.assertRaises(frappe.PermissionError):
			record_customer_decision(add_on.name, "Approved", "Mr Wang", "Phone")
		frappe.set_user("Administrator")
		self.assertEqual(frappe.db.get_value("Add-on Item", add_on.name, "decision"), "Pending")


class TestWarrantyDecision(ServiceAdvisorTestCase):
	def test_possible_warranty_needs_the_clerk_before_the_customer(self):
		add_on = make_add_on(order_in_repair().name, possibly_warranty=1)
		with self.assertRaises(AddOnDecisionError):
			record_customer_decision(add_on.name, "Approved", "Mr Wang", "Phone")

	def test_only_the_warranty_clerk_decides(self):
		add_on = make_add_on(order_in_repair().name, possibly_warranty=1)
		frappe.set_user(role_user("Service Advisor").name)
		with self.assertRaises(frappe.PermissionError):
			record_warranty_decision("Add-on Item", add_on.name, "Accepted")
		frappe.set_user("Administrator")
		self.assertFalse(frappe.db.get_value("Add-on Item", add_on.name, "warranty_decision"))

	def test_accepted_warranty_bills_the_warranty(self):
		order = order_in_repair()
		add_on = make_add_on(order.name, items=[{"qty": 1, "rate": 900}], possibly_warranty=1)
		frappe.set_user(role_user("Warranty Clerk").name)
		record_warranty_decision("Add-on Item", add_on.name, "Accepted")
		frappe.set_user("Administrator")
		record_customer_decision(add_on.name, "Approved", "Mr Wang", "In Person")
		order.reload()
		self.assertEqual(order.warranty_total, 900)
		self.assertEqual(order.estimate_total, 600)

	def test_rejection_needs_reason_and_explanation(self):
		order = order_in_repair()
		add_on = make_add_on(order.name, possibly_warranty=1)
		frappe.set_user(role_user("Warranty Clerk").name)
		with self.assertRaises(WarrantyDecisionError):
			record_warranty_decision("Add-on Item", add_on.name, "Rejected")
		record_warranty_decision("Add-on Item", add_on.name, "Rejected", "Damage from an accident")
		frappe.set_user("Administrator")
		with self.assertRaises(AddOnDecisionError):
			record_customer_decision(add_on.name, "Approved", "Mr Wang", "Phone")
		add_on.reload()
		add_on.warranty_explained = 1
		add_on.save()
		record_customer_decision(add_on.name, "Approved", "Mr Wang", "Phone")
		order.reload()
		self.assertEqual([r.billable_to for r in order.items if r.add_on_item == add_on.name], ["Customer"])

	def test_warranty_item_on_the_order_blocks_quality_check_until_decided(self):
		order = order_in_repair(items=[{"qty": 1, "rate": 500, "possibly_warranty": 1}])
		with self.assertRaises(InvalidTransitionError):
			advance(order, "Send to Quality Check")
		row = order.items[0].name
		frappe.set_user(role_user("Warranty Clerk").name)
		record_warranty_decision("Repair Order", order.name, "Accepted", row=row)
		frappe.set_user("Administrator")
		order.reload()
		self.assertEqual(
			(order.items[0].billable_to, order.warranty_total, order.estimate_total), ("Warranty", 500, 0)
		)
		self.assertEqual(advance(order, "Send to Quality Check").status, "Quality Check")

	def test_warranty_fields_cannot_be_written_directly(self):
		order = order_in_repair(items=[{"qty": 1, "rate": 500, "possibly_warranty": 1}])
		order.items[0].warranty_decision = "Accepted"
		with self.assertRaises(LockedDocumentError):
			order.save()
		add_on = make_add_on(order.name, possibly_warranty=1)
		add_on.warranty_decision = "Accepted"
		with self.assertRaises(WarrantyDecisionError):
			add_on.save()
