"""Permissions per role, tested as a matrix (no unexpected grant), and row-level visibility."""

import frappe

from service_advisor.testing.case import ServiceAdvisorTestCase
from service_advisor.testing.factories import make_delivered_repair_order, make_repair_order, make_user

# r read, w write, c create, d delete, s submit, x cancel, a amend — permlevel 0, the whole intended grant
EXPECTED = {
	"Add-on Item": {
		"System Manager": "rwcd",
		"Service Manager": "rwcd",
		"Service Advisor": "rwc",
		"Workshop Technician": "rwc",
		"Warranty Clerk": "rw",
		"Quality Inspector": "r",
		"Customer Service Agent": "r",
		"Technical Director": "r",
		"Accounts User": "r",
	},
	"Advisor Scorecard": {
		"System Manager": "rwcdsxa",
		"General Manager": "rwsx",
		"Station Manager": "rw",
		"Service Manager": "rwcd",
		"Service Advisor": "rw",
		"Accounts User": "r",
	},
	"CSI Result": {
		"System Manager": "rwcd",
		"Service Manager": "rwcd",
		"General Manager": "r",
		"Station Manager": "r",
		"Service Advisor": "r",
	},
	"Callback": {
		"System Manager": "rwcd",
		"Service Manager": "rwcd",
		"Customer Service Agent": "rwc",
		"Service Advisor": "rw",
		"Station Manager": "r",
		"General Manager": "r",
	},
	"Commendation": {
		"System Manager": "rwcd",
		"Service Manager": "rwcd",
		"Customer Service Agent": "rwc",
		"Service Advisor": "r",
		"Station Manager": "r",
		"General Manager": "r",
	},
	"Customer Open Issue": {
		"System Manager": "rwcd",
		"Service Manager": "rwcd",
		"Customer Service Agent": "rwc",
		"Service Advisor": "rwc",
		"Station Manager": "r",
		"General Manager": "r",
	},
	"Customer Vehicle": {
		"System Manager": "rwcd",
		"Service Manager": "rwcd",
		"Service Advisor": "rwc",
		"Customer Service Agent": "rw",
		"Accounts User": "r",
		"Warranty Clerk": "r",
		"Workshop Technician": "r",
	},
	"Document Audit": {
		"System Manager": "rwcdsxa",
		"Service Manager": "rwcdsxa",
		"General Manager": "r",
		"Station Manager": "r",
		"Service Advisor": "r",
	},
	"Front Desk 6S Checklist Template": {
		"System Manager": "rwcd",
		"Service Manager": "rwcd",
		"Service Advisor": "r",
		"General Manager": "r",
		"Station Manager": "r",
	},
	"Front Desk 6S Inspection": {
		"System Manager": "rwcdsxa",
		"Service Manager": "rwcdsxa",
		"Station Manager": "rwcs",
		"Service Advisor": "r",
		"General Manager": "r",
	},
	"Repair Order": {
		"System Manager": "rwcdsxa",
		"Service Manager": "rwcdsxa",
		"Service Advisor": "rwcs",
		"Workshop Technician": "rw",
		"Technical Director": "rw",
		"Quality Inspector": "rw",
		"Warranty Clerk": "rw",
		"Accounts User": "r",
		"Customer Service Agent": "r",
		"Station Manager": "r",
		"General Manager": "r",
	},
	"Repair Order State Log": {
		"System Manager": "r",
		"Service Manager": "r",
		"Station Manager": "r",
		"General Manager": "r",
	},
	"Service Advisor Settings": {
		"System Manager": "rwc",
		"Service Manager": "rwc",
		"Service Advisor": "r",
		"Accounts User": "r",
	},
	"Service Advisor Company Settings": {
		"System Manager": "rwcd",
		"Service Manager": "rwcd",
		"Service Advisor": "r",
		"Accounts User": "r",
	},
	"Service Appointment": {
		"System Manager": "rwcd",
		"Service Manager": "rwcd",
		"Customer Service Agent": "rwc",
		"Service Advisor": "rwc",
		"Workshop Technician": "r",
		"Station Manager": "r",
	},
	"Service Bay": {
		"System Manager": "rwcd",
		"Service Manager": "rwcd",
		"Service Advisor": "r",
		"Workshop Technician": "r",
		"Technical Director": "r",
		"Quality Inspector": "r",
		"Customer Service Agent": "r",
	},
	"Service Complaint": {
		"System Manager": "rwcd",
		"Service Manager": "rwcd",
		"Customer Service Agent": "rwc",
		"Service Advisor": "r",
		"Station Manager": "r",
		"General Manager": "r",
	},
	# clocked times are written only by the clocking API (services/job_time.py), never by a form or REST
	"Technician Job Time": {
		"System Manager": "r",
		"Service Manager": "r",
		"Station Manager": "r",
		"General Manager": "r",
		"Workshop Technician": "r",
	},
	"Technician Shift": {
		"System Manager": "rwcd",
		"Service Manager": "rwcd",
		"Station Manager": "r",
		"General Manager": "r",
		"Workshop Technician": "r",
	},
	"Inspection Template": {
		"System Manager": "rwcd",
		"Service Manager": "rwcd",
		"Technical Director": "rwcd",
		"Service Advisor": "r",
		"Workshop Technician": "r",
		"Station Manager": "r",
		"General Manager": "r",
	},
	# the technician of the order inspects it (checked in the controller: services/inspection.py)
	"Vehicle Inspection": {
		"System Manager": "rwcdsxa",
		"Service Manager": "rwcdsxa",
		"Technical Director": "rwcs",
		"Workshop Technician": "rwcs",
		"Service Advisor": "r",
		"Quality Inspector": "r",
		"Station Manager": "r",
		"General Manager": "r",
	},
}
RIGHTS = dict(zip("rwcdsxa", ("read", "write", "create", "delete", "submit", "cancel", "amend"), strict=True))


