# Copyright (c) 2026, service_advisor developers
# For license information, please see license.txt

import threading

import frappe
from erpnext.accounts.doctype.payment_entry.payment_entry import get_payment_entry
from erpnext.accounts.doctype.sales_invoice.sales_invoice import make_sales_return
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_months, get_first_day, get_last_day, getdate, random_string, today

from service_advisor.api.settlement import create_invoices_in_bulk, make_sales_invoice
from service_advisor.exceptions import AlreadyInvoicedError, NotDeliveredError
from service_advisor.services.scorecard import commission_sales
from service_advisor.services.settlement import bulk_create_invoices, create_invoices
from service_advisor.testing.case import ServiceAdvisorTestCase
from service_advisor.testing.factories import (
	ERPNEXT_TEST_IGNORE,
	advance,
	make_customer,
	make_delivered_repair_order,
	make_repair_order,
	make_user,
	role_user,
	set_settings,
)
from service_advisor.testing.live_server import LiveServer, set_test_password

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
		[
			"workflow_state",
			"status",
			"sales_invoice",
			"warranty_invoice",
			"settled_amount",
			"returned_amount",
			"settled_on",
		],
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


def settled_order(items=None, **args):
	"""A delivered order whose customer invoice is submitted (Settled); returns (order, invoice)."""
	order = make_delivered_repair_order(items=items, **args)
	invoice = submit(make_sales_invoice(order.name)[0])
	return order, invoice


def make_return(invoice_name: str, qty: dict[int, float] | None = None, posting_date=None):
	"""ERPNext's own return (credit note) against an invoice, submitted. qty: {row index: returned qty}
	for a partial return (rows not listed are left off); all rows in full when None."""
	credit_note = make_sales_return(invoice_name)
	if qty is not None:
		credit_note.items = [row for row in credit_note.items if row.idx in qty]
		for row in credit_note.items:
			row.qty = -qty[row.idx]
	if posting_date:
		credit_note.set_posting_time = 1
		credit_note.posting_date = posting_date
	credit_note.insert()
	credit_note.submit()
	return credit_note


def order_rows(order) -> list:
	return frappe.get_all(
		"Repair Order Item", filters={"parent": order.name}, order_by="idx", pluck="sales_invoice"
	)


