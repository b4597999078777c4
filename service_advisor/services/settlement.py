"""Settlement: delivered repair orders into ERPNext Sales Invoices, exactly once.

Hooks on ERPNext's Sales Invoice come through `doc_events` (see hooks.py); ERPNext's class is never
overridden.
"""

import frappe
from frappe import _
from frappe.model.mapper import get_mapped_doc
from frappe.utils import flt, getdate

from service_advisor.domain import repair_order as rules
from service_advisor.domain import roles as R
from service_advisor.domain import settlement as rule
from service_advisor.exceptions import AlreadyInvoicedError, NotDeliveredError, NothingToInvoiceError
from service_advisor.services.repair_order import log_state
from service_advisor.services.settings import get_settings

DOCTYPE = "Repair Order"


def check_may_invoice(order_name: str):
	frappe.has_permission(DOCTYPE, "read", order_name, throw=True)
	if frappe.has_permission("Sales Invoice", "create"):
		return
	if get_settings().advisor_may_create_invoice and R.SERVICE_ADVISOR in frappe.get_roles():
		return
	frappe.throw(_("You are not allowed to create invoices for repair orders."), frappe.PermissionError)


def lines_of(order) -> list[rule.Line]:
	return [
		rule.Line(row.name, row.billable_to or rule.CUSTOMER, bool(row.sales_invoice)) for row in order.items
	]


def invoices_for(order_name: str, docstatus: int | None = None) -> list[dict]:
	filters = {"repair_order": order_name, "docstatus": ("<", 2)}
	if docstatus is not None:
		filters["docstatus"] = docstatus
	return frappe.get_all("Sales Invoice", filters=filters, fields=["name", "customer", "docstatus"])


def payer_customer(order, payer: str) -> str:
	return order.customer if payer == rule.CUSTOMER else get_settings().warranty_customer


def create_invoices(order_name: str) -> list[str]:
	"""Draft invoices for a delivered order, one per payer. Repeated calls return the existing drafts;
	once an invoice is submitted for a payer, creating it again is refused."""
	check_may_invoice(order_name)
	# lock the order row first: a second request waits here and then finds the first one's drafts
	frappe.db.get_value(DOCTYPE, order_name, "name", for_update=True)
	order = frappe.get_doc(DOCTYPE, order_name)
	if order.workflow_state in (rules.SETTLED, rules.CLOSED):
		frappe.throw(
			_("Repair Order {0} is already settled by {1}.").format(
				order.name, order.sales_invoice or order.warranty_invoice
			),
			AlreadyInvoicedError,
		)
	if order.docstatus != 1 or order.workflow_state != rules.DELIVERED:
		frappe.throw(
			_("Repair Order {0} is {1}: only a delivered order can be invoiced.").format(
				order.name, _(order.workflow_state or rules.DRAFT)
			),
			NotDeliveredError,
		)
	lines = lines_of(order)
	warranty_customer = get_settings().warranty_customer
	existing = {inv.customer: inv for inv in invoices_for(order.name)}
	names, created_any = [], False
	for payer in rule.payers(lines, warranty_customer):
		customer = payer_customer(order, payer)
		invoice = existing.get(customer)
		if invoice and invoice.docstatus == 1:
			frappe.throw(
				_("Repair Order {0} has already been invoiced to {1} ({2}).").format(
					order.name, customer, invoice.name
				),
				AlreadyInvoicedError,
			)
		if invoice:
			names.append(invoice.name)
			continue
		rows = rule.lines_to_invoice(lines, payer)
		if rows:
			names.append(make_invoice(order, payer, customer, set(rows)))
			created_any = True
	if not names:
		frappe.throw(_("Repair Order {0} has nothing to invoice.").format(order.name), NothingToInvoiceError)
	note = settlement_note(lines, warranty_customer)
	if created_any and note != (order.settlement_note or ""):
		order.db_set("settlement_note", note)
	return names


def settlement_note(lines: list[rule.Line], warranty_customer: str | None) -> str:
	if not warranty_customer and any(line.billable_to == rule.WARRANTY for line in lines):
		return _("Warranty lines are not billed: no warranty customer is set in Service Advisor Settings.")
	return ""


