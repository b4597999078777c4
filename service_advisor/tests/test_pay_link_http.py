"""The gateway's confirmation of a pay link over the real web server (gunicorn, 4 workers): posted once and
then three more times, and ten times at the same moment, it yields exactly one submitted Payment Entry.

The data is committed (the server's workers have their own connections) and uniquely named; the dealership's
settings are put back and the e-mail account removed afterwards."""

import frappe
from frappe.tests.utils import FrappeTestCase

from service_advisor.testing import pay_link_gateway as gateway
from service_advisor.testing.live_server import LiveServer
from service_advisor.tests.test_pay_link import (
	COMPANY_SETTINGS,
	entries_of,
	prepare_gateway,
	set_dealership,
	settled_order,
)

EMAIL_ACCOUNT = "SA Pay Link HTTP Outgoing"
CONFIRM = "service_advisor.testing.pay_link_gateway.confirm"


def payload(request: str) -> dict:
	return {"payment_request": request, "status": "Completed", "signature": gateway.signature(request)}


class TestPayLinkConfirmationOverHttp(FrappeTestCase):
	def test_one_payment_entry_however_often_and_however_simultaneously_confirmed(self):
		from service_advisor.api.pay_link import send_pay_link
		from service_advisor.testing.factories import company, make_outgoing_email_account

		account = prepare_gateway()
		frappe.controllers.setdefault(frappe.local.site, {})[gateway.SETTINGS] = gateway.TestGatewaySettings
		before = (
			frappe.get_doc(COMPANY_SETTINGS, company()).as_dict()
			if frappe.db.exists(COMPANY_SETTINGS, company())
			else None
		)
		set_dealership(account, payment_first=1)
		make_outgoing_email_account(EMAIL_ACCOUNT, "pay-link-http@example.com")
		(once, once_invoice), (racing, racing_invoice) = settled_order(), settled_order()
		requests = {
			once.name: send_pay_link(once.name)["payment_request"],
			racing.name: send_pay_link(racing.name)["payment_request"],
		}
		frappe.db.commit()  # nosemgrep: frappe-manual-commit -- the live server's workers must see the orders
		try:
			with LiveServer(workers=4) as server:
				guest = server.session()
				sequential = [
					guest.post(
						f"{server.url}/api/method/{CONFIRM}", data=payload(requests[once.name]), timeout=120
					)
					for _ in range(4)
				]
				at_once = server.post_at_once(CONFIRM, [payload(requests[racing.name])] * 10)
				again = server.post_at_once(CONFIRM, [payload(requests[once.name])] * 10)
		finally:
			frappe.db.rollback()
			if before:
				restored = frappe.get_doc(COMPANY_SETTINGS, company())
				restored.payment_gateway_account = before.payment_gateway_account
				restored.payment_before_pickup = before.payment_before_pickup
				restored.save(ignore_permissions=True)
			else:
				frappe.delete_doc(COMPANY_SETTINGS, company(), ignore_permissions=True, force=True)
			frappe.delete_doc("Email Account", EMAIL_ACCOUNT, ignore_permissions=True, force=True)
			frappe.db.commit()  # nosemgrep: frappe-manual-commit -- undo the committed dealership settings
			frappe.clear_document_cache(COMPANY_SETTINGS, company())
		for response in [*sequential, *at_once, *again]:
			self.assertEqual(response.status_code, 200, response.text[-300:])
			self.assertEqual(response.json()["message"], "Paid")
		for order, invoice in ((once, once_invoice), (racing, racing_invoice)):
			self.assertEqual(len(entries_of(invoice.name)), 1, order.name)
			self.assertEqual(frappe.db.get_value("Payment Request", requests[order.name], "status"), "Paid")
			stored = frappe.get_doc("Repair Order", order.name)
			self.assertEqual(stored.outstanding_amount, 0)
			self.assertTrue(stored.paid_on)
