"""Pay before pickup: a pay link (ERPNext Payment Request) for a settled order's customer invoice, paid
exactly once, and the vehicle's release.

The Payment Request, its URL (from the dealership's gateway controller of the `payments` app) and the
Payment Entry are ERPNext's own. ERPNext 15's Payment Request has no `on_payment_authorized` of its own: a
gateway controller's `run_method("on_payment_authorized", status)` runs the app's doc event below, which
creates the Payment Entry through ERPNext's `PaymentRequest.set_as_paid` exactly once."""

from contextlib import contextmanager

import frappe
from frappe import _
from frappe.utils import flt, now_datetime

from service_advisor.domain import pay_link as rule
from service_advisor.domain import roles as R
from service_advisor.services.approval_link import mask
from service_advisor.services.repair_order import lock_order_row
from service_advisor.services.settings import company_settings

DOCTYPE = "Repair Order"
MANAGERS = (R.SERVICE_MANAGER, R.STATION_MANAGER, R.GENERAL_MANAGER, "System Manager")


class PayLinkError(frappe.ValidationError):
	pass


class PaymentFirstError(frappe.ValidationError):
	pass


# ---------------------------------------------------------------- per dealership
def gateway_account_of(company: str | None) -> str | None:
	settings = company_settings(company)
	return settings.payment_gateway_account if settings else None


def payment_first(company: str | None) -> bool:
	settings = company_settings(company)
	return bool(settings and settings.payment_before_pickup)


# ---------------------------------------------------------------- Send Pay Link
def customer_invoice(order) -> str:
	"""The order's submitted customer invoice (the warranty invoice is the manufacturer's, never linked)."""
	name = order.sales_invoice
	if not name or frappe.db.get_value("Sales Invoice", name, "docstatus") != 1:
		frappe.throw(
			_("Repair Order {0} has no submitted customer invoice to pay.").format(order.name), PayLinkError
		)
	return name


def owed_on(invoice_name: str) -> float:
	"""What the customer still owes on an invoice: its outstanding amount and that of its submitted returns
	(ERPNext 15's returns carry their own negative outstanding unless they update the original's), as a
	locking read."""
	si = frappe.qb.DocType("Sales Invoice")
	rows = (
		frappe.qb.from_(si)
		.select(si.outstanding_amount)
		.where(
			(si.docstatus == 1)
			& ((si.name == invoice_name) | ((si.return_against == invoice_name) & (si.is_return == 1)))
		)
		.for_update()
	).run()
	return flt(sum(flt(row[0]) for row in rows), 2)


def open_requests(invoice_name: str) -> list[dict]:
	"""The invoice's submitted, unpaid Payment Requests, newest first, as a locking read (run after the
	order's lock, it sees what another request committed)."""
	pr = frappe.qb.DocType("Payment Request")
	return (
		frappe.qb.from_(pr)
		.select(pr.name, pr.status, pr.grand_total, pr.payment_url)
		.where(
			(pr.reference_doctype == "Sales Invoice")
			& (pr.reference_name == invoice_name)
			& (pr.docstatus == 1)
			& (pr.status.isin(rule.OPEN_STATES))
		)
		.orderby(pr.creation, order=frappe.qb.desc)
		.for_update()
	).run(as_dict=True)


def channels_of(customer: str) -> dict:
	email, mobile = frappe.db.get_value("Customer", customer, ["email_id", "mobile_no"]) or (None, None)
	sms = bool(mobile) and bool(frappe.db.get_single_value("SMS Settings", "sms_gateway_url"))
	return {"email": email or None, "mobile": mobile if sms else None}


