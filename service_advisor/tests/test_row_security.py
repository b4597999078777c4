"""Row-level security against what is stored, owner-field guards, settlement links and least privilege.

Each numbered case of issue #20 is its own test, in the process (document API) here and over real HTTP
in test_http_security.py."""

import frappe
from frappe.utils import add_months, getdate, today

from service_advisor.api.assessment import export_scorecards
from service_advisor.api.settlement import make_sales_invoice
from service_advisor.permissions import OwnerFieldError, query_conditions, restricted
from service_advisor.setup.permissions import ERPNEXT_PERMISSIONS
from service_advisor.testing.case import ServiceAdvisorTestCase
from service_advisor.testing.factories import (
	ERPNEXT_TEST_IGNORE,
	advance,
	make_add_on,
	make_delivered_repair_order,
	make_repair_order,
	make_user,
)

test_ignore = ERPNEXT_TEST_IGNORE
MONTH = str(add_months(getdate(today()), -1))[:7]


def advisor() -> str:
	return make_user(roles=("Service Advisor",)).name


def make_scorecard(advisor_user: str):
	from service_advisor.services.scorecard import generate_scorecards

	generate_scorecards(MONTH)
	name = frappe.db.get_value("Advisor Scorecard", {"advisor": advisor_user, "month": MONTH})
	if not name:
		name = (
			frappe.get_doc({"doctype": "Advisor Scorecard", "advisor": advisor_user, "month": MONTH})
			.insert(ignore_permissions=True)
			.name
		)
	return frappe.get_doc("Advisor Scorecard", name)


class TestStoredRowDecides(ServiceAdvisorTestCase):
	def test_1_taking_over_a_colleagues_order_is_refused(self):
		me, colleague = advisor(), advisor()
		theirs = make_repair_order(advisor=colleague)
		frappe.set_user(me)
		doc = frappe.get_doc("Repair Order", theirs.name)
		doc.advisor = me
		doc.first_responsible_person = me
		with self.assertRaises(frappe.PermissionError):
			doc.save()
		frappe.set_user("Administrator")
		self.assertEqual(frappe.db.get_value("Repair Order", theirs.name, "advisor"), colleague)

	def test_1_taking_over_a_colleagues_scorecard_is_refused(self):
		me, colleague = advisor(), advisor()
		card = make_scorecard(colleague)
		frappe.set_user(me)
		doc = frappe.get_doc("Advisor Scorecard", card.name)
		doc.advisor = me
		with self.assertRaises(frappe.PermissionError):
			doc.save()
		frappe.set_user("Administrator")
		self.assertEqual(frappe.db.get_value("Advisor Scorecard", card.name, "advisor"), colleague)

	def test_own_order_cannot_be_handed_to_a_colleague_or_manager_field_changed(self):
		me, colleague = advisor(), advisor()
		mine = make_repair_order(advisor=me)
		frappe.set_user(me)
		doc = frappe.get_doc("Repair Order", mine.name)
		doc.advisor = colleague
		with self.assertRaises(OwnerFieldError):
			doc.save()
		frappe.set_user("Administrator")
		self.assertEqual(frappe.db.get_value("Repair Order", mine.name, "advisor"), me)

	def test_manager_can_reassign_an_order(self):
		a, b = advisor(), advisor()
		order = make_repair_order(advisor=a)
		frappe.set_user(make_user(roles=("Service Manager",)).name)
		doc = frappe.get_doc("Repair Order", order.name)
		doc.advisor = b
		doc.save()
		frappe.set_user("Administrator")
		self.assertEqual(frappe.db.get_value("Repair Order", order.name, "advisor"), b)

	def test_scorecard_advisor_and_month_are_set_once_even_for_managers(self):
		a = advisor()
		card = make_scorecard(a)
		b = advisor()  # made after generation: has no scorecard of the month
		frappe.set_user(make_user(roles=("Service Manager",)).name)
		for field, value in (("advisor", b), ("month", "2001-01")):
			doc = frappe.get_doc("Advisor Scorecard", card.name)
			doc.set(field, value)
			with self.assertRaises(OwnerFieldError, msg=field):
				doc.save()
		frappe.set_user("Administrator")
		self.assertEqual(
			frappe.db.get_value("Advisor Scorecard", card.name, ["advisor", "month"]), (a, MONTH)
		)

	def test_workshop_cannot_reassign_the_advisor(self):
		a, b = advisor(), advisor()
		order = make_repair_order(advisor=a)
		frappe.set_user(make_user(roles=("Workshop Technician",)).name)
		doc = frappe.get_doc("Repair Order", order.name)
		doc.advisor = b
		with self.assertRaises(OwnerFieldError):
			doc.save()


