"""Job clocking: who may clock, on what, one open job unless split time, and times only from the server."""

from datetime import datetime
from unittest.mock import patch

import frappe
from frappe.tests.utils import FrappeTestCase

from service_advisor.api import job_time as api
from service_advisor.api.front_desk import record_warranty_decision
from service_advisor.api.validation import ArgumentError
from service_advisor.service_advisor.report.technician_productivity import technician_productivity
from service_advisor.services import job_time
from service_advisor.services.job_time import JobClockError, JobTimeEditError
from service_advisor.testing.case import ServiceAdvisorTestCase
from service_advisor.testing.factories import (
	ERPNEXT_TEST_IGNORE,
	advance,
	company,
	make_company,
	make_employee,
	make_repair_order,
	make_user,
	set_settings,
)
from service_advisor.testing.live_server import LiveServer, set_test_password

test_ignore = ERPNEXT_TEST_IGNORE
CLOCK = "service_advisor.services.job_time.now_datetime"


def at(hour: int, minute: int = 0) -> datetime:
	return datetime(2026, 3, 2, hour, minute)


def make_technician(dealership: str | None = None) -> str:
	user = make_user(roles=("Workshop Technician",)).name
	make_employee(user, company=dealership or company())
	return user


def employee_of(user: str | None) -> str | None:
	return frappe.db.get_value("Employee", {"user_id": user}, "name") if user else None


def order_in_repair(technician: str | None = None, **args):
	order = make_repair_order(technician=employee_of(technician), **args)
	return advance(order, "Check In", "Authorise", "Start Repair")


def labour(order):
	return next(row.name for row in order.items if row.item_type == "Labour")


def part(order):
	return next(row.name for row in order.items if row.item_type == "Part")


class ClockingCase(ServiceAdvisorTestCase):
	def clock(self, user, moment, fn, *args):
		"""Call a clocking method as `user` with the server's clock at `moment`."""
		frappe.set_user(user)
		try:
			with patch(CLOCK, return_value=moment):
				return fn(*args)
		finally:
			frappe.set_user("Administrator")


