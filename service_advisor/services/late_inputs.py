"""Late inputs (issue 16): a complaint, commendation, CSI row, 6S inspection or document audit recorded,
changed, cancelled or deleted for a month whose scorecard has left Draft is not silently lost. The
scorecard is flagged "inputs changed since generation" with the difference (services/scorecard.py); an
approved card is corrected by cancel + amend (generate_scorecards amends the cancelled card).
A Sales Invoice submitted or cancelled (returns included) for a settled order flags the order's advisor's
scorecard of the invoice's posting month: the base commission comes from submitted invoices."""

import frappe
from frappe.utils import getdate

from service_advisor.services import scorecard

# doctype -> the field that dates the input
DATE_FIELDS = {
	"Service Complaint": "complaint_date",
	"Commendation": "commendation_date",
	"CSI Result": "period",
	"Front Desk 6S Inspection": "inspection_date",
	"Document Audit": "audit_date",
}


def input_day(doc):
	value = doc.get(DATE_FIELDS[doc.doctype]) if doc else None
	if not value:
		return None
	return getdate(f"{value}-01") if doc.doctype == "CSI Result" else getdate(value)


def on_input_change(doc, method=None):
	"""doc_events handler (on_update, after_delete, on_submit, on_cancel) of the scorecard's inputs."""
	before = doc.get_doc_before_save() if method == "on_update" else None
	touched = {(doc.get("advisor"), input_day(doc))}
	if before:
		touched.add((before.get("advisor"), input_day(before)))
	for advisor, day in touched:
		scorecard.check_late_inputs(advisor, day)


def on_invoice_change(invoice, method=None):
	"""Sales Invoice on_submit / on_cancel: the advisors of its repair orders (for a return, of the
	invoice it returns) have their scorecard of the posting month checked."""
	from service_advisor.services.settlement import orders_in

	orders = orders_in(invoice)
	if not orders and invoice.get("return_against"):
		orders = orders_in(frappe.get_doc("Sales Invoice", invoice.return_against))
	if not orders:
		return
	advisors = frappe.get_all("Repair Order", filters={"name": ("in", sorted(orders))}, pluck="advisor")
	for advisor in sorted({advisor for advisor in advisors if advisor}):
		scorecard.check_late_inputs(advisor, invoice.posting_date)
