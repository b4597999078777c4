# Copyright (c) 2026, service_advisor developers
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import now_datetime, nowdate

from service_advisor.exceptions import ResolutionRequiredError
from service_advisor.services.company import set_company


class CustomerOpenIssue(Document):
	def validate(self):
		set_company(self)
		if not self.responsible_person:
			self.responsible_person = (
				frappe.db.get_value("Customer", self.customer, "sa_first_responsible_person")
				or frappe.session.user
			)
		for row in self.progress_log:
			row.logged_on = row.logged_on or now_datetime()
			row.logged_by = row.logged_by or frappe.session.user
		if self.status == "Resolved":
			if not (self.resolution or "").strip():
				frappe.throw(_("Record the resolution before resolving the issue."), ResolutionRequiredError)
			self.resolved_on = self.resolved_on or nowdate()
		else:
			self.resolved_on = None
