"""The workshop's labour, shipped so that an inspection sells on day one.

The shipped Standard Multi-Point Inspection names, on each of its 40 points, the labour item
`SA-LABOUR` (Workshop Labour, 工时) and the standard hours of the job that fixes the point; quoting a red
or yellow point bills those hours at the dealership's labour rate: the Item Price of `SA-LABOUR` in its
price list. A dealership sets that one rate and quotes; parts stay to be added per point.

ERPNext's item groups and units exist only once its setup wizard ran, so the item is made whenever they
do: on install, on every migrate and when the setup wizard completes (hooks.py)."""

import frappe

LABOUR_ITEM = "SA-LABOUR"


def _first_existing(doctype: str, names: tuple[str, ...]) -> str | None:
	for name in names:
		if frappe.db.exists(doctype, name):
			return name
	return None


def ensure_labour_item(*args, **kwargs) -> str | None:
	"""Make the shipped labour item if it is missing and ERPNext is set up enough to hold it."""
	if frappe.db.exists("Item", LABOUR_ITEM):
		return LABOUR_ITEM
	# ERPNext names its records in the site's language: the English names, else the root item group
	group = _first_existing("Item Group", ("Services", "All Item Groups")) or frappe.db.get_value(
		"Item Group", {"is_group": 1, "parent_item_group": ("in", ("", None))}, "name"
	)
	uom = _first_existing("UOM", ("Hour", "Nos"))
	if not group or not uom:
		return None
	item = frappe.get_doc(
		{
			"doctype": "Item",
			"item_code": LABOUR_ITEM,
			"item_name": "Workshop Labour",
			"description": "Workshop Labour / 工时 (hours at the dealership's labour rate)",
			"item_group": group,
			"stock_uom": uom,
			"is_stock_item": 0,
			"is_sales_item": 1,
			"is_purchase_item": 0,
			"include_item_in_manufacturing": 0,
		}
	)
	item.flags.ignore_permissions = True
	item.insert()
	return LABOUR_ITEM


def remove_labour_item():
	"""On uninstall: the item goes unless documents already bill it (then it is ERPNext's record)."""
	if not frappe.db.exists("Item", LABOUR_ITEM):
		return
	try:
		frappe.delete_doc("Item", LABOUR_ITEM, ignore_permissions=True, force=False)
	except (frappe.LinkExistsError, frappe.ValidationError):
		frappe.db.rollback()
