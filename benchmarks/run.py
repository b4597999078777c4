"""Benchmark the Script Reports against hand-written SQL on a site filled by `bench sa-generate`.

    cd ~/frappe-bench/sites && ../env/bin/python ~/path/to/service_advisor/benchmarks/run.py bench.localhost [YYYY-MM]

For each report: rows, seconds (median of 5) for the report and for the equivalent hand-written SQL, and
the ratio report / SQL, over one month of the whole group; then rows and seconds of the same report for
one company (the first of the group). Runs as Administrator.
"""

import statistics
import sys
import time

import frappe

RUNS = 5


# the Inspection Sales report by hand: the month's orders, their completed inspections and quoted findings
INSPECTION_SQL = """
select ro.company, ro.advisor, ro.technician, count(ro.name) orders, count(ins.repair_order) inspected,
	sum(ins.yellow) yellow, sum(ins.red) red, sum(q.quoted) quoted, sum(q.quoted_value) quoted_value,
	sum(q.approved) approved, sum(q.approved_value) approved_value, sum(q.decided_photo) decided_photo,
	sum(q.approved_photo) approved_photo, sum(q.decided_plain) decided_plain, sum(q.approved_plain) approved_plain,
	sum(q.decided) decided, sum(q.decision_seconds) decision_seconds
from `tabRepair Order` ro
left join (select repair_order, sum(yellow_count) yellow, sum(red_count) red from `tabVehicle Inspection`
	where docstatus = 1 group by repair_order) ins on ins.repair_order = ro.name
left join (select repair_order, count(*) quoted, sum(estimated_total) quoted_value,
	sum(decision = 'Approved') approved, sum(if(decision = 'Approved', estimated_total, 0)) approved_value,
	sum(decision != 'Pending' and inspection_photo = 1) decided_photo,
	sum(decision = 'Approved' and inspection_photo = 1) approved_photo,
	sum(decision != 'Pending' and not inspection_photo = 1) decided_plain,
	sum(decision = 'Approved' and not inspection_photo = 1) approved_plain, sum(decision != 'Pending') decided,
	sum(if(decision != 'Pending', timestampdiff(second, inspected_on, decided_on), 0)) decision_seconds
	from `tabAdd-on Item` where vehicle_inspection is not null group by repair_order) q on q.repair_order = ro.name
where ro.arrival_time between %(s)s and %(e)s and ro.workflow_state != 'Cancelled'
group by ro.company, ro.advisor, ro.technician order by ro.company, ro.advisor, ro.technician"""


def check_inspection_sales(report_rows: list, params: dict) -> str:
	"""The report's totals against the hand-written SQL's (counts and money over the whole group)."""
	sql_rows = frappe.db.sql(INSPECTION_SQL, params, as_dict=True)
	keys = (
		"orders",
		"inspected",
		"yellow",
		"red",
		"quoted",
		"quoted_value",
		"approved",
		"approved_value",
		"decided_photo",
		"approved_photo",
		"decided_plain",
		"approved_plain",
		"decided",
		"decision_seconds",
	)
	ours = tuple(round(sum(float(r[k] or 0) for r in report_rows), 2) for k in keys)
	theirs = tuple(round(sum(float(r[k] or 0) for r in sql_rows), 2) for k in keys)
	return f"{'match' if ours == theirs else 'DIFFER'}: {dict(zip(keys, ours, strict=True))}" + (
		"" if ours == theirs else f" vs SQL {dict(zip(keys, theirs, strict=True))}"
	)


