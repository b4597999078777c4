# Copyright (c) 2026, service_advisor developers
# For license information, please see license.txt

from frappe.model.document import Document

from service_advisor.services.company import set_company
from service_advisor.services.own_pay import refuse_own_input


class Commendation(Document):
	def before_validate(self):
		refuse_own_input(self)

	def on_trash(self):
		refuse_own_input(self)

	def validate(self):
		set_company(self)
