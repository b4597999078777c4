import frappe
from frappe import _

from service_advisor.exceptions import VehicleCustomerMismatchError


def validate_vehicle_belongs_to_customer(vehicle: str | None, customer: str | None):
	if not vehicle or not customer:
		return
	owner = frappe.db.get_value("Customer Vehicle", vehicle, "customer")
	if owner and owner != customer:
		frappe.throw(
			_("Vehicle {0} belongs to customer {1}, not {2}.").format(
				frappe.bold(vehicle), frappe.bold(owner), frappe.bold(customer)
			),
			VehicleCustomerMismatchError,
		)


def parse_datetime(value, label: str):
	"""A datetime from user input, or a clear translated error (never a server error)."""
	from frappe.utils import get_datetime

	try:
		return get_datetime(value) if value else None
	except (ValueError, TypeError):
		frappe.throw(
			_("{0} is not a valid date and time: {1}").format(_(label), str(value)[:40]),
			frappe.ValidationError,
		)
