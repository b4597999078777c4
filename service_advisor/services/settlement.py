"""Settlement: delivered repair orders into ERPNext Sales Invoices, exactly once.

Hooks on ERPNext's Sales Invoice come through `doc_events` (see hooks.py); ERPNext's class is never
overridden.
"""

import frappe
from frappe import _
from frappe.query_builder.functions import Sum
from frappe.utils import flt, getdate

from service_advisor.domain import repair_order as rules
from service_advisor.domain import roles as R
from service_advisor.domain import settlement as rule
from service_advisor.exceptions import AlreadyInvoicedError, NotDeliveredError, NothingToInvoiceError
from service_advisor.services.repair_order import lock_order_row, log_state
from service_advisor.services.settings import company_setting, company_values, get_settings
from service_advisor.services.settings import warranty_customer as company_warranty_customer

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


def lock_order(order_name: str):
	"""The order and its lines, read with `SELECT ... FOR UPDATE` (see create_invoices)."""
	return frappe.get_doc(DOCTYPE, order_name, for_update=True)


def draft_invoices(order_name: str) -> list[dict]:
	"""The order's draft (non-return) invoices, as a locking read that sees other requests' commits."""
	si = frappe.qb.DocType("Sales Invoice")
	return (
		frappe.qb.from_(si)
		.select(si.name, si.customer)
		.where((si.repair_order == order_name) & (si.docstatus == 0) & (si.is_return == 0))
		.orderby(si.creation)
		.for_update()
	).run(as_dict=True)


def outstanding_of(order_name: str) -> float:
	"""Sum of the outstanding amounts of the order's submitted invoices and returns (a return that does
	not reduce its original's outstanding carries its own, negative)."""
	si = frappe.qb.DocType("Sales Invoice")
	total = (
		frappe.qb.from_(si)
		.select(Sum(si.outstanding_amount))
		.where((si.repair_order == order_name) & (si.docstatus == 1))
	).run()
	return flt(total[0][0] if total else 0, 2)


def payer_customer(order, payer: str) -> str:
	return order.customer if payer == rule.CUSTOMER else warranty_customer_of(order)


def warranty_customer_of(order) -> str | None:
	"""The manufacturer billed for the order's warranty lines (per company and vehicle make)."""
	make = frappe.db.get_value("Customer Vehicle", order.vehicle, "make") if order.vehicle else None
	return company_warranty_customer(order.company, make)


def create_invoices(order_name: str) -> list[str]:
	"""Draft invoices for a delivered order, one per payer. Repeated calls return the existing drafts;
	a payer whose lines are all on a submitted invoice gets none, and if that leaves nothing, creating
	is refused."""
	return [name for name, _created in settle_drafts(order_name)]


def settle_drafts(order_name: str) -> list[tuple[str, bool]]:
	"""(invoice, created now) for each payer of a delivered order.

	Exactly once, enforced by the database rather than by timing. Every request that creates a
	settlement invoice first takes the order's row lock (`SELECT ... FOR UPDATE` through
	`get_doc(for_update=True)`), so requests for one order run one after the other: the second waits
	until the first has committed its draft. Waiting is not enough under InnoDB's REPEATABLE READ: a
	plain SELECT reads the snapshot taken at the transaction's *first* read, and in a web request
	Frappe has already read (session, user, permissions) before this code runs, so a plain re-check
	would not see the draft the lock holder just committed. Hence every read that decides here is a
	locking read, which always sees the latest committed rows: the order and its lines (which are
	invoiced, its state) and the existing drafts. A unique key was the alternative; it needs a column
	that is set only while an invoice is a draft, and the losing request would then have to catch the
	duplicate-key error and read the winner's draft with a locking read anyway.
	"""
	check_may_invoice(order_name)
	order = lock_order(order_name)
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
	warranty_customer = warranty_customer_of(order)
	existing = {}
	for invoice in draft_invoices(order.name):
		existing.setdefault(invoice.customer, invoice.name)
	result = []
	for payer in rule.payers(lines, warranty_customer):
		customer = payer_customer(order, payer)
		if customer in existing:
			result.append((existing[customer], False))
			continue
		rows = rule.lines_to_invoice(lines, payer)
		if rows:
			result.append((make_invoice(order, payer, customer, set(rows)), True))
	if not result:
		invoiced = sorted({row.sales_invoice for row in order.items if row.sales_invoice})
		if invoiced:
			frappe.throw(
				_("Repair Order {0} has already been invoiced ({1}).").format(
					order.name, ", ".join(invoiced)
				),
				AlreadyInvoicedError,
			)
		frappe.throw(_("Repair Order {0} has nothing to invoice.").format(order.name), NothingToInvoiceError)
	note = settlement_note(lines, warranty_customer)
	if any(created for _name, created in result) and note != (order.settlement_note or ""):
		order.db_set("settlement_note", note)
	return result


