"""Read/write rights the service desk roles need on ERPNext doctypes (as Custom DocPerm rows).

Frappe copies a doctype's standard permissions into Custom DocPerm the first time a custom rule is
added; we remember for which doctypes we did that so uninstall can restore the standard set."""

import json

import frappe
from frappe.permissions import add_permission, reset_perms, update_permission_property

from service_advisor.domain import roles as R

COPIED_KEY = "service_advisor_copied_perms"

# doctype -> role -> rights
# least privilege: advisors create walk-in customers but do not edit customers (credit limit, the e-mail
# approval links go to, the first responsible person are the manager's); Employee and Item only for link
# fields (select), never the employee record itself (bank details)
ERPNEXT_PERMISSIONS: dict[str, dict[str, tuple[str, ...]]] = {
	"Customer": {
		R.SERVICE_ADVISOR: ("select", "read", "create"),
		R.SERVICE_MANAGER: ("select", "read", "write", "create"),
		# customer service calls the customer (callbacks, invitations): they read the contact data
		R.CUSTOMER_SERVICE_AGENT: ("select", "read"),
		# the workshop and the warranty clerk work on the order, which carries the customer's name: they
		# pick a customer in a link, never read the customer's contact data
		R.WARRANTY_CLERK: ("select",),
		R.WORKSHOP_TECHNICIAN: ("select",),
		R.STATION_MANAGER: ("select", "read"),
		R.GENERAL_MANAGER: ("select", "read"),
	},
	"Item": {
		R.SERVICE_ADVISOR: ("select",),
		R.SERVICE_MANAGER: ("select", "read"),
		R.WORKSHOP_TECHNICIAN: ("select",),
		R.WARRANTY_CLERK: ("select",),
	},
	"Employee": {
		R.SERVICE_ADVISOR: ("select",),
		R.SERVICE_MANAGER: ("select", "read"),
		R.WORKSHOP_TECHNICIAN: ("select",),
	},
}
# every right of a granted row that is not listed above is switched off (an upgrade removes old grants)
RIGHTS = (
	"select",
	"read",
	"write",
	"create",
	"delete",
	"submit",
	"cancel",
	"amend",
	"report",
	"export",
	"print",
	"email",
	"share",
)


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
			for right in RIGHTS:
				update_permission_property(doctype, role, 0, right, int(right in rights), validate=False)
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
