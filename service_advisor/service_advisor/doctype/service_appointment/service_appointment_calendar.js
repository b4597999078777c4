// Copyright (c) 2026, service_advisor developers
// For license information, please see license.txt

frappe.views.calendar["Service Appointment"] = {
	field_map: {
		start: "scheduled_start",
		end: "scheduled_end",
		id: "name",
		title: "customer_name",
	},
	// get_events returns only these columns; status colours the events
	fields: ["name", "scheduled_start", "scheduled_end", "customer_name", "status"],
	get_css_class(data) {
		// the calendar's palette: red, green, blue, dark-green, yellow, gray, purple, pink, orange
		return (
			{
				Scheduled: "blue",
				Confirmed: "purple",
				Arrived: "green",
				"No-show": "orange",
				Cancelled: "red",
			}[data.status] || "blue"
		);
	},
	// moving an appointment reschedules it (the server re-checks double booking); its end always
	// follows from duration_minutes, so resizing is switched off
	options: { eventDurationEditable: false },
	get_events_method: "frappe.desk.calendar.get_events",
};
