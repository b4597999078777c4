# Copyright (c) 2026, service_advisor developers
# For license information, please see license.txt

from frappe.model.document import Document

from service_advisor.services import inspection


class InspectionTemplate(Document):
	def validate(self):
		inspection.validate_template(self)
