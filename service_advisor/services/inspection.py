"""Vehicle Inspection: the technician rates every point of the template on a repair order; the advisor
turns the yellow and red points into add-on lines; the customer decides on each line through one link.

Rules (colours from measurements) are in `domain/inspection.py`; this module reads and writes the site.
"""

import html
import secrets

import frappe
from frappe import _
from frappe.utils import add_to_date, flt, get_datetime, get_url, now_datetime

from service_advisor.domain import inspection as rules
from service_advisor.domain import repair_order as ro
from service_advisor.domain import roles as R
from service_advisor.services import add_ons, approval_link
from service_advisor.services.approval_link import token_hash
from service_advisor.services.repair_order import lock_order_row
from service_advisor.services.retry import retry_on_deadlock
from service_advisor.services.settings import company_setting, setting

TEMPLATE = "Inspection Template"
INSPECTION = "Vehicle Inspection"
PAGE = "/inspection-report"

# states of the order in which the car is in the workshop and may be inspected
INSPECTABLE_STATES: tuple[str, ...] = (ro.CHECKED_IN, ro.AUTHORISED, ro.IN_REPAIR, ro.AWAITING_APPROVAL)
# who inspects any order (a Workshop Technician inspects the orders assigned to them)
INSPECTOR_SUPERVISORS: tuple[str, ...] = (R.SERVICE_MANAGER, R.TECHNICAL_DIRECTOR, "System Manager")


class InspectionError(frappe.ValidationError):
	pass


class InspectionRatingError(InspectionError):
	"""A colour that contradicts the measurement, an unknown colour, or a measurement that is no number."""


class InspectionLinkError(frappe.ValidationError):
	pass


# ---------------------------------------------------------------- templates
def threshold_message(problem: str, row) -> str:
	return {
		rules.THRESHOLDS_ORDER: _(
			"Row {0} ({1}): the red threshold must be worse than the yellow one (lower when lower is worse)."
		),
		rules.THRESHOLD_WITHOUT_UNIT: _("Row {0} ({1}): a measured point needs its unit (mm, V, %…)."),
		rules.BAD_DIRECTION: _("Row {0} ({1}): Worse When must be Lower or Higher."),
	}[problem].format(row.idx, row.point)


def validate_template(doc) -> None:
	for row in doc.points:
		if not row.measured:
			continue
		problem = rules.threshold_problem(row.unit, thresholds(row))
		if problem:
			frappe.throw(threshold_message(problem, row), InspectionError)
		if flt(row.standard_hours) < 0 or flt(row.part_qty) < 0:
			frappe.throw(
				_("Row {0}: hours and quantities cannot be negative.").format(row.idx), InspectionError
			)


def thresholds(row) -> rules.Thresholds:
	if not row.measured:
		return rules.Thresholds()
	return rules.Thresholds(
		yellow_at=flt(row.yellow_at),
		red_at=flt(row.red_at),
		worse_when=row.worse_when or rules.LOWER_IS_WORSE,
	)


def template_for(company: str | None, make: str | None) -> str | None:
	"""The most specific enabled template: company and make, company, make, then the default."""
	rows = frappe.get_all(
		TEMPLATE,
		filters={"disabled": 0},
		fields=["name", "company", "vehicle_make", "is_default"],
		order_by="modified desc",
	)
	make = (make or "").strip().lower()

	def score(r):
		if r.company and r.company != company:
			return -1
		if r.vehicle_make and r.vehicle_make.strip().lower() != make:
			return -1
		return (2 if r.company else 0) + (1 if r.vehicle_make else 0) + (0.5 if r.is_default else 0)

	ranked = sorted(((score(r), r.name) for r in rows if score(r) >= 0), key=lambda x: -x[0])
	return ranked[0][1] if ranked else None


