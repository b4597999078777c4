"""Beyond the anchors: declined-work follow-up, show rate and advisor KPIs with exact values."""

import frappe
from frappe.utils import add_days, getdate, nowdate

from service_advisor.api.followup import book_from_callback
from service_advisor.api.front_desk import (
	check_in_appointment,
	record_customer_decision,
	record_quality_check,
)
from service_advisor.service_advisor.report.advisor_kpis import advisor_kpis
from service_advisor.service_advisor.report.appointment_show_rate import appointment_show_rate
from service_advisor.service_advisor.report.declined_work_recovery import declined_work_recovery
from service_advisor.testing.case import ServiceAdvisorTestCase
from service_advisor.testing.factories import (
	advance,
	deliver,
	make_add_on,
	make_appointment,
	make_repair_order,
	make_user,
	make_vehicle,
	set_settings,
)

TODAY = getdate(nowdate())


def filters(advisor, before=1, after=30):
	return frappe._dict(
		from_date=str(add_days(TODAY, -before)), to_date=str(add_days(TODAY, after)), advisor=advisor
	)


class TestDeclinedWork(ServiceAdvisorTestCase):
	def test_declined_add_on_followed_up_after_the_delay_and_recovered_when_booked(self):
		advisor = make_user(roles=("Service Advisor",)).name
		order = advance(make_repair_order(advisor=advisor), "Check In", "Authorise", "Start Repair")
		tyres = make_add_on(order.name, items=[{"qty": 1, "rate": 350}], reason="Rear tyres at 2 mm")
		wipers = make_add_on(order.name, items=[{"qty": 1, "rate": 150}], reason="Wipers")
		record_customer_decision(tyres.name, "Declined", "Mr Wang", "Phone")
		record_customer_decision(wipers.name, "Declined", "Mr Wang", "Phone")
		callback = frappe.get_doc("Callback", {"add_on_item": tyres.name})
		self.assertEqual(callback.callback_type, "Declined Work")
		self.assertEqual(getdate(callback.due_date), add_days(TODAY, 14))
		self.assertEqual(
			(callback.declined_value, callback.advisor, callback.due_rule),
			(350, advisor, "Declined Work Follow-up"),
		)

		book_from_callback(callback.name, f"{add_days(TODAY, 20)} 09:00:00")
		_, rows = declined_work_recovery.execute(filters(advisor))
		r = rows[0]
		self.assertEqual(
			(r.declined, r.declined_value, r.recovered, r.recovered_value, r.recovery_percent),
			(2, 500, 1, 350, 70.0),
		)

	def test_follow_up_delay_from_settings(self):
		set_settings(declined_work_followup_days=30)
		order = advance(make_repair_order(), "Check In", "Authorise", "Start Repair")
		add_on = make_add_on(order.name)
		record_customer_decision(add_on.name, "Declined", "Mr Wang", "Phone")
		self.assertEqual(
			getdate(frappe.db.get_value("Callback", {"add_on_item": add_on.name}, "due_date")),
			add_days(TODAY, 30),
		)


class TestShowRate(ServiceAdvisorTestCase):
	def test_show_rate_by_source_against_target(self):
		advisor = make_user(roles=("Service Advisor",)).name
		start = f"{add_days(TODAY, 1)} 09:00:00"
		arrived = []
		for source, status in (
			("Customer Request", "Arrived"),
			("Customer Request", "Arrived"),
			("Proactive Call", "Arrived"),
			("Proactive Call", "No-show"),
			("Proactive Call", "Cancelled"),
		):
			appt = make_appointment(advisor=advisor, source=source, scheduled_start=start)
			if status == "Arrived":
				arrived.append(check_in_appointment(appt.name))
			else:
				appt.status = status
				appt.save()
		_, rows = appointment_show_rate.execute(filters(advisor, 0, 2))
		got = {
			r.source: (r.appointments, r.arrivals, r.no_shows, r.show_rate, r.target, r.below_target)
			for r in rows
		}
		self.assertEqual(
			got,
			{"Customer Request": (2, 2, 0, 100.0, 80.0, 0), "Proactive Call": (2, 1, 1, 50.0, 80.0, 1)},
		)


class TestAdvisorKpis(ServiceAdvisorTestCase):
	def test_kpis_on_a_constructed_month(self):
		advisor = make_user(roles=("Service Advisor",)).name
		vehicle = make_vehicle().name
		first = make_repair_order(
			advisor=advisor,
			vehicle=vehicle,
			items=[
				{"qty": 1.5, "rate": 200, "item_type": "Labour"},
				{"qty": 0.5, "rate": 200, "item_type": "Labour"},
				{"qty": 2, "rate": 50, "item_type": "Part"},
			],
		)
		deliver(advance(first, "Check In", "Authorise", "Start Repair"))
		# the same vehicle comes back: a comeback, QC fails once, two add-ons (one approved, one declined)
		second = make_repair_order(
			advisor=advisor,
			vehicle=vehicle,
			odometer=12100,
			items=[{"qty": 1, "rate": 300, "item_type": "Labour"}],
		)
		second = advance(second, "Check In", "Authorise", "Start Repair")
		approved = make_add_on(second.name, items=[{"qty": 1, "rate": 40, "item_type": "Part"}])
		declined = make_add_on(second.name, items=[{"qty": 1, "rate": 90, "item_type": "Part"}])
		record_customer_decision(approved.name, "Approved", "Mr Wang", "Phone")
		record_customer_decision(declined.name, "Declined", "Mr Wang", "Phone")
		second = advance(second, "Send to Quality Check")
		record_quality_check(second.name, "Self/Peer Check", "Fail", "Brake fluid low")
		deliver(frappe.get_doc("Repair Order", second.name))

		_, rows = advisor_kpis.execute(filters(advisor))
		self.assertEqual(len(rows), 1)
		r = rows[0]
		self.assertEqual((r.orders, r.labour_sales, r.sold_hours), (2, 700, 3))
		self.assertEqual(r.effective_labour_rate, 233.33)
		self.assertEqual(r.hours_per_order, 1.5)
		self.assertEqual(r.first_time_right_percent, 50.0)
		self.assertEqual(r.comeback_percent, 50.0)
		self.assertEqual(r.add_on_approval_percent, 50.0)
