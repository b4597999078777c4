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


def make_user(email: str | None = None, roles: tuple[str, ...] | list[str] = (), **args):
	email = email or f"sa-{random_string(8).lower()}@example.com"
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
	if rate is not None and not frappe.db.exists("Item Price", {"item_code": item_code, "price_list": PRICE_LIST}):
		frappe.get_doc(
			{"doctype": "Item Price", "item_code": item_code, "price_list": PRICE_LIST, "price_list_rate": rate}
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
