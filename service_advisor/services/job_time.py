"""Technician time: clock on a labour line of a Repair Order, pause, resume, clock off.

The rules are in domain/job_time.py. Times are the server's clock, never a client's; a Technician Job
Time is written only by these functions (its controller refuses any other save), so neither REST nor
the desk form can set or change a clocked time.

Two clock-ons of one technician at once make one job: the technician's User row is locked first and the
check of their open jobs is a locking read (InnoDB's snapshot would hide a job another request has just
committed).
"""

import frappe
from frappe import _
from frappe.query_builder import Case, Order
from frappe.query_builder.functions import IfNull, Sum
from frappe.utils import flt, get_datetime, now_datetime

from service_advisor.domain import job_time as rules
from service_advisor.domain import repair_order as ro
from service_advisor.domain import roles as R
from service_advisor.services.company import advisor_companies
from service_advisor.services.repair_order import lock_order_row
from service_advisor.services.settings import get_settings

DOCTYPE = "Technician Job Time"
CLOCKING = "clocking"  # the document flag that lets a save through the controller


class JobClockError(frappe.ValidationError):
	"""A clock-on, pause, resume or clock-off that the rules refuse."""


class JobTimeEditError(frappe.PermissionError):
	"""A job time written other than by clocking (REST, the desk form, a script)."""


def refusal_message(reason: str, order: str, row_idx: int | None = None) -> str:
	return {
		rules.NOT_IN_WORK: _("Repair Order {0} is not In Repair: time cannot be clocked on it.").format(
			order
		),
		rules.OTHER_COMPANY: _("Repair Order {0} belongs to another company than yours.").format(order),
		rules.NOT_LABOUR: _("Line {0} of Repair Order {1} is not a labour line.").format(row_idx, order),
		rules.NOT_ASSIGNED: _(
			"Line {0} of Repair Order {1} is not assigned to you: ask the foreman to assign it."
		).format(row_idx, order),
		rules.ALREADY_ON_LINE: _("You are already clocked on line {0} of Repair Order {1}.").format(
			row_idx, order
		),
		rules.ONE_OPEN_JOB: _(
			"You are still clocked on another job. Clock off first (split time is not allowed)."
		),
	}[reason]


def technician_company(user: str) -> str | None:
	return advisor_companies([user])[user]


def check_technician(user: str) -> None:
	if R.WORKSHOP_TECHNICIAN not in frappe.get_roles(user):
		frappe.throw(_("Only a Workshop Technician can clock time on jobs."), frappe.PermissionError)


def check_may_clock(job) -> None:
	"""Only the technician themself, or a Service Manager, clocks a technician's job."""
	user = frappe.session.user
	if job.technician != user and R.SERVICE_MANAGER not in frappe.get_roles(user):
		frappe.throw(
			_("Only the technician or a Service Manager can clock this job."), frappe.PermissionError
		)


def _lock_technician(user: str) -> None:
	frappe.db.get_value("User", user, "name", for_update=True)


def _active_jobs(user: str) -> list[dict]:
	"""The technician's open and paused jobs, read with a lock (sees other requests' commits)."""
	job = frappe.qb.DocType(DOCTYPE)
	return (
		frappe.qb.from_(job)
		.select(job.name, job.repair_order_item, job.status)
		.where((job.technician == user) & job.status.isin(rules.ACTIVE_STATUSES))
		.for_update()
		.run(as_dict=True)
	)


def assigned_line_of(repair_order: str, item: str) -> bool:
	"""True when the session user is the assigned technician of that line of the order."""
	assigned = frappe.db.get_value(
		"Repair Order Item",
		{"name": item, "parent": repair_order, "parenttype": "Repair Order"},
		"assigned_technician",
	)
	return bool(assigned) and frappe.db.get_value("Employee", assigned, "user_id") == frappe.session.user


