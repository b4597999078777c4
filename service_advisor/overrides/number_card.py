"""Frappe's number card endpoints, read from the replica when the site has one.

`frappe.desk.doctype.number_card.number_card.get_result` and `get_percentage_difference` are not
`@frappe.read_only()` in Frappe v15; `override_whitelisted_methods` (hooks.py) sends the desk's calls here,
which run Frappe's own functions unchanged (filters, permissions, User Permissions on Company) inside
`read_only`. Both only read. Without `read_from_replica` in the site config nothing changes. They are
Frappe's endpoints, not the app's API (`service_advisor.api`): their arguments are checked by Frappe."""

import json

import frappe
from frappe import _
from frappe.desk.doctype.number_card import number_card
from frappe.utils import flt

from service_advisor.api.validation import ArgumentError
from service_advisor.services.replica import read_only


def _parsed(arg: str, value, kinds: tuple[type, ...]):
	"""A JSON argument of the card endpoints, parsed; junk is a clear 417, never a 500 inside Frappe."""
	if isinstance(value, str):
		try:
			value = json.loads(value) if value.strip() else None
		except ValueError:
			value = None
	if not isinstance(value, kinds):
		frappe.throw(_("Argument {0}: is not valid").format(frappe.bold(arg)), ArgumentError)
	return value


FUNCTIONS = ("Count", "Sum", "Average", "Minimum", "Maximum")


def _card(doc) -> dict:
	card = _parsed("doc", doc, (dict,))
	if not isinstance(card.get("document_type"), str) or card.get("function") not in FUNCTIONS:
		frappe.throw(_("Argument {0}: is not valid").format(frappe.bold("doc")), ArgumentError)
	return card


@frappe.whitelist()
@read_only
def get_result(doc=None, filters=None, to_date=None):
	card = _card(doc)
	filters = _parsed(
		"filters", filters if filters not in (None, "") else "[]", (list, dict) if not to_date else (list,)
	)
	return number_card.get_result(frappe._dict(card), filters, to_date)


@frappe.whitelist()
@read_only
def get_percentage_difference(doc=None, filters=None, result=None):
	card = _card(doc)
	filters = _parsed("filters", filters if filters not in (None, "") else "[]", (list, dict))
	try:
		result = flt(result) if not isinstance(result, dict | list) else None
	except Exception:
		result = None
	if result is None:
		frappe.throw(_("Argument {0}: is not valid").format(frappe.bold("result")), ArgumentError)
	return number_card.get_percentage_difference(frappe._dict(card), filters, result)