# ---------------------------------------------------------------- the inspection document
def fill_from_order(doc) -> None:
	order = frappe.db.get_value(
		"Repair Order",
		doc.repair_order,
		["company", "customer", "vehicle", "advisor", "technician", "odometer", "workflow_state"],
		as_dict=True,
	)
	if not order:
		frappe.throw(_("Repair Order {0} does not exist.").format(doc.repair_order), InspectionError)
	if doc.is_new() and order.workflow_state not in INSPECTABLE_STATES:
		frappe.throw(
			_("A vehicle is inspected while its order is in the workshop ({0}); order {1} is {2}.").format(
				", ".join(_(s) for s in INSPECTABLE_STATES), doc.repair_order, _(order.workflow_state or "")
			),
			InspectionError,
		)
	doc.update(
		{
			"company": order.company,
			"customer": order.customer,
			"vehicle": order.vehicle,
			"advisor": order.advisor,
			"technician": order.technician,
		}
	)
	if not doc.odometer:
		doc.odometer = order.odometer
	if not doc.template:
		make = frappe.db.get_value("Customer Vehicle", order.vehicle, "make") if order.vehicle else None
		doc.template = template_for(order.company, make)
	if not doc.template:
		frappe.throw(_("No Inspection Template applies to this order; create one first."), InspectionError)


def check_inspector(doc, user: str | None = None) -> None:
	"""A technician inspects only the orders assigned to them (unless the settings allow any technician);
	supervisors inspect any. Read from the stored order, never from the document being saved."""
	user = user or frappe.session.user
	if user == "Administrator":
		return
	roles = set(frappe.get_roles(user))
	if roles & set(INSPECTOR_SUPERVISORS):
		return
	if R.WORKSHOP_TECHNICIAN not in roles:
		frappe.throw(_("Only the workshop inspects vehicles."), frappe.PermissionError)
	if int(setting("inspection_by_any_technician") or 0):
		return
	technician = frappe.db.get_value("Repair Order", doc.repair_order, "technician")
	technician_user = frappe.db.get_value("Employee", technician, "user_id") if technician else None
	if technician_user != user:
		frappe.throw(
			_(
				"Repair Order {0} is assigned to another technician; only they or the foreman inspect it."
			).format(doc.repair_order),
			frappe.PermissionError,
		)


def load_points(doc) -> None:
	"""A new inspection starts with every point of its template (nothing the client sends replaces them)."""
	template = frappe.get_cached_doc(TEMPLATE, doc.template)
	typed = {(r.area, r.point): r for r in doc.points}
	doc.set("points", [])
	for t in template.points:
		row = typed.get((t.area, t.point))
		doc.append(
			"points",
			{
				"area": t.area,
				"point": t.point,
				"point_zh": t.point_zh,
				"measured": t.measured,
				"unit": t.unit,
				"worse_when": t.worse_when,
				"yellow_at": t.yellow_at,
				"red_at": t.red_at,
				"labour_item": t.labour_item,
				"standard_hours": t.standard_hours,
				"part_item": t.part_item,
				"part_qty": t.part_qty,
				**(
					{
						k: row.get(k)
						for k in ("rating", "measurement", "note", "photo", "second_photo", "video")
						if row.get(k) is not None
					}
					if row
					else {}
				),
			},
		)


def keep_template_fields(doc) -> None:
	"""The point definitions come from the template: a client cannot move a threshold to change a colour."""
	before = doc.get_doc_before_save()
	if not before:
		return
	stored = {r.name: r for r in before.points}
	if {r.name for r in doc.points} != set(stored):
		frappe.throw(
			_("The points of an inspection come from its template and cannot be added or removed."),
			InspectionError,
		)
	for row in doc.points:
		old = stored[row.name]
		for field in (
			"area",
			"point",
			"point_zh",
			"measured",
			"unit",
			"worse_when",
			"yellow_at",
			"red_at",
			"labour_item",
			"standard_hours",
			"part_item",
			"part_qty",
		):
			row.set(field, old.get(field))


def parse_measurement(row) -> float | None:
	text = (row.measurement or "").strip().replace(",", ".")
	if not text:
		return None
	try:
		value = float(text)
	except ValueError:
		frappe.throw(
			_("Row {0} ({1}): the measurement must be a number in {2}, not {3}.").format(
				row.idx, row.point, row.unit or "", frappe.bold(html.escape(row.measurement))
			),
			InspectionRatingError,
		)
	if value != value or value in (float("inf"), float("-inf")):
		frappe.throw(
			_("Row {0} ({1}): the measurement must be a number.").format(row.idx, row.point),
			InspectionRatingError,
		)
	return value


