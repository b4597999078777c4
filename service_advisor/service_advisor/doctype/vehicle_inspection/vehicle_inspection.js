// Copyright (c) 2026, service_advisor developers
// For license information, please see license.txt

// The technician inspects on the phone page (/inspect); the desk form shows the result, and the advisor
// quotes the yellow and red points and sends the report to the customer. The server checks every rule.

const SA_INSPECTION = "service_advisor.api.inspection";

frappe.ui.form.on("Vehicle Inspection", {
	refresh(frm) {
		if (frm.is_new()) {
			return;
		}
		if (frm.doc.docstatus === 0) {
			frm.add_custom_button(__("Open on Phone"), () => {
				window.open(`/inspect?order=${encodeURIComponent(frm.doc.repair_order)}`, "_blank");
			});
		}
		const advisor_desk = frappe.user.has_role("Service Advisor") || frappe.user.has_role("Service Manager");
		if (frm.doc.docstatus !== 1 || !advisor_desk) {
			return;
		}
		const unquoted = (frm.doc.points || []).filter((r) => ["Yellow", "Red"].includes(r.rating) && !r.add_on_item);
		if (unquoted.length) {
			frm.add_custom_button(__("Quote Findings"), () => {
				frappe.call({
					method: `${SA_INSPECTION}.make_add_ons`,
					args: { inspection: frm.doc.name },
					freeze: true,
					callback: (r) => {
						frappe.show_alert({ message: __("{0} add-on items created", [r.message.length]), indicator: "green" });
						frm.reload_doc();
					},
				});
			});
		}
		if ((frm.doc.points || []).some((r) => r.add_on_item)) {
			frm.add_custom_button(__("Send to Customer"), () => {
				frappe.call({
					method: `${SA_INSPECTION}.send_link`,
					args: { inspection: frm.doc.name },
					freeze: true,
					callback: (r) => {
						frappe.show_alert({ message: __("Inspection sent to {0}", [r.message.sent_to.join(", ")]), indicator: "green" });
						frm.reload_doc();
					},
				});
			});
		}
	},
});
