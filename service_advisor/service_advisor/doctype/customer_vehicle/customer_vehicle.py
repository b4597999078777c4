# Copyright (c) 2026, service_advisor developers
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document

from service_advisor.domain.vin import normalise_vin, vin_problem
from service_advisor.exceptions import InvalidVINError

VIN_MESSAGES = {
	"length": "VIN {0} must have exactly 17 characters.",
	"characters": "VIN {0} may contain only digits and the letters A-Z except I, O and Q.",
	"check_digit": "VIN {0} has a wrong check digit (9th character).",
}


class CustomerVehicle(Document):
	def autoname(self):
		self.vin = normalise_vin(self.vin)
		self.name = self.vin

	def validate(self):
		self.validate_vin()
		self.license_plate = (self.license_plate or "").strip().upper() or None

	def validate_vin(self):
		self.vin = normalise_vin(self.vin)
		verify = bool(frappe.db.get_single_value("Service Advisor Settings", "verify_vin_check_digit"))
		problem = vin_problem(self.vin, verify_check_digit=verify)
		if problem:
			frappe.throw(
				_(VIN_MESSAGES[problem]).format(frappe.bold(self.vin)),
				InvalidVINError,
				title=_("Invalid VIN"),
			)
		if not self.is_new() and self.name != self.vin:
			frappe.throw(_("The VIN of a registered vehicle cannot be changed."), InvalidVINError)
