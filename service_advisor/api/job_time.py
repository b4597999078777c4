"""Whitelisted clocking of technician time (services/job_time.py). Every method clocks the session user
or, for an existing job, checks that the session user is its technician or a Service Manager; times are
the server's clock and are never taken from the caller, except in a Service Manager's correction of a
clocked-off job, which keeps the old and new times."""

import frappe

from service_advisor.api.validation import Choice, Datetime, DocName, Text, validate_args
from service_advisor.domain import job_time as rules
from service_advisor.services import job_time

JOB = DocName(job_time.DOCTYPE)


def _result(job) -> dict:
	return {"name": job.name, "status": job.status, "clocked_minutes": job.clocked_minutes}


@frappe.whitelist(methods=["POST"])
@validate_args(repair_order=DocName("Repair Order"), item=Text())
def clock_on(repair_order: str, item: str) -> dict:
	# the order is readable to its technician; a line the foreman assigned to a colleague opens it to them
	# too (ERPNext's Employee user permission otherwise hides another technician's order)
	if not job_time.assigned_line_of(repair_order, item):
		frappe.has_permission("Repair Order", "read", repair_order, throw=True)
	return _result(job_time.clock_on(repair_order, item))


@frappe.whitelist(methods=["POST"])
@validate_args(job=JOB, reason=Choice(rules.PAUSE_REASONS))
def pause(job: str, reason: str) -> dict:
	frappe.has_permission(job_time.DOCTYPE, "read", job, throw=True)
	return _result(job_time.pause(job, reason))


@frappe.whitelist(methods=["POST"])
@validate_args(job=JOB)
def resume(job: str) -> dict:
	frappe.has_permission(job_time.DOCTYPE, "read", job, throw=True)
	return _result(job_time.resume(job))


@frappe.whitelist(methods=["POST"])
@validate_args(job=JOB)
def clock_off(job: str) -> dict:
	frappe.has_permission(job_time.DOCTYPE, "read", job, throw=True)
	return _result(job_time.clock_off(job))


@frappe.whitelist(methods=["POST"])
@validate_args(job=JOB, started_at=Datetime(), ended_at=Datetime(), reason=Text(1000))
def correct(job: str, started_at: str, ended_at: str, reason: str) -> dict:
	"""A Service Manager corrects a clocked-off job's times (the old and new times are kept)."""
	frappe.has_permission(job_time.DOCTYPE, "read", job, throw=True)
	return _result(job_time.correct(job, started_at, ended_at, reason))
