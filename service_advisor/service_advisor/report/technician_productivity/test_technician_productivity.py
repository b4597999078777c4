"""Technician Productivity on a hand-computed week (Mon 2 – Sun 8 March 2026), split time on.

T1: shift Mon 8:00-17:00 (9 h); jobs on L1 (2 h sold, Customer) 8-10 and L2 (1.5 h, Warranty) 9-11 at once
    -> 90 + 90 min = 3 h clocked, sold 3.5 h: productivity 33.33, efficiency 116.67, proficiency 38.89.
T2: shift Tue 8:00-15:30 (7.5 h); job on L3 (3 h, Internal) 8-12 paused 9-10 for parts -> 3 h clocked.
T3: shifts Wed and Thu 8-12 (8 h); job on L3 Tue 13-14 (1 h) and L4 (1 h, Customer) Wed 8-9, which the
    foreman corrects on Friday (a closed day) to 8:00-9:30 -> 2.5 h clocked. L3's 3 sold hours are shared
    180 : 60 -> T2 2.25 h, T3 0.75 h. T3 clocks L4 again the next Monday (outside the week) for 1 h: L4's
    1 sold hour is shared 90 : 60, so this week T3 sold 0.75 + 0.6 = 1.35 h.
    T2: 40 / 75 / 30. T3: 31.25 / 54 / 16.88 (16.875 rounded half to even).
The company: 24.5 h present, 8.5 h clocked, 7.1 h sold (2.6 customer, 1.5 warranty, 3 internal):
    34.69 / 83.53 / 28.98. A technician of another company stays out.
"""

from datetime import datetime
from unittest.mock import patch

import frappe

from service_advisor.api import job_time as api
from service_advisor.service_advisor.doctype.technician_job_time.test_technician_job_time import (
	employee_of,
	make_technician,
	order_in_repair,
)
from service_advisor.service_advisor.report.technician_productivity.technician_productivity import (
	execute,
	rows,
)
from service_advisor.testing.case import ServiceAdvisorTestCase
from service_advisor.testing.factories import (
	ERPNEXT_TEST_IGNORE,
	company,
	make_company,
	make_user,
	set_settings,
)

test_ignore = ERPNEXT_TEST_IGNORE
CLOCK = "service_advisor.services.job_time.now_datetime"
HOURS_AND_RATIOS = (
	"present_hours",
	"clocked_hours",
	"sold_hours",
	"sold_customer",
	"sold_warranty",
	"sold_internal",
	"productivity",
	"efficiency",
	"proficiency",
)


def at(day: int, hour: int, minute: int = 0) -> datetime:
	return datetime(2026, 3, day, hour, minute)


