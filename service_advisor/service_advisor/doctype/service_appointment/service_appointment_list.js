// Copyright (c) 2026, service_advisor developers
// For license information, please see license.txt

const SA_APPOINTMENT_COLOURS = {
	Scheduled: "blue",
	Confirmed: "cyan",
	Arrived: "green",
	"No-show": "orange",
	Cancelled: "red",
};

frappe.listview_settings["Service Appointment"] = {
	add_fields: ["status", "scheduled_start", "repair_order"],
	get_indicator(doc) {
		const colour = SA_APPOINTMENT_COLOURS[doc.status];
		if (colour) {
			return [__(doc.status), colour, "status,=," + doc.status];
		}
	},
};
