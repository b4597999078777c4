"""Vehicle Inspection: colours from measurements, who may inspect, immutability, and from finding to
sale (add-on per yellow/red point, the customer's decision per line through the inspection's link)."""

from unittest.mock import patch
from urllib.parse import parse_qs, urlparse

import frappe
from frappe.utils import add_to_date, now_datetime

from service_advisor.domain.inspection import QUOTE_FIGURES as QUOTE_FIGURE_NAMES
from service_advisor.services import inspection as service
from service_advisor.testing.case import ServiceAdvisorTestCase
from service_advisor.testing.factories import (
	advance,
	make_employee,
	make_item,
	make_outgoing_email_account,
	make_repair_order,
	make_user,
	set_settings,
)

PAD, TREAD, WIPERS, LIGHTS = "Front brake pads", "Tread depth front left", "Front wiper blades", "Headlights"


def make_template(name: str | None = None, **args):
	"""Four points with hand-picked prices: pad (labour 0.8 h at 200 + pad set at 350), tread (labour
	0.5 h at 120 + 2 tyres at 600), wipers (blades at 90), headlights (labour 0.2 h at 150)."""
	name = name or f"SA Test Inspection {frappe.generate_hash(length=6)}"
	items = {
		key: make_item(rate=rate).name
		for key, rate in (
			("pad_l", 200),
			("pad_p", 350),
			("tread_l", 120),
			("tread_p", 600),
			("wiper", 90),
			("light", 150),
		)
	}
	doc = frappe.get_doc(
		{
			"doctype": "Inspection Template",
			"template_name": name,
			"company": args.get("company"),
			"vehicle_make": args.get("vehicle_make"),
			"points": [
				{
					"area": "Brakes",
					"point": PAD,
					"measured": 1,
					"unit": "mm",
					"worse_when": "Lower",
					"yellow_at": 5,
					"red_at": 3,
					"labour_item": items["pad_l"],
					"standard_hours": 0.8,
					"part_item": items["pad_p"],
					"part_qty": 1,
				},
				{
					"area": "Tyres",
					"point": TREAD,
					"measured": 1,
					"unit": "mm",
					"worse_when": "Lower",
					"yellow_at": 3,
					"red_at": 1.6,
					"labour_item": items["tread_l"],
					"standard_hours": 0.5,
					"part_item": items["tread_p"],
					"part_qty": 2,
				},
				{"area": "Wipers", "point": WIPERS, "part_item": items["wiper"], "part_qty": 1},
				{"area": "Lights", "point": LIGHTS, "labour_item": items["light"], "standard_hours": 0.2},
			],
		}
	).insert()
	if not args.get("company"):
		doc.db_set("company", None)  # Frappe fills a Company link from the user's default company
	return doc


