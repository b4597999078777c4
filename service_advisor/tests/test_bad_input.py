"""Bad input never becomes a server error and never writes anything.

Every whitelisted method is called with malformed values (unknown names, wrong types, huge strings,
impossible values) and every DocType is inserted with missing fields, unknown links, huge strings and
negative amounts. The answer must be a clear Frappe error (validation, permission, missing document or
argument type), and the row counts of the app's doctypes must not move."""

import frappe
from frappe.exceptions import FrappeTypeError

from service_advisor.api import approval, assessment, followup, front_desk, settlement
from service_advisor.testing.case import ServiceAdvisorTestCase
from service_advisor.testing.factories import make_delivered_repair_order

CLEAR_ERRORS = (frappe.ValidationError, frappe.PermissionError, FrappeTypeError)
HUGE = "x" * 20_000
NOPE = "NO-SUCH-DOC-0001"


def app_counts() -> dict:
	doctypes = frappe.get_all("DocType", filters={"module": "Service Advisor", "issingle": 0}, pluck="name")
	return {dt: frappe.db.count(dt) for dt in doctypes} | {"Sales Invoice": frappe.db.count("Sales Invoice")}


class TestBadInput(ServiceAdvisorTestCase):
	def assert_clear_error_and_no_write(self, fn, *args, **kwargs):
		before = app_counts()
		try:
			fn(*args, **kwargs)
		except CLEAR_ERRORS:
			pass
		except Exception as e:  # a server error
			self.fail(f"{fn.__module__}.{fn.__name__}{args}{kwargs} raised {type(e).__name__}: {e}")
		else:
			self.fail(f"{fn.__module__}.{fn.__name__}{args}{kwargs} accepted bad input")
		finally:
			frappe.local.message_log = []
		self.assertEqual(app_counts(), before, f"{fn.__name__} wrote something")

	def test_whitelisted_methods_refuse_malformed_values(self):
		order = make_delivered_repair_order()
		callback = frappe.db.get_value("Callback", {"repair_order": order.name}, "name")
		cases = [
			(front_desk.check_in_appointment, (NOPE,)),
			(front_desk.check_in_appointment, ("",)),
			(front_desk.check_in_appointment, (HUGE,)),
			(front_desk.check_in_appointment, (12345,)),
			(front_desk.check_in_appointment, ({"name": 1},)),
			(front_desk.record_customer_decision, (NOPE, "Approved", "Mr Wang", "Phone")),
			(front_desk.record_customer_decision, (NOPE, ["Approved"], "Mr Wang", "Phone")),
			(front_desk.record_warranty_decision, ("User", "Administrator", "Accepted")),
			(front_desk.record_warranty_decision, ("Repair Order", order.name, "Accepted", None, NOPE)),
			(front_desk.record_warranty_decision, ("Repair Order", order.name, "Perhaps", None, None)),
			(front_desk.record_quality_check, (order.name, "Self/Peer Check", "Pass")),
			(front_desk.record_quality_check, (NOPE, "Self/Peer Check", "Pass")),
			(front_desk.record_quality_check, (order.name, HUGE, "Pass")),
			(front_desk.next_quality_stage, (NOPE,)),
			(front_desk.send_approval_link, (NOPE,)),
			(settlement.make_sales_invoice, (NOPE,)),
			(settlement.make_sales_invoice, (None,)),
			(followup.log_callback_attempt, (callback, "yes")),
			(followup.log_callback_attempt, (callback, 0, "", "not a date")),
			(followup.log_callback_attempt, (callback, 1, "", None, "Happy", "Happy", "Happy")),
			(followup.log_callback_attempt, (NOPE, 1)),
			(followup.book_from_callback, (callback, "garbage")),
			(followup.book_from_callback, (NOPE, "2030-01-01 09:00:00")),
			(followup.book_from_callback, (callback, "2030-01-01 09:00:00", -5)),
			(followup.generate_maintenance_list, ("2026-13",)),
			(followup.generate_maintenance_list, ("abc",)),
			(assessment.generate_scorecards, ("abc",)),
			(assessment.generate_scorecards, (202611,)),
			(assessment.import_csi, ("/files/no-such-file.xlsx",)),
			(assessment.export_scorecards, ("abc",)),
			(approval.respond, ("", "Approved")),
			(approval.respond, (HUGE, "Approved")),
			(approval.respond, ("token", None)),
		]
		for fn, args in cases:
			with self.subTest(fn=fn.__name__, args=str(args)[:60]):
				self.assert_clear_error_and_no_write(fn, *args)

	def test_every_doctype_refuses_bad_inserts(self):
		doctypes = frappe.get_all(
			"DocType", filters={"module": "Service Advisor", "issingle": 0, "istable": 0}, pluck="name"
		)
		for doctype in doctypes:
			meta = frappe.get_meta(doctype)
			variants = [{}]  # missing every mandatory field
			links = {df.fieldname: NOPE for df in meta.fields if df.fieldtype == "Link" and df.reqd}
			if links:
				variants.append(links)
			data = [df.fieldname for df in meta.fields if df.fieldtype == "Data" and not df.read_only]
			if data:
				variants.append({field: HUGE for field in data})
			money = [
				df.fieldname
				for df in meta.fields
				if df.fieldtype in ("Currency", "Float", "Int") and not df.read_only
			]
			if money:
				variants.append({field: -1 for field in money})
			for values in variants:
				with self.subTest(doctype=doctype, fields=list(values)[:3]):
					self.assert_clear_error_and_no_write(
						frappe.get_doc({"doctype": doctype, **values}).insert
					)
