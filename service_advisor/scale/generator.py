"""Fill a site with a dealer group's data, fast and reproducibly (bulk loads, progress bar, seeded).

    bench --site bench.localhost sa-generate --size full --seed 42     # 50 companies, 1,000 advisors,
                                                                       # 1,000,000 repair orders, ...
    bench --site demo.localhost sa-generate --size demo                # a new site that looks alive

Rows are written with LOAD DATA LOCAL INFILE from temporary tab-separated files (multi-row INSERTs when
the server refuses local files). The data is synthetic: companies, customers and users are minimal
rows that carry the names the service desk links to; never run this on a production site.
"""

import os
import queue
import random
import tempfile
import threading
import time
from dataclasses import dataclass
from datetime import datetime, timedelta

import frappe

PREFIX = "SAB"  # every generated name starts with it, so `purge` can remove exactly what was made
STATES_DELIVERED = (
	"Draft",
	"Checked In",
	"Authorised",
	"In Repair",
	"Quality Check",
	"Ready for Delivery",
	"Delivered",
)


@dataclass(frozen=True)
class Size:
	companies: int
	advisors: int
	customers: int
	repair_orders: int
	items_per_order: int
	callbacks: int
	inspections: int
	add_on_every: int  # one add-on per this many orders
	days: int


SIZES = {
	"full": Size(50, 1000, 200_000, 1_000_000, 5, 1_000_000, 100_000, 5, 730),
	"medium": Size(10, 200, 20_000, 100_000, 5, 100_000, 10_000, 5, 730),
	"small": Size(5, 50, 2_000, 10_000, 5, 10_000, 1_000, 5, 365),
	"demo": Size(1, 6, 60, 300, 4, 300, 60, 4, 120),
}

ITEMS = [(f"{PREFIX}-LAB-{i:03d}", "Labour", 80 + 20 * (i % 10)) for i in range(40)] + [
	(f"{PREFIX}-PART-{i:03d}", "Part", 15 + 7 * (i % 30)) for i in range(160)
]


class Loader:
	"""Bulk loader: LOAD DATA LOCAL INFILE through its own connection, multi-row INSERT otherwise."""

	def __init__(self):
		import pymysql

		conf = frappe.conf
		self.connection = pymysql.connect(
			host=conf.db_host or "127.0.0.1",
			port=int(conf.db_port or 3306),
			user=conf.db_user or conf.db_name,
			password=conf.db_password,
			database=conf.db_name,
			charset="utf8mb4",
			local_infile=True,
			autocommit=False,
		)
		with self.connection.cursor() as cursor:
			cursor.execute("SET unique_checks = 0, foreign_key_checks = 0")
		self.rows = 0

	@staticmethod
	def _line(row: tuple) -> str:
		# generated values never contain tabs, newlines or backslashes: str() is the TSV encoding
		return "\t".join("\\N" if v is None else str(v) for v in row) + "\n"

	def load(self, table: str, columns: tuple[str, ...], rows: list[tuple]):
		self.load_lines(table, columns, [self._line(row) for row in rows])

	def load_lines(self, table: str, columns: tuple[str, ...], lines: list[str]):
		"""lines: tab-separated rows ending in a newline, \\N for NULL."""
		if not lines:
			return
		cursor = self.connection.cursor()
		cols = ", ".join(f"`{c}`" for c in columns)
		with tempfile.NamedTemporaryFile("w", suffix=".tsv", delete=False, encoding="utf-8") as fh:
			fh.write("".join(lines))
			path = fh.name
		try:
			cursor.execute(
				f"LOAD DATA LOCAL INFILE %s INTO TABLE `tab{table}` CHARACTER SET utf8mb4 ({cols})", (path,)
			)
		except Exception:
			rows = [tuple(None if v == "\\N" else v for v in line.rstrip("\n").split("\t")) for line in lines]
			placeholders = "(" + ", ".join(["%s"] * len(columns)) + ")"
			cursor.executemany(f"INSERT INTO `tab{table}` ({cols}) VALUES {placeholders}", rows)
		finally:
			os.unlink(path)
		self.rows += len(lines)

	def commit(self):
		self.connection.commit()

	def close(self):
		self.connection.commit()
		self.connection.close()


def std(name: str, when: datetime, idx: int = 0) -> tuple:
	return (name, when, when, "Administrator", "Administrator", 0, idx)


