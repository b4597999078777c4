# Copyright (c) 2026, service_advisor developers
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document

from service_advisor.domain.csi import PERIOD_RE
from service_advisor.exceptions import CsiImportError
from service_advisor.services.company import set_company
from service_advisor.services.own_pay import refuse_own_input


class CSIResult(Document):
	def on_trash(self):
		refuse_own_input(self)

	def validate(self):
		refuse_own_input(self)
		set_company(self)
		if not PERIOD_RE.match(self.period or ""):
			frappe.throw(_("Period must be a month written YYYY-MM."), CsiImportError)
		if (
			(self.full_mark_count or 0) < 0
			or (self.advisor_score or 0) < 0
			or (self.national_average or 0) < 0
		):
			frappe.throw(_("Scores and counts cannot be negative."), CsiImportError)
		duplicate = frappe.db.exists(
			"CSI Result",
			{
				"advisor": self.advisor,
				"period": self.period,
				"survey_item": self.survey_item,
				"name": ("!=", self.name),
			},
		)
		if duplicate:
			frappe.throw(
				_("{0} already has a CSI result for {1} in {2}.").format(
					self.advisor, self.survey_item, self.period
				),
				CsiImportError,
			)
