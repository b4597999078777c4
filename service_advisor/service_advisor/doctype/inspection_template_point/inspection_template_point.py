# Copyright (c) 2026, service_advisor developers
# For license information, please see license.txt

from frappe.model.document import Document


class InspectionTemplatePoint(Document):
	pass
