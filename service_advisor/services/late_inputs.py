"""Late inputs (issue 16): a complaint, commendation, CSI row, 6S inspection or document audit recorded,
changed, cancelled or deleted for a month whose scorecard has left Draft is not silently lost. The
scorecard is flagged "inputs changed since generation" with the difference (services/scorecard.py); an
approved card is corrected by cancel + amend (generate_scorecards amends the cancelled card).
Invoices are not hooked: the scorecard form computes the difference when opened, and every run of
generate_scorecards flags the cards it skips."""

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
