"""Customer approval link for add-on items: single-use, expiring, bound to one add-on.

Only a SHA-256 hash of the token is stored, so the link cannot be read back from the database; a
guessed, reused, expired or tampered token finds nothing. The customer's use is recorded on the add-on
with the time and the IP address."""

import hashlib
import html
import re
import secrets

import frappe
from frappe import _
from frappe.utils import add_to_date, get_datetime, get_url, now_datetime

from service_advisor.domain import repair_order as rules
from service_advisor.exceptions import AddOnDecisionError
from service_advisor.services import add_ons
from service_advisor.services.retry import retry_on_deadlock
from service_advisor.services.settings import setting

PAGE = "/addon-approval"
# pages and endpoints whose URL carries a customer's token
TOKEN_PAGES = (PAGE, "/inspection-report", "/api/method/service_advisor.api.inspection.photo")


class ApprovalLinkError(frappe.ValidationError):
	pass


def token_hash(token: str) -> str:
	return hashlib.sha256((token or "").encode()).hexdigest()


def create_link(add_on) -> str:
	"""A new link for the add-on (any earlier link stops working). Returns the URL."""
	add_ons.require_role(rules.ADVISOR_DESK, "send an approval link")
	if add_on.decision != "Pending":
		frappe.throw(_("Add-on {0} has already been decided.").format(add_on.name), AddOnDecisionError)
	add_ons.check_customer_may_be_asked(add_on)
	token = secrets.token_urlsafe(32)
	now = now_datetime()
	add_on.update(
		{
			"approval_token_hash": token_hash(token),
			"approval_link_sent_on": now,
			"approval_link_expires_on": add_to_date(now, hours=int(setting("approval_link_expiry_hours"))),
			"approval_link_used_on": None,
			"approval_link_ip": None,
		}
	)
	add_on.flags[add_ons.DECISION_FLAG] = True
	add_on.save()
	return get_url(f"{PAGE}?token={token}")


# a token in any text the desk keeps (the e-mail's Communication, the SMS Log): replaced, so that no staff
# member who can read those records can open the customer's link and decide as the customer
TOKEN_IN_TEXT = re.compile(r"((?:addon-approval|inspection-report)\?token=)[A-Za-z0-9_\-]+")
REDACTED = "(sent to the customer only)"


def redact(text: str) -> str:
	return TOKEN_IN_TEXT.sub(lambda m: m.group(1) + REDACTED, text or "")


def redact_stored_copy(doc, method: str | None = None):
	"""`before_insert` of Communication and SMS Log: what is sent keeps the link, what is stored does not."""
	for field in ("content", "message"):
		value = doc.get(field)
		if isinstance(value, str) and "?token=" in value:
			doc.set(field, redact(value))


def mask(contact: str) -> str:
	"""w***@example.com, 138****8000: enough for the advisor to tell the customer where it went."""
	if "@" in contact:
		local, domain = contact.split("@", 1)
		return f"{local[:1]}***@{domain}"
	return contact[:3] + "****" + contact[-4:] if len(contact) > 7 else "****"


def customer_channels(add_on) -> dict:
	"""Where the link can go: the customer's e-mail (Notification) and mobile (Frappe's SMS Settings)."""
	email, mobile = frappe.db.get_value("Customer", add_on.customer, ["email_id", "mobile_no"]) or (
		None,
		None,
	)
	sms = bool(mobile) and bool(frappe.db.get_single_value("SMS Settings", "sms_gateway_url"))
	return {"email": email or None, "mobile": mobile if sms else None}


def send_link(add_on) -> dict:
	"""Create the link and send it to the customer only: by e-mail through the "Add-on Approval Request"
	Notification and by SMS through Frappe's SMS Settings. The URL is never returned to the staff member
	who sends it. Returns where it went (masked) and when it expires."""
	channels = customer_channels(add_on)
	if not channels["email"] and not channels["mobile"]:
		frappe.throw(
			_(
				"Customer {0} has no e-mail address or mobile number to send the link to (SMS needs SMS Settings)."
			).format(add_on.customer),
			ApprovalLinkError,
		)
	url = create_link(add_on)
	add_on.customer_email = channels["email"]
	add_on.approval_url = url
	if channels["email"]:
		add_on.run_method("send_approval_link")  # the Notification fires on this method
	if channels["mobile"]:
		from frappe.core.doctype.sms_settings.sms_settings import send_sms

		send_sms(
			[channels["mobile"]],
			_("Please review and approve or decline the additional work: {0}").format(url),
			success_msg=False,
		)
	# in this process only (tests read it); never part of a response
	frappe.local.sa_last_approval_url = url
	return {
		"sent_to": [mask(c) for c in (channels["email"], channels["mobile"]) if c],
		"expires_on": str(add_on.approval_link_expires_on),
	}


