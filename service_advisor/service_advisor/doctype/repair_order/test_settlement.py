# Copyright (c) 2026, service_advisor developers
# For license information, please see license.txt

import threading

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_months, getdate

from service_advisor.api.settlement import make_sales_invoice
from service_advisor.exceptions import AlreadyInvoicedError, NotDeliveredError
from service_advisor.services.settlement import create_invoices
from service_advisor.testing.case import ServiceAdvisorTestCase
from service_advisor.testing.factories import (
	ERPNEXT_TEST_IGNORE,
	advance,
	make_customer,
	make_delivered_repair_order,
	make_repair_order,
	role_user,
	set_settings,
)

test_ignore = ERPNEXT_TEST_IGNORE

MIXED = [
	{"qty": 1, "rate": 300, "item_type": "Labour"},
	{"qty": 2, "rate": 150, "item_type": "Part"},
	{"qty": 1, "rate": 480, "billable_to": "Warranty"},
	{"qty": 3, "rate": 20, "billable_to": "Internal"},
]


def submit(name: str):
	invoice = frappe.get_doc("Sales Invoice", name)
	invoice.submit()
	return invoice


def order_state(order) -> dict:
	return frappe.db.get_value(
		"Repair Order",
		order.name,
		["workflow_state", "status", "sales_invoice", "warranty_invoice", "settled_amount", "settled_on"],
		as_dict=True,
	)