def rate_points(doc) -> None:
	for row in doc.points:
		value = parse_measurement(row)
		rating, problem = rules.rate_point(row.rating or None, value, thresholds(row))
		if problem == rules.CONTRADICTS:
			expected = rules.rating_for(value, thresholds(row))
			frappe.throw(
				_("Row {0} ({1}): {2} {3} is {4}, not {5}. Correct the colour or the measurement.").format(
					row.idx, row.point, value, row.unit or "", _(expected), _(row.rating)
				),
				InspectionRatingError,
			)
		if problem == rules.NEGATIVE_MEASUREMENT:
			frappe.throw(
				_("Row {0} ({1}): a measurement cannot be negative.").format(row.idx, row.point),
				InspectionRatingError,
			)
		if problem == rules.BAD_RATING:
			frappe.throw(
				_("Row {0} ({1}): the rating must be Green, Yellow or Red.").format(row.idx, row.point),
				InspectionRatingError,
			)
		row.rating = rating or ""
		row.measured_value = value if value is not None else 0
		if value is not None:
			row.measurement = f"{value:g}"


def set_counts(doc) -> None:
	c = rules.count(r.rating for r in doc.points)
	doc.green_count, doc.yellow_count, doc.red_count = c.green, c.yellow, c.red


def before_submit(doc) -> None:
	unrated = [r for r in doc.points if r.rating not in rules.RATINGS]
	if unrated:
		frappe.throw(
			_(
				"Rate every point before completing the inspection; {0} not rated, first: row {1} ({2})."
			).format(len(unrated), unrated[0].idx, unrated[0].point),
			InspectionError,
		)
	doc.inspected_by = frappe.session.user
	doc.inspected_on = now_datetime()


def before_cancel(doc) -> None:
	decided = frappe.get_all(
		"Add-on Item",
		filters={"vehicle_inspection": doc.name, "decision": ("!=", "Pending")},
		pluck="name",
	)
	if decided:
		frappe.throw(
			_("The customer has decided on add-ons of this inspection ({0}); it cannot be cancelled.").format(
				", ".join(decided)
			),
			InspectionError,
		)


# ---------------------------------------------------------------- from finding to sale
def _prices(price_list: str | None, items: set[str]) -> dict[str, float]:
	if not price_list or not items:
		return {}
	return dict(
		frappe.get_all(
			"Item Price",
			filters={"price_list": price_list, "item_code": ("in", list(items))},
			fields=["item_code", "price_list_rate"],
			as_list=True,
		)
	)


def make_add_ons(inspection_name: str) -> list[str]:
	"""One add-on per yellow or red point not yet quoted: labour at the point's standard hours and its part,
	at the dealership's price list. Returns the new add-ons' names."""
	from service_advisor.services import add_ons

	add_ons.require_role(ro.ADVISOR_DESK, "quote the inspection's findings")
	doc = frappe.get_doc(INSPECTION, inspection_name)
	frappe.has_permission("Repair Order", "write", doc.repair_order, throw=True)
	if doc.docstatus != 1:
		frappe.throw(_("Complete the inspection before quoting its findings."), InspectionError)
	todo = [r for r in doc.points if rules.needs_action(r.rating) and not r.add_on_item]
	missing = [r for r in todo if not r.labour_item and not r.part_item]
	if missing:
		frappe.throw(
			_(
				"Point {0} has no labour or part item on template {1}; add one there or quote it by hand."
			).format(missing[0].point, doc.template),
			InspectionError,
		)
	price_list = company_setting("default_price_list", doc.company)
	needed = {i for r in todo for i in (r.labour_item, r.part_item) if i}
	prices = _prices(price_list, needed)
	unpriced = sorted(needed - set(prices))
	if unpriced:
		# never a quote at 0: the advisor learns which item lacks a price in which price list
		frappe.throw(
			_(
				"Item {0} has no price in price list {1}: set the dealership's rate there, then quote again."
			).format(frappe.bold(unpriced[0]), frappe.bold(price_list or _("(no default price list)"))),
			InspectionError,
		)
	made = []
	for row in todo:
		items = []
		if row.labour_item:
			items.append(
				{
					"item_code": row.labour_item,
					"item_type": "Labour",
					"qty": flt(row.standard_hours) or 1,
					"rate": prices.get(row.labour_item, 0),
				}
			)
		if row.part_item:
			items.append(
				{
					"item_code": row.part_item,
					"item_type": "Part",
					"qty": flt(row.part_qty) or 1,
					"rate": prices.get(row.part_item, 0),
				}
			)
		for item in items:
			item["item_name"] = frappe.db.get_value("Item", item["item_code"], "item_name")
		measured = f" {row.measurement} {row.unit}" if row.measurement else ""
		add_on = frappe.get_doc(
			{
				"doctype": "Add-on Item",
				"repair_order": doc.repair_order,
				"vehicle_inspection": doc.name,
				"inspection_point": row.name,
				# kept on the quote for the Inspection Sales report (approval with photos, hours to decision)
				"inspection_photo": 1 if (row.photo or row.second_photo) else 0,
				"inspected_on": doc.inspected_on,
				"reason": _("Inspection {0}: {1} — {2} ({3}{4})").format(
					doc.name, _(row.area), row.point, _(row.rating), measured
				),
				"items": items,
			}
		)
		add_on.insert()
		row.db_set("add_on_item", add_on.name)
		made.append(add_on.name)
	if made:
		doc.db_set("quoted_on", now_datetime())
	return made


