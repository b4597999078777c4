# Copyright (c) 2026, service_advisor developers
# For license information, please see license.txt

import frappe

from service_advisor.exceptions import InvalidVINError
from service_advisor.testing.case import ServiceAdvisorTestCase
from service_advisor.testing.factories import ERPNEXT_TEST_IGNORE, make_customer, make_vehicle

test_ignore = ERPNEXT_TEST_IGNORE


class TestCustomerVehicle(ServiceAdvisorTestCase):
	def setUp(self):
		super().setUp()
		frappe.db.set_single_value("Service Advisor Settings", "verify_vin_check_digit", 1)

	def test_valid_vin_is_normalised_and_names_the_vehicle(self):
		vehicle = make_vehicle(vin=" 1m8gdm9axkp042788 ")
		self.assertEqual(vehicle.name, "1M8GDM9AXKP042788")
		self.assertEqual(vehicle.vin, "1M8GDM9AXKP042788")

	def test_bad_vins_refused_and_nothing_saved(self):
		customer = make_customer().name
		count = frappe.db.count("Customer Vehicle")
		for vin in ("1M8GDM9AXKP04278", "1M8GDM9AXKP0427889", "IM8GDM9AXKP042788", "1M8GDM9A1KP042788"):
			with self.assertRaises(InvalidVINError, msg=vin):
				make_vehicle(customer=customer, vin=vin)
		self.assertEqual(frappe.db.count("Customer Vehicle"), count)

	def test_vin_with_o_or_q_refused(self):
		for vin in ("1M8GDM9AXKP04278O", "QM8GDM9AXKP042788"):
			with self.assertRaises(InvalidVINError):
				make_vehicle(vin=vin)

	def test_check_digit_can_be_switched_off(self):
		frappe.db.set_single_value("Service Advisor Settings", "verify_vin_check_digit", 0)
		vehicle = make_vehicle(vin="1M8GDM9A1KP042788")
		self.assertEqual(vehicle.name, "1M8GDM9A1KP042788")

	def test_duplicate_vin_refused(self):
		vin = make_vehicle().vin
		with self.assertRaises(frappe.DuplicateEntryError):
			make_vehicle(vin=vin)