class TestReturns(ServiceAdvisorTestCase):
	"""Credit notes against the settling invoice: 600 net + 13% tax = 678 (labour 300, part 2 x 150)."""

	def test_full_return_reopens_settlement(self):
		set_settings(warranty_customer=None)
		order, invoice = settled_order()
		credit_note = make_return(invoice.name)
		self.assertEqual((credit_note.is_return, credit_note.return_against), (1, invoice.name))
		self.assertEqual(credit_note.grand_total, -678)
		state = order_state(order)
		self.assertEqual(
			(
				state.workflow_state,
				state.status,
				state.sales_invoice,
				state.settled_amount,
				state.returned_amount,
				state.settled_on,
			),
			("Delivered", "Delivered", None, 0, 678, None),
		)
		self.assertEqual(order_rows(order), [None, None])
		comments = frappe.get_all(
			"Comment",
			filters={"reference_doctype": "Repair Order", "reference_name": order.name},
			pluck="content",
		)
		self.assertIn(
			f"Settlement reopened: Sales Invoice {invoice.name} fully returned by {credit_note.name}",
			comments,
		)
		# reopened: the order can be invoiced again, and the new invoice settles it afresh
		names = make_sales_invoice(order.name)
		self.assertEqual(len(names), 1)
		self.assertNotEqual(names[0], invoice.name)
		submit(names[0])
		state = order_state(order)
		self.assertEqual(
			(state.workflow_state, state.sales_invoice, state.settled_amount, state.returned_amount),
			("Settled", names[0], 678, 0),
		)

	def test_partial_return_keeps_settled_with_net_amount(self):
		set_settings(warranty_customer=None)
		order, invoice = settled_order()
		credit_note = make_return(invoice.name, qty={2: 1})  # one of the two parts at 150
		self.assertEqual(credit_note.grand_total, -169.5)
		state = order_state(order)
		self.assertEqual(
			(state.workflow_state, state.sales_invoice, state.settled_amount, state.returned_amount),
			("Settled", invoice.name, 508.5, 169.5),
		)
		self.assertEqual(getdate(state.settled_on), getdate(invoice.posting_date))
		self.assertEqual(order_rows(order), [invoice.name, invoice.name])
		# the Settlement Statement prints the net settled amount and what the credit notes returned
		html = frappe.get_print("Repair Order", order.name, "Settlement Statement")
		self.assertIn("Returned Amount", html)
		for amount in ("508.50", "169.50"):
			self.assertIn(amount, html)
		# the rest comes back on a second return: now it is a full return
		make_return(invoice.name, qty={1: 1, 2: 1})
		state = order_state(order)
		self.assertEqual(
			(state.workflow_state, state.sales_invoice, state.settled_amount, state.returned_amount),
			("Delivered", None, 0, 678),
		)

	def test_cancelling_a_return_restores_the_figures(self):
		set_settings(warranty_customer=None)
		order, invoice = settled_order()
		partial = make_return(invoice.name, qty={2: 1})
		rest = make_return(invoice.name, qty={1: 1, 2: 1})
		self.assertEqual(order_state(order).workflow_state, "Delivered")

		rest.reload()
		rest.cancel()
		state = order_state(order)
		self.assertEqual(
			(
				state.workflow_state,
				state.sales_invoice,
				state.settled_amount,
				state.returned_amount,
				getdate(state.settled_on),
			),
			("Settled", invoice.name, 508.5, 169.5, getdate(invoice.posting_date)),
		)
		self.assertEqual(order_rows(order), [invoice.name, invoice.name])

		partial.reload()
		partial.cancel()
		state = order_state(order)
		self.assertEqual(
			(state.workflow_state, state.sales_invoice, state.settled_amount, state.returned_amount),
			("Settled", invoice.name, 678, 0),
		)

	def test_return_cannot_be_cancelled_once_the_order_is_invoiced_again(self):
		set_settings(warranty_customer=None)
		order, invoice = settled_order()
		credit_note = make_return(invoice.name)
		again = submit(make_sales_invoice(order.name)[0])
		credit_note.reload()
		with self.assertRaises(AlreadyInvoicedError):
			credit_note.cancel()
		self.assertEqual(frappe.db.get_value("Sales Invoice", credit_note.name, "docstatus"), 1)
		state = order_state(order)
		self.assertEqual(
			(state.workflow_state, state.sales_invoice, state.settled_amount), ("Settled", again.name, 678)
		)

	def test_accounts_user_issues_the_credit_note(self):
		set_settings(warranty_customer=None)
		order, invoice = settled_order()
		frappe.set_user(make_accountant())
		make_return(invoice.name, qty={1: 1})  # the labour line: 300 + 39 tax
		frappe.set_user("Administrator")
		state = order_state(order)
		self.assertEqual(
			(state.workflow_state, state.settled_amount, state.returned_amount), ("Settled", 339, 339)
		)

	def test_warranty_return_leaves_the_customer_settlement(self):
		manufacturer = make_customer("Chery Manufacturer Warranty").name
		set_settings(warranty_customer=manufacturer)
		order = make_delivered_repair_order(items=MIXED)
		names = make_sales_invoice(order.name)
		invoices = {frappe.db.get_value("Sales Invoice", n, "customer"): n for n in names}
		submit(invoices[manufacturer])
		submit(invoices[order.customer])
		make_return(invoices[manufacturer])
		state = order_state(order)
		self.assertEqual(
			(state.workflow_state, state.warranty_invoice, state.settled_amount, state.returned_amount),
			("Settled", None, 678, 0),
		)
		self.assertEqual(order_rows(order), [invoices[order.customer]] * 2 + [None, None])

	def test_commission_counts_returns_as_negative_sales_in_their_month(self):
		set_settings(warranty_customer=None)
		advisor = make_user(roles=["Service Advisor"]).name
		_order, invoice = settled_order(advisor=advisor)
		next_month = get_first_day(add_months(today(), 1))
		make_return(invoice.name, qty={2: 1}, posting_date=next_month)  # one part: 150 net

		def sales(day):
			rows = commission_sales(get_first_day(day), get_last_day(day)).run(as_dict=True)
			return {row.item_type: row.amount for row in rows if row.advisor == advisor}

		self.assertEqual(sales(invoice.posting_date), {"Labour": 300, "Part": 300})
		self.assertEqual(sales(next_month), {"Part": -150})