class TestJobClocking(ClockingCase):
	def test_clock_on_pause_resume_clock_off(self):
		tech = make_technician()
		order = order_in_repair(tech)
		job = self.clock(tech, at(8), api.clock_on, order.name, labour(order))["name"]
		self.assertEqual(self.clock(tech, at(9), api.pause, job, "Waiting for Parts")["status"], "Paused")
		self.assertEqual(self.clock(tech, at(9, 30), api.resume, job)["status"], "Open")
		result = self.clock(tech, at(10), api.clock_off, job)
		self.assertEqual((result["status"], result["clocked_minutes"]), ("Closed", 90))
		doc = frappe.get_doc("Technician Job Time", job)
		self.assertEqual((doc.company, doc.technician, doc.sold_hours), (order.company, tech, 1))
		self.assertEqual(doc.started_at, at(8))
		self.assertEqual(doc.ended_at, at(10))
		self.assertEqual(
			[(p.reason, p.paused_at, p.resumed_at) for p in doc.pauses],
			[("Waiting for Parts", at(9), at(9, 30))],
		)

	def test_only_a_technician_clocks_on(self):
		order = order_in_repair()
		for role in ("Service Advisor", "Quality Inspector"):
			user = make_user(roles=(role,)).name
			make_employee(user)
			with self.assertRaises(frappe.PermissionError, msg=role):
				self.clock(user, at(8), api.clock_on, order.name, labour(order))

	def test_only_the_technician_or_a_service_manager_clocks_a_job(self):
		tech, other = make_technician(), make_technician()
		order = order_in_repair(tech)
		job = self.clock(tech, at(8), api.clock_on, order.name, labour(order))["name"]
		with self.assertRaises(frappe.PermissionError):
			self.clock(other, at(9), api.clock_off, job)
		advisor = make_user(roles=("Service Advisor",)).name
		with self.assertRaises(frappe.PermissionError):
			self.clock(advisor, at(9), api.pause, job, "Break")
		manager = make_user(roles=("Service Manager",)).name
		self.assertEqual(self.clock(manager, at(9), api.clock_off, job)["clocked_minutes"], 60)

	def test_a_technician_clocks_only_lines_assigned_to_them(self):
		"""Issue #27 case 7: a colleague may not clock on (and take a share of) another technician's line;
		a line the foreman assigns to them is theirs too."""
		tech, colleague, third = make_technician(), make_technician(), make_technician()
		order = order_in_repair(
			tech, items=[{"qty": 2, "item_type": "Labour"}, {"qty": 1, "item_type": "Labour"}]
		)
		first, second = (row.name for row in order.items)
		with self.assertRaises(frappe.PermissionError):
			self.clock(colleague, at(8), api.clock_on, order.name, first)
		self.assertFalse(frappe.get_all("Technician Job Time", {"technician": colleague}))
		# the foreman gives the second line to the colleague as well
		frappe.db.set_value("Repair Order Item", second, "assigned_technician", employee_of(colleague))
		self.clock(colleague, at(8), api.clock_on, order.name, second)
		with self.assertRaises(frappe.PermissionError):
			self.clock(third, at(8), api.clock_on, order.name, second)
		with self.assertRaises(frappe.PermissionError):
			self.clock(colleague, at(8), api.clock_on, order.name, first)
		self.clock(tech, at(8), api.clock_on, order.name, first)
		self.assertEqual(
			{
				(j.technician, j.repair_order_item)
				for j in frappe.get_all(
					"Technician Job Time", {"repair_order": order.name}, ["technician", "repair_order_item"]
				)
			},
			{(colleague, second), (tech, first)},
		)

	def test_a_foreman_does_not_correct_their_own_time(self):
		foreman = make_user(roles=("Workshop Technician", "Service Manager")).name
		make_employee(foreman, company=company())
		order = order_in_repair(foreman)
		job = self.clock(foreman, at(8), api.clock_on, order.name, labour(order))["name"]
		self.clock(foreman, at(9), api.clock_off, job)
		with self.assertRaises(frappe.PermissionError):
			self.clock(
				foreman, at(12), api.correct, job, "2026-03-02 07:00:00", "2026-03-02 11:00:00", "More"
			)
		self.assertEqual(frappe.db.get_value("Technician Job Time", job, "clocked_minutes"), 60)

	def test_refused_unless_the_order_is_in_repair(self):
		tech = make_technician()
		order = advance(make_repair_order(technician=employee_of(tech)), "Check In", "Authorise")
		with self.assertRaises(JobClockError):
			self.clock(tech, at(8), api.clock_on, order.name, labour(order))
		order = advance(order, "Start Repair", "Request Customer Approval")
		with self.assertRaises(JobClockError):
			self.clock(tech, at(8), api.clock_on, order.name, labour(order))

	def test_refused_for_another_company(self):
		second = make_company()
		tech = make_technician(second)
		order = order_in_repair(tech, company=company())
		self.assertNotEqual(order.company, second)
		# ERPNext's Employee gives its user a User Permission on the company: the order is not even readable
		with self.assertRaises(frappe.PermissionError):
			self.clock(tech, at(8), api.clock_on, order.name, labour(order))
		# without it, the clocking rule still refuses another dealership's order
		frappe.db.delete("User Permission", {"user": tech})
		frappe.clear_cache(user=tech)
		with self.assertRaises(JobClockError):
			self.clock(tech, at(8), api.clock_on, order.name, labour(order))

	def test_refused_on_a_part_line_and_an_unknown_line(self):
		tech = make_technician()
		order = order_in_repair(tech)
		with self.assertRaises(JobClockError):
			self.clock(tech, at(8), api.clock_on, order.name, part(order))
		with self.assertRaises(JobClockError):
			self.clock(tech, at(8), api.clock_on, order.name, "no-such-row")

	def test_one_open_job_per_technician(self):
		tech = make_technician()
		first, second = order_in_repair(tech), order_in_repair(tech)
		job = self.clock(tech, at(8), api.clock_on, first.name, labour(first))["name"]
		self.clock(tech, at(8, 30), api.pause, job, "Break")  # a paused job is still open
		with self.assertRaises(JobClockError):
			self.clock(tech, at(9), api.clock_on, second.name, labour(second))
		self.clock(tech, at(9), api.clock_off, job)
		self.clock(tech, at(9), api.clock_on, second.name, labour(second))
		self.assertEqual(
			frappe.db.count("Technician Job Time", {"technician": tech, "status": ("!=", "Closed")}), 1
		)

	def test_split_time_shares_overlapping_minutes(self):
		set_settings(allow_split_time=1)
		tech = make_technician()
		first, second = order_in_repair(tech), order_in_repair(tech)
		a = self.clock(tech, at(8), api.clock_on, first.name, labour(first))["name"]
		b = self.clock(tech, at(9), api.clock_on, second.name, labour(second))["name"]
		with self.assertRaises(JobClockError):  # not twice on the same line
			self.clock(tech, at(9), api.clock_on, first.name, labour(first))
		self.assertEqual(self.clock(tech, at(10), api.clock_off, a)["clocked_minutes"], 90)
		self.assertEqual(self.clock(tech, at(11), api.clock_off, b)["clocked_minutes"], 90)

	def test_times_cannot_be_written_directly(self):
		tech = make_technician()
		order = order_in_repair(tech)
		values = {
			"doctype": "Technician Job Time",
			"technician": tech,
			"repair_order": order.name,
			"repair_order_item": labour(order),
			"company": order.company,
			"status": "Closed",
			"started_at": at(1),
			"ended_at": at(23),
			"clocked_minutes": 1320,
		}
		frappe.set_user(tech)
		with self.assertRaises(frappe.PermissionError):  # REST insert: no create right
			frappe.get_doc(values).insert()
		frappe.set_user("Administrator")
		with self.assertRaises(JobTimeEditError):  # even a System Manager's insert
			frappe.get_doc(values).insert()
		job = self.clock(tech, at(8), api.clock_on, order.name, labour(order))["name"]
		frappe.set_user(tech)
		with self.assertRaises(frappe.PermissionError):  # REST edit: no write right
			frappe.client.set_value("Technician Job Time", job, "started_at", "2026-03-02 01:00:00")
		frappe.set_user("Administrator")
		doc = frappe.get_doc("Technician Job Time", job)
		doc.started_at = at(1)
		with self.assertRaises(JobTimeEditError):
			doc.save()
		self.assertEqual(frappe.db.get_value("Technician Job Time", job, "started_at"), at(8))

	def test_a_service_manager_corrects_a_closed_job_and_the_old_times_are_kept(self):
		tech = make_technician()
		first, second = order_in_repair(tech), order_in_repair(tech)
		job = self.clock(tech, at(8), api.clock_on, first.name, labour(first))["name"]
		self.clock(tech, at(9), api.pause, job, "Waiting for Parts")
		self.clock(tech, at(9, 30), api.resume, job)
		self.clock(tech, at(10), api.clock_off, job)
		fix = (job, "2026-03-02 07:30:00", "2026-03-02 10:00:00", "Forgot to clock on")
		advisor = make_user(roles=("Service Advisor",)).name
		for user in (tech, advisor):
			with self.assertRaises(frappe.PermissionError, msg=user):
				self.clock(user, at(12), api.correct, *fix)
		manager = make_user(roles=("Service Manager",)).name
		with self.assertRaises(ArgumentError):  # every correction says why: the API refuses a blank reason
			self.clock(manager, at(12), api.correct, *fix[:3], " ")
		with self.assertRaises(JobClockError):  # and so does the service behind it
			self.clock(manager, at(12), job_time.correct, *fix[:3], " ")
		self.assertFalse(frappe.get_doc("Technician Job Time", job).corrections)
		self.assertEqual(self.clock(manager, at(12), api.correct, *fix)["clocked_minutes"], 120)
		doc = frappe.get_doc("Technician Job Time", job)
		self.assertEqual((doc.started_at, doc.ended_at, doc.clocked_minutes), (at(7, 30), at(10), 120))
		self.assertEqual(
			[
				(
					c.corrected_by,
					c.old_started_at,
					c.old_ended_at,
					c.old_minutes,
					c.new_started_at,
					c.new_ended_at,
					c.new_minutes,
					c.reason,
				)
				for c in doc.corrections
			],
			[(manager, at(8), at(10), 90, at(7, 30), at(10), 120, "Forgot to clock on")],
		)
		# no overlap with the technician's next job, no end in the future, only clocked-off jobs
		later = self.clock(tech, at(10, 30), api.clock_on, second.name, labour(second))["name"]
		with self.assertRaises(JobClockError):  # overlaps the open job
			self.clock(manager, at(12), api.correct, job, "2026-03-02 08:00:00", "2026-03-02 10:45:00", "x")
		with self.assertRaises(JobClockError):  # the open job itself
			self.clock(manager, at(12), api.correct, later, "2026-03-02 10:30:00", "2026-03-02 11:00:00", "x")
		self.clock(tech, at(11), api.clock_off, later)
		with self.assertRaises(JobClockError):
			self.clock(manager, at(12), api.correct, job, "2026-03-02 08:00:00", "2026-03-02 13:00:00", "x")
		self.assertEqual(len(frappe.get_doc("Technician Job Time", job).corrections), 1)

	def test_with_split_time_a_correction_shares_the_overlap_again(self):
		"""A 8-10 and B 9-11 at once: each gets half of 9-10 (90 and 90 minutes). The foreman corrects A to
		8-9: A is 60 and B, alone now, 120; B keeps the change as a correction naming A."""
		set_settings(allow_split_time=1)
		tech = make_technician()
		first, second = order_in_repair(tech), order_in_repair(tech)
		a = self.clock(tech, at(8), api.clock_on, first.name, labour(first))["name"]
		b = self.clock(tech, at(9), api.clock_on, second.name, labour(second))["name"]
		self.clock(tech, at(10), api.clock_off, a)
		self.clock(tech, at(11), api.clock_off, b)
		minutes = lambda name: frappe.db.get_value("Technician Job Time", name, "clocked_minutes")  # noqa: E731
		self.assertEqual((minutes(a), minutes(b)), (90, 90))
		manager = make_user(roles=("Service Manager",)).name
		self.clock(manager, at(12), api.correct, a, "2026-03-02 08:00:00", "2026-03-02 09:00:00", "Left at 9")
		self.assertEqual((minutes(a), minutes(b)), (60, 120))
		corrections = frappe.get_doc("Technician Job Time", b).corrections
		self.assertEqual(
			[
				(c.corrected_by, c.old_minutes, c.new_minutes, c.new_started_at, c.new_ended_at)
				for c in corrections
			],
			[(manager, 90, 120, at(9), at(11))],
		)
		self.assertIn(a, corrections[0].reason)

	def test_arguments_are_validated(self):
		tech = make_technician()
		order = order_in_repair(tech)
		job = self.clock(tech, at(8), api.clock_on, order.name, labour(order))["name"]
		with self.assertRaises(ArgumentError):
			self.clock(tech, at(9), api.pause, job, "Lunch at the pub")
		with self.assertRaises(frappe.DoesNotExistError):
			self.clock(tech, at(9), api.clock_off, "no-such-job")
		with self.assertRaises(JobClockError):
			self.clock(tech, at(9), api.resume, job)  # running, not paused


