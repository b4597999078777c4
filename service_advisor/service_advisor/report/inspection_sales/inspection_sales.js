// Copyright (c) 2026, service_advisor developers
// For license information, please see license.txt

frappe.query_reports["Inspection Sales"] = {
	filters: [
		{fieldname: "company", label: __("Company"), fieldtype: "Link", options: "Company", default: frappe.defaults.get_user_default("Company")},
		{fieldname: "from_date", label: __("From Date"), fieldtype: "Date", reqd: 1, default: frappe.datetime.month_start()},
		{fieldname: "to_date", label: __("To Date"), fieldtype: "Date", reqd: 1, default: frappe.datetime.month_end()},
		{fieldname: "advisor", label: __("Advisor"), fieldtype: "Link", options: "User"},
		{fieldname: "technician", label: __("Technician"), fieldtype: "Link", options: "Employee"},
	],
};
