// Copyright (c) 2026, service_advisor developers
// For license information, please see license.txt

// `status` mirrors the workflow state (the workflow overrides the standard status indicator).
const SA_REPAIR_ORDER_COLOURS = {
	Draft: "grey",
	"Checked In": "blue",
	Authorised: "cyan",
	"In Repair": "orange",
	"Awaiting Customer Approval": "yellow",
	"Quality Check": "purple",
	"Ready for Delivery": "light-blue",
	Delivered: "green",
	Settled: "darkgrey",
	Closed: "darkgrey",
	Cancelled: "red",
};

const SA_BULK_INVOICES = "service_advisor.api.settlement.create_invoices_in_bulk";

frappe.listview_settings["Repair Order"] = {
	add_fields: ["status"],
	has_indicator_for_draft: 1,
	onload(list) {
		if (!frappe.model.can_create("Sales Invoice") && !frappe.user.has_role("Service Advisor")) {
			return;
		}
		list.page.add_actions_menu_item(__("Create Invoices"), () => sa_bulk_invoices(list), false);
	},
	get_indicator(doc) {
		const colour = SA_REPAIR_ORDER_COLOURS[doc.status];
		if (colour) {
			return [__(doc.status), colour, "status,=," + doc.status];
		}
	},
};

// Bulk settlement: the selected delivered orders are invoiced by a background job, which reports per
// order what it created or why not. Re-running it creates nothing twice.
function sa_bulk_invoices(list) {
	const names = list.get_checked_items(true);
	if (!names.length) {
		frappe.msgprint(__("Select the delivered Repair Orders to invoice."));
		return;
	}
	const dialog = new frappe.ui.Dialog({
		title: __("Create Invoices"),
		fields: [
			{
				fieldtype: "HTML",
				options: `<p>${__("{0} repair orders selected.", [names.length])}</p>`,
			},
			{
				fieldname: "submit",
				fieldtype: "Check",
				label: __("Submit the invoices"),
				default: 0,
			},
		],
		primary_action_label: __("Create Invoices"),
		primary_action(values) {
			dialog.hide();
			frappe.realtime.off("sa_bulk_invoices_done");
			frappe.realtime.on("sa_bulk_invoices_done", (data) => {
				frappe.realtime.off("sa_bulk_invoices_done");
				frappe.hide_progress();
				sa_show_bulk_report(data.report || []);
				list.refresh();
			});
			frappe
				.call({
					method: SA_BULK_INVOICES,
					args: { repair_orders: names, submit: values.submit ? 1 : 0 },
				})
				.then(() => {
					frappe.show_alert({ message: __("Invoices are being created in the background."), indicator: "blue" });
				});
		},
	});
	dialog.show();
}

function sa_show_bulk_report(report) {
	const rows = report
		.map((row) => {
			const invoices = (row.invoices || [])
				.map((name) => frappe.utils.get_form_link("Sales Invoice", name, true, frappe.utils.escape_html(name)))
				.join(", ");
			return `<tr><td>${frappe.utils.get_form_link("Repair Order", row.repair_order, true, frappe.utils.escape_html(row.repair_order))}</td>
				<td>${__(row.status)}</td><td>${invoices}</td><td>${frappe.utils.escape_html(row.message || "")}</td></tr>`;
		})
		.join("");
	frappe.msgprint({
		title: __("Create Invoices"),
		wide: true,
		message: `<table class="table table-bordered"><thead><tr><th>${__("Repair Order")}</th><th>${__("Result")}</th>
			<th>${__("Sales Invoices")}</th><th>${__("Reason")}</th></tr></thead><tbody>${rows}</tbody></table>`,
	});
}
