# Copyright (c) 2026, service_advisor developers
# For license information, please see license.txt

"""Issue 29: complaints with a cause and a verdict. Only upheld complaints attributed to the advisor, for
the advisor's attitude, explanation or timeliness (assessment rule 4: company -100, manufacturer -200) or
an open issue not handled in time (rule 3: -100), cost the advisor the fine, 6S item 36 (5 points each)
and a count toward the deposit (2例以上). The scorecard lists the others with why. Only a Service Manager
sets the cause, the attribution and the verdict; the advisor the complaint concerns records its handling.
"""

import frappe
from frappe.model.workflow import apply_workflow
from frappe.utils import add_days, getdate, nowdate

from service_advisor.api.followup import log_callback_attempt, record_complaint_handling
from service_advisor.api.settlement import make_sales_invoice
from service_advisor.domain import complaints as C
from service_advisor.exceptions import (
	ComplaintVerdictError,
	ComplaintVerdictRightsError,
	OwnPayError,
)
from service_advisor.services import scorecard
from service_advisor.testing.case import ServiceAdvisorTestCase
from service_advisor.testing.factories import (
	ERPNEXT_TEST_IGNORE,
	decide_complaint,
	make_complaint,
	make_customer,
	make_delivered_repair_order,
	make_inspection,
	make_user,
	set_settings,
)

test_ignore = ERPNEXT_TEST_IGNORE

TODAY = getdate(nowdate())
MONTH = f"{TODAY.year:04d}-{TODAY.month:02d}"


def as_user(user, fn, *args, **kwargs):
	frappe.set_user(user)
	try:
		return fn(*args, **kwargs)
	finally:
		frappe.set_user("Administrator")


class ComplaintCase(ServiceAdvisorTestCase):
	def setUp(self):
		super().setUp()
		set_settings(
			labour_commission_rate=10, parts_commission_rate=0, commission_deposit=500, callback_agent=None
		)
		self.advisor = make_user(roles=("Service Advisor",)).name
		self.other = make_user(roles=("Service Advisor",)).name
		self.manager = make_user(roles=("Service Manager",)).name
		self.agent = make_user(roles=("Customer Service Agent",)).name
		self.station = make_user(roles=("Station Manager",)).name

	def recorded(self, level="Company", advisor=None, **args):
		"""A complaint as customer service records it: no cause, no attribution, no verdict."""
		return as_user(
			self.agent, make_complaint, advisor or self.advisor, level, verdict=None, description="x", **args
		)

	def card(self, advisor=None):
		frappe.set_user(self.manager)
		try:
			scorecard.generate_scorecards(MONTH, [advisor or self.advisor])
		finally:
			frappe.set_user("Administrator")
		return frappe.get_doc(
			"Advisor Scorecard",
			{"advisor": advisor or self.advisor, "month": MONTH, "docstatus": ("<", 2)},
		)


