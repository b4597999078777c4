// Copyright (c) 2026, service_advisor developers
// For license information, please see license.txt

frappe.ui.form.on("Service Appointment", {
	setup(frm) {
		frm.set_query("vehicle", () => {
			return frm.doc.customer ? { filters: { customer: frm.doc.customer } } : {};
		});
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
		if (
			["Scheduled", "Confirmed"].includes(frm.doc.status) &&
			frappe.model.can_create("Repair Order")
		) {
			frm.add_custom_button(__("Check In"), () => check_in(frm)).addClass("btn-primary");
		}
	},

	customer(frm) {
		// a vehicle of another customer would be refused on save: clear it now
		if (!frm.doc.vehicle) {
			return;
		}
		if (!frm.doc.customer) {
			frm.set_value("vehicle", null);
			return;
		}
		frappe.db.get_value("Customer Vehicle", frm.doc.vehicle, "customer").then((r) => {
			const owner = r.message && r.message.customer;
			if (owner !== frm.doc.customer) {
				frm.set_value("vehicle", null);
			}
		});
	},
});

function check_in(frm) {
	if (frm.is_dirty()) {
		frappe.msgprint(__("Save the appointment first."));
		return;
	}
	frappe.confirm(
		__("Check in the vehicle of {0} and open its Repair Order?", [
			frm.doc.customer_name || frm.doc.customer,
		]),
		() => {
			frappe
				.call({
					method: "service_advisor.api.front_desk.check_in_appointment",
					args: { appointment: frm.doc.name },
					freeze: true,
					freeze_message: __("Checking in..."),
				})
				.then((r) => {
					if (r.message) {
						frappe.set_route("Form", "Repair Order", r.message);
					} else {
						frm.reload_doc();
					}
				});
		}
	);
}