# Advisor KPIs by hand from the lines and the vehicles' earlier orders (what each order keeps, computed live)
KPI_SQL = """
select ro.company, ro.advisor, count(ro.name) orders,
	(select sum(i.amount) from `tabRepair Order Item` i join `tabRepair Order` o on o.name = i.parent
		where o.company = ro.company and o.advisor = ro.advisor and o.docstatus = 1
		and o.delivered_on between %(s)s and %(e)s and i.item_type = 'Labour' and i.parenttype = 'Repair Order') labour_sales,
	(select sum(i.qty) from `tabRepair Order Item` i join `tabRepair Order` o on o.name = i.parent
		where o.company = ro.company and o.advisor = ro.advisor and o.docstatus = 1
		and o.delivered_on between %(s)s and %(e)s and i.item_type = 'Labour' and i.parenttype = 'Repair Order') sold_hours,
	sum(exists(select 1 from `tabRepair Order` earlier where earlier.vehicle = ro.vehicle and earlier.name != ro.name
		and earlier.docstatus = 1 and earlier.delivered_on <= ro.arrival_time
		and earlier.delivered_on >= subdate(ro.arrival_time, %(window)s))) comebacks
from `tabRepair Order` ro where ro.docstatus = 1 and ro.delivered_on between %(s)s and %(e)s
group by ro.company, ro.advisor"""

# Technician Productivity's jobs by hand: each closed job's share of its line from the line's closed jobs
TECHNICIAN_SQL = """
select j.company, j.technician, sum(j.clocked_minutes) / 60 clocked_hours,
	sum(if(t.total > 0, i.qty * j.clocked_minutes / t.total, i.qty / t.jobs)) sold_hours,
	sum(if(t.total > 0, i.amount * j.clocked_minutes / t.total, i.amount / t.jobs)) labour_sales
from `tabTechnician Job Time` j
join (select repair_order_item, sum(clocked_minutes) total, count(*) jobs from `tabTechnician Job Time`
	where status = 'Closed' group by repair_order_item) t on t.repair_order_item = j.repair_order_item
left join `tabRepair Order Item` i on i.name = j.repair_order_item
where j.status = 'Closed' and j.started_at >= %(start)s and j.started_at < %(end)s + interval 1 day
group by j.company, j.technician"""


def check_advisor_kpis(report_rows: list, params: dict) -> str:
	"""Every advisor's orders, labour sales, sold hours and comeback rate against the hand-written SQL
	over the lines and the vehicles' earlier orders (what each order keeps, computed from scratch)."""
	from service_advisor.reports import percent
	from service_advisor.services.settings import setting

	sql_rows = frappe.db.sql(
		KPI_SQL, dict(params, window=int(setting("repeat_repair_window_days"))), as_dict=True
	)

	def figures(r, comeback):
		return (
			int(r.orders),
			round(float(r.labour_sales or 0), 2),
			round(float(r.sold_hours or 0), 2),
			comeback,
		)

	ours = {(r.company, r.advisor): figures(r, r.comeback_percent) for r in report_rows}
	theirs = {
		(r.company, r.advisor): figures(r, percent(int(r.comebacks or 0), int(r.orders))) for r in sql_rows
	}
	differ = [key for key in set(ours) | set(theirs) if ours.get(key) != theirs.get(key)]
	return f"{len(theirs)} advisors, " + (
		"match" if not differ else f"DIFFER for {len(differ)}: {differ[:3]}"
	)


def check_technician_productivity(report_rows: list, params: dict) -> str:
	"""Every technician's clocked hours, sold hours and labour sales against the hand-written SQL that
	shares each line among its closed jobs from scratch (what each job keeps)."""
	sql_rows = frappe.db.sql(TECHNICIAN_SQL, params, as_dict=True)

	def figures(r):
		return tuple(round(float(r[k] or 0), 2) for k in ("clocked_hours", "sold_hours", "labour_sales"))

	ours = {(r.company, r.technician): figures(r) for r in report_rows if r.technician}
	theirs = {(r.company, r.technician): figures(r) for r in sql_rows}
	differ = [
		key
		for key in set(theirs)
		if any(abs(a - b) > 0.011 for a, b in zip(ours.get(key, (0, 0, 0)), theirs[key], strict=True))
	]
	return f"{len(theirs)} technicians, " + (
		"match" if not differ else f"DIFFER for {len(differ)}: {differ[:3]}"
	)


