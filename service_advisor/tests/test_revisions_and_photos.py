"""Consent bound to the quote (add-on revisions) and photos on the walk-around."""

import io
import json

import frappe
from PIL import Image

from service_advisor.api.front_desk import record_customer_decision
from service_advisor.api.settlement import make_sales_invoice
from service_advisor.exceptions import DamagePhotoError, InvalidTransitionError, LockedDocumentError
from service_advisor.testing.case import ServiceAdvisorTestCase
from service_advisor.testing.factories import advance, deliver, make_add_on, make_repair_order, set_settings


def order_in_repair():
	return advance(
		make_repair_order(items=[{"qty": 1, "rate": 300}]), "Check In", "Authorise", "Start Repair"
	)


def add_on_lines(order_name: str, add_on: str) -> list[tuple]:
	order = frappe.get_doc("Repair Order", order_name)
	return [(r.qty, r.rate, r.amount, r.add_on_revision) for r in order.items if r.add_on_item == add_on]


class TestAddOnRevisions(ServiceAdvisorTestCase):
	def test_approval_records_exactly_what_was_approved(self):
		order = order_in_repair()
		add_on = make_add_on(order.name, items=[{"qty": 2, "rate": 40}], extra_time_minutes=15)
		record_customer_decision(add_on.name, "Approved", "Mr Wang", "Signed")
		add_on.reload()
		self.assertEqual(len(add_on.approved_revisions), 1)
		rev = add_on.approved_revisions[0]
		self.assertEqual(
			(rev.revision, rev.total, rev.extra_time_minutes, rev.approved_by_customer),
			(1, 80, 15, "Mr Wang"),
		)
		self.assertEqual([(i["qty"], i["rate"]) for i in json.loads(rev.items_json)], [(2, 40)])

	def test_changed_approved_quote_needs_new_approval_and_invoice_bills_the_approved_revision(self):
		order = order_in_repair()
		promised = frappe.utils.get_datetime(order.promised_delivery)
		add_on = make_add_on(order.name, items=[{"qty": 2, "rate": 40}], extra_time_minutes=15)
		record_customer_decision(add_on.name, "Approved", "Mr Wang", "Signed")
		self.assertEqual(add_on_lines(order.name, add_on.name), [(2, 40, 80, 1)])

		add_on.reload()
		add_on.items[0].qty = 3
		add_on.extra_time_minutes = 25
		add_on.save()
		self.assertEqual((add_on.revision, add_on.decision), (2, "Pending"))
		self.assertEqual(add_on_lines(order.name, add_on.name), [(2, 40, 80, 1)])  # revision 1 still stands
		with self.assertRaises(InvalidTransitionError):
			advance(
				frappe.get_doc("Repair Order", order.name), "Send to Quality Check"
			)  # needs the new approval

		record_customer_decision(add_on.name, "Approved", "Mr Wang", "Phone")
		self.assertEqual(add_on_lines(order.name, add_on.name), [(3, 40, 120, 2)])
		order.reload()
		self.assertEqual(
			frappe.utils.get_datetime(order.promised_delivery), frappe.utils.add_to_date(promised, minutes=25)
		)
		self.assertEqual(
			[r.revision for r in frappe.get_doc("Add-on Item", add_on.name).approved_revisions], [1, 2]
		)

		deliver(order)
		invoice = frappe.get_doc("Sales Invoice", make_sales_invoice(order.name)[0])
		self.assertEqual(sorted((r.qty, r.rate) for r in invoice.items), [(1, 300), (3, 40)])
		self.assertEqual(invoice.net_total, 420)

	def test_declined_revision_leaves_the_approved_one_billed(self):
		order = order_in_repair()
		add_on = make_add_on(order.name, items=[{"qty": 2, "rate": 40}])
		record_customer_decision(add_on.name, "Approved", "Mr Wang", "Signed")
		add_on.reload()
		add_on.items[0].rate = 55
		add_on.save()
		record_customer_decision(add_on.name, "Declined", "Mr Wang", "Phone")
		self.assertEqual(add_on_lines(order.name, add_on.name), [(2, 40, 80, 1)])

	def test_declined_add_on_stays_locked(self):
		order = order_in_repair()
		add_on = make_add_on(order.name)
		record_customer_decision(add_on.name, "Declined", "Mr Wang", "Phone")
		add_on.reload()
		add_on.items[0].qty = 9
		with self.assertRaises(LockedDocumentError):
			add_on.save()


def png_bytes(width: int, height: int) -> bytes:
	buffer = io.BytesIO()
	Image.new("RGB", (width, height), (200, 30, 30)).save(buffer, format="PNG")
	return buffer.getvalue()


class TestPhotos(ServiceAdvisorTestCase):
	def test_damage_needs_a_photo_when_settings_ask(self):
		order = make_repair_order()
		order.append(
			"walk_around_findings", {"area": "Front bumper", "finding": "Scratch 10 cm", "is_damage": 1}
		)
		with self.assertRaises(DamagePhotoError):
			order.save()
		order.reload()
		self.assertEqual(order.walk_around_findings, [])  # nothing was saved
		order.append(
			"walk_around_findings",
			{
				"area": "Front bumper",
				"finding": "Scratch 10 cm",
				"is_damage": 1,
				"photo": "/files/scratch.jpg",
			},
		)
		order.save()
		self.assertEqual(order.walk_around_findings[0].photo, "/files/scratch.jpg")

	def test_damage_without_photo_allowed_when_settings_do_not_ask(self):
		set_settings(require_damage_photo=0)
		order = make_repair_order()
		order.append("walk_around_findings", {"area": "Door", "finding": "Dent", "is_damage": 1})
		order.save()

	def test_large_photo_resized_on_upload(self):
		order = make_repair_order()
		file = frappe.get_doc(
			{
				"doctype": "File",
				"file_name": f"walkaround-{order.name}.png",
				"attached_to_doctype": "Repair Order",
				"attached_to_name": order.name,
				"content": png_bytes(3200, 2400),
				"is_private": 1,
			}
		).insert()
		with Image.open(file.get_full_path()) as image:
			self.assertEqual(image.size, (1600, 1200))
		small = frappe.get_doc(
			{
				"doctype": "File",
				"file_name": f"small-{order.name}.png",
				"attached_to_doctype": "Repair Order",
				"attached_to_name": order.name,
				"content": png_bytes(800, 600),
				"is_private": 1,
			}
		).insert()
		with Image.open(small.get_full_path()) as image:
			self.assertEqual(image.size, (800, 600))