# ---------------------------------------------------------------- the customer's link
def invalid_message() -> str:
	return _("This inspection link is not valid or has expired. Please contact your service advisor.")


def create_link(inspection_name: str) -> str:
	from service_advisor.services import add_ons

	add_ons.require_role(ro.ADVISOR_DESK, "send the inspection to the customer")
	doc = frappe.get_doc(INSPECTION, inspection_name)
	frappe.has_permission("Repair Order", "write", doc.repair_order, throw=True)
	if doc.docstatus != 1:
		frappe.throw(_("Complete the inspection before sending it to the customer."), InspectionError)
	token = secrets.token_urlsafe(32)
	now = now_datetime()
	doc.db_set(
		{
			"approval_token_hash": token_hash(token),
			"approval_link_sent_on": now,
			"approval_link_expires_on": add_to_date(now, hours=int(setting("approval_link_expiry_hours"))),
		}
	)
	return get_url(f"{PAGE}?token={token}")


def send_link(inspection_name: str) -> dict:
	"""Create the link and send it to the customer only (e-mail, SMS); the URL is never returned."""
	doc = frappe.get_doc(INSPECTION, inspection_name)
	channels = approval_link.customer_channels(doc)
	email, mobile = channels["email"], channels["mobile"]
	if not email and not mobile:
		frappe.throw(
			_(
				"Customer {0} has no e-mail address or mobile number to send the link to (SMS needs SMS Settings)."
			).format(doc.customer),
			InspectionLinkError,
		)
	url = create_link(inspection_name)
	text = _("Your vehicle inspection report, with photos and prices to approve or decline: {0}").format(url)
	if email:
		frappe.sendmail(
			recipients=[email],
			subject=_("Your vehicle inspection report"),
			message=text,
			reference_doctype=INSPECTION,
			reference_name=doc.name,
			now=False,
		)
	if mobile:
		from frappe.core.doctype.sms_settings.sms_settings import send_sms

		send_sms([mobile], text, success_msg=False)
	frappe.local.sa_last_inspection_url = url  # in this process only (tests); never part of a response
	return {
		"sent_to": [approval_link.mask(c) for c in (email, mobile) if c],
		# read after create_link wrote it (the document above was loaded before)
		"expires_on": str(frappe.db.get_value(INSPECTION, doc.name, "approval_link_expires_on") or ""),
	}


def find(token: str):
	"""The inspection a valid token opens; InspectionLinkError (one message for every cause) otherwise."""
	if not token or not isinstance(token, str) or len(token) > 200:
		frappe.throw(invalid_message(), InspectionLinkError)
	name = frappe.db.get_value(INSPECTION, {"approval_token_hash": token_hash(token), "docstatus": 1}, "name")
	if not name:
		frappe.throw(invalid_message(), InspectionLinkError)
	doc = frappe.get_doc(INSPECTION, name)
	if not doc.approval_link_expires_on or get_datetime(doc.approval_link_expires_on) < now_datetime():
		frappe.throw(invalid_message(), InspectionLinkError)
	return doc


