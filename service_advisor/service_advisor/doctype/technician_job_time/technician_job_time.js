// Copyright (c) 2026, service_advisor developers
// For license information, please see license.txt

// A job's times are the server's clock. The workshop foreman (Service Manager) corrects a clocked-off
// job here; the server checks the role, the span and overlaps again and keeps the old and new times.

frappe.ui.form.on("Technician Job Time", {
	refresh(frm) {
		if (frm.is_new()) {
			return;
		}
		if (frm.doc.repair_order) {
			frm.add_custom_button(
				__("Repair Order"),
				() => frappe.set_route("Form", "Repair Order", frm.doc.repair_order),
				__("View")
			);
		}
		if (frm.doc.status === "Closed" && frappe.user.has_role("Service Manager")) {
			frm.add_custom_button(__("Correct Times"), () => prompt_correction(frm));
		}
	},
});

function prompt_correction(frm) {
	frappe.prompt(
		[
			{
				fieldname: "started_at",
				fieldtype: "Datetime",
				label: __("Started At"),
				default: frm.doc.started_at,
				reqd: 1,
			},
			{
				fieldname: "ended_at",
				fieldtype: "Datetime",
				label: __("Ended At"),
				default: frm.doc.ended_at,
				reqd: 1,
			},
			{
				fieldname: "reason",
				fieldtype: "Small Text",
				label: __("Reason"),
				reqd: 1,
			},
		],
		(values) => {
			frappe
				.call({
					method: "service_advisor.api.job_time.correct",
					args: {
						job: frm.doc.name,
						started_at: values.started_at,
						ended_at: values.ended_at,
						reason: values.reason,
					},
					freeze: true,
				})
				.then((r) => {
					frappe.show_alert({
						message: __("Corrected: {0} minutes clocked", [r.message.clocked_minutes]),
						indicator: "green",
					});
					frm.reload_doc();
				});
		},
		__("Correct Times"),
		__("Correct")
	);
}
