"""The validation layer of the whitelisted methods' arguments (service_advisor/api/validation.py).

Every whitelisted method declares its arguments; a missing or malformed one is a translated
`frappe.ValidationError` naming the argument (a name of no document: `frappe.DoesNotExistError`), never a
`TypeError`/`OverflowError`, and nothing is written. The real-HTTP side is test_http_fuzz."""

import inspect

import frappe

from service_advisor.api import assessment, followup, front_desk
from service_advisor.api.validation import SPECS_ATTR, ArgumentError, Date, Flag, Int, Text, validate_args
from service_advisor.exceptions import AddOnDecisionError, CallbackError
from service_advisor.testing.api_methods import parameters, whitelisted_methods
from service_advisor.testing.case import ServiceAdvisorTestCase
from service_advisor.testing.factories import make_delivered_repair_order

FORTY_DIGITS = "9" * 40


def inner(fn):
	"""The function under Frappe's type-check wrapper (and the rate limiter, if any)."""
	while not hasattr(fn, SPECS_ATTR) and hasattr(fn, "__wrapped__"):
		fn = fn.__wrapped__
	return fn


class TestArgumentValidation(ServiceAdvisorTestCase):
	def assert_refused(self, exc, fn, *args, arg: str | None = None, **kwargs):
		scorecards = frappe.db.count("Advisor Scorecard")
		with self.assertRaises(exc) as caught:
			fn(*args, **kwargs)
		frappe.local.message_log = []
		if arg:
			self.assertIn(f"<strong>{arg}</strong>", str(caught.exception))
		self.assertEqual(frappe.db.count("Advisor Scorecard"), scorecards)
		return caught.exception

	def test_every_whitelisted_method_declares_its_arguments(self):
		methods = whitelisted_methods()
		self.assertGreaterEqual(len(methods), 14)
		for path, fn in methods.items():
			with self.subTest(path):
				specs = getattr(inner(fn), SPECS_ATTR, None)
				self.assertIsNotNone(specs, f"{path} has no @validate_args")
				self.assertEqual(set(specs), set(parameters(fn)))

	def test_missing_required_argument_is_a_validation_error_naming_it(self):
		for path, fn in whitelisted_methods().items():
			required = [n for n, p in parameters(fn).items() if p.default is inspect.Parameter.empty]
			if not required or path.endswith(("approval.respond", "inspection.respond", "inspection.photo")):
				continue  # a token method answers every bad token with the link's one message (test_approval_link,
				# test_inspection_http)
			with self.subTest(path):
				error = self.assert_refused(ArgumentError, fn, arg=required[0])
				self.assertIn("is required", str(error))

	def test_malformed_months_create_nothing(self):
		for month in (
			"-1",
			"abc",
			"2026-13",
			"2026-00",
			"1899-01",
			"2100-01",
			FORTY_DIGITS,
			"2026-1",
			202611,
		):
			for fn in (
				assessment.generate_scorecards,
				assessment.export_scorecards,
				followup.generate_maintenance_list,
			):
				with self.subTest(fn=fn.__name__, month=month):
					self.assert_refused(ArgumentError, fn, month, arg="month")

	def test_generate_scorecards_minus_one_creates_nothing(self):
		before = frappe.db.count("Advisor Scorecard")
		with self.assertRaises(frappe.ValidationError):
			assessment.generate_scorecards(month="-1")
		self.assertEqual(frappe.db.count("Advisor Scorecard"), before)

	def test_unknown_names_are_not_found(self):
		for fn, args, arg in (
			(front_desk.check_in_appointment, ("NO-SUCH-APT",), "appointment"),
			(front_desk.next_quality_stage, ('{"name": "RO-1"}',), "repair_order"),
			(front_desk.send_approval_link, ("../../etc/passwd",), "add_on"),
			(front_desk.record_warranty_decision, ("Repair Order", "NO-SUCH-RO", "Accepted"), "name"),
			(assessment.import_csi, ("/files/no-such-file.xlsx",), "file_url"),
		):
			with self.subTest(fn=fn.__name__):
				self.assert_refused(frappe.DoesNotExistError, fn, *args, arg=arg)

	def test_numbers_choices_lengths_and_dates_are_checked(self):
		order = make_delivered_repair_order()
		callback = frappe.db.get_value("Callback", {"repair_order": order.name}, "name")
		cases = [
			(
				followup.book_from_callback,
				(callback, "2030-01-01 09:00:00", FORTY_DIGITS),
				"duration_minutes",
			),
			(followup.book_from_callback, (callback, "2030-01-01 09:00:00", -1), "duration_minutes"),
			(followup.book_from_callback, (callback, "2030-01-01 09:00:00", 10**40), "duration_minutes"),
			(followup.book_from_callback, (callback, "tomorrow"), "scheduled_start"),
			(followup.book_from_callback, (callback, "99999-01-01 09:00:00"), "scheduled_start"),
			(followup.log_callback_attempt, (callback, "2"), "reached"),
			(followup.log_callback_attempt, (callback, 0, None, "2026-02-30"), "next_attempt_on"),
			(followup.log_callback_attempt, (callback, 1, None, None, "Ecstatic"), "attitude"),
			(followup.log_callback_attempt, (callback, 0, "x" * 2001), "notes"),
			(front_desk.record_quality_check, (order.name, "Vibes Check", "Pass"), "stage"),
			(front_desk.record_quality_check, (order.name, "Self/Peer Check", "Meh"), "result"),
			(
				front_desk.record_customer_decision,
				{"decision": "Approved", "method": "Approval Link"},
				"method",
			),
			(front_desk.record_customer_decision, {"decision": "Pending", "method": "Phone"}, "decision"),
			(front_desk.record_warranty_decision, ("User", "Administrator", "Accepted"), "doctype"),
			(front_desk.check_in_appointment, ("x" * 100_000,), "appointment"),
			(front_desk.check_in_appointment, ({"name": 1},), "appointment"),
			(assessment.import_csi, ("/files/../../site_config.json",), "file_url"),
		]
		# a decision's and a callback's choices keep the error class their service raises for them
		own_class = {"method": AddOnDecisionError, "decision": AddOnDecisionError, "attitude": CallbackError}
		for fn, args, arg in cases:
			exc = own_class.get(arg, ArgumentError)
			with self.subTest(fn=fn.__name__, arg=arg, value=str(args)[-30:]):
				if isinstance(args, dict):  # malformed values are reported before missing ones
					self.assert_refused(exc, fn, arg=arg, **args)
				else:
					self.assert_refused(exc, fn, *args, arg=arg)

	def test_values_are_converted_for_the_method(self):
		"""Form-encoded values arrive as strings: flags and numbers become ints, blanks the default."""

		@validate_args(n=Int(1, 10), flag=Flag(), day=Date(), note=Text(5))
		def probe(n: int, flag: int = 0, day: str | None = None, note: str | None = None):
			return (n, flag, day, note)

		self.assertEqual(probe("7", "true", "", " "), (7, 1, None, None))
		self.assertEqual(probe(n=" 3 ", flag="0", day="2026-02-28", note="ok"), (3, 0, "2026-02-28", "ok"))
		self.assertEqual(probe(True), (1, 0, None, None))
		with self.assertRaises(ArgumentError):
			probe(n="7", flag="yes")
		with self.assertRaises(ArgumentError):
			probe(n="7", unknown=1)
		with self.assertRaises(AttributeError):  # a method must declare every argument

			@validate_args(n=Int(1, 2))
			def undeclared(n: int, m: int):
				pass

	def test_errors_are_translated(self):
		frappe.local.lang = "zh"
		frappe.local.lang_full_dict = None
		frappe.local.jenv = None
		try:
			error = self.assert_refused(ArgumentError, assessment.generate_scorecards, "-1", arg="month")
			self.assertNotIn("must be a month", str(error))
		finally:
			frappe.local.lang = "en"
			frappe.local.lang_full_dict = None