class TestExport(ServiceAdvisorTestCase):
	def test_2_advisor_cannot_export_everyones_pay(self):
		frappe.set_user(advisor())
		with self.assertRaises(frappe.PermissionError):
			export_scorecards(MONTH)
		self.assertFalse(frappe.response.get("filecontent"))

	def test_accounts_user_exports_with_formulas_neutralised(self):
		from io import BytesIO

		from openpyxl import load_workbook

		a = advisor()
		frappe.db.set_value("User", a, "first_name", "=HYPERLINK(1)")
		make_scorecard(a)
		frappe.set_user(make_user(roles=("Accounts User",)).name)
		export_scorecards(MONTH)
		book = load_workbook(BytesIO(frappe.response["filecontent"]))
		for sheet in book.worksheets:
			for row in sheet.iter_rows():
				for cell in row:
					self.assertNotEqual(cell.data_type, "f", f"{sheet.title}!{cell.coordinate} is a formula")
		frappe.response.pop("filecontent", None)


class TestRowScopeEverywhere(ServiceAdvisorTestCase):
	def test_3_colleagues_add_ons_are_invisible(self):
		me, colleague = advisor(), advisor()
		theirs = advance(make_repair_order(advisor=colleague), "Check In", "Authorise", "Start Repair")
		add_on = make_add_on(theirs.name)
		frappe.set_user(me)
		self.assertEqual(frappe.get_list("Add-on Item", filters={"repair_order": theirs.name}), [])
		self.assertFalse(frappe.has_permission("Add-on Item", "read", add_on.name))
		self.assertEqual(frappe.db.count("Add-on Item", {"repair_order": theirs.name}), 1)  # data is there
		rows = frappe.get_list(
			"Repair Order Item",
			filters={"parent": theirs.name},
			parent_doctype="Repair Order",
			fields=["name"],
		)
		self.assertEqual(rows, [])

	def test_every_row_scoped_doctype_filters_for_a_plain_advisor(self):
		me = advisor()
		from service_advisor.permissions import CHILD_SCOPE, ROW_SCOPE

		for doctype in ROW_SCOPE:
			if frappe.has_permission(doctype, "read", user=me):
				self.assertTrue(restricted(doctype, me), doctype)
				self.assertIn(frappe.db.escape(me), query_conditions(me, doctype), doctype)
		for child, parent in CHILD_SCOPE.items():
			if frappe.has_permission(parent, "read", user=me):
				self.assertIn("select", query_conditions(me, child), child)

	def test_only_a_manager_role_lifts_the_scope(self):
		"""Issue #27 case 9: a second reading role (customer service, accounts) no longer lifts an advisor's
		row scope everywhere; a manager role does."""
		for second in ("Customer Service Agent", "Accounts User", "Warranty Clerk"):
			user = make_user(roles=("Service Advisor", second)).name
			for doctype in ("Callback", "Repair Order", "Advisor Scorecard"):
				self.assertTrue(restricted(doctype, user), f"{second} / {doctype}")
		self.assertTrue(restricted("Repair Order", make_user(roles=("Service Advisor",)).name))
		manager = make_user(roles=("Service Advisor", "Service Manager")).name
		for doctype in ("Callback", "Repair Order", "Advisor Scorecard"):
			self.assertFalse(restricted(doctype, manager), doctype)


class TestSettlementLinks(ServiceAdvisorTestCase):
	def test_4_invoice_link_of_a_settled_line_cannot_be_cleared_or_repointed(self):
		other_invoice = make_sales_invoice(make_delivered_repair_order(items=[{"qty": 1, "rate": 90}]).name)[
			0
		]
		order = make_delivered_repair_order(items=[{"qty": 1, "rate": 250}])
		for name in make_sales_invoice(order.name):
			frappe.get_doc("Sales Invoice", name).submit()
		stored = frappe.get_all(
			"Repair Order Item", {"parent": order.name}, ["name", "sales_invoice"], order_by="idx"
		)
		self.assertTrue(stored[0].sales_invoice)
		for user in ("Administrator", make_user(roles=("Service Manager",)).name):
			frappe.set_user(user)
			for value in (None, other_invoice):
				doc = frappe.get_doc("Repair Order", order.name)
				doc.items[0].sales_invoice = value
				with self.assertRaises(OwnerFieldError):
					doc.save()
				doc = frappe.get_doc("Repair Order", order.name)
				doc.settled_amount = 1
				with self.assertRaises(OwnerFieldError):
					doc.save()
		frappe.set_user("Administrator")
		self.assertEqual(
			frappe.get_all(
				"Repair Order Item", {"parent": order.name}, ["name", "sales_invoice"], order_by="idx"
			),
			stored,
		)


