# Copyright (c) 2026, service_advisor developers
# For license information, please see license.txt

"""Issue 29, CSI: rule 6 (CSI调查得分服务顾问项目低于全国平均分得每项考核-100元) fines only the advisor's survey
items. The app ships the survey's item list with the advisor's items marked; a CSI row naming an item the
list does not name is refused (import and every other path), never fined by default."""

from io import BytesIO

import frappe
from frappe.utils import getdate, nowdate

from service_advisor.domain.csi import MANUFACTURER_ITEMS
from service_advisor.exceptions import CsiImportError
from service_advisor.service_advisor.doctype.service_advisor_settings.service_advisor_settings import (
	InvalidSettingError,
)
from service_advisor.services import csi, scorecard
from service_advisor.testing.case import ServiceAdvisorTestCase
from service_advisor.testing.factories import (
	ERPNEXT_TEST_IGNORE,
	list_csi_items,
	make_inspection,
	make_user,
)

test_ignore = ERPNEXT_TEST_IGNORE

TODAY = getdate(nowdate())
MONTH = f"{TODAY.year:04d}-{TODAY.month:02d}"
HEADER = ("Advisor", "Period", "Survey Item", "Advisor Score", "National Average", "Full Mark Count")
ATTITUDE = "服务顾问的礼貌与态度"  # shipped, the advisor's
QUALITY = "维修质量"  # shipped, the workshop's


def excel(rows) -> bytes:
	from openpyxl import Workbook

	book = Workbook()
	for row in rows:
		book.active.append(list(row))
	buffer = BytesIO()
	book.save(buffer)
	return buffer.getvalue()


def as_user(user, fn, *args, **kwargs):
	frappe.set_user(user)
	try:
		return fn(*args, **kwargs)
	finally:
		frappe.set_user("Administrator")


class TestCsiItems(ServiceAdvisorTestCase):
	def setUp(self):
		super().setUp()
		self.advisor = make_user(roles=("Service Advisor",)).name
		self.manager = make_user(roles=("Service Manager",)).name

	def test_the_survey_list_is_shipped_with_the_advisors_items_marked(self):
		rows = frappe.get_single("Service Advisor Settings").csi_items
		shipped = {row.survey_item: row for row in rows}
		for item in MANUFACTURER_ITEMS:
			row = shipped[item.survey_item]
			self.assertEqual(
				(row.also_written_as, bool(row.advisor_item)), (item.also_written_as, item.advisor_item)
			)
		self.assertTrue(shipped[ATTITUDE].advisor_item)
		self.assertFalse(shipped[QUALITY].advisor_item)

	def test_an_item_not_on_the_list_is_refused_with_a_translated_error_and_nothing_is_imported(self):
		count = frappe.db.count("CSI Result")
		rows = [
			HEADER,
			(self.advisor, MONTH, ATTITUDE, 8, 9, 0),
			(self.advisor, MONTH, "Workshop quality", 7, 9, 0),
		]
		with self.assertRaises(CsiImportError) as ctx:
			as_user(self.manager, csi.import_file, excel(rows))
		self.assertIn(
			"Row 3: survey item Workshop quality is not on the CSI survey item list", str(ctx.exception)
		)
		self.assertEqual(frappe.db.count("CSI Result"), count)
		frappe.local.lang = "zh"
		try:
			with self.assertRaises(CsiImportError) as ctx:
				as_user(self.manager, csi.import_file, excel(rows))
		finally:
			frappe.local.lang = "en"
		self.assertIn("第 3 行", str(ctx.exception))
		self.assertIn("不在 CSI 调查项目清单中", str(ctx.exception))
		self.assertEqual(frappe.db.count("CSI Result"), count)

	def test_no_other_door_records_an_unlisted_item(self):
		for payload in (
			{"survey_item": "Workshop quality"},
			{"survey_item": " "},
		):
			with self.assertRaises(frappe.ValidationError, msg=payload):
				as_user(
					self.manager,
					frappe.client.insert,
					{
						"doctype": "CSI Result",
						"advisor": self.advisor,
						"period": MONTH,
						"advisor_score": 7,
						"national_average": 9,
						**payload,
					},
				)
		row = as_user(
			self.manager,
			frappe.client.insert,
			{
				"doctype": "CSI Result",
				"advisor": self.advisor,
				"period": MONTH,
				"survey_item": ATTITUDE,
				"advisor_score": 8,
				"national_average": 9,
			},
		)
		with self.assertRaises(CsiImportError):
			as_user(
				self.manager,
				frappe.client.set_value,
				"CSI Result",
				row["name"],
				"survey_item",
				"Lounge coffee",
			)
		self.assertEqual(frappe.db.get_value("CSI Result", row["name"], "survey_item"), ATTITUDE)

	def test_the_other_wording_is_imported_as_the_list_writes_the_item(self):
		names = as_user(
			self.manager,
			csi.import_file,
			excel(
				[HEADER, (self.advisor, MONTH, "  courtesy and ATTITUDE of the service advisor ", 8, 9, 2)]
			),
		)
		self.assertEqual(frappe.db.get_value("CSI Result", names[0], "survey_item"), ATTITUDE)

	def test_only_advisor_items_below_the_national_average_are_fined(self):
		make_inspection(advisor=self.advisor, inspector=self.manager)
		as_user(
			self.manager,
			csi.import_file,
			excel(
				[
					HEADER,
					(self.advisor, MONTH, ATTITUDE, 8.5, 9.0, 0),  # the advisor's, below: -100
					(self.advisor, MONTH, "Explanation of the work and its cost", 9.5, 9.0, 0),  # above: 0
					(self.advisor, MONTH, QUALITY, 7, 9, 0),  # the workshop's, below: 0
					(self.advisor, MONTH, "Comfort of the customer lounge", 6, 9, 0),  # the facility's: 0
				]
			),
		)
		frappe.set_user(self.manager)
		scorecard.generate_scorecards(MONTH, [self.advisor])
		frappe.set_user("Administrator")
		card = frappe.get_doc("Advisor Scorecard", {"advisor": self.advisor, "month": MONTH})
		self.assertEqual((card.penalties, card.payable), (100, -100))
		self.assertEqual(
			sorted((l.description, l.amount) for l in card.lines if l.line_type == "CSI Below Average"),
			[
				("客户休息区的舒适度: 6 < 9 (not an advisor item)", 0),
				("服务顾问的礼貌与态度: 8.5 < 9", -100),
				("维修质量: 7 < 9 (not an advisor item)", 0),
			],
		)

	def test_an_item_taken_off_the_list_is_never_fined(self):
		list_csi_items("Attitude")
		make_inspection(advisor=self.advisor, inspector=self.manager)
		frappe.get_doc(
			{
				"doctype": "CSI Result",
				"advisor": self.advisor,
				"period": MONTH,
				"survey_item": "Attitude",
				"advisor_score": 8,
				"national_average": 9,
			}
		).insert()
		settings = frappe.get_single("Service Advisor Settings")
		settings.set("csi_items", [r for r in settings.csi_items if r.survey_item != "Attitude"])
		settings.save()
		frappe.set_user(self.manager)
		scorecard.generate_scorecards(MONTH, [self.advisor])
		frappe.set_user("Administrator")
		card = frappe.get_doc("Advisor Scorecard", {"advisor": self.advisor, "month": MONTH})
		self.assertEqual(card.penalties, 0)
		self.assertEqual(
			[l.description for l in card.lines if l.line_type == "CSI Below Average"],
			["Attitude: 8 < 9 (not on the survey item list)"],
		)

	def test_one_wording_names_one_item_and_only_a_manager_edits_the_list(self):
		settings = frappe.get_single("Service Advisor Settings")
		settings.append("csi_items", {"survey_item": "Ease of parking", "advisor_item": 1})
		with self.assertRaises(InvalidSettingError):
			settings.save()
		frappe.clear_document_cache("Service Advisor Settings", "Service Advisor Settings")
		for user in (self.advisor, make_user(roles=("Customer Service Agent",)).name):
			with self.assertRaises(frappe.PermissionError, msg=user):
				as_user(
					user,
					frappe.client.set_value,
					"Service Advisor Settings",
					"Service Advisor Settings",
					"csi_items",
					[{"survey_item": QUALITY, "advisor_item": 0}],
				)
		rows = frappe.get_single("Service Advisor Settings").csi_items
		self.assertEqual(len(rows), len(MANUFACTURER_ITEMS))


