"""Reports in a dealer group: the Company filter filters, a group user sees every company with a company
column, rankings are within each company, and User Permissions on Company restrict every report."""

import importlib

import frappe
from frappe.utils import add_days, getdate, nowdate

from service_advisor.api.front_desk import record_customer_decision
from service_advisor.testing.case import ServiceAdvisorTestCase
from service_advisor.testing.factories import (
	advance,
	company,
	deliver,
	make_add_on,
	make_appointment,
	make_company,
	make_delivered_repair_order,
	make_employee,
	make_inspection,
	make_repair_order,
	make_user,
)

SECOND = "SA Second Motors"
TODAY = getdate(nowdate())
REPORTS = (
	"add_on_conversion",
	"advisor_kpis",
	"appointment_show_rate",
	"callback_compliance",
	"declined_work_recovery",
	"front_desk_6s_coverage",
	"inspection_sales",
	"maintenance_due",
	"open_issues_aging",
	"reception_sla",
	"repair_order_throughput",
)


def report(name: str):
	return importlib.import_module(f"service_advisor.service_advisor.report.{name}.{name}")


def filters(**extra):
	return frappe._dict(
		from_date=str(add_days(TODAY, -31)),
		to_date=str(add_days(TODAY, 31)),
		month=nowdate()[:7],
		**extra,
	)


def make_advisor(dealership: str) -> str:
	user = make_user(roles=("Service Advisor",)).name
	make_employee(user, company=dealership)
	return user


