// Copyright (c) 2026, service_advisor developers
// For license information, please see license.txt

// The CSI file is uploaded as a (private) File, then imported by the server: nothing is imported
// unless every row is valid, and the server's message lists the rows that are not.

const SA_IMPORT_CSI = "service_advisor.api.assessment.import_csi";

frappe.listview_settings["CSI Result"] = {
	onload(listview) {
		if (!frappe.model.can_create("CSI Result")) {
			return;
		}
		listview.page.add_inner_button(__("Import CSI File"), () => {
			new frappe.ui.FileUploader({
				dialog_title: __("Import CSI File"),
				allow_multiple: false,
				restrictions: { allowed_file_types: [".xlsx"] },
				on_success(file) {
					frappe.call({
						method: SA_IMPORT_CSI,
						type: "POST",
						args: { file_url: file.file_url },
						freeze: true,
						freeze_message: __("Importing CSI results..."),
						callback: (r) => {
							frappe.show_alert({
								message: __("{0} CSI results imported", [cint(r.message)]),
								indicator: "green",
							});
							listview.refresh();
						},
					});
				},
			});
		});
	},
};
