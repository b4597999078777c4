"""A test payment gateway for the pay link: a Payment Gateway of the `payments` app whose controller performs
no network I/O (issue 32 allows it where no fake of the provider's API runs on 127.0.0.1).

`SA Test Gateway` is registered as the payments app registers its own gateways (`create_payment_gateway`);
its controller, `SA Test Gateway Settings`, is a custom Single doctype whose class is registered in this
process. Its payment URL carries a signature (HMAC with the site's encryption key); the provider's
confirmation is `confirm` below, a guest POST like a provider's webhook, which does what the payments app's
controllers do on a provider's confirmation: run the Payment Request's `on_payment_authorized`. It answers
only on a site that allows tests."""

import hashlib
import hmac

import frappe
from frappe.model.document import Document
from frappe.utils import get_url

from service_advisor.api.validation import Choice, DocName, Text, validate_args

GATEWAY = "SA Test Gateway"
SETTINGS = f"{GATEWAY} Settings"


class TestGatewaySettings(Document):
	supported_currencies = ("CNY", "EUR", "USD", "INR", "GBP")

	def validate_transaction_currency(self, currency):
		if currency not in self.supported_currencies:
			frappe.throw(f"{GATEWAY} does not support {currency}")

	def get_payment_url(self, **kwargs):
		name = kwargs["reference_docname"]
		return get_url(f"/pay-link-test?payment_request={name}&signature={signature(name)}")


def signature(payment_request: str, status: str = "Completed") -> str:
	from frappe.utils.password import get_encryption_key

	message = f"{GATEWAY}:{payment_request}:{status}".encode()
	return hmac.new(get_encryption_key().encode(), message, hashlib.sha256).hexdigest()


def register(company: str, payment_account: str) -> str:
	"""The gateway, its controller and the company's Payment Gateway Account (made once); the account's name."""
	from payments.utils import create_payment_gateway

	if not frappe.db.exists("DocType", SETTINGS):
		frappe.get_doc(
			{
				"doctype": "DocType",
				"name": SETTINGS,
				"module": "Integrations",
				"custom": 1,
				"issingle": 1,
				"fields": [{"fieldname": "note", "fieldtype": "Data", "label": "Note"}],
				"permissions": [{"role": "System Manager", "read": 1, "write": 1}],
			}
		).insert(ignore_permissions=True)
	frappe.controllers.setdefault(frappe.local.site, {})[SETTINGS] = TestGatewaySettings
	create_payment_gateway(GATEWAY)
	existing = frappe.db.get_value(
		"Payment Gateway Account", {"payment_gateway": GATEWAY, "company": company}, "name"
	)
	if existing:
		return existing
	account = frappe.get_doc(
		{
			"doctype": "Payment Gateway Account",
			"payment_gateway": GATEWAY,
			"company": company,
			"payment_account": payment_account,
			"payment_channel": "Email",
		}
	).insert(ignore_permissions=True)
	return account.name


@frappe.whitelist(allow_guest=True, methods=["POST"])
@validate_args(
	payment_request=DocName("Payment Request"),
	status=Choice(("Completed", "Authorized", "Failed", "Cancelled")),
	signature=Text(),
)
def confirm(payment_request: str, status: str, signature: str) -> str:
	"""The provider's confirmation of a payment (what a webhook delivers): checked, then passed to the
	Payment Request as the payments app's controllers do. Answers only where tests are allowed."""
	if not frappe.conf.get("allow_tests"):
		raise frappe.PermissionError
	expected = globals()["signature"](payment_request, status)
	if not hmac.compare_digest(expected, signature or ""):
		raise frappe.PermissionError
	request = frappe.get_doc("Payment Request", payment_request)
	if request.payment_gateway != GATEWAY:
		raise frappe.PermissionError
	request.run_method("on_payment_authorized", status)
	# a locking read: a plain one would read this transaction's first snapshot, from before a simultaneous
	# confirmation paid the request
	from service_advisor.services.pay_link import locked_request

	return locked_request(payment_request).status