class TestReceivePayment(ServiceAdvisorTestCase):
	def test_outstanding_follows_payment_entries_and_returns(self):
		set_settings(warranty_customer=None)
		order, invoice = settled_order()
		self.assertEqual(frappe.get_doc("Repair Order", order.name).outstanding_amount, 678)
		payment = get_payment_entry("Sales Invoice", invoice.name, party_amount=200)
		payment.reference_no = "CASH-" + random_string(6)
		payment.reference_date = today()
		payment.references[0].allocated_amount = 200
		payment.paid_amount = payment.received_amount = 200
		payment.insert()
		payment.submit()
		self.assertEqual(frappe.get_doc("Repair Order", order.name).outstanding_amount, 478)
		self.assertEqual(frappe.get_doc("Repair Order", order.name).as_dict().outstanding_amount, 478)

		make_return(invoice.name, qty={2: 1})  # 169.5 credited
		self.assertEqual(frappe.get_doc("Repair Order", order.name).outstanding_amount, 308.5)

		rest = get_payment_entry("Sales Invoice", invoice.name, party_amount=308.5)
		rest.reference_no = "CASH-" + random_string(6)
		rest.reference_date = today()
		rest.references[0].allocated_amount = 308.5
		rest.paid_amount = rest.received_amount = 308.5
		rest.insert()
		rest.submit()
		self.assertEqual(frappe.get_doc("Repair Order", order.name).outstanding_amount, 0)

	def test_no_outstanding_before_delivery(self):
		order = make_repair_order()
		self.assertEqual(order.outstanding_amount, 0)


class TestBulkSettlement(ServiceAdvisorTestCase):
	def make_mix(self):
		set_settings(warranty_customer=None)
		delivered = [make_delivered_repair_order() for _ in range(2)]
		in_repair = advance(make_repair_order(), "Check In", "Authorise", "Start Repair")
		settled, _invoice = settled_order()
		internal_only = make_delivered_repair_order(items=[{"qty": 1, "rate": 50, "billable_to": "Internal"}])
		return delivered, in_repair, settled, internal_only

	def test_mixed_selection_run_twice_creates_nothing_twice(self):
		delivered, in_repair, settled, internal_only = self.make_mix()
		names = [delivered[0].name, in_repair.name, settled.name, "RO-DOES-NOT-EXIST", internal_only.name]
		names.append(delivered[1].name)
		frappe.set_user(make_accountant())
		first = {row["repair_order"]: row for row in bulk_create_invoices(names)}
		self.assertEqual(list(first), names)  # every order is reported, in order, none stops the job
		self.assertEqual(
			{name: row["status"] for name, row in first.items()},
			{
				delivered[0].name: "Created",
				in_repair.name: "Failed",
				settled.name: "Skipped",
				"RO-DOES-NOT-EXIST": "Failed",
				internal_only.name: "Failed",
				delivered[1].name: "Created",
			},
		)
		self.assertIn("only a delivered order can be invoiced", first[in_repair.name]["message"])
		self.assertIn("already settled", first[settled.name]["message"])
		self.assertIn("nothing to invoice", first[internal_only.name]["message"])
		for order in delivered:
			drafts = frappe.get_all("Sales Invoice", filters={"repair_order": order.name}, pluck="name")
			self.assertEqual(first[order.name]["invoices"], drafts)
			self.assertEqual(
				frappe.db.get_value("Sales Invoice", drafts[0], ["docstatus", "grand_total"]), (0, 678)
			)

		count = frappe.db.count("Sales Invoice")
		second = {row["repair_order"]: row for row in bulk_create_invoices(names)}
		self.assertEqual(frappe.db.count("Sales Invoice"), count)
		for order in delivered:
			self.assertEqual(
				(second[order.name]["status"], second[order.name]["invoices"]),
				("Existing", first[order.name]["invoices"]),
			)
		self.assertEqual(
			[second[name]["status"] for name in (in_repair.name, settled.name, internal_only.name)],
			["Failed", "Skipped", "Failed"],
		)

	def test_submit_settles_and_a_rerun_skips(self):
		delivered, in_repair, _settled, _internal = self.make_mix()
		names = [delivered[0].name, in_repair.name, delivered[1].name]
		frappe.set_user(make_accountant())
		report = bulk_create_invoices(names, submit=True)
		self.assertEqual([row["status"] for row in report], ["Submitted", "Failed", "Submitted"])
		frappe.set_user("Administrator")
		for order in delivered:
			state = order_state(order)
			self.assertEqual((state.workflow_state, state.settled_amount), ("Settled", 678))
		self.assertEqual(order_state(in_repair).workflow_state, "In Repair")
		count = frappe.db.count("Sales Invoice")
		again = bulk_create_invoices(names, submit=True)
		self.assertEqual([row["status"] for row in again], ["Skipped", "Failed", "Skipped"])
		self.assertEqual(frappe.db.count("Sales Invoice"), count)

	def test_a_failing_submit_keeps_the_draft(self):
		from service_advisor.testing.factories import company, make_item

		warehouse = frappe.db.get_value(
			"Warehouse", {"company": company(), "is_group": 0, "warehouse_name": "Stores"}
		)
		set_settings(warranty_customer=None, settlement_update_stock=1, settlement_warehouse=warehouse)
		part = make_item(rate=120, is_stock_item=1).name  # none in stock: ERPNext refuses the submit
		order = make_delivered_repair_order(items=[{"item_code": part, "qty": 1, "item_type": "Part"}])
		report = bulk_create_invoices([order.name], submit=True)
		self.assertEqual(report[0]["status"], "Failed")
		self.assertTrue(report[0]["message"].startswith("Drafts kept, not submitted"), report[0]["message"])
		drafts = frappe.get_all(
			"Sales Invoice", filters={"repair_order": order.name}, fields=["name", "docstatus"]
		)
		self.assertEqual([(d.name, d.docstatus) for d in drafts], [(report[0]["invoices"][0], 0)])
		self.assertEqual(order_state(order).workflow_state, "Delivered")

	def test_enqueue_returns_a_job_id(self):
		order = make_delivered_repair_order()
		frappe.set_user(make_accountant())
		job_id = create_invoices_in_bulk(frappe.as_json([order.name]), submit=0)
		self.assertTrue(job_id.startswith("sa-bulk-invoices-"))
		self.assertEqual(create_invoices_in_bulk([order.name]), job_id)  # same selection, same job

	def test_enqueued_on_the_long_queue_one_order_per_transaction(self):
		from unittest.mock import patch

		order = make_delivered_repair_order()
		frappe.set_user(make_accountant())
		with patch("frappe.enqueue") as enqueue:
			job_id = create_invoices_in_bulk([order.name], submit=1)
		enqueue.assert_called_once()
		args, kwargs = enqueue.call_args
		self.assertEqual(args, ("service_advisor.services.settlement.bulk_create_invoices",))
		self.assertEqual(
			{k: kwargs[k] for k in ("queue", "job_id", "deduplicate", "enqueue_after_commit")},
			{"queue": "long", "job_id": job_id, "deduplicate": True, "enqueue_after_commit": True},
		)
		self.assertEqual(
			(kwargs["repair_orders"], kwargs["submit"], kwargs["notify"], kwargs["commit"]),
			([order.name], True, True, True),
		)

	def test_bulk_refused_without_invoice_rights(self):
		order = make_delivered_repair_order()
		frappe.set_user(role_user("Workshop Technician").name)
		with self.assertRaises(frappe.PermissionError):
			create_invoices_in_bulk([order.name])
		frappe.set_user(make_accountant())
		with self.assertRaises(frappe.ValidationError):
			create_invoices_in_bulk([])
		with self.assertRaises(frappe.ValidationError):
			create_invoices_in_bulk('{"name": 1}')