class TestLeastPrivilege(ServiceAdvisorTestCase):
	def test_8_advisor_cannot_edit_customers_nor_read_employees(self):
		user = advisor()
		self.assertTrue(frappe.has_permission("Customer", "create", user=user))
		self.assertFalse(frappe.has_permission("Customer", "write", user=user))
		self.assertFalse(frappe.has_permission("Employee", "read", user=user))
		self.assertTrue(frappe.has_permission("Employee", "select", user=user))
		technician = make_user(roles=("Workshop Technician",)).name
		self.assertFalse(frappe.has_permission("Employee", "read", user=technician))
		self.assertFalse(frappe.has_permission("Item", "read", user=technician))
		self.assertTrue(frappe.has_permission("Item", "select", user=technician))

	def test_granted_rights_are_exactly_the_table(self):
		from service_advisor.setup.permissions import RIGHTS

		for doctype, grants in ERPNEXT_PERMISSIONS.items():
			for role, rights in grants.items():
				row = frappe.get_all(
					"Custom DocPerm",
					filters={"parent": doctype, "role": role, "permlevel": 0, "if_owner": 0},
					fields=list(RIGHTS),
				)
				self.assertEqual(len(row), 1, (doctype, role))
				self.assertEqual({r for r in RIGHTS if row[0][r]}, set(rights), (doctype, role))


class TestComplaintPenaltyFrozen(ServiceAdvisorTestCase):
	def test_9_overdue_flag_is_frozen_when_the_complaint_is_made(self):
		from frappe.utils import add_days, nowdate

		from service_advisor.testing.factories import make_customer

		customer = make_customer().name
		issue = frappe.get_doc(
			{
				"doctype": "Customer Open Issue",
				"customer": customer,
				"description": "Roof rack on order",
				"promised_date": add_days(nowdate(), -3),
				"responsible_person": advisor(),
			}
		).insert()
		complaint = frappe.get_doc(
			{
				"doctype": "Service Complaint",
				"level": "Company",
				"complaint_date": nowdate(),
				"customer": customer,
				"advisor": advisor(),
				"open_issue": issue.name,
				"description": "Still waiting",
			}
		).insert()
		self.assertEqual(complaint.from_overdue_issue, 1)
		issue.reload()
		issue.status = "Resolved"
		issue.resolution = "Fitted"
		issue.save()
		complaint.reload()
		complaint.description = "Still waiting (noted)"
		complaint.save()
		self.assertEqual(frappe.db.get_value("Service Complaint", complaint.name, "from_overdue_issue"), 1)


class TestCsiImportInput(ServiceAdvisorTestCase):
	def _excel(self, rows) -> bytes:
		from io import BytesIO

		from openpyxl import Workbook

		book = Workbook()
		for row in rows:
			book.active.append(list(row))
		buffer = BytesIO()
		book.save(buffer)
		return buffer.getvalue()

	def test_11_cell_values_are_escaped_in_the_error(self):
		from service_advisor.domain.csi import COLUMNS
		from service_advisor.exceptions import CsiImportError
		from service_advisor.services import csi

		count = frappe.db.count("CSI Result")
		rows = [COLUMNS, ("<img src=x onerror=alert(1)>", MONTH, "Attitude", 9, 9, 1)]
		with self.assertRaises(CsiImportError) as ctx:
			csi.import_file(self._excel(rows))
		self.assertNotIn("<img", str(ctx.exception))
		self.assertIn("&lt;img", str(ctx.exception))
		self.assertEqual(frappe.db.count("CSI Result"), count)

	def test_11_row_cap(self):
		from unittest.mock import patch

		from service_advisor.domain.csi import COLUMNS
		from service_advisor.exceptions import CsiImportError
		from service_advisor.services import csi

		rows = [COLUMNS] + [("x", MONTH, f"Item {i}", 9, 9, 1) for i in range(12)]
		with patch.object(csi, "MAX_ROWS", 10), self.assertRaises(CsiImportError) as ctx:
			csi.import_file(self._excel(rows))
		self.assertIn("more than 10 rows", str(ctx.exception))


class TestScorecardPerCompany(ServiceAdvisorTestCase):
	def test_one_card_per_advisor_month_and_company(self):
		from service_advisor.exceptions import DuplicateScorecardError
		from service_advisor.testing.factories import company, make_company

		a = advisor()
		first = frappe.get_doc(
			{"doctype": "Advisor Scorecard", "advisor": a, "month": "2001-02", "company": company()}
		).insert()
		other = frappe.get_doc(
			{"doctype": "Advisor Scorecard", "advisor": a, "month": "2001-02", "company": make_company()}
		).insert()
		self.assertNotEqual(first.company, other.company)
		with self.assertRaises(DuplicateScorecardError):
			frappe.get_doc(
				{"doctype": "Advisor Scorecard", "advisor": a, "month": "2001-02", "company": company()}
			).insert()