class TestWorkshopBoard(ClockingCase):
	def test_board_shows_jobs_waits_and_orders_at_risk(self):
		from frappe.utils import add_to_date, now_datetime

		from service_advisor.services.job_time import workshop_board

		now = now_datetime()
		tech, other = make_technician(), make_technician()
		advisor = make_user(roles=("Service Advisor",)).name
		late = order_in_repair(
			items=[{"qty": 3, "item_type": "Labour"}], promised_delivery=add_to_date(now, hours=1)
		)
		fine = order_in_repair(
			tech, items=[{"qty": 1, "item_type": "Labour"}], promised_delivery=add_to_date(now, hours=5)
		)
		waiting = advance(order_in_repair(advisor=advisor), "Request Customer Approval")
		# the foreman gives the late order's line to `other` (only assigned lines are clocked)
		frappe.db.set_value("Repair Order Item", labour(late), "assigned_technician", employee_of(other))
		# 1 of the late order's 3 sold hours is done: 2 remain, 1 hour to the promised time
		done = self.clock(other, add_to_date(now, hours=-2), api.clock_on, late.name, labour(late))["name"]
		self.clock(other, add_to_date(now, hours=-1), api.clock_off, done)
		job = self.clock(tech, now, api.clock_on, fine.name, labour(fine))["name"]
		self.clock(tech, now, api.pause, job, "Waiting for Parts")

		board = workshop_board(now)
		at_risk = {o.name: o for o in board["at_risk"]}
		self.assertIn(late.name, at_risk)
		self.assertEqual((at_risk[late.name].clocked_hours, at_risk[late.name].remaining_hours), (1, 2))
		self.assertNotIn(fine.name, at_risk)
		on_job = next(j for j in board["on_jobs"] if j.name == job)
		self.assertEqual(
			(on_job.technician, on_job.status, on_job.pause_reason), (tech, "Paused", "Waiting for Parts")
		)
		self.assertIn(fine.name, [o.name for o in board["waiting_for_parts"]])
		self.assertIn(waiting.name, [o.name for o in board["awaiting_approval"]])
		self.assertNotIn(done, [j.name for j in board["on_jobs"]])

		# time still running counts as done: 2 h sold, 1 h 30 to the promised time, clocked on 1 h ago (and
		# paused for 15 minutes of it): 1 h 15 remain, which fits; without the running job it would not.
		# Then the job waits for parts: 50 minutes later the same 1 h 15 remain and only 40 minutes are left
		running = order_in_repair(
			other, items=[{"qty": 2, "item_type": "Labour"}], promised_delivery=add_to_date(now, minutes=90)
		)
		started = self.clock(other, add_to_date(now, hours=-1), api.clock_on, running.name, labour(running))
		self.clock(other, add_to_date(now, minutes=-30), api.pause, started["name"], "Break")
		self.clock(other, add_to_date(now, minutes=-15), api.resume, started["name"])
		row = next(o for o in workshop_board(now)["at_risk"] + [None] if o is None or o.name == running.name)
		self.assertIsNone(row)
		self.clock(other, now, api.pause, started["name"], "Waiting for Parts")
		board = workshop_board(add_to_date(now, minutes=50))
		row = next(o for o in board["at_risk"] if o.name == running.name)
		self.assertEqual((row.running_hours, row.remaining_hours), (0.75, 1.25))

		# an advisor who sees only their own orders sees only those on the board
		frappe.set_user(advisor)
		mine = workshop_board(now)
		self.assertEqual([o.name for o in mine["awaiting_approval"]], [waiting.name])
		self.assertFalse(mine["at_risk"] + mine["on_jobs"])

	def test_running_time_shared_with_a_job_clocked_off_since(self):
		"""Split time: A (3 h sold, promised in 80 minutes) clocked on 2 h ago, B on another order from 90 to
		30 minutes ago. A's running time is 30 + 60 / 2 + 30 = 90 minutes: 1 h 30 remain, which no longer
		fits in 80 minutes (counting A's 2 h in full would have left 1 h and hidden the risk)."""
		from frappe.utils import add_to_date, now_datetime

		from service_advisor.services.job_time import workshop_board

		set_settings(allow_split_time=1)
		now = now_datetime()
		tech = make_technician()
		late = order_in_repair(
			tech, items=[{"qty": 3, "item_type": "Labour"}], promised_delivery=add_to_date(now, minutes=80)
		)
		other = order_in_repair(tech, promised_delivery=add_to_date(now, hours=8))
		self.clock(tech, add_to_date(now, hours=-2), api.clock_on, late.name, labour(late))
		b = self.clock(tech, add_to_date(now, minutes=-90), api.clock_on, other.name, labour(other))["name"]
		self.clock(tech, add_to_date(now, minutes=-30), api.clock_off, b)
		row = next(o for o in workshop_board(now)["at_risk"] if o.name == late.name)
		self.assertEqual((row.running_hours, row.clocked_hours, row.remaining_hours), (1.5, 1.5, 1.5))
		self.assertNotIn(other.name, [o.name for o in workshop_board(now)["at_risk"]])

	def test_number_cards_count_running_jobs_and_jobs_waiting_for_parts(self):
		from frappe.desk.doctype.number_card.number_card import get_result

		def result(name):
			card = frappe.get_doc("Number Card", name)  # as the workspace asks: with the card's own filters
			return get_result(card.as_dict(), card.filters_json)

		def counts():
			cards = ("Technicians on a Job", "Jobs Waiting for Parts")
			return [result(c) - before[c] for c in cards]

		before = {}
		for name in ("Technicians on a Job", "Jobs Waiting for Parts"):
			before[name] = result(name)
		tech, other = make_technician(), make_technician()
		first, second = order_in_repair(tech), order_in_repair(other)
		a = self.clock(tech, at(8), api.clock_on, first.name, labour(first))["name"]
		b = self.clock(other, at(8), api.clock_on, second.name, labour(second))["name"]
		self.assertEqual(counts(), [2, 0])
		self.clock(other, at(9), api.pause, b, "Waiting for Parts")
		self.assertEqual(counts(), [1, 1])
		self.clock(tech, at(9), api.pause, a, "Break")  # paused, but not for parts
		self.assertEqual(counts(), [0, 1])
		self.clock(other, at(10), api.resume, b)
		self.assertEqual(counts(), [1, 0])  # a resumed pause for parts no longer counts


