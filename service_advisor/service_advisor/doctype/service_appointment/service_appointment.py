# Copyright (c) 2026, service_advisor developers
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import cint, format_datetime, get_datetime

from service_advisor.domain.booking import ACTIVE_STATUSES, Booking, clashes, end_of
from service_advisor.exceptions import AppointmentStateError, DoubleBookingError
from service_advisor.services.company import set_company
from service_advisor.services.vehicles import parse_datetime, validate_vehicle_belongs_to_customer


class ServiceAppointment(Document):
	def validate(self):
		validate_vehicle_belongs_to_customer(self.vehicle, self.customer)
		self.set_scheduled_end()
		self.validate_status_change()
		if self.status in ACTIVE_STATUSES:
			self.validate_no_double_booking()
		if not self.advisor:
			self.advisor = frappe.session.user
		set_company(self)

	def set_scheduled_end(self):
		if cint(self.duration_minutes) < 1:
			frappe.throw(_("Duration must be at least 1 minute."), frappe.ValidationError)
		start = parse_datetime(self.scheduled_start, "Scheduled Start")
		if not start:
			frappe.throw(_("Scheduled Start is required."), frappe.MandatoryError)
		self.scheduled_start = start
		self.scheduled_end = end_of(start, cint(self.duration_minutes))

	def validate_status_change(self):
		before = self.get_doc_before_save()
		previous = before.status if before else None
		if self.status == "Arrived" and previous != "Arrived" and not self.flags.checking_in:
			frappe.throw(
				_("An appointment becomes Arrived only by checking the vehicle in."), AppointmentStateError
			)
		if previous in ("Arrived",) and self.status != previous:
			frappe.throw(
				_("Appointment {0} has already been checked in.").format(self.name), AppointmentStateError
			)

	def validate_no_double_booking(self):
		if not (self.bay or self.technician):
			return
		new = Booking(
			self.name,
			get_datetime(self.scheduled_start),
			get_datetime(self.scheduled_end),
			self.bay,
			self.technician,
		)
		for resource, other in clashes(new, self.overlapping_bookings()):
			label = _("Bay {0}") if resource == "bay" else _("Technician {0}")
			frappe.throw(
				_("{0} is already booked from {1} to {2} by appointment {3}.").format(
					label.format(frappe.bold(getattr(new, resource))),
					format_datetime(other.start),
					format_datetime(other.end),
					frappe.bold(other.name),
				),
				DoubleBookingError,
				title=_("Double Booking"),
			)

	def overlapping_bookings(self) -> list[Booking]:
		appointment = frappe.qb.DocType("Service Appointment")
		resource = None
		if self.bay:
			resource = appointment.bay == self.bay
		if self.technician:
			by_technician = appointment.technician == self.technician
			resource = by_technician if resource is None else (resource | by_technician)
		rows = (
			frappe.qb.from_(appointment)
			.select(
				appointment.name,
				appointment.scheduled_start,
				appointment.scheduled_end,
				appointment.bay,
				appointment.technician,
			)
			.where(appointment.status.isin(ACTIVE_STATUSES))
			.where(appointment.name != (self.name or ""))
			.where(appointment.scheduled_start < self.scheduled_end)
			.where(appointment.scheduled_end > self.scheduled_start)
			.where(resource)
			.for_update()
		).run(as_dict=True)
		return [
			Booking(
				r.name, get_datetime(r.scheduled_start), get_datetime(r.scheduled_end), r.bay, r.technician
			)
			for r in rows
		]
