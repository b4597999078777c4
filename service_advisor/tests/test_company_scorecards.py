"""Scorecards in a dealer group: one per advisor, month and company; "most praised" and "most CSI full
marks" are won within the advisor's company; the same data for one company alone gives the same figures."""

import frappe
from frappe.utils import nowdate

from service_advisor.service_advisor.report.commission_statement import commission_statement
from service_advisor.service_advisor.report.monthly_advisor_assessment import monthly_advisor_assessment
from service_advisor.services.scorecard import check_late_inputs, gather_companies, generate_scorecards
from service_advisor.testing.case import ServiceAdvisorTestCase
from service_advisor.testing.factories import company, make_company, make_employee, make_user
from service_advisor.tests.test_reports import counting_queries

SECOND = "SA Second Motors"
MONTH = nowdate()[:7]


def make_advisor(dealership: str) -> str:
	user = make_user(roles=("Service Advisor",)).name
	make_employee(user, company=dealership)
	return user


def praise(advisor: str, times: int):
	for _ in range(times):
		frappe.get_doc(
			{
				"doctype": "Commendation",
				"advisor": advisor,
				"source": "Callback",
				"commendation_date": nowdate(),
				"description": "Friendly and clear",
			}
		).insert()


def full_marks(advisor: str, count: int):
	frappe.get_doc(
		{
			"doctype": "CSI Result",
			"advisor": advisor,
			"period": MONTH,
			"survey_item": "Explanation of the work and its cost",  # a shipped item (its English wording)
			"advisor_score": 10,
			"national_average": 8,
			"full_mark_count": count,
		}
	).insert()


class TestCompanyScorecards(ServiceAdvisorTestCase):
	def setUp(self):
		super().setUp()
		self.first, self.second = company(), make_company(SECOND, "SASM")
		self.a1 = make_advisor(self.first)
		self.b1, self.b2 = make_advisor(self.second), make_advisor(self.second)
		praise(self.a1, 1)
		full_marks(self.a1, 1)
		praise(self.b1, 3)  # the group's most praised and most full marks
		full_marks(self.b1, 5)
		praise(self.b2, 1)
		full_marks(self.b2, 0)

	def rewards(self, names):
		cards = frappe.get_all(
			"Advisor Scorecard",
			filters={"name": ("in", names)},
			fields=["advisor", "company", "rewards"],
		)
		return {c.advisor: (c.company, float(c.rewards)) for c in cards}

	def test_scorecards_per_company_with_rankings_within_it(self):
		out = generate_scorecards(MONTH, [self.a1, self.b1, self.b2])
		# a1 is the first company's most praised (200) and most full marks (100); b2 wins nothing
		self.assertEqual(
			self.rewards(out["created"]),
			{
				self.a1: (self.first, 300.0),
				self.b1: (self.second, 300.0),
				self.b2: (self.second, 0.0),
			},
		)
		card = frappe.get_doc("Advisor Scorecard", {"advisor": self.a1, "month": MONTH})
		self.assertEqual(card.company, self.first)
		self.assertEqual(sorted(float(l.amount) for l in card.lines if float(l.amount) > 0), [100.0, 200.0])
		again = generate_scorecards(MONTH, [self.a1, self.b1, self.b2])  # idempotent per company
		self.assertEqual(again["created"], [])
		self.assertEqual(len(again["unchanged"]), 3)

	def test_one_company_alone_gives_the_same_figures(self):
		group = self.rewards(generate_scorecards(MONTH, [self.a1, self.b1, self.b2])["created"])
		frappe.db.rollback(save_point="sa_test")
		frappe.db.savepoint("sa_test")
		# the same data of the second company, with no first company at all
		second = make_company(SECOND, "SASM")
		b1, b2 = make_advisor(second), make_advisor(second)
		praise(b1, 3)
		full_marks(b1, 5)
		praise(b2, 1)
		full_marks(b2, 0)
		alone = self.rewards(generate_scorecards(MONTH, [b1, b2])["created"])
		self.assertEqual(alone[b1], group[self.b1])
		self.assertEqual(alone[b2], group[self.b2])

	def test_assessment_and_commission_reports_per_company(self):
		rows = monthly_advisor_assessment.execute(frappe._dict(month=MONTH, company=self.second))[1]
		self.assertEqual({r["company"] for r in rows}, {self.second})
		ours = {r["advisor"]: r for r in rows if r["advisor"] in (self.b1, self.b2)}
		self.assertEqual((ours[self.b1]["rewards"], ours[self.b2]["rewards"]), (300.0, 0.0))
		self.assertNotIn(self.a1, {r["advisor"] for r in rows})
		group = monthly_advisor_assessment.execute(frappe._dict(month=MONTH))[1]
		mine = {r["advisor"]: r for r in group if r["advisor"] in (self.a1, self.b1, self.b2)}
		self.assertEqual(mine[self.a1]["company"], self.first)
		self.assertEqual(mine[self.a1]["rewards"], 300.0)  # not beaten by b1 of the other company
		self.assertEqual(mine[self.b1], ours[self.b1])  # the group run gives the company's figures
		commission = commission_statement.execute(frappe._dict(month=MONTH, company=self.first))
		self.assertEqual(commission[0][0]["fieldname"], "company")
		self.assertEqual({r["company"] for r in commission[1]}, {self.first})

	def test_the_group_is_gathered_in_one_set_of_queries_whatever_the_number_of_companies(self):
		one_company, two_companies = [], []
		with counting_queries(one_company):
			one = gather_companies(MONTH, [self.second])
		with counting_queries(two_companies):
			both = gather_companies(MONTH, [self.first, self.second])
		self.assertEqual(len(two_companies), len(one_company))
		self.assertEqual(both[self.second][1], one[self.second][1])  # most praised: b1, within its company
		self.assertEqual(both[self.second][1], {self.b1})
		self.assertEqual(both[self.first][1], {self.a1})
		self.assertEqual(both[self.first][2], {self.a1})  # most full marks of the first company

	def test_a_user_restricted_to_one_company_gets_only_its_assessment(self):
		manager = make_user(roles=("Service Manager",)).name
		frappe.get_doc(
			{"doctype": "User Permission", "user": manager, "allow": "Company", "for_value": self.first}
		).insert(ignore_permissions=True)
		frappe.set_user(manager)
		rows = monthly_advisor_assessment.execute(frappe._dict(month=MONTH))[1]
		self.assertEqual({r["company"] for r in rows}, {self.first})
		with self.assertRaises(frappe.PermissionError):
			monthly_advisor_assessment.execute(frappe._dict(month=MONTH, company=self.second))

	def test_a_card_is_checked_against_its_own_dealership_after_the_advisor_moved(self):
		"""The card of the old dealership keeps its figures: the late-input check and the form's
		difference use the card's company, not the advisor's company now."""
		(name,) = generate_scorecards(MONTH, [self.b1])["created"]
		card = frappe.get_doc("Advisor Scorecard", name)
		self.assertEqual((card.company, float(card.rewards)), (self.second, 300.0))
		card.db_set("workflow_state", "Pending Advisor Acknowledgement")
		employee = frappe.db.get_value("Employee", {"user_id": self.b1}, "name")
		frappe.db.set_value("Employee", employee, "company", self.first)  # moved to the first dealership
		card = frappe.get_doc("Advisor Scorecard", name)
		card.run_method("onload")
		self.assertEqual(card.get_onload().get("inputs_difference"), "")
		self.assertEqual(check_late_inputs(self.b1, nowdate()), [])
		card.reload()
		self.assertEqual((card.inputs_changed, float(card.rewards)), (0, 300.0))
