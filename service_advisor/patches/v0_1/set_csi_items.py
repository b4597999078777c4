"""The CSI survey's item list, now required (an imported item the list does not name is refused): a site
that kept no list gets the one shipped with the app (domain/csi.py MANUFACTURER_ITEMS), and every item
already imported that the list does not name is added as an advisor item, which is how the scorecard read
an unlisted item until now, so existing scorecards keep their figures. A Service Manager unmarks the ones
that are not the advisor's (docs/readings.md #5)."""

import frappe

from service_advisor.domain.csi import item_key
from service_advisor.services.csi import ship_survey_items

SECTION = "Imported before the list was required"


def execute():
	if not frappe.db.has_column("CSI Survey Item", "also_written_as"):
		return
	ship_survey_items()
	settings = frappe.get_single("Service Advisor Settings")
	listed = {item_key(t) for row in settings.csi_items for t in (row.survey_item, row.also_written_as) if t}
	added = False
	for item in sorted(set(frappe.get_all("CSI Result", pluck="survey_item", distinct=True))):
		if item and item_key(item) not in listed:
			settings.append("csi_items", {"survey_item": item, "section": SECTION, "advisor_item": 1})
			listed.add(item_key(item))
			added = True
	if added:
		settings.flags.ignore_validate = True  # a site's own list is kept as it is, even one wording twice
		settings.save(ignore_permissions=True)