class TestJobClockingOverHttp(FrappeTestCase):
	"""Through gunicorn (4 workers): the phone page, 10 simultaneous clock-ons make one job, nobody else
	clocks a technician's job."""

	REQUESTS = 10

	def test_page_and_concurrent_clock_ons(self):
		tech, other = make_technician(), make_technician()
		for user in (tech, other):
			set_test_password(user)
		order = order_in_repair(tech)
		item = labour(order)
		frappe.db.commit()  # nosemgrep: frappe-manual-commit -- the live server's workers must see the order
		with LiveServer(workers=4) as server:
			self.assertEqual(
				server.session().get(server.url + "/technician-jobs", timeout=60).status_code, 403
			)
			session = server.session(tech)
			page = session.get(server.url + "/technician-jobs", timeout=60)
			self.assertEqual(page.status_code, 200, page.text[:300])
			self.assertIn(f'data-item="{item}"', page.text)
			self.assertIn('data-action="clock_on"', page.text)
			responses = server.post_at_once(
				"service_advisor.api.job_time.clock_on",
				[{"repair_order": order.name, "item": item}] * self.REQUESTS,
				session.cookies,
			)
			log = server.tail()
			self.assertEqual([r.status_code for r in responses if r.status_code >= 500], [], log)
			self.assertEqual(sorted(r.status_code for r in responses), [200] + [417] * (self.REQUESTS - 1))
			job = next(r.json()["message"]["name"] for r in responses if r.status_code == 200)
			page = session.get(server.url + "/technician-jobs", timeout=60)
			self.assertIn(f'data-job="{job}"', page.text)
			board = session.get(server.url + "/workshop-board", timeout=60)
			self.assertEqual(board.status_code, 200, board.text[:300])
			self.assertIn(f'data-job="{job}"', board.text)
			intruder = server.session(other).post(
				server.url + "/api/method/service_advisor.api.job_time.clock_off",
				data={"job": job},
				timeout=60,
			)
			self.assertEqual(intruder.status_code, 403, intruder.text[:300])
			done = session.post(
				server.url + "/api/method/service_advisor.api.job_time.clock_off",
				data={"job": job},
				timeout=60,
			)
			self.assertEqual(done.status_code, 200, done.text[:300])
		frappe.db.rollback()
		self.assertEqual(frappe.db.count("Technician Job Time", {"technician": tech}), 1)
		self.assertEqual(frappe.db.get_value("Technician Job Time", job, "status"), "Closed")


