"""Reusable test factories (ERPNext's `make_sales_order` style): `make_x(**args)` returns a saved doc.

Every factory takes keyword overrides and fills the rest with valid values, so a test states only
what it is about.
"""

import frappe
from frappe.utils import random_string

from service_advisor.testing.setup import PRICE_LIST, ensure_test_company

# ERPNext doctypes whose test records our doctype tests must not build: the factories below make
# exactly what each test needs (see frappe.test_runner.get_dependencies).
ERPNEXT_TEST_IGNORE = [
	"Company",
	"Customer",
	"Employee",
	"Item",
	"Price List",
	"Sales Invoice",
	"Warehouse",
]


def company() -> str:
	return frappe.db.get_single_value("Service Advisor Settings", "company") or ensure_test_company()


def make_company(company_name: str = "SA Second Motors", abbr: str = "SASM") -> str:
	"""A second dealership of the group (same country and currency as the test company)."""
	if frappe.db.exists("Company", company_name):
		return company_name
	first = frappe.get_cached_doc("Company", company())
	frappe.get_doc(
		{
			"doctype": "Company",
			"company_name": company_name,
			"abbr": abbr,
			"country": first.country,
			"default_currency": first.default_currency,
			"create_chart_of_accounts_based_on": "Standard Template",
			"chart_of_accounts": "Standard",
		}
	).insert(ignore_permissions=True)
	return company_name


def set_settings(**values):
	"""Write Service Advisor Settings for a test (rolled back with it; the test case resets the cache)."""
	for field, value in values.items():
		frappe.db.set_single_value("Service Advisor Settings", field, value)
	frappe.clear_document_cache("Service Advisor Settings", "Service Advisor Settings")


def make_outgoing_email_account(name: str = "SA Test Outgoing", email: str = "service@example.com") -> str:
	"""The site's default outgoing e-mail account (made once), so that Frappe queues the app's e-mails."""
	if not frappe.db.exists("Email Account", name):
		frappe.get_doc(
			{
				"doctype": "Email Account",
				"email_account_name": name,
				"email_id": email,
				"enable_outgoing": 1,
				"default_outgoing": 1,
				"smtp_server": "localhost",
				"no_smtp_authentication": 1,
			}
		).insert(ignore_permissions=True)
	return name


def make_user(email: str | None = None, roles: tuple[str, ...] | list[str] = (), **args):
	email = email or f"sa-{random_string(8).lower()}@example.com"
	# tests make a user per role and scenario: lift Frappe's 60-users-an-hour guard in this process only
	frappe.local.conf.throttle_user_limit = 1_000_000
	if frappe.db.exists("User", email):
		user = frappe.get_doc("User", email)
	else:
		user = frappe.get_doc(
			{
				"doctype": "User",
				"email": email,
				"first_name": args.get("first_name") or email.split("@")[0],
				"send_welcome_email": 0,
				"user_type": "System User",
			}
		).insert(ignore_permissions=True)
	if roles:
		user.add_roles(*roles)
	return user


def make_customer(customer_name: str | None = None, **args):
	customer_name = customer_name or f"Test Customer {random_string(6)}"
	if frappe.db.exists("Customer", customer_name):
		return frappe.get_doc("Customer", customer_name)
	return frappe.get_doc(
		{
			"doctype": "Customer",
			"customer_name": customer_name,
			"customer_type": args.get("customer_type", "Individual"),
			"customer_group": args.get("customer_group")
			or frappe.db.get_value("Customer Group", {"is_group": 0}, "name"),
			"territory": args.get("territory") or frappe.db.get_value("Territory", {"is_group": 0}, "name"),
		}
	).insert(ignore_permissions=True)


def make_item(item_code: str | None = None, rate: float = 100, is_stock_item: int = 0, **args):
	item_code = item_code or f"SA-ITEM-{random_string(6).upper()}"
	if not frappe.db.exists("Item", item_code):
		frappe.get_doc(
			{
				"doctype": "Item",
				"item_code": item_code,
				"item_name": args.get("item_name") or item_code,
				"item_group": args.get("item_group") or "All Item Groups",
				"stock_uom": "Nos",
				"is_stock_item": is_stock_item,
				"include_item_in_manufacturing": 0,
			}
		).insert(ignore_permissions=True)
	if rate is not None and not frappe.db.exists(
		"Item Price", {"item_code": item_code, "price_list": PRICE_LIST}
	):
		frappe.get_doc(
			{
				"doctype": "Item Price",
				"item_code": item_code,
				"price_list": PRICE_LIST,
				"price_list_rate": rate,
			}
		).insert(ignore_permissions=True)
	return frappe.get_doc("Item", item_code)


def make_employee(user: str | None = None, **args):
	first_name = args.get("first_name") or f"Tech {random_string(5)}"
	return frappe.get_doc(
		{
			"doctype": "Employee",
			"first_name": first_name,
			"gender": args.get("gender") or _any_gender(),
			"date_of_birth": args.get("date_of_birth") or "1990-01-01",
			"date_of_joining": args.get("date_of_joining") or "2020-01-01",
			"company": args.get("company") or company(),
			"user_id": user,
			"status": "Active",
		}
	).insert(ignore_permissions=True)


