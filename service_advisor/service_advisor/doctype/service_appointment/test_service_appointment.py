# Copyright (c) 2026, service_advisor developers
# For license information, please see license.txt

import frappe
from frappe.utils import add_to_date, get_datetime

from service_advisor.api.front_desk import check_in_appointment
from service_advisor.exceptions import (
	AppointmentStateError,
	DoubleBookingError,
	VehicleCustomerMismatchError,
)
from service_advisor.testing.case import ServiceAdvisorTestCase
from service_advisor.testing.factories import (
	ERPNEXT_TEST_IGNORE,
	make_appointment,
	make_customer,
	make_employee,
	make_service_bay,
	make_vehicle,
	role_user,
)

test_ignore = ERPNEXT_TEST_IGNORE

START = get_datetime("2030-03-04 09:00:00")


class TestServiceAppointment(ServiceAdvisorTestCase):
	def test_end_computed_from_duration(self):
		appt = make_appointment(scheduled_start=START, duration_minutes=90)
		self.assertEqual(get_datetime(appt.scheduled_end), get_datetime("2030-03-04 10:30:00"))

	def test_same_bay_overlapping_refused(self):
		bay = make_service_bay().name
		make_appointment(scheduled_start=START, bay=bay)
		count = frappe.db.count("Service Appointment")
		with self.assertRaises(DoubleBookingError) as ctx:
			make_appointment(scheduled_start=add_to_date(START, minutes=30), bay=bay)
		self.assertIn(bay, str(ctx.exception))
		self.assertEqual(frappe.db.count("Service Appointment"), count)

	def test_same_technician_overlapping_refused(self):
		technician = make_employee().name
		make_appointment(scheduled_start=START, technician=technician, bay=make_service_bay().name)
		with self.assertRaises(DoubleBookingError):
			make_appointment(
				scheduled_start=add_to_date(START, minutes=59),
				technician=technician,
				bay=make_service_bay().name,
			)

	def test_back_to_back_allowed(self):
		bay = make_service_bay().name
		make_appointment(scheduled_start=START, bay=bay)
		second = make_appointment(scheduled_start=add_to_date(START, hours=1), bay=bay)
		self.assertTrue(second.name)

	def test_cancelled_booking_frees_the_bay(self):
		bay = make_service_bay().name
		first = make_appointment(scheduled_start=START, bay=bay)
		first.status = "Cancelled"
		first.save()
		self.assertTrue(make_appointment(scheduled_start=START, bay=bay).name)

	def test_moving_into_a_clash_refused(self):
		bay = make_service_bay().name
		make_appointment(scheduled_start=START, bay=bay)
		later = make_appointment(scheduled_start=add_to_date(START, hours=3), bay=bay)
		later.scheduled_start = add_to_date(START, minutes=15)
		with self.assertRaises(DoubleBookingError):
			later.save()

	def test_vehicle_of_another_customer_refused(self):
		vehicle = make_vehicle().name
		with self.assertRaises(VehicleCustomerMismatchError):
			make_appointment(vehicle=vehicle, customer=make_customer().name)

	def test_check_in_creates_repair_order(self):
		technician = make_employee().name
		bay = make_service_bay().name
		appt = make_appointment(
			scheduled_start=START, technician=technician, bay=bay, source="Manufacturer Dispatch"
		)
		name = check_in_appointment(appt.name)
		order = frappe.get_doc("Repair Order", name)
		self.assertEqual(order.workflow_state, "Checked In")
		self.assertEqual(order.status, "Checked In")
		self.assertEqual(order.is_appointment, 1)
		self.assertEqual(order.service_appointment, appt.name)
		self.assertEqual((order.technician, order.bay), (technician, bay))
		self.assertEqual((order.customer, order.vehicle), (appt.customer, appt.vehicle))
		self.assertTrue(order.arrival_time)
		appt.reload()
		self.assertEqual((appt.status, appt.repair_order), ("Arrived", name))

	def test_second_check_in_refused(self):
		appt = make_appointment(scheduled_start=START)
		check_in_appointment(appt.name)
		count = frappe.db.count("Repair Order")
		with self.assertRaises(AppointmentStateError):
			check_in_appointment(appt.name)
		self.assertEqual(frappe.db.count("Repair Order"), count)

	def test_cancelled_appointment_cannot_check_in(self):
		appt = make_appointment(scheduled_start=START, status="Cancelled")
		with self.assertRaises(AppointmentStateError):
			check_in_appointment(appt.name)

	def test_arrived_only_by_check_in(self):
		appt = make_appointment(scheduled_start=START)
		appt.status = "Arrived"
		with self.assertRaises(AppointmentStateError):
			appt.save()

	def test_technician_cannot_check_in(self):
		appt = make_appointment(scheduled_start=START)
		frappe.set_user(role_user("Workshop Technician").name)
		with self.assertRaises(frappe.PermissionError):
			check_in_appointment(appt.name)
		frappe.set_user("Administrator")
		self.assertEqual(frappe.db.get_value("Service Appointment", appt.name, "status"), "Scheduled")

	def test_advisor_can_book_and_check_in(self):
		advisor = role_user("Service Advisor").name
		vehicle = make_vehicle().name
		frappe.set_user(advisor)
		appt = make_appointment(vehicle=vehicle, scheduled_start=START)
		self.assertEqual(appt.advisor, advisor)
		order = frappe.get_doc("Repair Order", check_in_appointment(appt.name))
		self.assertEqual(order.first_responsible_person, advisor)