class TestJobsFollowTheirOrder(ClockingCase):
	"""An order that leaves In Repair takes its clocks with it: paused while the customer is asked,
	clocked off when it goes to quality check (or is cancelled)."""

	def move(self, order, moment, *actions):
		with patch(CLOCK, return_value=moment):
			return advance(order, *actions)

	def test_awaiting_approval_pauses_and_quality_check_clocks_off(self):
		tech = make_technician()
		order = order_in_repair(tech)
		job = self.clock(tech, at(8), api.clock_on, order.name, labour(order))["name"]
		order = self.move(order, at(9), "Request Customer Approval")
		doc = frappe.get_doc("Technician Job Time", job)
		self.assertEqual(doc.status, "Paused")
		self.assertEqual(
			[(p.reason, p.paused_at) for p in doc.pauses], [("Waiting for Customer Approval", at(9))]
		)
		order = self.move(order, at(9, 40), "Resume Repair")
		self.assertEqual(self.clock(tech, at(9, 45), api.resume, job)["status"], "Open")
		self.move(order, at(10, 15), "Send to Quality Check")
		doc = frappe.get_doc("Technician Job Time", job)
		# 8:00-9:00 and 9:45-10:15 clocked; the pause is closed at the clock-off if still open
		self.assertEqual((doc.status, doc.ended_at, doc.clocked_minutes), ("Closed", at(10, 15), 90))
		self.assertTrue(all(p.resumed_at for p in doc.pauses))

	def test_a_paused_job_is_clocked_off_with_its_pause_closed_when_the_order_is_cancelled(self):
		tech = make_technician()
		order = order_in_repair(tech)
		job = self.clock(tech, at(8), api.clock_on, order.name, labour(order))["name"]
		self.clock(tech, at(8, 30), api.pause, job, "Waiting for Parts")
		self.move(order, at(11), "Cancel Order")
		doc = frappe.get_doc("Technician Job Time", job)
		self.assertEqual((doc.status, doc.ended_at, doc.clocked_minutes), ("Closed", at(11), 30))
		self.assertEqual([(p.reason, p.resumed_at) for p in doc.pauses], [("Waiting for Parts", at(11))])

	def test_a_job_paused_for_the_customer_resumes_only_when_the_order_is_back_in_repair(self):
		tech = make_technician()
		order = order_in_repair(tech)
		job = self.clock(tech, at(8), api.clock_on, order.name, labour(order))["name"]
		order = self.move(order, at(9), "Request Customer Approval")
		with self.assertRaises(JobClockError):  # the customer has not answered: the clock stays stopped
			self.clock(tech, at(9, 10), api.resume, job)
		manager = make_user(roles=("Service Manager",)).name
		with self.assertRaises(JobClockError):  # not even the foreman runs it on a waiting order
			self.clock(manager, at(9, 10), api.resume, job)
		self.assertEqual(frappe.db.get_value("Technician Job Time", job, "status"), "Paused")
		self.assertEqual([j.may_resume for j in job_time.my_jobs(tech)["active"]], [False])  # no button
		self.move(order, at(9, 30), "Resume Repair")
		self.assertEqual([j.may_resume for j in job_time.my_jobs(tech)["active"]], [True])
		self.assertEqual(self.clock(tech, at(9, 40), api.resume, job)["status"], "Open")
		self.assertEqual(self.clock(tech, at(10), api.clock_off, job)["clocked_minutes"], 80)

	def test_jobs_paused_for_the_customer_are_clocked_off_when_the_order_is_cancelled(self):
		"""8:00 on, 9:00 the order waits for the customer (paused), 11:00 it is cancelled instead: the job is
		closed at 11:00 with its 60 minutes, the pause closed then; the technician is free to clock on."""
		tech = make_technician()
		order, next_order = order_in_repair(tech), order_in_repair(tech)
		job = self.clock(tech, at(8), api.clock_on, order.name, labour(order))["name"]
		order = self.move(order, at(9), "Request Customer Approval")
		self.move(order, at(11), "Cancel Order")
		doc = frappe.get_doc("Technician Job Time", job)
		self.assertEqual((doc.status, doc.ended_at, doc.clocked_minutes), ("Closed", at(11), 60))
		self.assertEqual(
			[(p.reason, p.paused_at, p.resumed_at) for p in doc.pauses],
			[("Waiting for Customer Approval", at(9), at(11))],
		)
		with self.assertRaises(JobClockError):  # a closed job stays closed
			self.clock(tech, at(11, 5), api.resume, job)
		self.clock(tech, at(11, 5), api.clock_on, next_order.name, labour(next_order))