class TestComplaintMonth(ComplaintCase):
	def test_every_cause_and_verdict_exact_to_the_cent(self):
		make_inspection(advisor=self.advisor, inspector=self.manager, ratings={1: "Minor"})
		order = make_delivered_repair_order(
			advisor=self.advisor, items=[{"qty": 1, "rate": 1000, "item_type": "Labour"}]
		)
		for name in make_sales_invoice(order.name):
			frappe.get_doc("Sales Invoice", name).submit()
		issue = frappe.get_doc(
			{
				"doctype": "Customer Open Issue",
				"customer": make_customer().name,
				"description": "Roof rack not arrived",
				"promised_date": add_days(TODAY, -3),
			}
		).insert()
		m = self.manager
		c1 = decide_complaint(self.recorded("Company").name, m, cause=C.ATTITUDE)
		c2 = decide_complaint(self.recorded("Manufacturer").name, m, cause=C.TIMELINESS)
		c3 = decide_complaint(self.recorded("Company", open_issue=issue.name).name, m, cause=C.OPEN_ISSUE)
		c4 = decide_complaint(self.recorded("Manufacturer").name, m, cause=C.WORKSHOP, attributed=0)
		c5 = decide_complaint(self.recorded("Company").name, m, cause=C.PRICE, attributed=0)
		c6 = decide_complaint(
			self.recorded("Manufacturer").name,
			m,
			cause=C.EXPLANATION,
			verdict=C.NOT_UPHELD,
			verdict_reason="The recording shows every item explained",
		)
		c7 = self.recorded("Company")  # awaiting the verdict
		c8 = decide_complaint(self.recorded("Company").name, m, cause=C.ATTITUDE, attributed=0)
		nobody = as_user(self.agent, make_complaint, None, "Manufacturer", description="Parts late")
		decide_complaint(nobody.name, m, cause=C.PARTS, attributed=0)
		self.assertEqual(c3.from_overdue_issue, 1)
		self.assertEqual((c1.verdict_by, bool(c1.verdict_on), c1.verdict_from_upgrade), (m, True, 0))

		card = self.card()
		# by hand: base 1000 x 10 % = 100; 6S 100 - 1 (item 1 minor) - 3 counted x 5 = 84 %;
		# fines 100 (company, attitude) + 200 (manufacturer, timeliness) + max(100, 100) (open issue);
		# 3 complaints >= 2: the deposit 500
		self.assertEqual(
			(card.score, card.complaint_count, card.base_commission, card.penalties, card.deposit),
			(84, 3, 100, 400, 500),
		)
		self.assertEqual(card.payable, round(100 * 0.84 - 400 - 500, 2))  # -816
		self.assertEqual(card.payable, -816)
		self.assertEqual(
			[(l.reference_name, l.amount) for l in card.lines if l.line_type == "Complaint"],
			[(c1.name, -100), (c2.name, -200), (c3.name, -100)],
		)
		self.assertEqual(
			[(l.reference_name, l.description) for l in card.lines if l.line_type == "Complaint Not Counted"],
			[
				(c4.name, "not counted: cause Workshop Quality is not the advisor's"),
				(c5.name, "not counted: cause Price is not the advisor's"),
				(c6.name, "not counted: not upheld (The recording shows every item explained)"),
				(c7.name, "not counted: no verdict yet"),
				(c8.name, "not counted: not attributed to the advisor"),
			],
		)
		deposit_sources = [
			s.reference_name
			for s in card.sources
			if card.lines[s.line_no - 1].line_type == "Deposit Forfeited"
		]
		self.assertEqual(deposit_sources, [c1.name, c2.name, c3.name])

		# the manager upholds the pending one: a fourth complaint, 100 more and 5 points off
		decide_complaint(c7.name, m, cause=C.EXPLANATION)
		card = self.card()
		self.assertEqual((card.score, card.complaint_count, card.penalties), (79, 4, 500))
		self.assertEqual(card.payable, round(100 * 0.79 - 500 - 500, 2))  # -921

	def test_a_callback_complaint_states_the_cause_and_waits_for_the_verdict(self):
		order = make_delivered_repair_order(advisor=self.advisor)
		callback = frappe.db.get_value("Callback", {"repair_order": order.name}, "name")
		as_user(
			self.agent,
			log_callback_attempt,
			callback,
			1,
			"Rude at the desk",
			attitude="Dissatisfied",
			explanation="Satisfied",
			timeliness="Neutral",
		)
		name = frappe.db.get_value("Callback", callback, "service_complaint")
		complaint = frappe.get_doc("Service Complaint", name)
		self.assertEqual(
			(complaint.cause, complaint.verdict or None, complaint.attributed, complaint.advisor),
			(C.ATTITUDE, None, 0, self.advisor),
		)
		card = self.card()
		self.assertEqual((card.complaint_count, card.penalties), (0, 0))
		decide_complaint(name, self.manager, cause=C.ATTITUDE, verdict_reason="Customer confirmed")
		self.assertEqual((self.card().complaint_count, self.card().penalties), (1, 100))