def send_pay_link(order_name: str) -> dict:
	"""Send the customer a link to pay the order's customer invoice online. One Payment Request per
	outstanding amount: sending again while it is open sends the same request again."""
	frappe.has_permission(DOCTYPE, "write", order_name, throw=True)
	lock_order_row(order_name)
	order = frappe.get_doc(DOCTYPE, order_name)
	invoice_name = customer_invoice(order)
	gateway_account = gateway_account_of(order.company)
	if not gateway_account:
		frappe.throw(
			_("No Payment Gateway Account is set for {0} in Service Advisor Company Settings.").format(
				order.company
			),
			PayLinkError,
		)
	invoice = frappe.get_doc("Sales Invoice", invoice_name, for_update=True)
	currency = company_settings(order.company).payment_currency
	if currency and invoice.currency != currency:
		frappe.throw(
			_("Sales Invoice {0} is in {1}; the dealership's payment gateway account takes {2}.").format(
				invoice_name, invoice.currency, currency
			),
			PayLinkError,
		)
	amount = rule.link_amount(owed_on(invoice_name))
	if not amount:
		frappe.throw(_("Nothing is outstanding on Sales Invoice {0}.").format(invoice_name), PayLinkError)
	channels = channels_of(invoice.customer)
	if not channels["email"] and not channels["mobile"]:
		frappe.throw(
			_(
				"Customer {0} has no e-mail address or mobile number to send the link to (SMS needs SMS Settings)."
			).format(invoice.customer),
			PayLinkError,
		)
	requests = open_requests(invoice_name)
	name = rule.request_to_reuse(requests, amount)
	for stale in requests:
		if stale.name != name:
			cancel_request(stale.name)
	request = (
		frappe.get_doc("Payment Request", name) if name else new_request(invoice, gateway_account, amount)
	)
	if channels["email"] and request.email_to != channels["email"]:
		request.db_set("email_to", channels["email"])
	if not request.payment_url:
		request.set_payment_request_url()
	deliver(order, request, channels)
	if order.pay_link_request != request.name:
		order.db_set("pay_link_request", request.name, notify=True)
	order.add_comment(
		"Info",
		(_("Pay link {0} sent again") if name else _("Pay link {0} sent")).format(request.name),
	)
	return {
		"payment_request": request.name,
		"amount": amount,
		"resent": bool(name),
		"sent_to": [mask(c) for c in (channels["email"], channels["mobile"]) if c],
	}


def new_request(invoice, gateway_account: str, amount: float):
	"""ERPNext's Payment Request for the invoice, as `make_payment_request` builds it (the caller's right
	is the order's write right, checked in send_pay_link: advisors do not create Payment Requests)."""
	from erpnext.accounts.doctype.payment_request.payment_request import (
		get_dummy_message,
		get_payment_gateway_account,
	)

	gateway = get_payment_gateway_account(gateway_account)
	request = frappe.new_doc("Payment Request")
	request.update(
		{
			"payment_gateway_account": gateway.name,
			"payment_gateway": gateway.payment_gateway,
			"payment_account": gateway.payment_account,
			"payment_request_type": "Inward",
			"currency": invoice.currency,
			"party_account_currency": invoice.party_account_currency,
			"grand_total": amount,
			"email_to": frappe.db.get_value("Customer", invoice.customer, "email_id") or invoice.owner,
			"subject": _("Payment Request for {0}").format(invoice.name),
			"message": gateway.get("message") or get_dummy_message(invoice),
			"reference_doctype": "Sales Invoice",
			"reference_name": invoice.name,
			"company": invoice.company,
			"party_type": "Customer",
			"party": invoice.customer,
			"party_name": invoice.customer_name,
			"cost_center": invoice.get("cost_center"),
			"project": invoice.get("project"),
		}
	)
	request.flags.mute_email = True  # the app sends the link itself (deliver)
	request.flags.ignore_permissions = True
	request.insert()
	request.submit()
	return request