class TestCompanyReports(ServiceAdvisorTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.first, cls.second = company(), make_company(SECOND, "SASM")
		cls.a1 = make_advisor(cls.first)
		cls.b1, cls.b2 = make_advisor(cls.second), make_advisor(cls.second)
		cls.ours = {cls.a1, cls.b1, cls.b2}
		for advisor, orders in ((cls.a1, 1), (cls.b1, 2), (cls.b2, 1)):
			for _ in range(orders):
				make_delivered_repair_order(advisor=advisor)
			make_inspection(advisor=advisor)
			make_appointment(advisor=advisor)
			order = advance(make_repair_order(advisor=advisor), "Check In", "Authorise", "Start Repair")
			add_on = make_add_on(order.name)
			record_customer_decision(add_on.name, "Declined", "Mr Wang", "In Person")
			deliver(frappe.get_doc("Repair Order", order.name))
			frappe.get_doc(
				{
					"doctype": "Customer Open Issue",
					"customer": order.customer,
					"repair_order": order.name,
					"responsible_person": advisor,
					"description": "Rattle under the dashboard",
					"promised_date": add_days(TODAY, -1),
				}
			).insert()
		for vehicle in frappe.get_all("Repair Order", {"advisor": ("in", list(cls.ours))}, pluck="vehicle"):
			frappe.db.set_value("Customer Vehicle", vehicle, "next_service_date", TODAY)
		from service_advisor.services.followup import generate_maintenance_invitations
		from service_advisor.services.scorecard import generate_scorecards

		generate_maintenance_invitations(nowdate()[:7])
		for advisor in cls.ours:
			customer = frappe.get_value("Repair Order", {"advisor": advisor}, "customer")
			frappe.get_doc(
				{
					"doctype": "Service Complaint",
					"level": "Company",
					"complaint_date": nowdate(),
					"customer": customer,
					"advisor": advisor,
					"description": "Waited too long",
				}
			).insert()
			frappe.get_doc(
				{
					"doctype": "Commendation",
					"advisor": advisor,
					"source": "Letter",
					"commendation_date": nowdate(),
				}
			).insert()
			frappe.get_doc(
				{
					"doctype": "CSI Result",
					"advisor": advisor,
					"period": nowdate()[:7],
					"survey_item": "Explanation of the work and its cost",  # a shipped item (its English wording)
					"advisor_score": 9,
					"national_average": 8,
				}
			).insert()
			frappe.get_doc(
				{
					"doctype": "Document Audit",
					"advisor": advisor,
					"audit_date": nowdate(),
					"findings": [{"form_name": "Repair Order", "finding": "Missing signature", "fine": 20}],
				}
			).insert()
		generate_scorecards(nowdate()[:7], sorted(cls.ours))

	def person(self, row):
		return row.get("advisor") or row.get("responsible_person")

	def ours_in(self, rows):
		return [r for r in rows if self.person(r) in self.ours or self.person(r) is None]

	def test_every_report_filters_by_company_and_shows_the_company(self):
		for name in REPORTS:
			with self.subTest(report=name):
				columns, rows = report(name).execute(filters(company=self.second))[:2]
				self.assertEqual(columns[0]["fieldname"] if name != "reception_sla" else "company", "company")
				self.assertTrue(rows, name)
				self.assertEqual({r["company"] for r in rows}, {self.second}, name)
				people = {self.person(r) for r in rows}
				self.assertNotIn(self.a1, people, name)
				if name != "repair_order_throughput":
					self.assertTrue({self.b1, self.b2} <= people, name)

				rows = report(name).execute(filters())[1]  # the whole group
				self.assertTrue({self.first, self.second} <= {r["company"] for r in rows}, name)
				if name != "repair_order_throughput":
					self.assertTrue(self.ours <= {self.person(r) for r in rows}, name)

	def test_advisor_kpis_exact_per_company_and_ranked_within_it(self):
		kpis = report("advisor_kpis")
		rows = {r.advisor: r for r in kpis.execute(filters())[1] if r.advisor in self.ours}
		# default order lines: 1 h labour at 300 and 2 parts; every order of ours delivered this month
		self.assertEqual(
			[
				(rows[a].company, rows[a].orders, rows[a].labour_sales, rows[a].sold_hours)
				for a in (self.a1, self.b1, self.b2)
			],
			[(self.first, 2, 600.0, 2.0), (self.second, 3, 900.0, 3.0), (self.second, 2, 600.0, 2.0)],
		)
		self.assertEqual(rows[self.b1].rank, 1)
		self.assertEqual(rows[self.b2].rank, 2)
		# the group's best seller is in the second company: a1 still ranks within the first company only
		first = [r for r in kpis.execute(filters(company=self.first))[1]]
		self.assertEqual({r.company for r in first}, {self.first})
		self.assertEqual(
			next(r for r in first if r.advisor == self.a1).rank,
			sorted({float(r.labour_sales) for r in first}, reverse=True).index(600.0) + 1,
		)
		# the same data for one company alone gives the same figures
		alone = {r.advisor: r for r in kpis.execute(filters(company=self.second))[1]}
		for advisor in (self.b1, self.b2):
			self.assertEqual(alone[advisor], rows[advisor])

	def test_callback_compliance_and_reception_sla_exact_per_company(self):
		rows = report("callback_compliance").execute(filters(company=self.second))[1]
		self.assertEqual(sum(r.callbacks for r in rows if r.advisor in (self.b1, self.b2)), 5)
		self.assertEqual(sum(r.callbacks for r in rows if r.advisor == self.a1), 0)
		sla = report("reception_sla").execute(filters(company=self.second))[1]
		self.assertEqual(
			{r.advisor: r.arrivals for r in sla if r.advisor in self.ours}, {self.b1: 3, self.b2: 2}
		)
		breaches = report("reception_sla").execute(filters(company=self.second, show_breaches=1))[1]
		self.assertEqual({r["company"] for r in breaches} - {self.second}, set())

	def test_throughput_per_company_in_process_order(self):
		rows = report("repair_order_throughput").execute(filters())[1]
		companies = [r.company for r in rows]
		self.assertEqual(companies, sorted(companies))  # grouped by company
		second = [r for r in rows if r.company == self.second]
		delivered = next(r for r in second if r.state == "Delivered")
		self.assertGreaterEqual(delivered.orders, 5)

	def test_a_user_restricted_to_one_company_sees_only_it_in_every_report(self):
		manager = make_user(roles=("Service Manager",)).name
		frappe.get_doc(
			{"doctype": "User Permission", "user": manager, "allow": "Company", "for_value": self.second}
		).insert(ignore_permissions=True)
		frappe.set_user(manager)
		for name in REPORTS:
			with self.subTest(report=name):
				rows = report(name).execute(filters())[1]
				self.assertTrue(rows, name)
				self.assertEqual({r["company"] for r in rows}, {self.second}, name)
				with self.assertRaises(frappe.PermissionError):
					report(name).execute(filters(company=self.first))

	def restricted_manager(self, dealership: str) -> str:
		manager = make_user(roles=("Service Manager",)).name
		frappe.get_doc(
			{"doctype": "User Permission", "user": manager, "allow": "Company", "for_value": dealership}
		).insert(ignore_permissions=True)
		return manager

	def test_lists_and_forms_of_every_doctype_show_only_the_permitted_company(self):
		from service_advisor.services.company import COMPANY_DOCTYPES

		manager = self.restricted_manager(self.first)
		for doctype in COMPANY_DOCTYPES:
			with self.subTest(doctype=doctype):
				theirs = frappe.get_all(doctype, {"company": self.second}, pluck="name", limit=1)
				self.assertTrue(theirs, doctype)  # the data set has rows of both companies
				frappe.set_user(manager)
				listed = frappe.get_list(doctype, fields=["company"], limit_page_length=0)
				self.assertTrue(listed, doctype)
				self.assertEqual({r.company for r in listed}, {self.first}, doctype)
				self.assertFalse(frappe.has_permission(doctype, "read", theirs[0]), doctype)
				frappe.set_user("Administrator")

	def test_number_cards_count_only_the_permitted_company(self):
		from frappe.desk.doctype.number_card.number_card import get_result

		cards = frappe.get_all("Number Card", {"module": "Service Advisor"}, pluck="name")
		self.assertTrue(cards)
		manager = self.restricted_manager(self.second)
		for name in cards:
			with self.subTest(card=name):
				card = frappe.get_doc("Number Card", name)
				filters = frappe.parse_json(card.filters_json)
				everyone = frappe.get_all(card.document_type, filters=filters, fields=["company"])
				expected = sum(1 for r in everyone if r.company == self.second)
				frappe.set_user(manager)
				self.assertEqual(get_result(card.as_dict(), frappe.parse_json(card.filters_json)), expected)
				frappe.set_user("Administrator")

	def test_the_apps_api_refuses_another_companys_documents(self):
		from service_advisor.api.followup import log_callback_attempt
		from service_advisor.api.front_desk import check_in_appointment

		manager = self.restricted_manager(self.first)
		appointment = frappe.get_value("Service Appointment", {"advisor": self.b1, "status": "Scheduled"})
		callback = frappe.get_value("Callback", {"advisor": self.b1, "callback_type": "After Service"})
		frappe.set_user(manager)
		with self.assertRaises(frappe.PermissionError):
			check_in_appointment(appointment)
		with self.assertRaises(frappe.PermissionError):
			log_callback_attempt(callback, 0, next_attempt_on=str(add_days(TODAY, 1)))
		frappe.set_user("Administrator")
		self.assertEqual(frappe.db.get_value("Service Appointment", appointment, "status"), "Scheduled")
