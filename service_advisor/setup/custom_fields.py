"""Custom fields the app adds to ERPNext doctypes (created on install, removed on uninstall)."""

MODULE = "Service Advisor"


def get_custom_fields() -> dict[str, list[dict]]:
	return {
		"Customer": [
			{
				"fieldname": "sa_first_responsible_person",
				"label": "First Responsible Person",
				"fieldtype": "Link",
				"options": "User",
				"insert_after": "customer_group",
				"read_only": 1,
				"description": "Whoever first took this customer's call or met the customer (service desk).",
			},
		],
		"Sales Invoice": [
			{
				"fieldname": "repair_order",
				"label": "Repair Order",
				"fieldtype": "Link",
				"options": "Repair Order",
				"insert_after": "customer_name",
				"read_only": 1,
				"search_index": 1,
			},
		],
		"Sales Invoice Item": [
			{
				"fieldname": "repair_order",
				"label": "Repair Order",
				"fieldtype": "Link",
				"options": "Repair Order",
				"insert_after": "sales_order",
				"read_only": 1,
				"search_index": 1,
			},
			{
				"fieldname": "repair_order_item",
				"label": "Repair Order Item",
				"fieldtype": "Data",
				"insert_after": "repair_order",
				"read_only": 1,
				"hidden": 1,
				"search_index": 1,
			},
		],
	}


def custom_field_names() -> list[str]:
	return [f"{dt}-{df['fieldname']}" for dt, fields in get_custom_fields().items() for df in fields]