def clock_on(repair_order: str, item: str):
	"""Clock the session user on one line of a Repair Order; returns the new job."""
	user = frappe.session.user
	check_technician(user)
	_lock_technician(user)
	# a locking read: an order that has just left In Repair (its save holds this row) is seen as it now is
	order = frappe.get_doc("Repair Order", repair_order, for_update=True)
	row = next((r for r in order.items if r.name == item), None)
	if row is None:
		frappe.throw(_("Repair Order {0} has no line {1}.").format(order.name, item), JobClockError)
	active = _active_jobs(user)
	reason = rules.clock_on_refusal(
		order_state=order.workflow_state,
		order_company=order.company,
		technician_company=technician_company(user),
		item_type=row.get("item_type"),
		open_jobs=[j.repair_order_item for j in active],
		item_row=row.name,
		allow_split_time=bool(get_settings().allow_split_time),
		assigned=rules.is_assigned(
			row.get("assigned_technician"),
			order.technician,
			frappe.get_all("Employee", {"user_id": user}, pluck="name"),
		),
	)
	if reason:
		frappe.throw(
			refusal_message(reason, order.name, row.idx),
			frappe.PermissionError if reason == rules.NOT_ASSIGNED else JobClockError,
		)
	job = frappe.get_doc(
		{
			"doctype": DOCTYPE,
			"technician": user,
			"repair_order": order.name,
			"repair_order_item": row.name,
			"item_code": row.item_code,
			"sold_hours": row.qty,
			"company": order.company,
			"status": rules.OPEN,
			"started_at": now_datetime(),
			"clocked_minutes": 0,
		}
	)
	job.flags[CLOCKING] = True
	job.insert(ignore_permissions=True)
	return job


def lock_order_of(name: str) -> None:
	"""The job's Repair Order row before the job's own: every change of a job takes its order first (as the
	order's save does before it pauses or clocks off its jobs), so the jobs' credits are shared under the
	order's lock and two technicians clocking off one order wait for each other instead of crossing."""
	lock_order_row(frappe.db.get_value(DOCTYPE, name, "repair_order"))


def _get_job(name: str):
	lock_order_of(name)
	job = frappe.get_doc(DOCTYPE, name, for_update=True)
	check_may_clock(job)
	return job


def _save(job) -> None:
	job.flags[CLOCKING] = True
	job.save(ignore_permissions=True)


def pause(name: str, reason: str):
	job = _get_job(name)
	if job.status != rules.OPEN:
		frappe.throw(
			_("Only a running job can be paused; this one is {0}.").format(_(job.status)), JobClockError
		)
	if reason not in rules.PAUSE_REASONS:
		frappe.throw(_("Unknown pause reason {0}.").format(reason), JobClockError)
	job.append("pauses", {"reason": reason, "paused_at": now_datetime()})
	job.status = rules.PAUSED
	_save(job)
	return job


def resume(name: str):
	# the order's row first (as its save does before it pauses or clocks off its jobs), then the job's:
	# a resume and the order's move wait for each other instead of crossing
	order_name = frappe.db.get_value(DOCTYPE, name, "repair_order")
	order_state = order_name and frappe.db.get_value(
		"Repair Order", order_name, "workflow_state", for_update=True
	)
	job = _get_job(name)
	if job.status != rules.PAUSED:
		frappe.throw(
			_("Only a paused job can be resumed; this one is {0}.").format(_(job.status)), JobClockError
		)
	reason = rules.resume_refusal(order_state)
	if reason:
		frappe.throw(refusal_message(reason, job.repair_order), JobClockError)
	_close_pause(job, now_datetime())
	job.status = rules.OPEN
	_save(job)
	return job


def clock_off(name: str):
	job = _get_job(name)
	if job.status not in rules.ACTIVE_STATUSES:
		frappe.throw(_("This job is already clocked off."), JobClockError)
	now = now_datetime()
	_close_pause(job, now)
	job.ended_at = now
	job.status = rules.CLOSED
	job.clocked_minutes = clocked_minutes_of(job, now)
	_save(job)
	return job


WAITING_FOR_APPROVAL = "Waiting for Customer Approval"


