"""Reports and number cards read from the site's MariaDB replica when it has one.

The site's `replica_host` points at the test database server itself (127.0.0.1, the site's own database
and user, as Frappe connects to a replica): the replica is then a second connection, which sees what is
committed and not what the test wrote in its open transaction. That tells the two connections apart."""

import importlib
import os
from unittest.mock import patch

import frappe
from frappe.utils import add_days, getdate, nowdate

from service_advisor.overrides import number_card
from service_advisor.services.replica import read_only
from service_advisor.testing.case import ServiceAdvisorTestCase
from service_advisor.testing.factories import make_repair_order, make_user

TODAY = getdate(nowdate())
REPORT_DIR = os.path.join(
	os.path.dirname(importlib.import_module("service_advisor").__file__), "service_advisor", "report"
)
REPORTS = sorted(
	name for name in os.listdir(REPORT_DIR) if os.path.isfile(os.path.join(REPORT_DIR, name, f"{name}.py"))
)
REPLICA = {"read_from_replica": 1, "replica_host": "127.0.0.1"}


def report(name: str):
	return importlib.import_module(f"service_advisor.service_advisor.report.{name}.{name}")


def filters(**extra):
	return frappe._dict(
		from_date=str(add_days(TODAY, -31)), to_date=str(add_days(TODAY, 31)), month=nowdate()[:7], **extra
	)


class TestReplica(ServiceAdvisorTestCase):
	def setUp(self):
		super().setUp()
		self.primary = frappe.local.db
		self.saved = {key: frappe.local.conf.get(key) for key in REPLICA}

	def tearDown(self):
		self.use_replica(False)
		frappe.local.db = self.primary
		for name in ("primary_db", "replica_db"):
			if hasattr(frappe.local, name):
				delattr(frappe.local, name)
		super().tearDown()

	def use_replica(self, on: bool = True):
		for key, value in REPLICA.items():
			frappe.local.conf[key] = value if on else self.saved[key]

	def connections_of(self, fn, *args, **kwargs):
		"""fn's result and the database connections its queries ran on."""
		used = []
		# the site's database class itself (Frappe's assertQueryCount leaves `sql` set on it, which would
		# hide a patch of the base class Database)
		cls = type(frappe.local.db)
		sql = cls.sql

		def record(db, *a, **kw):
			used.append(db)
			return sql(db, *a, **kw)

		with patch.object(cls, "sql", record):
			result = fn(*args, **kwargs)
		return result, used

	def assert_back_on_primary(self):
		self.assertIs(frappe.local.db, self.primary)
		self.assertFalse(hasattr(frappe.local, "primary_db"))
		self.assertFalse(hasattr(frappe.local, "replica_db"))

	# ------------------------------------------------------------ reports
	def test_every_report_runs_on_the_replica_connection(self):
		self.assertGreaterEqual(len(REPORTS), 12)
		self.use_replica()
		for name in REPORTS:
			with self.subTest(report=name):
				_result, used = self.connections_of(report(name).execute, filters())
				self.assertTrue(used, name)
				self.assertNotIn(self.primary, used, name)  # not one query on the primary
				self.assertEqual(len(set(map(id, used))), 1, name)  # one replica connection
				self.assert_back_on_primary()

	def test_without_a_replica_reports_run_on_the_primary(self):
		for name in ("reception_sla", "advisor_kpis"):
			_result, used = self.connections_of(report(name).execute, filters())
			self.assertTrue(used)
			self.assertEqual({id(db) for db in used}, {id(self.primary)})

	def test_the_replica_sees_committed_rows_only(self):
		advisor = make_user(roles=("Service Advisor",)).name
		make_repair_order(advisor=advisor)  # uncommitted: in the test's transaction on the primary

		def arrivals():
			rows = report("reception_sla").execute(filters())[1]
			return sum(row["arrivals"] for row in rows if row["advisor"] == advisor)

		self.assertEqual(arrivals(), 1)
		self.use_replica()
		self.assertEqual(arrivals(), 0)
		self.assertEqual(arrivals(), 0)  # every call connects again (Frappe's swap leaves its state)
		self.assert_back_on_primary()
		self.use_replica(False)
		self.assertEqual(arrivals(), 1)

	def test_the_desks_report_run_uses_the_replica_once(self):
		from frappe.desk.query_report import run

		self.use_replica()
		result, used = self.connections_of(run, "Reception SLA", filters=filters())
		self.assertIn("result", result)
		self.assertTrue(used)
		self.assertNotIn(self.primary, used)
		self.assertEqual(len({id(db) for db in used}), 1)  # Frappe's run switched; the report's nests
		self.assertIs(frappe.local.db, self.primary)

	# ------------------------------------------------------------ number cards
	def test_number_cards_are_served_from_the_replica(self):
		self.assertEqual(
			frappe.override_whitelisted_method("frappe.desk.doctype.number_card.number_card.get_result"),
			"service_advisor.overrides.number_card.get_result",
		)
		self.assertEqual(
			frappe.override_whitelisted_method(
				"frappe.desk.doctype.number_card.number_card.get_percentage_difference"
			),
			"service_advisor.overrides.number_card.get_percentage_difference",
		)
		card = frappe.get_doc("Number Card", "Open Repair Orders")
		args = (card.as_dict(), frappe.parse_json(card.filters_json))
		make_repair_order(advisor=make_user(roles=("Service Advisor",)).name)  # uncommitted
		on_primary = number_card.get_result(*args)
		self.use_replica()
		on_replica, used = self.connections_of(number_card.get_result, *args)
		self.assertEqual(on_replica, on_primary - 1)
		self.assertTrue(used)
		self.assertNotIn(self.primary, used)
		self.assert_back_on_primary()

	# ------------------------------------------------------------ the decorator
	def test_nested_read_only_calls_share_one_replica_connection(self):
		seen = []

		@read_only
		def inner():
			seen.append(frappe.local.db)

		@read_only
		def outer():
			seen.append(frappe.local.db)
			inner()
			seen.append(frappe.local.db)

		self.use_replica()
		outer()
		self.assertEqual(len({id(db) for db in seen}), 1)
		self.assertIsNot(seen[0], self.primary)
		self.assert_back_on_primary()