def _any_gender() -> str:
	if not frappe.db.exists("Gender", "Male"):
		frappe.get_doc({"doctype": "Gender", "gender": "Male"}).insert(ignore_permissions=True)
	return "Male"


# ---------------------------------------------------------------- front desk
def role_user(role: str):
	"""One test user per role (created on first use)."""
	slug = role.lower().replace(" ", "-")
	return make_user(f"sa-{slug}@example.com", roles=(role,), first_name=role)


def random_vin() -> str:
	import random

	from service_advisor.domain.vin import with_check_digit

	alphabet = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789"
	return with_check_digit("".join(random.choice(alphabet) for _ in range(17)))


def make_vehicle(customer: str | None = None, vin: str | None = None, **args):
	return frappe.get_doc(
		{
			"doctype": "Customer Vehicle",
			"vin": vin or random_vin(),
			"customer": customer or make_customer().name,
			"license_plate": args.get("license_plate") or f"LN-{random_string(5).upper()}",
			"make": args.get("make", "Chery"),
			"model": args.get("model", "Tiggo 7"),
			"year": args.get("year", 2022),
			"last_odometer": args.get("last_odometer"),
			"next_service_date": args.get("next_service_date"),
		}
	).insert()


def make_service_bay(bay_name: str | None = None):
	bay_name = bay_name or f"Bay {random_string(5)}"
	if frappe.db.exists("Service Bay", bay_name):
		return frappe.get_doc("Service Bay", bay_name)
	return frappe.get_doc({"doctype": "Service Bay", "bay_name": bay_name, "company": company()}).insert()


def make_appointment(**args):
	vehicle = args.get("vehicle") or make_vehicle(customer=args.get("customer")).name
	customer = args.get("customer") or frappe.db.get_value("Customer Vehicle", vehicle, "customer")
	return frappe.get_doc(
		{
			"doctype": "Service Appointment",
			"customer": customer,
			"vehicle": vehicle,
			"source": args.get("source", "Customer Request"),
			"requested_services": args.get("requested_services", "5,000 km service"),
			"scheduled_start": args.get("scheduled_start")
			or frappe.utils.add_days(frappe.utils.now_datetime(), 1),
			"duration_minutes": args.get("duration_minutes", 60),
			"advisor": args.get("advisor"),
			"technician": args.get("technician"),
			"bay": args.get("bay"),
			"status": args.get("status", "Scheduled"),
		}
	).insert()


RECEPTION_DONE = {
	"walk_around_done": 1,
	"covers_fitted": 1,
	"valuables_reminded": 1,
	"old_parts_handling": "Take Away",
	"wash_requested": "No",
	"customer_description": "Noise from the front left wheel when braking",
	"advisor_diagnosis": "Brake pads worn; check discs",
	"inquiry_sheet_signed": 1,
}

DELIVERY_DONE = {
	"handover_notes": "Front brake pads replaced, road tested",
	"customer_informed": 1,
	"walkround_work_quality": 1,
	"walkround_vehicle_functions": 1,
	"walkround_belongings_appearance": 1,
	"covers_removed": 1,
}


def make_repair_order(items: list[dict] | None = None, complete_reception: bool = True, **args):
	"""A Draft Repair Order. items: dicts with item_code (made if missing), qty, rate, billable_to."""
	from frappe.utils import add_to_date, now_datetime

	vehicle = args.get("vehicle") or make_vehicle(customer=args.get("customer")).name
	customer = args.get("customer") or frappe.db.get_value("Customer Vehicle", vehicle, "customer")
	arrival = args.get("arrival_time") or now_datetime()
	if items is None:
		items = [{"qty": 1, "rate": 300, "item_type": "Labour"}, {"qty": 2, "rate": 150, "item_type": "Part"}]
	doc = frappe.get_doc(
		{
			"doctype": "Repair Order",
			"customer": customer,
			"vehicle": vehicle,
			"company": args.get("company"),  # default: the advisor's dealership, else the settings'
			"odometer": args.get("odometer", 12000),
			"advisor": args.get("advisor"),
			"arrival_time": arrival,
			"greeting_time": args.get("greeting_time") or add_to_date(arrival, minutes=1),
			"promised_delivery": args.get("promised_delivery") or add_to_date(arrival, hours=4),
			"authorised_by": args.get("authorised_by", "Mr Wang"),
			"authorised_on": args.get("authorised_on") or add_to_date(arrival, minutes=10),
			"authorisation_method": args.get("authorisation_method", "Signed"),
			"technician": args.get("technician"),
			"bay": args.get("bay"),
			"workflow_state": args.get("workflow_state"),
			"items": [
				{
					"item_code": row.get("item_code") or make_item(rate=row.get("rate", 100)).name,
					"qty": row.get("qty", 1),
					"rate": row.get("rate"),
					"item_type": row.get("item_type", "Labour"),
					"billable_to": row.get("billable_to", "Customer"),
					"possibly_warranty": row.get("possibly_warranty", 0),
				}
				for row in items
			],
			**(RECEPTION_DONE if complete_reception else {}),
		}
	)
	return doc.insert()