def follow_order(order) -> None:
	"""`on_update` of Repair Order: a job follows its order out of the workshop (domain
	`jobs_on_order_move`). When the order leaves In Repair for Awaiting Customer Approval its running jobs
	are paused (reason: waiting for the customer's approval) and clock on again with Resume once the order
	is back In Repair; when it leaves either state for any other (quality check, cancelled) every open or
	paused job is clocked off at that moment, so no clock runs on an order nobody works on."""
	before = order.get_doc_before_save()
	action = rules.jobs_on_order_move(before.workflow_state if before else None, order.workflow_state)
	if not action:
		return
	job_row = frappe.qb.DocType(DOCTYPE)
	names = (
		frappe.qb.from_(job_row)
		.select(job_row.name)
		.where((job_row.repair_order == order.name) & job_row.status.isin(rules.ACTIVE_STATUSES))
		.for_update()
		.run(pluck=True)
	)
	now = now_datetime()
	for name in names:
		job = frappe.get_doc(DOCTYPE, name, for_update=True)
		if action == rules.PAUSE_JOBS:
			if job.status == rules.OPEN:
				job.append("pauses", {"reason": WAITING_FOR_APPROVAL, "paused_at": now})
				job.status = rules.PAUSED
				_save(job)
			continue
		_close_pause(job, now)
		job.ended_at = now
		job.status = rules.CLOSED
		job.clocked_minutes = clocked_minutes_of(job, now)
		_save(job)


def _close_pause(job, moment) -> None:
	for pause_row in job.pauses:
		if not pause_row.resumed_at:
			pause_row.resumed_at = moment


def _as_rule_job(name, started, ended, pauses) -> rules.Job:
	return rules.Job(
		name=name,
		started=get_datetime(started),
		ended=get_datetime(ended) if ended else None,
		pauses=[(get_datetime(p[0]), get_datetime(p[1]) if p[1] else None) for p in pauses],
	)


def clocked_minutes_of(job, now) -> float:
	"""The job's clocked minutes, shared with the technician's other jobs running at the same time."""
	others = frappe.get_all(
		DOCTYPE,
		filters={
			"technician": job.technician,
			"name": ("!=", job.name),
			"started_at": ("<=", now),
		},
		fields=["name", "started_at", "ended_at"],
	)
	others = [o for o in others if not o.ended_at or get_datetime(o.ended_at) > get_datetime(job.started_at)]
	pauses: dict[str, list] = {}
	if others:
		for p in frappe.get_all(
			"Technician Job Pause",
			filters={"parent": ("in", [o.name for o in others]), "parenttype": DOCTYPE},
			fields=["parent", "paused_at", "resumed_at"],
		):
			pauses.setdefault(p.parent, []).append((p.paused_at, p.resumed_at))
	jobs = [
		_as_rule_job(
			job.name, job.started_at, job.ended_at, [(p.paused_at, p.resumed_at) for p in job.pauses]
		),
		*(_as_rule_job(o.name, o.started_at, o.ended_at, pauses.get(o.name, [])) for o in others),
	]
	return rules.clocked_minutes(jobs, get_datetime(now))[job.name]


