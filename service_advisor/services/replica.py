"""Reads that may go to a MariaDB replica, with Frappe's own means.

With `read_from_replica: 1` and `replica_host` in the site config, `frappe.read_only()` connects to the
replica (same database name and, unless `different_credentials_for_replica`, the same user), swaps
`frappe.local.db` for it while the function runs and swaps the primary back afterwards. Without those
keys it does nothing.

Frappe's `query_report.run` and `reportview` are already read-only; `read_only` below is put on every
Script Report's `execute` (so a report run another way — a prepared report, the API, a benchmark — reads
from the replica too) and on the number card endpoints (Frappe's are not).

Frappe v15 leaves `local.replica_db` and `local.primary_db` set after the swap back, and
`connect_replica` refuses to connect again while they are set: in one process (a background job, a
console, a test) only the first read-only call would reach the replica. The outermost call here removes
them once Frappe has swapped back, so each call connects again.
"""

import functools

import frappe


def read_only(fn):
	"""`frappe.read_only()`, and each outermost call connects to the replica afresh."""
	replica_read = frappe.read_only()(fn)

	@functools.wraps(fn)
	def wrapper(*args, **kwargs):
		if swapped_back():  # left over by an earlier read-only call of this process
			forget_replica()
		outermost = not hasattr(frappe.local, "primary_db")
		try:
			return replica_read(*args, **kwargs)
		finally:
			if outermost and swapped_back():
				forget_replica()

	return wrapper


def swapped_back() -> bool:
	primary = getattr(frappe.local, "primary_db", None)
	return primary is not None and frappe.local.db is primary


def forget_replica():
	for name in ("primary_db", "replica_db"):
		if hasattr(frappe.local, name):
			delattr(frappe.local, name)


def on_replica() -> bool:
	"""Whether `frappe.db` is the replica connection now."""
	replica = getattr(frappe.local, "replica_db", None)
	return replica is not None and frappe.local.db is replica
