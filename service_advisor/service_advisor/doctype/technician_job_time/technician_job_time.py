# Copyright (c) 2026, service_advisor developers
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document


class TechnicianJobTime(Document):
	def validate(self):
		self.refuse_edits_outside_clocking()

	def refuse_edits_outside_clocking(self):
		"""Times are the server's: only clock on / pause / resume / clock off write a job time."""
		from service_advisor.services.job_time import CLOCKING, JobTimeEditError

		if not self.flags.get(CLOCKING):
			frappe.throw(
				_("Job times are recorded only by clocking on, pausing and clocking off."), JobTimeEditError
			)

	def on_update(self):
		# the line's sold hours and sales shared again among its closed jobs (Technician Productivity)
		from service_advisor.services.job_time import credit_order

		credit_order(self.repair_order)

	def on_trash(self):
		if frappe.session.user != "Administrator":
			frappe.throw(_("Job times cannot be deleted."), frappe.PermissionError)


def on_doctype_update():
	from service_advisor.setup.indexes import ensure

	ensure("Technician Job Time")