def my_jobs(user: str) -> dict:
	"""For the technician's page: their open/paused jobs and the labour lines of In Repair orders
	assigned to them (or on which they have a job)."""
	job = frappe.qb.DocType(DOCTYPE)
	order = frappe.qb.DocType("Repair Order")
	active = (
		frappe.qb.from_(job)
		.left_join(order)
		.on(order.name == job.repair_order)
		.select(
			job.name,
			job.repair_order,
			job.repair_order_item,
			job.item_code,
			job.status,
			job.started_at,
			order.workflow_state.as_("order_state"),
		)
		.where((job.technician == user) & job.status.isin(rules.ACTIVE_STATUSES))
		.orderby(job.started_at, order=Order.asc)
		.run(as_dict=True)
	)
	for active_job in active:
		# a job paused while the customer is asked resumes only once the order is back In Repair
		active_job.may_resume = (
			active_job.status == rules.PAUSED and rules.resume_refusal(active_job.order_state) is None
		)
	item = frappe.qb.DocType("Repair Order Item")
	employee = frappe.qb.DocType("Employee")
	# a Repair Order's technician is an Employee; the session user is theirs through user_id
	employees = frappe.qb.from_(employee).select(employee.name).where(employee.user_id == user)
	lines = (
		frappe.qb.from_(order)
		.join(item)
		.on((item.parent == order.name) & (item.parenttype == "Repair Order"))
		.select(
			order.name.as_("repair_order"),
			order.vehicle,
			order.promised_delivery,
			item.name.as_("item"),
			item.idx,
			item.item_code,
			item.item_name,
			item.qty,
		)
		.where(
			(order.workflow_state.isin(rules.CLOCKABLE_STATES))
			# the technician's lines: their orders', and lines the foreman assigned to them
			& (order.technician.isin(employees) | item.assigned_technician.isin(employees))
			& (item.item_type == rules.LABOUR)
		)
		.orderby(order.promised_delivery, order=Order.asc)
		.orderby(item.idx, order=Order.asc)
		.limit(200)
		.run(as_dict=True)
	)
	running = {j.repair_order_item: j for j in active}
	for line in lines:
		line.job = running.get(line.item)
	return {"active": active, "lines": lines}


def validate_shift(shift) -> None:
	"""A shift is a Workshop Technician's, in their dealership, and ends after it starts."""
	if R.WORKSHOP_TECHNICIAN not in frappe.get_roles(shift.technician):
		frappe.throw(_("{0} is not a Workshop Technician.").format(shift.technician), frappe.ValidationError)
	if shift.is_new() or not shift.company:
		# the technician's dealership (their Employee) decides over a typed or user-default company
		shift.company = technician_company(shift.technician) or shift.company
	from service_advisor.services.company import check_allowed

	check_allowed(shift.company)
	clock_in = get_datetime(shift.clock_in)
	clock_out = get_datetime(shift.clock_out) if shift.clock_out else None
	if clock_out and clock_out <= clock_in:
		frappe.throw(_("Clock Out must be after Clock In."), frappe.ValidationError)
	shift.shift_date = clock_in.date()
	shift.hours = rules.shift_hours(clock_in, clock_out)


def correction_message(reason: str) -> str:
	return {
		rules.NOT_CLOSED: _("Only a clocked-off job can be corrected."),
		rules.NO_REASON: _("Say why the times are corrected."),
		rules.BAD_SPAN: _("The corrected end must be after the corrected start."),
		rules.IN_FUTURE: _("The corrected end cannot be in the future."),
		rules.OVERLAP: _(
			"The corrected times overlap another job of the technician (split time is not allowed)."
		),
	}[reason]


def correct(name: str, started_at, ended_at, reason: str):
	"""A Service Manager (the workshop foreman) corrects a clocked-off job's start and end. The old and new
	times and minutes, who corrected and why are kept on the job; the clocked minutes are recomputed."""
	if R.SERVICE_MANAGER not in frappe.get_roles():
		frappe.throw(_("Only a Service Manager can correct clocked times."), frappe.PermissionError)
	if frappe.db.get_value(DOCTYPE, name, "technician") == frappe.session.user:
		# nobody moves their own pay: a foreman who is also a technician has another foreman correct theirs
		frappe.throw(_("You cannot correct your own clocked times."), frappe.PermissionError)
	# the technician's row before the job's, in the order a clock-on takes them (user, order, jobs), so a
	# correction and the technician's clock-on wait for each other instead of deadlocking
	technician = frappe.db.get_value(DOCTYPE, name, "technician")
	if technician:
		_lock_technician(technician)
	lock_order_of(name)
	job = frappe.get_doc(DOCTYPE, name, for_update=True)
	now = now_datetime()
	started, ended = get_datetime(started_at), get_datetime(ended_at)
	other = frappe.qb.DocType(DOCTYPE)
	spans = (
		frappe.qb.from_(other)
		.select(other.started_at, other.ended_at)
		.where((other.technician == job.technician) & (other.name != job.name) & (other.started_at < ended))
		.for_update()
		.run()
	)
	refusal = rules.correction_refusal(
		job.status,
		started,
		ended,
		get_datetime(now),
		[(get_datetime(a), get_datetime(b) if b else None) for a, b in spans],
		bool(get_settings().allow_split_time),
		reason,
	)
	if refusal:
		frappe.throw(correction_message(refusal), JobClockError)
	old = (job.started_at, job.ended_at, job.clocked_minutes)
	job.started_at, job.ended_at = started, ended
	job.clocked_minutes = clocked_minutes_of(job, ended)
	job.append(
		"corrections",
		{
			"corrected_by": frappe.session.user,
			"corrected_on": now,
			"old_started_at": old[0],
			"old_ended_at": old[1],
			"old_minutes": old[2],
			"new_started_at": started,
			"new_ended_at": ended,
			"new_minutes": job.clocked_minutes,
			"reason": reason,
		},
	)
	_save(job)
	if get_settings().allow_split_time:
		reshare_overlapping(job, (get_datetime(old[0]), get_datetime(old[1])), (started, ended), now)
	return job


