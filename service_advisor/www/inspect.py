"""The technician's inspection page, `/inspect?order=RO-…`: every point of the order's inspection with
one-tap Green / Yellow / Red, the measurement, a note and photos from the phone's camera; then Complete.
Each tap saves through api/inspection.py, where the colour follows the measurement and only the order's
technician (or a supervisor) may write."""

import frappe
from frappe import _

from service_advisor.domain import inspection as rules
from service_advisor.domain import roles as R
from service_advisor.services import inspection as service

no_cache = 1
sitemap = 0


def get_context(context):
	context.title = _("Vehicle Inspection")
	if frappe.session.user == "Guest":
		frappe.throw(_("Log in to inspect vehicles."), frappe.PermissionError)
	if not {R.WORKSHOP_TECHNICIAN, *service.INSPECTOR_SUPERVISORS} & set(frappe.get_roles()):
		frappe.throw(_("This page is for workshop technicians."), frappe.PermissionError)
	order = frappe.form_dict.get("order")
	if not isinstance(order, str) or not frappe.db.exists("Repair Order", order):
		frappe.throw(_("Open this page from a repair order."), frappe.DoesNotExistError)
	frappe.has_permission("Repair Order", "read", order, throw=True)
	context.order = order
	context.view = service.page_view(order)
	context.ratings = rules.RATINGS
	return context