class InspectionCase(ServiceAdvisorTestCase):
	def setUp(self):
		super().setUp()
		self.tech = make_user(roles=["Workshop Technician"]).name
		self.employee = make_employee(user=self.tech).name
		self.template = make_template().name
		self.order = advance(
			make_repair_order(technician=self.employee), "Check In", "Authorise", "Start Repair"
		)

	def new_inspection(self, ratings: dict | None = None, user: str | None = None, submit=False):
		"""ratings: {point: (rating, measurement)}; unnamed points are left unrated."""
		frappe.set_user(user or self.tech)
		doc = frappe.get_doc(
			{
				"doctype": "Vehicle Inspection",
				"repair_order": self.order.name,
				"template": self.template,
				"odometer": 23000,
				"points": [
					{"area": a, "point": p, "rating": r, "measurement": m}
					for (a, p), (r, m) in (((area_of(p), p), v) for p, v in (ratings or {}).items())
				],
			}
		).insert()
		if submit:
			doc.submit()
		frappe.set_user("Administrator")
		return doc

	def row(self, doc, point):
		return next(r for r in doc.points if r.point == point)

	def photographed_inspection(self) -> str:
		"""FULL completed, with a photo on the pad."""
		done = self.new_inspection(FULL, submit=True)
		frappe.db.set_value(
			"Vehicle Inspection Point", self.row(done, PAD).name, "photo", "/private/files/pad.png"
		)
		return done.name

	def quote(self, inspection: str) -> None:
		"""An advisor quotes the findings (FULL: pad 510, tread 1260, wipers 90)."""
		frappe.set_user(make_user(roles=["Service Advisor", "Service Manager"]).name)
		service.make_add_ons(inspection)
		frappe.set_user("Administrator")

	def decide(self, inspection: str, decisions) -> None:
		"""decisions: (point, decision, hours after the inspection) — the server's clock when recorded."""
		from service_advisor.services import add_ons

		doc = frappe.get_doc("Vehicle Inspection", inspection)
		inspected_on = frappe.utils.get_datetime(doc.inspected_on)
		for point, decision, hours in decisions:
			add_on = frappe.get_doc("Add-on Item", self.row(doc, point).add_on_item)
			with patch(
				"service_advisor.services.add_ons.now_datetime",
				return_value=add_to_date(inspected_on, hours=hours),
			):
				add_ons.record_customer_decision(add_on, decision, "Mr Wang", "Phone")


def area_of(point: str) -> str:
	return {PAD: "Brakes", TREAD: "Tyres", WIPERS: "Wipers", LIGHTS: "Lights"}[point]


FULL = {PAD: ("", "2.5"), TREAD: ("", "2.0"), WIPERS: ("Yellow", ""), LIGHTS: ("Green", "")}


class TestRatings(InspectionCase):
	def test_points_come_from_the_template_and_measurements_decide_the_colour(self):
		doc = self.new_inspection({PAD: ("", "2.5"), TREAD: ("", "3.5"), LIGHTS: ("Red", "")})
		self.assertEqual([r.point for r in doc.points], [PAD, TREAD, WIPERS, LIGHTS])
		self.assertEqual(self.row(doc, PAD).rating, "Red")
		self.assertEqual(self.row(doc, TREAD).rating, "Green")
		self.assertEqual(self.row(doc, LIGHTS).rating, "Red")
		self.assertEqual(self.row(doc, PAD).measured_value, 2.5)
		self.assertEqual((doc.green_count, doc.yellow_count, doc.red_count), (1, 0, 2))
		self.assertEqual(
			(doc.company, doc.customer, doc.vehicle),
			(self.order.company, self.order.customer, self.order.vehicle),
		)
		self.assertEqual(doc.technician, self.employee)

	def test_a_colour_that_contradicts_the_measurement_is_refused_and_nothing_is_saved(self):
		before = frappe.db.count("Vehicle Inspection")
		for typed, value in (("Green", "2.5"), ("Red", "6"), ("Yellow", "2.9")):
			with self.subTest(typed=typed, value=value), self.assertRaises(service.InspectionRatingError):
				self.new_inspection({PAD: (typed, value)})
		with self.assertRaises(service.InspectionRatingError):
			self.new_inspection({PAD: ("", "two mm")})
		with self.assertRaises(service.InspectionRatingError):
			self.new_inspection({PAD: ("", "-1")})
		frappe.set_user("Administrator")
		self.assertEqual(frappe.db.count("Vehicle Inspection"), before)

	def test_a_draft_cannot_move_the_thresholds(self):
		doc = self.new_inspection({PAD: ("", "4")})
		self.assertEqual(self.row(doc, PAD).rating, "Yellow")
		frappe.set_user(self.tech)
		doc = frappe.get_doc("Vehicle Inspection", doc.name)
		row = self.row(doc, PAD)
		row.yellow_at, row.red_at, row.rating = 2, 1, "Green"
		with self.assertRaises(service.InspectionRatingError):
			doc.save()
		frappe.set_user("Administrator")

	def test_completion_needs_every_point_and_freezes_the_ratings(self):
		doc = self.new_inspection({PAD: ("", "2.5")})
		frappe.set_user(self.tech)
		with self.assertRaises(service.InspectionError):
			frappe.get_doc("Vehicle Inspection", doc.name).submit()
		done = self.new_inspection(FULL, submit=True)
		self.assertEqual(done.docstatus, 1)
		self.assertEqual(done.inspected_by, self.tech)
		self.assertTrue(done.inspected_on)
		frappe.set_user(self.tech)
		doc = frappe.get_doc("Vehicle Inspection", done.name)
		self.row(doc, LIGHTS).rating = "Red"
		with self.assertRaises(frappe.UpdateAfterSubmitError):
			doc.save()
		frappe.set_user("Administrator")
		self.assertEqual(
			frappe.db.get_value("Vehicle Inspection Point", self.row(done, LIGHTS).name, "rating"), "Green"
		)


