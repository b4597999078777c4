// Copyright (c) 2026, service_advisor developers
// For license information, please see license.txt

// A card that has left Draft is never refreshed: when its inputs changed since it was generated
// (a late complaint, commendation, CSI row, audit, 6S inspection or invoice), the form says so and
// shows the difference; an approved card is corrected by Cancel, then Amend.

frappe.ui.form.on("Advisor Scorecard", {
	refresh(frm) {
		const difference = frm.doc.inputs_difference || (frm.doc.__onload || {}).inputs_difference;
		if (!difference || frm.doc.docstatus === 2) {
			return;
		}
		const advice =
			frm.doc.docstatus === 1
				? __("Cancel this scorecard, then Amend it to pay the corrected amount.")
				: __("Reject it back to Draft and generate it again to take the changes.");
		frm.dashboard.set_headline_alert(
			`<div>${__("Inputs changed since generation")}: ${advice}</div>` +
				`<pre style="margin:6px 0 0;white-space:pre-wrap;">${frappe.utils.escape_html(
					difference
				)}</pre>`,
			"orange"
		);
	},
});
