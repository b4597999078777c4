// Copyright (c) 2026, service_advisor developers
// For license information, please see license.txt

frappe.query_reports["Commission Statement"] = {
	filters: [
		{fieldname: "company", label: __("Company"), fieldtype: "Link", options: "Company", default: frappe.defaults.get_user_default("Company")},
		{fieldname: "month", label: __("Month"), fieldtype: "Data", reqd: 1, default: frappe.datetime.get_today().slice(0, 7), description: "YYYY-MM"},
		{fieldname: "advisor", label: __("Advisor"), fieldtype: "Link", options: "User"},
	],
};
