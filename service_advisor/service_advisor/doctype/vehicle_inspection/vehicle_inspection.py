# Copyright (c) 2026, service_advisor developers
# For license information, please see license.txt

from frappe.model.document import Document

from service_advisor.services import inspection


class VehicleInspection(Document):
	def validate(self):
		inspection.fill_from_order(self)
		inspection.check_inspector(self)
		if self.is_new():
			inspection.load_points(self)
		else:
			inspection.keep_template_fields(self)
		inspection.rate_points(self)
		inspection.set_counts(self)
		inspection.keep_quote_figures(self)

	def before_submit(self):
		inspection.check_inspector(self)
		inspection.before_submit(self)

	def before_cancel(self):
		inspection.before_cancel(self)


def on_doctype_update():
	from service_advisor.setup.indexes import ensure

	ensure("Vehicle Inspection")
