import frappe

# Copyright (c) 2026, service_advisor developers
# For license information, please see license.txt
from frappe.model.document import Document


class RepairOrderItem(Document):
	pass


def on_doctype_update():
	frappe.db.add_index(
		"Repair Order Item", ["parent", "item_type", "amount", "qty"], "parent_type_amount_index"
	)
