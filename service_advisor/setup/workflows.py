"""Workflows shipped as JSON in service_advisor/workflow/, installed idempotently by code.

Fixtures would be re-imported with force on every migrate; installing by code lets the app
create the states and actions it needs and keeps install/uninstall symmetric.
"""

import json
from pathlib import Path

import frappe

WORKFLOW_DIR = Path(__file__).resolve().parent.parent / "workflow"


def shipped_workflows() -> list[dict]:
	return [json.loads(path.read_text()) for path in sorted(WORKFLOW_DIR.glob("*.json"))]


def install_workflows():
	for definition in shipped_workflows():
		install_workflow(definition)


def install_workflow(definition: dict):
	for state in {row["state"] for row in definition["states"]}:
		if not frappe.db.exists("Workflow State", state):
			frappe.get_doc({"doctype": "Workflow State", "workflow_state_name": state}).insert(
				ignore_permissions=True
			)
	for action in {row["action"] for row in definition["transitions"]}:
		if not frappe.db.exists("Workflow Action Master", action):
			frappe.get_doc({"doctype": "Workflow Action Master", "workflow_action_name": action}).insert(
				ignore_permissions=True
			)
	name = definition["workflow_name"]
	if frappe.db.exists("Workflow", name):
		workflow = frappe.get_doc("Workflow", name)
		workflow.set("states", [])
		workflow.set("transitions", [])
		workflow.update(definition)
	else:
		workflow = frappe.get_doc({"doctype": "Workflow", **definition})
	workflow.flags.ignore_permissions = True
	workflow.save()


def remove_workflows():
	for definition in shipped_workflows():
		if frappe.db.exists("Workflow", definition["workflow_name"]):
			frappe.delete_doc("Workflow", definition["workflow_name"], ignore_permissions=True, force=True)
