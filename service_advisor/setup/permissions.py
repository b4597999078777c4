"""Read/write rights the service desk roles need on ERPNext doctypes (as Custom DocPerm rows).

Frappe copies a doctype's standard permissions into Custom DocPerm the first time a custom rule is
added; we remember for which doctypes we did that so uninstall can restore the standard set."""

import json

import frappe
from frappe.permissions import add_permission, reset_perms, update_permission_property

from service_advisor.domain import roles as R

COPIED_KEY = "service_advisor_copied_perms"

# doctype -> role -> rights
ERPNEXT_PERMISSIONS: dict[str, dict[str, tuple[str, ...]]] = {
	"Customer": {
		R.SERVICE_ADVISOR: ("read", "write", "create"),
		R.SERVICE_MANAGER: ("read", "write", "create"),
		R.CUSTOMER_SERVICE_AGENT: ("read",),
		R.WARRANTY_CLERK: ("read",),
		R.WORKSHOP_TECHNICIAN: ("read",),
		R.STATION_MANAGER: ("read",),
		R.GENERAL_MANAGER: ("read",),
	},
	"Item": {
		R.SERVICE_ADVISOR: ("read",),
		R.SERVICE_MANAGER: ("read",),
		R.WORKSHOP_TECHNICIAN: ("read",),
		R.WARRANTY_CLERK: ("read",),
	},
	"Employee": {
		R.SERVICE_ADVISOR: ("read",),
		R.SERVICE_MANAGER: ("read",),
		R.WORKSHOP_TECHNICIAN: ("read",),
	},
}


def _copied() -> list[str]:
	return json.loads(frappe.db.get_default(COPIED_KEY) or "[]")


def sync_erpnext_permissions():
	copied = set(_copied())
	for doctype, grants in ERPNEXT_PERMISSIONS.items():
		if not frappe.db.exists("Custom DocPerm", {"parent": doctype}):
			copied.add(doctype)
		for role, rights in grants.items():
			if not frappe.db.exists(
				"Custom DocPerm", {"parent": doctype, "role": role, "permlevel": 0, "if_owner": 0}
			):
				add_permission(doctype, role, 0)
			for right in rights:
				update_permission_property(doctype, role, 0, right, 1, validate=False)
	frappe.db.set_default(COPIED_KEY, json.dumps(sorted(copied)))


def remove_erpnext_permissions():
	copied = set(_copied())
	for doctype, grants in ERPNEXT_PERMISSIONS.items():
		if doctype in copied:
			reset_perms(doctype)  # back to ERPNext's standard permissions
		else:
			frappe.db.delete("Custom DocPerm", {"parent": doctype, "role": ("in", list(grants))})
		frappe.clear_cache(doctype=doctype)
	frappe.db.set_default(COPIED_KEY, "[]")


def granted_rows() -> list[tuple[str, str]]:
	return sorted(
		(row.parent, row.role)
		for row in frappe.get_all(
			"Custom DocPerm",
			filters={"parent": ("in", list(ERPNEXT_PERMISSIONS)), "role": ("in", list(R.ROLES))},
			fields=["parent", "role"],
		)
	)
