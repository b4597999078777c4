from frappe import _


def get_data():
	"""The vehicle's history on its form: orders and their completed inspections."""
	return {
		"fieldname": "vehicle",
		"transactions": [
			{"label": _("Service"), "items": ["Repair Order", "Vehicle Inspection"]},
		],
	}