class TestCsiItemsPatch(ServiceAdvisorTestCase):
	def test_a_site_without_a_list_gets_the_shipped_one_and_keeps_its_figures(self):
		from service_advisor.patches.v0_1 import set_csi_items

		advisor = make_user(roles=("Service Advisor",)).name
		manager = make_user(roles=("Service Manager",)).name
		make_inspection(advisor=advisor, inspector=manager)
		list_csi_items("Attitude", "Facilities")
		for item in ("Attitude", "Facilities"):
			frappe.get_doc(
				{
					"doctype": "CSI Result",
					"advisor": advisor,
					"period": MONTH,
					"survey_item": item,
					"advisor_score": 8,
					"national_average": 9,
				}
			).insert()
		# as the site stood before: no list, so every item counted as the advisor's
		frappe.db.delete("CSI Survey Item", {"parenttype": "Service Advisor Settings"})
		frappe.clear_document_cache("Service Advisor Settings", "Service Advisor Settings")
		set_csi_items.execute()
		set_csi_items.execute()  # again: nothing twice
		frappe.clear_document_cache("Service Advisor Settings", "Service Advisor Settings")
		rows = frappe.get_single("Service Advisor Settings").csi_items
		self.assertEqual(len(rows), len(MANUFACTURER_ITEMS) + 2)
		added = {r.survey_item: (r.advisor_item, r.section) for r in rows[len(MANUFACTURER_ITEMS) :]}
		self.assertEqual(added, {item: (1, set_csi_items.SECTION) for item in ("Attitude", "Facilities")})
		frappe.set_user(manager)
		scorecard.generate_scorecards(MONTH, [advisor])
		frappe.set_user("Administrator")
		card = frappe.get_doc("Advisor Scorecard", {"advisor": advisor, "month": MONTH})
		self.assertEqual(card.penalties, 200)  # both fined, as before the list was required
