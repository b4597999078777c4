// Copyright (c) 2026, service_advisor developers
// For license information, please see license.txt

frappe.query_reports["Orders Awaiting Payment"] = {
	filters: [
		{fieldname: "company", label: __("Company"), fieldtype: "Link", options: "Company", default: frappe.defaults.get_user_default("Company")},
		{fieldname: "advisor", label: __("Advisor"), fieldtype: "Link", options: "User"},
	],
};
