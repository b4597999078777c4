"""Per-dealership settings (Service Advisor Company Settings): overrides of the site-wide numbers, price
list and warranty payer by vehicle make, read through services.settings and used where each applies."""

import frappe
from frappe.utils import add_days, add_to_date, getdate, now_datetime, nowdate

from service_advisor.api.settlement import make_sales_invoice
from service_advisor.domain.company_settings import OVERRIDABLE
from service_advisor.service_advisor.doctype.service_advisor_settings.service_advisor_settings import (
	InvalidSettingError,
)
from service_advisor.services.scorecard import generate_scorecards
from service_advisor.services.settings import company_setting, warranty_customer
from service_advisor.services.settlement import warranty_customer_of
from service_advisor.testing.case import ServiceAdvisorTestCase
from service_advisor.testing.factories import (
	company,
	make_company,
	make_customer,
	make_delivered_repair_order,
	make_employee,
	make_item,
	make_repair_order,
	make_user,
	make_vehicle,
	set_settings,
)

SECOND = "SA Second Motors"


def company_settings(dealership: str, overrides: dict | None = None, makes: dict | None = None, **fields):
	doc = frappe.get_doc(
		{
			"doctype": "Service Advisor Company Settings",
			"company": dealership,
			"overrides": [{"setting": OVERRIDABLE[f], "value": v} for f, v in (overrides or {}).items()],
			"warranty_makes": [{"make": m, "manufacturer_customer": c} for m, c in (makes or {}).items()],
			**fields,
		}
	)
	return doc.insert()


def make_advisor(dealership: str) -> str:
	user = make_user(roles=("Service Advisor",)).name
	make_employee(user, company=dealership)
	return user