class TestTechniciansReadTheirOwnClock(ClockingCase):
	def test_a_technician_reads_only_their_own_jobs_shifts_and_figures(self):
		from service_advisor.service_advisor.report.technician_productivity import technician_productivity

		mine, theirs = make_technician(), make_technician()
		order = order_in_repair(theirs)
		job = self.clock(theirs, at(8), api.clock_on, order.name, labour(order))["name"]
		self.clock(theirs, at(9), api.pause, job, "Waiting for Parts")
		self.clock(theirs, at(10), api.resume, job)
		self.clock(theirs, at(11), api.clock_off, job)
		shift = frappe.get_doc(
			{"doctype": "Technician Shift", "technician": theirs, "clock_in": at(7), "clock_out": at(16)}
		).insert()
		frappe.set_user(mine)
		try:
			self.assertNotIn(job, frappe.get_list("Technician Job Time", pluck="name", limit_page_length=0))
			self.assertFalse(frappe.has_permission("Technician Job Time", "read", job))
			self.assertNotIn(
				shift.name, frappe.get_list("Technician Shift", pluck="name", limit_page_length=0)
			)
			self.assertFalse(frappe.has_permission("Technician Shift", "read", shift.name))
			with self.assertRaises(frappe.PermissionError):
				frappe.client.get("Technician Job Time", job)
			pauses = frappe.get_list(
				"Technician Job Pause",
				filters={"parent": job},
				parent_doctype="Technician Job Time",
				fields=["name"],
			)
			self.assertEqual(pauses, [])
			rows = technician_productivity.execute(
				{
					"from_date": "2026-03-01",
					"to_date": "2026-03-31",
					"technician": theirs,
					"company": company(),
				}
			)[1]
			self.assertFalse([r for r in rows if r.get("technician") == theirs])
		finally:
			frappe.set_user("Administrator")
		# the technician whose clock it is, and the foreman, read it
		frappe.set_user(theirs)
		try:
			self.assertIn(job, frappe.get_list("Technician Job Time", pluck="name", limit_page_length=0))
			self.assertTrue(frappe.has_permission("Technician Job Time", "read", job))
		finally:
			frappe.set_user("Administrator")
		manager = make_user(roles=("Service Manager",)).name
		frappe.set_user(manager)
		try:
			self.assertTrue(frappe.has_permission("Technician Job Time", "read", job))
		finally:
			frappe.set_user("Administrator")


