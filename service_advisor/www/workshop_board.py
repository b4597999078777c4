"""The workshop board, `/workshop-board`: who is on which job now, what waits (customer approval, parts,
quality check) and the orders whose remaining sold hours no longer fit before the promised time, for the
advisor to call the customer first (services/job_time.workshop_board). Refreshes every minute."""

import frappe
from frappe import _

from service_advisor.domain import roles as R
from service_advisor.services import job_time

no_cache = 1
sitemap = 0

BOARD_ROLES = {
	R.SERVICE_MANAGER,
	R.SERVICE_ADVISOR,
	R.WORKSHOP_TECHNICIAN,
	R.TECHNICAL_DIRECTOR,
	R.QUALITY_INSPECTOR,
	R.STATION_MANAGER,
	R.GENERAL_MANAGER,
}


def get_context(context):
	context.title = _("Workshop Board")
	if frappe.session.user == "Guest":
		frappe.throw(_("Log in to see the workshop board."), frappe.PermissionError)
	if not BOARD_ROLES & set(frappe.get_roles()):
		frappe.throw(_("This page is for the service department."), frappe.PermissionError)
	context.board = job_time.workshop_board()
	return context
