"""Fill each inspection's quoted-findings figures (Inspection Sales) on inspections quoted before the
figures were kept (every save of a quote adds to them since, `services/inspection.count_quote`): lines
quoted and their value, lines decided and approved (with and without photos), approved value and the
whole seconds from the inspection to each decision — as domain `quote_figures` counts one quote.
Set-based (one UPDATE to zero, one from the quotes grouped per inspection) and idempotent; the scale
generator calls it too."""

import frappe
from frappe.query_builder import Case, CustomFunction
from frappe.query_builder.functions import Count, Sum
from pypika.terms import LiteralValue

from service_advisor.domain import inspection as rules

TIMESTAMPDIFF = CustomFunction("TIMESTAMPDIFF", ["unit", "start", "end"])


def execute():
	vi, ao = frappe.qb.DocType("Vehicle Inspection"), frappe.qb.DocType("Add-on Item")
	zero = frappe.qb.update(vi)
	for name in rules.QUOTE_FIGURES:
		zero = zero.set(vi[name], 0)
	zero.run()

	decided = ao.decision.isnotnull() & (ao.decision != rules.PENDING)
	approved = ao.decision == rules.APPROVED
	photo = ao.inspection_photo == 1

	def count(condition):
		return Sum(Case().when(condition, 1).else_(0))

	seconds = TIMESTAMPDIFF(LiteralValue("SECOND"), ao.inspected_on, ao.decided_on)
	# the derived table's columns are named q_*: an UPDATE's SET names its target columns unqualified
	quotes = (
		frappe.qb.from_(ao)
		.select(
			ao.vehicle_inspection.as_("q_inspection"),
			Count(ao.name).as_("q_quoted_lines"),
			Sum(ao.estimated_total).as_("q_quoted_value"),
			count(approved).as_("q_approved_lines"),
			Sum(Case().when(approved, ao.estimated_total).else_(0)).as_("q_approved_value"),
			count(decided).as_("q_decided_lines"),
			count(decided & photo).as_("q_decided_with_photo"),
			count(approved & photo).as_("q_approved_with_photo"),
			count(decided & ~photo).as_("q_decided_without_photo"),
			count(approved & ~photo).as_("q_approved_without_photo"),
			Sum(Case().when(decided & seconds.isnotnull(), seconds).else_(0)).as_("q_decision_seconds"),
		)
		.where(ao.vehicle_inspection.isnotnull() & (ao.vehicle_inspection != ""))
		.groupby(ao.vehicle_inspection)
	).as_("q")
	fill = frappe.qb.update(vi).join(quotes).on(quotes.q_inspection == vi.name)
	for name in rules.QUOTE_FIGURES:
		fill = fill.set(vi[name], quotes[f"q_{name}"])
	fill.run()