class TestClockedTimePerCompany(ClockingCase):
	def test_a_manager_restricted_to_one_company_sees_only_its_jobs_shifts_and_figures(self):
		from service_advisor.service_advisor.report.technician_productivity import technician_productivity

		other = make_company()
		ours, theirs = make_technician(), make_technician(other)
		mine = order_in_repair(ours)
		job = self.clock(ours, at(8), api.clock_on, mine.name, labour(mine))["name"]
		self.clock(ours, at(9), api.clock_off, job)
		shift = frappe.get_doc(
			{"doctype": "Technician Shift", "technician": theirs, "clock_in": at(7), "clock_out": at(16)}
		).insert()
		self.assertEqual(shift.company, other)
		manager = make_user(roles=("Service Manager",)).name
		frappe.get_doc(
			{"doctype": "User Permission", "user": manager, "allow": "Company", "for_value": other}
		).insert(ignore_permissions=True)
		frappe.set_user(manager)
		try:
			self.assertNotIn(job, frappe.get_list("Technician Job Time", pluck="name", limit_page_length=0))
			self.assertFalse(frappe.has_permission("Technician Job Time", "read", job))
			self.assertIn(shift.name, frappe.get_list("Technician Shift", pluck="name", limit_page_length=0))
			rows = technician_productivity.execute({"from_date": "2026-03-01", "to_date": "2026-03-31"})[1]
			self.assertEqual({r.company for r in rows}, {other})
			with self.assertRaises(frappe.PermissionError):
				technician_productivity.execute(
					{"from_date": "2026-03-01", "to_date": "2026-03-31", "company": company()}
				)
		finally:
			frappe.set_user("Administrator")


CREDIT_FIELDS = ["sold_hours_share", "labour_sales_share", "billable_to"]


def hand_over(order, technician: str) -> None:
	"""The order is given to another technician (who then reads it and clocks on its lines)."""
	order = frappe.get_doc("Repair Order", order.name)
	order.technician = employee_of(technician)
	order.save()


def credits_of(*jobs: str) -> list[tuple]:
	return [tuple(frappe.db.get_value("Technician Job Time", job, CREDIT_FIELDS) or ()) for job in jobs]


