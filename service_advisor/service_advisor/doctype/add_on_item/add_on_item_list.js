// Copyright (c) 2026, service_advisor developers
// For license information, please see license.txt

frappe.listview_settings["Add-on Item"] = {
	add_fields: ["decision", "possibly_warranty", "warranty_decision"],
	get_indicator(doc) {
		if (doc.decision === "Approved") {
			return [__("Approved"), "green", "decision,=,Approved"];
		}
		if (doc.decision === "Declined") {
			return [__("Declined"), "red", "decision,=,Declined"];
		}
		if (doc.decision === "Pending") {
			if (doc.possibly_warranty && !doc.warranty_decision) {
				return [
					__("Awaiting Warranty Decision"),
					"yellow",
					"decision,=,Pending|possibly_warranty,=,1|warranty_decision,is,not set",
				];
			}
			return [__("Pending"), "orange", "decision,=,Pending"];
		}
	},
};