class TestWhoDecides(ComplaintCase):
	def test_customer_service_records_but_never_decides(self):
		count = frappe.db.count("Service Complaint")
		for values in (
			{"cause": C.WORKSHOP, "verdict": None},
			{"attributed": 1, "verdict": None},
			{"verdict": C.UPHELD, "verdict_reason": "x", "cause": C.ATTITUDE},
		):
			with self.assertRaises(ComplaintVerdictRightsError, msg=values):
				as_user(self.agent, make_complaint, self.advisor, **values)
		self.assertEqual(frappe.db.count("Service Complaint"), count)
		complaint = self.recorded()
		for field, value in (("cause", C.ATTITUDE), ("attributed", 1), ("verdict", C.UPHELD)):
			with self.assertRaises(ComplaintVerdictRightsError, msg=field):
				as_user(
					self.agent, frappe.client.set_value, "Service Complaint", complaint.name, field, value
				)
		decided = decide_complaint(complaint.name, self.manager)
		with self.assertRaises(ComplaintVerdictRightsError):
			as_user(
				self.agent,
				frappe.client.set_value,
				"Service Complaint",
				complaint.name,
				{"verdict": C.NOT_UPHELD, "verdict_reason": "changed my mind"},
			)
		stored = frappe.db.get_value(
			"Service Complaint", complaint.name, ["cause", "attributed", "verdict", "verdict_by"]
		)
		self.assertEqual(stored, (C.ATTITUDE, 1, C.UPHELD, self.manager))
		self.assertEqual(decided.verdict_by, self.manager)

	def test_the_advisor_station_manager_and_any_advisor_with_more_roles_are_refused(self):
		mine = self.recorded()
		theirs = self.recorded(advisor=self.other)
		for field, value in (("cause", C.WORKSHOP), ("attributed", 1), ("verdict", C.NOT_UPHELD)):
			for user, name in ((self.advisor, mine.name), (self.station, mine.name)):
				with self.assertRaises(frappe.PermissionError, msg=(user, field)):
					as_user(user, frappe.client.set_value, "Service Complaint", name, field, value)
		# an advisor who also answers the phone for customer service: never the verdict, on any complaint
		frappe.get_doc("User", self.advisor).add_roles("Customer Service Agent")
		# (another advisor's row: refused by the write gate or by the verdict's guard, whichever comes first)
		for name, error in ((mine.name, OwnPayError), (theirs.name, frappe.PermissionError)):
			with self.assertRaises(error, msg=name):
				as_user(
					self.advisor,
					frappe.client.set_value,
					"Service Complaint",
					name,
					{"cause": C.WORKSHOP, "verdict": C.NOT_UPHELD, "verdict_reason": "not me"},
				)
		# an advisor who is also a Service Manager decides others' complaints, never their own
		frappe.get_doc("User", self.advisor).add_roles("Service Manager")
		with self.assertRaises(OwnPayError):
			decide_complaint(mine.name, self.advisor, cause=C.WORKSHOP, verdict=C.NOT_UPHELD)
		decide_complaint(theirs.name, self.advisor, cause=C.PRICE, attributed=0)
		for name, verdict in ((mine.name, None), (theirs.name, C.UPHELD)):
			self.assertEqual(frappe.db.get_value("Service Complaint", name, "verdict") or None, verdict)

	def test_a_verdict_needs_a_cause_and_a_reason_and_attribution_an_advisor(self):
		complaint = self.recorded()
		for values in (
			{"cause": None, "verdict": C.UPHELD, "verdict_reason": "x"},
			{"cause": C.ATTITUDE, "verdict": C.UPHELD, "verdict_reason": " "},
			{"cause": C.ATTITUDE, "verdict": "Maybe", "verdict_reason": "x"},
		):
			with self.assertRaises(ComplaintVerdictError, msg=values):
				decide_complaint(complaint.name, self.manager, **values)
		nobody = as_user(self.agent, make_complaint, None, verdict=None)
		with self.assertRaises(ComplaintVerdictError):
			decide_complaint(nobody.name, self.manager, cause=C.PRICE, attributed=1)

	def test_who_decided_is_the_session_user_whatever_is_sent(self):
		complaint = self.recorded()
		doc = frappe.get_doc("Service Complaint", complaint.name)
		doc.update({**frappe._dict(cause=C.ATTITUDE, verdict=C.UPHELD, verdict_reason="ok", attributed=1)})
		doc.verdict_by = self.agent
		doc.verdict_from_upgrade = 1
		as_user(self.manager, doc.save)
		self.assertEqual(
			frappe.db.get_value("Service Complaint", complaint.name, ["verdict_by", "verdict_from_upgrade"]),
			(self.manager, 0),
		)


