// Copyright (c) 2026, service_advisor developers
// For license information, please see license.txt

frappe.query_reports["Technician Productivity"] = {
	filters: [
		{fieldname: "company", label: __("Company"), fieldtype: "Link", options: "Company", default: frappe.defaults.get_user_default("Company")},
		{fieldname: "from_date", label: __("From Date"), fieldtype: "Date", reqd: 1, default: frappe.datetime.month_start()},
		{fieldname: "to_date", label: __("To Date"), fieldtype: "Date", reqd: 1, default: frappe.datetime.month_end()},
		{fieldname: "technician", label: __("Technician"), fieldtype: "Link", options: "User"},
		{fieldname: "group_by", label: __("Group By"), fieldtype: "Select", options: ["Technician", "Team", "Company"].map((v) => ({value: v, label: __(v)})), default: "Technician"},
		{fieldname: "period", label: __("Period"), fieldtype: "Select", options: [{value: "", label: __("Whole Range")}, ...["Day", "Week", "Month"].map((v) => ({value: v, label: __(v)}))]},
	],
};