def reshare_overlapping(job, old_span, new_span, now) -> None:
	"""With split time, a corrected job changes the shares of the technician's other closed jobs that ran
	at the same time before or after the correction: their minutes are recomputed, and each change is kept
	as a correction of that job (old and new minutes, the reason naming the corrected job)."""
	start, end = min(old_span[0], new_span[0]), max(old_span[1], new_span[1])
	other = frappe.qb.DocType(DOCTYPE)
	overlapping = (
		(other.technician == job.technician)
		& (other.name != job.name)
		& (other.status == rules.CLOSED)
		& (other.started_at < end)
		& (other.ended_at > start)
	)
	# their orders' rows first, in one order, then the jobs (as every change of a job takes them)
	orders = frappe.qb.from_(other).select(other.repair_order).distinct().where(overlapping).run(pluck=True)
	for order_name in sorted(name for name in orders if name):
		lock_order_row(order_name)
	names = frappe.qb.from_(other).select(other.name).where(overlapping).for_update().run(pluck=True)
	for name in names:
		neighbour = frappe.get_doc(DOCTYPE, name)
		minutes = clocked_minutes_of(neighbour, neighbour.ended_at)
		if abs(flt(minutes) - flt(neighbour.clocked_minutes)) < 0.005:
			continue
		neighbour.append(
			"corrections",
			{
				"corrected_by": frappe.session.user,
				"corrected_on": now,
				"old_started_at": neighbour.started_at,
				"old_ended_at": neighbour.ended_at,
				"old_minutes": neighbour.clocked_minutes,
				"new_started_at": neighbour.started_at,
				"new_ended_at": neighbour.ended_at,
				"new_minutes": minutes,
				"reason": _("Split time shared again after the correction of {0}").format(job.name),
			},
		)
		neighbour.clocked_minutes = minutes
		_save(neighbour)


