# Copyright (c) 2026, service_advisor developers
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import cint, getdate, now_datetime

from service_advisor.domain import repair_order as rules
from service_advisor.domain.settlement import next_service
from service_advisor.exceptions import (
	DamagePhotoError,
	InvalidTransitionError,
	LockedDocumentError,
	OdometerError,
)
from service_advisor.services import job_time
from service_advisor.services import repair_order as process
from service_advisor.services.company import set_company
from service_advisor.services.followup import create_after_service_callback
from service_advisor.services.settings import company_setting, get_settings, setting
from service_advisor.services.vehicles import validate_vehicle_belongs_to_customer


class RepairOrder(Document):
	@property
	def outstanding_amount(self) -> float:
		"""Still to be paid: the outstanding amounts of the order's submitted invoices and returns (virtual
		field, read from ERPNext, so payments and credit notes show without any hook)."""
		from service_advisor.services.settlement import outstanding_of

		return outstanding_of(self.name) if self.docstatus == 1 else 0

	def validate(self):
		self.set_defaults()
		validate_vehicle_belongs_to_customer(self.vehicle, self.customer)
		self.validate_odometer()
		process.enforce_item_changes(self)
		process.enforce_quality_rows(self)
		process.set_item_rates(self, company_setting("default_price_list", self.company))
		process.set_totals(self)
		process.validate_greeting(self, company_setting("greeting_sla_minutes", self.company))
		self.validate_damage_photos()
		process.enforce_transition(self)
		process.set_previous_delivery(self)
		self.status = self.workflow_state

	def before_submit(self):
		if self.workflow_state != rules.DELIVERED:
			frappe.throw(_("A Repair Order is submitted only by delivering it."), InvalidTransitionError)
		self.delivered_on = now_datetime()
		self.set_next_service_defaults()

	def on_submit(self):
		process.log_state(self)
		self.update_vehicle_after_delivery()
		create_after_service_callback(self)
		process.refresh_later_orders(self)

	def before_update_after_submit(self):
		process.enforce_transition(self)
		self.status = self.workflow_state

	def on_update_after_submit(self):
		self.update_vehicle_next_service()
		job_time.credit_order(self.name)
		if self.has_value_changed("workflow_state"):
			process.log_state(self)

	def before_cancel(self):
		if (
			self.sales_invoice
			or self.warranty_invoice
			or self.workflow_state in (rules.SETTLED, rules.CLOSED)
		):
			frappe.throw(
				_("Repair Order {0} has been invoiced: cancel its Sales Invoice first.").format(self.name),
				LockedDocumentError,
			)

	def on_cancel(self):
		process.refresh_later_orders(self)

	def on_trash(self):
		if self.workflow_state not in (rules.DRAFT, rules.CANCELLED):
			frappe.throw(_("Only draft or cancelled repair orders can be deleted."), LockedDocumentError)

	# ------------------------------------------------------------ steps
	def set_defaults(self):
		if not self.workflow_state:
			self.workflow_state = rules.DRAFT
		if not self.advisor:
			self.advisor = frappe.session.user
		set_company(self)
		if self.is_new() and not self.first_responsible_person:
			self.first_responsible_person = (
				frappe.db.get_value("Customer", self.customer, "sa_first_responsible_person")
				or frappe.session.user
			)

	def validate_damage_photos(self):
		if not get_settings().require_damage_photo:
			return
		missing = [
			row.idx
			for row in self.walk_around_findings
			if row.is_damage and not (row.photo or row.second_photo)
		]
		if missing:
			frappe.throw(
				_("Walk-around findings marked as damage need a photo (rows {0}).").format(
					", ".join(str(idx) for idx in missing)
				),
				DamagePhotoError,
			)

	def validate_odometer(self):
		if self.odometer is None or not self.vehicle:
			return
		if cint(self.odometer) < 0:
			frappe.throw(_("The odometer reading cannot be negative."), OdometerError)
		last = frappe.db.get_value("Customer Vehicle", self.vehicle, "last_odometer")
		if rules.odometer_falls(cint(self.odometer), cint(last)):
			frappe.throw(
				_("Odometer {0} km is below the vehicle's last reading of {1} km.").format(
					cint(self.odometer), cint(last)
				),
				OdometerError,
				title=_("Odometer"),
			)

	def on_update(self):
		if self.has_value_changed("workflow_state"):
			process.log_state(self)
			job_time.follow_order(self)
		job_time.credit_order(self.name)  # a line's hours, price or payer may have changed

	def after_insert(self):
		if self.customer and not frappe.db.get_value(
			"Customer", self.customer, "sa_first_responsible_person"
		):
			frappe.db.set_value(
				"Customer", self.customer, "sa_first_responsible_person", self.first_responsible_person
			)

	def set_next_service_defaults(self):
		"""Next service due: defaults from the settings' intervals, which the advisor may change."""
		due_date, due_km = next_service(
			getdate(self.delivered_on),
			cint(self.odometer),
			cint(setting("service_interval_months")),
			cint(setting("service_interval_km")),
		)
		self.next_service_date = self.next_service_date or due_date
		self.next_service_km = self.next_service_km or due_km

	def update_vehicle_after_delivery(self):
		vehicle = frappe.get_doc("Customer Vehicle", self.vehicle)
		if cint(self.odometer) > cint(vehicle.last_odometer):
			vehicle.last_odometer = cint(self.odometer)
		vehicle.last_service_date = getdate(self.delivered_on)
		vehicle.next_service_date = self.next_service_date
		vehicle.next_service_km = self.next_service_km
		vehicle.flags.ignore_permissions = True
		vehicle.save()

	def update_vehicle_next_service(self):
		if not self.has_value_changed("next_service_date") and not self.has_value_changed("next_service_km"):
			return
		frappe.db.set_value(
			"Customer Vehicle",
			self.vehicle,
			{"next_service_date": self.next_service_date, "next_service_km": self.next_service_km},
		)


def on_doctype_update():
	# covering indexes of the reports (service_advisor/setup/indexes.py)
	from service_advisor.setup.indexes import ensure

	ensure("Repair Order")