class TestHandling(ComplaintCase):
	def test_the_advisor_records_progress_and_resolution_of_their_complaint(self):
		complaint = decide_complaint(self.recorded().name, self.manager)
		as_user(
			self.advisor,
			record_complaint_handling,
			complaint.name,
			progress="Called the customer, apologised",
			customer_informed=1,
		)
		status = as_user(
			self.advisor,
			record_complaint_handling,
			complaint.name,
			progress="Free wash offered",
			resolution="Apologised; free wash",
			resolved=1,
		)
		self.assertEqual(status, "Resolved")
		doc = frappe.get_doc("Service Complaint", complaint.name)
		lines = doc.progress.split("\n")
		self.assertEqual(len(lines), 2)
		self.assertTrue(
			lines[0].endswith(f"{self.advisor}: Called the customer, apologised (customer informed)")
		)
		self.assertTrue(lines[1].endswith(f"{self.advisor}: Free wash offered"))
		self.assertEqual((doc.resolution, doc.resolved_on), ("Apologised; free wash", TODAY))
		# the handling never touched the verdict
		self.assertEqual(
			(doc.cause, doc.verdict, doc.attributed, doc.verdict_by), (C.ATTITUDE, C.UPHELD, 1, self.manager)
		)

	def test_handling_is_refused_to_other_advisors_and_read_only_roles(self):
		complaint = self.recorded()
		for user in (self.other, self.station):
			with self.assertRaises(frappe.PermissionError, msg=user):
				as_user(user, record_complaint_handling, complaint.name, progress="not mine")
		self.assertIsNone(frappe.db.get_value("Service Complaint", complaint.name, "progress"))
		# customer service and the manager record handling too
		as_user(self.agent, record_complaint_handling, complaint.name, progress="Passed to the advisor")
		self.assertIn(
			"Passed to the advisor", frappe.db.get_value("Service Complaint", complaint.name, "progress")
		)

	def test_the_advisor_cannot_change_anything_else_of_their_complaint(self):
		complaint = self.recorded()
		frappe.get_doc("User", self.advisor).add_roles("Customer Service Agent")  # write on the doctype
		for field, value, error in (
			("level", "Manufacturer", OwnPayError),
			("description", "y", OwnPayError),
			("advisor", self.other, frappe.PermissionError),  # an owner field: a manager's (permissions.py)
		):
			with self.assertRaises(error, msg=field):
				as_user(
					self.advisor, frappe.client.set_value, "Service Complaint", complaint.name, field, value
				)
		as_user(
			self.advisor,
			frappe.client.set_value,
			"Service Complaint",
			complaint.name,
			"resolution",
			"Apologised",
		)
		self.assertEqual(frappe.db.get_value("Service Complaint", complaint.name, "resolution"), "Apologised")
		with self.assertRaises(frappe.PermissionError):
			as_user(self.advisor, frappe.client.delete, "Service Complaint", complaint.name)
		self.assertTrue(frappe.db.exists("Service Complaint", complaint.name))


