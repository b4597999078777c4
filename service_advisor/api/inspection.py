"""Digital inspection: the advisor quotes its findings and sends it; the customer sees it through one
link (no login: the token is the authority) and decides each quoted point."""

import frappe
from frappe import _
from frappe.rate_limiter import rate_limit

from service_advisor.api.validation import Choice, DocName, Int, Secret, Text, validate_args
from service_advisor.services import approval_link
from service_advisor.services import inspection as service

INSPECTION = DocName(service.INSPECTION)


@frappe.whitelist(methods=["POST"])
@validate_args(inspection=INSPECTION)
def make_add_ons(inspection: str) -> list[str]:
	"""One add-on per yellow or red point not yet quoted (advisor desk; write on the order)."""
	frappe.has_permission(service.INSPECTION, "read", inspection, throw=True)
	return service.make_add_ons(inspection)


@frappe.whitelist(methods=["POST"])
@validate_args(inspection=INSPECTION)
def send_link(inspection: str) -> dict:
	"""Send the inspection report link to the customer (the URL is never returned to staff)."""
	frappe.has_permission(service.INSPECTION, "read", inspection, throw=True)
	return service.send_link(inspection)


@frappe.whitelist(allow_guest=True, methods=["POST"])
@rate_limit(limit=60, seconds=60 * 60)
@validate_args(
	token=Secret(service.invalid_message, service.InspectionLinkError),
	add_on=Text(error=service.InspectionLinkError),
	decision=Choice(("Approved", "Declined"), error=service.InspectionLinkError),
)
def respond(token: str, add_on: str, decision: str) -> str:
	"""The customer approves or declines one quoted point of the inspection the token opens."""
	if approval_link.is_staff_session():
		frappe.throw(
			_(
				"The inspection link is for the customer. Record the customer's decision on the add-on instead."
			),
			frappe.PermissionError,
		)
	return service.respond(token, add_on, decision, frappe.local.request_ip)


@frappe.whitelist(allow_guest=True, methods=["GET"])
@rate_limit(limit=600, seconds=60 * 60)
@validate_args(
	token=Secret(service.invalid_message, service.InspectionLinkError),
	point=Text(error=service.InspectionLinkError),
	n=Int(1, 2),
)
def photo(token: str, point: str, n: int = 1):
	"""A point's photo for the holder of the inspection's link (the file itself stays private)."""
	file = service.photo_file(token, point, int(n))
	frappe.local.response.filename = file.file_name
	frappe.local.response.filecontent = file.get_content()
	frappe.local.response.type = "raw"
	frappe.local.response.display_content_as = "inline"