# ---------------------------------------------------------------- bulk settlement (list view)
BULK_JOB = "service_advisor.services.settlement.bulk_create_invoices"
CREATED, EXISTING, SUBMITTED, SKIPPED, FAILED = "Created", "Existing", "Submitted", "Skipped", "Failed"


def enqueue_bulk_invoices(repair_orders: list[str], submit: bool = False) -> str:
	"""Queue the bulk job for these orders; returns its job id. The same selection queued twice while
	the first is still waiting or running is one job (deduplicated on the id)."""
	from hashlib import sha1

	orders = sorted(set(repair_orders))
	if not orders:
		frappe.throw(_("Select at least one Repair Order."))
	if not frappe.has_permission("Sales Invoice", "create") and not (
		get_settings().advisor_may_create_invoice and R.SERVICE_ADVISOR in frappe.get_roles()
	):
		frappe.throw(_("You are not allowed to create invoices for repair orders."), frappe.PermissionError)
	if submit and not frappe.has_permission("Sales Invoice", "submit"):
		frappe.throw(_("You are not allowed to submit Sales Invoices."), frappe.PermissionError)
	digest = sha1("|".join([frappe.session.user, str(int(bool(submit))), *orders]).encode()).hexdigest()
	job_id = f"sa-bulk-invoices-{digest[:16]}"
	frappe.enqueue(
		BULK_JOB,
		queue="long",
		timeout=3600,
		job_id=job_id,
		deduplicate=True,
		enqueue_after_commit=True,
		repair_orders=orders,
		submit=bool(submit),
		notify=True,
		commit=True,
	)
	return job_id


def bulk_create_invoices(
	repair_orders: list[str], submit: bool = False, notify: bool = False, commit: bool = False
) -> list[dict]:
	"""Background job: draft invoices for each order (and submit them when asked), as the user who
	queued it, with a progress bar. One order's failure is reported and rolled back to its savepoint;
	the job goes on with the next. Re-running creates nothing twice: drafts are found again, settled
	orders are skipped.

	`commit` (set when queued): each order is its own unit of work, committed when done, so the job
	holds an order's row lock (and the gap locks of its invoice re-check) for one order, not for the
	whole selection, and what is done stays done if the job is stopped."""
	report = []
	total = len(repair_orders)
	for index, order_name in enumerate(repair_orders, start=1):
		report.append(settle_one(order_name, submit))
		if commit:
			frappe.db.commit()  # nosemgrep: frappe-manual-commit -- one order per transaction in the job
		if notify and (index == total or index % 10 == 0):
			frappe.publish_progress(
				index * 100 / total,
				title=_("Creating Invoices"),
				description=_("{0} of {1} repair orders").format(index, total),
			)
	if notify:
		frappe.publish_realtime("sa_bulk_invoices_done", {"report": report}, user=frappe.session.user)
	return report


def settle_one(order_name: str, submit: bool) -> dict:
	savepoint = "sa_bulk_" + frappe.generate_hash(length=8)
	frappe.db.savepoint(savepoint)
	try:
		result = settle_drafts(order_name)
	except AlreadyInvoicedError as e:
		frappe.db.rollback(save_point=savepoint)
		return outcome(order_name, SKIPPED, message=error_text(e))
	except Exception as e:
		frappe.db.rollback(save_point=savepoint)
		return outcome(order_name, FAILED, message=error_text(e))
	names = [name for name, _created in result]
	status = CREATED if any(created for _name, created in result) else EXISTING
	if not submit:
		return outcome(order_name, status, names)
	frappe.db.savepoint(savepoint)  # the drafts stay if submitting fails
	try:
		for name in names:
			invoice = frappe.get_doc("Sales Invoice", name)
			invoice.submit()
	except Exception as e:
		frappe.db.rollback(save_point=savepoint)
		return outcome(order_name, FAILED, names, _("Drafts kept, not submitted: {0}").format(error_text(e)))
	return outcome(order_name, SUBMITTED, names)


