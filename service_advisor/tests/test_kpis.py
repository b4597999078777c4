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


class TestOrderFigures(ServiceAdvisorTestCase):
	"""The figures an order keeps for the group reports: labour sales and sold hours from its lines, the
	vehicle's previous delivery from the vehicle's other orders; the migration patch gives the same."""

	def test_labour_figures_follow_the_lines_and_approved_add_ons(self):
		order = make_repair_order(
			items=[
				{"qty": 1.5, "rate": 200, "item_type": "Labour"},
				{"qty": 1, "rate": 100, "item_type": "Labour", "billable_to": "Internal"},
				{"qty": 4, "rate": 25, "item_type": "Part"},
			]
		)
		self.assertEqual((order.labour_total, order.labour_hours), (400, 2.5))
		order = advance(order, "Check In", "Authorise", "Start Repair")
		add_on = make_add_on(order.name, items=[{"qty": 0.5, "rate": 180, "item_type": "Labour"}])
		record_customer_decision(add_on.name, "Approved", "Mr Wang", "Phone")
		order.reload()
		self.assertEqual((order.labour_total, order.labour_hours), (490, 3.0))

	def test_a_client_cannot_write_the_figures(self):
		order = make_repair_order(items=[{"qty": 1, "rate": 300, "item_type": "Labour"}])
		order.labour_total, order.labour_hours = 9999, 99
		order.previous_delivery = "2020-01-01 00:00:00"
		order.save()
		order.reload()
		self.assertEqual((order.labour_total, order.labour_hours, order.previous_delivery), (300, 1, None))

	def test_previous_delivery_is_the_vehicles_last_delivery_before_the_arrival(self):
		vehicle = make_vehicle().name
		first = deliver(advance(make_repair_order(vehicle=vehicle), "Check In", "Authorise", "Start Repair"))
		self.assertIsNone(first.previous_delivery)
		second = make_repair_order(vehicle=vehicle, odometer=12100)
		self.assertEqual(second.previous_delivery, first.delivered_on)
		# an order that arrives after the vehicle's next delivery learns of it when that order is delivered
		later = make_repair_order(vehicle=vehicle, odometer=12200, arrival_time=add_days(TODAY, 2))
		self.assertEqual(later.previous_delivery, first.delivered_on)
		modified = later.modified
		second = deliver(advance(second, "Check In", "Authorise", "Start Repair"))
		later.reload()
		self.assertEqual(later.previous_delivery, second.delivered_on)
		self.assertNotEqual(later.modified, modified)  # a form opened before cannot write the old value back

	def test_the_window_setting_decides_a_comeback_without_touching_the_orders(self):
		advisor = make_user(roles=("Service Advisor",)).name
		vehicle = make_vehicle().name
		first = make_repair_order(advisor=advisor, vehicle=vehicle)
		deliver(advance(first, "Check In", "Authorise", "Start Repair"))
		second = make_repair_order(advisor=advisor, vehicle=vehicle, odometer=12100)
		deliver(advance(second, "Check In", "Authorise", "Start Repair"))
		# the vehicle's history is moved 10 days back: within a 30-day window, not a 5-day one
		frappe.db.set_value(
			"Repair Order",
			second.name,
			"previous_delivery",
			frappe.utils.add_to_date(second.arrival_time, days=-10),
			update_modified=False,
		)
		set_settings(repeat_repair_window_days=30)
		self.assertEqual(advisor_kpis.execute(filters(advisor))[1][0].comeback_percent, 50.0)
		set_settings(repeat_repair_window_days=5)
		self.assertEqual(advisor_kpis.execute(filters(advisor))[1][0].comeback_percent, 0.0)

	def test_the_patch_fills_what_the_orders_would_have(self):
		from service_advisor.patches.v0_1 import set_order_figures

		vehicle = make_vehicle().name
		first = deliver(
			advance(
				make_repair_order(
					vehicle=vehicle,
					items=[
						{"qty": 2, "rate": 150, "item_type": "Labour"},
						{"qty": 3, "rate": 40, "item_type": "Part"},
					],
				),
				"Check In",
				"Authorise",
				"Start Repair",
			)
		)
		second = make_repair_order(vehicle=vehicle, odometer=12100, items=[{"qty": 1, "rate": 80}])
		names = (first.name, second.name)
		expected = {
			name: frappe.db.get_value(
				"Repair Order", name, ["labour_total", "labour_hours", "previous_delivery"], as_dict=True
			)
			for name in names
		}
		self.assertEqual(expected[first.name].labour_total, 300)
		self.assertEqual(expected[second.name].previous_delivery, first.delivered_on)
		for name in names:  # as an order made before the figures were kept
			frappe.db.set_value(
				"Repair Order",
				name,
				{"labour_total": 0, "labour_hours": 0, "previous_delivery": None},
				update_modified=False,
			)
		set_order_figures.execute()
		for name in names:
			self.assertEqual(
				frappe.db.get_value(
					"Repair Order", name, ["labour_total", "labour_hours", "previous_delivery"], as_dict=True
				),
				expected[name],
			)