# ---------------------------------------------------------------- credits (Technician Productivity)
def credit_order(order_name: str) -> None:
	"""Share each labour line's sold hours and labour sales among its closed jobs (domain `line_credits`)
	and keep each job's credit and the line's payer on the job, so Technician Productivity reads one row
	per job. Called after every save of a job and of its order (a line's hours, price or payer may change).

	Under the order's lock (every change of a job takes it first), with locking reads of the order's jobs
	and lines, which see what other requests have just committed: two clock-offs of one line cannot each
	share it without the other."""
	if not order_name:
		return
	lock_order_row(order_name)
	job = frappe.qb.DocType(DOCTYPE)
	jobs = (
		frappe.qb.from_(job)
		.select(
			job.name,
			job.repair_order_item,
			job.status,
			job.clocked_minutes,
			job.sold_hours_share,
			job.labour_sales_share,
			job.billable_to,
		)
		.where(job.repair_order == order_name)
		.for_update()
	).run(as_dict=True)
	if not jobs:
		return
	item = frappe.qb.DocType("Repair Order Item")
	lines = {
		row.name: row
		for row in (
			frappe.qb.from_(item)
			.select(item.name, item.qty, item.amount, item.billable_to)
			.where((item.parent == order_name) & (item.parenttype == "Repair Order"))
			.for_update()
		).run(as_dict=True)
	}
	by_line: dict[str, list] = {}
	for row in jobs:
		by_line.setdefault(row.repair_order_item, []).append(row)
	for line_name, line_jobs in by_line.items():
		line = lines.get(line_name) or frappe._dict(qty=0, amount=0, billable_to=None)
		credits = rules.line_credits(
			line.qty,
			line.amount,
			line.billable_to,
			((j.name, j.status, j.clocked_minutes) for j in line_jobs),
		)
		for row in line_jobs:
			credit = credits[row.name]
			if (
				abs(flt(row.sold_hours_share) - credit.sold_hours) > 1e-6
				or abs(flt(row.labour_sales_share) - credit.labour_sales) > 1e-6
				or (row.billable_to or None) != credit.billable_to
			):
				frappe.db.set_value(
					DOCTYPE,
					row.name,
					{
						"sold_hours_share": credit.sold_hours,
						"labour_sales_share": credit.labour_sales,
						"billable_to": credit.billable_to,
					},
					update_modified=False,
				)


# ---------------------------------------------------------------- workshop board
BOARD_STATES = (ro.IN_REPAIR, ro.AWAITING_APPROVAL, ro.QUALITY_CHECK)


def running_hours_by_order(active_jobs: list[dict], now) -> dict[str, float]:
	"""Hours clocked so far on the jobs still open or paused, per order (their pauses excluded, split time
	shared among a technician's jobs running at once, whichever order they are on and whether clocked off
	since): time already worked counts against what remains. Two queries, whatever the number of jobs."""
	if not active_jobs:
		return {}
	now = get_datetime(now)
	job = frappe.qb.DocType(DOCTYPE)
	earliest = min(get_datetime(j.started_at) for j in active_jobs)
	# every job of these technicians that ran since the earliest open one started: the open ones (also on
	# orders the board's user does not see) and the closed ones that shared their time
	jobs = (
		frappe.qb.from_(job)
		.select(job.name, job.technician, job.started_at, job.ended_at)
		.where(
			job.technician.isin(list({j.technician for j in active_jobs}))
			& (job.status.isin(rules.ACTIVE_STATUSES) | (job.ended_at > earliest))
			& (job.started_at <= now)
		)
		.run(as_dict=True)
	)
	pauses: dict[str, list] = {}
	pause_row = frappe.qb.DocType("Technician Job Pause")
	for p in (
		frappe.qb.from_(pause_row)
		.select(pause_row.parent, pause_row.paused_at, pause_row.resumed_at)
		.where(pause_row.parent.isin([j.name for j in jobs]) & (pause_row.parenttype == DOCTYPE))
		.run(as_dict=True)
	):
		pauses.setdefault(p.parent, []).append((p.paused_at, p.resumed_at))
	by_technician: dict[str, list] = {}
	for j in jobs:
		by_technician.setdefault(j.technician, []).append(
			_as_rule_job(j.name, j.started_at, j.ended_at, pauses.get(j.name, []))
		)
	order_of = {j.name: j.repair_order for j in active_jobs}
	hours: dict[str, float] = {}
	for technician_jobs in by_technician.values():
		for name, minutes in rules.clocked_minutes(technician_jobs, now).items():
			if name in order_of:
				hours[order_of[name]] = hours.get(order_of[name], 0.0) + minutes / 60
	return hours


