# Copyright (c) 2026, service_advisor developers
# For license information, please see license.txt

from frappe.model.document import Document


class RepairOrderStateLog(Document):
	pass


def on_doctype_update():
	from service_advisor.setup.indexes import ensure

	ensure("Repair Order State Log")