def advance(order, *actions: str):
	"""Apply workflow actions in turn (as the current user) and return the reloaded order."""
	from frappe.model.workflow import apply_workflow

	for action in actions:
		order = apply_workflow(frappe.get_doc("Repair Order", order.name), action)
	return frappe.get_doc("Repair Order", order.name)


def pass_quality_checks(order):
	"""Record the three passing stages as Administrator (who has every role)."""
	from service_advisor.services.quality import record_quality_check

	for stage in ("Self/Peer Check", "Patrol Check", "Final Inspection"):
		record_quality_check(frappe.get_doc("Repair Order", order.name), stage, "Pass")
	return frappe.get_doc("Repair Order", order.name)


def deliver(order):
	"""From In Repair (no open add-ons) to Delivered."""
	order = advance(order, "Send to Quality Check")
	order = pass_quality_checks(order)
	order = advance(order, "Release for Delivery")
	order.update(DELIVERY_DONE)
	order.save()
	return advance(order, "Deliver")


def make_delivered_repair_order(items: list[dict] | None = None, **args):
	order = make_repair_order(items=items, **args)
	order = advance(order, "Check In", "Authorise", "Start Repair")
	return deliver(order)


def make_add_on(repair_order: str, items: list[dict] | None = None, **args):
	items = items or [{"qty": 1, "rate": 80}]
	return frappe.get_doc(
		{
			"doctype": "Add-on Item",
			"repair_order": repair_order,
			"reason": args.get("reason", "Wiper blades split"),
			"extra_time_minutes": args.get("extra_time_minutes", 30),
			"possibly_warranty": args.get("possibly_warranty", 0),
			"items": [
				{
					"item_code": row.get("item_code") or make_item(rate=row.get("rate", 100)).name,
					"qty": row.get("qty", 1),
					"rate": row.get("rate", 100),
					"item_type": row.get("item_type", "Part"),
				}
				for row in items
			],
		}
	).insert()


# ---------------------------------------------------------------- assessment
def make_inspection(
	advisor: str | None = None, inspector: str | None = None, ratings=None, counts=None, submit=True, **args
):
	"""A 6S inspection from the standard template; ratings {item_no: rating}, counts {item_no: n}."""
	ratings, counts = ratings or {}, counts or {}
	doc = frappe.get_doc(
		{
			"doctype": "Front Desk 6S Inspection",
			"advisor": advisor or role_user("Service Advisor").name,
			"inspector": inspector,
			"inspection_date": args.get("inspection_date") or frappe.utils.nowdate(),
			"template": "Standard Front Desk 6S",
		}
	)
	doc.run_method("validate")  # loads the template's items
	for row in doc.items:
		row.rating = ratings.get(row.item_no, "OK")
		row.count = counts.get(row.item_no, 0)
	doc.insert()
	if submit:
		doc.submit()
	return doc


# ---------------------------------------------------------------- complaints
# a Service Manager's verdict that makes a complaint count on its advisor's scorecard (issue 29)
UPHELD_ADVISOR_COMPLAINT = {
	"cause": "Advisor Attitude",
	"attributed": 1,
	"verdict": "Upheld",
	"verdict_reason": "Confirmed with the customer",
}


def make_complaint(advisor: str | None = None, level: str = "Company", **args):
	"""A Service Complaint naming `advisor`; with no verdict given, upheld and attributed to them for their
	attitude (as a Service Manager decides it: insert as Administrator or a manager)."""
	verdict = {} if "verdict" in args or not advisor else UPHELD_ADVISOR_COMPLAINT
	return frappe.get_doc(
		{
			"doctype": "Service Complaint",
			"level": level,
			"complaint_date": args.pop("complaint_date", None) or frappe.utils.nowdate(),
			"customer": args.pop("customer", None) or make_customer().name,
			"advisor": advisor,
			"description": args.pop("description", None) or "Dissatisfied",
			**verdict,
			**args,
		}
	).insert()


def decide_complaint(name: str, manager: str | None = None, **values):
	"""A Service Manager (`manager`, else Administrator) records the cause, attribution and verdict."""
	values = {**UPHELD_ADVISOR_COMPLAINT, **values}
	previous = frappe.session.user
	frappe.set_user(manager or "Administrator")
	try:
		doc = frappe.get_doc("Service Complaint", name)
		doc.update(values)
		doc.save()
		return doc
	finally:
		frappe.set_user(previous)


def list_csi_items(*items: str, advisor_item: bool = True):
	"""Put survey items on the CSI survey's list in Service Advisor Settings (rolled back with the test):
	a CSI row's item must be on it (rule 6 fines only the list's advisor items)."""
	settings = frappe.get_single("Service Advisor Settings")
	listed = {row.survey_item for row in settings.csi_items}
	for item in items:
		if item not in listed:
			settings.append("csi_items", {"survey_item": item, "advisor_item": int(advisor_item)})
	settings.save(ignore_permissions=True)
