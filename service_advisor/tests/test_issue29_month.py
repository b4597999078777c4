# Copyright (c) 2026, service_advisor developers
# For license information, please see license.txt

"""Issue 29, "done when": a month on the bench for two dealerships of the group. Complaints of every cause
and verdict, CSI rows of advisor, workshop and facility items, customer service's surveys routed to each
dealership's own pool, the advisors' next-day care calls logged by the advisors themselves. Every
scorecard equals, to the cent, the figure computed here by hand from the rules' words:

- rule 4 (客服电话回访调查客户对服务顾问服务的态度、解释和及时性表示为不满意): company complaint -100,
  manufacturer -200; rule 3 (客户遗留问题或需求未及时处理或沟通不及时,造成客户投诉): -100; only upheld
  complaints attributed to the advisor count, for the fine, 6S item 36 (5 points each) and 2例以上 (deposit);
- rule 5: the most praised in the dealership's callbacks +200; rule 6: each advisor item (服务顾问项目)
  below the national average -100, the most full marks +100;
- commission = base x the month's 6S score %."""

import frappe
from frappe.utils import add_days, getdate, nowdate

from service_advisor.api.followup import book_from_callback, log_callback_attempt
from service_advisor.api.settlement import make_sales_invoice
from service_advisor.domain import complaints as C
from service_advisor.services import csi, scorecard
from service_advisor.testing.case import ServiceAdvisorTestCase
from service_advisor.testing.factories import (
	ERPNEXT_TEST_IGNORE,
	company,
	decide_complaint,
	make_company,
	make_complaint,
	make_customer,
	make_delivered_repair_order,
	make_employee,
	make_inspection,
	make_user,
	make_vehicle,
	set_settings,
)
from service_advisor.tests.test_csi_items import HEADER, excel

test_ignore = ERPNEXT_TEST_IGNORE

TODAY = getdate(nowdate())
MONTH = f"{TODAY.year:04d}-{TODAY.month:02d}"
SATISFIED = {"attitude": "Satisfied", "explanation": "Satisfied", "timeliness": "Satisfied"}


def labour(*rates: float) -> list[dict]:
	return [{"qty": 1, "rate": rate, "item_type": "Labour"} for rate in rates]


def as_user(user, fn, *args, **kwargs):
	frappe.set_user(user)
	try:
		return fn(*args, **kwargs)
	finally:
		frappe.set_user("Administrator")


