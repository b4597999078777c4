"""After `uninstall-app service_advisor`: check that nothing of the app is left on the site.

Run from the bench's sites folder with the bench's Python:  ../env/bin/python footprint.py SITE
Prints each leftover and exits 1 if there is any.
"""

import json
import sys
from pathlib import Path

import frappe

APP = "service_advisor"
MODULE = "Service Advisor"


def app_doctypes() -> list[str]:
	"""Every non-single DocType the app ships (from its module folder)."""
	folder = Path(frappe.get_app_path(APP, "service_advisor", "doctype"))
	names = []
	for path in folder.glob("*/*.json"):
		meta = json.loads(path.read_text())
		if meta.get("doctype") == "DocType" and not meta.get("issingle") and not meta.get("is_virtual"):
			names.append(meta["name"])
	return names


def main(site: str) -> int:
	frappe.init(site=site)
	frappe.connect()
	try:
		return check()
	finally:
		frappe.destroy()


def check() -> int:
	from service_advisor.domain.roles import ROLES
	from service_advisor.setup.custom_fields import custom_field_names
	from service_advisor.setup.workflows import shipped_workflows

	db = frappe.db
	left: dict[str, list] = {}

	def found(what: str, rows):
		rows = list(rows or [])
		if rows:
			left[what] = rows

	found("installed_apps", [a for a in json.loads(db.get_global("installed_apps") or "[]") if a == APP])
	found("roles", db.get_all("Role", {"name": ("in", ROLES)}, pluck="name"))
	found("has_role", db.get_all("Has Role", {"role": ("in", ROLES)}, pluck="name"))
	found("custom_fields", db.get_all("Custom Field", {"name": ("in", custom_field_names())}, pluck="name"))
	found("custom_fields_of_module", db.get_all("Custom Field", {"module": MODULE}, pluck="name"))
	found("custom_docperms", db.get_all("Custom DocPerm", {"role": ("in", ROLES)}, pluck="name"))
	found("docperms", db.get_all("DocPerm", {"role": ("in", ROLES)}, pluck="name"))
	workflows = [w["workflow_name"] for w in shipped_workflows()]
	found("workflows", db.get_all("Workflow", {"name": ("in", workflows)}, pluck="name"))
	found("kanban", db.get_all("Kanban Board", {"reference_doctype": "Repair Order"}, pluck="name"))
	found("module_def", db.get_all("Module Def", {"app_name": APP}, pluck="name"))
	for doctype in (
		"DocType",
		"Report",
		"Print Format",
		"Workspace",
		"Number Card",
		"Dashboard Chart",
		"Notification",
		"Property Setter",
	):
		if db.has_column(doctype, "module"):
			found(f"{doctype} of module", db.get_all(doctype, {"module": MODULE}, pluck="name"))
	found(
		"scheduled_jobs",
		db.get_all("Scheduled Job Type", {"method": ("like", f"{APP}.%")}, pluck="name"),
	)
	app_tables = sorted(set(db.get_tables(cached=False)) & {f"tab{dt}" for dt in app_doctypes()})
	found("tables", app_tables)

	if left:
		for what, rows in left.items():
			print(f"left after uninstall: {what}: {rows[:10]}{' …' if len(rows) > 10 else ''}")
		return 1
	print(
		"footprint: none left (roles, custom fields, permissions, workflows, kanban, modules, tables, jobs)"
	)
	return 0


if __name__ == "__main__":
	sys.exit(main(sys.argv[1]))
