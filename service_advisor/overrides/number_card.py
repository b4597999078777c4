"""Frappe's number card endpoints, read from the replica when the site has one.

`frappe.desk.doctype.number_card.number_card.get_result` and `get_percentage_difference` are not
`@frappe.read_only()` in Frappe v15; `override_whitelisted_methods` (hooks.py) sends the desk's calls here,
which run Frappe's own functions unchanged (filters, permissions, User Permissions on Company) inside
`read_only`. Both only read. Without `read_from_replica` in the site config nothing changes. They are
Frappe's endpoints, not the app's API (`service_advisor.api`): their arguments are checked by Frappe."""

import frappe
from frappe.desk.doctype.number_card import number_card

from service_advisor.services.replica import read_only


@frappe.whitelist()
@read_only
def get_result(doc, filters, to_date=None):
	return number_card.get_result(doc, filters, to_date)


@frappe.whitelist()
@read_only
def get_percentage_difference(doc, filters, result):
	return number_card.get_percentage_difference(doc, filters, result)