class TestSettlementOverHttp(FrappeTestCase):
	"""Exactly once through gunicorn: 24 simultaneous POSTs on 4 workers, one draft per payer."""

	REQUESTS = 24

	def test_concurrent_requests_on_four_workers_make_one_draft_per_payer(self):
		tag = random_string(8)
		manufacturer = make_customer(f"Warranty Payer {tag}").name
		previous = frappe.db.get_single_value("Service Advisor Settings", "warranty_customer")
		set_settings(warranty_customer=manufacturer)
		order = make_delivered_repair_order(items=MIXED)
		accountant = make_user(f"sa-http-acc-{tag.lower()}@example.com", roles=["Accounts User"]).name
		set_test_password(accountant)
		frappe.db.commit()  # nosemgrep: frappe-manual-commit -- the live server's workers must see the order
		try:
			with LiveServer(workers=4) as server:
				responses = server.post_at_once(
					"service_advisor.api.settlement.make_sales_invoice",
					[{"repair_order": order.name}] * self.REQUESTS,
					server.session(accountant).cookies,
				)
				log = server.tail()
		finally:
			set_settings(warranty_customer=previous)
			frappe.db.commit()  # nosemgrep: frappe-manual-commit -- restore the committed setting

		self.assertEqual([r.status_code for r in responses if r.status_code >= 500], [], log)
		self.assertEqual({r.status_code for r in responses}, {200}, [r.text[:200] for r in responses])
		drafts = frappe.get_all(
			"Sales Invoice",
			filters={"repair_order": order.name},
			fields=["name", "customer", "docstatus"],
			order_by="name",
		)
		self.assertEqual(sorted(d.customer for d in drafts), sorted([order.customer, manufacturer]))
		self.assertEqual({d.docstatus for d in drafts}, {0})
		answers = {tuple(sorted(r.json()["message"])) for r in responses}
		self.assertEqual(answers, {tuple(sorted(d.name for d in drafts))})
