"""Install, migrate and uninstall hooks: everything the app adds outside its own doctypes."""

import frappe
from frappe.custom.doctype.custom_field.custom_field import create_custom_fields

from service_advisor.domain.roles import ROLES
from service_advisor.domain.settings import DEFAULTS
from service_advisor.setup.custom_fields import MODULE, custom_field_names, get_custom_fields
from service_advisor.setup.workflows import install_workflows, remove_workflows

SETTINGS = "Service Advisor Settings"


def after_install():
	create_roles()
	sync_custom_fields()
	set_settings_defaults()
	install_workflows()


def after_migrate():
	create_roles()
	sync_custom_fields()
	install_workflows()


def before_uninstall():
	remove_workflows()
	remove_custom_fields()
	remove_roles()


def create_roles():
	for role in ROLES:
		if not frappe.db.exists("Role", role):
			frappe.get_doc({"doctype": "Role", "role_name": role, "desk_access": 1}).insert(
				ignore_permissions=True
			)


def remove_roles():
	for role in ROLES:
		if frappe.db.exists("Role", role):
			frappe.db.delete("Has Role", {"role": role})
			frappe.delete_doc("Role", role, ignore_permissions=True, force=True)


def sync_custom_fields():
	fields = get_custom_fields()
	for dt_fields in fields.values():
		for df in dt_fields:
			df.setdefault("module", MODULE)
	create_custom_fields(fields, ignore_validate=True, update=True)


def remove_custom_fields():
	for name in custom_field_names():
		if frappe.db.exists("Custom Field", name):
			frappe.delete_doc("Custom Field", name, ignore_permissions=True, force=True)
	for doctype in get_custom_fields():
		frappe.clear_cache(doctype=doctype)


def set_settings_defaults():
	"""Write the rules' numbers into the settings on a fresh install (never overwrite a set value)."""
	settings = frappe.get_single(SETTINGS)
	for fieldname, value in DEFAULTS.items():
		if settings.get(fieldname) in (None, ""):
			settings.set(fieldname, value)
	if not settings.company:
		settings.company = frappe.db.get_single_value("Global Defaults", "default_company")
	if not settings.default_price_list and frappe.db.exists("Price List", "Standard Selling"):
		settings.default_price_list = "Standard Selling"
	settings.flags.ignore_permissions = True
	settings.save()
