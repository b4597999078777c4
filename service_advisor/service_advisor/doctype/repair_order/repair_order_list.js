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

frappe.listview_settings["Repair Order"] = {
	add_fields: ["status"],
	has_indicator_for_draft: 1,
	get_indicator(doc) {
		const colour = SA_REPAIR_ORDER_COLOURS[doc.status];
		if (colour) {
			return [__(doc.status), colour, "status,=," + doc.status];
		}
	},
};