def workshop_board(now=None) -> dict:
	"""Who is on which job now, what waits (customer approval, parts, quality check) and the orders whose
	remaining sold hours no longer fit before the promised time. Two queries, scoped to the user's
	companies (and, for an advisor who sees only their own orders, to those)."""
	from service_advisor.permissions import restricted
	from service_advisor.reports import company_scope

	now = get_datetime(now or now_datetime())
	companies = company_scope({})
	own_only = frappe.session.user if restricted("Repair Order") else None
	# a technician is paid on clocked time: they see their own running clock, not their colleagues'
	own_clock = frappe.session.user if restricted(DOCTYPE) else None
	order = frappe.qb.DocType("Repair Order")
	job = frappe.qb.DocType(DOCTYPE)
	pause_row = frappe.qb.DocType("Technician Job Pause")
	user = frappe.qb.DocType("User")

	def scoped(query):
		if companies is not None:
			query = query.where(order.company.isin(companies))
		if own_only:
			query = query.where((order.advisor == own_only) | (order.first_responsible_person == own_only))
		return query

	on_jobs = scoped(
		frappe.qb.from_(job)
		.join(order)
		.on(order.name == job.repair_order)
		.left_join(user)
		.on(user.name == job.technician)
		.left_join(pause_row)
		.on(
			(pause_row.parent == job.name) & (pause_row.parenttype == DOCTYPE) & pause_row.resumed_at.isnull()
		)
		.select(
			job.name,
			job.technician,
			user.full_name.as_("technician_name"),
			job.repair_order,
			job.item_code,
			job.status,
			job.started_at,
			pause_row.reason.as_("pause_reason"),
			order.vehicle,
			order.company,
		)
		.where(job.status.isin(rules.ACTIVE_STATUSES))
		.where(job.technician == own_clock if own_clock else job.technician.isnotnull())
		.orderby(job.technician)
		.orderby(job.started_at)
	).run(as_dict=True)

	item = frappe.qb.DocType("Repair Order Item")
	clocked = (
		frappe.qb.from_(job)
		.select(job.repair_order, Sum(job.clocked_minutes).as_("minutes"))
		.where(job.status == rules.CLOSED)
		.groupby(job.repair_order)
	).as_("clocked")
	sold = Sum(Case().when(item.item_type == rules.LABOUR, item.qty).else_(0))
	orders = scoped(
		frappe.qb.from_(order)
		.left_join(item)
		.on((item.parent == order.name) & (item.parenttype == "Repair Order"))
		.left_join(clocked)
		.on(clocked.repair_order == order.name)
		.select(
			order.name,
			order.workflow_state,
			order.vehicle,
			order.company,
			order.advisor,
			order.promised_delivery,
			sold.as_("sold_hours"),
			(IfNull(clocked.minutes, 0) / 60).as_("clocked_hours"),
		)
		.where(order.workflow_state.isin(BOARD_STATES))
		.groupby(
			order.name,
			order.workflow_state,
			order.vehicle,
			order.company,
			order.advisor,
			order.promised_delivery,
			clocked.minutes,
		)
		.orderby(order.promised_delivery)
		.limit(500)
	).run(as_dict=True)

	running = running_hours_by_order(on_jobs, now)
	for row in orders:
		row.running_hours = flt(running.get(row.name, 0), 2)
		row.sold_hours = flt(row.sold_hours, 2)
		row.clocked_hours = flt(flt(row.clocked_hours) + running.get(row.name, 0), 2)
		row.remaining_hours = rules.remaining_hours(row.sold_hours, row.clocked_hours)
		promised = get_datetime(row.promised_delivery) if row.promised_delivery else None
		row.at_risk = row.workflow_state != ro.QUALITY_CHECK and rules.at_risk(
			row.remaining_hours, now, promised
		)
	waiting_parts = {j.repair_order for j in on_jobs if j.pause_reason == "Waiting for Parts"}
	return {
		"on_jobs": on_jobs,
		"awaiting_approval": [o for o in orders if o.workflow_state == ro.AWAITING_APPROVAL],
		"waiting_for_parts": [o for o in orders if o.name in waiting_parts],
		"quality_check": [o for o in orders if o.workflow_state == ro.QUALITY_CHECK],
		"at_risk": [o for o in orders if o.at_risk],
	}