class TestWhoInspects(InspectionCase):
	def test_only_the_assigned_technician_or_a_supervisor(self):
		other = make_user(roles=["Workshop Technician"]).name
		make_employee(user=other)
		with self.assertRaises(frappe.PermissionError):
			self.new_inspection({PAD: ("", "4")}, user=other)
		advisor = make_user(roles=["Service Advisor"]).name
		with self.assertRaises(frappe.PermissionError):
			self.new_inspection({PAD: ("", "4")}, user=advisor)
		director = make_user(roles=["Technical Director"]).name
		self.assertTrue(self.new_inspection({PAD: ("", "4")}, user=director).name)
		set_settings(inspection_by_any_technician=1)
		self.assertTrue(self.new_inspection({PAD: ("", "4")}, user=other).name)

	def test_an_order_not_in_the_workshop_is_not_inspected(self):
		self.order = make_repair_order(technician=self.employee)  # Draft
		with self.assertRaises(service.InspectionError):
			self.new_inspection({PAD: ("", "4")})


class TestFindingToSale(InspectionCase):
	def quote(self):
		done = self.new_inspection(FULL, submit=True)
		self.advisor = make_user(roles=["Service Advisor", "Service Manager"]).name
		frappe.set_user(self.advisor)
		made = service.make_add_ons(done.name)
		frappe.set_user("Administrator")
		return frappe.get_doc("Vehicle Inspection", done.name), made

	def test_each_yellow_and_red_point_becomes_one_priced_add_on(self):
		doc, made = self.quote()
		self.assertEqual(len(made), 3)  # pad red, tread yellow, wipers yellow; lights green
		totals = {
			frappe.db.get_value("Add-on Item", self.row(doc, p).add_on_item, "estimated_total"): p
			for p in (PAD, TREAD, WIPERS)
		}
		self.assertEqual(totals, {0.8 * 200 + 350: PAD, 0.5 * 120 + 2 * 600: TREAD, 90: WIPERS})
		self.assertFalse(self.row(doc, LIGHTS).add_on_item)
		self.assertTrue(doc.quoted_on)
		frappe.set_user(self.advisor)
		self.assertEqual(service.make_add_ons(doc.name), [])  # nothing quoted twice
		frappe.set_user(self.tech)
		with self.assertRaises(frappe.PermissionError):
			service.make_add_ons(doc.name)

	def test_a_draft_is_not_quoted(self):
		draft = self.new_inspection(FULL)
		with self.assertRaises(service.InspectionError):
			service.make_add_ons(draft.name)

	def link(self, doc) -> str:
		make_outgoing_email_account()
		frappe.db.set_value("Customer", doc.customer, "email_id", "inspection-customer@example.com")
		frappe.local.sa_last_inspection_url = None
		frappe.set_user(self.advisor)
		answer = service.send_link(doc.name)
		frappe.set_user("Administrator")
		self.assertNotIn("token", str(answer))
		self.assertEqual(answer["sent_to"], ["i***@example.com"])
		queued = frappe.get_all(
			"Email Queue",
			filters={"reference_doctype": "Vehicle Inspection", "reference_name": doc.name},
			pluck="name",
		)
		self.assertEqual(len(queued), 1)
		return parse_qs(urlparse(frappe.local.sa_last_inspection_url).query)["token"][0]

	def test_the_customer_decides_each_line_approved_join_the_order_declined_become_recommendations(self):
		doc, _made = self.quote()
		token = self.link(doc)
		frappe.set_user("Guest")
		pad, tread, wipers = (self.row(doc, p).add_on_item for p in (PAD, TREAD, WIPERS))
		service.respond(token, pad, "Approved", "127.0.0.1")
		service.respond(token, tread, "Declined", "127.0.0.1")
		service.respond(token, wipers, "Approved", "127.0.0.1")
		with self.assertRaises(service.InspectionLinkError):
			service.respond(token, pad, "Declined", "127.0.0.1")  # decided once
		frappe.set_user("Administrator")
		order = frappe.get_doc("Repair Order", doc.repair_order)
		added = sum(r.amount for r in order.items if r.add_on_item in (pad, wipers))
		self.assertEqual(added, 510 + 90)
		self.assertFalse([r for r in order.items if r.add_on_item == tread])
		recs = frappe.get_all(
			"Vehicle Recommendation",
			filters={"parent": doc.vehicle, "add_on_item": tread},
			fields=["estimated_amount"],
		)
		self.assertEqual([r.estimated_amount for r in recs], [1260])

	def test_a_possibly_warranty_quote_waits_for_the_warranty_clerk(self):
		"""Issue #27 case 11: the inspection link refuses what the add-on link refuses."""
		from service_advisor.exceptions import AddOnDecisionError
		from service_advisor.services import add_ons

		doc, _made = self.quote()
		pad = self.row(doc, PAD).add_on_item
		frappe.db.set_value("Add-on Item", pad, "possibly_warranty", 1)
		token = self.link(doc)
		frappe.set_user("Guest")
		with self.assertRaises(AddOnDecisionError):
			service.respond(token, pad, "Approved", "127.0.0.1")
		frappe.set_user("Administrator")
		self.assertEqual(frappe.db.get_value("Add-on Item", pad, "decision"), "Pending")
		clerk = make_user(roles=["Warranty Clerk"]).name
		frappe.set_user(clerk)
		add_ons.record_add_on_warranty(frappe.get_doc("Add-on Item", pad), "Accepted", None)
		frappe.set_user("Guest")
		service.respond(token, pad, "Approved", "127.0.0.1")
		frappe.set_user("Administrator")
		self.assertEqual(frappe.db.get_value("Add-on Item", pad, "decision"), "Approved")

	def test_the_link_opens_only_its_own_inspection_and_only_while_valid(self):
		doc, _made = self.quote()
		token = self.link(doc)
		other = make_repair_order(technician=self.employee)
		self.order = advance(other, "Check In", "Authorise", "Start Repair")
		second, _ = self.quote()
		foreign = self.row(second, PAD).add_on_item
		frappe.set_user("Guest")
		with self.assertRaises(service.InspectionLinkError):
			service.respond(token, foreign, "Approved", None)
		for bad in ("", "A" * 43, service.token_hash(token), "x" * 500):
			with self.assertRaises(service.InspectionLinkError):
				service.find(bad)
		frappe.set_user("Administrator")
		frappe.db.set_value(
			"Vehicle Inspection",
			doc.name,
			"approval_link_expires_on",
			add_to_date(now_datetime(), minutes=-1),
		)
		frappe.set_user("Guest")
		with self.assertRaises(service.InspectionLinkError):
			service.respond(token, self.row(doc, PAD).add_on_item, "Approved", None)
		frappe.set_user("Administrator")
		self.assertEqual(frappe.db.get_value("Add-on Item", foreign, "decision"), "Pending")


