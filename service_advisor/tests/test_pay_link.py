"""Pay before pickup (issue 32): ERPNext's own Payment Request and Payment Entry on the site, the gateway a
test gateway controller of the `payments` app that performs no network I/O (testing/pay_link_gateway.py)."""

import frappe
from erpnext.accounts.doctype.sales_invoice.sales_invoice import make_sales_return
from frappe.utils import flt

from service_advisor.api.pay_link import record_payment_exception, release_vehicle, send_pay_link
from service_advisor.api.settlement import make_sales_invoice
from service_advisor.services.pay_link import PayLinkError, PaymentFirstError
from service_advisor.testing import pay_link_gateway as gateway
from service_advisor.testing.case import ServiceAdvisorTestCase
from service_advisor.testing.factories import (
	ERPNEXT_TEST_IGNORE,
	company,
	make_delivered_repair_order,
	make_outgoing_email_account,
	make_user,
	role_user,
)

test_ignore = ERPNEXT_TEST_IGNORE
COMPANY_SETTINGS = "Service Advisor Company Settings"
EMAIL = "pay-link@example.com"


def prepare_gateway() -> str:
	"""The test gateway and the test company's Payment Gateway Account, committed once (made again by
	nothing later: a site's test fixture, like the test company)."""
	test_company = company()
	cash = frappe.get_cached_value("Company", test_company, "default_cash_account")
	name = gateway.register(test_company, cash)
	frappe.db.commit()  # nosemgrep: frappe-manual-commit -- the gateway is the site's test fixture
	return name


def set_dealership(gateway_account: str | None, payment_first: int = 0):
	test_company = company()
	if frappe.db.exists(COMPANY_SETTINGS, test_company):
		settings = frappe.get_doc(COMPANY_SETTINGS, test_company)
	else:
		settings = frappe.new_doc(COMPANY_SETTINGS)
		settings.company = test_company
	settings.payment_gateway_account = gateway_account
	settings.payment_before_pickup = payment_first
	settings.save(ignore_permissions=True)
	frappe.clear_document_cache(COMPANY_SETTINGS, test_company)


def settled_order(items: list[dict] | None = None, **args):
	"""A delivered order settled by its submitted customer invoice; the customer has an e-mail address."""
	order = make_delivered_repair_order(items=items or [{"qty": 2, "rate": 150.25}], **args)
	frappe.db.set_value("Customer", order.customer, "email_id", EMAIL)
	(name,) = make_sales_invoice(order.name)
	invoice = frappe.get_doc("Sales Invoice", name)
	invoice.submit()
	return frappe.get_doc("Repair Order", order.name), invoice


def confirm(request: str, status: str = "Completed") -> str:
	return gateway.confirm(request, status, gateway.signature(request, status))


def entries_of(invoice: str) -> list[str]:
	return frappe.get_all(
		"Payment Entry Reference",
		filters={"reference_doctype": "Sales Invoice", "reference_name": invoice, "docstatus": 1},
		pluck="parent",
	)