def trends(doc) -> dict[str, list[str]]:
	"""Each measured point's values on this vehicle's completed inspections, oldest first."""
	if not doc.vehicle:
		return {}
	vi = frappe.qb.DocType(INSPECTION)
	pt = frappe.qb.DocType("Vehicle Inspection Point")
	rows = (
		frappe.qb.from_(pt)
		.join(vi)
		.on(vi.name == pt.parent)
		.select(pt.point, vi.inspected_on, pt.measured_value, pt.measurement)
		.where((vi.vehicle == doc.vehicle) & (vi.docstatus == 1) & (pt.measured == 1))
		.where(vi.inspected_on <= (doc.inspected_on or now_datetime()))
		.run(as_dict=True)
	)
	history: dict[str, list] = {}
	for r in rows:
		history.setdefault(r.point, []).append((r.inspected_on, r.measured_value if r.measurement else None))
	# shown as measured: 7 → 5 → 3 (not 7.0)
	return {point: [f"{v:g}" for v in rules.trend(h)] for point, h in history.items()}


def public_view(doc, token: str) -> dict:
	"""What the customer sees: the whole inspection, with each quoted point's price and decision."""
	add_on_names = [r.add_on_item for r in doc.points if r.add_on_item]
	add_ons = {
		a.name: a
		for a in frappe.get_all(
			"Add-on Item",
			filters={"name": ("in", add_on_names or [""])},
			fields=["name", "estimated_total", "decision"],
		)
	}
	history = trends(doc)
	points = []
	for r in doc.points:
		a = add_ons.get(r.add_on_item)
		photos = [n for n, f in ((1, r.photo), (2, r.second_photo)) if f]
		media = f"/api/method/service_advisor.api.inspection.photo?token={token}&point={r.name}"
		points.append(
			{
				"name": r.name,
				"area": _(r.area),
				"point": r.point_zh if frappe.local.lang == "zh" and r.point_zh else r.point,
				"rating": r.rating,
				"rating_label": _(r.rating),
				"measurement": r.measurement,
				"unit": r.unit,
				"note": html.unescape(r.note or ""),
				"photos": [f"{media}&n={n}" for n in photos],
				"video": f"{media}&n=3" if r.video else None,
				"trend": history.get(r.point, []) if r.measured else [],
				"add_on": a.name if a else None,
				"price": a.estimated_total if a else None,
				"decision": a.decision if a else None,
			}
		)
	return {
		"name": doc.name,
		"vehicle": doc.vehicle,
		"odometer": doc.odometer,
		"inspected_on": doc.inspected_on,
		"counts": {"green": doc.green_count, "yellow": doc.yellow_count, "red": doc.red_count},
		"action_points": [p for p in points if p["rating"] in rules.ACTION_RATINGS],
		"green_points": [p for p in points if p["rating"] == rules.GREEN],
		"expires_on": doc.approval_link_expires_on,
	}


@retry_on_deadlock
def respond(token: str, add_on_name: str, decision: str, ip: str | None) -> str:
	"""The customer approves or declines one quoted point. The token opens only its own inspection's
	add-ons; each is decided once."""
	if decision not in ("Approved", "Declined"):
		frappe.throw(_("Decision must be Approved or Declined."), InspectionLinkError)
	doc = find(token)
	# the order's row first, as every customer decision takes it: lines decided at once wait in turn
	lock_order_row(doc.repair_order)
	frappe.db.get_value("Add-on Item", add_on_name, "name", for_update=True)
	add_on = (
		frappe.get_doc("Add-on Item", add_on_name) if frappe.db.exists("Add-on Item", add_on_name) else None
	)
	if not add_on or add_on.vehicle_inspection != doc.name:
		frappe.throw(invalid_message(), InspectionLinkError)
	if add_on.decision != "Pending":
		frappe.throw(_("This item has already been decided."), InspectionLinkError)
	# a quote that may be under warranty waits for the warranty clerk, as at the desk and on the add-on link
	add_ons.check_customer_may_be_asked(add_on)
	approval_link.record_link_decision(add_on, decision, ip)
	return decision