STD = ("name", "creation", "modified", "modified_by", "owner", "docstatus", "idx")
CHILD = ("parent", "parentfield", "parenttype")
EMPLOYEE_COLUMNS = ("employee_name", "user_id", "company", "naming_series", "first_name", "status", "gender")
EMPLOYEE_COLUMNS += ("date_of_birth", "date_of_joining")
EMPLOYEE_FIXED = ("HR-EMP-", "Advisor", "Active", "Male", "1990-01-01", "2020-01-01")


def progress(label: str, done: int, total: int, started: float):
	rate = done / max(time.monotonic() - started, 1e-6)
	bar = int(30 * done / max(total, 1))
	print(
		f"\r{label:<16} [{'=' * bar}{' ' * (30 - bar)}] {done:>9,}/{total:,}  {rate:,.0f}/s",
		end="",
		flush=True,
	)
	if done >= total:
		print()


def generate(size: str = "small", seed: int = 42, batch: int = 20_000) -> dict:
	"""Generate a dealer group's data. Returns the figures (rows, seconds, repair orders a second)."""
	spec = SIZES[size]
	rng = random.Random(seed)
	if frappe.db.exists("Repair Order", f"{PREFIX}-RO-0000001"):
		frappe.throw(frappe._("Generated data already exists on this site; run purge() first."))
	loader = Loader()
	started = time.monotonic()
	end = datetime.now().replace(microsecond=0)
	start = end - timedelta(days=spec.days)
	now = end

	companies = [f"{PREFIX} Motors {i:02d}" for i in range(1, spec.companies + 1)]
	currency = frappe.db.get_default("currency") or "CNY"
	# a dealership that already exists (the demo site's setup wizard made SAB Motors 01, with its accounts)
	# is kept as it is
	loader.load(
		"Company",
		(*STD, "company_name", "abbr", "default_currency", "country"),
		[
			(*std(c, now), c, f"{PREFIX}{i:02d}", currency, "China")
			for i, c in enumerate(companies, 1)
			if not frappe.db.exists("Company", c)
		],
	)
	advisors = [f"sa{i:04d}@bench.{PREFIX.lower()}" for i in range(1, spec.advisors + 1)]
	loader.load(
		"User",
		(*STD, "email", "first_name", "full_name", "enabled", "user_type"),
		[
			(*std(a, now), a, f"Advisor {i}", f"Advisor {i}", 1, "System User")
			for i, a in enumerate(advisors, 1)
		],
	)
	loader.load(
		"Has Role",
		(*STD, *CHILD, "role"),
		[
			(*std(f"{PREFIX}-HR-{i}", now, 1), a, "roles", "User", "Service Advisor")
			for i, a in enumerate(advisors)
		],
	)
	advisor_company = {a: companies[i % len(companies)] for i, a in enumerate(advisors)}
	# each advisor's dealership is their Employee record's company (services.company.advisor_company)
	loader.load(
		"Employee",
		(*STD, *EMPLOYEE_COLUMNS),
		[
			(*std(f"{PREFIX}-EMP-{i:05d}", now), f"Advisor {i}", a, advisor_company[a], *EMPLOYEE_FIXED)
			for i, a in enumerate(advisors, 1)
		],
	)
	group = frappe.db.get_value("Customer Group", {"is_group": 0}, "name")
	territory = frappe.db.get_value("Territory", {"is_group": 0}, "name")
	customers = [f"{PREFIX}-C-{i:07d}" for i in range(1, spec.customers + 1)]
	loader.load(
		"Customer",
		(*STD, "customer_name", "customer_type", "customer_group", "territory"),
		[(*std(c, now), f"Customer {i}", "Individual", group, territory) for i, c in enumerate(customers, 1)],
	)
	vehicles = [f"{PREFIX}V{i:012d}" for i in range(1, spec.customers + 1)]  # 17 characters
	loader.load(
		"Customer Vehicle",
		(*STD, "vin", "license_plate", "customer", "make", "model", "year"),
		[
			(
				*std(v, now),
				v,
				f"LN{i:06d}",
				customers[i],
				"Chery",
				rng.choice(("Tiggo 7", "Tiggo 8", "Arrizo 5")),
				2015 + i % 10,
			)
			for i, v in enumerate(vehicles)
		],
	)
	stock_uom = frappe.db.get_value("UOM", "Nos") and "Nos"
	item_group = frappe.db.get_value("Item Group", {"is_group": 0}, "name") or "All Item Groups"
	loader.load(
		"Item",
		(*STD, "item_code", "item_name", "item_group", "stock_uom", "is_stock_item"),
		[(*std(code, now), code, code, item_group, stock_uom, 0) for code, _t, _r in ITEMS],
	)
	loader.commit()

	span = (end - start).total_seconds()
	ro_cols = (
		*STD,
		"naming_series",
		"customer",
		"customer_name",
		"vehicle",
		"company",
		"advisor",
		"first_responsible_person",
		"status",
		"workflow_state",
		"odometer",
		"arrival_time",
		"greeting_time",
		"greeting_delay_minutes",
		"greeting_sla_breached",
		"estimate_total",
		"warranty_total",
		"promised_delivery",
		"delivered_on",
	)
	item_cols = (*STD, *CHILD, "item_code", "item_name", "item_type", "qty", "rate", "amount", "billable_to")
	log_cols = (
		*STD,
		"repair_order",
		"advisor",
		"company",
		"state",
		"entered_at",
		"left_at",
		"hours",
		"changed_by",
	)
	cb_cols = (
		*STD,
		"naming_series",
		"callback_type",
		"customer",
		"customer_name",
		"vehicle",
		"repair_order",
		"status",
		"due_date",
		"first_due_date",
		"due_rule",
		"advisor",
		"assigned_to",
		"dedupe_key",
		"attempt_count",
		"satisfaction_attitude",
		"satisfaction_explanation",
		"satisfaction_timeliness",
		"completed_on",
		"company",
	)
	ao_cols = (
		*STD,
		"naming_series",
		"repair_order",
		"customer",
		"vehicle",
		"advisor",
		"decision",
		"reason",
		"estimated_total",
		"extra_time_minutes",
		"company",
	)
	ro_started = time.monotonic()
	callbacks_made = 0
	# the database works on one batch (its own process, the other core) while Python builds the next
	pending: queue.Queue = queue.Queue(maxsize=2)
	failures: list[BaseException] = []

	def consume():
		while (work := pending.get()) is not None:
			try:
				for table, columns, lines in work:
					loader.load_lines(table, columns, lines)
				loader.commit()
			except BaseException as e:  # surfaced in the main thread below
				failures.append(e)

	worker = threading.Thread(target=consume, daemon=True)
	worker.start()
	rand = rng.random
	n_customers, n_advisors, n_items = len(customers), len(advisors), len(ITEMS)
	delays = (0.5, 1, 1.5, 2, 2, 3, 4)
	answers = ("Satisfied", "Satisfied", "Satisfied", "Neutral", "Dissatisfied")
	decisions = ("Approved", "Approved", "Declined", "Pending")
	add_on_values = (120, 260, 480)
	models_done = len(STATES_DELIVERED)
	head = "\tAdministrator\tAdministrator\t"
	for first in range(0, spec.repair_orders, batch):
		if failures:
			break
		orders, items, logs, callbacks, add_ons = [], [], [], [], []
		for n in range(first, min(first + batch, spec.repair_orders)):
			name = f"{PREFIX}-RO-{n + 1:07d}"
			c = int(rand() * n_customers)
			customer, vehicle = customers[c], vehicles[c]
			advisor = advisors[int(rand() * n_advisors)]
			company = advisor_company[advisor]
			arrival = start + timedelta(seconds=int(rand() * span))
			ts = str(arrival)
			delay = delays[int(rand() * 7)]
			hours = 2 + int(rand() * 29)
			delivered = arrival + timedelta(hours=hours)
			done = delivered < end
			state = "Delivered" if done else "In Repair"
			total = warranty = 0
			for i in range(spec.items_per_order):
				code, kind, rate = ITEMS[int(rand() * n_items)]
				qty = 1 if kind == "Labour" else 1 + int(rand() * 4)
				amount = qty * rate
				if rand() < 0.08:
					payer = "Warranty"
					warranty += amount
				else:
					payer = "Customer"
					total += amount
				items.append(
					f"{name}-{i}\t{ts}\t{ts}{head}0\t{i + 1}\t{name}\titems\tRepair Order\t{code}\t{code}\t{kind}\t{qty}\t{rate}\t{amount}\t{payer}\n"
				)
			orders.append(
				f"{name}\t{ts}\t{ts}{head}{1 if done else 0}\t0\tRO-.YYYY.-.#####\t{customer}\tCustomer {c + 1}\t{vehicle}\t{company}\t"
				f"{advisor}\t{advisor}\t{state}\t{state}\t{10000 + int(rand() * 90000)}\t{ts}\t{arrival + timedelta(minutes=delay)}\t"
				f"{delay}\t{int(delay > 2)}\t{total}\t{warranty}\t{arrival + timedelta(hours=6)}\t{delivered if done else chr(92) + 'N'}\n"
			)
			visited = models_done if done else 4
			step_hours = round(hours / models_done, 2)
			step = timedelta(hours=hours / models_done)
			entered = arrival
			for i in range(visited):
				left = entered + step
				last = i == visited - 1
				logs.append(
					f"{name}-L{i}\t{entered}\t{entered}{head}0\t0\t{name}\t{advisor}\t{company}\t{STATES_DELIVERED[i]}\t{entered}\t"
					f"{chr(92) + 'N' if last else left}\t{0 if last else step_hours}\t{advisor}\n"
				)
				entered = left
			if done and callbacks_made < spec.callbacks:
				callbacks_made += 1
				due = (delivered + timedelta(days=1)).date()
				reached = rand() < 0.85
				if reached:
					answer = answers[int(rand() * 5)]
					completed = f"{due} {8 + int(rand() * 10):02d}:00:00"
					status, attempts = "Completed", 1
				else:
					answer = completed = chr(92) + "N"
					status, attempts = ("Unreachable" if due < end.date() else "Open"), 3
				callbacks.append(
					f"{PREFIX}-CB-{n + 1:07d}\t{delivered}\t{delivered}{head}0\t0\tCB-.YYYY.-.#####\tAfter Service\t{customer}\t"
					f"Customer {c + 1}\t{vehicle}\t{name}\t{status}\t{due}\t{due}\tNext Day (Many Items)\t{advisor}\t{advisor}\t"
					f"AS-{name}\t{attempts}\t{answer}\t{answer}\t{answer}\t{completed}\t{company}\n"
				)
			if n % spec.add_on_every == 0:
				decision = decisions[int(rand() * 4)] if done else "Pending"
				proposed = arrival + timedelta(hours=1)
				add_ons.append(
					f"{PREFIX}-AO-{n + 1:07d}\t{proposed}\t{proposed}{head}0\t0\tAOI-.YYYY.-.#####\t{name}\t{customer}\t{vehicle}\t"
					f"{advisor}\t{decision}\tFound in the workshop\t{add_on_values[int(rand() * 3)]}\t30\t{company}\n"
				)
		pending.put(
			[
				("Repair Order", ro_cols, orders),
				("Repair Order Item", item_cols, items),
				("Repair Order State Log", log_cols, logs),
				("Callback", cb_cols, callbacks),
				("Add-on Item", ao_cols, add_ons),
			]
		)
		progress("repair orders", min(first + batch, spec.repair_orders), spec.repair_orders, ro_started)
	pending.put(None)
	worker.join()
	if failures:
		raise failures[0]
	ro_seconds = time.monotonic() - ro_started

	# customers' open issues and the monthly maintenance invitations
	issues, invitations = [], []
	for n in range(spec.customers // 4):
		c = int(rng.random() * len(customers))
		created = start + timedelta(seconds=int(rng.random() * span))
		promised = (created + timedelta(days=3 + int(rng.random() * 20))).date()
		resolved = rng.random() < 0.8 and promised < end.date()
		issues.append(
			f"{PREFIX}-OI-{n + 1:07d}\t{created}\t{created}\tAdministrator\tAdministrator\t0\t0\tCOI-.YYYY.-.#####\t"
			f"{customers[c]}\tCustomer {c + 1}\t{vehicles[c]}\tParts on order\t{'Resolved' if resolved else 'Open'}\t"
			f"{advisors[c % len(advisors)]}\t{promised}\t{int(not resolved and promised < end.date())}\t"
			f"{'Fitted' if resolved else chr(92) + 'N'}\t{promised if resolved else chr(92) + 'N'}\t"
			f"{advisor_company[advisors[c % len(advisors)]]}\n"
		)
	month_day = start.replace(day=1)
	while month_day <= end:
		key = month_day.strftime("%Y-%m")
		for _ in range(max(1, spec.customers // 100)):
			c = int(rng.random() * len(customers))
			booked = rng.random() < 0.3
			invitations.append(
				f"{PREFIX}-MI-{key}-{c:07d}\t{month_day}\t{month_day}\tAdministrator\tAdministrator\t0\t0\tCB-.YYYY.-.#####\t"
				f"Maintenance Invitation\t{customers[c]}\tCustomer {c + 1}\t{vehicles[c]}\t"
				f"{'Completed' if booked or rng.random() < 0.5 else 'Open'}\t{month_day.date()}\t{month_day.date()}\t"
				f"Monthly Maintenance\t{advisors[c % len(advisors)]}\t{advisors[c % len(advisors)]}\t{key}\tMI-{vehicles[c]}-{key}\t"
				f"{f'{PREFIX}-APPT-{key}-{c}' if booked else chr(92) + 'N'}\t{advisor_company[advisors[c % len(advisors)]]}\n"
			)
		month_day = (month_day + timedelta(days=32)).replace(day=1)
	loader.load_lines(
		"Customer Open Issue",
		(
			*STD,
			"naming_series",
			"customer",
			"customer_name",
			"vehicle",
			"description",
			"status",
			"responsible_person",
			"promised_date",
			"escalated",
			"resolution",
			"resolved_on",
			"company",
		),
		issues,
	)
	loader.load_lines(
		"Callback",
		(
			*STD,
			"naming_series",
			"callback_type",
			"customer",
			"customer_name",
			"vehicle",
			"status",
			"due_date",
			"first_due_date",
			"due_rule",
			"advisor",
			"assigned_to",
			"maintenance_month",
			"dedupe_key",
			"service_appointment",
			"company",
		),
		list({line.split("\t", 1)[0]: line for line in invitations}.values()),
	)

	inspections = []
	for n in range(spec.inspections):
		day = (start + timedelta(seconds=rng.random() * span)).date()
		score = max(0, 100 - rng.choice((0, 0, 1, 2, 3, 5, 7, 10)))
		year, week, _ = day.isocalendar()
		inspected = advisors[rng.randrange(len(advisors))]
		inspections.append(
			(
				f"{PREFIX}-6S-{n + 1:07d}",
				now,
				now,
				"Administrator",
				"Administrator",
				1,
				0,
				"6S-.YYYY.-.#####",
				inspected,
				"Administrator",
				day,
				"Standard Front Desk 6S",
				f"{year}-W{week:02d}",
				100 - score,
				score,
				advisor_company[inspected],
			)
		)
	loader.load(
		"Front Desk 6S Inspection",
		(
			*STD,
			"naming_series",
			"advisor",
			"inspector",
			"inspection_date",
			"template",
			"week",
			"total_deduction",
			"score",
			"company",
		),
		inspections,
	)
	loader.close()
	# the figures each order keeps for the group reports (labour, the vehicle's previous delivery), as the
	# migration patch fills them on a site's existing orders
	from service_advisor.patches.v0_1 import set_order_figures

	figures_started = time.monotonic()
	set_order_figures.execute()
	frappe.db.commit()  # nosemgrep: frappe-manual-commit -- a maintenance command, run from the command line
	print(f"order figures: {time.monotonic() - figures_started:.1f} s")
	seconds = time.monotonic() - started
	figures = {
		"size": size,
		"rows": loader.rows,
		"repair_orders": spec.repair_orders,
		"seconds": round(seconds, 1),
		"repair_orders_per_second": round(spec.repair_orders / ro_seconds),
		"rows_per_second": round(loader.rows / seconds),
	}
	print(figures)
	frappe.clear_cache()
	return figures


def purge():
	"""Remove everything `generate` made (names start with the prefix)."""
	for table, column in (
		("Repair Order Item", "parent"),
		("Repair Order State Log", "repair_order"),
		("Callback", "name"),
		("Add-on Item", "name"),
		("Front Desk 6S Inspection", "name"),
		("Repair Order", "name"),
		("Customer Open Issue", "name"),
		("Customer Vehicle", "name"),
		("Customer", "name"),
		("Item", "name"),
		("Has Role", "name"),
		("Employee", "name"),
		("User", "email"),
		("Company", "abbr"),
	):
		frappe.db.delete(table, {column: ("like", f"{PREFIX}%" if column != "email" else "%@bench.sab")})
	frappe.db.commit()  # nosemgrep: frappe-manual-commit -- a maintenance command, run from the command line
