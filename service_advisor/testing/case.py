import frappe
from frappe.tests.utils import FrappeTestCase


class ServiceAdvisorTestCase(FrappeTestCase):
	"""FrappeTestCase that also rolls each test back to a savepoint, so tests of one class never see
	each other's writes (FrappeTestCase alone rolls back once per class)."""

	def setUp(self):
		super().setUp()
		frappe.set_user("Administrator")
		frappe.db.savepoint("sa_test")

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.db.rollback(save_point="sa_test")
		frappe.local.message_log = []
		super().tearDown()
