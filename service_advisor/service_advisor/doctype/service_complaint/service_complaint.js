// Copyright (c) 2026, service_advisor developers
// For license information, please see license.txt

// The advisor the complaint concerns records its handling (Record Handling); the cause, the attribution
// and the verdict are a Service Manager's. The server checks both again, whatever the path.

const SA_VERDICT_FIELDS = ["cause", "attributed", "verdict", "verdict_reason"];
const SA_ADVISOR_CAUSES = [
	"Advisor Attitude",
	"Advisor Explanation",
	"Advisor Timeliness",
	"Advisor Service (Aspect Not Recorded)",
	"Open Issue Not Handled in Time",
];

frappe.ui.form.on("Service Complaint", {
	refresh(frm) {
		const decides =
			frappe.user.has_role(["Service Manager", "System Manager"]) &&
			frm.doc.advisor !== frappe.session.user;
		SA_VERDICT_FIELDS.forEach((field) => frm.set_df_property(field, "read_only", decides ? 0 : 1));
		if (frm.is_new()) {
			return;
		}
		const handles =
			frm.doc.advisor === frappe.session.user ||
			frappe.user.has_role(["Customer Service Agent", "Service Manager"]);
		if (handles) {
			frm.add_custom_button(__("Record Handling"), () => record_handling(frm));
		}
	},

	cause(frm) {
		// an advisor's cause is usually the named advisor's: ticked for the manager, who may untick it
		if (frm.doc.advisor && SA_ADVISOR_CAUSES.includes(frm.doc.cause) && !frm.doc.attributed) {
			frm.set_value("attributed", 1);
		}
	},
});

function record_handling(frm) {
	if (frm.is_dirty()) {
		frappe.msgprint(__("Save the form first."));
		return;
	}
	frappe.prompt(
		[
			{ fieldname: "progress", fieldtype: "Small Text", label: __("Progress") },
			{ fieldname: "customer_informed", fieldtype: "Check", label: __("Customer Informed") },
			{
				fieldname: "resolution",
				fieldtype: "Small Text",
				label: __("Resolution"),
				default: frm.doc.resolution,
			},
			{ fieldname: "resolved", fieldtype: "Check", label: __("Mark as Resolved") },
		],
		(values) =>
			frappe
				.call({
					method: "service_advisor.api.followup.record_complaint_handling",
					args: { complaint: frm.doc.name, ...values },
					freeze: true,
				})
				.then(() => frm.reload_doc()),
		__("Record Handling"),
		__("Save")
	);
}