class TestTechnicianProductivity(ServiceAdvisorTestCase):
	def act(self, user, moment, fn, *args):
		frappe.set_user(user)
		try:
			with patch(CLOCK, return_value=moment):
				return fn(*args)
		finally:
			frappe.set_user("Administrator")

	def work(self, user, order, row, start, end, pause=None):
		job = self.act(user, start, api.clock_on, order.name, row)["name"]
		if pause:
			self.act(user, pause[0], api.pause, job, "Waiting for Parts")
			self.act(user, pause[1], api.resume, job)
		if end:
			self.act(user, end, api.clock_off, job)
		return job

	def shift(self, user, start, end):
		return frappe.get_doc(
			{"doctype": "Technician Shift", "technician": user, "clock_in": start, "clock_out": end}
		).insert()

	def test_hand_computed_week(self):
		set_settings(allow_split_time=1)
		t1, t2, t3 = make_technician(), make_technician(), make_technician()
		# each order's technician clocks its lines; the foreman puts t3 on the second order's line too
		first = order_in_repair(
			t1,
			items=[
				{"qty": 2, "rate": 120, "item_type": "Labour", "billable_to": "Customer"},
				{"qty": 1.5, "rate": 80, "item_type": "Labour", "billable_to": "Warranty"},
			],
		)
		second = order_in_repair(
			t2, items=[{"qty": 3, "rate": 100, "item_type": "Labour", "billable_to": "Internal"}]
		)
		third = order_in_repair(
			t3, items=[{"qty": 1, "rate": 100, "item_type": "Labour", "billable_to": "Customer"}]
		)
		l1, l2 = (row.name for row in first.items)
		l3, l4 = second.items[0].name, third.items[0].name
		frappe.db.set_value("Repair Order Item", l3, "assigned_technician", employee_of(t3))

		self.shift(t1, at(2, 8), at(2, 17))
		a = self.act(t1, at(2, 8), api.clock_on, first.name, l1)["name"]
		b = self.act(t1, at(2, 9), api.clock_on, first.name, l2)["name"]
		self.act(t1, at(2, 10), api.clock_off, a)
		self.act(t1, at(2, 11), api.clock_off, b)

		self.shift(t2, at(3, 8), at(3, 15, 30))
		self.work(t2, second, l3, at(3, 8), at(3, 12), pause=(at(3, 9), at(3, 10)))

		self.shift(t3, at(4, 8), at(4, 12))
		self.shift(t3, at(5, 8), at(5, 12))
		self.work(t3, second, l3, at(3, 13), at(3, 14))
		wednesday = self.work(t3, third, l4, at(4, 8), at(4, 9))
		foreman = make_user(roles=("Service Manager",)).name
		self.act(
			foreman,
			at(6, 12),
			api.correct,
			wednesday,
			"2026-03-04 08:00:00",
			"2026-03-04 09:30:00",
			"Left at 9:30",
		)
		self.work(t3, third, l4, at(9, 8), at(9, 9))  # next week: counted in the line's share only

		outsider = make_technician(make_company())
		self.shift(outsider, at(2, 8), at(2, 16))

		columns, data, _message, chart = execute(
			{"company": company(), "from_date": "2026-03-02", "to_date": "2026-03-08"}
		)
		got = {
			row.technician: (
				row.present_hours,
				row.clocked_hours,
				row.sold_hours,
				row.sold_customer,
				row.sold_warranty,
				row.sold_internal,
				row.productivity,
				row.efficiency,
				row.proficiency,
			)
			for row in data
			if row.technician
		}
		self.assertEqual(
			got,
			{
				t1: (9, 3, 3.5, 2, 1.5, 0, 33.33, 116.67, 38.89),
				t2: (7.5, 3, 2.25, 0, 0, 2.25, 40, 75, 30),
				t3: (8, 2.5, 1.35, 0.6, 0, 0.75, 31.25, 54, 16.88),
			},
		)
		self.assertEqual({row.company for row in data}, {company()})
		# the company: 24.5 h present, 8.5 h clocked, 7.1 h sold
		total = next(row for row in data if not row.technician)
		fields = HOURS_AND_RATIOS
		self.assertEqual(
			[total[f] for f in fields],
			[24.5, 8.5, 7.1, 2.6, 1.5, 3, 34.69, 83.53, 28.98],
		)
		self.assertEqual(len(chart["data"]["datasets"]), 3)
		self.assertEqual([m["value"] for m in chart["data"]["yMarkers"]], [85, 125, 100])
		self.assertTrue(all(col["label"] for col in columns))
		filters = frappe._dict(company=company(), from_date="2026-03-02", to_date="2026-03-08")
		rows(filters)  # warm the caches (settings, user permissions)
		with self.assertQueryCount(1):
			self.assertEqual(len(rows(filters)), 4)

		# unapplied time and the effective labour rate: T1 sold 2 h at 120 and 1.5 h at 80 (360 for 3.5 h);
		# T2 and T3 share L3's 300 as 180 : 60 (225, 75), T3 90 : 60 of L4's 100 -> 225 / 2.25 h, 135 / 1.35 h
		extra = {
			row.technician or "total": (row.unapplied_hours, row.labour_sales, row.effective_labour_rate)
			for row in data
		}
		self.assertEqual(
			extra,
			{t1: (6, 360, 102.86), t2: (4.5, 225, 100), t3: (5.5, 135, 100), "total": (16, 720, 101.41)},
		)

		# by team (the Employee's Department): T1 and T2 in one, T3 in another
		engine, body = (self.department(name) for name in ("SA Engine", "SA Body"))
		for tech, team in ((t1, engine), (t2, engine), (t3, body)):
			frappe.db.set_value("Employee", {"user_id": tech}, "department", team)
		teams = {r.team: r for r in execute(dict(filters, group_by="Team"))[1]}
		self.assertEqual(set(teams), {engine, body})
		self.assertEqual(
			[teams[engine][f] for f in ("present_hours", "clocked_hours", "sold_hours", "unapplied_hours")],
			[16.5, 6, 5.75, 10.5],
		)
		self.assertEqual(
			[teams[engine][f] for f in ("productivity", "efficiency", "proficiency")], [36.36, 95.83, 34.85]
		)
		self.assertEqual(teams[body].sold_hours, 1.35)
		team_chart = execute(dict(filters, group_by="Team"))[3]
		by_label = dict(
			zip(team_chart["data"]["labels"], team_chart["data"]["datasets"][0]["values"], strict=True)
		)
		self.assertEqual(by_label, {engine: 36.36, body: 31.25})  # productivity of each team
		by_company = execute(dict(filters, group_by="Company"))[1]
		self.assertEqual(
			[(r.company, r.present_hours, r.sold_hours) for r in by_company], [(company(), 24.5, 7.1)]
		)
		company_chart = execute(dict(filters, group_by="Company"))[3]["data"]
		self.assertEqual(company_chart["labels"], [company()])
		self.assertEqual([d["values"] for d in company_chart["datasets"]], [[34.69], [83.53], [28.98]])

		# by day: T3 clocked Tue without a shift, Wed with one, and had a shift Thu without a job
		days = {
			r.period: (r.present_hours, r.clocked_hours)
			for r in execute(dict(filters, period="Day", technician=t3))[1]
			if r.technician
		}
		self.assertEqual(days, {"2026-03-03": (0, 1), "2026-03-04": (4, 1.5), "2026-03-05": (4, 0)})
		weeks = {r.period for r in execute(dict(filters, period="Week"))[1]}
		self.assertEqual(weeks, {"2026-W10"})
		with self.assertRaises(frappe.ValidationError):
			execute(dict(filters, period="Fortnight"))

	def department(self, name: str) -> str:
		existing = frappe.db.get_value("Department", {"department_name": name, "company": company()})
		if existing:
			return existing
		return (
			frappe.get_doc(
				{
					"doctype": "Department",
					"department_name": name,
					"company": company(),
					"parent_department": "All Departments",
				}
			)
			.insert(ignore_permissions=True)
			.name
		)

	def test_shift_rules(self):
		tech = make_technician()
		doc = self.shift(tech, at(2, 8), at(2, 16, 30))
		self.assertEqual((doc.hours, str(doc.shift_date), doc.company), (8.5, "2026-03-02", company()))
		with self.assertRaises(frappe.ValidationError):
			self.shift(tech, at(2, 8), at(2, 7))
		advisor = make_user(roles=("Service Advisor",))  # not a technician (no welcome e-mail, no commit)
		with self.assertRaises(frappe.ValidationError):
			self.shift(advisor.name, at(2, 8), at(2, 9))
