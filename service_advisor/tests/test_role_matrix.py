"""docs/role-matrix.md is generated from the site and must match it."""

from frappe.tests.utils import FrappeTestCase

from service_advisor.setup import role_matrix


class TestRoleMatrix(FrappeTestCase):
	def test_docs_match_the_site(self):
		diff = role_matrix.differs()
		self.assertEqual(
			diff, [], "docs/role-matrix.md differs from the site; run `bench --site <site> sa-role-matrix`"
		)

	def test_matrix_names_every_role_and_row_scope(self):
		text = role_matrix.build()
		for role in role_matrix.ROLES:
			self.assertIn(role, text)
		self.assertIn("| Repair Order |", text)
		self.assertIn("`advisor`, `first_responsible_person`", text)