class TestPayLink(ServiceAdvisorTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.gateway_account = prepare_gateway()

	def setUp(self):
		super().setUp()
		frappe.controllers.setdefault(frappe.local.site, {})[gateway.SETTINGS] = gateway.TestGatewaySettings
		set_dealership(self.gateway_account)
		make_outgoing_email_account()  # rolled back with the test

	def test_dealership_settings_name_the_gateway_account_and_its_currency(self):
		settings = frappe.get_doc(COMPANY_SETTINGS, company())
		currency = frappe.db.get_value("Payment Gateway Account", self.gateway_account, "currency")
		self.assertEqual(settings.payment_currency, currency)
		self.assertEqual(settings.payment_before_pickup, 0)

	def test_one_request_for_the_outstanding_amount_sent_again_while_open(self):
		order, invoice = settled_order()
		first = send_pay_link(order.name)
		self.assertFalse(first["resent"])
		self.assertEqual(first["sent_to"], ["p***@example.com"])
		request = frappe.get_doc("Payment Request", first["payment_request"])
		self.assertEqual((request.docstatus, request.status), (1, "Initiated"))
		self.assertEqual(flt(request.grand_total, 2), flt(invoice.outstanding_amount, 2))
		self.assertEqual(request.reference_name, invoice.name)
		self.assertIn(gateway.signature(request.name), request.payment_url)
		self.assertEqual(frappe.db.get_value("Repair Order", order.name, "pay_link_request"), request.name)
		second = send_pay_link(order.name)
		self.assertEqual((second["payment_request"], second["resent"]), (request.name, True))
		self.assertEqual(
			frappe.db.count("Payment Request", {"reference_name": invoice.name, "docstatus": 1}), 1
		)
		self.assertEqual(
			frappe.db.count(
				"Email Queue", {"reference_doctype": "Payment Request", "reference_name": request.name}
			),
			2,
		)

	def test_the_orders_advisor_sends_the_link_another_advisor_cannot(self):
		advisor = role_user("Service Advisor").name
		other = make_user("sa-pay-link-other@example.com", roles=("Service Advisor",)).name
		order, invoice = settled_order(advisor=advisor)
		frappe.set_user(other)
		with self.assertRaises(frappe.PermissionError):
			send_pay_link(order.name)
		frappe.set_user(advisor)
		request = send_pay_link(order.name)["payment_request"]
		frappe.set_user("Administrator")
		self.assertEqual(frappe.db.get_value("Payment Request", request, "reference_name"), invoice.name)

	def test_an_invoice_in_another_currency_than_the_gateway_accounts_gets_no_link(self):
		order, _invoice = settled_order()
		frappe.db.set_value(COMPANY_SETTINGS, company(), "payment_currency", "USD")
		frappe.clear_document_cache(COMPANY_SETTINGS, company())
		with self.assertRaises(PayLinkError):
			send_pay_link(order.name)
		self.assertEqual(frappe.db.count("Payment Request", {"reference_name": order.sales_invoice}), 0)

	def test_without_a_gateway_account_or_an_invoice_no_link(self):
		order = make_delivered_repair_order()
		with self.assertRaises(PayLinkError):
			send_pay_link(order.name)
		frappe.delete_doc(COMPANY_SETTINGS, company(), ignore_permissions=True)
		frappe.clear_document_cache(COMPANY_SETTINGS, company())
		order, _invoice = settled_order()
		with self.assertRaises(PayLinkError):
			send_pay_link(order.name)

	def test_paid_once_however_often_the_gateway_confirms(self):
		advisor = role_user("Service Advisor").name
		order, invoice = settled_order(advisor=advisor)
		request = send_pay_link(order.name)["payment_request"]
		self.assertEqual(confirm(request), "Paid")
		for _ in range(3):
			self.assertEqual(confirm(request), "Paid")
		entries = entries_of(invoice.name)
		self.assertEqual(len(entries), 1)
		entry = frappe.get_doc("Payment Entry", entries[0])
		self.assertEqual(flt(entry.paid_amount, 2), flt(invoice.grand_total, 2))
		self.assertEqual(entry.references[0].payment_request, request)
		self.assertEqual(frappe.db.get_value("Sales Invoice", invoice.name, "outstanding_amount"), 0)
		order.reload()
		self.assertEqual(order.outstanding_amount, 0)
		self.assertTrue(order.paid_on)
		self.assertTrue(
			frappe.db.exists(
				"Notification Log",
				{"for_user": advisor, "document_type": "Repair Order", "document_name": order.name},
			)
		)
		with self.assertRaises(PayLinkError):
			send_pay_link(order.name)  # nothing outstanding

	def test_a_forged_or_failed_confirmation_pays_nothing(self):
		order, invoice = settled_order()
		request = send_pay_link(order.name)["payment_request"]
		with self.assertRaises(frappe.PermissionError):
			gateway.confirm(request, "Completed", gateway.signature(request, "Failed"))
		self.assertEqual(confirm(request, "Failed"), "Initiated")
		self.assertEqual(entries_of(invoice.name), [])
		order.reload()
		self.assertEqual(flt(order.outstanding_amount, 2), flt(invoice.grand_total, 2))
		self.assertFalse(order.paid_on)

	def test_a_partial_return_before_payment_lowers_the_request(self):
		order, invoice = settled_order(items=[{"qty": 2, "rate": 150.25}, {"qty": 1, "rate": 80}])
		first = send_pay_link(order.name)["payment_request"]
		credit_note = make_sales_return(invoice.name)
		credit_note.items = [row for row in credit_note.items if row.rate == 80]
		credit_note.submit()
		self.assertEqual(frappe.db.get_value("Payment Request", first, "status"), "Cancelled")
		outstanding = flt(invoice.grand_total + credit_note.grand_total, 2)  # the return's total is negative
		self.assertEqual(outstanding, 339.56)  # (2 x 150.25 + 80 - 80) + 13 % tax
		self.assertEqual(flt(frappe.get_doc("Repair Order", order.name).outstanding_amount, 2), outstanding)
		lowered = frappe.db.get_value("Repair Order", order.name, "pay_link_request")
		self.assertNotEqual(lowered, first)
		self.assertEqual(flt(frappe.db.get_value("Payment Request", lowered, "grand_total"), 2), outstanding)
		resent = send_pay_link(order.name)
		self.assertEqual((resent["payment_request"], resent["resent"]), (lowered, True))
		self.assertEqual(confirm(first), "Cancelled")  # a late confirmation of the cancelled request
		self.assertEqual(entries_of(invoice.name), [])
		self.assertEqual(confirm(lowered), "Paid")
		self.assertEqual(len(entries_of(invoice.name)), 1)
		self.assertEqual(frappe.get_doc("Repair Order", order.name).outstanding_amount, 0)

	def test_cancelling_the_invoice_to_amend_it_cancels_the_open_request(self):
		order, invoice = settled_order()
		request = send_pay_link(order.name)["payment_request"]
		invoice.reload()
		invoice.cancel()
		self.assertEqual(frappe.db.get_value("Payment Request", request, "status"), "Cancelled")
		self.assertIsNone(frappe.db.get_value("Repair Order", order.name, "pay_link_request"))


class TestPaymentBeforePickup(ServiceAdvisorTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.gateway_account = prepare_gateway()

	def setUp(self):
		super().setUp()
		frappe.controllers.setdefault(frappe.local.site, {})[gateway.SETTINGS] = gateway.TestGatewaySettings
		set_dealership(self.gateway_account, payment_first=1)
		make_outgoing_email_account()

	def test_an_abandoned_payment_leaves_the_vehicle_to_a_managers_exception(self):
		advisor = role_user("Service Advisor").name
		order, _invoice = settled_order(advisor=advisor)
		send_pay_link(order.name)  # the customer never pays
		with self.assertRaises(PaymentFirstError):
			release_vehicle(order.name)
		frappe.set_user(advisor)
		with self.assertRaises(PaymentFirstError):
			release_vehicle(order.name)
		with self.assertRaises(frappe.PermissionError):
			record_payment_exception(order.name, "Fleet customer, pays monthly")
		frappe.set_user(role_user("Service Manager").name)
		record_payment_exception(order.name, "Fleet customer, pays monthly")
		frappe.set_user(advisor)
		self.assertTrue(release_vehicle(order.name))
		order.reload()
		self.assertEqual((order.vehicle_released_by, bool(order.paid_on)), (advisor, False))
		self.assertEqual(order.payment_exception_reason, "Fleet customer, pays monthly")

	def test_a_paid_order_is_released(self):
		order, _invoice = settled_order()
		with self.assertRaises(PaymentFirstError):
			release_vehicle(order.name)
		confirm(send_pay_link(order.name)["payment_request"])
		self.assertTrue(release_vehicle(order.name))

	def test_the_manufacturers_unpaid_warranty_invoice_does_not_hold_the_car(self):
		from service_advisor.testing.factories import make_customer, set_settings

		set_settings(warranty_customer=make_customer("SA Pay Link Manufacturer").name)
		order = make_delivered_repair_order(
			items=[{"qty": 1, "rate": 100}, {"qty": 1, "rate": 480, "billable_to": "Warranty"}]
		)
		frappe.db.set_value("Customer", order.customer, "email_id", EMAIL)
		invoices = [frappe.get_doc("Sales Invoice", name) for name in make_sales_invoice(order.name)]
		for invoice in sorted(invoices, key=lambda inv: inv.customer == order.customer):
			invoice.submit()  # the warranty invoice first, the customer's settles the order
		with self.assertRaises(PaymentFirstError):
			release_vehicle(order.name)
		sent = send_pay_link(order.name)
		self.assertEqual(sent["amount"], 113)  # 100 + 13 % tax: the customer's lines only
		confirm(sent["payment_request"])
		self.assertTrue(frappe.db.get_value("Repair Order", order.name, "paid_on"))
		self.assertTrue(release_vehicle(order.name))
		self.assertEqual(frappe.get_doc("Repair Order", order.name).outstanding_amount, 542.4)  # warranty's

	def test_an_order_not_yet_invoiced_waits_too(self):
		order = make_delivered_repair_order()
		with self.assertRaises(PaymentFirstError):
			release_vehicle(order.name)

	def test_without_payment_first_the_vehicle_leaves_unpaid(self):
		set_dealership(self.gateway_account, payment_first=0)
		order, _invoice = settled_order()
		self.assertTrue(release_vehicle(order.name))


class TestOrdersAwaitingPayment(ServiceAdvisorTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.gateway_account = prepare_gateway()

	def setUp(self):
		super().setUp()
		frappe.controllers.setdefault(frappe.local.site, {})[gateway.SETTINGS] = gateway.TestGatewaySettings
		set_dealership(self.gateway_account)
		make_outgoing_email_account()  # rolled back with the test

	def test_unpaid_orders_are_listed_until_paid(self):
		from service_advisor.service_advisor.report.orders_awaiting_payment.orders_awaiting_payment import (
			execute,
		)

		advisor = role_user("Service Advisor").name
		abandoned, abandoned_invoice = settled_order(advisor=advisor)
		abandoned_link = send_pay_link(abandoned.name)["payment_request"]
		confirm(abandoned_link, "Failed")
		paid, _paid_invoice = settled_order(advisor=advisor)
		confirm(send_pay_link(paid.name)["payment_request"])
		never_sent, _invoice = settled_order()

		_columns, rows = execute({"company": company()})
		listed = {row["repair_order"]: row for row in rows}
		self.assertIn(abandoned.name, listed)
		self.assertIn(never_sent.name, listed)
		self.assertNotIn(paid.name, listed)
		row = listed[abandoned.name]
		self.assertEqual(row["owed"], flt(abandoned_invoice.grand_total, 2))
		self.assertEqual((row["pay_link_request"], row["pay_link_status"]), (abandoned_link, "Initiated"))

		frappe.set_user(advisor)
		_columns, rows = execute({"company": company()})
		self.assertEqual({row["advisor"] for row in rows}, {advisor})
