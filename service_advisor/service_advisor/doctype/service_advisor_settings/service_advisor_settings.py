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
