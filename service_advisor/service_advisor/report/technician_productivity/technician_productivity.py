# Copyright (c) 2026, service_advisor developers
# For license information, please see license.txt
"""Technician Productivity: per technician and company over a date range, hours present (Technician
Shift), hours clocked on jobs (closed Technician Job Times started in the range) and sold hours (the
labour line's qty, shared by the technicians who worked the line in proportion to their clocked time,
split by pay type; each job keeps its share), with productivity, efficiency and proficiency against the settings' targets (NADA's
guidelines by default), unapplied time (present but not on a job) and the effective labour rate (the
labour sales of the sold hours ÷ sold hours). Rows per technician, team (the Employee's Department) or
company, for the whole range or per day, week or month. One query."""

import frappe
from frappe import _
from frappe.query_builder import Case, CustomFunction
from frappe.query_builder.functions import Max, Sum
from frappe.utils import add_days, flt
from pypika.terms import ValueWrapper

from service_advisor.domain import job_time as rules
from service_advisor.permissions import restricted
from service_advisor.reports import column, company_column, company_scope, date_range
from service_advisor.services.replica import read_only
from service_advisor.services.settings import setting

DOCTYPE_JOB = "Technician Job Time"
# the figures of the clocked jobs, in the order the jobs' part of the query selects them
JOB_FIGURES = (
	"clocked_hours",
	"labour_sales",
	"sold_hours",
	"sold_customer",
	"sold_warranty",
	"sold_internal",
)
RATIOS = ("productivity", "efficiency", "proficiency")
GROUPS = ("Technician", "Team", "Company")
PERIODS = ("Day", "Week", "Month")
DATE = CustomFunction("DATE", ["moment"])
YEARWEEK = CustomFunction("YEARWEEK", ["moment", "mode"])
LEFT = CustomFunction("LEFT", ["text", "length"])


def period_of(field, period: str | None):
	"""The period a date or datetime falls in: 2026-03-02, 202610 (ISO week, shown 2026-W10), 2026-03."""
	if period == "Day":
		return DATE(field)
	if period == "Week":
		return YEARWEEK(field, 3)
	if period == "Month":
		return LEFT(DATE(field), 7)
	return ValueWrapper("")


def period_label(value, period: str | None) -> str:
	if period == "Week" and value:
		return f"{str(value)[:4]}-W{str(value)[4:]}"
	return str(value or "")


@read_only
def execute(filters=None):
	filters = frappe._dict(filters or {})
	if filters.get("group_by") and filters.group_by not in GROUPS:
		frappe.throw(_("Group By must be one of: {0}.").format(", ".join(_(g) for g in GROUPS)))
	if filters.get("period") and filters.period not in PERIODS:
		frappe.throw(_("Period must be one of: {0}.").format(", ".join(_(p) for p in PERIODS)))
	columns = [
		column("scope", "Row", width=120),
		column("period", "Period", width=100),
		column("technician", "Technician", "Link", "User", 200),
		column("team", "Team", "Link", "Department", 140),
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
		column("unapplied_hours", "Unapplied Hours", "Float", width=110),
		column("labour_sales", "Labour Sales", "Currency", width=120),
		column("effective_labour_rate", "Effective Labour Rate", "Currency", width=130),
	]
	data = rows(filters)
	return columns, data, None, chart(data, filters.get("group_by") or "Technician")


