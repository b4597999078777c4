"""The customer's approval page, `/addon-approval?token=…` (Frappe looks for the controller of
`addon-approval.html` as `addon_approval.py`: hyphens become underscores).

No login: the token is the authority and opens one add-on. Every invalid link (guessed, used, expired,
tampered, or an add-on already decided) gets the same message with HTTP 404. The template escapes
everything staff typed (Frappe's Jinja does not autoescape); `approval_link.set_page_headers` keeps
the page out of caches and frames."""

import frappe
from frappe import _

from service_advisor.services import approval_link

no_cache = 1
sitemap = 0


def get_context(context):
	context.no_header = 0
	context.title = _("Approve Additional Work")
	token = frappe.form_dict.get("token") or ""
	try:
		add_on = approval_link.find(token if isinstance(token, str) else "")
	except approval_link.ApprovalLinkError as e:
		frappe.clear_messages()  # the message is shown on the page, not again as a pop-up
		context.link_error = str(e) or approval_link.invalid_message()
		context.http_status_code = 404
		return context
	context.token = token
	context.view = approval_link.public_view(add_on)
	context.staff_session = approval_link.is_staff_session()
	return context
