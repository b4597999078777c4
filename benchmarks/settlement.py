"""Benchmark bulk settlement: the background job against ERPNext creating the same invoices directly.

    cd ~/frappe-bench/sites && ../env/bin/python ~/path/to/service_advisor/benchmarks/settlement.py SITE [ORDERS]

Makes ORDERS (default 1,000) delivered Repair Orders of 5 lines (one built through the app, the rest
cloned from it with bulk inserts), then times, in the same run:

- job: `services.settlement.bulk_create_invoices(orders, notify=True)`, the function the list view's
  *Create Invoices* queues (permission check, order lock, locking re-check, mapping, taxes, insert,
  progress messages);
- ERPNext: for each order `frappe.get_doc("Repair Order", name)` and
  `frappe.get_doc({"doctype": "Sales Invoice", ...}).insert()` with the same customer, items, rates,
  price list and tax template.

Both create draft invoices of the same totals. Each side runs once untimed on a few orders to warm the
caches. Then the orders are taken in chunks of 100 and each chunk is invoiced by both, alternating which
goes first (ERPNext's invoices are rolled back to a savepoint), so a machine busy with other work
slows both alike. Everything is rolled back at the end, so the site keeps no data.
Prints both figures and the ratio job / ERPNext (target <= 1.3). Not a test: run it by hand, on a site
nobody is using (the run is one transaction and holds its locks, the naming series' included, until
the end).
"""

import sys
import time

import frappe

LINES = [
	{"qty": 1, "rate": 300, "item_type": "Labour"},
	{"qty": 2, "rate": 150, "item_type": "Part"},
	{"qty": 1, "rate": 80, "item_type": "Part"},
	{"qty": 4, "rate": 25, "item_type": "Part"},
	{"qty": 1, "rate": 120, "item_type": "Labour"},
]
WARM_UP = 20
CHUNK = 100


def clone_orders(template, count: int) -> list[str]:
	"""`count` delivered copies of a delivered order, inserted in bulk (same customer, lines, totals)."""
	parent = frappe.db.get_all("Repair Order", filters={"name": template.name}, fields=["*"])[0]
	children = frappe.db.get_all(
		"Repair Order Item", filters={"parent": template.name}, fields=["*"], order_by="idx"
	)
	parent_fields = [f for f in parent if f != "name"]
	child_fields = [f for f in children[0] if f not in ("name", "parent")]
	names, parents, rows = [], [], []
	for i in range(count):
		name = f"{template.name}-B{i:05d}"
		names.append(name)
		parents.append([name, *(parent[f] for f in parent_fields)])
		for child in children:
			rows.append([frappe.generate_hash(length=10), name, *(child[f] for f in child_fields)])
	frappe.db.bulk_insert("Repair Order", ["name", *parent_fields], parents, chunk_size=2000)
	frappe.db.bulk_insert("Repair Order Item", ["name", "parent", *child_fields], rows, chunk_size=5000)
	return names


def direct_invoice(order_name: str, price_list: str | None, taxes: dict) -> str:
	"""What a script using ERPNext directly would do for one order."""
	order = frappe.get_doc("Repair Order", order_name)
	invoice = frappe.get_doc(
		{
			"doctype": "Sales Invoice",
			"customer": order.customer,
			"company": order.company,
			"repair_order": order.name,
			"ignore_pricing_rule": 1,
			"selling_price_list": price_list,
			"taxes_and_charges": taxes.get("taxes_and_charges"),
			"taxes": taxes.get("taxes") or [],
			"items": [
				{
					"item_code": row.item_code,
					"qty": row.qty,
					"rate": row.rate,
					"price_list_rate": row.rate,
					"description": row.item_name or row.item_code,
					"repair_order": order.name,
					"repair_order_item": row.name,
				}
				for row in order.items
			],
		}
	)
	invoice.insert()
	return invoice.name


def totals(orders: list[str]) -> tuple[int, float]:
	count, total = frappe.db.sql(
		"select count(*), sum(grand_total) from `tabSales Invoice` where repair_order in %(o)s",
		{"o": orders},
	)[0]
	return int(count), float(total or 0)


def timed(fn) -> float:
	started = time.perf_counter()
	fn()
	return time.perf_counter() - started


def main(site: str, count: int = 1000):
	frappe.init(site=site)
	frappe.connect()
	frappe.set_user("Administrator")
	from erpnext.controllers.accounts_controller import get_default_taxes_and_charges

	from service_advisor.services.settings import get_settings
	from service_advisor.services.settlement import bulk_create_invoices
	from service_advisor.testing.factories import company, make_delivered_repair_order

	frappe.flags.mute_emails = True
	try:
		template = make_delivered_repair_order(items=LINES)
		orders = clone_orders(template, count + 2 * WARM_UP)
		warm_direct, warm_job = orders[:WARM_UP], orders[WARM_UP : 2 * WARM_UP]
		orders = orders[2 * WARM_UP :]
		price_list = get_settings().default_price_list
		taxes = get_default_taxes_and_charges("Sales Taxes and Charges Template", company=company()) or {}

		for name in warm_direct:
			direct_invoice(name, price_list, taxes)
		bulk_create_invoices(warm_job, notify=True)

		direct_s = job_s = 0.0
		report, direct_totals = [], []
		for index in range(0, len(orders), CHUNK):
			chunk = orders[index : index + CHUNK]

			def direct(chunk=chunk):
				frappe.db.savepoint("sa_bench_direct")
				before = totals(chunk)  # the job's, when it went first
				seconds = timed(lambda: [direct_invoice(name, price_list, taxes) for name in chunk])
				after = totals(chunk)
				direct_totals.append((after[0] - before[0], after[1] - before[1]))
				frappe.db.rollback(save_point="sa_bench_direct")
				return seconds

			if (index // CHUNK) % 2:
				job_s += timed(lambda chunk=chunk: report.extend(bulk_create_invoices(chunk, notify=True)))
				direct_s += direct()
			else:
				direct_s += direct()
				job_s += timed(lambda chunk=chunk: report.extend(bulk_create_invoices(chunk, notify=True)))
		job_total = totals(orders)
		direct_total = (sum(c for c, _t in direct_totals), sum(t for _c, t in direct_totals))
		created = sum(1 for row in report if row["status"] == "Created")
	finally:
		frappe.db.rollback()
		frappe.destroy()

	print(f"orders: {count} delivered, {len(LINES)} lines each")
	print(f"ERPNext get_doc + insert: {direct_s:.1f} s ({count / direct_s:.1f} invoices/s)")
	print(f"bulk job:                 {job_s:.1f} s ({count / job_s:.1f} invoices/s)")
	print(f"invoices (count, sum of grand totals): ERPNext {direct_total}, job {job_total}")
	print(f"created by the job: {created}; ratio job / ERPNext: {job_s / direct_s:.2f} (target <= 1.3)")


if __name__ == "__main__":
	main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 1000)
