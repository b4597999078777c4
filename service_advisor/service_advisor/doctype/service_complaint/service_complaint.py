# Copyright (c) 2026, service_advisor developers
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate, now_datetime, nowdate

from service_advisor.domain import complaints as C
from service_advisor.domain.followup import is_overdue
from service_advisor.exceptions import ComplaintVerdictError, ResolutionRequiredError
from service_advisor.services.company import set_company
from service_advisor.services.complaints import check_verdict_rights, verdict_changed
from service_advisor.services.own_pay import refuse_own_input

VERDICT_MESSAGES = {
	"unknown_cause": "Choose the cause from the list.",
	"unknown_verdict": "The verdict is Upheld or Not Upheld.",
	"cause_required": "Record the cause before the verdict.",
	"reason_required": "Give the reason for the verdict.",
	"attributed_without_advisor": "Name the advisor the complaint is attributed to.",
}


class ServiceComplaint(Document):
	def on_trash(self):
		refuse_own_input(self)

	def validate(self):
		# the advisor the complaint concerns records its handling, nothing else of it
		refuse_own_input(self, may_change=C.HANDLING_FIELDS)
		check_verdict_rights(self)
		set_company(self)
		self.validate_verdict()
		self.validate_resolution()
		# frozen when the complaint is made: resolving the open issue later must not lift the penalty
		if self.is_new() or self.has_value_changed("open_issue") or self.has_value_changed("complaint_date"):
			self.set_from_overdue_issue()

	def validate_verdict(self):
		problems = C.verdict_problems(
			self.verdict, self.verdict_reason, self.cause, bool(self.attributed), self.advisor
		)
		if problems:
			frappe.throw(
				"<br>".join(_(VERDICT_MESSAGES[p]) for p in problems),
				ComplaintVerdictError,
				title=_("Cause and Verdict"),
			)
		if verdict_changed(self):
			# who decided and when: the session user, whatever a client sends
			self.verdict_by = frappe.session.user if self.verdict else None
			self.verdict_on = now_datetime() if self.verdict else None
			self.verdict_from_upgrade = 0

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
		"""Whether the open issue the complaint names was overdue when the customer complained: shown to the
		Service Manager who decides the cause (an open issue not handled in time is assessment rule 3)."""
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