class TestTemplates(ServiceAdvisorTestCase):
	def test_thresholds_in_the_wrong_order_are_refused(self):
		with self.assertRaises(service.InspectionError):
			frappe.get_doc(
				{
					"doctype": "Inspection Template",
					"template_name": "SA bad thresholds",
					"points": [
						{
							"area": "Brakes",
							"point": "Pads",
							"measured": 1,
							"unit": "mm",
							"worse_when": "Lower",
							"yellow_at": 3,
							"red_at": 5,
						}
					],
				}
			).insert()

	def test_the_most_specific_template_applies(self):
		company = frappe.db.get_single_value("Service Advisor Settings", "company")
		generic = make_template().name
		by_make = make_template(vehicle_make="Zeekr").name
		by_company = make_template(company=company).name
		both = make_template(company=company, vehicle_make="Zeekr").name
		self.assertEqual(service.template_for(company, "zeekr"), both)
		self.assertEqual(service.template_for(company, "Audi"), by_company)
		self.assertEqual(service.template_for("Other Co", "Zeekr"), by_make)
		self.assertIn(service.template_for("Other Co", "Audi"), (generic, "Standard Multi-Point Inspection"))

	def test_the_default_template_ships_with_forty_points_in_two_languages(self):
		doc = frappe.get_doc("Inspection Template", "Standard Multi-Point Inspection")
		self.assertEqual(len(doc.points), 40)
		self.assertTrue(all(r.point_zh for r in doc.points))
		pads = next(r for r in doc.points if r.point == "Front brake pads")
		self.assertEqual((pads.unit, pads.yellow_at, pads.red_at), ("mm", 5, 3))


