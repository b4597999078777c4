"""Fill what each technician job is credited with for Technician Productivity on jobs made before the
credits were kept (`services/job_time.credit_order` keeps them since): the line's payer, and for a closed
job its share of the line's sold hours and labour sales in proportion to the clocked minutes of the line's
closed jobs (evenly if none has any); open and paused jobs are credited nothing. Set-based (three
UPDATEs) and idempotent; the scale generator calls it too."""

import frappe
from frappe.query_builder import Case, CustomFunction
from frappe.query_builder.functions import Coalesce, Count, IfNull, Sum

from service_advisor.domain import job_time as rules

JOB = "Technician Job Time"
ROUND = CustomFunction("ROUND", ["value", "places"])


def execute():
	job, item = frappe.qb.DocType(JOB), frappe.qb.DocType("Repair Order Item")
	payer = frappe.qb.from_(item).select(item.billable_to).where(item.name == job.repair_order_item)
	frappe.qb.update(job).set(job.billable_to, Coalesce(payer)).run()  # Coalesce parenthesises it

	other = frappe.qb.DocType(JOB).as_("line_job")
	totals = (
		frappe.qb.from_(other)
		.select(
			other.repair_order_item,
			Sum(other.clocked_minutes).as_("total_minutes"),
			Count(other.name).as_("jobs"),
		)
		.where(other.status == rules.CLOSED)
		.groupby(other.repair_order_item)
	).as_("line_totals")

	def share(of):
		part = (
			Case()
			.when(totals.total_minutes > 0, of * job.clocked_minutes / totals.total_minutes)
			.else_(of / totals.jobs)
		)
		return IfNull(ROUND(part, 6), 0)

	(
		frappe.qb.update(job)
		.join(totals)
		.on(totals.repair_order_item == job.repair_order_item)
		.left_join(item)
		.on(item.name == job.repair_order_item)
		.set(job.sold_hours_share, share(item.qty))
		.set(job.labour_sales_share, share(item.amount))
		.where(job.status == rules.CLOSED)
	).run()
	(
		frappe.qb.update(job)
		.set(job.sold_hours_share, 0)
		.set(job.labour_sales_share, 0)
		.where(job.status != rules.CLOSED)
	).run()
