# Copyright (c) 2026, service_advisor developers
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate, nowdate

from service_advisor.domain.followup import is_overdue
from service_advisor.exceptions import ResolutionRequiredError
from service_advisor.services.company import set_company
from service_advisor.services.own_pay import refuse_own_input


class ServiceComplaint(Document):
	def on_trash(self):
		refuse_own_input(self)

	def validate(self):
		refuse_own_input(self)
		set_company(self)
		self.validate_resolution()
		# frozen when the complaint is made: resolving the open issue later must not lift the penalty
		if self.is_new() or self.has_value_changed("open_issue") or self.has_value_changed("complaint_date"):
			self.set_from_overdue_issue()

	def validate_resolution(self):
		if self.status in ("Resolved", "Closed"):
			if not (self.resolution or "").strip():
				frappe.throw(
					_("Record the resolution before closing the complaint."), ResolutionRequiredError
				)
			self.resolved_on = self.resolved_on or nowdate()
		else:
			self.resolved_on = None

	def set_from_overdue_issue(self):
		"""A complaint caused by an open issue that was overdue when the customer complained costs the
		advisor the open-issue penalty (Advisor Scorecard)."""
		self.from_overdue_issue = 0
		if not self.open_issue:
			return
		issue = frappe.db.get_value(
			"Customer Open Issue", self.open_issue, ["promised_date", "status", "resolved_on"], as_dict=True
		)
		if not issue:
			return
		complained = getdate(self.complaint_date)
		resolved_in_time = (
			issue.status == "Resolved" and issue.resolved_on and getdate(issue.resolved_on) <= complained
		)
		self.from_overdue_issue = int(
			is_overdue(getdate(issue.promised_date), complained, bool(resolved_in_time))
		)
