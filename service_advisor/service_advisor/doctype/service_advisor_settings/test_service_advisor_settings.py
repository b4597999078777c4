# Copyright (c) 2026, service_advisor developers
# For license information, please see license.txt

import frappe

from service_advisor.domain.settings import AMOUNT_FIELDS, DEFAULTS, THRESHOLD_FIELDS
from service_advisor.service_advisor.doctype.service_advisor_settings.service_advisor_settings import (
	InvalidSettingError,
)
from service_advisor.services.settings import setting
from service_advisor.testing.case import ServiceAdvisorTestCase
from service_advisor.testing.factories import ERPNEXT_TEST_IGNORE, make_user

test_ignore = ERPNEXT_TEST_IGNORE


class TestServiceAdvisorSettings(ServiceAdvisorTestCase):
	def test_defaults_are_the_rules_numbers(self):
		settings = frappe.get_single("Service Advisor Settings")
		self.assertEqual(settings.greeting_sla_minutes, 2)
		self.assertEqual(settings.callback_days, 3)
		self.assertEqual(settings.deduction_minor, 1)
		self.assertEqual(settings.deduction_moderate, 2)
		self.assertEqual(settings.deduction_severe, 5)
		self.assertEqual(settings.min_inspections_per_week, 4)
		self.assertEqual(settings.penalty_company_complaint, 100)
		self.assertEqual(settings.penalty_manufacturer_complaint, 200)
		self.assertEqual(settings.penalty_open_issue_complaint, 100)
		self.assertEqual(settings.reward_praise, 200)
		self.assertEqual(settings.csi_penalty_per_item, 100)
		self.assertEqual(settings.csi_full_marks_reward, 100)
		self.assertEqual(settings.deposit_forfeit_complaints, 2)
		self.assertTrue(settings.company)

	def test_every_default_is_stored(self):
		settings = frappe.get_single("Service Advisor Settings")
		for fieldname, value in DEFAULTS.items():
			if isinstance(value, str):  # a choice (e.g. the seed's readings), not a number
				self.assertEqual(settings.get(fieldname), value, fieldname)
			else:
				self.assertEqual(float(settings.get(fieldname)), float(value), fieldname)

	def test_negative_amount_refused_and_nothing_saved(self):
		for fieldname in AMOUNT_FIELDS:
			before = frappe.db.get_single_value("Service Advisor Settings", fieldname)
			settings = frappe.get_single("Service Advisor Settings")
			settings.set(fieldname, -1)
			with self.assertRaises(InvalidSettingError, msg=fieldname):
				settings.save()
			self.assertEqual(frappe.db.get_single_value("Service Advisor Settings", fieldname), before)

	def test_threshold_below_one_refused(self):
		for fieldname in THRESHOLD_FIELDS:
			settings = frappe.get_single("Service Advisor Settings")
			settings.set(fieldname, 0)
			with self.assertRaises(InvalidSettingError, msg=fieldname):
				settings.save()

	def test_commission_rate_above_hundred_refused(self):
		settings = frappe.get_single("Service Advisor Settings")
		settings.labour_commission_rate = 101
		with self.assertRaises(InvalidSettingError):
			settings.save()

	def test_error_message_names_the_field(self):
		settings = frappe.get_single("Service Advisor Settings")
		settings.reward_praise = -5
		with self.assertRaises(InvalidSettingError) as ctx:
			settings.save()
		self.assertIn("Reward: Praise", str(ctx.exception))

	def test_valid_change_saved_and_read_back(self):
		settings = frappe.get_single("Service Advisor Settings")
		settings.greeting_sla_minutes = 5
		settings.save()
		self.assertEqual(setting("greeting_sla_minutes"), 5)

	def test_advisor_cannot_change_settings(self):
		advisor = make_user(roles=("Service Advisor",))
		frappe.set_user(advisor.name)
		try:
			settings = frappe.get_single("Service Advisor Settings")
			settings.greeting_sla_minutes = 9
			with self.assertRaises(frappe.PermissionError):
				settings.save()
		finally:
			frappe.set_user("Administrator")
		self.assertNotEqual(frappe.db.get_single_value("Service Advisor Settings", "greeting_sla_minutes"), 9)
