"""The write gate over real HTTP (gunicorn, 4 workers, real logins), issue #27.

Generated from the site, so a doctype or a door added later is covered without a new test:
- every child doctype of the app that has a row on the users' own documents, through every door Frappe
  offers for a row on its own (REST v1 and v2 insert / update / delete, frappe.client.delete and
  rename_doc under /api/method/, /api/v2/method/ and a trailing path), as a Service Advisor and as a
  Workshop Technician: refused, and the rows stay as stored;
- every read-only field of the advisor's own documents through frappe.client.save under the unrecognised
  paths (/api/v2/method/ and a trailing path), savedocs and set_value: kept as stored.
Then each numbered case of the issue as its own test.
"""

import json

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, nowdate

from service_advisor.domain import roles as R
from service_advisor.testing.factories import (
	ERPNEXT_TEST_IGNORE,
	advance,
	make_add_on,
	make_delivered_repair_order,
	make_employee,
	make_repair_order,
	make_user,
	pass_quality_checks,
)
from service_advisor.testing.live_server import LiveServer, set_test_password

test_ignore = ERPNEXT_TEST_IGNORE

OK = range(200, 300)


def commit():
	frappe.db.commit()  # nosemgrep: frappe-manual-commit -- the live server's workers read committed rows only


def app_child_doctypes() -> list[str]:
	return frappe.get_all(
		"DocType", {"module": "Service Advisor", "istable": 1}, pluck="name", order_by="name"
	)


def app_parent_doctypes() -> list[str]:
	return frappe.get_all(
		"DocType", {"module": "Service Advisor", "istable": 0, "issingle": 0}, pluck="name", order_by="name"
	)


def snapshot(doctype: str, name: str) -> dict | None:
	row = frappe.db.get_value(doctype, name, "*", as_dict=True)
	return {k: v for k, v in row.items() if k not in ("modified",)} if row else None


