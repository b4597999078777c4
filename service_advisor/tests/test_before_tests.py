"""The app's `before_tests` set-up is for the app's own test runs only (testing/setup.py): Frappe's runner
calls every installed app's hook, and ERPNext's tests must run on a site with the app as without it."""

import frappe
from frappe.tests.utils import FrappeTestCase

from service_advisor.testing import setup

# a function `main` of a module named frappe.test_runner, as the hook sees Frappe's runner
RUNNER = "def main(app=None, module=None, doctype=None, module_def=None):\n\treturn call()\n"


def as_test_runner(call, **arguments):
	scope = {"__name__": "frappe.test_runner", "call": call}
	exec(RUNNER, scope)  # nosemgrep -- a fixed snippet: a frame like the test runner's
	return scope["main"](**arguments)


class TestBeforeTestsGate(FrappeTestCase):
	def test_reads_what_the_runner_was_asked_to_run(self):
		module = "erpnext.selling.doctype.customer.test_customer"
		self.assertEqual(
			as_test_runner(setup.test_run_arguments, module=module),
			{"app": None, "module": module, "doctype": None, "module_def": None},
		)

	def test_the_apps_own_runs(self):
		for run in (
			{"app": "service_advisor"},
			{"module": "service_advisor.tests.test_demo"},
			{"doctype": "Repair Order"},
			{"doctype": ["Customer", "Repair Order"]},
			{"module_def": "Service Advisor"},
			{},  # every installed app's tests, the app's among them
			None,  # called outside the runner
		):
			self.assertTrue(setup.is_this_apps_run(run), run)

	def test_other_apps_runs(self):
		for run in (
			{"app": "erpnext"},
			{"module": "erpnext.accounts.doctype.sales_invoice.test_sales_invoice"},
			{"module": "service_advisor_extras.tests.test_x"},
			{"doctype": "Customer"},
			{"doctype": ["Customer", "Sales Invoice"]},
			{"module_def": "Selling"},
		):
			self.assertFalse(setup.is_this_apps_run(run), run)

	def test_an_erpnext_run_keeps_its_test_records(self):
		before = frappe.flags.skip_test_records
		frappe.flags.skip_test_records = False
		try:
			as_test_runner(setup.before_tests, module="erpnext.selling.doctype.customer.test_customer")
			self.assertFalse(frappe.flags.skip_test_records)
			as_test_runner(setup.before_tests, module="service_advisor.tests.test_demo")
			self.assertTrue(frappe.flags.skip_test_records)
		finally:
			frappe.flags.skip_test_records = before