def make_invoice(order, payer: str, customer: str, rows: set[str]) -> str:
	settings = get_settings()

	def postprocess(source, target):
		target.customer = customer
		target.company = source.company
		target.repair_order = source.name
		target.ignore_pricing_rule = 1
		if settings.default_price_list:
			target.selling_price_list = settings.default_price_list
		if settings.settlement_update_stock and settings.settlement_warehouse:
			target.update_stock = 1
			target.set_warehouse = settings.settlement_warehouse
		target.run_method("set_missing_values")
		apply_default_taxes(target)
		target.run_method("calculate_taxes_and_totals")

	def update_item(source, target, source_parent):
		target.price_list_rate = source.rate
		target.rate = source.rate
		target.description = source.item_name or source.item_code
		if settings.settlement_update_stock and settings.settlement_warehouse:
			target.warehouse = settings.settlement_warehouse

	invoice = get_mapped_doc(
		DOCTYPE,
		order.name,
		{
			DOCTYPE: {
				"doctype": "Sales Invoice",
				"validation": {"docstatus": ["=", 1]},
				"field_no_map": ["naming_series"],
			},
			"Repair Order Item": {
				"doctype": "Sales Invoice Item",
				"field_map": {"name": "repair_order_item", "parent": "repair_order"},
				"field_no_map": ["sales_invoice"],
				"condition": lambda row: row.name in rows,
				"postprocess": update_item,
			},
		},
		postprocess=postprocess,
		ignore_permissions=True,  # the caller's right was checked in check_may_invoice
	)
	invoice.flags.ignore_permissions = True
	invoice.insert()
	return invoice.name


def apply_default_taxes(invoice):
	from erpnext.controllers.accounts_controller import get_default_taxes_and_charges

	if invoice.taxes:
		return
	defaults = (
		get_default_taxes_and_charges("Sales Taxes and Charges Template", company=invoice.company) or {}
	)
	if defaults.get("taxes_and_charges"):
		invoice.taxes_and_charges = defaults["taxes_and_charges"]
		for tax in defaults.get("taxes") or []:
			invoice.append("taxes", tax)


# ---------------------------------------------------------------- Sales Invoice doc_events
def orders_in(invoice) -> set[str]:
	return {row.repair_order for row in invoice.items if row.get("repair_order")}


def on_invoice_submit(invoice, method=None):
	for order_name in orders_in(invoice):
		frappe.db.get_value(DOCTYPE, order_name, "name", for_update=True)
		order = frappe.get_doc(DOCTYPE, order_name)
		rows = {row.repair_order_item for row in invoice.items if row.get("repair_order") == order_name}
		for row in order.items:
			if row.name in rows:
				if row.sales_invoice and row.sales_invoice != invoice.name:
					frappe.throw(
						_("Row {0} of {1} is already invoiced on {2}.").format(
							row.idx, order_name, row.sales_invoice
						),
						AlreadyInvoicedError,
					)
				row.db_set("sales_invoice", invoice.name, update_modified=False)
		is_customer_invoice = invoice.customer == order.customer
		link_field = "sales_invoice" if is_customer_invoice else "warranty_invoice"
		updates = {link_field: invoice.name}
		payer = rule.CUSTOMER if is_customer_invoice else rule.WARRANTY
		if payer == rule.settling_payer(lines_of(order)):
			if order.workflow_state != rules.DELIVERED:
				frappe.throw(
					_("Repair Order {0} is {1} and cannot be settled.").format(
						order_name, _(order.workflow_state)
					),
					NotDeliveredError,
				)
			updates.update(
				{
					"workflow_state": rules.SETTLED,
					"status": rules.SETTLED,
					"settled_amount": flt(invoice.grand_total),
					"settled_on": getdate(invoice.posting_date),
				}
			)
		order.db_set(updates, notify=True)
		if "workflow_state" in updates:
			log_state(order, updates["workflow_state"])
		order.add_comment(
			"Info",
			_("Settled by Sales Invoice {0}").format(invoice.name)
			if "settled_on" in updates
			else _("Invoiced on {0}").format(invoice.name),
		)


def on_invoice_cancel(invoice, method=None):
	for order_name in orders_in(invoice):
		frappe.db.get_value(DOCTYPE, order_name, "name", for_update=True)
		order = frappe.get_doc(DOCTYPE, order_name)
		for row in order.items:
			if row.sales_invoice == invoice.name:
				row.db_set("sales_invoice", None, update_modified=False)
		updates = {}
		if order.sales_invoice == invoice.name:
			updates["sales_invoice"] = None
		if order.warranty_invoice == invoice.name:
			updates["warranty_invoice"] = None
		settling_field = (
			"sales_invoice" if rule.settling_payer(lines_of(order)) == rule.CUSTOMER else "warranty_invoice"
		)
		if order.workflow_state in (rules.SETTLED, rules.CLOSED) and settling_field in updates:
			updates.update(
				{
					"workflow_state": rules.DELIVERED,
					"status": rules.DELIVERED,
					"settled_amount": 0,
					"settled_on": None,
				}
			)
		if updates:
			order.db_set(updates, notify=True)
			if "workflow_state" in updates:
				log_state(order, updates["workflow_state"])
			order.add_comment("Info", _("Sales Invoice {0} cancelled").format(invoice.name))
