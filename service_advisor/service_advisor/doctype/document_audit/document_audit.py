# Copyright (c) 2026, service_advisor developers
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import flt

from service_advisor.exceptions import NegativeAmountError
from service_advisor.services.company import set_company
from service_advisor.services.own_pay import refuse_own_input


class DocumentAudit(Document):
	def before_cancel(self):
		refuse_own_input(self)

	def on_trash(self):
		refuse_own_input(self)

	def validate(self):
		refuse_own_input(self)
		set_company(self)
		if not self.auditor:
			self.auditor = frappe.session.user
		for row in self.findings:
			if flt(row.fine) < 0:
				frappe.throw(_("Row {0}: a fine cannot be negative.").format(row.idx), NegativeAmountError)
		self.total_fine = sum(flt(row.fine) for row in self.findings)
