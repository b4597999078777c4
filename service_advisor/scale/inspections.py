"""Digital inspections for the generated repair orders (`bench sa-generate`), so the Inspection Sales
report is measured on real volumes: about half of the orders get a completed 10-point inspection
(brake pads and tread measured, the rest rated), each yellow or red point an add-on linked to it (photo on
most of them), decided for delivered orders (approved more often with a photo) a few hours after the
inspection. Bulk-loaded like the rest of the generator (LOAD DATA through `Loader`)."""

import random
import time
from datetime import timedelta

import frappe

from service_advisor.scale.generator import PREFIX, STD, Loader, progress

# (area, point, unit, worse when, yellow at, red at): a short template (the shipped one has 40 points)
POINTS = (
	("Brakes", "Front brake pads", "mm", "Lower", 5.0, 3.0),
	("Brakes", "Rear brake pads", "mm", "Lower", 5.0, 3.0),
	("Tyres", "Tread depth front left", "mm", "Lower", 3.0, 1.6),
	("Tyres", "Tread depth front right", "mm", "Lower", 3.0, 1.6),
	("Battery", "Battery terminals", None, None, None, None),
	("Fluids", "Coolant level", None, None, None, None),
	("Lights", "Headlights", None, None, None, None),
	("Wipers", "Front wiper blades", None, None, None, None),
	("Suspension & Steering", "Front shock absorbers", None, None, None, None),
	("Filters", "Cabin air filter", None, None, None, None),
)
TEMPLATE = "Standard Multi-Point Inspection"
VI_COLS = (
	*STD,
	"naming_series",
	"repair_order",
	"template",
	"odometer",
	"company",
	"customer",
	"vehicle",
	"advisor",
	"inspected_by",
	"inspected_on",
	"green_count",
	"yellow_count",
	"red_count",
)
PT_COLS = (
	*STD,
	"parent",
	"parentfield",
	"parenttype",
	"area",
	"point",
	"measured",
	"unit",
	"worse_when",
	"yellow_at",
	"red_at",
	"measurement",
	"measured_value",
	"rating",
	"photo",
	"add_on_item",
)
AO_COLS = (
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
	"vehicle_inspection",
	"inspection_point",
	"inspection_photo",
	"inspected_on",
	"decided_on",
	"decision_method",
)
N = "\\N"


def _measurement(rng: random.Random, rating: str, yellow: float, red: float) -> float:
	if rating == "Red":
		return round(rng.uniform(max(red - 2, 0), red), 1)
	if rating == "Yellow":
		return round(rng.uniform(red + 0.1, yellow), 1)
	return round(rng.uniform(yellow + 0.1, yellow + 5), 1)


def generate(seed: int = 42, share: float = 0.5, batch: int = 20_000) -> dict:
	"""Inspections for a `share` of the generated orders (idempotent: skipped when already made)."""
	# the orders were loaded through the loader's own connection: read them in a fresh snapshot
	frappe.db.rollback()
	if frappe.db.exists("Vehicle Inspection", {"name": ("like", f"{PREFIX}-VI-%")}):
		return {"inspections": 0}
	rng = random.Random(seed + 1)
	rand = rng.random
	loader = Loader()
	head = "\tAdministrator\tAdministrator\t"
	total = frappe.db.count("Repair Order", {"name": ("like", f"{PREFIX}-RO-%")})
	started, done, made, last = time.monotonic(), 0, 0, ""
	values = (120, 260, 480, 900)
	ro = frappe.qb.DocType("Repair Order")
	while True:
		orders = (
			frappe.qb.from_(ro)
			.select(
				ro.name,
				ro.company,
				ro.customer,
				ro.vehicle,
				ro.advisor,
				ro.arrival_time,
				ro.odometer,
				ro.workflow_state,
			)
			.where(ro.name.like(f"{PREFIX}-RO-%") & (ro.name > last))
			.orderby(ro.name)
			.limit(batch)
		).run()
		if not orders:
			break
		last = orders[-1][0]
		inspections, points, add_ons = [], [], []
		for name, company, customer, vehicle, advisor, arrival, odometer, state in orders:
			if rand() >= share:
				continue
			made += 1
			vi = f"{PREFIX}-VI-{name[len(PREFIX) + 4 :]}"
			when = arrival + timedelta(minutes=40)
			delivered = state != "In Repair"
			counts = {"Green": 0, "Yellow": 0, "Red": 0}
			for i, (area, point, unit, worse, yellow, red) in enumerate(POINTS):
				r = rand()
				rating = "Red" if r < 0.05 else "Yellow" if r < 0.17 else "Green"
				counts[rating] += 1
				row = f"{vi}-{i}"
				value = _measurement(rng, rating, yellow, red) if unit else None
				add_on = photo = N
				if rating != "Green":
					add_on = f"{PREFIX}-AOV-{vi[len(PREFIX) + 4 :]}-{i}"
					photo = "/private/files/sab-finding.jpg" if rand() < 0.7 else N
					decision = "Pending"
					decided_on = N
					if delivered:
						decision = "Approved" if rand() < (0.65 if photo != N else 0.4) else "Declined"
						decided_on = when + timedelta(minutes=20 + int(rand() * 600))
					add_ons.append(
						f"{add_on}\t{when}\t{when}{head}0\t0\tAOI-.YYYY.-.#####\t{name}\t{customer}\t{vehicle}\t{advisor}\t"
						f"{decision}\tInspection: {point}\t{values[int(rand() * 4)]}\t30\t{company}\t{vi}\t{row}\t"
						f"{0 if photo == N else 1}\t{when}\t"
						f"{decided_on}\t{'Approval Link' if decided_on != N else N}\n"
					)
				points.append(
					f"{row}\t{when}\t{when}{head}1\t{i + 1}\t{vi}\tpoints\tVehicle Inspection\t{area}\t{point}\t"
					f"{1 if unit else 0}\t{unit or N}\t{worse or 'Lower'}\t{yellow or 0}\t{red or 0}\t"
					f"{N if value is None else value}\t{value or 0}\t{rating}\t{photo}\t{add_on}\n"
				)
			inspections.append(
				f"{vi}\t{when}\t{when}{head}1\t0\tVI-.YYYY.-.#####\t{name}\t{TEMPLATE}\t{odometer}\t{company}\t{customer}\t"
				f"{vehicle}\t{advisor}\tAdministrator\t{when}\t{counts['Green']}\t{counts['Yellow']}\t{counts['Red']}\n"
			)
		loader.load_lines("Vehicle Inspection", VI_COLS, inspections)
		loader.load_lines("Vehicle Inspection Point", PT_COLS, points)
		loader.load_lines("Add-on Item", AO_COLS, add_ons)
		loader.commit()
		done += len(orders)
		progress("inspections", done, total, started)
	loader.close()
	# each inspection's quoted-findings figures, as the migration patch fills them on existing inspections
	from service_advisor.patches.v0_1 import set_inspection_quotes

	set_inspection_quotes.execute()
	frappe.db.commit()  # nosemgrep: frappe-manual-commit -- a maintenance command, run from the command line
	return {"inspections": made, "seconds": round(time.monotonic() - started, 1)}


def purge():
	for table, column in (
		("Vehicle Inspection Point", "parent"),
		("Vehicle Inspection", "name"),
		("Add-on Item", "name"),
	):
		frappe.db.delete(table, {column: ("like", f"{PREFIX}-%V%")})
	frappe.db.commit()  # nosemgrep: frappe-manual-commit -- a maintenance command, run from the command line