class TestJobCredits(ClockingCase):
	"""Each job keeps its share of its line for Technician Productivity; the share follows the line's other
	jobs, its hours, price and payer, and the migration patch gives the same figures."""

	def test_closed_jobs_share_their_line_and_follow_the_warranty_decision(self):
		t1, t2 = make_technician(), make_technician()
		order = order_in_repair(
			t1,
			items=[
				{"qty": 3, "rate": 150, "item_type": "Labour", "possibly_warranty": 1},
				{"qty": 2, "rate": 40, "item_type": "Part"},
			],
		)
		line = labour(order)
		a = self.clock(t1, at(9), api.clock_on, order.name, line)["name"]
		hand_over(order, t2)
		b = self.clock(t2, at(9), api.clock_on, order.name, line)["name"]
		self.assertEqual(credits_of(a, b), [(0, 0, "Customer"), (0, 0, "Customer")])
		self.clock(t1, at(10), api.clock_off, a)
		# the only closed job of the line holds all of it until the other closes
		self.assertEqual(credits_of(a, b), [(3, 450, "Customer"), (0, 0, "Customer")])
		self.clock(t2, at(11), api.clock_off, b)
		self.assertEqual(credits_of(a, b), [(1, 150, "Customer"), (2, 300, "Customer")])

		record_warranty_decision("Repair Order", order.name, "Accepted", "Factory defect", line)
		self.assertEqual(credits_of(a, b), [(1, 150, "Warranty"), (2, 300, "Warranty")])
		_, rows, *_ = technician_productivity.execute(
			frappe._dict(from_date="2026-03-02", to_date="2026-03-02", company=order.company)
		)
		sold = {r.technician: (r.sold_hours, r.sold_warranty, r.sold_customer) for r in rows if r.technician}
		self.assertEqual(sold, {t1: (1, 1, 0), t2: (2, 2, 0)})

	def test_a_foremans_correction_shares_the_line_again(self):
		t1, t2 = make_technician(), make_technician()
		order = order_in_repair(t1, items=[{"qty": 2, "rate": 100, "item_type": "Labour"}])
		line = labour(order)
		a = self.clock(t1, at(8), api.clock_on, order.name, line)["name"]
		hand_over(order, t2)
		b = self.clock(t2, at(8), api.clock_on, order.name, line)["name"]
		self.clock(t1, at(9), api.clock_off, a)
		self.clock(t2, at(9), api.clock_off, b)
		self.assertEqual(credits_of(a, b), [(1, 100, "Customer"), (1, 100, "Customer")])
		job_time.correct(a, at(8), at(11), "Forgot to clock off")  # 180 minutes against 60
		self.assertEqual(credits_of(a, b), [(1.5, 150, "Customer"), (0.5, 50, "Customer")])

	def test_credits_cannot_be_written_by_a_client(self):
		tech = make_technician()
		order = order_in_repair(tech)
		job = self.clock(tech, at(8), api.clock_on, order.name, labour(order))["name"]
		self.clock(tech, at(9), api.clock_off, job)
		doc = frappe.get_doc("Technician Job Time", job)
		doc.sold_hours_share = 99
		with self.assertRaises(JobTimeEditError):
			doc.save()
		self.assertEqual(credits_of(job), [(1, 300, "Customer")])

	def test_the_patch_fills_what_the_jobs_would_have(self):
		from service_advisor.patches.v0_1 import set_job_credits

		t1, t2 = make_technician(), make_technician()
		order = order_in_repair(t1, items=[{"qty": 1, "rate": 90, "item_type": "Labour"}] * 2)
		first, second = (row.name for row in order.items)
		a = self.clock(t1, at(8), api.clock_on, order.name, first)["name"]
		hand_over(order, t2)
		b = self.clock(t2, at(8), api.clock_on, order.name, first)["name"]
		self.clock(t1, at(9), api.clock_off, a)
		self.clock(t2, at(8, 20), api.clock_off, b)
		c = self.clock(t2, at(10), api.clock_on, order.name, second)["name"]  # left open
		expected = credits_of(a, b, c)
		self.assertEqual(expected, [(0.75, 67.5, "Customer"), (0.25, 22.5, "Customer"), (0, 0, "Customer")])
		for job in (a, b, c):  # as jobs made before the credits were kept
			frappe.db.set_value(
				"Technician Job Time",
				job,
				{"sold_hours_share": 0, "labour_sales_share": 0, "billable_to": None},
				update_modified=False,
			)
		set_job_credits.execute()
		self.assertEqual(credits_of(a, b, c), expected)


class TestJobCreditsOverHttp(FrappeTestCase):
	"""Through gunicorn (4 workers): the two technicians of each of four lines clock off at the same moment;
	every line's credits still add up to the line, shared by clocked time (each clock-off shares the line
	under the order's lock, with what the other has just committed)."""

	PAIRS = 4

	def test_simultaneous_clock_offs_of_one_line(self):
		pairs = []
		for _pair in range(self.PAIRS):
			t1, t2 = make_technician(), make_technician()
			order = order_in_repair(t1, items=[{"qty": 3, "rate": 120, "item_type": "Labour"}])
			line = labour(order)
			# the foreman puts a second technician on the line (issue #27: only assigned lines are clocked)
			frappe.db.set_value("Repair Order Item", line, "assigned_technician", employee_of(t2))
			jobs = []
			for tech in (t1, t2):
				set_test_password(tech)
				frappe.set_user(tech)
				jobs.append((tech, job_time.clock_on(order.name, line).name))
				frappe.set_user("Administrator")
			pairs.append(jobs)
		frappe.db.commit()  # nosemgrep: frappe-manual-commit -- the live server's workers must see the jobs
		calls = [job for pair in pairs for job in pair]
		with LiveServer(workers=4) as server:
			responses = server.post_at_once(
				"service_advisor.api.job_time.clock_off",
				[{"job": job} for _tech, job in calls],
				[server.session(tech).cookies for tech, _job in calls],
			)
			log = server.tail()
		self.assertEqual([r.status_code for r in responses], [200] * len(calls), log)
		frappe.db.rollback()
		for pair in pairs:
			rows = [
				frappe.db.get_value(
					"Technician Job Time", job, ["clocked_minutes", "sold_hours_share"], as_dict=True
				)
				for _tech, job in pair
			]
			total = sum(r.clocked_minutes for r in rows)
			self.assertAlmostEqual(sum(r.sold_hours_share for r in rows), 3, places=5)
			for row in rows:
				expected = 3 * row.clocked_minutes / total if total else 1.5
				self.assertAlmostEqual(row.sold_hours_share, expected, places=5)