class TestInspectionSalesReport(InspectionCase):
	"""Two orders of one advisor and technician: one inspected (pad red with a photo, tread and wipers
	yellow without), one not. The customer approves the pad and declines the tread; the wipers wait."""

	def test_figures_by_hand_and_by_sql(self):
		from frappe.utils import add_days, nowdate

		from service_advisor.service_advisor.report.inspection_sales import inspection_sales

		advisor = frappe.db.get_value("Repair Order", self.order.name, "advisor")
		advance(make_repair_order(technician=self.employee, advisor=advisor), "Check In")
		done = self.photographed_inspection()
		self.quote(done)
		self.decide(done, ((PAD, "Approved", 2), (TREAD, "Declined", 4)))
		filters = {
			"from_date": add_days(nowdate(), -1),
			"to_date": add_days(nowdate(), 1),
			"technician": self.employee,
		}
		columns, rows = inspection_sales.execute(filters)[:2]
		self.assertEqual(columns[0]["fieldname"], "company")
		row = next(r for r in rows if r.advisor == advisor)
		expected = {
			"orders": 2,
			"inspected": 1,
			"coverage_percent": 50.0,
			"yellow": 2,
			"red": 1,
			"quoted": 3,
			"quoted_value": 510 + 1260 + 90,
			"approved": 1,
			"approved_value": 510,
			"approval_percent": 33.33,
			"approval_with_photo_percent": 100.0,  # the pad: decided and approved
			"approval_without_photo_percent": 0.0,  # the tread declined; the wipers undecided
			"hours_to_decision": 3.0,  # (2 + 4) / 2
		}
		self.assertEqual({k: row[k] for k in expected}, expected)
		# the same figures, counted by hand-written SQL
		sql = frappe.db.sql(
			"""
			select
				(select count(*) from `tabRepair Order` where technician = %(t)s and advisor = %(a)s) orders,
				(select count(distinct repair_order) from `tabVehicle Inspection`
					where docstatus = 1 and technician = %(t)s) inspected,
				(select count(*) from `tabAdd-on Item` where vehicle_inspection is not null
					and repair_order in (select name from `tabRepair Order` where technician = %(t)s)) quoted,
				(select sum(estimated_total) from `tabAdd-on Item` where decision = 'Approved'
					and vehicle_inspection is not null
					and repair_order in (select name from `tabRepair Order` where technician = %(t)s)) approved_value
			""",
			{"t": self.employee, "a": advisor},
			as_dict=True,
		)[0]
		self.assertEqual(
			(sql.orders, sql.inspected, sql.quoted, sql.approved_value),
			(row.orders, row.inspected, row.quoted, row.approved_value),
		)


