"""Install / migrate / uninstall symmetry of what the app adds outside its own doctypes."""

import frappe
from frappe.tests.utils import FrappeTestCase

from service_advisor import install
from service_advisor.domain.roles import ROLES
from service_advisor.setup.custom_fields import custom_field_names
from service_advisor.setup.permissions import granted_rows
from service_advisor.setup.workflows import shipped_workflows


def _footprint() -> dict:
	return {
		"roles": sorted(frappe.get_all("Role", filters={"name": ("in", ROLES)}, pluck="name")),
		"custom_fields": sorted(
			frappe.get_all("Custom Field", filters={"name": ("in", custom_field_names())}, pluck="name")
		),
		"erpnext_permissions": granted_rows(),
		"kanban": frappe.get_all("Kanban Board", filters={"reference_doctype": "Repair Order"}, pluck="name"),
		"workflows": sorted(
			frappe.get_all(
				"Workflow",
				filters={"name": ("in", [w["workflow_name"] for w in shipped_workflows()] or [""])},
				pluck="name",
			)
		),
	}


class TestInstallSymmetry(FrappeTestCase):
	"""Uninstalling deletes custom fields, which is DDL: MariaDB commits the transaction there, so a
	rollback cannot restore the site. Each test therefore commits the reinstalled state it ends with."""

	def tearDown(self):
		install.after_migrate()
		frappe.db.commit()  # nosemgrep: frappe-manual-commit -- see the class docstring
		super().tearDown()

	def test_installed_footprint_complete(self):
		footprint = _footprint()
		self.assertEqual(footprint["roles"], sorted(ROLES))
		self.assertEqual(footprint["custom_fields"], sorted(custom_field_names()))
		self.assertEqual(len(footprint["workflows"]), len(shipped_workflows()))

	def test_migrate_twice_changes_nothing(self):
		before = _footprint()
		custom_field_count = frappe.db.count("Custom Field")
		install.after_migrate()
		install.after_migrate()
		self.assertEqual(_footprint(), before)
		self.assertEqual(frappe.db.count("Custom Field"), custom_field_count)

	def test_uninstall_removes_everything_and_reinstall_restores_it(self):
		before = _footprint()
		try:
			install.before_uninstall()
			self.assertEqual(
				_footprint(),
				{"roles": [], "custom_fields": [], "erpnext_permissions": [], "kanban": [], "workflows": []},
			)
		finally:
			install.after_install()
		self.assertEqual(_footprint(), before)

	def test_reinstall_keeps_changed_settings(self):
		before = frappe.db.get_single_value("Service Advisor Settings", "callback_days")
		frappe.db.set_single_value("Service Advisor Settings", "callback_days", 7)
		try:
			install.set_settings_defaults()
			self.assertEqual(frappe.db.get_single_value("Service Advisor Settings", "callback_days"), 7)
		finally:
			frappe.db.set_single_value("Service Advisor Settings", "callback_days", before)


class TestInstallRobustness(FrappeTestCase):
	def test_before_install_rebuilds_a_stale_module_map(self):
		"""A cache filled before the app was added to apps.txt must not make install-app sync nothing."""
		frappe.setup_module_map()
		stale = {app: mods for app, mods in frappe.local.app_modules.items() if app != install.APP}
		frappe.cache.set_value("app_modules", stale)
		frappe.local.app_modules = stale
		install.before_install()
		self.assertIn("service_advisor", frappe.local.app_modules[install.APP])
		self.assertIn(install.APP, frappe.cache.get_value("app_modules"))

	def test_failed_install_is_not_recorded_as_installed(self):
		from unittest.mock import patch

		from frappe.installer import add_to_installed_apps

		self.assertIn(install.APP, frappe.get_installed_apps())
		try:
			with patch.object(
				install, "create_roles", side_effect=frappe.ValidationError("broken on purpose")
			):
				with self.assertRaises(frappe.ValidationError):
					install.after_install()
			self.assertNotIn(install.APP, frappe.get_installed_apps())
		finally:
			if install.APP not in frappe.get_installed_apps():
				add_to_installed_apps(install.APP, rebuild_website=False)
			frappe.db.commit()  # nosemgrep: frappe-manual-commit -- the site must end with the app installed
			# hooks were cached while the app was off the site: without this, every later test of the run
			# would run with none of the app's doc events or permission hooks
			frappe.clear_cache()
			frappe.cache.delete_value("app_hooks")
			frappe.local.doc_events_hooks = None
		self.assertIn(install.APP, frappe.get_installed_apps())
		self.assertIn(
			"service_advisor.permissions.guard_owner_fields",
			frappe.get_doc_hooks().get("Repair Order", {}).get("before_validate", []),
		)

	def test_uninstall_removes_scheduled_jobs(self):
		self.assertTrue(frappe.get_all("Scheduled Job Type", {"method": ("like", "service_advisor.%")}))
		try:
			install.remove_scheduled_jobs()
			self.assertFalse(frappe.get_all("Scheduled Job Type", {"method": ("like", "service_advisor.%")}))
		finally:
			frappe.db.rollback()
