# Copyright (c) 2026, service_advisor developers
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import escape_html

from service_advisor.domain.csi import PERIOD_RE
from service_advisor.exceptions import CsiImportError
from service_advisor.services.company import set_company
from service_advisor.services.csi import listed_item
from service_advisor.services.own_pay import refuse_own_input


class CSIResult(Document):
	def on_trash(self):
		refuse_own_input(self)

	def validate(self):
		refuse_own_input(self)
		set_company(self)
		self.validate_survey_item()
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

	def validate_survey_item(self):
		"""Rule 6 fines only the advisor's items: an item the survey's list does not name is refused, never
		fined by default; it is stored as the list writes it."""
		if not (self.is_new() or self.has_value_changed("survey_item")):
			return
		listed = listed_item(self.survey_item)
		if not listed:
			frappe.throw(
				_(
					"Survey item {0} is not on the CSI survey item list (Service Advisor Settings, CSI Survey Items): add it there, marked as an advisor item or not."
				).format(frappe.bold(escape_html(self.survey_item or ""))),
				CsiImportError,
			)
		self.survey_item = listed
