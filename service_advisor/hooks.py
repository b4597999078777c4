app_name = "service_advisor"
app_title = "Service Advisor"
app_publisher = "service_advisor developers"
app_description = "After-sales service desk for car dealerships running ERPNext"
app_email = "dev@service-advisor.local"
app_license = "mit"

# the org must be spelled out: a bare "erpnext" makes install-app look it up on GitHub
required_apps = ["frappe/erpnext"]

export_python_type_annotations = True

# Installation
# ------------
before_install = "service_advisor.install.before_install"
after_install = "service_advisor.install.after_install"
after_migrate = "service_advisor.install.after_migrate"
before_uninstall = "service_advisor.install.before_uninstall"

# Testing
# -------
before_tests = "service_advisor.testing.setup.before_tests"

# guests never get tracebacks; car photos are checked before Frappe decodes them
before_request = [
	"service_advisor.services.web.hide_tracebacks_from_guests",
	"service_advisor.services.photos.check_upload",
]
# the customer's approval page: no caching, no framing, no referrer (it carries a token)
after_request = ["service_advisor.services.approval_link.set_page_headers"]

# ERPNext documents: hooks, never class overrides
doc_events = {
	"File": {
		"before_insert": "service_advisor.services.photos.check_photo",
		"after_insert": "service_advisor.services.photos.resize_large_photo",
	},
	"Sales Invoice": {
		"on_submit": "service_advisor.services.settlement.on_invoice_submit",
		"before_cancel": "service_advisor.services.settlement.before_invoice_cancel",
		"on_cancel": "service_advisor.services.settlement.on_invoice_cancel",
	},
}

# the app's print formats print without loading anything over the network (services/printing.py)
update_website_context = ["service_advisor.services.printing.self_contained_printview"]

scheduler_events = {
	"daily": ["service_advisor.services.followup.daily"],
	"monthly": [
		"service_advisor.services.followup.monthly",
		"service_advisor.services.scorecard.monthly",
	],
}

# Row-level permissions (lists and reports + single documents)
permission_query_conditions = {
	"Repair Order": "service_advisor.permissions.repair_order_conditions",
	"Callback": "service_advisor.permissions.callback_conditions",
	"Advisor Scorecard": "service_advisor.permissions.scorecard_conditions",
}
has_permission = {
	"Repair Order": "service_advisor.permissions.document_permission",
	"Callback": "service_advisor.permissions.document_permission",
	"Advisor Scorecard": "service_advisor.permissions.document_permission",
}
