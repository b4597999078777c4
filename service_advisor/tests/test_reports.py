"""Script Reports: exact numbers on constructed data, row scoping, and query counts that do not grow."""

from contextlib import contextmanager
from unittest.mock import patch

import frappe
from frappe.utils import add_days, add_months, add_to_date, getdate, now_datetime, nowdate

from service_advisor.api.followup import book_from_callback, generate_maintenance_list, log_callback_attempt
from service_advisor.api.front_desk import record_customer_decision
from service_advisor.service_advisor.report.add_on_conversion import add_on_conversion
from service_advisor.service_advisor.report.callback_compliance import callback_compliance
from service_advisor.service_advisor.report.commission_statement import commission_statement
from service_advisor.service_advisor.report.front_desk_6s_coverage import front_desk_6s_coverage
from service_advisor.service_advisor.report.maintenance_due import maintenance_due
from service_advisor.service_advisor.report.monthly_advisor_assessment import monthly_advisor_assessment
from service_advisor.service_advisor.report.open_issues_aging import open_issues_aging
from service_advisor.service_advisor.report.reception_sla import reception_sla
from service_advisor.service_advisor.report.repair_order_throughput import repair_order_throughput
from service_advisor.testing.case import ServiceAdvisorTestCase
from service_advisor.testing.factories import (
	UPHELD_ADVISOR_COMPLAINT,
	advance,
	make_add_on,
	make_customer,
	make_delivered_repair_order,
	make_inspection,
	make_repair_order,
	make_user,
	make_vehicle,
)

TODAY = getdate(nowdate())
MONTH = f"{TODAY.year:04d}-{TODAY.month:02d}"


def range_filters(advisor=None, days_before=31, days_after=31, **extra):
	return frappe._dict(
		from_date=str(add_days(TODAY, -days_before)),
		to_date=str(add_days(TODAY, days_after)),
		advisor=advisor,
		**extra,
	)


@contextmanager
def counting_queries(counter: list):
	# patch.object puts the class back as it was: the database class inherits `sql`, and assigning the
	# original back would leave a copy on the subclass that hides later patches of `Database.sql`
	cls = frappe.db.__class__
	original = cls.sql

	def sql(self, *args, **kwargs):
		counter.append(args[0] if args else "")
		return original(self, *args, **kwargs)

	with patch.object(cls, "sql", sql):
		yield


def query_count(execute, filters) -> int:
	counter = []
	with counting_queries(counter):
		execute(filters)
	return len(counter)


