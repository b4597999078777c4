# Copyright (c) 2026, service_advisor developers
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document

from service_advisor.domain.settings import find_settings_errors


class InvalidSettingError(frappe.ValidationError):
	pass


ERROR_MESSAGES = {
	"negative": "{0} cannot be negative (got {1}).",
	"below_one": "{0} must be at least 1 (got {1}).",
	"above_hundred": "{0} cannot be more than 100% (got {1}).",
}


class ServiceAdvisorSettings(Document):
	def validate(self):
		self.validate_numbers()
		self.validate_csi_items()

	def validate_csi_items(self):
		"""One wording names one survey item: an imported row must never match two."""
		from service_advisor.domain.csi import SurveyItem, list_problems

		items = [SurveyItem(r.survey_item, r.also_written_as or "") for r in self.get("csi_items") or []]
		problems = list_problems(items)
		if problems:
			frappe.throw(
				"<br>".join(
					_("CSI Survey Items row {0}: {1} already names another item.").format(row, text)
					for row, text in problems
				),
				InvalidSettingError,
			)

	def validate_numbers(self):
		errors = find_settings_errors(self.as_dict())
		if not errors:
			return
		messages = [
			_(ERROR_MESSAGES[error.kind]).format(_(self.meta.get_label(error.fieldname)), error.value)
			for error in errors
		]
		frappe.throw("<br>".join(messages), InvalidSettingError, title=_("Invalid Service Advisor Settings"))

	def on_update(self):
		frappe.clear_document_cache(self.doctype, self.doctype)
