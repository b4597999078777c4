"""A closed day's attendance: only the foreman (Service Manager) changes a Technician Shift, and the change
keeps the old and new times (the shift's version history); a technician can neither record nor move one."""

import json
from datetime import datetime

import frappe
from frappe.utils.formatters import format_value

from service_advisor.service_advisor.doctype.technician_job_time.test_technician_job_time import (
	make_technician,
)
from service_advisor.testing.case import ServiceAdvisorTestCase
from service_advisor.testing.factories import ERPNEXT_TEST_IGNORE, make_user

test_ignore = ERPNEXT_TEST_IGNORE


def at(hour: int, minute: int = 0) -> datetime:
	return datetime(2026, 3, 2, hour, minute)


class TestTechnicianShift(ServiceAdvisorTestCase):
	def test_only_the_foreman_changes_a_closed_day_and_the_old_times_are_kept(self):
		tech = make_technician()
		shift = frappe.get_doc(
			{"doctype": "Technician Shift", "technician": tech, "clock_in": at(8), "clock_out": at(17)}
		).insert()
		self.assertEqual(shift.hours, 9)

		for user in (tech, make_user(roles=("Service Advisor",)).name):
			frappe.set_user(user)
			with self.assertRaises(frappe.PermissionError, msg=user):  # not even their own day
				frappe.client.set_value("Technician Shift", shift.name, "clock_out", "2026-03-02 19:00:00")
			with self.assertRaises(frappe.PermissionError, msg=user):
				frappe.get_doc(
					{"doctype": "Technician Shift", "technician": tech, "clock_in": at(7), "clock_out": at(8)}
				).insert()
			frappe.set_user("Administrator")
		self.assertEqual(frappe.db.get_value("Technician Shift", shift.name, "hours"), 9)

		foreman = make_user(roles=("Service Manager",)).name
		frappe.set_user(foreman)
		doc = frappe.get_doc("Technician Shift", shift.name)
		doc.clock_out = at(16, 30)
		doc.save(ignore_version=False)  # Frappe skips versions in tests unless asked, never on a site
		frappe.set_user("Administrator")
		self.assertEqual(frappe.db.get_value("Technician Shift", shift.name, "hours"), 8.5)
		version = frappe.get_last_doc(
			"Version", filters={"ref_doctype": "Technician Shift", "docname": shift.name}
		)
		self.assertEqual(version.owner, foreman)
		changed = {field: (old, new) for field, old, new in json.loads(version.data)["changed"]}
		# the version keeps the values as the desk shows them (the system's date format)
		shown = lambda value, fieldtype: format_value(value, {"fieldtype": fieldtype})  # noqa: E731
		self.assertEqual(changed["clock_out"], (shown(at(17), "Datetime"), shown(at(16, 30), "Datetime")))
		self.assertEqual(changed["hours"], (shown(9, "Float"), shown(8.5, "Float")))