def query(filters):
	from_date, to_date = date_range(filters)
	companies = company_scope(filters)
	# a technician who reads only their own clock sees only their own figures
	technician = frappe.session.user if restricted(DOCTYPE_JOB) else filters.get("technician")
	shift = frappe.qb.DocType("Technician Shift")
	job = frappe.qb.DocType("Technician Job Time")

	period = filters.get("period")
	shift_period, job_period = period_of(shift.shift_date, period), period_of(job.started_at, period)
	shifts = (
		frappe.qb.from_(shift)
		.select(
			shift.technician,
			shift.company,
			shift_period.as_("period"),
			Sum(shift.hours).as_("present_hours"),
			*(ValueWrapper(0).as_(name) for name in JOB_FIGURES),
		)
		.where(shift.shift_date.between(from_date, to_date))
		.groupby(shift.technician, shift.company, shift_period)
	)

	# each closed job keeps its share of the line's sold hours and labour sales and the line's payer
	# (services/job_time.credit_order), so the range's jobs are read from one covering index
	def sold(billable_to):
		return Sum(Case().when(job.billable_to == billable_to, job.sold_hours_share).else_(0))

	jobs = (
		frappe.qb.from_(job)
		.select(
			job.technician,
			job.company,
			job_period.as_("period"),
			ValueWrapper(0).as_("present_hours"),
			(Sum(job.clocked_minutes) / 60).as_("clocked_hours"),
			Sum(job.labour_sales_share).as_("labour_sales"),
			Sum(job.sold_hours_share).as_("sold_hours"),
			sold("Customer").as_("sold_customer"),
			sold("Warranty").as_("sold_warranty"),
			sold("Internal").as_("sold_internal"),
		)
		.where(
			(job.status == rules.CLOSED)
			& (job.started_at >= from_date)
			& (job.started_at < add_days(to_date, 1))
		)
		.groupby(job.technician, job.company, job_period)
	)
	if companies is not None:
		shifts = shifts.where(shift.company.isin(companies))
		jobs = jobs.where(job.company.isin(companies))
	if technician:
		shifts = shifts.where(shift.technician == technician)
		jobs = jobs.where(job.technician == technician)

	# attendance and clocked jobs, each aggregated once, stacked and summed per technician and period
	both = shifts.union_all(jobs).as_("both")
	employee = frappe.qb.DocType("Employee")
	teams = (
		frappe.qb.from_(employee)
		.select(employee.user_id, Max(employee.department).as_("team"))
		.where(employee.user_id.isnotnull())
		.groupby(employee.user_id)
	).as_("teams")
	return (
		frappe.qb.from_(both)
		.left_join(teams)
		.on(teams.user_id == both.technician)
		.select(
			both.technician,
			both.company,
			both.period,
			Max(teams.team).as_("team"),
			Sum(both.present_hours).as_("present_hours"),
			*(Sum(both[name]).as_(name) for name in JOB_FIGURES),
		)
		.groupby(both.technician, both.company, both.period)
		.orderby(both.company)
		.orderby(both.technician)
		.orderby(both.period)
	)


HOURS = (
	"present_hours",
	"clocked_hours",
	"sold_hours",
	"sold_customer",
	"sold_warranty",
	"sold_internal",
	"labour_sales",
)


def rows(filters) -> list[dict]:
	"""One row per technician, company and period; grouped by team or company when asked, else followed by
	each company's (and period's) total. Every figure of a group is computed from its technicians' hours."""
	period, group_by = filters.get("period"), filters.get("group_by") or "Technician"
	technicians = []
	for row in query(filters).run(as_dict=True):
		for key in HOURS:
			row[key] = flt(row[key], 2)
		row.period = period_label(row.period, period)
		technicians.append(row)
	if group_by == "Technician":
		result = [with_ratios(frappe._dict(row, scope=_("Technician"))) for row in technicians]
		return result + [
			with_ratios(total) for total in group(technicians, ("company", "period"), _("Company Total"))
		]
	keys = ("company", "team", "period") if group_by == "Team" else ("company", "period")
	return [with_ratios(total) for total in group(technicians, keys, _(group_by), bold=0)]


def group(technicians: list[dict], keys: tuple[str, ...], scope: str, bold: int = 1) -> list[dict]:
	totals: dict[tuple, frappe._dict] = {}
	for row in technicians:
		key = tuple(row.get(k) for k in keys)
		total = totals.setdefault(
			key, frappe._dict(zip(keys, key, strict=True), scope=scope, bold=bold, **dict.fromkeys(HOURS, 0))
		)
		for field in HOURS:
			total[field] = flt(total[field] + row[field], 2)
	return list(totals.values())


def with_ratios(row):
	figures = rules.Figures(row.present_hours, row.clocked_hours, row.sold_hours)
	for name in RATIOS:
		row[name] = getattr(figures, name)
	row.unapplied_hours = flt(row.present_hours - row.clocked_hours, 2)
	row.effective_labour_rate = flt(row.labour_sales / row.sold_hours, 2) if row.sold_hours else 0.0
	return row


def chart(data: list[dict], group_by: str = "Technician") -> dict | None:
	"""The three ratios of each row of the chosen grouping (technicians without their company totals, or
	the teams, or the companies), against the targets."""
	label_of = {"Technician": "technician", "Team": "team", "Company": "company"}[group_by]
	if group_by == "Technician":
		data = [row for row in data if row.technician]
	if not data:
		return None
	labels = [" ".join(str(v) for v in (row.get(label_of) or _("No Team"), row.period) if v) for row in data]
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
