"""The demo site of scripts/setup (scale/demo.py): fiscal years for the data's years, a login per role."""

import frappe
from frappe.utils import getdate, nowdate
from frappe.utils.password import check_password

from service_advisor.domain import roles as R
from service_advisor.scale import demo
from service_advisor.testing.case import ServiceAdvisorTestCase
from service_advisor.testing.factories import make_repair_order, make_user

PASSWORD = "Demo-Login#2026"


def covered(day: str) -> bool:
	return bool(
		frappe.db.get_value("Fiscal Year", {"year_start_date": ("<=", day), "year_end_date": (">=", day)})
	)


class TestDemoSite(ServiceAdvisorTestCase):
	def test_fiscal_year_for_every_year_of_the_data_and_this_year(self):
		old_year = getdate(nowdate()).year - 7
		order = make_repair_order()
		frappe.db.set_value(
			"Repair Order", order.name, "arrival_time", f"{old_year}-06-01 10:00:00", update_modified=False
		)
		# the years between get one too (the data's span holds days of each)
		self.assertEqual(demo.data_years().start, old_year)
		demo.make_fiscal_years()
		for year in demo.data_years():
			self.assertTrue(covered(f"{year}-01-01") and covered(f"{year}-12-31"), year)
		self.assertTrue(covered(nowdate()))
		count = frappe.db.count("Fiscal Year")
		demo.make_fiscal_years()
		self.assertEqual(frappe.db.count("Fiscal Year"), count)

	def test_a_login_per_role_with_the_password(self):
		rows = demo.ensure_demo_users(PASSWORD)
		self.assertEqual({role for _u, role in rows}, {*R.ROLES, R.ACCOUNTS_USER})
		for user, role in rows:
			self.assertIn(role, frappe.get_roles(user))
			self.assertEqual(check_password(user, PASSWORD), user)
		# a second run keeps the users and gives them the password again
		self.assertEqual(demo.ensure_demo_users(PASSWORD + "2"), rows)
		self.assertEqual(check_password(rows[0][0], PASSWORD + "2"), rows[0][0])

	def test_the_advisor_login_is_the_generated_advisor_of_the_orders(self):
		make_user(demo.GENERATED_ADVISOR, roles=[R.SERVICE_ADVISOR])
		rows = dict((role, user) for user, role in demo.ensure_demo_users(PASSWORD))
		self.assertEqual(rows[R.SERVICE_ADVISOR], demo.GENERATED_ADVISOR)
		self.assertTrue(rows[R.SERVICE_MANAGER].endswith(f"@{demo.DEMO_DOMAIN}"))
