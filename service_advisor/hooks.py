app_name = "service_advisor"
app_title = "Service Advisor"
app_publisher = "service_advisor developers"
app_description = "After-sales service desk for car dealerships running ERPNext"
app_email = "dev@service-advisor.local"
app_license = "mit"

# the org must be spelled out: a bare "erpnext" makes install-app look it up on GitHub
required_apps = ["frappe/erpnext"]

export_python_type_annotations = True

# the warranty clerk's decision dialog, one copy for both forms that record it
doctype_js = {
	"Add-on Item": "public/js/warranty_decision.js",
	"Repair Order": "public/js/warranty_decision.js",
}

# Installation
# ------------
before_install = "service_advisor.install.before_install"
after_install = "service_advisor.install.after_install"
after_migrate = "service_advisor.install.after_migrate"
before_uninstall = "service_advisor.install.before_uninstall"
# the shipped labour item needs ERPNext's item groups, which its setup wizard makes
setup_wizard_complete = "service_advisor.setup.labour.ensure_labour_item"

# Testing
# -------
before_tests = "service_advisor.testing.setup.before_tests"

# guests never get tracebacks; car photos are checked before Frappe decodes them
before_request = [
	"service_advisor.services.web.hide_tracebacks_from_guests",
	"service_advisor.services.photos.check_upload",
	"service_advisor.services.photos.check_file_documents_in_request",
]
# the customer's approval page: no caching, no framing, no referrer (it carries a token)
after_request = ["service_advisor.services.approval_link.set_page_headers"]

# ERPNext documents: hooks, never class overrides
doc_events = {
	"File": {
		"before_insert": "service_advisor.services.photos.check_photo",
		"after_insert": "service_advisor.services.photos.resize_large_photo",
	},
	# the approval link's token is kept out of the desk's copies of what was sent to the customer
	"Communication": {"before_insert": "service_advisor.services.approval_link.redact_stored_copy"},
	"SMS Log": {"before_insert": "service_advisor.services.approval_link.redact_stored_copy"},
	"Sales Invoice": {
		"on_submit": [
			"service_advisor.services.settlement.on_invoice_submit",
			"service_advisor.services.late_inputs.on_invoice_change",
		],
		"before_cancel": "service_advisor.services.settlement.before_invoice_cancel",
		"on_cancel": [
			"service_advisor.services.settlement.on_invoice_cancel",
			"service_advisor.services.late_inputs.on_invoice_change",
		],
	},
}

# number cards read from the site's MariaDB replica when it has one (Frappe's are not read-only)
override_whitelisted_methods = {
	f"frappe.desk.doctype.number_card.number_card.{fn}": f"service_advisor.overrides.number_card.{fn}"
	for fn in ("get_result", "get_percentage_difference")
}
# the workflow's own transition (it reloads the document and checks the transition) is the app's action
override_whitelisted_methods["frappe.model.workflow.apply_workflow"] = (
	"service_advisor.overrides.workflow.apply_workflow"
)

# the inspection's print format shows each measured point's trend across visits
jinja = {"methods": ["service_advisor.services.inspection.measurement_trends"]}

# the app's print formats print without loading anything over the network (services/printing.py)
update_website_context = ["service_advisor.services.printing.self_contained_printview"]

scheduler_events = {
	"daily": ["service_advisor.services.followup.daily"],
	"monthly": [
		"service_advisor.services.followup.monthly",
		"service_advisor.services.scorecard.monthly",
	],
}

