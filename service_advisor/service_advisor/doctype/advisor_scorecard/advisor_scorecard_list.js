// Copyright (c) 2026, service_advisor developers
// For license information, please see license.txt

// Generating and exporting are the month's actions of the whole list; the server checks the
// permissions again (create to generate, export to export).

const SA_ASSESSMENT_API = "service_advisor.api.assessment";
const SA_SCORECARD = "Advisor Scorecard";
const SA_MONTH_PATTERN = /^\d{4}-(0[1-9]|1[0-2])$/;
const SA_SCORECARD_COLOURS = {
	Draft: "grey",
	"Pending Advisor Acknowledgement": "orange",
	"Pending Station Manager": "orange",
	"Pending General Manager": "orange",
	Approved: "green",
};

frappe.listview_settings[SA_SCORECARD] = {
	add_fields: ["workflow_state", "inputs_changed"],
	has_indicator_for_draft: 1,
	get_indicator(doc) {
		if (doc.inputs_changed && doc.docstatus < 2) {
			return [__("Inputs Changed"), "red", "inputs_changed,=,1"];
		}
		const colour = SA_SCORECARD_COLOURS[doc.workflow_state];
		if (colour) {
			return [__(doc.workflow_state), colour, "workflow_state,=," + doc.workflow_state];
		}
	},

	onload(listview) {
		if (frappe.model.can_create(SA_SCORECARD)) {
			listview.page.add_inner_button(__("Generate Scorecards"), () => {
				sa_scorecard_list.generate(listview);
			});
		}
		if (frappe.model.can_export(SA_SCORECARD)) {
			listview.page.add_inner_button(__("Export for Payroll"), () => {
				sa_scorecard_list.export_for_payroll();
			});
		}
	},
};

const sa_scorecard_list = {
	this_month() {
		return frappe.datetime.get_today().slice(0, 7);
	},

	prompt_month(title, primary_label, action) {
		frappe.prompt(
			[
				{
					fieldname: "month",
					fieldtype: "Data",
					label: __("Month"),
					description: __("Written YYYY-MM, e.g. {0}", [sa_scorecard_list.this_month()]),
					default: sa_scorecard_list.this_month(),
					reqd: 1,
				},
			],
			(values) => {
				const month = (values.month || "").trim();
				if (!SA_MONTH_PATTERN.test(month)) {
					frappe.msgprint(__("Month must be written YYYY-MM."));
					return;
				}
				action(month);
			},
			title,
			primary_label
		);
	},

	count(value) {
		return Array.isArray(value) ? value.length : cint(value);
	},

	generate(listview) {
		sa_scorecard_list.prompt_month(__("Generate Scorecards"), __("Generate"), (month) => {
			frappe
				.call({
					method: `${SA_ASSESSMENT_API}.generate_scorecards`,
					type: "POST",
					args: { month: month },
					freeze: true,
					freeze_message: __("Generating scorecards..."),
				})
				.then((r) => {
					sa_scorecard_list.show_summary(month, r.message || {});
					listview.refresh();
				});
		});
	},

	show_summary(month, result) {
		const count = (key) => sa_scorecard_list.count(result[key]);
		const lines = [
			__("Created: {0}", [count("created")]),
			__("Refreshed: {0}", [count("refreshed")]),
			__("Unchanged: {0}", [count("unchanged")]),
			__("Skipped (already in approval or approved): {0}", [count("skipped")]),
		];
		frappe.msgprint({
			title: __("Scorecards for {0}", [frappe.utils.escape_html(month)]),
			indicator: count("created") || count("refreshed") ? "green" : "blue",
			message: `<ul>${lines.map((line) => `<li>${line}</li>`).join("")}</ul>`,
		});
	},

	export_for_payroll() {
		sa_scorecard_list.prompt_month(__("Export for Payroll"), __("Export"), (month) => {
			const params = new URLSearchParams({ month: month });
			const w = window.open(
				`/api/method/${SA_ASSESSMENT_API}.export_scorecards?${params.toString()}`
			);
			if (!w) {
				frappe.msgprint(__("Please enable pop-ups"));
			}
		});
	},
};
