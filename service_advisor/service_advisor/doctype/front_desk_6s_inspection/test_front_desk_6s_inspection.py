# Copyright (c) 2026, service_advisor developers
# For license information, please see license.txt

import frappe
from frappe.utils import getdate, nowdate

from service_advisor.exceptions import NegativeAmountError, SelfInspectionError
from service_advisor.testing.case import ServiceAdvisorTestCase
from service_advisor.testing.factories import ERPNEXT_TEST_IGNORE, make_inspection, make_user, set_settings

test_ignore = ERPNEXT_TEST_IGNORE


class TestFrontDesk6SInspection(ServiceAdvisorTestCase):
	def test_standard_template_has_36_items_in_english_and_chinese(self):
		template = frappe.get_doc("Front Desk 6S Checklist Template", "Standard Front Desk 6S")
		self.assertEqual([row.item_no for row in template.items], list(range(1, 37)))
		self.assertEqual(
			{row.section for row in template.items},
			{"Reception Desk", "Duty", "Telephone Etiquette", "Business Process"},
		)
		self.assertTrue(all(row.description and row.description_zh for row in template.items))
		modes = {row.item_no: row.rating_mode for row in template.items}
		self.assertEqual(
			(modes[30], modes[36], modes[1]), ("Per Non-compliant Field", "Per Complaint", "Severity")
		)

	def test_score_is_100_minus_deductions(self):
		inspection = make_inspection(ratings={1: "Minor", 2: "Moderate", 23: "Severe"}, counts={30: 3, 36: 2})
		self.assertEqual(inspection.total_deduction, 1 + 2 + 5 + 3 + 10)
		self.assertEqual(inspection.score, 79)
		self.assertEqual(
			inspection.week,
			f"{getdate(nowdate()).isocalendar()[0]}-W{getdate(nowdate()).isocalendar()[1]:02d}",
		)

	def test_deductions_follow_settings(self):
		set_settings(deduction_severe=10)
		self.assertEqual(make_inspection(ratings={5: "Severe"}).score, 90)

	def test_score_never_below_zero(self):
		self.assertEqual(make_inspection(counts={36: 30}).score, 0)

	def test_inspector_cannot_inspect_themself(self):
		manager = make_user(roles=("Service Manager", "Service Advisor")).name
		with self.assertRaises(SelfInspectionError):
			make_inspection(advisor=manager, inspector=manager)

	def test_negative_count_refused(self):
		with self.assertRaises(NegativeAmountError):
			make_inspection(counts={30: -1})

	def test_advisor_cannot_inspect(self):
		advisor = make_user(roles=("Service Advisor",)).name
		colleague = make_user(roles=("Service Advisor",)).name
		frappe.set_user(advisor)
		with self.assertRaises(frappe.PermissionError):
			make_inspection(advisor=colleague, inspector=advisor)
