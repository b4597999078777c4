// Copyright (c) 2026, service_advisor developers
// For license information, please see license.txt

// Moves between states are the workflow's actions (the "Actions" menu). The buttons here are the
// steps that are not workflow actions: quality inspection, proposing add-ons, warranty decisions.
// Every rule is checked again on the server; the role checks here only hide buttons that would fail.

const SA_FRONT_DESK = "service_advisor.api.front_desk";
const SA_MAKE_SALES_INVOICE = "service_advisor.api.settlement.make_sales_invoice";
const SA_SETTLEMENT_STATEMENT = "Settlement Statement";
const SA_ADD_ON_STATES = ["In Repair", "Awaiting Customer Approval"];
const SA_QC_STAGE_ROLES = {
	"Self/Peer Check": ["Workshop Technician"],
	"Patrol Check": ["Technical Director"],
	"Final Inspection": ["Quality Inspector"],
};

frappe.ui.form.on("Repair Order", {
	setup(frm) {
		frm.set_query("vehicle", () => {
			return frm.doc.customer ? { filters: { customer: frm.doc.customer } } : {};
		});
	},

	refresh(frm) {
		// the form is reused between documents: render (or clear) the gallery on every refresh
		sa_repair_order.render_photo_gallery(frm);
		if (frm.is_new()) {
			return;
		}
		sa_repair_order.show_greeting_sla(frm);
		sa_repair_order.add_quality_check_button(frm);
		sa_repair_order.add_propose_add_on_button(frm);
		sa_repair_order.add_inspect_button(frm);
		sa_repair_order.add_warranty_button(frm);
		sa_repair_order.add_create_invoice_button(frm);
		sa_repair_order.add_settlement_statement_button(frm);
		sa_repair_order.add_receive_payment_button(frm);
	},

	diagnosis_photo(frm) {
		sa_repair_order.render_photo_gallery(frm);
	},

	walk_around_findings_remove(frm) {
		sa_repair_order.render_photo_gallery(frm);
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

frappe.ui.form.on("Walk-around Finding", {
	photo(frm) {
		sa_repair_order.render_photo_gallery(frm);
	},
	second_photo(frm) {
		sa_repair_order.render_photo_gallery(frm);
	},
	area(frm) {
		sa_repair_order.render_photo_gallery(frm);
	},
});

const sa_repair_order = {
	saved_first(frm) {
		if (frm.is_dirty()) {
			frappe.msgprint(__("Save the Repair Order first."));
			return false;
		}
		return true;
	},

	gallery_photos(frm) {
		const photos = [];
		(frm.doc.walk_around_findings || []).forEach((row) => {
			[row.photo, row.second_photo].forEach((url) => {
				if (url) {
					photos.push({ url: url, caption: row.area || "" });
				}
			});
		});
		if (frm.doc.diagnosis_photo) {
			photos.push({ url: frm.doc.diagnosis_photo, caption: __("Diagnosis") });
		}
		// only files and web addresses: never a javascript: or data: URL in an href
		return photos.filter((photo) => /^(\/(?!\/)|https?:\/\/)/i.test(photo.url));
	},

	render_photo_gallery(frm) {
		if (frm.doctype !== "Repair Order") {
			return;
		}
		const field = frm.get_field("photo_gallery");
		if (!field || !field.$wrapper) {
			return;
		}
		const photos = sa_repair_order.gallery_photos(frm);
		if (!photos.length) {
			field.$wrapper.html("");
			return;
		}
		const escape = frappe.utils.escape_html;
		const thumbnails = photos
			.map((photo) => {
				const url = escape(photo.url);
				const caption = escape(photo.caption);
				return `<figure style="margin: 0; width: 120px;">
					<a href="${url}" target="_blank" rel="noopener noreferrer" title="${caption}">
						<img src="${url}" alt="${caption}" loading="lazy"
							style="display: block; width: 120px; height: 90px; max-width: 120px; max-height: 90px; object-fit: cover; border-radius: var(--border-radius, 4px); border: 1px solid var(--border-color, #d1d8dd);">
					</a>
					<figcaption class="text-muted small text-truncate" style="margin-top: 4px;">${caption}</figcaption>
				</figure>`;
			})
			.join("");
		field.$wrapper.html(
			`<div class="sa-photo-gallery" style="display: flex; flex-wrap: wrap; gap: 12px; margin-bottom: 12px;">${thumbnails}</div>`
		);
	},

	show_greeting_sla(frm) {
		if (!frm.doc.greeting_sla_breached) {
			return;
		}
		const delay = flt(frm.doc.greeting_delay_minutes, 1);
		const minutes = format_number(delay, null, delay % 1 ? 1 : 0);
		frm.dashboard.add_indicator(__("Greeting SLA breached ({0} min)", [minutes]), "red");
	},

	add_quality_check_button(frm) {
		if (frm.doc.workflow_state !== "Quality Check" || frm.doc.docstatus !== 0) {
			return;
		}
		const stage_roles = [].concat(...Object.values(SA_QC_STAGE_ROLES));
		if (!frappe.user.has_role(stage_roles)) {
			return;
		}
		frm.add_custom_button(__("Record Quality Check"), () => {
			if (!sa_repair_order.saved_first(frm)) {
				return;
			}
			frappe
				.call({
					method: `${SA_FRONT_DESK}.next_quality_stage`,
					args: { repair_order: frm.doc.name },
				})
				.then((r) => sa_repair_order.prompt_quality_check(frm, r.message));
		}).addClass("btn-primary");
	},

	prompt_quality_check(frm, stage) {
		if (!stage) {
			frappe.msgprint(
				__("All three inspection stages have passed: the order can be released for delivery.")
			);
			return;
		}
		const roles = SA_QC_STAGE_ROLES[stage] || [];
		if (roles.length && !frappe.user.has_role(roles)) {
			frappe.msgprint(
				__("{0} is done by: {1}.", [__(stage), roles.map((role) => __(role)).join(", ")])
			);
			return;
		}
		frappe.prompt(
			[
				{
					fieldname: "stage_display",
					fieldtype: "Data",
					label: __("Stage"),
					default: __(stage),
					read_only: 1,
				},
				{
					fieldname: "result",
					fieldtype: "Select",
					label: __("Result"),
					options: [
						{ value: "Pass", label: __("Pass") },
						{ value: "Fail", label: __("Fail") },
					],
					default: "Pass",
					reqd: 1,
				},
				{
					fieldname: "remarks",
					fieldtype: "Small Text",
					label: __("Remarks"),
					description: __("Required when the check fails: say what failed."),
					mandatory_depends_on: "eval:doc.result == 'Fail'",
				},
			],
			(values) => {
				if (values.result === "Fail" && !(values.remarks || "").trim()) {
					frappe.msgprint(__("Say what failed in the remarks."));
					return;
				}
				frappe
					.call({
						method: `${SA_FRONT_DESK}.record_quality_check`,
						args: {
							repair_order: frm.doc.name,
							stage: stage,
							result: values.result,
							remarks: values.remarks || null,
						},
						freeze: true,
						freeze_message: __("Recording quality check..."),
					})
					.then(() => {
						frappe.show_alert({
							message:
								values.result === "Pass"
									? __("{0}: passed", [__(stage)])
									: __("{0}: failed, the order is back in repair", [__(stage)]),
							indicator: values.result === "Pass" ? "green" : "orange",
						});
						frm.reload_doc();
					});
			},
			__("Record Quality Check"),
			__("Record")
		);
	},

	add_propose_add_on_button(frm) {
		if (!SA_ADD_ON_STATES.includes(frm.doc.workflow_state) || frm.doc.docstatus !== 0) {
			return;
		}
		if (!frappe.model.can_create("Add-on Item")) {
			return;
		}
		frm.add_custom_button(__("Propose Add-on"), () => {
			frappe.new_doc("Add-on Item", { repair_order: frm.doc.name });
		});
	},

	add_inspect_button(frm) {
		// the technician's phone page for the digital inspection (services/inspection.py checks who inspects)
		const states = ["Checked In", "Authorised", "In Repair", "Awaiting Customer Approval"];
		if (!states.includes(frm.doc.workflow_state) || !frappe.model.can_create("Vehicle Inspection")) {
			return;
		}
		frm.add_custom_button(__("Inspect"), () => {
			window.open(`/inspect?order=${encodeURIComponent(frm.doc.name)}`, "_blank");
		});
	},

	open_warranty_rows(frm) {
		return (frm.doc.items || []).filter(
			(row) => row.possibly_warranty && !row.warranty_decision && !row.__islocal
		);
	},

	add_warranty_button(frm) {
		if (frm.doc.docstatus !== 0 || !frappe.user.has_role("Warranty Clerk")) {
			return;
		}
		if (!sa_repair_order.open_warranty_rows(frm).length) {
			return;
		}
		frm.add_custom_button(__("Warranty Decision"), () => {
			if (!sa_repair_order.saved_first(frm)) {
				return;
			}
			sa_repair_order.prompt_warranty_decision(frm);
		});
	},

	prompt_warranty_decision(frm) {
		const rows = sa_repair_order.open_warranty_rows(frm);
		if (rows.length) {
			sa_prompt_warranty_decision(frm, rows);
		}
	},


	add_create_invoice_button(frm) {
		if (frm.doc.docstatus !== 1 || frm.doc.workflow_state !== "Delivered") {
			return;
		}
		// the server also lets a Service Advisor create drafts when the settings allow it
		if (!frappe.model.can_create("Sales Invoice") && !frappe.user.has_role("Service Advisor")) {
			return;
		}
		frm.add_custom_button(__("Create Invoice"), () => {
			sa_repair_order.create_invoice(frm);
		}).addClass("btn-primary");
	},

	create_invoice(frm) {
		frappe
			.call({
				method: SA_MAKE_SALES_INVOICE,
				args: { repair_order: frm.doc.name },
				freeze: true,
				freeze_message: __("Creating invoice..."),
			})
			.then((r) => {
				const names = r.message || [];
				// the server may have written the settlement note on the order
				frm.reload_doc();
				if (names.length === 1) {
					frappe.set_route("Form", "Sales Invoice", names[0]);
				} else if (names.length > 1) {
					const links = names
						.map((name) => {
							const label = frappe.utils.escape_html(name);
							const link = frappe.utils.get_form_link("Sales Invoice", name, true, label);
							return `<li>${link}</li>`;
						})
						.join("");
					frappe.msgprint({
						title: __("Sales Invoices"),
						indicator: "blue",
						message: `<p>${__("One draft invoice per payer:")}</p><ul>${links}</ul>`,
					});
				}
			});
	},

	add_settlement_statement_button(frm) {
		if (frm.doc.docstatus !== 1 || !["Settled", "Closed"].includes(frm.doc.workflow_state)) {
			return;
		}
		frm.add_custom_button(__("Settlement Statement"), () =>
			sa_repair_order.print_settlement_statement(frm)
		);
	},

	add_receive_payment_button(frm) {
		if (
			frm.doc.docstatus !== 1 ||
			!["Settled", "Closed"].includes(frm.doc.workflow_state) ||
			!(frm.doc.outstanding_amount > 0) ||
			!frappe.model.can_create("Payment Entry")
		) {
			return;
		}
		frm.add_custom_button(__("Receive Payment"), () => sa_repair_order.receive_payment(frm));
	},

	receive_payment(frm) {
		// ERPNext's own Payment Entry for the invoice: no accounting is written here
		frappe.db
			.get_list("Sales Invoice", {
				filters: { repair_order: frm.doc.name, docstatus: 1, outstanding_amount: [">", 0] },
				fields: ["name", "customer", "outstanding_amount"],
				order_by: "posting_date asc",
			})
			.then((invoices) => {
				if (!invoices.length) {
					frappe.msgprint(__("Nothing is outstanding on this order's invoices."));
				} else if (invoices.length === 1) {
					sa_repair_order.open_payment_entry(invoices[0].name);
				} else {
					frappe.prompt(
						{
							fieldname: "invoice",
							fieldtype: "Select",
							label: __("Sales Invoice"),
							options: invoices.map((inv) => inv.name),
							default: invoices[0].name,
							reqd: 1,
						},
						(values) => sa_repair_order.open_payment_entry(values.invoice),
						__("Receive Payment"),
						__("Open Payment Entry")
					);
				}
			});
	},

	open_payment_entry(invoice) {
		frappe
			.call({
				method: "erpnext.accounts.doctype.payment_entry.payment_entry.get_payment_entry",
				args: { dt: "Sales Invoice", dn: invoice },
			})
			.then((r) => {
				const doclist = frappe.model.sync(r.message);
				frappe.set_route("Form", doclist[0].doctype, doclist[0].name);
			});
	},

	print_settlement_statement(frm) {
		// v15's print page cannot be opened on a chosen format, so open the print view of that
		// format directly (as frappe.utils.print does), with the default letter head
		const params = new URLSearchParams({
			doctype: frm.doctype,
			name: frm.doc.name,
			format: SA_SETTLEMENT_STATEMENT,
			no_letterhead: 0,
			trigger_print: 1,
		});
		const w = window.open(frappe.urllib.get_full_url(`/printview?${params.toString()}`));
		if (!w) {
			frappe.msgprint(__("Please enable pop-ups"));
		}
	},
};

// pay before pickup (api/pay_link.py): the pay link, the vehicle's release and a manager's exception
frappe.ui.form.on("Repair Order", {
	refresh(frm) {
		if (frm.doc.docstatus !== 1 || frm.is_new()) {
			return;
		}
		const call = (method, args, done) =>
			frappe.call({ method: `service_advisor.api.pay_link.${method}`, args, freeze: true }).then((r) => {
				done(r.message);
				frm.reload_doc();
			});
		if (frm.doc.sales_invoice && frm.doc.outstanding_amount > 0 && frm.perm[0]?.write) {
			frm.add_custom_button(
				__("Send Pay Link"),
				() =>
					call("send_pay_link", { repair_order: frm.doc.name }, (sent) =>
						frappe.show_alert({
							message: __("Pay link {0} sent to {1}", [sent.payment_request, sent.sent_to.join(", ")]),
							indicator: "green",
						})
					),
				__("Payment")
			);
		}
		if (
			["Delivered", "Settled", "Closed"].includes(frm.doc.workflow_state) &&
			!frm.doc.vehicle_released_on &&
			frm.perm[0]?.write
		) {
			frm.add_custom_button(
				__("Release Vehicle"),
				() => call("release_vehicle", { repair_order: frm.doc.name }, () => {}),
				__("Payment")
			);
			const managers = ["Service Manager", "Station Manager", "General Manager", "System Manager"];
			if (!frm.doc.payment_exception_by && managers.some((role) => frappe.user.has_role(role))) {
				frm.add_custom_button(
					__("Record Payment Exception"),
					() =>
						frappe.prompt(
							{ fieldname: "reason", fieldtype: "Small Text", label: __("Payment Exception Reason"), reqd: 1 },
							(values) =>
								call("record_payment_exception", { repair_order: frm.doc.name, reason: values.reason }, () => {}),
							__("Record Payment Exception")
						),
					__("Payment")
				);
			}
		}
	},
});