class TestReportNumbers(ServiceAdvisorTestCase):
	def setUp(self):
		super().setUp()
		self.advisor = make_user(roles=("Service Advisor",)).name

	def test_reception_sla(self):
		arrival = now_datetime()
		for minutes in (1, 2, 3.5):
			make_repair_order(
				advisor=self.advisor,
				arrival_time=arrival,
				greeting_time=add_to_date(arrival, seconds=int(minutes * 60)),
			)
		_, rows = reception_sla.execute(range_filters(self.advisor))
		self.assertEqual(len(rows), 1)
		row = rows[0]
		self.assertEqual(
			(
				row.arrivals,
				row.greeted,
				row.within_sla,
				row.breaches,
				row.within_sla_percent,
				row.average_delay,
			),
			(3, 3, 2, 1, 66.67, 2.17),
		)
		_, breaches = reception_sla.execute(range_filters(self.advisor, show_breaches=1))
		self.assertEqual([b.greeting_delay_minutes for b in breaches], [3.5])

	def test_callback_compliance(self):
		two = [{"qty": 1, "rate": 100}, {"qty": 1, "rate": 100}]
		five = [{"qty": 1, "rate": 100}] * 5
		first = make_delivered_repair_order(items=two, advisor=self.advisor)
		make_delivered_repair_order(items=two, advisor=self.advisor)
		many = make_delivered_repair_order(items=five, advisor=self.advisor)
		cb = lambda order: frappe.db.get_value(  # noqa: E731
			"Callback", {"repair_order": order.name, "callback_type": "After Service"}, "name"
		)
		log_callback_attempt(
			cb(first), 1, "", attitude="Satisfied", explanation="Satisfied", timeliness="Satisfied"
		)
		log_callback_attempt(
			cb(many), 1, "", attitude="Dissatisfied", explanation="Neutral", timeliness="Satisfied"
		)
		_, rows = callback_compliance.execute(range_filters(self.advisor, days_before=0, days_after=5))
		got = {
			r.due_rule: (r.callbacks, r.on_time, r.on_time_percent, r.reached, r.satisfied, r.dissatisfied)
			for r in rows
		}
		# customer service's survey is due within 3 days for every order; the many-items order's next-day
		# call is the advisor's care call (issue 29), not made yet
		self.assertEqual(
			got, {"Within Days": (3, 2, 66.67, 2, 1, 1), "Next Day (Many Items)": (1, 0, 0.0, 0, 0, 0)}
		)
		self.assertEqual({r.due_rule: r.callback_type for r in rows}["Next Day (Many Items)"], "Care Call")

	def test_add_on_conversion(self):
		order = advance(make_repair_order(advisor=self.advisor), "Check In", "Authorise", "Start Repair")
		approved = make_add_on(order.name, items=[{"qty": 1, "rate": 200}])
		declined = make_add_on(order.name, items=[{"qty": 1, "rate": 350}])
		make_add_on(order.name, items=[{"qty": 1, "rate": 80}])
		record_customer_decision(approved.name, "Approved", "Mr Wang", "Phone")
		record_customer_decision(declined.name, "Declined", "Mr Wang", "Phone")
		_, rows = add_on_conversion.execute(range_filters(self.advisor))
		r = rows[0]
		self.assertEqual(
			(
				r.proposed,
				r.proposed_value,
				r.approved,
				r.approved_value,
				r.declined,
				r.declined_value,
				r.approval_percent,
			),
			(3, 630, 1, 200, 1, 350, 33.33),
		)

	def test_front_desk_6s_coverage(self):
		manager = make_user(roles=("Service Manager",)).name
		make_inspection(advisor=self.advisor, inspector=manager, ratings={1: "Severe"})
		make_inspection(advisor=self.advisor, inspector=manager)
		_, rows = front_desk_6s_coverage.execute(range_filters(self.advisor, days_before=0, days_after=0))
		self.assertEqual(
			[(r.inspections, r.minimum, r.below_minimum, r.average_score) for r in rows], [(2, 4, 1, 97.5)]
		)

	def test_open_issues_aging(self):
		customer = make_customer().name
		for days in (2, -3, -10, -40, -41):
			frappe.get_doc(
				{
					"doctype": "Customer Open Issue",
					"customer": customer,
					"description": "Part on order",
					"promised_date": add_days(TODAY, days),
					"responsible_person": self.advisor,
				}
			).insert()
		resolved = frappe.get_last_doc("Customer Open Issue", filters={"responsible_person": self.advisor})
		resolved.status, resolved.resolution = "Resolved", "Done"
		resolved.save()
		_, rows = open_issues_aging.execute(range_filters(self.advisor, days_before=0, days_after=0))
		r = rows[0]
		self.assertEqual(
			(r.open_issues, r.not_due, r.overdue_1_7, r.overdue_8_30, r.overdue_31_plus), (4, 1, 1, 1, 1)
		)

	def test_maintenance_due_conversion(self):
		month_start = getdate(add_months(TODAY, 2)).replace(day=1)
		month = f"{month_start.year:04d}-{month_start.month:02d}"
		booked, waiting = (make_delivered_repair_order(advisor=self.advisor) for _ in range(2))
		for order in (booked, waiting):
			frappe.db.set_value(
				"Customer Vehicle",
				order.vehicle,
				{"next_service_date": add_days(month_start, 5), "next_service_km": 0},
			)
		generate_maintenance_list(month)
		invitation = frappe.db.get_value(
			"Callback", {"vehicle": booked.vehicle, "callback_type": "Maintenance Invitation"}
		)
		book_from_callback(invitation, f"{add_days(month_start, 6)} 09:00:00")
		filters = frappe._dict(from_date=str(month_start), to_date=str(month_start), advisor=self.advisor)
		_, rows = maintenance_due.execute(filters)
		self.assertEqual(
			[(r.maintenance_month, r.invited, r.booked, r.conversion_percent) for r in rows],
			[(month, 2, 1, 50.0)],
		)

	def test_repair_order_throughput_counts_each_state(self):
		make_delivered_repair_order(advisor=self.advisor)
		_, rows = repair_order_throughput.execute(range_filters(self.advisor))
		got = {r.state: (r.orders, r.completed) for r in rows}
		self.assertEqual(
			got,
			{
				"Draft": (1, 1),
				"Checked In": (1, 1),
				"Authorised": (1, 1),
				"In Repair": (1, 1),
				"Quality Check": (1, 1),
				"Ready for Delivery": (1, 1),
				"Delivered": (1, 0),
			},
		)

	def test_assessment_and_commission_statement(self):
		frappe.get_doc(
			{
				"doctype": "Service Complaint",
				"level": "Manufacturer",
				"customer": make_customer().name,
				"advisor": self.advisor,
				"description": "x",
				**UPHELD_ADVISOR_COMPLAINT,
			}
		).insert()
		filters = frappe._dict(month=MONTH, advisor=self.advisor)
		_columns, rows, _msg, chart = monthly_advisor_assessment.execute(filters)
		self.assertEqual(
			[(r["advisor"], r["complaint_count"], r["penalties"], r["payable"]) for r in rows],
			[(self.advisor, 1, 200, -200)],
		)
		self.assertEqual(chart["data"]["datasets"][0]["values"], [-200])
		_, statement = commission_statement.execute(filters)
		self.assertEqual(
			(statement[0]["score_percent"], statement[0]["commission_at_score"], statement[0]["payable"]),
			(None, 0, -200),  # no spot check: not assessed, never a silent 100 %
		)

	def test_bad_date_range_refused(self):
		with self.assertRaises(frappe.ValidationError):
			reception_sla.execute(frappe._dict(from_date="2026-02-01", to_date="2026-01-01"))