def invalid_message() -> str:
	return _("This approval link is not valid or has expired. Please contact your service advisor.")


def set_page_headers(response=None, request=None):
	"""`after_request` hook: the approval page carries a token, so it is never cached (by the browser or a
	proxy), never framed by another site (X-Frame-Options as Frappe's nginx sets it) and never sends its
	URL on as a referrer. Every response of the site says nosniff: a file is shown as its declared type only."""
	if response is None or request is None:
		return
	response.headers.setdefault("X-Content-Type-Options", "nosniff")
	if request.path.rstrip("/") not in TOKEN_PAGES:
		return
	response.headers["Cache-Control"] = "no-store, no-cache, must-revalidate, max-age=0"
	response.headers["Pragma"] = "no-cache"
	response.headers["X-Frame-Options"] = "SAMEORIGIN"
	response.headers["Referrer-Policy"] = "no-referrer"


def is_staff_session() -> bool:
	"""A signed-in desk user (System User): the link is the customer's, not theirs."""
	user = frappe.session.user
	return user != "Guest" and frappe.db.get_value("User", user, "user_type") == "System User"


def find(token: str):
	"""The add-on a valid token opens; raises ApprovalLinkError otherwise (same message for every cause)."""
	invalid = invalid_message()
	if not token or len(token) > 200:
		frappe.throw(invalid, ApprovalLinkError)
	name = frappe.db.get_value("Add-on Item", {"approval_token_hash": token_hash(token)}, "name")
	if not name:
		frappe.throw(invalid, ApprovalLinkError)
	add_on = frappe.get_doc("Add-on Item", name)
	if (
		add_on.decision != "Pending"
		or add_on.approval_link_used_on
		or not add_on.approval_link_expires_on
		or get_datetime(add_on.approval_link_expires_on) < now_datetime()
	):
		frappe.throw(invalid, ApprovalLinkError)
	return add_on


def public_view(add_on) -> dict:
	"""What the customer sees: items, prices and time — nothing else of the order. Text comes back as
	typed (Frappe stores `<` of text fields as `&lt;`): the page escapes it once."""
	return {
		"reason": html.unescape(add_on.reason or ""),
		"items": [
			{
				"item_name": html.unescape(r.item_name or r.item_code or ""),
				"qty": r.qty,
				"rate": r.rate,
				"amount": r.amount,
			}
			for r in add_on.items
		],
		"estimated_total": add_on.estimated_total,
		"extra_time_minutes": add_on.extra_time_minutes,
		"expires_on": add_on.approval_link_expires_on,
	}


@retry_on_deadlock
def respond(token: str, decision: str, ip: str | None) -> str:
	if decision not in ("Approved", "Declined"):
		frappe.throw(_("Decision must be Approved or Declined."), ApprovalLinkError)
	# the order's row first, as every customer decision takes it, then the add-on's
	name = frappe.db.get_value("Add-on Item", {"approval_token_hash": token_hash(token)}, "name")
	if name:
		add_ons.lock_order_of(name)
		frappe.db.get_value("Add-on Item", name, "name", for_update=True)
	add_on = find(token)
	record_link_decision(add_on, decision, ip, {"approval_token_hash": None})  # single use
	return decision


def record_link_decision(add_on, decision: str, ip: str | None, extra: dict | None = None) -> None:
	"""The customer's own decision on an add-on, taken through a link whose token the caller verified (the
	add-on's approval link, or the inspection report's link): recorded as the customer's, by Guest."""
	customer = frappe.db.get_value("Customer", add_on.customer, "customer_name") or add_on.customer
	add_on.update(
		{
			"decision": decision,
			"decided_by_customer": customer,
			"decision_method": "Approval Link",
			"decided_on": now_datetime(),
			"recorded_by": "Guest",
			"approval_link_used_on": now_datetime(),
			"approval_link_ip": (ip or "")[:140],
			**(extra or {}),
		}
	)
	add_on.flags[add_ons.DECISION_FLAG] = True
	add_on.flags.ignore_permissions = True  # the verified token is the customer's authority
	add_on.flags.approval_link = True
	add_on.save()