def photo_file(token: str, point: str, n: int):
	"""The File of a point's photo, for a guest holding the inspection's link (private files otherwise
	need a desk login)."""
	doc = find(token)
	row = next((r for r in doc.points if r.name == point), None)
	url = row.get(PHOTO_SLOTS[n]) if row and n in PHOTO_SLOTS else None
	if not url:
		frappe.throw(invalid_message(), InspectionLinkError)
	# only a file attached to this inspection: a URL typed into the row never opens another document's file
	name = frappe.db.get_value(
		"File", {"file_url": url, "attached_to_doctype": INSPECTION, "attached_to_name": doc.name}, "name"
	)
	if not name:
		frappe.throw(invalid_message(), InspectionLinkError)
	return frappe.get_doc("File", name)


# ---------------------------------------------------------------- the technician's phone page
POINT_INPUTS = ("rating", "measurement", "note")
PHOTO_SLOTS = {1: "photo", 2: "second_photo", 3: "video"}


def start(repair_order: str) -> str:
	"""The order's draft inspection, or a new one from the applicable template (the caller's right to
	inspect this order is checked by the document's validation)."""
	draft = frappe.db.get_value(INSPECTION, {"repair_order": repair_order, "docstatus": 0}, "name")
	if draft:
		return draft
	doc = frappe.get_doc({"doctype": INSPECTION, "repair_order": repair_order})
	doc.insert()
	return doc.name


ROW_INPUTS = ("rating", "measurement", "measured_value", "note", "photo", "second_photo", "video")


def _draft(inspection_name: str):
	"""The inspection as last committed, locked: taps on two points of one inspection arrive as parallel
	requests, and each saves every row. Under REPEATABLE READ a plain read may be older than another
	request's commit, so the parent and its rows are read with locking reads (latest committed values)
	and laid over the document before it is changed, so no tap overwrites another's."""
	locked = frappe.db.get_value(
		INSPECTION, inspection_name, ["modified", "docstatus"], as_dict=True, for_update=True
	)
	doc = frappe.get_doc(INSPECTION, inspection_name)
	pt = frappe.qb.DocType("Vehicle Inspection Point")
	rows = (
		frappe.qb.from_(pt)
		.select(pt.name, *(pt[f] for f in ROW_INPUTS))
		.where((pt.parent == inspection_name) & (pt.parenttype == INSPECTION))
		.for_update()
		.run(as_dict=True)
	)
	latest = {r.name: r for r in rows}
	for row in doc.points:
		if row.name in latest:
			row.update({f: latest[row.name][f] for f in ROW_INPUTS})
	doc.modified, doc.docstatus = locked.modified, locked.docstatus
	frappe.has_permission(INSPECTION, "write", doc, throw=True)
	if doc.docstatus != 0:
		frappe.throw(_("A completed inspection cannot be changed."), InspectionError)
	return doc


def _row(doc, point: str):
	row = next((r for r in doc.points if r.name == point), None)
	if not row:
		frappe.throw(_("Point {0} is not part of inspection {1}.").format(point, doc.name), InspectionError)
	return row


def update_point(inspection_name: str, point: str, values: dict) -> dict:
	"""Rate one point (colour, measurement, note) and save; the colour follows the measurement."""
	doc = _draft(inspection_name)
	row = _row(doc, point)
	for field in POINT_INPUTS:
		if field in values:
			row.set(field, values[field] or "")
	doc.save()
	row = _row(doc, point)
	return {
		"rating": row.rating,
		"measurement": row.measurement,
		"counts": [doc.green_count, doc.yellow_count, doc.red_count],
	}


def attach_photo(inspection_name: str, point: str, slot: int, file_url: str) -> str:
	"""Put an uploaded file on a point: only a file uploaded to this inspection (never another document's)."""
	doc = _draft(inspection_name)
	row = _row(doc, point)
	if not frappe.db.exists(
		"File", {"file_url": file_url, "attached_to_doctype": INSPECTION, "attached_to_name": doc.name}
	):
		frappe.throw(_("Upload the photo to this inspection first."), InspectionError)
	row.set(PHOTO_SLOTS[slot], file_url)
	doc.save()
	return file_url


