"""Dealer groups: every transaction carries its dealership (Company), taken from the document it comes
from, else the advisor's Employee record, else the settings; the patch fills rows made before."""

import frappe
from frappe.utils import add_days, nowdate

from service_advisor.api.followup import book_from_callback, log_callback_attempt
from service_advisor.api.front_desk import check_in_appointment, record_customer_decision
from service_advisor.patches.v0_1 import set_company as patch
from service_advisor.services.company import COMPANY_DOCTYPES, advisor_company, set_company
from service_advisor.testing.case import ServiceAdvisorTestCase
from service_advisor.testing.factories import (
	RECEPTION_DONE,
	advance,
	company,
	deliver,
	make_add_on,
	make_appointment,
	make_company,
	make_customer,
	make_delivered_repair_order,
	make_employee,
	make_inspection,
	make_item,
	make_repair_order,
	make_user,
	make_vehicle,
)

SECOND = "SA Second Motors"


def make_advisor(dealership: str, status: str = "Active"):
	user = make_user(roles=("Service Advisor",))
	employee = make_employee(user.name, company=dealership)
	if status != "Active":
		employee.db_set("status", status)
	return user.name


class TestCompany(ServiceAdvisorTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.first = company()
		cls.second = make_company(SECOND, "SASM")

	# ------------------------------------------------------------ schema
	def test_every_transaction_has_a_mandatory_indexed_company(self):
		for doctype in COMPANY_DOCTYPES:
			field = frappe.get_meta(doctype).get_field("company")
			self.assertTrue(field, doctype)
			self.assertEqual((field.fieldtype, field.options, field.reqd), ("Link", "Company", 1), doctype)
			self.assertTrue(field.search_index, doctype)
			indexed = frappe.db.sql(
				f"show index from `tab{doctype}` where Column_name = 'company'"  # nosemgrep
			)
			self.assertTrue(indexed, doctype)

	def test_customer_vehicle_stays_shared_by_the_group(self):
		self.assertIsNone(frappe.get_meta("Customer Vehicle").get_field("company"))

	# ------------------------------------------------------------ the advisor's dealership
	def test_advisor_company_is_the_employee_company(self):
		self.assertEqual(advisor_company(make_advisor(self.second)), self.second)
		self.assertEqual(advisor_company(make_advisor(self.first)), self.first)

	def test_active_employee_wins_over_a_left_one(self):
		advisor = make_advisor(self.first, status="Left")
		self.assertEqual(advisor_company(advisor), self.first)  # only record: still their dealership
		make_employee(advisor, company=self.second)
		self.assertEqual(advisor_company(advisor), self.second)

	def test_no_employee_means_no_company_and_the_settings_company_is_used(self):
		user = make_user(roles=("Service Advisor",)).name
		self.assertIsNone(advisor_company(user))
		self.assertIsNone(advisor_company(None))
		inspection = make_inspection(advisor=user, submit=False)
		self.assertEqual(inspection.company, self.first)

	# ------------------------------------------------------------ defaults along the process
	def test_the_whole_process_stays_in_the_advisors_dealership(self):
		advisor = make_advisor(self.second)
		appointment = make_appointment(advisor=advisor)
		self.assertEqual(appointment.company, self.second)
		order = frappe.get_doc("Repair Order", check_in_appointment(appointment.name))
		self.assertEqual(order.company, self.second)
		order.update(
			{
				**RECEPTION_DONE,
				"greeting_time": order.arrival_time,
				"authorised_by": "Mr Wang",
				"authorised_on": order.arrival_time,
				"authorisation_method": "Signed",
				"promised_delivery": add_days(order.arrival_time, 1),
			}
		)
		order.append("items", {"item_code": make_item(rate=300).name, "qty": 1, "item_type": "Labour"})
		order.save()
		order = advance(order, "Authorise", "Start Repair")
		add_on = make_add_on(order.name)
		self.assertEqual(add_on.company, self.second)
		record_customer_decision(add_on.name, "Declined", "Mr Wang", "In Person")
		declined = frappe.get_all("Callback", {"add_on_item": add_on.name}, pluck="company")
		self.assertEqual(declined, [self.second])
		order = deliver(frappe.get_doc("Repair Order", order.name))
		callback = frappe.get_doc("Callback", {"repair_order": order.name, "callback_type": "After Service"})
		self.assertEqual(callback.company, self.second)
		log_callback_attempt(
			callback.name,
			1,
			attitude="Dissatisfied",
			explanation="Satisfied",
			timeliness="Satisfied",
			fault_fixed="Yes",
			praise="Friendly advisor",
		)
		self.assertEqual(
			frappe.get_value("Service Complaint", {"callback": callback.name}, "company"), self.second
		)
		self.assertEqual(
			frappe.get_value("Commendation", {"callback": callback.name}, "company"), self.second
		)
		booked = book_from_callback(callback.name, str(add_days(nowdate(), 3)) + " 10:00:00")
		self.assertEqual(frappe.db.get_value("Service Appointment", booked, "company"), self.second)
		logs = frappe.get_all("Repair Order State Log", {"repair_order": order.name}, pluck="company")
		self.assertEqual(set(logs), {self.second})

	def test_the_linked_order_decides_even_against_a_typed_company(self):
		order = make_repair_order(advisor=make_advisor(self.second))
		self.assertEqual(order.company, self.second)
		order = advance(order, "Check In", "Authorise", "Start Repair")
		add_on = frappe.get_doc(
			{
				"doctype": "Add-on Item",
				"repair_order": order.name,
				"company": self.first,
				"reason": "Wiper blades split",
				"items": [{"item_code": order.items[0].item_code, "qty": 1, "rate": 10, "item_type": "Part"}],
			}
		).insert()
		self.assertEqual(add_on.company, self.second)
		issue = frappe.get_doc(
			{
				"doctype": "Customer Open Issue",
				"customer": order.customer,
				"repair_order": order.name,
				"company": self.first,
				"description": "Rattle under the dashboard",
				"promised_date": add_days(nowdate(), 3),
			}
		).insert()
		self.assertEqual(issue.company, self.second)

	def test_the_advisors_dealership_decides_over_a_typed_company(self):
		order = make_repair_order(advisor=make_advisor(self.second), company=self.first)
		self.assertEqual(order.company, self.second)
		order = make_repair_order(advisor=make_user(roles=("Service Advisor",)).name, company=self.second)
		self.assertEqual(order.company, self.second)  # advisor without an Employee: the typed one stays

	def test_a_saved_document_keeps_its_company_when_the_advisor_moves(self):
		advisor = make_advisor(self.first)
		inspection = make_inspection(advisor=advisor, submit=False)
		frappe.db.set_value("Employee", {"user_id": advisor}, "status", "Left")
		make_employee(advisor, company=self.second)
		self.assertEqual(advisor_company(advisor), self.second)
		inspection.reload()
		inspection.save()
		self.assertEqual(inspection.company, self.first)
		self.assertEqual(make_inspection(advisor=advisor, submit=False).company, self.second)

	def test_a_user_restricted_to_one_company_cannot_file_for_another(self):
		manager = make_user(roles=("Service Manager",)).name
		frappe.get_doc(
			{"doctype": "User Permission", "user": manager, "allow": "Company", "for_value": self.first}
		).insert(ignore_permissions=True)
		mine, theirs = make_advisor(self.first), make_advisor(self.second)
		frappe.set_user(manager)
		self.assertEqual(make_inspection(advisor=mine).company, self.first)
		with self.assertRaises(frappe.PermissionError):
			make_inspection(advisor=theirs)
		frappe.set_user("Administrator")
		self.assertEqual(make_inspection(advisor=theirs).company, self.second)

	def test_assessment_documents_take_the_advisors_dealership(self):
		advisor = make_advisor(self.second)
		self.assertEqual(make_inspection(advisor=advisor).company, self.second)
		audit = frappe.get_doc(
			{
				"doctype": "Document Audit",
				"advisor": advisor,
				"audit_date": nowdate(),
				"findings": [{"form_name": "Repair Order", "finding": "Missing signature", "fine": 20}],
			}
		).insert()
		self.assertEqual(audit.company, self.second)
		csi = frappe.get_doc(
			{
				"doctype": "CSI Result",
				"advisor": advisor,
				"period": nowdate()[:7],
				"survey_item": "Explanation of the work and its cost",  # a shipped item (its English wording)
				"advisor_score": 9,
				"national_average": 8,
			}
		).insert()
		self.assertEqual(csi.company, self.second)

	def test_set_company_falls_back_to_the_given_then_the_settings_company(self):
		doc = frappe.get_doc({"doctype": "CSI Result", "advisor": make_user().name})
		set_company(doc)
		self.assertEqual(doc.company, self.first)
		doc.company = self.second
		set_company(doc)
		self.assertEqual(doc.company, self.second)

	def test_maintenance_invitation_takes_the_last_orders_company(self):
		from service_advisor.services.followup import generate_maintenance_invitations

		advisor = make_advisor(self.second)
		customer = make_customer().name
		vehicle = make_vehicle(customer=customer).name
		make_delivered_repair_order(customer=customer, vehicle=vehicle, advisor=advisor)
		frappe.db.set_value("Customer Vehicle", vehicle, "next_service_date", add_days(nowdate(), 2))
		created = generate_maintenance_invitations(nowdate()[:7])
		mine = frappe.get_all("Callback", {"name": ("in", created), "vehicle": vehicle}, pluck="company")
		self.assertEqual(mine, [self.second])

	# ------------------------------------------------------------ patch
	def test_patch_fills_missing_companies_from_links_advisor_and_settings(self):
		advisor = make_advisor(self.second)
		order = make_delivered_repair_order(advisor=advisor)
		callback = frappe.get_value("Callback", {"repair_order": order.name}, "name")
		inspection = make_inspection(advisor=advisor)
		stranger = make_inspection(advisor=make_user(roles=("Service Advisor",)).name)
		log = frappe.get_all("Repair Order State Log", {"repair_order": order.name}, pluck="name")[0]
		for doctype, name in (
			("Callback", callback),
			("Front Desk 6S Inspection", inspection.name),
			("Front Desk 6S Inspection", stranger.name),
			("Repair Order State Log", log),
		):
			frappe.db.set_value(doctype, name, "company", None, update_modified=False)
		frappe.db.set_value("Front Desk 6S Inspection", stranger.name, "company", "", update_modified=False)
		patch.execute()
		self.assertEqual(frappe.db.get_value("Callback", callback, "company"), self.second)
		self.assertEqual(
			frappe.db.get_value("Front Desk 6S Inspection", inspection.name, "company"), self.second
		)
		self.assertEqual(
			frappe.db.get_value("Front Desk 6S Inspection", stranger.name, "company"), self.first
		)
		self.assertEqual(frappe.db.get_value("Repair Order State Log", log, "company"), self.second)
		patch.execute()  # idempotent
		self.assertEqual(frappe.db.get_value("Callback", callback, "company"), self.second)
		for doctype in COMPANY_DOCTYPES:
			self.assertFalse(frappe.db.count(doctype, {"company": ("is", "not set")}), doctype)

	def test_patch_follows_every_link_before_asking_the_advisor(self):
		# a complaint filed only against an open issue, by an advisor of the other dealership: the open
		# issue (later in the patch's list) takes its order's company first, the complaint the issue's
		order = make_delivered_repair_order(advisor=make_advisor(self.second))
		issue = frappe.get_doc(
			{
				"doctype": "Customer Open Issue",
				"customer": order.customer,
				"repair_order": order.name,
				"description": "Rattle under the dashboard",
				"promised_date": add_days(nowdate(), 3),
			}
		).insert()
		complaint = frappe.get_doc(
			{
				"doctype": "Service Complaint",
				"level": "Company",
				"complaint_date": nowdate(),
				"customer": order.customer,
				"advisor": make_advisor(self.first),
				"open_issue": issue.name,
				"description": "Still rattling",
			}
		).insert()
		self.assertEqual(complaint.company, self.second)
		appointment = make_appointment(advisor=make_advisor(self.first))
		callback = frappe.get_value("Callback", {"repair_order": order.name}, "name")
		frappe.db.set_value(
			"Service Appointment", appointment.name, "callback", callback, update_modified=False
		)
		for doctype, name in (
			("Service Complaint", complaint.name),
			("Customer Open Issue", issue.name),
			("Service Appointment", appointment.name),
			("Callback", callback),
		):
			frappe.db.set_value(doctype, name, "company", None, update_modified=False)
		patch.execute()
		self.assertEqual(frappe.db.get_value("Customer Open Issue", issue.name, "company"), self.second)
		self.assertEqual(frappe.db.get_value("Service Complaint", complaint.name, "company"), self.second)
		self.assertEqual(frappe.db.get_value("Callback", callback, "company"), self.second)
		# the appointment's callback (later in the list) decides over the appointment's advisor
		self.assertEqual(frappe.db.get_value("Service Appointment", appointment.name, "company"), self.second)

	def test_patch_takes_the_order_its_advisor_gave_a_company_to(self):
		# an order with no company nor source gets its advisor's; its state log and add-on follow the order,
		# not their own advisor
		order = advance(
			make_repair_order(advisor=make_advisor(self.second)), "Check In", "Authorise", "Start Repair"
		)
		add_on = make_add_on(order.name)
		frappe.db.set_value(
			"Add-on Item", add_on.name, "advisor", make_advisor(self.first), update_modified=False
		)
		logs = frappe.get_all("Repair Order State Log", {"repair_order": order.name}, pluck="name")
		self.assertTrue(logs)
		frappe.db.set_value("Repair Order", order.name, "company", None, update_modified=False)
		frappe.db.set_value("Add-on Item", add_on.name, "company", None, update_modified=False)
		for log in logs:
			frappe.db.set_value("Repair Order State Log", log, "company", "", update_modified=False)
		patch.execute()
		self.assertEqual(frappe.db.get_value("Repair Order", order.name, "company"), self.second)
		self.assertEqual(frappe.db.get_value("Add-on Item", add_on.name, "company"), self.second)
		for log in logs:
			self.assertEqual(frappe.db.get_value("Repair Order State Log", log, "company"), self.second)

	def test_patch_gives_an_open_issue_without_order_its_responsible_persons_company(self):
		issue = frappe.get_doc(
			{
				"doctype": "Customer Open Issue",
				"customer": make_customer().name,
				"responsible_person": make_advisor(self.second),
				"description": "Rattle under the dashboard",
				"promised_date": add_days(nowdate(), 3),
			}
		).insert()
		frappe.db.set_value("Customer Open Issue", issue.name, "company", None, update_modified=False)
		patch.execute()
		self.assertEqual(frappe.db.get_value("Customer Open Issue", issue.name, "company"), self.second)

	def test_patch_without_a_settings_company_takes_the_sites_default_else_leaves_the_row(self):
		stranger = make_inspection(advisor=make_user(roles=("Service Advisor",)).name)
		frappe.db.set_value("Front Desk 6S Inspection", stranger.name, "company", None, update_modified=False)
		frappe.db.set_single_value("Service Advisor Settings", "company", "")
		frappe.db.set_single_value("Global Defaults", "default_company", self.second)
		patch.execute()
		self.assertEqual(
			frappe.db.get_value("Front Desk 6S Inspection", stranger.name, "company"), self.second
		)
		# no company anywhere and several on the site: the row is left as it was, nothing fails
		frappe.db.set_value("Front Desk 6S Inspection", stranger.name, "company", None, update_modified=False)
		frappe.db.set_single_value("Global Defaults", "default_company", "")
		self.assertGreater(frappe.db.count("Company"), 1)
		self.assertIsNone(patch.fallback_company())
		patch.execute()
		self.assertFalse(frappe.db.get_value("Front Desk 6S Inspection", stranger.name, "company"))

	def test_patch_is_listed_after_the_model_sync(self):
		from frappe.modules.patch_handler import PatchType, get_patches_from_app

		self.assertIn(
			"service_advisor.patches.v0_1.set_company",
			get_patches_from_app("service_advisor", PatchType.post_model_sync),
		)