def outcome(order_name: str, status: str, invoices: list[str] | None = None, message: str = "") -> dict:
	frappe.local.message_log = []
	return {"repair_order": order_name, "status": status, "invoices": invoices or [], "message": message}


def error_text(error: Exception) -> str:
	from frappe.utils import strip_html

	return strip_html(str(error)) or error.__class__.__name__


def settlement_note(lines: list[rule.Line], warranty_customer: str | None) -> str:
	if not warranty_customer and any(line.billable_to == rule.WARRANTY for line in lines):
		return _("Warranty lines are not billed: no warranty customer is set in Service Advisor Settings.")
	return ""


def make_invoice(order, payer: str, customer: str, rows: set[str]) -> str:
	"""Insert the draft invoice of these order lines, each keeping its back-link (`repair_order`,
	`repair_order_item`, as ERPNext's own mappings keep `so_detail`).

	The invoice is built from the already locked order rather than with `get_mapped_doc`: the mapper
	reloads the order and looks up every link's fetched values row by row, which ERPNext's validate
	then fills again. Only customer, company and the lines' item, name, qty and rate carry over; insert()
	runs ERPNext's validate, which fills the rest (accounts, UOMs, due date) and the taxes and totals."""
	settings = get_settings()
	# the dealership's own warehouse and price list when its company settings set them (site-wide otherwise)
	values = company_values(order.company)
	warehouse = company_setting("settlement_warehouse", order.company, values)
	from_warehouse = warehouse if settings.settlement_update_stock else None
	price_list = company_setting("default_price_list", order.company, values)
	invoice = frappe.get_doc(
		{
			"doctype": "Sales Invoice",
			"customer": customer,
			"company": order.company,
			"repair_order": order.name,
			"ignore_pricing_rule": 1,
			"selling_price_list": price_list or None,
			"update_stock": 1 if from_warehouse else 0,
			"set_warehouse": from_warehouse,
			"items": [
				{
					"item_code": row.item_code,
					"item_name": row.item_name,
					"description": row.item_name or row.item_code,
					"qty": row.qty,
					"rate": row.rate,
					"price_list_rate": row.rate,
					"warehouse": from_warehouse,
					"repair_order": order.name,
					"repair_order_item": row.name,
				}
				for row in order.items
				if row.name in rows
			],
		}
	)
	apply_default_taxes(invoice)
	invoice.flags.ignore_permissions = True  # the caller's right was checked in check_may_invoice
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
	if invoice.is_return:
		refresh_after_return(invoice)
		return
	for order_name in orders_in(invoice):
		lock_order_row(order_name)
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
					"returned_amount": 0,
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
	if invoice.is_return:
		refresh_after_return(invoice)
		return
	for order_name in orders_in(invoice):
		lock_order_row(order_name)
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
					"returned_amount": 0,
					"settled_on": None,
				}
			)
		if updates:
			order.db_set(updates, notify=True)
			if "workflow_state" in updates:
				log_state(order, updates["workflow_state"])
			order.add_comment("Info", _("Sales Invoice {0} cancelled").format(invoice.name))


# ---------------------------------------------------------------- returns (credit notes)
def returned_against(
	invoice_name: str, order_name: str, excluding: str | None = None
) -> tuple[dict[str, float], float]:
	"""Quantity returned per order row and the total returned (positive) on the submitted returns
	against an invoice (but `excluding`). A locking read: run after the order's lock, it sees returns
	others committed."""
	si = frappe.qb.DocType("Sales Invoice")
	sii = frappe.qb.DocType("Sales Invoice Item")
	rows = (
		frappe.qb.from_(sii)
		.join(si)
		.on(si.name == sii.parent)
		.select(si.name, si.grand_total, sii.repair_order_item, sii.qty)
		.where(
			(si.return_against == invoice_name)
			& (si.is_return == 1)
			& (si.docstatus == 1)
			& (sii.repair_order == order_name)
			& (si.name != (excluding or ""))
		)
		.for_update()
	).run(as_dict=True)
	quantities: dict[str, float] = {}
	totals: dict[str, float] = {}
	for row in rows:
		quantities[row.repair_order_item] = quantities.get(row.repair_order_item, 0) - flt(row.qty)
		totals[row.name] = -flt(row.grand_total)
	return quantities, flt(sum(totals.values()), 2)