class TestSettlement(ServiceAdvisorTestCase):
	def test_round_trip_create_submit_cancel_amend(self):
		set_settings(warranty_customer=None)
		order = make_delivered_repair_order()
		names = make_sales_invoice(order.name)
		self.assertEqual(len(names), 1)
		self.assertEqual(make_sales_invoice(order.name), names)  # a second click opens the same draft
		invoice = frappe.get_doc("Sales Invoice", names[0])
		self.assertEqual(invoice.customer, order.customer)
		self.assertEqual(invoice.repair_order, order.name)
		self.assertEqual([(r.qty, r.rate, r.amount) for r in invoice.items], [(1, 300, 300), (2, 150, 300)])
		self.assertEqual(
			[(r.repair_order, r.repair_order_item) for r in invoice.items],
			[(order.name, row.name) for row in order.items],
		)
		self.assertEqual(invoice.net_total, 600)
		self.assertEqual(invoice.total_taxes_and_charges, 78)
		self.assertEqual(invoice.grand_total, 678)

		submit(invoice.name)
		state = order_state(order)
		self.assertEqual(
			(state.workflow_state, state.status, state.sales_invoice), ("Settled", "Settled", invoice.name)
		)
		self.assertEqual(state.settled_amount, 678)
		self.assertEqual(getdate(state.settled_on), getdate(invoice.posting_date))
		self.assertEqual(
			frappe.get_all("Repair Order Item", filters={"parent": order.name}, pluck="sales_invoice"),
			[invoice.name] * 2,
		)
		with self.assertRaises(AlreadyInvoicedError):
			make_sales_invoice(order.name)

		invoice.reload()
		invoice.cancel()
		state = order_state(order)
		self.assertEqual(
			(state.workflow_state, state.sales_invoice, state.settled_amount, state.settled_on),
			("Delivered", None, 0, None),
		)
		self.assertEqual(
			frappe.get_all("Repair Order Item", filters={"parent": order.name}, pluck="sales_invoice"),
			[None, None],
		)

		amended = frappe.copy_doc(invoice)
		amended.amended_from = invoice.name
		amended.docstatus = 0
		amended.insert()
		amended.submit()
		state = order_state(order)
		self.assertEqual(
			(state.workflow_state, state.sales_invoice, state.settled_amount), ("Settled", amended.name, 678)
		)

	def test_mixed_order_invoices_customer_and_warranty_separately(self):
		manufacturer = make_customer("Chery Manufacturer Warranty").name
		set_settings(warranty_customer=manufacturer)
		order = make_delivered_repair_order(items=MIXED)
		names = make_sales_invoice(order.name)
		invoices = {
			frappe.db.get_value("Sales Invoice", n, "customer"): frappe.get_doc("Sales Invoice", n)
			for n in names
		}
		self.assertEqual(set(invoices), {order.customer, manufacturer})
		customer_invoice, warranty_invoice = invoices[order.customer], invoices[manufacturer]
		self.assertEqual(
			(
				customer_invoice.net_total,
				customer_invoice.total_taxes_and_charges,
				customer_invoice.grand_total,
			),
			(600, 78, 678),
		)
		self.assertEqual([(r.qty, r.rate) for r in warranty_invoice.items], [(1, 480)])
		self.assertEqual(
			(
				warranty_invoice.net_total,
				warranty_invoice.total_taxes_and_charges,
				warranty_invoice.grand_total,
			),
			(480, 62.4, 542.4),
		)
		internal_row = order.items[3].name
		self.assertFalse(frappe.get_all("Sales Invoice Item", filters={"repair_order_item": internal_row}))

		submit(warranty_invoice.name)
		state = order_state(order)
		self.assertEqual((state.workflow_state, state.warranty_invoice), ("Delivered", warranty_invoice.name))
		submit(customer_invoice.name)
		state = order_state(order)
		self.assertEqual(
			(state.workflow_state, state.sales_invoice, state.settled_amount),
			("Settled", customer_invoice.name, 678),
		)

	def test_without_warranty_customer_warranty_lines_are_not_billed(self):
		set_settings(warranty_customer=None)
		order = make_delivered_repair_order(items=MIXED)
		names = make_sales_invoice(order.name)
		self.assertEqual(len(names), 1)
		self.assertEqual(frappe.db.get_value("Sales Invoice", names[0], "net_total"), 600)
		self.assertIn("not billed", frappe.db.get_value("Repair Order", order.name, "settlement_note"))

	def test_all_warranty_order(self):
		manufacturer = make_customer("Chery Manufacturer Warranty").name
		set_settings(warranty_customer=manufacturer)
		order = make_delivered_repair_order(items=[{"qty": 2, "rate": 250, "billable_to": "Warranty"}])
		names = make_sales_invoice(order.name)
		self.assertEqual(len(names), 1)
		invoice = submit(names[0])
		self.assertEqual((invoice.customer, invoice.net_total, invoice.grand_total), (manufacturer, 500, 565))
		state = order_state(order)
		self.assertEqual(
			(state.workflow_state, state.warranty_invoice, state.settled_amount),
			("Settled", invoice.name, 565),
		)

	def test_undelivered_order_refused(self):
		order = advance(make_repair_order(), "Check In", "Authorise", "Start Repair")
		count = frappe.db.count("Sales Invoice")
		with self.assertRaises(NotDeliveredError):
			make_sales_invoice(order.name)
		self.assertEqual(frappe.db.count("Sales Invoice"), count)

	def test_wrong_roles_refused(self):
		order = make_delivered_repair_order(advisor=role_user("Service Advisor").name)
		users = [role_user(role).name for role in ("Workshop Technician", "Service Advisor")]
		for role, user in zip(("Workshop Technician", "Service Advisor"), users, strict=True):
			frappe.set_user(user)
			with self.assertRaises(frappe.PermissionError, msg=role):
				make_sales_invoice(order.name)
		frappe.set_user("Administrator")
		self.assertFalse(frappe.get_all("Sales Invoice", filters={"repair_order": order.name}))

	def test_advisor_may_draft_when_settings_allow(self):
		set_settings(advisor_may_create_invoice=1)
		advisor = role_user("Service Advisor").name
		order = make_delivered_repair_order(advisor=advisor)
		frappe.set_user(advisor)
		self.assertEqual(len(make_sales_invoice(order.name)), 1)

	def test_accounts_user_settles(self):
		order = make_delivered_repair_order()
		accountant = make_accountant()
		frappe.set_user(accountant)
		names = make_sales_invoice(order.name)
		submit(names[0])
		frappe.set_user("Administrator")
		self.assertEqual(order_state(order).workflow_state, "Settled")

	def test_next_service_defaults_and_vehicle_update(self):
		order = make_delivered_repair_order(odometer=42000)
		delivered = getdate(order.delivered_on)
		self.assertEqual(getdate(order.next_service_date), getdate(add_months(delivered, 6)))
		self.assertEqual(order.next_service_km, 47000)
		vehicle = frappe.get_doc("Customer Vehicle", order.vehicle)
		self.assertEqual(
			(getdate(vehicle.next_service_date), vehicle.next_service_km),
			(getdate(order.next_service_date), 47000),
		)
		order.next_service_km = 46000
		order.remaining_part_life_notes = "Front discs: about 10,000 km left"
		order.save()
		self.assertEqual(frappe.db.get_value("Customer Vehicle", order.vehicle, "next_service_km"), 46000)