class TestIssue29Month(ServiceAdvisorTestCase):
	def setUp(self):
		super().setUp()
		set_settings(
			labour_commission_rate=10, parts_commission_rate=0, commission_deposit=500, callback_agent=None
		)
		self.manager = make_user(roles=("Service Manager",)).name
		self.staff = {}
		for key, dealership in (("one", company()), ("two", make_company("SA Second Motors", "SASM"))):
			people = {"company": dealership}
			for role, name in (("Service Advisor", "advisor"), ("Customer Service Agent", "agent")):
				user = make_user(roles=(role,)).name
				make_employee(user, company=dealership)
				people[name] = user
			self.staff[key] = frappe._dict(people)

	def settle(self, order):
		for name in make_sales_invoice(order.name):
			frappe.get_doc("Sales Invoice", name).submit()

	def calls(self, order) -> dict:
		return {
			row.callback_type: row
			for row in frappe.get_all(
				"Callback", {"repair_order": order.name}, ["name", "callback_type", "assigned_to"]
			)
		}

	def test_a_month_for_two_dealerships_exact_to_the_cent(self):
		one, two = self.staff["one"], self.staff["two"]
		m = self.manager

		# ---- dealership one: advisor A1, customer service C1
		make_inspection(advisor=one.advisor, inspector=m, ratings={1: "Minor"})  # 1 point
		order = make_delivered_repair_order(advisor=one.advisor, items=labour(100, 100, 100, 100, 100))
		self.settle(order)  # labour 500
		calls = self.calls(order)
		self.assertEqual(calls["After Service"].assigned_to, one.agent)  # its own pool
		self.assertEqual(calls["Care Call"].assigned_to, one.advisor)  # 5 items: the next-day call
		as_user(one.advisor, log_callback_attempt, calls["Care Call"].name, 1, "All fine", fault_fixed="Yes")
		as_user(
			one.agent,
			log_callback_attempt,
			calls["After Service"].name,
			1,
			"Rude at the desk",
			attitude="Dissatisfied",
			explanation="Satisfied",
			timeliness="Satisfied",
		)
		raised = frappe.db.get_value("Callback", calls["After Service"].name, "service_complaint")
		decide_complaint(raised, m, cause=C.ATTITUDE, verdict_reason="Confirmed on the recording")  # -100
		workshop = as_user(one.agent, make_complaint, one.advisor, "Manufacturer", verdict=None)
		decide_complaint(workshop.name, m, cause=C.WORKSHOP, attributed=0)  # the workshop's: 0
		price = as_user(one.agent, make_complaint, one.advisor, "Company", verdict=None)
		decide_complaint(price.name, m, cause=C.PRICE, verdict=C.NOT_UPHELD, verdict_reason="List price")
		as_user(
			m,
			csi.import_file,
			excel(
				[
					HEADER,
					(one.advisor, MONTH, "服务顾问的礼貌与态度", 8, 9, 0),  # advisor item below: -100
					(one.advisor, MONTH, "维修质量", 7, 9, 0),  # workshop item below: 0
					(two.advisor, MONTH, "Explanation of the work and its cost", 9.5, 9, 3),  # above, 3 full
					(two.advisor, MONTH, "客户休息区的舒适度", 6, 9, 0),  # facility item below: 0
				]
			),
		)

		# ---- dealership two: advisor A2, customer service C2
		make_inspection(advisor=two.advisor, inspector=m)  # no finding
		vehicle = make_vehicle(customer=make_customer().name).name
		first = make_delivered_repair_order(advisor=two.advisor, items=labour(1000), vehicle=vehicle)
		self.settle(first)
		again = make_delivered_repair_order(
			advisor=two.advisor, items=labour(200), vehicle=vehicle, odometer=12500
		)
		self.settle(again)  # labour 1200 in all
		first_calls, again_calls = self.calls(first), self.calls(again)
		self.assertNotIn("Care Call", first_calls)
		self.assertEqual(
			(again_calls["After Service"].assigned_to, again_calls["Care Call"].assigned_to),
			(two.agent, two.advisor),  # a repeat repair: the advisor calls the next day
		)
		as_user(
			two.advisor,
			log_callback_attempt,
			again_calls["Care Call"].name,
			1,
			"Noise is back",
			fault_fixed="No",
		)
		comeback = as_user(
			two.advisor, book_from_callback, again_calls["Care Call"].name, f"{add_days(TODAY, 2)} 09:00:00"
		)
		self.assertTrue(comeback)
		as_user(
			two.agent,
			log_callback_attempt,
			first_calls["After Service"].name,
			1,
			"",
			praise="Explained every item",
			**SATISFIED,
		)  # the most praised of dealership two: +200
		issue = frappe.get_doc(
			{
				"doctype": "Customer Open Issue",
				"customer": make_customer().name,
				"description": "Roof rack not arrived",
				"promised_date": add_days(TODAY, -3),
				"responsible_person": two.advisor,
				"company": two.company,
			}
		).insert()
		late = as_user(two.agent, make_complaint, two.advisor, "Manufacturer", verdict=None)
		decide_complaint(late.name, m, cause=C.TIMELINESS)  # -200
		overdue = as_user(
			two.agent, make_complaint, two.advisor, "Company", verdict=None, open_issue=issue.name
		)
		decide_complaint(overdue.name, m, cause=C.OPEN_ISSUE)  # -max(100, 100)
		pending = as_user(two.agent, make_complaint, two.advisor, "Company", verdict=None)

		# ---- the month's cards, by hand
		frappe.set_user(m)
		scorecard.generate_scorecards(MONTH, [one.advisor, two.advisor])
		frappe.set_user("Administrator")
		card = {
			key: frappe.get_doc("Advisor Scorecard", {"advisor": self.staff[key].advisor, "month": MONTH})
			for key in ("one", "two")
		}
		# one: base 500 x 10% = 50; 6S 100 - 1 - 1 x 5 = 94 %; fines 100 (attitude) + 100 (CSI);
		# 1 complaint < 2: no deposit
		self.assertEqual(
			(
				card["one"].company,
				card["one"].score,
				card["one"].complaint_count,
				card["one"].base_commission,
			),
			(one.company, 94, 1, 50),
		)
		self.assertEqual((card["one"].rewards, card["one"].penalties, card["one"].deposit), (0, 200, 0))
		self.assertEqual(card["one"].payable, round(50 * 0.94 - 200, 2))  # -153
		self.assertEqual(card["one"].payable, -153)
		# two: base 1200 x 10% = 120; 6S 100 - 2 x 5 = 90 %; praise 200 + most full marks 100;
		# fines 200 (timeliness, manufacturer) + 100 (open issue); 2 complaints (2例以上): deposit 500
		self.assertEqual(
			(
				card["two"].company,
				card["two"].score,
				card["two"].complaint_count,
				card["two"].base_commission,
			),
			(two.company, 90, 2, 120),
		)
		self.assertEqual((card["two"].rewards, card["two"].penalties, card["two"].deposit), (300, 300, 500))
		self.assertEqual(card["two"].payable, round(120 * 0.90 + 300 - 300 - 500, 2))  # -392
		self.assertEqual(card["two"].payable, -392)

		not_counted = {
			key: {
				(l.reference_name, l.description) for l in c.lines if l.line_type == "Complaint Not Counted"
			}
			for key, c in card.items()
		}
		self.assertEqual(
			not_counted,
			{
				"one": {
					(workshop.name, "not counted: cause Workshop Quality is not the advisor's"),
					(price.name, "not counted: not upheld (List price)"),
				},
				"two": {(pending.name, "not counted: no verdict yet")},
			},
		)
		csi_lines = {
			key: sorted((l.description, l.amount) for l in c.lines if l.line_type == "CSI Below Average")
			for key, c in card.items()
		}
		self.assertEqual(
			csi_lines,
			{
				"one": [("服务顾问的礼貌与态度: 8 < 9", -100), ("维修质量: 7 < 9 (not an advisor item)", 0)],
				"two": [("客户休息区的舒适度: 6 < 9 (not an advisor item)", 0)],
			},
		)
		# the care calls are the advisors' and cost nothing; the surveys were customer service's
		for key, order_calls in (("one", calls), ("two", again_calls)):
			attempts = frappe.get_all(
				"Callback Attempt", {"parent": order_calls["Care Call"].name}, pluck="attempted_by"
			)
			self.assertEqual(attempts, [self.staff[key].advisor])
