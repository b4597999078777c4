"""Install, migrate and uninstall hooks: everything the app adds outside its own doctypes."""

import frappe
from frappe import _
from frappe.custom.doctype.custom_field.custom_field import create_custom_fields

from service_advisor.domain.roles import ROLES
from service_advisor.domain.settings import DEFAULTS
from service_advisor.services.csi import ship_survey_items
from service_advisor.setup.custom_fields import MODULE, custom_field_names, get_custom_fields
from service_advisor.setup.indexes import ensure_all as ensure_all_indexes
from service_advisor.setup.kanban import ensure_kanban_board, remove_kanban_board
from service_advisor.setup.labour import ensure_labour_item, remove_labour_item
from service_advisor.setup.permissions import remove_erpnext_permissions, sync_erpnext_permissions
from service_advisor.setup.workflows import install_workflows, remove_workflows

SETTINGS = "Service Advisor Settings"


APP = "service_advisor"


def before_install():
	"""Rebuild Frappe's map of apps to modules before `install-app` syncs our DocTypes.

	`install-app` syncs an app's DocTypes from `frappe.local.app_modules`, which the process read from the
	cache when it connected. On a bench whose cache was filled before this app was added to `apps.txt`, that
	map has no entry for the app: nothing is synced and `after_install` fails on a missing DocType. Build
	the map from `apps.txt` and `modules.txt` instead of trusting the cache."""
	frappe.cache.delete_value(["app_modules", "installed_app_modules", "app_hooks"])
	frappe.local.app_modules = None
	frappe.setup_module_map(include_all_apps=True)


def after_install():
	"""Everything outside our DocTypes. If any step fails the app is taken off the site's installed apps
	again (Frappe has already recorded it), so a failed install never leaves a half-installed app."""
	try:
		_install_footprint()
	except Exception:
		frappe.db.rollback()
		_unmark_installed()
		raise


def _install_footprint():
	frappe.clear_cache()
	if not frappe.db.exists("DocType", SETTINGS):
		frappe.throw(
			_("DocType {0} was not synced: install-app could not find the app's modules").format(SETTINGS)
		)
	create_roles()
	sync_custom_fields()
	sync_erpnext_permissions()
	set_settings_defaults()
	ship_survey_items()
	install_workflows()
	ensure_kanban_board()
	ensure_labour_item()


def _unmark_installed():
	from frappe.installer import remove_from_installed_apps

	if APP in frappe.get_installed_apps():
		remove_from_installed_apps(APP)
	frappe.db.commit()  # nosemgrep: frappe-manual-commit -- the failed install must not stay recorded


def after_migrate():
	ensure_all_indexes()
	create_roles()
	sync_custom_fields()
	sync_erpnext_permissions()
	set_settings_defaults()
	install_workflows()
	ensure_kanban_board()
	ensure_labour_item()


def before_uninstall():
	remove_labour_item()
	remove_scheduled_jobs()
	remove_kanban_board()
	remove_workflows()
	remove_custom_fields()
	remove_erpnext_permissions()
	remove_roles()


def remove_scheduled_jobs():
	"""Frappe syncs a Scheduled Job Type per scheduler hook but does not delete them on uninstall."""
	for name in frappe.get_all("Scheduled Job Type", filters={"method": ("like", f"{APP}.%")}, pluck="name"):
		frappe.delete_doc("Scheduled Job Type", name, ignore_permissions=True, force=True)


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
	"""Give every settings field that has never been stored its default (the rules' numbers) — on install
	and after each migrate, so fields added by a later version get their defaults too. A stored value,
	even 0, is never overwritten."""
	singles = frappe.qb.DocType("Singles")
	stored = set(
		frappe.qb.from_(singles).select(singles.field).where(singles.doctype == SETTINGS).run(pluck=True)
	)
	for df in frappe.get_meta(SETTINGS).fields:
		if df.fieldname in stored or df.default in (None, ""):
			continue
		value = DEFAULTS.get(df.fieldname, df.default)
		frappe.db.set_single_value(SETTINGS, df.fieldname, value)
	if "company" not in stored or not frappe.db.get_single_value(SETTINGS, "company"):
		company = frappe.db.get_single_value("Global Defaults", "default_company")
		if company:
			frappe.db.set_single_value(SETTINGS, "company", company)
	if not frappe.db.get_single_value(SETTINGS, "default_price_list") and frappe.db.exists(
		"Price List", "Standard Selling"
	):
		frappe.db.set_single_value(SETTINGS, "default_price_list", "Standard Selling")
	frappe.clear_document_cache(SETTINGS, SETTINGS)
