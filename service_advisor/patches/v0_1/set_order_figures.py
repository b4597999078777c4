"""Fill the figures an order keeps for the group reports on orders made before them: labour sales and sold
hours (its labour lines, as `set_totals` computes them) and the vehicle's previous delivery (the latest
delivery of the vehicle's other delivered orders at or before this arrival, as `set_previous_delivery`
does). Set-based (one UPDATE per figure, each a correlated subquery on an index) and idempotent: every
order gets the value its lines and its vehicle's history give. The scale generator calls it too."""

import frappe
from frappe.query_builder.functions import Coalesce, Max, Sum

ORDER, ITEM = "Repair Order", "Repair Order Item"


def execute():
	ro, item = frappe.qb.DocType(ORDER), frappe.qb.DocType(ITEM)
	labour = (item.parent == ro.name) & (item.parenttype == ORDER) & (item.item_type == "Labour")
	sales = frappe.qb.from_(item).select(Sum(item.amount)).where(labour)
	hours = frappe.qb.from_(item).select(Sum(item.qty)).where(labour)
	# Coalesce parenthesises the subqueries (and an order without labour lines gets 0)
	(
		frappe.qb.update(ro).set(ro.labour_total, Coalesce(sales, 0)).set(ro.labour_hours, Coalesce(hours, 0))
	).run()

	earlier = frappe.qb.DocType(ORDER).as_("earlier")
	previous = (
		frappe.qb.from_(earlier)
		.select(Max(earlier.delivered_on))
		.where(
			(earlier.vehicle == ro.vehicle)
			& (earlier.docstatus == 1)
			& (earlier.name != ro.name)
			& (earlier.delivered_on <= ro.arrival_time)
		)
	)
	frappe.qb.update(ro).set(ro.previous_delivery, Coalesce(previous)).run()
