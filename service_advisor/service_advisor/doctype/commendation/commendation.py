# Copyright (c) 2026, service_advisor developers
# For license information, please see license.txt

from frappe.model.document import Document

from service_advisor.services.company import set_company


class Commendation(Document):
	def validate(self):
		set_company(self)
