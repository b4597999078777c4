"""Frappe's workflow action, run as the app's own action.

`apply_workflow` reloads the document from the database (whatever the client sent is discarded), checks
the transition against the Workflow and the user's roles, then sets the state field (and the state's
update field) and saves; the controllers re-check the transition against domain.repair_order /
domain.scorecard. The state field is read-only and kept as stored on every other client save
(permissions.keep_server_fields), so this is the one door that moves it, as it is in the desk."""

import json

import frappe
from frappe import _
from frappe.model import workflow

from service_advisor.api.validation import ArgumentError
from service_advisor.permissions import own_action


def _document(doc) -> dict:
	"""The `doc` argument: a JSON object naming a document (junk is a clear 417, never a 500)."""
	if isinstance(doc, str):
		try:
			doc = json.loads(doc)
		except ValueError:
			doc = None
	if not isinstance(doc, dict) or not all(
		isinstance(doc.get(k), str) and doc.get(k) for k in ("doctype", "name")
	):
		frappe.throw(_("Argument {0}: is not valid").format(frappe.bold("doc")), ArgumentError)
	return doc


@frappe.whitelist(methods=["POST"])
def apply_workflow(doc=None, action=None):
	doc = _document(doc)
	if not isinstance(action, str) or not action.strip():
		frappe.throw(_("Argument {0}: is not valid").format(frappe.bold("action")), ArgumentError)
	if not frappe.db.exists(doc["doctype"], doc["name"]):
		raise frappe.DoesNotExistError(_("{0} {1} not found").format(_(doc["doctype"]), doc["name"]))
	with own_action():
		return workflow.apply_workflow(doc, action)
