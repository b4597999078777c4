// The warranty clerk's decision dialog, shared by the Add-on Item and Repair Order forms (hooks.py
// doctype_js): Accepted or Rejected (a rejection needs its reason), recorded through
// service_advisor.api.front_desk.record_warranty_decision. `rows`: for an order, the open possibly-warranty
// lines to choose from.
function sa_prompt_warranty_decision(frm, rows) {
	const fields = [];
	if (rows) {
		fields.push({
			fieldname: "row",
			fieldtype: "Select",
			label: __("Item Row"),
			options: rows.map((row) => ({
				value: row.name,
				label: __("Row {0}: {1}", [row.idx, row.item_name || row.item_code || ""]),
			})),
			default: rows[0].name,
			reqd: 1,
		});
	}
	fields.push(
		{
			fieldname: "decision",
			fieldtype: "Select",
			label: __("Warranty Decision"),
			options: [
				{ value: "Accepted", label: __("Accepted") },
				{ value: "Rejected", label: __("Rejected") },
			],
			reqd: 1,
		},
		{
			fieldname: "reason",
			fieldtype: "Small Text",
			label: __("Reason"),
			description: __("Required when the warranty is rejected."),
			depends_on: "eval:doc.decision == 'Rejected'",
			mandatory_depends_on: "eval:doc.decision == 'Rejected'",
		}
	);
	frappe.prompt(
		fields,
		(values) => {
			if (values.decision === "Rejected" && !(values.reason || "").trim()) {
				frappe.msgprint(__("Give the reason the warranty was rejected."));
				return;
			}
			const args = {
				doctype: frm.doctype,
				name: frm.doc.name,
				decision: values.decision,
				reason: values.decision === "Rejected" ? values.reason : null,
			};
			if (rows) {
				args.row = values.row;
			}
			frappe
				.call({
					method: "service_advisor.api.front_desk.record_warranty_decision",
					args,
					freeze: true,
				})
				.then(() => {
					frappe.show_alert({ message: __("Warranty decision recorded"), indicator: "green" });
					frm.reload_doc();
				});
		},
		__("Warranty Decision"),
		__("Record")
	);
}