class TestReportScopeAndQueries(ServiceAdvisorTestCase):
	def test_advisor_sees_only_own_rows(self):
		me = make_user(roles=("Service Advisor",)).name
		other = make_user(roles=("Service Advisor",)).name
		make_repair_order(advisor=me)
		make_repair_order(advisor=other)
		frappe.set_user(me)
		_, rows = reception_sla.execute(range_filters(None))
		self.assertEqual([r.advisor for r in rows], [me])
		_, rows = reception_sla.execute(range_filters(other))  # asking for another advisor changes nothing
		self.assertEqual([r.advisor for r in rows], [me])

	def test_query_count_does_not_grow_with_advisors_or_rows(self):
		reports = (
			reception_sla,
			callback_compliance,
			add_on_conversion,
			front_desk_6s_coverage,
			open_issues_aging,
			maintenance_due,
			repair_order_throughput,
		)
		make_delivered_repair_order(advisor=make_user(roles=("Service Advisor",)).name)
		before = {r.__name__: query_count(r.execute, range_filters()) for r in reports}
		month_before = query_count(monthly_advisor_assessment.execute, frappe._dict(month=MONTH))
		for _ in range(3):
			advisor = make_user(roles=("Service Advisor",)).name
			make_delivered_repair_order(advisor=advisor)
			make_repair_order(advisor=advisor)
		after = {r.__name__: query_count(r.execute, range_filters()) for r in reports}
		self.assertEqual(after, before)
		self.assertEqual(
			query_count(monthly_advisor_assessment.execute, frappe._dict(month=MONTH)), month_before
		)
		self.assertLessEqual(max(after.values()), 3)
		self.assertLessEqual(month_before, 12)