def make_accountant() -> str:
	user = role_user("Accounts User")
	return user.name


class TestConcurrentSettlement(FrappeTestCase):
	"""Two connections at the same moment (double click, two accountants): one invoice."""

	def test_two_connections_create_one_invoice(self):
		order = make_delivered_repair_order()
		frappe.db.commit()  # nosemgrep: frappe-manual-commit -- the other connections must see the order
		site = frappe.local.site
		barrier = threading.Barrier(2)
		results, errors = [], []

		def worker():
			frappe.init(site=site)
			frappe.connect()
			try:
				frappe.set_user("Administrator")
				barrier.wait(timeout=30)
				results.append(tuple(create_invoices(order.name)))
				frappe.db.commit()  # nosemgrep: frappe-manual-commit
			except Exception as e:
				errors.append(e)
			finally:
				frappe.destroy()

		threads = [threading.Thread(target=worker) for _ in range(2)]
		for thread in threads:
			thread.start()
		for thread in threads:
			thread.join(timeout=120)
		self.assertEqual(errors, [])
		self.assertEqual(len(results), 2)
		self.assertEqual(results[0], results[1])
		self.assertEqual(len(frappe.get_all("Sales Invoice", filters={"repair_order": order.name})), 1)


class TestSettlementStock(ServiceAdvisorTestCase):
	def test_stock_parts_delivered_from_the_settings_warehouse(self):
		from erpnext.stock.doctype.stock_entry.stock_entry_utils import make_stock_entry

		from service_advisor.testing.factories import company, make_item

		warehouse = frappe.db.get_value(
			"Warehouse", {"company": company(), "is_group": 0, "warehouse_name": "Stores"}
		)
		set_settings(settlement_update_stock=1, settlement_warehouse=warehouse)
		part = make_item(rate=120, is_stock_item=1).name
		make_stock_entry(item_code=part, target=warehouse, qty=10, basic_rate=60, company=company())
		order = make_delivered_repair_order(
			items=[
				{"qty": 1, "rate": 300, "item_type": "Labour"},
				{"item_code": part, "qty": 2, "item_type": "Part"},
			]
		)
		invoice = frappe.get_doc("Sales Invoice", make_sales_invoice(order.name)[0])
		self.assertEqual((invoice.update_stock, invoice.set_warehouse), (1, warehouse))
		invoice.submit()
		moved = frappe.get_all(
			"Stock Ledger Entry",
			filters={"voucher_no": invoice.name, "item_code": part, "is_cancelled": 0},
			fields=["warehouse", "actual_qty"],
		)
		self.assertEqual([(m.warehouse, m.actual_qty) for m in moved], [(warehouse, -2)])

	def test_without_the_setting_no_stock_moves(self):
		set_settings(settlement_update_stock=0)
		order = make_delivered_repair_order()
		invoice = frappe.get_doc("Sales Invoice", make_sales_invoice(order.name)[0])
		self.assertEqual(invoice.update_stock, 0)