class TestLateVerdict(ComplaintCase):
	def test_a_verdict_after_approval_flags_the_card_and_amending_corrects_it(self):
		make_inspection(advisor=self.advisor, inspector=self.manager)
		upheld = decide_complaint(self.recorded("Manufacturer").name, self.manager, cause=C.TIMELINESS)
		pending = self.recorded("Company")
		name = self.card().name
		self.assertEqual(frappe.db.get_value("Advisor Scorecard", name, "payable"), -200)
		gm = make_user(roles=("General Manager",)).name
		for user, action in (
			(self.manager, "Send for Acknowledgement"),
			(self.advisor, "Acknowledge"),
			(self.station, "Approve"),
			(gm, "Approve"),
		):
			as_user(user, lambda a=action: apply_workflow(frappe.get_doc("Advisor Scorecard", name), a))
		# the pending complaint is upheld after approval; the upheld one is found unfounded
		decide_complaint(pending.name, self.manager, cause=C.ATTITUDE)
		flagged = frappe.get_doc("Advisor Scorecard", name)
		self.assertEqual((flagged.docstatus, flagged.inputs_changed, flagged.payable), (1, 1, -200))
		self.assertIn("Payable: -200 -> -800", flagged.inputs_difference)  # 200 + 100 + the deposit 500
		decide_complaint(
			upheld.name, self.manager, cause=C.TIMELINESS, verdict=C.NOT_UPHELD, verdict_reason="x"
		)
		flagged.reload()
		self.assertIn("Payable: -200 -> -100", flagged.inputs_difference)
		as_user(gm, lambda: frappe.get_doc("Advisor Scorecard", name).cancel())
		amended = self.card()
		self.assertEqual((amended.amended_from, amended.complaint_count, amended.payable), (name, 1, -100))


class TestUpgradePatch(ComplaintCase):
	def test_complaints_recorded_before_verdicts_keep_their_scorecard_figures(self):
		from service_advisor.patches.v0_1 import set_complaint_verdicts

		make_inspection(advisor=self.advisor, inspector=self.manager)
		issue = frappe.get_doc(
			{
				"doctype": "Customer Open Issue",
				"customer": make_customer().name,
				"description": "Part on order",
				"promised_date": add_days(TODAY, -3),
			}
		).insert()
		order = make_delivered_repair_order(advisor=self.advisor)
		callback = frappe.db.get_value("Callback", {"repair_order": order.name}, "name")
		as_user(
			self.agent,
			log_callback_attempt,
			callback,
			1,
			"Slow",
			attitude="Satisfied",
			explanation="Neutral",
			timeliness="Dissatisfied",
		)
		from_callback = frappe.db.get_value("Callback", callback, "service_complaint")
		plain = self.recorded("Manufacturer").name
		overdue = self.recorded("Manufacturer", open_issue=issue.name).name
		decided = decide_complaint(self.recorded("Company").name, self.manager, cause=C.PRICE, attributed=0)
		# as the rows stood before causes and verdicts: every complaint naming the advisor counted
		legacy = (from_callback, plain, overdue)
		for name in legacy:
			frappe.db.set_value(
				"Service Complaint",
				name,
				{"cause": None, "verdict": None, "verdict_reason": None, "attributed": 0},
				update_modified=False,
			)
		set_complaint_verdicts.execute()
		rows = {
			r.name: (r.cause, r.verdict, r.attributed, r.verdict_from_upgrade)
			for r in frappe.get_all(
				"Service Complaint",
				filters={"name": ("in", [*legacy, decided.name])},
				fields=["name", "cause", "verdict", "attributed", "verdict_from_upgrade"],
			)
		}
		self.assertEqual(
			rows,
			{
				from_callback: (C.TIMELINESS, C.UPHELD, 1, 1),
				plain: (C.ADVISOR_SERVICE, C.UPHELD, 1, 1),
				overdue: (C.OPEN_ISSUE, C.UPHELD, 1, 1),
				decided.name: (C.PRICE, C.UPHELD, 0, 0),  # already decided: untouched
			},
		)
		# the figures the scorecard gave them: 100 + 200 + max(200, 100); 100 - 3 x 5; deposit 500
		card = self.card()
		self.assertEqual(
			(card.score, card.complaint_count, card.penalties, card.deposit, card.payable),
			(85, 3, 500, 500, -1000),
		)
		set_complaint_verdicts.execute()  # again: nothing changes
		self.assertEqual(self.card().payable, -1000)
