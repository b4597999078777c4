// Copyright (c) 2026, service_advisor developers
// For license information, please see license.txt

frappe.listview_settings["Vehicle Inspection"] = {
	add_fields: ["red_count", "yellow_count", "docstatus", "quoted_on"],
	get_indicator(doc) {
		if (doc.docstatus === 0) {
			return [__("In Progress"), "orange", "docstatus,=,0"];
		}
		if (doc.docstatus === 2) {
			return [__("Cancelled"), "grey", "docstatus,=,2"];
		}
		if (doc.red_count > 0) {
			return [__("Red {0}", [doc.red_count]), "red", "red_count,>,0"];
		}
		if (doc.yellow_count > 0) {
			return [__("Yellow {0}", [doc.yellow_count]), "yellow", "yellow_count,>,0"];
		}
		return [__("All Green"), "green", "docstatus,=,1"];
	},
};
