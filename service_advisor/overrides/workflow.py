"""Frappe's workflow action, run as the app's own action.

`apply_workflow` reloads the document from the database (whatever the client sent is discarded), checks
the transition against the Workflow and the user's roles, then sets the state field (and the state's
update field) and saves; the controllers re-check the transition against domain.repair_order /
domain.scorecard. The state field is read-only and kept as stored on every other client save
(permissions.keep_server_fields), so this is the one door that moves it, as it is in the desk."""

import frappe
from frappe.model import workflow

from service_advisor.permissions import own_action


@frappe.whitelist()
def apply_workflow(doc, action):
	with own_action():
		return workflow.apply_workflow(doc, action)