class TestCompanySettings(ServiceAdvisorTestCase):
	def setUp(self):
		super().setUp()
		self.first, self.second = company(), make_company(SECOND, "SASM")

	def test_site_wide_values_unless_the_company_overrides_them(self):
		set_settings(callback_days=3, reward_praise=200, labour_commission_rate=5)
		company_settings(self.second, {"callback_days": 7, "reward_praise": 0})
		self.assertEqual(company_setting("callback_days", self.second), 7)
		self.assertEqual(company_setting("reward_praise", self.second), 0)  # a stored 0 is an override
		self.assertEqual(company_setting("labour_commission_rate", self.second), 5)  # no row: site-wide
		self.assertEqual(company_setting("callback_days", self.first), 3)  # no company settings
		self.assertEqual(company_setting("callback_days", None), 3)

	def test_overrides_follow_the_settings_rules(self):
		cases = (
			({"reward_praise": -1}, None),
			({"labour_commission_rate": 101}, None),
			({"callback_days": 0}, None),
		)
		with self.assertRaises(InvalidSettingError):  # nothing set: not a settings document at all
			company_settings(self.second)
		for overrides, _ in cases:
			with self.subTest(overrides=overrides), self.assertRaises(InvalidSettingError):
				company_settings(self.second, overrides)
		doc = frappe.get_doc(
			{
				"doctype": "Service Advisor Company Settings",
				"company": self.second,
				"overrides": [
					{"setting": OVERRIDABLE["reward_praise"], "value": 1},
					{"setting": OVERRIDABLE["reward_praise"], "value": 2},
				],
			}
		)
		self.assertRaises(InvalidSettingError, doc.insert)
		customer = make_customer().name
		doc = frappe.get_doc(
			{
				"doctype": "Service Advisor Company Settings",
				"company": self.second,
				"warranty_makes": [
					{"make": "Chery", "manufacturer_customer": customer},
					{"make": " chery ", "manufacturer_customer": customer},
				],
			}
		)
		self.assertRaises(InvalidSettingError, doc.insert)
		self.assertFalse(frappe.db.exists("Service Advisor Company Settings", self.second))

	def test_greeting_sla_per_company(self):
		set_settings(greeting_sla_minutes=2)
		company_settings(self.first, {"greeting_sla_minutes": 10})
		arrival = now_datetime()
		late = add_to_date(arrival, minutes=5)
		mine = make_repair_order(advisor=make_advisor(self.first), arrival_time=arrival, greeting_time=late)
		theirs = make_repair_order(
			advisor=make_advisor(self.second), arrival_time=arrival, greeting_time=late
		)
		self.assertEqual((mine.company, mine.greeting_sla_breached), (self.first, 0))
		self.assertEqual((theirs.company, theirs.greeting_sla_breached), (self.second, 1))

	def test_callback_days_per_company(self):
		set_settings(callback_days=3)
		company_settings(self.first, {"callback_days": 6})
		order = make_delivered_repair_order(advisor=make_advisor(self.first))
		due = frappe.db.get_value("Callback", {"repair_order": order.name}, "due_date")
		self.assertEqual(getdate(due), getdate(add_days(getdate(order.delivered_on), 6)))

	def test_price_list_per_company(self):
		prices = "SA Second Prices"
		if not frappe.db.exists("Price List", prices):
			frappe.get_doc(
				{"doctype": "Price List", "price_list_name": prices, "selling": 1, "currency": "CNY"}
			).insert()
		item = make_item(rate=100).name
		frappe.get_doc(
			{"doctype": "Item Price", "item_code": item, "price_list": prices, "price_list_rate": 250}
		).insert()
		company_settings(self.second, default_price_list=prices)
		rows = [{"item_code": item, "qty": 1, "rate": None}]
		first = make_repair_order(items=rows, advisor=make_advisor(self.first))
		second = make_repair_order(items=rows, advisor=make_advisor(self.second))
		self.assertEqual((first.items[0].rate, second.items[0].rate), (100, 250))

	def test_rewards_and_penalties_per_company(self):
		set_settings(reward_praise=200)
		company_settings(self.second, {"reward_praise": 50})
		a1, b1 = make_advisor(self.first), make_advisor(self.second)
		for advisor in (a1, b1):
			frappe.get_doc(
				{
					"doctype": "Commendation",
					"advisor": advisor,
					"source": "Callback",
					"commendation_date": nowdate(),
				}
			).insert()
		out = generate_scorecards(nowdate()[:7], [a1, b1])
		rewards = dict(
			frappe.get_all(
				"Advisor Scorecard", {"name": ("in", out["created"])}, ["advisor", "rewards"], as_list=True
			)
		)
		self.assertEqual((float(rewards[a1]), float(rewards[b1])), (200.0, 50.0))

	def test_warranty_payer_by_company_and_make(self):
		site, first_default = (
			make_customer("Site Warranty Maker").name,
			make_customer("First Default Maker").name,
		)
		chery = make_customer("Chery Manufacturer Warranty").name
		set_settings(warranty_customer=site)
		company_settings(self.first, makes={"Chery": chery}, warranty_customer=first_default)
		self.assertEqual(warranty_customer(self.first, " CHERY "), chery)
		self.assertEqual(warranty_customer(self.first, "Geely"), first_default)
		self.assertEqual(warranty_customer(self.first, None), first_default)
		self.assertEqual(warranty_customer(self.second, "Chery"), site)  # no company settings
		order = make_repair_order(vehicle=make_vehicle(make="Chery").name)
		self.assertEqual(warranty_customer_of(order), chery)

	def test_settlement_bills_the_makes_manufacturer(self):
		site, chery = (
			make_customer("Site Warranty Maker").name,
			make_customer("Chery Manufacturer Warranty").name,
		)
		set_settings(warranty_customer=site)
		company_settings(self.first, makes={"Chery": chery})
		items = [{"qty": 1, "rate": 300}, {"qty": 1, "rate": 480, "billable_to": "Warranty"}]
		for make, payer in (("Chery", chery), ("Geely", site)):
			with self.subTest(make=make):
				order = make_delivered_repair_order(items=items, vehicle=make_vehicle(make=make).name)
				customers = {
					frappe.db.get_value("Sales Invoice", n, "customer")
					for n in make_sales_invoice(order.name)
				}
				self.assertEqual(customers, {order.customer, payer})

	def test_settlement_uses_the_dealerships_warehouse_and_price_list(self):
		from service_advisor.api.settlement import make_sales_invoice
		from service_advisor.testing.factories import make_delivered_repair_order

		prices = "SA Second Prices"
		if not frappe.db.exists("Price List", prices):
			frappe.get_doc(
				{"doctype": "Price List", "price_list_name": prices, "selling": 1, "currency": "CNY"}
			).insert()
		stores = {
			c: frappe.db.get_value("Warehouse", {"company": c, "is_group": 0, "warehouse_name": "Stores"})
			for c in (self.first, self.second)
		}
		set_settings(settlement_update_stock=1, settlement_warehouse=stores[self.first])
		company_settings(self.second, default_price_list=prices, settlement_warehouse=stores[self.second])
		for dealership, warehouse, price_list in (
			(
				self.first,
				stores[self.first],
				frappe.db.get_single_value("Service Advisor Settings", "default_price_list"),
			),
			(self.second, stores[self.second], prices),
		):
			order = make_delivered_repair_order(
				items=[{"qty": 1, "rate": 300, "item_type": "Labour"}], advisor=make_advisor(dealership)
			)
			invoice = frappe.get_doc("Sales Invoice", make_sales_invoice(order.name)[0])
			self.assertEqual(
				(invoice.company, invoice.set_warehouse, invoice.selling_price_list),
				(dealership, warehouse, price_list),
			)