class TestInspectionPrint(InspectionCase):
	def test_the_customer_report_prints_in_chinese_with_the_trend_across_visits(self):
		first = self.new_inspection({**FULL, PAD: ("", "7")}, submit=True)
		frappe.db.set_value(
			"Vehicle Inspection", first.name, "inspected_on", add_to_date(now_datetime(), days=-180)
		)
		second = self.new_inspection(FULL, submit=True)
		self.assertEqual(service.trends(frappe.get_doc("Vehicle Inspection", second.name))[PAD], ["7", "2.5"])
		frappe.local.lang = "zh"
		try:
			html = frappe.get_print("Vehicle Inspection", second.name, "Vehicle Inspection Report")
		finally:
			frappe.local.lang = "en"
		body = html[html.index('<div class="print-heading">') :]
		for text in ("车辆检查报告", "需要处理", "红色", PAD, "趋势: 7 → 2.5 mm"):
			self.assertIn(text, body)


class TestInspectionCompanies(InspectionCase):
	def test_a_user_restricted_to_another_company_sees_no_inspection_of_this_one(self):
		from service_advisor.service_advisor.report.inspection_sales import inspection_sales
		from service_advisor.testing.factories import make_company

		done = self.new_inspection(FULL, submit=True)
		other = make_company()
		self.assertNotEqual(done.company, other)
		manager = make_user(roles=["Service Manager"]).name
		frappe.get_doc(
			{"doctype": "User Permission", "user": manager, "allow": "Company", "for_value": other}
		).insert(ignore_permissions=True)
		frappe.set_user(manager)
		self.assertNotIn(done.name, frappe.get_list("Vehicle Inspection", pluck="name", limit_page_length=0))
		self.assertFalse(frappe.has_permission("Vehicle Inspection", "read", done.name))
		rows = inspection_sales.execute({"from_date": "2000-01-01", "to_date": "2100-12-31"})[1]
		self.assertEqual({r["company"] for r in rows} - {other}, set())
		with self.assertRaises(frappe.PermissionError):
			inspection_sales.execute(
				{"from_date": "2000-01-01", "to_date": "2100-12-31", "company": done.company}
			)
		with self.assertRaises(frappe.PermissionError):
			service.make_add_ons(done.name)


QUOTE_FIGURES = list(QUOTE_FIGURE_NAMES)  # the inspection's fields that keep its quotes' figures


class TestQuotedFindingsFigures(InspectionCase):
	"""Each inspection keeps its quotes' figures for Inspection Sales: every save of a quote adds what it
	changed; the migration patch, counting the quotes from scratch, gives the same."""

	def figures(self, name: str) -> dict:
		return frappe.db.get_value("Vehicle Inspection", name, QUOTE_FIGURES, as_dict=True)

	def test_the_figures_follow_the_quotes_and_the_patch_gives_the_same(self):
		from service_advisor.patches.v0_1 import set_inspection_quotes

		name = self.photographed_inspection()
		self.assertEqual(set(self.figures(name).values()), {0})
		self.quote(name)
		quoted = self.figures(name)
		self.assertEqual((quoted.quoted_lines, quoted.quoted_value, quoted.decided_lines), (3, 1860, 0))
		self.decide(name, ((PAD, "Approved", 2), (TREAD, "Declined", 4)))
		decided = self.figures(name)
		self.assertEqual(
			decided,
			{
				"quoted_lines": 3,
				"quoted_value": 1860,
				"approved_lines": 1,
				"approved_value": 510,  # the pad
				"decided_lines": 2,
				"decided_with_photo": 1,  # the pad, photographed
				"approved_with_photo": 1,
				"decided_without_photo": 1,  # the tread, declined
				"approved_without_photo": 0,
				"decision_seconds": 6 * 3600,  # 2 h + 4 h
			},
		)
		# as an inspection quoted before the figures were kept
		frappe.db.set_value("Vehicle Inspection", name, dict.fromkeys(QUOTE_FIGURES, 0))
		set_inspection_quotes.execute()
		self.assertEqual(self.figures(name), decided)

	def test_a_save_of_the_inspection_keeps_the_stored_figures(self):
		draft = self.new_inspection({PAD: ("", "4.0")})
		frappe.set_user(self.tech)
		doc = frappe.get_doc("Vehicle Inspection", draft.name)
		doc.quoted_lines, doc.approved_value = 7, 999
		doc.save()
		frappe.set_user("Administrator")
		self.assertEqual(
			(self.figures(draft.name).quoted_lines, self.figures(draft.name).approved_value), (0, 0)
		)


