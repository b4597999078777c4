# Copyright (c) 2026, service_advisor developers
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document

from service_advisor.exceptions import CallbackError
from service_advisor.services.company import set_company
from service_advisor.services.own_pay import refuse_own_callback_attempt, refuse_own_callback_change

OUTCOME_FIELDS = (
	"attempt_count",
	"satisfaction_attitude",
	"satisfaction_explanation",
	"satisfaction_timeliness",
	"fault_fixed",
	"completed_on",
)


class Callback(Document):
	def validate(self):
		set_company(self)
		if self.flags.get("sa_attempt"):
			refuse_own_callback_attempt(self)
			return
		refuse_own_callback_change(self)
		before = self.get_doc_before_save()
		if self.status in ("Completed", "Unreachable") and (not before or before.status != self.status):
			frappe.throw(_("A callback is completed by logging the call with Log Attempt."), CallbackError)
		for field in OUTCOME_FIELDS:
			old = before.get(field) if before else None
			if (old or None) != (self.get(field) or None):
				frappe.throw(_("Call outcomes are recorded with Log Attempt."), CallbackError)
		if len(self.attempts) != (len(before.attempts) if before else 0):
			frappe.throw(_("Call outcomes are recorded with Log Attempt."), CallbackError)
