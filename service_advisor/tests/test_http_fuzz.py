"""Fuzz every whitelisted method of the app through the real web server (gunicorn, 4 workers).

The methods are found by importing `service_advisor.api` (testing/api_methods.py), so a new method is
fuzzed without touching this test. Each is called as a signed-in manager and as a guest with junk in
every argument at once and in each argument alone (SQL fragments, 100,000 characters, JSON where a
name is expected, -1, a 40-digit number, HTML, path traversal, `null`; as form fields and as JSON
values), and with no arguments at all. The answer must never be a server error (HTTP 5xx), and no row
of the app's tables, Sales Invoice(s), Commendation or Advisor Scorecard may be added or changed (row
counts and max(modified) before and after)."""

import inspect
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import frappe
from frappe.tests.utils import FrappeTestCase

from service_advisor.testing.api_methods import parameters, whitelisted_methods
from service_advisor.testing.factories import make_user
from service_advisor.testing.live_server import LiveServer, set_test_password

FORM_JUNK = {
	"sql": "' OR '1'='1' -- ",
	"sql-drop": "1; DROP TABLE `tabRepair Order`; --",
	"huge": "x" * 100_000,
	"json-name": '{"name": "RO-2026-00001", "doctype": "Repair Order"}',
	"minus-one": "-1",
	"forty-digits": "9" * 40,
	"html": '<img src=x onerror="alert(1)"><script>alert(1)</script>',
	"traversal": "../../../../../etc/passwd",
	"null": "null",
}
JSON_JUNK = {
	"json-null": None,
	"json-minus-one": -1,
	"json-forty-digits": 10**40,
	"json-object": {"name": "RO-2026-00001"},
	"json-list": ["../../etc/passwd", None],
}
OTHER_TABLES = ("Sales Invoice", "Sales Invoice Item", "Commendation", "Advisor Scorecard", "File")
THREADS = 6


def watched_tables() -> list[str]:
	app = frappe.get_all("DocType", filters={"module": "Service Advisor", "issingle": 0}, pluck="name")
	return sorted(set(app) | set(OTHER_TABLES))


def snapshot(tables: list[str]) -> dict[str, tuple]:
	frappe.db.rollback()  # a fresh read view: what the server's workers committed
	return {
		dt: tuple(frappe.db.sql(f"select count(*), max(modified) from `tab{dt}`")[0])  # nosemgrep
		for dt in tables
	}


def cases(path: str, fn) -> list[tuple[str, dict, str]]:
	"""(label, arguments, encoding) for one method."""
	params = parameters(fn)
	required = [n for n, p in params.items() if p.default is inspect.Parameter.empty]
	out = []
	if required:  # a method with only optional arguments, called bare, does its job
		out.append(("no-arguments", {}, "form"))
	for label, value in FORM_JUNK.items():
		out.append((f"all={label}", dict.fromkeys(params, value), "form"))
		for arg in params:
			out.append((f"{arg}={label}", {arg: value}, "form"))
	for label, value in JSON_JUNK.items():
		if value is None and not required:
			continue  # null everywhere is the bare call again
		out.append((f"all={label}", dict.fromkeys(params, value), "json"))
	return out


RATE_LIMITED = (
	"service_advisor.api.approval.respond",
	"service_advisor.api.inspection.respond",
	"service_advisor.api.inspection.photo",
)


def clear_rate_limits():
	"""The guest methods' hourly limits per IP: the fuzz must neither inherit nor use up other tests' calls."""
	for method in RATE_LIMITED:
		frappe.cache.delete_value(f"rl:{method}:127.0.0.1")


class TestHTTPFuzz(FrappeTestCase):
	def test_junk_never_breaks_the_server_or_writes(self):
		frappe.set_user("Administrator")
		clear_rate_limits()
		manager = make_user(roles=["System Manager", "Service Manager", "Accounts User"]).name
		set_test_password(manager)
		frappe.db.commit()  # nosemgrep: frappe-manual-commit -- the live server must see the user
		methods = whitelisted_methods()
		self.assertGreaterEqual(len(methods), 14)
		work = [
			(user, path, label, args, encoding)
			for path, fn in methods.items()
			for label, args, encoding in cases(path, fn)
			for user in (manager, None)
		]
		tables = watched_tables()
		local = threading.local()
		started = time.monotonic()
		with LiveServer(workers=4) as server:

			def call(item):
				user, path, _label, args, encoding = item
				sessions = local.__dict__.setdefault("sessions", {})
				if user not in sessions:
					sessions[user] = server.session(user)
				url = f"{server.url}/api/method/{path}"
				body = {"json": args} if encoding == "json" else {"data": args}
				r = sessions[user].post(url, timeout=120, **body)
				return item, r.status_code, r.text[:400]

			before = snapshot(tables)
			with ThreadPoolExecutor(THREADS) as pool:
				results = list(pool.map(call, work))
			after = snapshot(tables)
			log_tail = server.tail()
		elapsed = time.monotonic() - started
		clear_rate_limits()

		codes = Counter(status for _item, status, _text in results)
		errors = [
			f"{status} {item[1]} [{item[2]}] as {item[0] or 'Guest'}: {text}"
			for item, status, text in results
			if status >= 500
		]
		changed = {dt: (before[dt], after[dt]) for dt in tables if before[dt] != after[dt]}
		changed_rows = sum(abs(a[0] - b[0]) or 1 for b, a in changed.values())
		print(
			f"fuzz: {len(results)} calls to {len(methods)} methods, {len(errors)} server errors, "
			f"{changed_rows} changed rows in {len(tables)} tables, codes {dict(sorted(codes.items()))}, "
			f"{elapsed:.1f} s"
		)
		self.assertEqual(errors, [], "\n".join(errors[:20]) + "\n" + log_tail)
		self.assertEqual(changed, {})
		# the manager's junk reached every method's validation (a clear 417 or 404), not only a refusal
		refused = {item[1] for item, status, _text in results if item[0] and status in (404, 417)}
		self.assertEqual(set(methods) - refused, set())