class TestPermissionMatrix(ServiceAdvisorTestCase):
	def test_every_doctype_grants_exactly_the_intended_rights(self):
		doctypes = frappe.get_all(
			"DocType", filters={"module": "Service Advisor", "istable": 0}, pluck="name"
		)
		self.assertEqual(sorted(doctypes), sorted(EXPECTED))
		for doctype in doctypes:
			actual = {}
			for row in frappe.get_all(
				"DocPerm", filters={"parent": doctype, "permlevel": 0}, fields=["role", *RIGHTS.values()]
			):
				actual[row.role] = "".join(code for code, right in RIGHTS.items() if row[right])
			self.assertEqual(actual, EXPECTED[doctype], doctype)

	def test_effective_rights_for_each_role(self):
		"""frappe.has_permission agrees with the matrix for a user holding just that role."""
		users = {}
		for doctype, grants in EXPECTED.items():
			meta = frappe.get_meta(doctype)
			for role, codes in grants.items():
				if role == "System Manager":
					continue
				user = users.setdefault(role, make_user(roles=(role,)).name)
				for code, right in RIGHTS.items():
					if right in ("submit", "cancel", "amend") and not meta.is_submittable:
						continue
					expected = code in codes
					allowed = bool(frappe.has_permission(doctype, right, user=user))
					self.assertEqual(allowed, expected, f"{role} {right} {doctype}")


class TestRowLevelPermissions(ServiceAdvisorTestCase):
	def test_advisor_sees_only_own_repair_orders(self):
		mine_user = make_user(roles=("Service Advisor",)).name
		other_user = make_user(roles=("Service Advisor",)).name
		mine = make_repair_order(advisor=mine_user)
		theirs = make_repair_order(advisor=other_user)
		frappe.set_user(mine_user)
		visible = frappe.get_list(
			"Repair Order", filters={"name": ("in", [mine.name, theirs.name])}, pluck="name"
		)
		self.assertEqual(visible, [mine.name])
		self.assertTrue(frappe.has_permission("Repair Order", "read", mine.name))
		self.assertFalse(frappe.has_permission("Repair Order", "read", theirs.name))
		with self.assertRaises(frappe.PermissionError):
			frappe.get_doc("Repair Order", theirs.name).check_permission("read")

	def test_manager_and_workshop_see_all(self):
		advisor = make_user(roles=("Service Advisor",)).name
		order = make_repair_order(advisor=advisor)
		for roles in (("Service Advisor", "Service Manager"), ("Workshop Technician",), ("Accounts User",)):
			frappe.set_user(make_user(roles=roles).name)
			self.assertTrue(frappe.has_permission("Repair Order", "read", order.name), roles)
			frappe.set_user("Administrator")

	def test_advisor_sees_only_own_callbacks(self):
		mine_user = make_user(roles=("Service Advisor",)).name
		other_user = make_user(roles=("Service Advisor",)).name
		mine = make_delivered_repair_order(advisor=mine_user)
		theirs = make_delivered_repair_order(advisor=other_user)
		callbacks = frappe.get_all(
			"Callback", filters={"repair_order": ("in", [mine.name, theirs.name])}, pluck="name"
		)
		frappe.set_user(mine_user)
		visible = frappe.get_list(
			"Callback", filters={"name": ("in", callbacks)}, fields=["repair_order"], pluck="repair_order"
		)
		self.assertEqual(visible, [mine.name])
