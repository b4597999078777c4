# Copyright (c) 2026, service_advisor developers
# For license information, please see license.txt

import frappe
from frappe.utils import add_days, getdate, nowdate

from service_advisor.exceptions import ResolutionRequiredError
from service_advisor.services import followup
from service_advisor.testing.case import ServiceAdvisorTestCase
from service_advisor.testing.factories import ERPNEXT_TEST_IGNORE, make_customer, role_user

test_ignore = ERPNEXT_TEST_IGNORE

TODAY = getdate(nowdate())


def make_issue(promised_date, **args):
	return frappe.get_doc(
		{
			"doctype": "Customer Open Issue",
			"customer": args.get("customer") or make_customer().name,
			"description": args.get("description", "Ordered a roof rack, not yet arrived"),
			"promised_date": promised_date,
			"responsible_person": args.get("responsible_person"),
		}
	).insert()


def make_complaint(**args):
	return frappe.get_doc(
		{
			"doctype": "Service Complaint",
			"level": args.get("level", "Company"),
			"complaint_date": args.get("complaint_date", TODAY),
			"customer": args.get("customer") or make_customer().name,
			"advisor": args.get("advisor") or role_user("Service Advisor").name,
			"open_issue": args.get("open_issue"),
			"description": "Nobody called me back",
			"status": args.get("status", "Open"),
			"resolution": args.get("resolution"),
		}
	).insert()


class TestOpenIssues(ServiceAdvisorTestCase):
	def test_overdue_issue_escalated_once_to_managers_with_todos(self):
		manager = role_user("Service Manager").name
		owner = role_user("Service Advisor").name
		issue = make_issue(add_days(TODAY, -1), responsible_person=owner)
		on_time = make_issue(TODAY, responsible_person=owner)
		escalated = followup.escalate_overdue_issues()
		self.assertIn(issue.name, escalated)
		self.assertNotIn(on_time.name, escalated)
		self.assertEqual(frappe.db.get_value("Customer Open Issue", issue.name, "escalated"), 1)
		for user in (manager, owner):
			self.assertEqual(
				frappe.db.count(
					"ToDo", {"reference_name": issue.name, "allocated_to": user, "status": "Open"}
				),
				1,
			)
		# safe to run twice
		self.assertNotIn(issue.name, followup.escalate_overdue_issues())
		self.assertEqual(frappe.db.count("ToDo", {"reference_name": issue.name, "allocated_to": manager}), 1)

	def test_resolved_issue_not_escalated(self):
		issue = make_issue(add_days(TODAY, -5))
		issue.status = "Resolved"
		issue.resolution = "Part fitted"
		issue.save()
		self.assertNotIn(issue.name, followup.escalate_overdue_issues())

	def test_resolution_required(self):
		issue = make_issue(TODAY)
		issue.status = "Resolved"
		with self.assertRaises(ResolutionRequiredError):
			issue.save()

	def test_owner_defaults_to_first_responsible_person(self):
		advisor = role_user("Service Advisor").name
		customer = make_customer().name
		frappe.db.set_value("Customer", customer, "sa_first_responsible_person", advisor)
		self.assertEqual(make_issue(TODAY, customer=customer).responsible_person, advisor)


class TestComplaintsAndPraise(ServiceAdvisorTestCase):
	def test_complaint_from_an_overdue_issue_is_marked(self):
		issue = make_issue(add_days(TODAY, -2))
		complaint = make_complaint(open_issue=issue.name, customer=issue.customer)
		self.assertEqual(complaint.from_overdue_issue, 1)

	def test_complaint_linked_to_an_issue_still_in_time_is_not_marked(self):
		issue = make_issue(add_days(TODAY, 2))
		self.assertEqual(make_complaint(open_issue=issue.name, customer=issue.customer).from_overdue_issue, 0)

	def test_closing_needs_a_resolution(self):
		with self.assertRaises(ResolutionRequiredError):
			make_complaint(status="Closed")
		complaint = make_complaint(status="Resolved", resolution="Apologised; free wash")
		self.assertEqual(getdate(complaint.resolved_on), TODAY)

	def test_letter_commendation(self):
		advisor = role_user("Service Advisor").name
		doc = frappe.get_doc(
			{"doctype": "Commendation", "advisor": advisor, "source": "Banner", "sent_to_manufacturer": 1}
		).insert()
		self.assertEqual(
			(doc.source, doc.sent_to_manufacturer, getdate(doc.commendation_date)), ("Banner", 1, TODAY)
		)

	def test_advisor_cannot_file_complaints_against_themselves(self):
		frappe.set_user(role_user("Service Advisor").name)
		with self.assertRaises(frappe.PermissionError):
			make_complaint()
