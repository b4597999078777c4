# Copyright (c) 2026, service_advisor developers
# For license information, please see license.txt
"""Technician Productivity: per technician and company over a date range, hours present (Technician
Shift), hours clocked on jobs (closed Technician Job Times started in the range) and sold hours (the
labour line's qty, shared by the technicians who worked the line in proportion to their clocked time,
split by pay type), with productivity, efficiency and proficiency against the settings' targets (NADA's
guidelines by default). One query."""

import frappe
from frappe import _
from frappe.query_builder import Case
from frappe.query_builder.functions import Count, IfNull, Sum
from frappe.utils import add_days, flt

from service_advisor.domain import job_time as rules
from service_advisor.reports import column, company_column, company_scope, date_range
from service_advisor.services.replica import read_only
from service_advisor.services.settings import setting

RATIOS = ("productivity", "efficiency", "proficiency")


@read_only
def execute(filters=None):
	filters = frappe._dict(filters or {})
	columns = [
		column("scope", "Row", width=120),
		column("technician", "Technician", "Link", "User", 200),
		company_column(),
		column("present_hours", "Hours Present", "Float", width=110),
		column("clocked_hours", "Hours Clocked on Jobs", "Float", width=110),
		column("sold_hours", "Sold Hours", "Float", width=100),
		column("sold_customer", "Sold Hours (Customer)", "Float", width=110),
		column("sold_warranty", "Sold Hours (Warranty)", "Float", width=110),
		column("sold_internal", "Sold Hours (Internal)", "Float", width=110),
		column("productivity", "Productivity (%)", "Percent", width=110),
		column("efficiency", "Efficiency (%)", "Percent", width=110),
		column("proficiency", "Proficiency (%)", "Percent", width=110),
	]
	data = rows(filters)
	return columns, data, None, chart(data)


def query(filters):
	from_date, to_date = date_range(filters)
	companies = company_scope(filters)
	technician = filters.get("technician")
	shift = frappe.qb.DocType("Technician Shift")
	job = frappe.qb.DocType("Technician Job Time")
	other = frappe.qb.DocType("Technician Job Time").as_("line_job")
	item = frappe.qb.DocType("Repair Order Item")

	shifts = (
		frappe.qb.from_(shift)
		.select(shift.technician, shift.company, Sum(shift.hours).as_("present_hours"))
		.where(shift.shift_date.between(from_date, to_date))
		.groupby(shift.technician, shift.company)
	)
	# every line's total clocked minutes and number of closed jobs: the denominator of each share
	line_totals = (
		frappe.qb.from_(other)
		.select(
			other.repair_order_item,
			Sum(other.clocked_minutes).as_("total_minutes"),
			Count(other.name).as_("jobs"),
		)
		.where(other.status == rules.CLOSED)
		.groupby(other.repair_order_item)
	).as_("line_totals")
	share = (
		Case()
		.when(line_totals.total_minutes > 0, item.qty * job.clocked_minutes / line_totals.total_minutes)
		.else_(item.qty / line_totals.jobs)
	)

	def sold(billable_to):
		return Sum(Case().when(item.billable_to == billable_to, share).else_(0))

	jobs = (
		frappe.qb.from_(job)
		.join(line_totals)
		.on(line_totals.repair_order_item == job.repair_order_item)
		.left_join(item)
		.on(item.name == job.repair_order_item)
		.select(
			job.technician,
			job.company,
			(Sum(job.clocked_minutes) / 60).as_("clocked_hours"),
			Sum(IfNull(share, 0)).as_("sold_hours"),
			sold("Customer").as_("sold_customer"),
			sold("Warranty").as_("sold_warranty"),
			sold("Internal").as_("sold_internal"),
		)
		.where(
			(job.status == rules.CLOSED)
			& (job.started_at >= from_date)
			& (job.started_at < add_days(to_date, 1))
		)
		.groupby(job.technician, job.company)
	)
	if companies is not None:
		shifts = shifts.where(shift.company.isin(companies))
		jobs = jobs.where(job.company.isin(companies))
	if technician:
		shifts = shifts.where(shift.technician == technician)
		jobs = jobs.where(job.technician == technician)

	base = (
		frappe.qb.from_(shifts.as_("s0")).select("technician", "company")
		+ frappe.qb.from_(jobs.as_("j0")).select("technician", "company")
	).as_("base")
	s, j = shifts.as_("s"), jobs.as_("j")
	return (
		frappe.qb.from_(base)
		.left_join(s)
		.on((s.technician == base.technician) & (s.company == base.company))
		.left_join(j)
		.on((j.technician == base.technician) & (j.company == base.company))
		.select(
			base.technician,
			base.company,
			IfNull(s.present_hours, 0).as_("present_hours"),
			IfNull(j.clocked_hours, 0).as_("clocked_hours"),
			IfNull(j.sold_hours, 0).as_("sold_hours"),
			IfNull(j.sold_customer, 0).as_("sold_customer"),
			IfNull(j.sold_warranty, 0).as_("sold_warranty"),
			IfNull(j.sold_internal, 0).as_("sold_internal"),
		)
		.orderby(base.company)
		.orderby(base.technician)
	)


HOURS = ("present_hours", "clocked_hours", "sold_hours", "sold_customer", "sold_warranty", "sold_internal")


def rows(filters) -> list[dict]:
	"""One row per technician and company, then each company's total (computed from those rows)."""
	result = []
	totals: dict[str, frappe._dict] = {}
	for row in query(filters).run(as_dict=True):
		for key in HOURS:
			row[key] = flt(row[key], 2)
		row.scope = _("Technician")
		result.append(with_ratios(row))
		total = totals.setdefault(
			row.company,
			frappe._dict(company=row.company, scope=_("Company Total"), bold=1, **dict.fromkeys(HOURS, 0)),
		)
		for key in HOURS:
			total[key] = flt(total[key] + row[key], 2)
	return result + [with_ratios(total) for total in totals.values()]


def with_ratios(row):
	figures = rules.Figures(row.present_hours, row.clocked_hours, row.sold_hours)
	for name in RATIOS:
		row[name] = getattr(figures, name)
	return row


def chart(data: list[dict]) -> dict | None:
	data = [row for row in data if row.technician]
	if not data:
		return None
	labels = [f"{row.technician} ({row.company})" for row in data]
	datasets = [
		{"name": _("Productivity (%)"), "values": [row.productivity or 0 for row in data]},
		{"name": _("Efficiency (%)"), "values": [row.efficiency or 0 for row in data]},
		{"name": _("Proficiency (%)"), "values": [row.proficiency or 0 for row in data]},
	]
	targets = [flt(setting(f"target_{name}")) for name in RATIOS]
	return {
		"data": {
			"labels": labels,
			"datasets": datasets,
			"yMarkers": [
				{"label": _("Target {0}: {1}%").format(_(name.title()), target), "value": target}
				for name, target in zip(RATIOS, targets, strict=True)
			],
		},
		"type": "bar",
	}
