"""The reports' covering indexes exist after install / migrate, and the ones they replace are gone."""

import frappe

from service_advisor.setup import indexes
from service_advisor.testing.case import ServiceAdvisorTestCase


class TestIndexes(ServiceAdvisorTestCase):
	def test_every_covering_index_exists_with_its_columns(self):
		for doctype, wanted in indexes.INDEXES.items():
			for name, columns in wanted.items():
				with self.subTest(doctype=doctype, index=name):
					rows = frappe.db.sql(
						f"show index from `tab{doctype}` where Key_name = %s",  # nosemgrep
						name,
						as_dict=True,
					)
					self.assertEqual(
						[r.Column_name for r in sorted(rows, key=lambda r: r.Seq_in_index)], columns
					)

	def test_replaced_indexes_are_dropped(self):
		for doctype, names in indexes.SUPERSEDED.items():
			for name in names:
				self.assertFalse(frappe.db.has_index(f"tab{doctype}", name), (doctype, name))

	def test_the_inspection_report_reads_only_its_indexes(self):
		plan = frappe.db.sql(
			"""explain select vi.repair_order, sum(vi.yellow_count), sum(vi.quoted_value), sum(vi.decision_seconds)
			from `tabVehicle Inspection` vi force index (order_figures_index)
			where vi.repair_order = 'x' group by vi.repair_order""",
			as_dict=True,
		)
		self.assertIn("Using index", plan[0].Extra)