def deliver(order, request, channels: dict):
	url = request.payment_url
	text = _("Your vehicle is ready. Please pay {0} {1} for repair order {2} here: {3}").format(
		request.currency, flt(request.grand_total, 2), order.name, url
	)
	if channels["email"]:
		frappe.sendmail(
			recipients=[channels["email"]],
			subject=_("Payment for repair order {0}").format(order.name),
			message=frappe.utils.escape_html(text),
			reference_doctype="Payment Request",
			reference_name=request.name,
		)
	if channels["mobile"]:
		from frappe.core.doctype.sms_settings.sms_settings import send_sms

		send_sms([channels["mobile"]], text, success_msg=False)


def cancel_request(name: str):
	"""Cancel an open request (the order's link to it is replaced or cleared by the caller)."""
	request = frappe.get_doc("Payment Request", name)
	request.flags.ignore_permissions = True
	request.ignore_linked_doctypes = [*(request.get("ignore_linked_doctypes") or []), DOCTYPE]
	request.cancel()


# ---------------------------------------------------------------- the gateway's confirmation
def order_of_request(request) -> str | None:
	if request.reference_doctype != "Sales Invoice" or not request.reference_name:
		return None
	return frappe.db.get_value("Sales Invoice", request.reference_name, "repair_order")


def locked_request(name: str) -> dict:
	pr = frappe.qb.DocType("Payment Request")
	rows = (
		frappe.qb.from_(pr).select(pr.name, pr.status, pr.docstatus).where(pr.name == name).for_update()
	).run(as_dict=True)
	return rows[0] if rows else frappe._dict()


def on_payment_authorized(request, method=None, status=None, *args, **kwargs):
	"""Doc event of Payment Request's `on_payment_authorized` (what every gateway controller of the
	`payments` app runs on the provider's confirmation). Exactly one Payment Entry, however often and
	however simultaneously the confirmation comes: the order's row is locked first (as every change of its
	invoices does), then the request's row, and its status is re-read with a locking read; a paid or
	cancelled request is left as it is."""
	if not rule.is_confirmation(status):
		return None
	order_name = order_of_request(request)
	if not order_name:
		return None
	lock_order_row(order_name)
	current = locked_request(request.name)
	if current.get("docstatus") != 1 or current.get("status") not in rule.OPEN_STATES:
		return None
	fresh = frappe.get_doc("Payment Request", request.name)
	with accounts_booking():
		entry = fresh.set_as_paid()
		after_payment(order_name, fresh, entry)
	return entry


@contextmanager
def accounts_booking():
	"""The Payment Entry of a confirmed payment is booked by the system: the confirmation comes from the
	gateway (a provider's webhook, as Guest) or the customer's browser, and ERPNext 15's Payment Entry
	checks the session user's right to it (get_account_details) even when inserted with
	ignore_permissions. The caller has authenticated the confirmation (the gateway's signature)."""
	user = frappe.session.user
	if frappe.has_permission("Payment Entry", "create") and frappe.has_permission("Payment Entry", "submit"):
		yield
		return
	frappe.set_user("Administrator")
	try:
		yield
	finally:
		frappe.set_user(user)


def after_payment(order_name: str, request, entry):
	order = frappe.get_doc(DOCTYPE, order_name)
	if rule.link_amount(owed_on(request.reference_name)) == 0:
		order.db_set("paid_on", now_datetime(), notify=True)
	order.add_comment(
		"Info",
		_("Paid online: Payment Entry {0} for Payment Request {1}").format(entry.name, request.name),
	)
	notify_advisor(order, request, entry)


def notify_advisor(order, request, entry):
	if not order.advisor:
		return
	frappe.get_doc(
		{
			"doctype": "Notification Log",
			"for_user": order.advisor,
			"type": "Alert",
			"document_type": DOCTYPE,
			"document_name": order.name,
			"subject": _("Repair Order {0} paid online ({1} {2})").format(
				order.name, request.currency, flt(entry.paid_amount, 2)
			),
		}
	).insert(ignore_permissions=True)


