# Copyright (c) 2026, service_advisor developers
# For license information, please see license.txt

from frappe.model.document import Document


class TechnicianShift(Document):
	def validate(self):
		from service_advisor.services import job_time

		job_time.validate_shift(self)


def on_doctype_update():
	from service_advisor.setup.indexes import ensure

	ensure("Technician Shift")
