"""The technician's phone page, `/technician-jobs`: their open jobs and the labour lines of the In Repair
orders assigned to them, each with one-tap Clock On / Pause / Resume / Clock Off (api/job_time.py)."""

import frappe
from frappe import _

from service_advisor.domain import job_time as rules
from service_advisor.domain import roles as R
from service_advisor.services import job_time

no_cache = 1
sitemap = 0


def get_context(context):
	context.title = _("My Jobs")
	if frappe.session.user == "Guest":
		frappe.throw(_("Log in to see your jobs."), frappe.PermissionError)
	if not {R.WORKSHOP_TECHNICIAN, R.SERVICE_MANAGER} & set(frappe.get_roles()):
		frappe.throw(_("This page is for workshop technicians."), frappe.PermissionError)
	jobs = job_time.my_jobs(frappe.session.user)
	context.active = jobs["active"]
	context.lines = jobs["lines"]
	context.pause_reasons = rules.PAUSE_REASONS
	return context
