"""Digital inspection: the advisor quotes its findings and sends it; the customer sees it through one
link (no login: the token is the authority) and decides each quoted point."""

import frappe
from frappe import _
from frappe.rate_limiter import rate_limit

from service_advisor.api.validation import Choice, DocName, FileURL, Int, Secret, Text, validate_args
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


GUEST_MEDIA = (".jpg", ".jpeg", ".png", ".webp", ".mp4", ".mov", ".webm", ".m4v")


@frappe.whitelist(allow_guest=True, methods=["GET", "POST"])
@rate_limit(limit=600, seconds=60 * 60)
@validate_args(
	token=Secret(service.invalid_message, service.InspectionLinkError),
	point=Text(error=service.InspectionLinkError),
	n=Int(1, 3),
)
def photo(token: str, point: str, n: int = 1):
	"""A point's photo (n = 1, 2) or short video (n = 3) for the holder of the inspection's link (the file
	itself stays private)."""
	file = service.photo_file(token, point, int(n))
	if not (file.file_name or "").lower().endswith(GUEST_MEDIA):
		# only pictures and videos are shown to the link's holder; anything else (HTML, SVG) never inline
		frappe.throw(service.invalid_message(), service.InspectionLinkError)
	frappe.local.response.filename = file.file_name
	frappe.local.response.filecontent = file.get_content()
	frappe.local.response.type = "download"  # as_raw: the mimetype of the file name
	frappe.local.response.display_content_as = "inline"


# ---------------------------------------------------------------- the technician's phone page
@frappe.whitelist(methods=["POST"])
@validate_args(repair_order=DocName("Repair Order"))
def start(repair_order: str) -> str:
	"""The order's draft inspection, made from the applicable template if there is none."""
	frappe.has_permission("Repair Order", "read", repair_order, throw=True)
	frappe.has_permission(service.INSPECTION, "create", throw=True)
	return service.start(repair_order)


@frappe.whitelist(methods=["POST"])
@validate_args(
	inspection=INSPECTION,
	point=Text(),
	rating=Choice(("Green", "Yellow", "Red"), error=service.InspectionRatingError),
	measurement=Text(20, error=service.InspectionRatingError),
	note=Text(1000),
)
def update_point(
	inspection: str,
	point: str,
	rating: str | None = None,
	measurement: str | None = None,
	note: str | None = None,
) -> dict:
	"""Rate one point of a draft inspection (only the order's technician or a supervisor)."""
	values = {
		k: v
		for k, v in (("rating", rating), ("measurement", measurement), ("note", note))
		if k in frappe.form_dict or v is not None
	}
	return service.update_point(inspection, point, values)


@frappe.whitelist(methods=["POST"])
@validate_args(inspection=INSPECTION, point=Text(), slot=Int(1, 3), file_url=FileURL())
def attach_photo(inspection: str, point: str, slot: int, file_url: str) -> str:
	"""Put a file uploaded to the inspection on one of its points (photo, second photo, short video)."""
	return service.attach_photo(inspection, point, int(slot), file_url)


@frappe.whitelist(methods=["POST"])
@validate_args(inspection=INSPECTION)
def complete(inspection: str) -> str:
	"""Complete (submit) the inspection: every point rated; immutable afterwards."""
	return service.complete(inspection)
