"""Covering indexes of the reports at a dealer group's volumes (a month of 50 dealerships is ~40,000
orders, ~330,000 state-log rows, ~20,000 inspections). Each report's filter column comes first and every
column it reads follows, so MariaDB answers from the index without reading the rows.

Created by each doctype's `on_doctype_update` (new sites, changed doctypes) and by `after_migrate` (sites
whose doctypes did not change); indexes they replace are dropped."""

import frappe

from service_advisor.domain.inspection import QUOTE_FIGURES

INDEXES: dict[str, dict[str, list[str]]] = {
	"Repair Order": {
		# Advisor KPIs (orders delivered in the range with their rework, labour and previous delivery)
		"delivered_kpi_index": [
			"delivered_on",
			"docstatus",
			"company",
			"advisor",
			"rework_count",
			"arrival_time",
			"previous_delivery",
			"labour_total",
			"labour_hours",
		],
		# a vehicle's earlier deliveries (its orders' previous delivery, repeat-repair callbacks)
		"vehicle_delivered_index": ["vehicle", "docstatus", "delivered_on"],
		# Inspection Sales (orders arrived in the range)
		"arrival_company_index": ["arrival_time", "workflow_state", "company", "advisor", "technician"],
	},
	"Repair Order Item": {"parent_kind_index": ["parent", "parenttype", "item_type", "amount", "qty"]},
	"Repair Order State Log": {
		"entered_company_index": ["entered_at", "company", "state", "advisor", "left_at", "hours"],
	},
	"Add-on Item": {
		"decided_company_index": ["decided_on", "company", "advisor", "decision"],
	},
	# Technician Productivity: the range's closed jobs with their credits, the range's shifts
	"Technician Job Time": {
		"started_credit_index": [
			"started_at",
			"status",
			"technician",
			"company",
			"clocked_minutes",
			"sold_hours_share",
			"labour_sales_share",
			"billable_to",
		],
	},
	"Technician Shift": {"date_technician_index": ["shift_date", "technician", "company", "hours"]},
	# Inspection Sales: each order's inspections with their colours and their quotes' figures
	"Vehicle Inspection": {
		"order_figures_index": ["repair_order", "docstatus", "yellow_count", "red_count", *QUOTE_FIGURES],
	},
}
# replaced by the indexes above (same leading columns, fewer of them)
SUPERSEDED: dict[str, tuple[str, ...]] = {
	"Repair Order": ("delivered_advisor_index", "delivered_company_index"),
	"Repair Order Item": ("parent_type_amount_index",),
	"Technician Job Time": ("started_status_index", "line_status_index"),
	"Vehicle Inspection": ("order_counts_index",),
	"Add-on Item": ("order_quote_index",),
}


def ensure(doctype: str) -> None:
	for name, columns in INDEXES.get(doctype, {}).items():
		frappe.db.add_index(doctype, columns, name)
	for name in SUPERSEDED.get(doctype, ()):
		if frappe.db.has_index(f"tab{doctype}", name):
			frappe.db.sql_ddl(f"alter table `tab{doctype}` drop index `{name}`")  # nosemgrep


def ensure_all() -> None:
	for doctype in INDEXES:
		if frappe.db.table_exists(doctype):
			ensure(doctype)
