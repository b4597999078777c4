"""Pay before pickup: the desk's side (send the pay link, release the vehicle, a manager's exception)."""

import frappe

from service_advisor.api.validation import DocName, Text, validate_args
from service_advisor.services import pay_link


@frappe.whitelist(methods=["POST"])
@validate_args(repair_order=DocName("Repair Order"))
def send_pay_link(repair_order: str) -> dict:
	"""Send the customer the link to pay the order's customer invoice online (again, if one is open).

	Permission: write on the order (checked in pay_link.send_pay_link)."""
	return pay_link.send_pay_link(repair_order)


@frappe.whitelist(methods=["POST"])
@validate_args(repair_order=DocName("Repair Order"))
def release_vehicle(repair_order: str) -> str:
	"""Hand the vehicle over; refused while unpaid where the dealership requires payment first.

	Permission: write on the order."""
	return pay_link.release_vehicle(repair_order)


@frappe.whitelist(methods=["POST"])
@validate_args(repair_order=DocName("Repair Order"), reason=Text(500))
def record_payment_exception(repair_order: str, reason: str) -> None:
	"""A manager lets the vehicle go before it is paid, with a reason.

	Permission: write on the order and a manager's role."""
	pay_link.record_payment_exception(repair_order, reason)