def median_seconds(fn) -> tuple[float, object]:
	times, result = [], None
	for _ in range(RUNS):
		started = time.perf_counter()
		result = fn()
		times.append(time.perf_counter() - started)
	return statistics.median(times), result


def main(site: str, month: str | None = None):
	frappe.init(site=site)
	frappe.connect()
	frappe.set_user("Administrator")
	from frappe.utils import add_months, get_first_day, get_last_day, getdate, nowdate

	from service_advisor.service_advisor.report.add_on_conversion import add_on_conversion
	from service_advisor.service_advisor.report.advisor_kpis import advisor_kpis
	from service_advisor.service_advisor.report.callback_compliance import callback_compliance
	from service_advisor.service_advisor.report.commission_statement import commission_statement
	from service_advisor.service_advisor.report.front_desk_6s_coverage import front_desk_6s_coverage
	from service_advisor.service_advisor.report.inspection_sales import inspection_sales
	from service_advisor.service_advisor.report.maintenance_due import maintenance_due
	from service_advisor.service_advisor.report.monthly_advisor_assessment import monthly_advisor_assessment
	from service_advisor.service_advisor.report.open_issues_aging import open_issues_aging
	from service_advisor.service_advisor.report.reception_sla import reception_sla
	from service_advisor.service_advisor.report.repair_order_throughput import repair_order_throughput
	from service_advisor.service_advisor.report.technician_productivity import technician_productivity

	day = getdate(f"{month}-01") if month else getdate(add_months(nowdate(), -1))
	start, end = get_first_day(day), get_last_day(day)
	key = start.strftime("%Y-%m")
	rng = frappe._dict(from_date=str(start), to_date=str(end))
	s, e = f"{start} 00:00:00", f"{end} 23:59:59.999999"

	cases = [
		(
			"Reception SLA",
			lambda f: reception_sla.execute(frappe._dict(rng, **f))[1],
			"""select advisor, count(name), sum(greeting_time is not null), sum(greeting_time is not null and greeting_sla_breached = 0),
			sum(greeting_sla_breached), avg(greeting_delay_minutes) from `tabRepair Order`
			where arrival_time between %(s)s and %(e)s and workflow_state != 'Cancelled' group by advisor order by advisor""",
		),
		(
			"Callback Compliance",
			lambda f: callback_compliance.execute(frappe._dict(rng, **f))[1],
			"""select advisor, due_rule, count(name), sum(status = 'Completed' and date(completed_on) <= first_due_date),
			sum(status = 'Completed'), sum(satisfaction_attitude = 'Satisfied'), sum(satisfaction_attitude = 'Neutral'),
			sum(satisfaction_attitude = 'Dissatisfied') from `tabCallback`
			where callback_type = 'After Service' and first_due_date between %(start)s and %(end)s
			group by advisor, due_rule order by advisor, due_rule""",
		),
		(
			"Add-on Conversion",
			lambda f: add_on_conversion.execute(frappe._dict(rng, **f))[1],
			"""select advisor, count(name), sum(estimated_total), sum(decision = 'Approved'),
			sum(if(decision = 'Approved', estimated_total, 0)), sum(decision = 'Declined'),
			sum(if(decision = 'Declined', estimated_total, 0)) from `tabAdd-on Item`
			where creation between %(s)s and %(e)s group by advisor order by advisor""",
		),
		(
			"Front Desk 6S Coverage",
			lambda f: front_desk_6s_coverage.execute(frappe._dict(rng, **f))[1],
			"""select advisor, week, count(name), avg(score) from `tabFront Desk 6S Inspection`
			where docstatus = 1 and inspection_date between %(start)s and %(end)s group by advisor, week order by advisor, week""",
		),
		(
			"Open Issues Aging",
			lambda f: open_issues_aging.execute(frappe._dict(rng, **f))[1],
			"""select responsible_person, count(name), sum(datediff(%(end)s, promised_date) <= 0),
			sum(datediff(%(end)s, promised_date) between 1 and 7), sum(datediff(%(end)s, promised_date) between 8 and 30),
			sum(datediff(%(end)s, promised_date) >= 31), sum(escalated) from `tabCustomer Open Issue`
			where creation <= %(e)s and (status != 'Resolved' or resolved_on > %(end)s)
			group by responsible_person order by responsible_person""",
		),
		(
			"Maintenance Due",
			lambda f: maintenance_due.execute(frappe._dict(rng, **f))[1],
			"""select advisor, maintenance_month, count(name), sum(status = 'Completed'), sum(service_appointment is not null)
			from `tabCallback` where callback_type = 'Maintenance Invitation' and maintenance_month between %(key)s and %(key)s
			group by advisor, maintenance_month order by maintenance_month, advisor""",
		),
		(
			"Repair Order Throughput",
			lambda f: repair_order_throughput.execute(frappe._dict(rng, **f))[1],
			"""select company, state, count(name), count(left_at), avg(hours), max(hours), sum(hours)
			from `tabRepair Order State Log` where entered_at between %(s)s and %(e)s group by company, state""",
		),
		(
			"Advisor KPIs",
			lambda f: advisor_kpis.execute(frappe._dict(rng, **f))[1],
			[
				"""select advisor, count(name), sum(rework_count = 0) from `tabRepair Order`
				where docstatus = 1 and delivered_on between %(s)s and %(e)s group by advisor""",
				"""select ro.advisor, sum(i.amount), sum(i.qty) from `tabRepair Order` ro join `tabRepair Order Item` i on i.parent = ro.name
				where ro.docstatus = 1 and ro.delivered_on between %(s)s and %(e)s and i.item_type = 'Labour' and i.parenttype = 'Repair Order'
				group by ro.advisor""",
				"""select ro.advisor, count(distinct ro.name) from `tabRepair Order` ro join `tabRepair Order` earlier
				on earlier.vehicle = ro.vehicle and earlier.name != ro.name and earlier.docstatus = 1
				and earlier.delivered_on <= ro.arrival_time and earlier.delivered_on >= subdate(ro.arrival_time, 30)
				where ro.docstatus = 1 and ro.delivered_on between %(s)s and %(e)s group by ro.advisor""",
				"""select advisor, sum(decision = 'Approved'), sum(decision in ('Approved', 'Declined')) from `tabAdd-on Item`
				where decided_on between %(s)s and %(e)s group by advisor""",
			],
		),
		(
			"Inspection Sales",
			lambda f: inspection_sales.execute(frappe._dict(rng, **f))[1],
			INSPECTION_SQL,
		),
		(
			"Technician Productivity",
			lambda f: technician_productivity.execute(frappe._dict(rng, **f))[1],
			[
				"""select technician, company, sum(hours) from `tabTechnician Shift`
				where shift_date between %(start)s and %(end)s group by technician, company""",
				"""select j.technician, j.company, sum(j.clocked_minutes) / 60,
				sum(if(t.total > 0, i.qty * j.clocked_minutes / t.total, i.qty / t.jobs))
				from `tabTechnician Job Time` j
				join (select repair_order_item, sum(clocked_minutes) total, count(*) jobs from `tabTechnician Job Time`
					where status = 'Closed' group by repair_order_item) t on t.repair_order_item = j.repair_order_item
				left join `tabRepair Order Item` i on i.name = j.repair_order_item
				where j.status = 'Closed' and j.started_at >= %(start)s and j.started_at < %(end)s + interval 1 day
				group by j.technician, j.company""",
			],
		),
		(
			"Monthly Advisor Assessment",
			lambda f: monthly_advisor_assessment.execute(frappe._dict(month=key, **f))[1],
			None,
		),
		(
			"Commission Statement",
			lambda f: commission_statement.execute(frappe._dict(month=key, **f))[1],
			None,
		),
	]
	params = {"s": s, "e": e, "start": start, "end": end, "key": key}
	# the scorecard reports are several aggregate queries: the hand-written equivalent is the same set
	scorecard_sql = [
		"select name, advisor, score, inspection_date from `tabFront Desk 6S Inspection` where docstatus = 1 and inspection_date between %(start)s and %(end)s order by inspection_date, name",
		"select name, advisor, level, from_overdue_issue, cause, verdict, attributed, verdict_reason from `tabService Complaint` where complaint_date between %(start)s and %(end)s and advisor is not null order by complaint_date, name",
		"select name, advisor, source, sent_to_manufacturer from `tabCommendation` where commendation_date between %(start)s and %(end)s order by name",
		"select name, advisor, survey_item, advisor_score, national_average, full_mark_count from `tabCSI Result` where period = %(key)s order by survey_item",
		"select name, advisor, total_fine from `tabDocument Audit` where docstatus = 1 and audit_date between %(start)s and %(end)s order by name",
		"""select ro.advisor, roi.item_type, sum(sii.net_amount) from `tabSales Invoice Item` sii join `tabSales Invoice` si on si.name = sii.parent
		join `tabRepair Order Item` roi on roi.name = sii.repair_order_item join `tabRepair Order` ro on ro.name = sii.repair_order
		where si.docstatus = 1 and si.posting_date between %(start)s and %(end)s group by ro.advisor, roi.item_type""",
		"select distinct u.name from `tabHas Role` hr join `tabUser` u on u.name = hr.parent where hr.role = 'Service Advisor' and hr.parenttype = 'User' and u.enabled = 1 order by u.name",
	]

	print(
		f"month {key}; repair orders in the month: {frappe.db.count('Repair Order', {'arrival_time': ('between', (s, e))}):,}"
	)
	# one dealership: the first company of the group with repair orders in the month
	company = frappe.db.get_value(
		"Repair Order", {"arrival_time": ("between", (s, e))}, "company", order_by="company"
	)
	print(f"one company: {company}")
	print(f"{'report':<28}{'rows':>8}{'report s':>11}{'SQL s':>9}{'ratio':>8}{'co. rows':>10}{'co. s':>9}")
	figures = []
	for name, report, sql in cases:
		report_seconds, rows = median_seconds(lambda report=report: report({}))
		company_seconds, company_rows = median_seconds(lambda report=report: report({"company": company}))
		if isinstance(sql, list):
			sql_seconds, _ = median_seconds(lambda sql=sql: [frappe.db.sql(q, params) for q in sql])
		elif sql:
			sql_seconds, _ = median_seconds(lambda sql=sql: frappe.db.sql(sql, params))
		else:
			sql_seconds, _ = median_seconds(lambda: [frappe.db.sql(q, params) for q in scorecard_sql])
		ratio = report_seconds / sql_seconds if sql_seconds else float("inf")
		figures.append(
			(name, len(rows), report_seconds, sql_seconds, ratio, len(company_rows), company_seconds)
		)
		print(
			f"{name:<28}{len(rows):>8}{report_seconds:>11.3f}{sql_seconds:>9.3f}{ratio:>8.2f}"
			f"{len(company_rows):>10}{company_seconds:>9.3f}"
		)
		if name == "Inspection Sales":
			print(
				f"  Inspection Sales vs hand-written SQL, whole group: {check_inspection_sales(rows, params)}"
			)
		if name == "Advisor KPIs":
			print(f"  Advisor KPIs vs hand-written SQL, whole group: {check_advisor_kpis(rows, params)}")
		if name == "Technician Productivity":
			print(
				"  Technician Productivity vs hand-written SQL, whole group: "
				f"{check_technician_productivity(rows, params)}"
			)
	frappe.destroy()
	return figures


if __name__ == "__main__":
	main(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else None)
