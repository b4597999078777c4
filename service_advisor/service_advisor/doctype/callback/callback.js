// Copyright (c) 2026, service_advisor developers
// For license information, please see license.txt

// A call is logged with Log Attempt (api.followup.log_callback_attempt), never by editing the form.
// Customer service's survey asks the three satisfaction questions (and may record praise); the advisor's
// care call asks only whether the repair held. The server checks who may log which call again.

const SA_FOLLOWUP_API = "service_advisor.api.followup";
const SA_SATISFACTION = ["", "Satisfied", "Neutral", "Dissatisfied"];

frappe.ui.form.on("Callback", {
	refresh(frm) {
		if (frm.is_new() || frm.doc.status !== "Open") {
			return;
		}
		const mine = [frm.doc.assigned_to, frm.doc.advisor].includes(frappe.session.user);
		const desk = frappe.user.has_role(["Customer Service Agent", "Service Manager"]);
		// customer service's calls about an advisor's order are never that advisor's to log
		const survey = frm.doc.callback_type !== "Care Call" && frm.doc.repair_order;
		if ((mine && !(survey && frm.doc.advisor === frappe.session.user)) || desk) {
			frm.add_custom_button(__("Log Attempt"), () => log_attempt(frm)).addClass("btn-primary");
		}
		if (!frm.doc.service_appointment && frm.doc.vehicle && (mine || desk)) {
			frm.add_custom_button(__("Book Appointment"), () => book_appointment(frm));
		}
	},
});

function attempt_fields(frm) {
	const type = frm.doc.callback_type;
	const fields = [
		{ fieldname: "reached", fieldtype: "Check", label: __("Customer Reached"), default: 1 },
		{ fieldname: "notes", fieldtype: "Small Text", label: __("Notes") },
		{
			fieldname: "next_attempt_on",
			fieldtype: "Date",
			label: __("Next Attempt On"),
			depends_on: "eval:!doc.reached",
		},
	];
	if (type === "After Service") {
		for (const [fieldname, label] of [
			["attitude", __("Attitude")],
			["explanation", __("Explanation")],
			["timeliness", __("Timeliness")],
		]) {
			fields.push({
				fieldname,
				label,
				fieldtype: "Select",
				options: SA_SATISFACTION,
				depends_on: "eval:doc.reached",
				mandatory_depends_on: "eval:doc.reached",
			});
		}
	}
	if (type === "After Service" || type === "Care Call") {
		fields.push({
			fieldname: "fault_fixed",
			fieldtype: "Select",
			label: __("Fault Fixed"),
			options: type === "Care Call" ? ["", "Yes", "No"] : ["", "Yes", "No", "Not Applicable"],
			depends_on: "eval:doc.reached",
			mandatory_depends_on: type === "Care Call" ? "eval:doc.reached" : "",
		});
	}
	fields.push({
		fieldname: "suggestions",
		fieldtype: "Small Text",
		label: __("Suggestions"),
		depends_on: "eval:doc.reached",
	});
	if (type !== "Care Call") {
		fields.push({
			fieldname: "invitation_made",
			fieldtype: "Check",
			label: __("Invitation Made"),
			depends_on: "eval:doc.reached",
		});
	}
	if (type === "After Service") {
		fields.push({
			fieldname: "praise",
			fieldtype: "Small Text",
			label: __("Praise"),
			depends_on: "eval:doc.reached",
		});
	}
	return fields;
}

function log_attempt(frm) {
	frappe.prompt(
		attempt_fields(frm),
		(values) =>
			frappe
				.call({
					method: `${SA_FOLLOWUP_API}.log_callback_attempt`,
					args: { callback: frm.doc.name, ...values, reached: values.reached ? 1 : 0 },
					freeze: true,
				})
				.then(() => frm.reload_doc()),
		__("Log Attempt"),
		__("Save")
	);
}

function book_appointment(frm) {
	frappe.prompt(
		[
			{ fieldname: "scheduled_start", fieldtype: "Datetime", label: __("Start"), reqd: 1 },
			{
				fieldname: "duration_minutes",
				fieldtype: "Int",
				label: __("Duration (Minutes)"),
				default: 60,
			},
			{ fieldname: "requested_services", fieldtype: "Small Text", label: __("Requested Services") },
		],
		(values) =>
			frappe
				.call({
					method: `${SA_FOLLOWUP_API}.book_from_callback`,
					args: { callback: frm.doc.name, ...values },
					freeze: true,
				})
				.then((r) => frappe.set_route("Form", "Service Appointment", r.message)),
		__("Book Appointment"),
		__("Book")
	);
}
