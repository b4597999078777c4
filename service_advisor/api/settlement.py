import frappe

from service_advisor.api.validation import DocName, validate_args
from service_advisor.services import settlement


@frappe.whitelist(methods=["POST"])
@validate_args(repair_order=DocName("Repair Order"))
def make_sales_invoice(repair_order: str) -> list[str]:
	"""Create (or open the existing) draft Sales Invoices of a delivered Repair Order.

	Permission: read on the order and create on Sales Invoice (or a Service Advisor when settings allow);
	checked in settlement.check_may_invoice."""
	return settlement.create_invoices(repair_order)