def invoiced_quantities(original, order_name: str) -> dict[str, float]:
	invoiced: dict[str, float] = {}
	for row in original.items:
		if row.get("repair_order") == order_name and row.get("repair_order_item"):
			invoiced[row.repair_order_item] = invoiced.get(row.repair_order_item, 0) + flt(row.qty)
	return invoiced


def before_invoice_cancel(invoice, method=None):
	"""Cancelling a return puts its lines back on the original invoice: refused when the order has
	been invoiced again after a full return (that invoice must be cancelled first)."""
	if not invoice.is_return or not invoice.return_against:
		return
	original = frappe.get_doc("Sales Invoice", invoice.return_against)
	for order_name in orders_in(invoice):
		order = lock_order(order_name)
		invoiced = invoiced_quantities(original, order_name)
		returned, _total = returned_against(original.name, order_name, excluding=invoice.name)
		if rule.fully_returned(invoiced, returned):
			continue
		for row in order.items:
			if row.name in invoiced and row.sales_invoice and row.sales_invoice != original.name:
				frappe.throw(
					_("Row {0} of {1} has been invoiced again on {2}: cancel that invoice first.").format(
						row.idx, order_name, row.sales_invoice
					),
					AlreadyInvoicedError,
				)


def refresh_after_return(credit_note, method=None):
	"""A return (credit note) against a settling invoice was submitted or cancelled: recompute the
	order's returned and settled amounts from all submitted returns of that invoice. A full return
	frees the lines and reopens settlement (back to Delivered); a partial one keeps the order Settled
	with the net amount; cancelling a return restores the figures it had changed."""
	original_name = credit_note.return_against
	if not original_name:
		return
	original = frappe.get_doc("Sales Invoice", original_name)
	for order_name in orders_in(credit_note):
		order = lock_order(order_name)
		invoiced = invoiced_quantities(original, order_name)
		returned, returned_total = returned_against(original.name, order_name)
		full = rule.fully_returned(invoiced, returned)
		payer = rule.CUSTOMER if original.customer == order.customer else rule.WARRANTY
		link_field = "sales_invoice" if payer == rule.CUSTOMER else "warranty_invoice"
		updates = {}
		for row in order.items:
			if row.name not in invoiced:
				continue
			if full and row.sales_invoice == original.name:
				row.db_set("sales_invoice", None, update_modified=False)
			elif not full and row.sales_invoice != original.name:
				if row.sales_invoice:
					frappe.throw(
						_("Row {0} of {1} has been invoiced again on {2}: cancel that invoice first.").format(
							row.idx, order_name, row.sales_invoice
						),
						AlreadyInvoicedError,
					)
				row.db_set("sales_invoice", original.name, update_modified=False)
		current = order.get(link_field)
		if full and current == original.name:
			updates[link_field] = None
		elif not full and current != original.name:
			if current:
				frappe.throw(
					_("Repair Order {0} is already invoiced on {1}: cancel that invoice first.").format(
						order_name, current
					),
					AlreadyInvoicedError,
				)
			updates[link_field] = original.name
		if payer == rule.settling_payer(lines_of(order)):
			updates["returned_amount"] = returned_total
			if full:
				updates["settled_amount"] = 0
				if order.workflow_state in (rules.SETTLED, rules.CLOSED):
					updates.update(
						{"workflow_state": rules.DELIVERED, "status": rules.DELIVERED, "settled_on": None}
					)
			else:
				updates["settled_amount"] = rule.net_settled(flt(original.grand_total), returned_total)
				if order.workflow_state == rules.DELIVERED:
					updates.update(
						{
							"workflow_state": rules.SETTLED,
							"status": rules.SETTLED,
							"settled_on": getdate(original.posting_date),
						}
					)
		order.db_set(updates, notify=True)
		if "workflow_state" in updates:
			log_state(order, updates["workflow_state"])
		order.add_comment("Info", return_comment(credit_note, original.name, full, updates))


def return_comment(credit_note, original: str, full: bool, updates: dict) -> str:
	if credit_note.docstatus == 2:
		return _("Return {0} against {1} cancelled").format(credit_note.name, original)
	if full and updates.get("workflow_state") == rules.DELIVERED:
		return _("Settlement reopened: Sales Invoice {0} fully returned by {1}").format(
			original, credit_note.name
		)
	if full:
		return _("Sales Invoice {0} fully returned by {1}").format(original, credit_note.name)
	return _("Return {0} against {1}").format(credit_note.name, original)