# ---------------------------------------------------------------- release of the vehicle
def record_payment_exception(order_name: str, reason: str) -> None:
	"""A manager lets the vehicle go unpaid (the reason is kept, with who and when)."""
	frappe.has_permission(DOCTYPE, "write", order_name, throw=True)
	if not set(MANAGERS) & set(frappe.get_roles()):
		frappe.throw(_("Only a manager may release an unpaid vehicle."), frappe.PermissionError)
	lock_order_row(order_name)
	order = frappe.get_doc(DOCTYPE, order_name)
	if order.docstatus != 1:
		frappe.throw(_("Repair Order {0} is not delivered.").format(order_name), PayLinkError)
	order.db_set(
		{
			"payment_exception_reason": reason,
			"payment_exception_by": frappe.session.user,
			"payment_exception_on": now_datetime(),
		},
		notify=True,
	)
	order.add_comment("Info", _("Payment exception: {0}").format(reason))


def customer_owes(order) -> float:
	"""What the customer still owes for the order: on the customer invoice and its returns (the warranty
	invoice is the manufacturer's); before the customer invoice is submitted, the customer's lines."""
	from service_advisor.domain import settlement as billing

	if order.sales_invoice:
		return owed_on(order.sales_invoice)
	return flt(
		sum(
			flt(row.amount)
			for row in order.items
			if (row.billable_to or billing.CUSTOMER) == billing.CUSTOMER and not row.sales_invoice
		),
		2,
	)


def release_vehicle(order_name: str) -> str:
	"""Hand the vehicle over to the customer (gate pass). Where the dealership requires payment before
	pickup, refused until nothing is outstanding on the order's invoices or a manager recorded an
	exception."""
	from service_advisor.domain import repair_order as states

	frappe.has_permission(DOCTYPE, "write", order_name, throw=True)
	lock_order_row(order_name)
	order = frappe.get_doc(DOCTYPE, order_name)
	if order.docstatus != 1 or order.workflow_state not in (states.DELIVERED, states.SETTLED, states.CLOSED):
		frappe.throw(_("Repair Order {0} is not delivered.").format(order_name), PayLinkError)
	if order.vehicle_released_on:
		return str(order.vehicle_released_on)
	verdict = rule.may_release(
		payment_first(order.company), customer_owes(order), bool(order.payment_exception_by)
	)
	if not verdict.allowed:
		frappe.throw(
			_(
				"Repair Order {0} must be paid before the vehicle is released (or a manager records an exception)."
			).format(order_name),
			PaymentFirstError,
		)
	released = now_datetime()
	order.db_set({"vehicle_released_on": released, "vehicle_released_by": frappe.session.user}, notify=True)
	order.add_comment("Info", _("Vehicle released"))
	return str(released)


# ---------------------------------------------------------------- credit notes and amended invoices
def on_invoice_change(invoice, method=None):
	"""A return (credit note) against a customer invoice lowers its open pay link: the open request is
	cancelled and, while something is still owed, a new one asks for the lower amount (sent again with Send
	Pay Link). Cancelling the invoice (to amend it) cancels its open requests."""
	target = invoice.return_against if invoice.is_return else invoice.name
	if not target or not frappe.db.get_value("Sales Invoice", target, "repair_order"):
		return  # not a repair order's invoice: ERPNext's own behaviour is left as it is
	requests = open_requests(target)
	if not requests:
		return
	for request in requests:
		cancel_request(request.name)
	original = frappe.get_doc("Sales Invoice", target)
	amount = rule.link_amount(owed_on(target)) if invoice.is_return and original.docstatus == 1 else 0
	replacement = None
	if amount:
		gateway_account = frappe.db.get_value(
			"Payment Request", requests[0].name, "payment_gateway_account"
		) or gateway_account_of(original.company)
		replacement = new_request(original, gateway_account, amount)
		replacement.set_payment_request_url()
	if original.get("repair_order"):
		frappe.db.set_value(
			DOCTYPE, original.repair_order, "pay_link_request", replacement.name if replacement else None
		)
