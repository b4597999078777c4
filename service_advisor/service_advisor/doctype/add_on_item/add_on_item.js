// Copyright (c) 2026, service_advisor developers
// For license information, please see license.txt

// The customer's and the warranty clerk's decisions are recorded only through these actions;
// the server checks the roles and the order of the decisions again.

const SA_ADD_ON_API = "service_advisor.api.front_desk";
const SA_ADVISOR_DESK = ["Service Advisor", "Service Manager"];

frappe.ui.form.on("Add-on Item", {
	setup(frm) {
		frm.set_query("repair_order", () => ({
			filters: {
				workflow_state: ["in", ["In Repair", "Awaiting Customer Approval"]],
				docstatus: 0,
			},
		}));
	},

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
		if (frm.doc.decision === "Pending" && frappe.user.has_role(SA_ADVISOR_DESK)) {
			frm.add_custom_button(__("Record Customer Decision"), () =>
				prompt_customer_decision(frm)
			).addClass("btn-primary");
		}
		if (
			frm.doc.decision === "Pending" &&
			!(frm.doc.possibly_warranty && !frm.doc.warranty_decision) &&
			frappe.user.has_role(SA_ADVISOR_DESK)
		) {
			frm.add_custom_button(__("Send Approval Link"), () => send_approval_link(frm));
		}
		if (
			frm.doc.possibly_warranty &&
			!frm.doc.warranty_decision &&
			frappe.user.has_role("Warranty Clerk")
		) {
			frm.add_custom_button(__("Warranty Decision"), () => prompt_warranty_decision(frm));
		}
	},
});

function saved_first(frm) {
	if (frm.is_dirty()) {
		frappe.msgprint(__("Save the Add-on Item first."));
		return false;
	}
	return true;
}

function customer_may_be_asked(frm) {
	// the same order the server enforces: warranty first, then the customer
	if (frm.doc.possibly_warranty && !frm.doc.warranty_decision) {
		frappe.msgprint(
			__(
				"This add-on may be under warranty: the Warranty Clerk must decide before the customer is asked."
			)
		);
		return false;
	}
	if (frm.doc.warranty_decision === "Rejected" && !frm.doc.warranty_explained) {
		frappe.msgprint(
			__("Confirm that the warranty rejection was explained to the customer first.")
		);
		return false;
	}
	return true;
}

function prompt_customer_decision(frm) {
	if (!saved_first(frm) || !customer_may_be_asked(frm)) {
		return;
	}
	frappe.prompt(
		[
			{
				fieldname: "decision",
				fieldtype: "Select",
				label: __("Decision"),
				options: [
					{ value: "Approved", label: __("Approved") },
					{ value: "Declined", label: __("Declined") },
				],
				reqd: 1,
			},
			{
				fieldname: "decided_by",
				fieldtype: "Data",
				label: __("Decided By (Customer)"),
				default: frm.doc.customer,
				reqd: 1,
			},
			{
				fieldname: "method",
				fieldtype: "Select",
				label: __("Method"),
				options: [
					{ value: "In Person", label: __("In Person") },
					{ value: "Phone", label: __("Phone") },
					{ value: "Signed", label: __("Signed") },
				],
				reqd: 1,
			},
		],
		(values) => {
			frappe
				.call({
					method: `${SA_ADD_ON_API}.record_customer_decision`,
					args: {
						add_on: frm.doc.name,
						decision: values.decision,
						decided_by: values.decided_by,
						method: values.method,
					},
					freeze: true,
					freeze_message: __("Recording the customer's decision..."),
				})
				.then(() => {
					frappe.show_alert({
						message:
							values.decision === "Approved"
								? __("Approved: the items were added to the Repair Order")
								: __("Declined: kept as a recommendation for the next visit"),
						indicator: values.decision === "Approved" ? "green" : "orange",
					});
					frm.reload_doc();
				});
		},
		__("Record Customer Decision"),
		__("Record")
	);
}

function send_approval_link(frm) {
	if (!saved_first(frm) || !customer_may_be_asked(frm)) {
		return;
	}
	const send = () =>
		frappe
			.call({
				method: `${SA_ADD_ON_API}.send_approval_link`,
				type: "POST",
				args: { add_on: frm.doc.name },
				freeze: true,
				freeze_message: __("Creating the approval link..."),
			})
			.then((r) => {
				show_approval_link(r.message);
				frm.reload_doc();
			});
	if (frm.doc.approval_link_sent_on) {
		frappe.confirm(
			__(
				"An approval link was already sent on {0}. A new link makes the earlier one stop working. Send a new link?",
				[frappe.datetime.str_to_user(frm.doc.approval_link_sent_on)]
			),
			send
		);
		return;
	}
	send();
}

function show_approval_link(result) {
	// the link goes to the customer only; the desk learns where it went and until when it works
	if (!result) {
		return;
	}
	frappe.msgprint({
		title: __("Customer Approval Link"),
		indicator: "green",
		message: __("The approval link was sent to {0}. It works until {1}.", [
			(result.sent_to || []).join(", "),
			frappe.datetime.str_to_user(result.expires_on),
		]),
	});
}

function prompt_warranty_decision(frm) {
	if (!saved_first(frm)) {
		return;
	}
	sa_prompt_warranty_decision(frm);
}