class TestWriteGateHttp(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		frappe.set_user("Administrator")
		cls.advisor = make_user(roles=(R.SERVICE_ADVISOR,)).name
		cls.technician = make_user(roles=(R.WORKSHOP_TECHNICIAN,)).name
		cls.colleague = make_user(roles=(R.WORKSHOP_TECHNICIAN,)).name
		cls.manager = make_user(roles=(R.SERVICE_MANAGER,)).name
		for user in (cls.advisor, cls.technician, cls.colleague, cls.manager):
			set_test_password(user)
		cls.tech_employee = make_employee(user=cls.technician).name
		a = cls.advisor
		cls.in_repair = advance(
			make_repair_order(advisor=a, technician=cls.tech_employee),
			"Check In",
			"Authorise",
			"Start Repair",
		)
		cls.add_on = make_add_on(cls.in_repair.name)
		cls.delivered = make_delivered_repair_order(items=[{"qty": 1, "rate": 250}], advisor=a)
		cls.checked_in = advance(make_repair_order(advisor=a), "Check In")
		commit()
		cls.server = LiveServer(workers=4).start()
		cls.s = {
			"advisor": cls.server.session(cls.advisor),
			"technician": cls.server.session(cls.technician),
			"manager": cls.server.session(cls.manager),
		}
		# one user per other role of the app (and ERPNext's Accounts User), for the generated sweep
		for role in (*R.ROLES, R.ACCOUNTS_USER):
			if role in (R.SERVICE_ADVISOR, R.WORKSHOP_TECHNICIAN, R.SERVICE_MANAGER):
				continue
			user = make_user(roles=(role,)).name
			set_test_password(user)
			commit()
			cls.s[role] = cls.server.session(user)

	@classmethod
	def tearDownClass(cls):
		cls.server.stop()
		super().tearDownClass()

	# ------------------------------------------------------------------ helpers
	def call(self, who: str, verb: str, path: str, data=None):
		s = self.s[who]
		kwargs = {"timeout": 60}
		if data is not None:
			kwargs["json"] = data
		return s.request(verb, self.server.url + path, **kwargs)

	def assert_refused(self, r, what: str):
		self.assertNotIn(r.status_code, OK, f"{what}: {r.status_code} {r.text[:300]}")
		self.assertLess(r.status_code, 500, f"{what}: {r.status_code} {r.text[:300]}")

	def own_child_rows(self) -> dict[str, tuple[str, str, str, str]]:
		"""child doctype -> (row name, parent doctype, parent, parentfield) of a row on the users' documents"""
		parents = [
			("Repair Order", self.in_repair.name),
			("Repair Order", self.delivered.name),
			("Add-on Item", self.add_on.name),
			*[
				("Callback", c)
				for c in frappe.get_all("Callback", {"repair_order": self.delivered.name}, pluck="name")
			],
		]
		found = {}
		for parenttype, parent in parents:
			for df in frappe.get_meta(parenttype).get_table_fields():
				row = frappe.db.get_value(
					df.options, {"parent": parent, "parenttype": parenttype}, "name", order_by="idx asc"
				)
				if row and df.options not in found:
					found[df.options] = (row, parenttype, parent, df.fieldname)
		return found

	# ------------------------------------------------------------------ the generated sweep
	def test_every_child_doctype_every_door_is_refused(self):
		rows = self.own_child_rows()
		self.assertIn("Repair Order Item", rows)
		self.assertIn("Repair Order Quality Check", rows)
		self.assertIn("Add-on Item Detail", rows)
		tried = 0
		for doctype in app_child_doctypes():
			for who in self.s:
				if doctype in rows:
					name, parenttype, parent, parentfield = rows[doctype]
				else:
					name, parenttype, parent, parentfield = None, "Repair Order", self.in_repair.name, "items"
				before_count = frappe.db.count(doctype)
				stored = snapshot(doctype, name) if name else None
				new_row = {"parent": parent, "parenttype": parenttype, "parentfield": parentfield, "idx": 99}
				doors = [
					("POST", f"/api/resource/{doctype}", new_row),
					("POST", f"/api/v2/document/{doctype}", new_row),
				]
				child_doc = {"doctype": doctype, **new_row}
				for prefix in ("/api/method/", "/api/v2/method/"):
					for suffix in ("", "/x"):
						doors += [
							("POST", f"{prefix}frappe.client.insert{suffix}", {"doc": child_doc}),
							(
								"POST",
								f"{prefix}frappe.desk.form.save.savedocs{suffix}",
								{"doc": json.dumps(child_doc), "action": "Save"},
							),
						]
				if name:
					stored_doc = {"doctype": doctype, "name": name, **new_row, "idx": 42}
					doors += [
						("POST", "/api/method/frappe.client.save", {"doc": stored_doc}),
						("POST", "/api/v2/method/frappe.client.save/x", {"doc": stored_doc}),
						(
							"POST",
							"/api/method/frappe.desk.form.save.savedocs",
							{"doc": json.dumps(stored_doc), "action": "Save"},
						),
						(
							"POST",
							"/api/method/run_doc_method",
							{"docs": json.dumps(stored_doc), "method": "save", "args": "{}"},
						),
					]
					change = {"idx": 42, "modified": None}
					doors += [
						("PUT", f"/api/resource/{doctype}/{name}", change),
						("PUT", f"/api/v2/document/{doctype}/{name}", change),
						("PATCH", f"/api/v2/document/{doctype}/{name}", change),
						("DELETE", f"/api/resource/{doctype}/{name}", None),
						("DELETE", f"/api/v2/document/{doctype}/{name}", None),
					]
					for prefix in ("/api/method/", "/api/v2/method/"):
						for suffix in ("", "/x"):
							doors += [
								(
									"POST",
									f"{prefix}frappe.client.delete{suffix}",
									{"doctype": doctype, "name": name},
								),
								(
									"POST",
									f"{prefix}frappe.client.rename_doc{suffix}",
									{"doctype": doctype, "old_name": name, "new_name": name + "-x"},
								),
							]
				for verb, path, data in doors:
					r = self.call(who, verb, path, data)
					tried += 1
					self.assert_refused(r, f"{who} {verb} {path}")
				frappe.db.rollback()
				self.assertEqual(frappe.db.count(doctype), before_count, f"{doctype}: rows added or removed")
				if name:
					after = snapshot(doctype, name)
					self.assertEqual(after, stored, f"{doctype} {name} changed")
		print(
			f"\nwrite gate: {tried} child doctype x door x role combinations tried "
			f"({len(app_child_doctypes())} child doctypes, {len(self.s)} roles), all refused"
		)

	def test_read_only_fields_are_kept_whatever_the_path(self):
		frappe.set_user("Administrator")
		docs = [
			frappe.get_doc("Repair Order", self.in_repair.name),
			frappe.get_doc("Add-on Item", self.add_on.name),
		]
		tried = 0
		for doc in docs:
			stored = doc.as_dict()
			for df in doc.meta.fields:
				if (
					not df.read_only
					or df.fieldtype in frappe.model.no_value_fields
					or df.fetch_from
					or df.is_virtual
				):
					continue
				if df.fieldtype in (
					"Table",
					"Table MultiSelect",
					"Link",
					"Dynamic Link",
					"Attach",
					"Attach Image",
				):
					continue
				if df.fieldname in ("workflow_state", "status", "amended_from", "naming_series"):
					continue
				value = {
					"Int": 42,
					"Float": 42.5,
					"Currency": 4242,
					"Percent": 42,
					"Check": 0 if doc.get(df.fieldname) else 1,
					"Date": "2030-01-02",
					"Datetime": "2030-01-02 03:04:05",
				}.get(df.fieldtype, "forged")
				for path in (
					"/api/v2/method/frappe.client.save",
					"/api/method/frappe.client.save/x",
					"/api/method/frappe.client.set_value/x",
				):
					fresh = json.loads(frappe.as_json(frappe.get_doc(doc.doctype, doc.name).as_dict()))
					if "set_value" in path:
						data = {
							"doctype": doc.doctype,
							"name": doc.name,
							"fieldname": df.fieldname,
							"value": value,
						}
					else:
						fresh[df.fieldname] = value
						data = {"doc": fresh}
					self.call("advisor", "POST", path, data)
					tried += 1
					frappe.db.rollback()
					kept = frappe.db.get_value(doc.doctype, doc.name, df.fieldname)
					self.assertEqual(
						str(kept or ""),
						str(stored.get(df.fieldname) or ""),
						f"{doc.doctype}.{df.fieldname} written through {path}",
					)
		print(f"\nwrite gate: {tried} read-only field x door combinations tried, all kept")

	def colleague_employee(self) -> str:
		"""The colleague technician's Employee (made once, committed for the server)."""
		frappe.set_user("Administrator")
		name = frappe.db.get_value("Employee", {"user_id": self.colleague}, "name")
		if not name:
			name = make_employee(user=self.colleague).name
			commit()
		return name

	# ------------------------------------------------------------------ the cases, one by one
	def item_row(self, order: str) -> str:
		return frappe.db.get_value("Repair Order Item", {"parent": order}, "name", order_by="idx asc")

	def test_case_1_technician_cannot_raise_a_lines_hours(self):
		row = self.item_row(self.in_repair.name)
		qty = frappe.db.get_value("Repair Order Item", row, "qty")
		r = self.call("technician", "PUT", f"/api/resource/Repair Order Item/{row}", {"qty": 8})
		self.assert_refused(r, "PUT child row")
		frappe.db.rollback()
		self.assertEqual(frappe.db.get_value("Repair Order Item", row, "qty"), qty)

	def test_case_2_advisor_cannot_bill_a_line_to_warranty(self):
		row = self.item_row(self.in_repair.name)
		r = self.call(
			"advisor",
			"PUT",
			f"/api/resource/Repair Order Item/{row}",
			{"billable_to": "Warranty", "possibly_warranty": 1, "warranty_decision": "Accepted"},
		)
		self.assert_refused(r, "PUT warranty")
		frappe.db.rollback()
		self.assertEqual(frappe.db.get_value("Repair Order Item", row, "billable_to"), "Customer")

	def test_case_3_no_line_added_to_a_delivered_order(self):
		count = frappe.db.count("Repair Order Item", {"parent": self.delivered.name})
		item = frappe.db.get_value("Repair Order Item", {"parent": self.delivered.name}, "item_code")
		for path in ("/api/resource/Repair Order Item", "/api/v2/document/Repair Order Item"):
			r = self.call(
				"advisor",
				"POST",
				path,
				{
					"parent": self.delivered.name,
					"parenttype": "Repair Order",
					"parentfield": "items",
					"item_code": item,
					"qty": 3,
					"rate": 800,
				},
			)
			self.assert_refused(r, path)
		frappe.db.rollback()
		self.assertEqual(frappe.db.count("Repair Order Item", {"parent": self.delivered.name}), count)

	def test_case_4_no_quality_check_row_on_its_own(self):
		count = frappe.db.count("Repair Order Quality Check", {"parent": self.in_repair.name})
		r = self.call(
			"advisor",
			"POST",
			"/api/resource/Repair Order Quality Check",
			{
				"parent": self.in_repair.name,
				"parenttype": "Repair Order",
				"parentfield": "quality_checks",
				"stage": "Final Inspection",
				"result": "Pass",
			},
		)
		self.assert_refused(r, "POST QC row")
		frappe.db.rollback()
		self.assertEqual(
			frappe.db.count("Repair Order Quality Check", {"parent": self.in_repair.name}), count
		)

	def test_case_5_rework_count_kept_on_every_path(self):
		for path in ("/api/v2/method/frappe.client.save", "/api/method/frappe.client.save/x"):
			doc = json.loads(frappe.as_json(frappe.get_doc("Repair Order", self.checked_in.name).as_dict()))
			doc["rework_count"] = 42
			r = self.call("advisor", "POST", path, {"doc": doc})
			self.assertLess(r.status_code, 500, r.text[:300])
			frappe.db.rollback()
			self.assertEqual(
				frappe.db.get_value("Repair Order", self.checked_in.name, "rework_count"), 0, path
			)

	def test_case_8_technician_edits_only_the_work_in_repair(self):
		other = self.colleague_employee()
		stored = frappe.db.get_value(
			"Repair Order", self.in_repair.name, ["technician", "arrival_time", "greeting_time"], as_dict=True
		)
		for field, value in (
			("technician", other),
			("arrival_time", "2020-01-01 08:00:00"),
			("greeting_time", "2020-01-01 08:01:00"),
			("authorised_on", "2020-01-01 08:05:00"),
		):
			doc = json.loads(frappe.as_json(frappe.get_doc("Repair Order", self.in_repair.name).as_dict()))
			doc[field] = value
			r = self.call("technician", "POST", "/api/method/frappe.client.save", {"doc": doc})
			self.assertEqual(r.status_code, 403, f"{field}: {r.status_code} {r.text[:300]}")
		frappe.db.rollback()
		after = frappe.db.get_value(
			"Repair Order", self.in_repair.name, ["technician", "arrival_time", "greeting_time"], as_dict=True
		)
		self.assertEqual(after, stored)
		# what the workshop records in the state is accepted
		doc = json.loads(frappe.as_json(frappe.get_doc("Repair Order", self.in_repair.name).as_dict()))
		doc["handover_notes"] = "Replaced pads, bedded in"
		r = self.call("technician", "POST", "/api/method/frappe.client.save", {"doc": doc})
		self.assertEqual(r.status_code, 200, r.text[:300])
		frappe.db.rollback()
		self.assertEqual(
			frappe.db.get_value("Repair Order", self.in_repair.name, "handover_notes"),
			"Replaced pads, bedded in",
		)

	def test_case_8_advisor_cannot_rewrite_arrival_after_check_in(self):
		stored = frappe.db.get_value("Repair Order", self.checked_in.name, "arrival_time")
		doc = json.loads(frappe.as_json(frappe.get_doc("Repair Order", self.checked_in.name).as_dict()))
		doc["arrival_time"] = "2020-01-01 08:00:00"
		r = self.call("advisor", "POST", "/api/v2/method/frappe.client.save", {"doc": doc})
		self.assertEqual(r.status_code, 403, r.text[:300])
		frappe.db.rollback()
		self.assertEqual(frappe.db.get_value("Repair Order", self.checked_in.name, "arrival_time"), stored)

	def test_case_13_number_card_junk_is_a_clear_4xx(self):
		method = "/api/method/frappe.desk.doctype.number_card.number_card."
		for fn, data in (
			("get_result", {"doc": "not json", "filters": "[]"}),
			("get_result", {"doc": "[1, 2]", "filters": "[]"}),
			("get_result", {"doc": "42", "filters": "[]"}),
			("get_result", {"doc": json.dumps({"document_type": "Repair Order", "function": "Nope"})}),
			(
				"get_result",
				{"doc": json.dumps({"document_type": "Repair Order", "function": "Count"}), "filters": "{x"},
			),
			("get_percentage_difference", {"doc": "{", "filters": "[]", "result": 1}),
			("get_percentage_difference", {"doc": "[]", "filters": "[]", "result": "x"}),
		):
			r = self.call("manager", "POST", method + fn, data)
			self.assertIn(r.status_code, range(400, 500), f"{fn} {data}: {r.status_code} {r.text[:200]}")
		r = self.call(
			"manager",
			"POST",
			method + "get_result",
			{"doc": json.dumps({"document_type": "Repair Order", "function": "Count"}), "filters": "[]"},
		)
		self.assertEqual(r.status_code, 200, r.text[:300])

	def test_workflow_action_still_moves_the_state(self):
		"""The workflow's own door is the app's: a read-only state field is kept on every other save, yet
		the workflow action over HTTP moves it (the controller re-checks the transition)."""
		frappe.set_user("Administrator")
		order = advance(make_repair_order(advisor=self.advisor), "Check In")
		commit()
		r = self.call(
			"advisor",
			"POST",
			"/api/method/frappe.model.workflow.apply_workflow",
			{"doc": {"doctype": "Repair Order", "name": order.name}, "action": "Authorise"},
		)
		self.assertEqual(r.status_code, 200, r.text[:300])
		frappe.db.rollback()
		self.assertEqual(frappe.db.get_value("Repair Order", order.name, "workflow_state"), "Authorised")
		# a technician may not: the transition's roles decide
		r = self.call(
			"technician",
			"POST",
			"/api/v2/method/frappe.model.workflow.apply_workflow",
			{"doc": {"doctype": "Repair Order", "name": order.name}, "action": "Cancel Order"},
		)
		self.assert_refused(r, "technician cancels")
		frappe.db.rollback()
		self.assertEqual(frappe.db.get_value("Repair Order", order.name, "workflow_state"), "Authorised")
		# junk answers a clear 4xx
		for data in (
			{"doc": "not json", "action": "Authorise"},
			{"doc": "[]", "action": "Authorise"},
			{"doc": json.dumps({"doctype": "Repair Order"}), "action": "Authorise"},
			{"doc": json.dumps({"doctype": "Repair Order", "name": "RO-NOPE"}), "action": "Authorise"},
			{"doc": json.dumps({"doctype": "Repair Order", "name": order.name})},
		):
			r = self.call("advisor", "POST", "/api/method/frappe.model.workflow.apply_workflow", data)
			self.assertIn(r.status_code, range(400, 500), f"{data}: {r.status_code} {r.text[:200]}")

	def test_case_10_every_upload_door_checks_the_photo(self):
		fake = b"<html><script>alert(1)</script></html>"
		count = frappe.db.count("File", {"attached_to_doctype": "Repair Order"})
		for path in (
			"/api/method/upload_file",
			"/api/method/upload_file/x",
			"/api/v2/method/upload_file",
			"/api/method/frappe.handler.upload_file",
			"/api/v2/method/frappe.handler.upload_file",
		):
			r = self.s["advisor"].post(
				self.server.url + path,
				data={"doctype": "Repair Order", "docname": self.checked_in.name, "optimize": 1},
				files={"file": ("dent.jpg", fake, "image/jpeg")},
				timeout=60,
			)
			self.assertIn(r.status_code, range(400, 500), f"{path}: {r.status_code} {r.text[:200]}")
		frappe.db.rollback()
		self.assertEqual(frappe.db.count("File", {"attached_to_doctype": "Repair Order"}), count)
		r = self.s["advisor"].get(self.server.url + "/api/method/ping", timeout=30)
		self.assertEqual(r.headers.get("X-Content-Type-Options"), "nosniff")

	def test_case_13_no_workspace_shortcut_counts_a_single(self):
		"""Frappe's shortcut widget asks get_count for every DocType shortcut; a Single has no table."""
		for workspace in frappe.get_all("Workspace", {"module": "Service Advisor"}, pluck="name"):
			for shortcut in frappe.get_doc("Workspace", workspace).shortcuts:
				if shortcut.type == "DocType":
					self.assertFalse(frappe.get_meta(shortcut.link_to).issingle, shortcut.link_to)

	def test_case_6_add_on_cannot_borrow_another_inspections_link(self):
		r = self.call(
			"advisor",
			"POST",
			"/api/v2/document/Add-on Item",
			{
				"repair_order": self.in_repair.name,
				"reason": "Borrowed inspection",
				"extra_time_minutes": 10,
				"vehicle_inspection": "VI-NOT-THIS-ORDER",
				"approval_token_hash": "0" * 64,
				"items": [{"item_code": self.item_code(), "qty": 1, "rate": 10, "item_type": "Part"}],
			},
		)
		frappe.db.rollback()
		if r.status_code in OK:
			name = r.json()["data"]["name"]
			stored = frappe.db.get_value("Add-on Item", name, ["vehicle_inspection", "approval_token_hash"])
			self.assertEqual(tuple(stored), (None, None))

	def item_code(self) -> str:
		return frappe.db.get_value("Repair Order Item", {"parent": self.in_repair.name}, "item_code")

	def test_case_12_no_add_on_on_a_colleagues_order(self):
		frappe.set_user("Administrator")
		colleague = make_user(roles=(R.SERVICE_ADVISOR,)).name
		theirs = advance(make_repair_order(advisor=colleague), "Check In", "Authorise", "Start Repair")
		commit()
		count = frappe.db.count("Add-on Item", {"repair_order": theirs.name})
		for path in ("/api/resource/Add-on Item", "/api/v2/document/Add-on Item"):
			r = self.call(
				"advisor",
				"POST",
				path,
				{
					"repair_order": theirs.name,
					"reason": "Not my order",
					"extra_time_minutes": 10,
					"items": [{"item_code": self.item_code(), "qty": 1, "rate": 10, "item_type": "Part"}],
				},
			)
			self.assertEqual(r.status_code, 403, f"{path}: {r.status_code} {r.text[:300]}")
		frappe.db.rollback()
		self.assertEqual(frappe.db.count("Add-on Item", {"repair_order": theirs.name}), count)

	def test_case_9_a_second_reading_role_keeps_the_advisors_row_scope(self):
		frappe.set_user("Administrator")
		both = make_user(roles=(R.SERVICE_ADVISOR, R.ACCOUNTS_USER)).name
		set_test_password(both)
		theirs = make_repair_order(advisor=self.advisor)
		commit()
		s = self.server.session(both)
		r = s.get(
			self.server.url + "/api/resource/Repair Order",
			params={"filters": json.dumps([["name", "=", theirs.name]])},
			timeout=60,
		)
		self.assertEqual(r.status_code, 200, r.text[:300])
		self.assertEqual(r.json()["data"], [])
		r = s.get(self.server.url + f"/api/resource/Repair Order/{theirs.name}", timeout=60)
		self.assertEqual(r.status_code, 403, r.text[:300])

	def test_case_9_export_follows_the_managers_user_permissions(self):
		import io

		from openpyxl import load_workbook

		from service_advisor.testing.factories import company, make_company

		frappe.set_user("Administrator")
		other_company = make_company()
		here, there = make_user(roles=(R.SERVICE_ADVISOR,)).name, make_user(roles=(R.SERVICE_ADVISOR,)).name
		for advisor, dealership in ((here, company()), (there, other_company)):
			frappe.get_doc(
				{
					"doctype": "Advisor Scorecard",
					"advisor": advisor,
					"month": "2001-03",
					"company": dealership,
				}
			).insert()
		manager = make_user(roles=(R.SERVICE_MANAGER,)).name
		set_test_password(manager)
		frappe.get_doc(
			{"doctype": "User Permission", "user": manager, "allow": "Company", "for_value": company()}
		).insert()
		commit()
		s = self.server.session(manager)
		r = s.post(
			self.server.url + "/api/method/service_advisor.api.assessment.export_scorecards",
			data={"month": "2001-03"},
			timeout=60,
		)
		self.assertEqual(r.status_code, 200, r.text[:300])
		sheet = load_workbook(io.BytesIO(r.content)).worksheets[0]
		advisors = {row[1] for row in sheet.iter_rows(min_row=2, values_only=True)}
		self.assertIn(here, advisors)
		self.assertNotIn(there, advisors)

	def test_case_12_the_workshop_and_the_clerk_do_not_read_customers(self):
		customer = frappe.db.get_value("Repair Order", self.in_repair.name, "customer")
		for who in ("technician", R.WARRANTY_CLERK):
			r = self.s[who].get(self.server.url + f"/api/resource/Customer/{customer}", timeout=60)
			self.assertEqual(r.status_code, 403, f"{who}: {r.status_code}")
		r = self.s[R.CUSTOMER_SERVICE_AGENT].get(
			self.server.url + f"/api/resource/Customer/{customer}", timeout=60
		)
		self.assertEqual(r.status_code, 200, r.text[:200])

	def test_case_6_technician_cannot_plant_a_link_on_a_completed_inspection(self):
		from service_advisor.service_advisor.doctype.vehicle_inspection.test_vehicle_inspection import (
			FULL,
			area_of,
			make_template,
		)

		frappe.set_user("Administrator")
		template = make_template()
		frappe.set_user(self.technician)
		doc = frappe.get_doc(
			{
				"doctype": "Vehicle Inspection",
				"repair_order": self.in_repair.name,
				"template": template.name,
				"odometer": 23000,
				"points": [
					{"area": area_of(p), "point": p, "rating": r, "measurement": m}
					for p, (r, m) in FULL.items()
				],
			}
		).insert()
		doc.submit()
		frappe.set_user("Administrator")
		commit()
		forged = "f" * 64
		for path in (
			"/api/v2/method/frappe.client.save",
			"/api/method/frappe.client.save/x",
			"/api/method/frappe.desk.form.save.savedocs",
		):
			fresh = json.loads(frappe.as_json(frappe.get_doc("Vehicle Inspection", doc.name).as_dict()))
			fresh.update({"approval_token_hash": forged, "approval_link_expires_on": "2099-01-01 00:00:00"})
			data = {"doc": json.dumps(fresh), "action": "Update"} if "savedocs" in path else {"doc": fresh}
			r = self.call("technician", "POST", path, data)
			self.assertLess(r.status_code, 500, r.text[:300])
			frappe.db.rollback()
			stored = frappe.db.get_value(
				"Vehicle Inspection", doc.name, ["approval_token_hash", "approval_link_expires_on"]
			)
			self.assertEqual(tuple(stored), (None, None), path)

	def test_case_12_an_advisor_does_not_change_a_vehicles_owner(self):
		from service_advisor.testing.factories import make_customer

		frappe.set_user("Administrator")
		vehicle = frappe.db.get_value("Repair Order", self.checked_in.name, "vehicle")
		owner = frappe.db.get_value("Customer Vehicle", vehicle, "customer")
		other = make_customer().name
		commit()
		for verb, path in (
			("PUT", f"/api/resource/Customer Vehicle/{vehicle}"),
			("PATCH", f"/api/v2/document/Customer Vehicle/{vehicle}"),
		):
			r = self.call("advisor", verb, path, {"customer": other})
			self.assertEqual(r.status_code, 403, f"{path}: {r.status_code} {r.text[:200]}")
		frappe.db.rollback()
		self.assertEqual(frappe.db.get_value("Customer Vehicle", vehicle, "customer"), owner)

	def test_case_7_a_colleague_does_not_clock_on_a_line_not_assigned_to_them(self):
		self.colleague_employee()
		line = frappe.db.get_value(
			"Repair Order Item", {"parent": self.in_repair.name, "item_type": "Labour"}, "name"
		)
		colleague = self.server.session(self.colleague)
		r = colleague.post(
			self.server.url + "/api/method/service_advisor.api.job_time.clock_on",
			data={"repair_order": self.in_repair.name, "item": line},
			timeout=60,
		)
		self.assertEqual(r.status_code, 403, r.text[:300])
		frappe.db.rollback()
		self.assertFalse(frappe.get_all("Technician Job Time", {"technician": self.colleague}))