class TestDayOne(InspectionCase):
	"""Issue #30: on a fresh site the shipped template quotes with one labour rate, no item made by hand."""

	def test_the_shipped_template_quotes_at_the_labour_rate(self):
		from service_advisor.services.settings import company_setting
		from service_advisor.setup.labour import LABOUR_ITEM, ensure_labour_item

		self.assertEqual(ensure_labour_item(), LABOUR_ITEM)
		shipped = frappe.get_doc("Inspection Template", "Standard Multi-Point Inspection")
		self.assertTrue(all(p.labour_item == LABOUR_ITEM and p.standard_hours > 0 for p in shipped.points))
		price_list = company_setting("default_price_list", self.order.company)
		frappe.db.delete("Item Price", {"item_code": LABOUR_ITEM, "price_list": price_list})
		findings = {
			"Front brake pads": ("", "2.5"),
			"Front wiper blades": ("Yellow", ""),
			"Headlights": ("Red", ""),
		}
		frappe.set_user(self.tech)
		doc = frappe.get_doc(
			{
				"doctype": "Vehicle Inspection",
				"repair_order": self.order.name,
				"template": shipped.name,
				"odometer": 23000,
				"points": [
					{
						"area": p.area,
						"point": p.point,
						"rating": findings.get(p.point, ("Green", ""))[0],
						"measurement": findings.get(p.point, ("", ""))[1],
					}
					for p in shipped.points
				],
			}
		).insert()
		doc.submit()
		advisor = make_user(roles=["Service Advisor", "Service Manager"]).name
		frappe.set_user(advisor)
		with self.assertRaises(service.InspectionError) as refused:
			service.make_add_ons(doc.name)
		self.assertIn(LABOUR_ITEM, str(refused.exception))
		self.assertIn(price_list, str(refused.exception))
		self.assertFalse(frappe.get_all("Add-on Item", {"vehicle_inspection": doc.name}))
		# the dealership sets one labour rate: 180 an hour
		frappe.set_user("Administrator")
		frappe.get_doc(
			{
				"doctype": "Item Price",
				"item_code": LABOUR_ITEM,
				"price_list": price_list,
				"price_list_rate": 180,
			}
		).insert()
		frappe.set_user(advisor)
		made = service.make_add_ons(doc.name)
		frappe.set_user("Administrator")
		hours = {p.point: p.standard_hours for p in shipped.points}
		point_of = {r.name: r.point for r in frappe.get_doc("Vehicle Inspection", doc.name).points}
		totals = {
			point_of[a.inspection_point]: a.estimated_total
			for a in frappe.get_all(
				"Add-on Item", {"name": ("in", made)}, ["inspection_point", "estimated_total"]
			)
		}
		self.assertEqual(totals, {point: round(hours[point] * 180, 2) for point in findings})
		self.assertEqual(totals["Front brake pads"], 144.0)  # 0.8 h x 180
