"""The demo dealership of `scripts/setup`: a new site that a newcomer can log in to and click through.

    bench --site demo.localhost execute service_advisor.scale.demo.prepare
    bench --site demo.localhost sa-generate --size demo
    bench --site demo.localhost execute service_advisor.scale.demo.make_fiscal_years
    bench --site demo.localhost execute service_advisor.scale.demo.make_demo_users --kwargs "{'password': '...'}"

`prepare` runs ERPNext's setup wizard with the generator's first dealership as the company (so it has a
chart of accounts, cost centres and warehouses, and the desk never asks for the wizard); the generator then
keeps that company and fills it. `make_fiscal_years` adds a fiscal year for every year the data spans and
the current one (ERPNext's Customer form and every dated document need one). `make_demo_users` gives each
of the app's roles a user with the given password; the Service Advisor and the Workshop Technician are
generated ones, so they see their own orders and jobs. Every function is idempotent and leaves the commit
to its caller (`bench execute` commits). Synthetic data: never on a production site.
"""

import frappe
from frappe.query_builder.functions import Max, Min
from frappe.utils import getdate, nowdate

from service_advisor.domain import roles as R
from service_advisor.scale.generator import PREFIX

DEMO_COMPANY = f"{PREFIX} Motors 01"  # the generator's first dealership (abbreviation SAB01)
DEMO_ABBR = f"{PREFIX}01"
PRICE_LIST = "Standard Selling"
DEMO_DOMAIN = "demo.sab"
# generated users (scale/generator.py, scale/technicians.py): their rows name them
GENERATED_ADVISOR = f"sa0001@bench.{PREFIX.lower()}"
GENERATED_TECHNICIAN = f"tech00001@bench.{PREFIX.lower()}"


def prepare():
	"""ERPNext's setup wizard (China, CNY) with the demo dealership, and the app's settings pointing at it."""
	if not frappe.is_setup_complete():
		from frappe.desk.page.setup_wizard.setup_wizard import setup_complete

		year = getdate(nowdate()).year
		setup_complete(
			{
				"currency": "CNY",
				"full_name": "Administrator",
				"company_name": DEMO_COMPANY,
				"company_abbr": DEMO_ABBR,
				"timezone": "Asia/Shanghai",
				"industry": "Automotive",
				"country": "China",
				"fy_start_date": f"{year}-01-01",
				"fy_end_date": f"{year}-12-31",
				"language": "english",
				"company_tagline": "Service demo",
				"chart_of_accounts": "Standard",
			}
		)
	if not frappe.is_setup_complete():
		# command-line steps of scripts/setup: their messages are for the terminal, not the desk
		raise RuntimeError("ERPNext's setup wizard did not complete: see the output above")
	settings = frappe.get_single("Service Advisor Settings")
	changed = False
	if frappe.db.exists("Company", DEMO_COMPANY) and settings.company != DEMO_COMPANY:
		settings.company, changed = DEMO_COMPANY, True
	if frappe.db.exists("Price List", PRICE_LIST) and not settings.default_price_list:
		settings.default_price_list, changed = PRICE_LIST, True
	if changed:
		settings.flags.ignore_permissions = True
		settings.save()


def is_filled() -> bool:
	"""True when `sa-generate` has made its orders, inspections and technicians' jobs on this site."""
	return bool(
		frappe.db.exists("Repair Order", f"{PREFIX}-RO-0000001")
		and frappe.db.exists("Vehicle Inspection", {"name": ("like", f"{PREFIX}-VI-%")})
		and frappe.db.exists("Technician Job Time", {"name": ("like", f"{PREFIX}-JT-%")})
	)


def data_years() -> range:
	"""The calendar years of the site's repair orders and callbacks, and the current year."""
	this_year = getdate(nowdate()).year
	first = last = this_year
	for doctype, field in (
		("Repair Order", "arrival_time"),
		("Repair Order", "delivered_on"),
		("Callback", "due_date"),
	):
		table = frappe.qb.DocType(doctype)
		low, high = frappe.qb.from_(table).select(Min(table[field]), Max(table[field])).run()[0]
		if low:
			first = min(first, getdate(low).year)
		if high:
			last = max(last, getdate(high).year)
	return range(first, last + 1)


def make_fiscal_years():
	"""A calendar fiscal year for every year the data spans and the current one (kept when one covers it)."""
	made = []
	for year in data_years():
		start, end = getdate(f"{year}-01-01"), getdate(f"{year}-12-31")
		if frappe.db.get_value(
			"Fiscal Year", {"year_start_date": ("<=", start), "year_end_date": (">=", end)}, "name"
		):
			continue
		if frappe.db.exists("Fiscal Year", str(year)):
			continue  # a year of that name with other dates: the site's own, left alone
		frappe.get_doc(
			{"doctype": "Fiscal Year", "year": str(year), "year_start_date": start, "year_end_date": end}
		).insert(ignore_permissions=True)
		made.append(str(year))
	print(f"fiscal years made: {', '.join(made) or 'none (every year has one)'}")


def demo_user_for(role: str) -> str:
	if role == R.SERVICE_ADVISOR and frappe.db.exists("User", GENERATED_ADVISOR):
		return GENERATED_ADVISOR
	if role == R.WORKSHOP_TECHNICIAN and frappe.db.exists("User", GENERATED_TECHNICIAN):
		return GENERATED_TECHNICIAN
	return f"{frappe.scrub(role).replace('_', '.')}@{DEMO_DOMAIN}"


DEMO_ROLES: tuple[str, ...] = (*R.ROLES, R.ACCOUNTS_USER)


def ensure_demo_users(password: str) -> list[tuple[str, str]]:
	"""One user per app role (and an accountant) with `password`: [(user, role), ...]."""
	from frappe.utils.password import update_password

	if not password:
		raise ValueError("a password is required for the demo users")
	rows = []
	for role in DEMO_ROLES:
		email = demo_user_for(role)
		if not frappe.db.exists("User", email):
			frappe.get_doc(
				{
					"doctype": "User",
					"email": email,
					"first_name": role,
					"last_name": "(demo)",
					"send_welcome_email": 0,
					"user_type": "System User",
					"roles": [{"role": role}],
				}
			).insert(ignore_permissions=True)
		elif not frappe.db.exists("Has Role", {"parent": email, "parenttype": "User", "role": role}):
			frappe.get_doc("User", email).add_roles(role)
		update_password(email, password)
		rows.append((email, role))
	return rows


def make_demo_users(password: str):
	"""`ensure_demo_users`, printed as a table of logins (scripts/setup shows it at the end)."""
	rows = ensure_demo_users(password)
	width = max(len(u) for u, _r in rows)
	print(f"{'user':<{width}}  role")
	print(f"{'-' * width}  {'-' * 24}")
	for email, role in rows:
		print(f"{email:<{width}}  {role}")
	print(f"password of every user above: {password}")
