"""Technician time for the generated dealer group (`bench sa-generate`), so Technician Productivity is
measured on real volumes: `per_company` technicians per dealership (User, Workshop Technician role,
Employee), a 9-hour shift on five days of every week, and for every labour line of a delivered order 1-3
clocked jobs by technicians of the order's company (together 60-120 % of the line's sold hours).
Bulk-loaded like the rest of the generator."""

import random
import time
from datetime import datetime, timedelta

import frappe
from frappe.query_builder.functions import Min

from service_advisor.scale.generator import CHILD, EMPLOYEE_COLUMNS, PREFIX, STD, Loader, progress, std

SHIFT_COLS = (*STD, "technician", "company", "shift_date", "clock_in", "clock_out", "hours")
JOB_COLS = (
	*STD,
	"technician",
	"repair_order",
	"repair_order_item",
	"item_code",
	"sold_hours",
	"company",
	"status",
	"started_at",
	"ended_at",
	"clocked_minutes",
)
N = "\\N"


def technicians_of(companies: list[str], per_company: int) -> dict[str, list[str]]:
	return {
		c: [f"tech{i * per_company + k + 1:05d}@bench.{PREFIX.lower()}" for k in range(per_company)]
		for i, c in enumerate(companies)
	}


def generate(seed: int = 42, per_company: int = 20, batch: int = 20_000) -> dict:
	"""Technicians, shifts and clocked jobs for the generated orders (skipped when already made)."""
	frappe.db.rollback()  # the orders were loaded through another connection: a fresh snapshot
	if frappe.db.exists("Technician Job Time", {"name": ("like", f"{PREFIX}-JT-%")}):
		return {"jobs": 0}
	rng = random.Random(seed + 2)
	rand = rng.random
	started = time.monotonic()
	loader = Loader()
	now = datetime.now().replace(microsecond=0)
	companies = frappe.get_all(
		"Company", filters={"name": ("like", f"{PREFIX} Motors %")}, pluck="name", order_by="name"
	)
	teams = technicians_of(companies, per_company)
	users = [(u, c) for c, us in teams.items() for u in us]
	loader.load(
		"User",
		(*STD, "email", "first_name", "full_name", "enabled", "user_type"),
		[
			(*std(u, now), u, f"Technician {i}", f"Technician {i}", 1, "System User")
			for i, (u, _c) in enumerate(users, 1)
		],
	)
	loader.load(
		"Has Role",
		(*STD, *CHILD, "role"),
		[
			(*std(f"{PREFIX}-HRT-{i}", now, 1), u, "roles", "User", "Workshop Technician")
			for i, (u, _c) in enumerate(users)
		],
	)
	loader.load(
		"Employee",
		(*STD, *EMPLOYEE_COLUMNS),
		[
			(
				*std(f"{PREFIX}-EMPT-{i:05d}", now),
				f"Technician {i}",
				u,
				c,
				"HR-EMP-",
				"Technician",
				"Active",
				"Male",
				"1990-01-01",
				"2020-01-01",
			)
			for i, (u, c) in enumerate(users, 1)
		],
	)
	loader.commit()

	ro = frappe.qb.DocType("Repair Order")
	item = frappe.qb.DocType("Repair Order Item")
	first_day = (
		frappe.qb.from_(ro).select(Min(ro.arrival_time)).where(ro.name.like(f"{PREFIX}-RO-%")).run()[0][0]
	)
	day = (first_day or now).date()
	shifts, made_shifts = [], 0
	while day <= now.date():
		if day.weekday() < 5:
			clock_in = datetime.combine(day, datetime.min.time()) + timedelta(hours=8)
			clock_out = clock_in + timedelta(hours=9)
			for u, c in users:
				made_shifts += 1
				shifts.append(
					f"{PREFIX}-TS-{made_shifts:08d}\t{clock_in}\t{clock_in}\tAdministrator\tAdministrator\t0\t0\t"
					f"{u}\t{c}\t{day}\t{clock_in}\t{clock_out}\t9\n"
				)
		if len(shifts) >= batch:
			loader.load_lines("Technician Shift", SHIFT_COLS, shifts)
			shifts = []
		day += timedelta(days=1)
	loader.load_lines("Technician Shift", SHIFT_COLS, shifts)
	loader.commit()

	total = frappe.db.count("Repair Order", {"name": ("like", f"{PREFIX}-RO-%")})
	done, made_jobs, last = 0, 0, ""
	while True:
		lines = (
			frappe.qb.from_(ro)
			.join(item)
			.on((item.parent == ro.name) & (item.parenttype == "Repair Order"))
			.select(ro.name, ro.company, ro.arrival_time, item.name, item.item_code, item.qty)
			.where(
				(ro.name > last)
				& ro.name.like(f"{PREFIX}-RO-%")
				& (ro.docstatus == 1)
				& (item.item_type == "Labour")
			)
			.orderby(ro.name)
			.limit(batch)
		).run()
		if not lines:
			break
		# never cut an order in two between batches
		last_order = lines[-1][0]
		if len(lines) == batch:
			lines = [row for row in lines if row[0] != last_order] or lines
		last = lines[-1][0]
		jobs = []
		for order, company, arrival, line, code, qty in lines:
			crew = teams.get(company)
			if not crew:
				continue
			minutes = float(qty) * 60 * (0.6 + 0.6 * rand())
			logs = 1 + int(rand() * 3)
			start = arrival + timedelta(minutes=30)
			for _ in range(logs):
				share = round(minutes / logs, 2)
				end = start + timedelta(minutes=share)
				made_jobs += 1
				jobs.append(
					f"{PREFIX}-JT-{made_jobs:08d}\t{start}\t{end}\tAdministrator\tAdministrator\t0\t0\t"
					f"{crew[int(rand() * len(crew))]}\t{order}\t{line}\t{code}\t{qty}\t{company}\tClosed\t{start}\t{end}\t{share}\n"
				)
				start = end + timedelta(minutes=int(rand() * 90))
		loader.load_lines("Technician Job Time", JOB_COLS, jobs)
		loader.commit()
		done = frappe.db.count("Repair Order", {"name": ("between", (f"{PREFIX}-RO-", last))})
		progress("technician time", min(done, total), total, started)
	loader.close()
	# each job's credit (its share of the line), as the migration patch fills them on existing jobs
	from service_advisor.patches.v0_1 import set_job_credits

	set_job_credits.execute()
	frappe.db.commit()  # nosemgrep: frappe-manual-commit -- a maintenance command, run from the command line
	return {
		"technicians": len(users),
		"shifts": made_shifts,
		"jobs": made_jobs,
		"seconds": round(time.monotonic() - started, 1),
	}


def purge():
	for table, column, pattern in (
		("Technician Job Time", "name", f"{PREFIX}-JT-%"),
		("Technician Shift", "name", f"{PREFIX}-TS-%"),
		("Employee", "name", f"{PREFIX}-EMPT-%"),
		("Has Role", "name", f"{PREFIX}-HRT-%"),
		("User", "name", "tech%@bench.sab"),
	):
		frappe.db.delete(table, {column: ("like", pattern)})
	frappe.db.commit()  # nosemgrep: frappe-manual-commit -- a maintenance command, run from the command line
