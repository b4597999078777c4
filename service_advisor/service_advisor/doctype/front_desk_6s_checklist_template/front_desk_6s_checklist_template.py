# Copyright (c) 2026, service_advisor developers
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document


class FrontDesk6SChecklistTemplate(Document):
	def validate(self):
		numbers = [row.item_no for row in self.items]
		duplicates = sorted({n for n in numbers if numbers.count(n) > 1})
		if duplicates:
			frappe.throw(_("Item numbers must be unique: {0}").format(", ".join(str(n) for n in duplicates)))
