import frappe

from service_advisor.api.validation import DocName, Flag, NameList, validate_args
from service_advisor.services import settlement


@frappe.whitelist(methods=["POST"])
@validate_args(repair_order=DocName("Repair Order"))
def make_sales_invoice(repair_order: str) -> list[str]:
	"""Create (or open the existing) draft Sales Invoices of a delivered Repair Order.

	Permission: read on the order and create on Sales Invoice (or a Service Advisor when settings allow);
	checked in settlement.check_may_invoice."""
	return settlement.create_invoices(repair_order)


@frappe.whitelist(methods=["POST"])
@validate_args(repair_orders=NameList("Repair Order"), submit=Flag())
def create_invoices_in_bulk(repair_orders: list[str] | str, submit: bool | int = False) -> str:
	"""Queue the bulk settlement of the selected Repair Orders (list view); returns the job id.

	Permission: create on Sales Invoice (submit too when `submit`), then each order is checked in the
	job as in make_sales_invoice."""
	if isinstance(repair_orders, str):
		repair_orders = frappe.parse_json(repair_orders)
	if not isinstance(repair_orders, list) or not all(isinstance(name, str) for name in repair_orders):
		frappe.throw(frappe._("Repair orders must be a list of names."), frappe.ValidationError)
	return settlement.enqueue_bulk_invoices(repair_orders, submit=frappe.utils.cint(submit) == 1)