# Row-level permissions (service_advisor/permissions.py): lists, counts, reports and child rows read
# through frappe.client are filtered in SQL; single documents are checked against the stored row
_ROW_SCOPED = (
	"Repair Order",
	"Callback",
	"Advisor Scorecard",
	"Add-on Item",
	"Service Appointment",
	"Service Complaint",
	"Commendation",
	"CSI Result",
	"Document Audit",
	"Front Desk 6S Inspection",
	"Customer Open Issue",
	"Repair Order State Log",
	"Vehicle Inspection",
	"Technician Job Time",
	"Technician Shift",
	# child tables, scoped by their parent
	"Repair Order Item",
	"Repair Order Quality Check",
	"Walk-around Finding",
	"Add-on Item Detail",
	"Add-on Item Revision",
	"Callback Attempt",
	"Advisor Scorecard Line",
	"Advisor Scorecard Source",
	"Document Audit Finding",
	"Front Desk 6S Inspection Item",
	"Open Issue Progress",
	"Vehicle Inspection Point",
	"Technician Job Pause",
	"Technician Job Correction",
)
permission_query_conditions = {dt: "service_advisor.permissions.query_conditions" for dt in _ROW_SCOPED}
has_permission = {dt: "service_advisor.permissions.document_permission" for dt in _ROW_SCOPED}

# owner fields of a stored row change only by a manager; settlement links never through a save; a client
# edit (REST, frappe.client, the form) never writes read-only fields
_OWNER_GUARDED = (
	"Repair Order",
	"Callback",
	"Advisor Scorecard",
	"Add-on Item",
	"Service Appointment",
	"Service Complaint",
	"Commendation",
	"CSI Result",
	"Document Audit",
	"Front Desk 6S Inspection",
	"Customer Open Issue",
	"Customer Vehicle",
	"Service Bay",
	"Vehicle Inspection",
)


def _app_doctypes() -> tuple[list[str], list[str]]:
	"""(parent doctypes, child doctypes) of the app, read from its DocType JSON: a doctype added later is
	guarded without a new line here."""
	import json
	from pathlib import Path

	parents, children = [], []
	for path in sorted((Path(__file__).parent / "service_advisor" / "doctype").glob("*/*.json")):
		if path.stem != path.parent.name:
			continue
		meta = json.loads(path.read_text())
		if meta.get("doctype") == "DocType":
			(children if meta.get("istable") else parents).append(meta["name"])
	return parents, children


APP_DOCTYPES, APP_CHILD_DOCTYPES = _app_doctypes()

# every save of every app document: owner fields, server-owned fields kept, the workflow's edit rights
for _dt in sorted({*_OWNER_GUARDED, *APP_DOCTYPES}):
	doc_events.setdefault(_dt, {}).update(
		{
			"before_validate": "service_advisor.permissions.guard_owner_fields",
			"before_update_after_submit": "service_advisor.permissions.guard_owner_fields",
		}
	)

# deny by default: a child row of the app is never written on its own by a client
for _dt in APP_CHILD_DOCTYPES:
	doc_events.setdefault(_dt, {}).update(
		{
			event: "service_advisor.permissions.guard_child_write"
			for event in ("before_insert", "before_validate", "on_trash", "before_rename")
		}
	)

# a late input of a month whose scorecard left Draft flags that scorecard (services/late_inputs.py)
_LATE = "service_advisor.services.late_inputs.on_input_change"
for _dt, _events in {
	"Service Complaint": ("on_update", "after_delete"),
	"Commendation": ("on_update", "after_delete"),
	"CSI Result": ("on_update", "after_delete"),
	"Front Desk 6S Inspection": ("on_submit", "on_cancel"),
	"Document Audit": ("on_submit", "on_cancel"),
}.items():
	doc_events.setdefault(_dt, {}).update({event: _LATE for event in _events})

# pay before pickup (services/pay_link.py): a gateway's confirmation pays the Payment Request exactly once;
# a credit note or the cancelling of a customer invoice (to amend it) cancels or lowers its open pay link
doc_events.setdefault("Payment Request", {})["on_payment_authorized"] = (
	"service_advisor.services.pay_link.on_payment_authorized"
)
for _event in ("on_submit", "before_cancel"):
	_handlers = doc_events["Sales Invoice"].get(_event) or []
	doc_events["Sales Invoice"][_event] = [
		*([_handlers] if isinstance(_handlers, str) else _handlers),
		"service_advisor.services.pay_link.on_invoice_change",
	]
