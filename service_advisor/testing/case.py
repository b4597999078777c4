import frappe
from frappe.tests.utils import FrappeTestCase


class ServiceAdvisorTestCase(FrappeTestCase):
	"""FrappeTestCase that also rolls each test back to a savepoint, so tests of one class never see
	each other's writes (FrappeTestCase alone rolls back once per class), settings included."""

	def setUp(self):
		super().setUp()
		frappe.set_user("Administrator")
		frappe.db.savepoint("sa_test")

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.db.rollback(save_point="sa_test")
		# the rollback restores settings a test wrote; drop the cached copy that still holds them
		frappe.clear_document_cache("Service Advisor Settings", "Service Advisor Settings")
		frappe.local.message_log = []
		super().tearDown()
