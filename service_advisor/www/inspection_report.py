"""The customer's inspection report, `/inspection-report?token=…` (controller of `inspection-report.html`).

No login: the token opens one completed Vehicle Inspection while its link is valid. Every invalid link
gets the same message with HTTP 404. Green points are collapsed; yellow and red ones show colour,
measurement (with its trend across visits), photos and the price, with approve/decline per line."""

import frappe
from frappe import _

from service_advisor.services import approval_link
from service_advisor.services import inspection as service

no_cache = 1
sitemap = 0


def get_context(context):
	context.no_header = 0
	context.title = _("Vehicle Inspection Report")
	token = frappe.form_dict.get("token") or ""
	try:
		doc = service.find(token if isinstance(token, str) else "")
	except service.InspectionLinkError as e:
		frappe.clear_messages()
		context.link_error = str(e) or service.invalid_message()
		context.http_status_code = 404
		return context
	context.token = token
	context.view = service.public_view(doc, token)
	context.staff_session = approval_link.is_staff_session()
	return context