def complete(inspection_name: str) -> str:
	doc = _draft(inspection_name)
	frappe.has_permission(INSPECTION, "submit", doc, throw=True)
	doc.submit()
	return doc.name


def page_view(repair_order: str) -> dict:
	"""What the technician's page shows for one order: its draft (or completed) inspection's points."""
	name = frappe.db.get_value(
		INSPECTION,
		{"repair_order": repair_order, "docstatus": ("<", 2)},
		"name",
		order_by="docstatus asc, creation desc",
	)
	if not name:
		return {"inspection": None}
	doc = frappe.get_doc(INSPECTION, name)
	frappe.has_permission(INSPECTION, "read", doc, throw=True)
	return {
		"inspection": doc.name,
		"docstatus": doc.docstatus,
		"counts": (doc.green_count, doc.yellow_count, doc.red_count),
		"points": [
			{
				"name": r.name,
				"area": _(r.area),
				"point": r.point_zh if frappe.local.lang == "zh" and r.point_zh else r.point,
				"measured": r.measured,
				"unit": r.unit,
				"rating": r.rating,
				"measurement": r.measurement,
				"note": r.note,
				"photos": [f for f in (r.photo, r.second_photo) if f],
			}
			for r in doc.points
		],
	}


def measurement_trends(inspection_name: str) -> dict[str, list[str]]:
	"""Jinja (print format): each measured point's values on this vehicle up to this inspection."""
	doc = frappe.get_doc(INSPECTION, inspection_name)
	frappe.has_permission(INSPECTION, "read", doc, throw=True)
	return trends(doc)


# ---------------------------------------------------------------- quoted findings kept on the inspection
def _quote_figures(add_on) -> dict[str, float] | None:
	if not (add_on and add_on.get("vehicle_inspection")):
		return None
	return rules.quote_figures(
		add_on.decision,
		flt(add_on.estimated_total),
		bool(add_on.inspection_photo),
		get_datetime(add_on.inspected_on) if add_on.inspected_on else None,
		get_datetime(add_on.decided_on) if add_on.decided_on else None,
	)


def _add_to_inspection(inspection_name: str | None, change: dict[str, float]) -> None:
	"""One atomic UPDATE (figure = figure + change): concurrent decisions on one inspection's quotes each
	add their own change under the row's lock, none reads and writes back another's."""
	if not (inspection_name and change):
		return
	vi = frappe.qb.DocType(INSPECTION)
	query = frappe.qb.update(vi).where(vi.name == inspection_name)
	for name, delta in change.items():
		query = query.set(vi[name], vi[name] + delta)
	query.run()


def count_quote(add_on) -> None:
	"""`on_update` of Add-on Item: a quote made from an inspection changes the inspection's figures by what
	its save changed (its stored row before the save, locked by the save, against the new one)."""
	before = add_on.get_doc_before_save()
	old, new = _quote_figures(before), _quote_figures(add_on)
	old_inspection = before.get("vehicle_inspection") if before else None
	if old_inspection == add_on.get("vehicle_inspection"):
		_add_to_inspection(old_inspection, rules.quote_change(new, old))
		return
	_add_to_inspection(old_inspection, rules.quote_change(None, old))
	_add_to_inspection(add_on.get("vehicle_inspection"), rules.quote_change(new, None))


def uncount_quote(add_on) -> None:
	"""`on_trash` of Add-on Item: a deleted quote leaves its inspection's figures."""
	_add_to_inspection(add_on.get("vehicle_inspection"), rules.quote_change(None, _quote_figures(add_on)))


def keep_quote_figures(doc) -> None:
	"""`validate` of Vehicle Inspection: the figures are only ever added to by the quotes' saves; a save of
	the inspection keeps the stored ones (read under the row's lock), whatever the form or request holds."""
	if doc.is_new():
		for name in rules.QUOTE_FIGURES:
			doc.set(name, 0)
		return
	stored = frappe.db.get_value(
		INSPECTION, doc.name, list(rules.QUOTE_FIGURES), as_dict=True, for_update=True
	)
	doc.update(stored or {})
