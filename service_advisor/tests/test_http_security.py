"""Row-level security and least privilege over real HTTP (gunicorn, 4 workers, real logins).

For every role the app creates (and ERPNext's Accounts User), on every app doctype, a user holding only
that role tries, on a row that belongs to another advisor: read, list, count, report view, export,
create, update, submit, cancel and delete. Whatever the role matrix (test_permissions.EXPECTED) and the
row scope (permissions.ROW_SCOPE) do not grant must be refused and leave the row unchanged. Where a role
may write the row, each owner field it may not change, and each server-computed state and money field,
must stay as stored. Then each case of issue #20 is replayed as its own test.
"""

import json
import time

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, nowdate

from service_advisor.api.settlement import make_sales_invoice
from service_advisor.domain import roles as R
from service_advisor.permissions import OWNER_FIELD_CHANGERS, ROW_SCOPE, scoped_role
from service_advisor.testing.factories import (
	ERPNEXT_TEST_IGNORE,
	advance,
	make_add_on,
	make_appointment,
	make_customer,
	make_delivered_repair_order,
	make_inspection,
	make_repair_order,
	make_user,
)
from service_advisor.testing.live_server import LiveServer, set_test_password
from service_advisor.tests.test_permissions import EXPECTED, RIGHTS

test_ignore = ERPNEXT_TEST_IGNORE

ROLES = (*R.ROLES, R.ACCOUNTS_USER)
STATE_FIELDS = ("status", "workflow_state", "docstatus")
REFUSED = (403,)
REFUSED_UPDATE = (403, 417)  # permission, or a validation that refuses the change (e.g. update after submit)
REFUSED_V2 = (
	*REFUSED_UPDATE,
	404,
)  # REST v2 and frappe.client also answer a row the user may not see as absent


def can(role: str, doctype: str, right: str) -> bool:
	code = {v: k for k, v in RIGHTS.items()}[right]
	return code in EXPECTED.get(doctype, {}).get(role, "")


def sees_row(role: str, doctype: str) -> bool:
	"""The row belongs to another advisor (technician): a plain Service Advisor (Workshop Technician, for
	clocked time) never sees it."""
	if not can(role, doctype, "read"):
		return False
	return not (role == scoped_role(doctype) and doctype in ROW_SCOPE)


def commit():
	frappe.db.commit()  # nosemgrep: frappe-manual-commit -- the live server's workers read committed rows only


class TestHttpSecurity(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		frappe.set_user("Administrator")
		cls.created: list[tuple[str, str]] = []
		cls.victim = make_user(roles=(R.SERVICE_ADVISOR,)).name
		cls.users = {role: make_user(roles=(role,)).name for role in ROLES}
		cls.attacker = cls.users[R.SERVICE_ADVISOR]
		for user in (cls.victim, *cls.users.values()):
			set_test_password(user)
		cls.rows = cls.make_rows()
		commit()
		cls.server = LiveServer(workers=4).start()
		cls.sessions = {role: cls.server.session(user) for role, user in cls.users.items()}

	@classmethod
	def tearDownClass(cls):
		"""The rows were committed for the server: remove them, and the users, so later tests of the suite
		(scorecard generation counts every advisor) never see them."""
		cls.server.stop()
		frappe.set_user("Administrator")
		frappe.db.rollback()
		for doctype, name in reversed(cls.created):
			if doctype == "Repair Order":
				for callback in frappe.get_all("Callback", {"repair_order": name}, pluck="name"):
					frappe.db.delete("Callback Attempt", {"parent": callback})
					frappe.db.delete("Callback", callback)
				frappe.db.delete("Repair Order State Log", {"repair_order": name})
			for df in frappe.get_meta(doctype).get_table_fields():
				frappe.db.delete(df.options, {"parent": name, "parenttype": doctype})
			frappe.db.delete(doctype, name)
		for user in (cls.victim, *cls.users.values()):
			frappe.delete_doc("User", user, force=True, ignore_permissions=True, delete_permanently=True)
		commit()
		super().tearDownClass()

	@classmethod
	def keep(cls, doc):
		cls.created.append((doc.doctype, doc.name))
		return doc

	@classmethod
	def make_rows(cls) -> dict:
		v = cls.victim
		customer = make_customer().name
		order = advance(make_repair_order(advisor=v), "Check In", "Authorise", "Start Repair")
		settled = make_delivered_repair_order(items=[{"qty": 1, "rate": 250}], advisor=v)
		for name in make_sales_invoice(settled.name):
			frappe.get_doc("Sales Invoice", name).submit()
		cls.keep(settled)
		callback = frappe.get_doc("Callback", {"repair_order": settled.name})
		add_on = make_add_on(order.name)
		rows = {
			"Repair Order": cls.keep(order),
			"Callback": callback,
			"Add-on Item": cls.keep(add_on),
			"Service Appointment": cls.keep(make_appointment(advisor=v)),
			"Service Complaint": cls.keep(
				frappe.get_doc(
					{
						"doctype": "Service Complaint",
						"level": "Company",
						"complaint_date": nowdate(),
						"customer": customer,
						"advisor": v,
						"description": "Waited too long",
					}
				).insert()
			),
			"Commendation": cls.keep(
				frappe.get_doc(
					{
						"doctype": "Commendation",
						"advisor": v,
						"source": "Letter",
						"commendation_date": nowdate(),
					}
				).insert()
			),
			"CSI Result": cls.keep(
				frappe.get_doc(
					{
						"doctype": "CSI Result",
						"advisor": v,
						"period": "2001-01",
						"survey_item": "Explanation of the work and its cost",  # a shipped item (its English wording)
						"advisor_score": 90,
						"national_average": 88,
					}
				).insert()
			),
			"Customer Open Issue": cls.keep(
				frappe.get_doc(
					{
						"doctype": "Customer Open Issue",
						"customer": customer,
						"description": "Roof rack on order",
						"promised_date": add_days(nowdate(), 5),
						"responsible_person": v,
					}
				).insert()
			),
			"Front Desk 6S Inspection": cls.keep(make_inspection(advisor=v, submit=False)),
			"Advisor Scorecard": cls.keep(
				frappe.get_doc({"doctype": "Advisor Scorecard", "advisor": v, "month": "2001-01"}).insert()
			),
		}
		audit = frappe.get_doc(
			{
				"doctype": "Document Audit",
				"advisor": v,
				"audit_date": nowdate(),
				"findings": [{"form_name": "Inquiry Sheet", "finding": "Mileage missing", "fine": 20}],
			}
		).insert()
		audit.submit()
		rows["Document Audit"] = cls.keep(audit)
		rows["Customer Vehicle"] = frappe.get_doc("Customer Vehicle", order.vehicle)
		rows["Repair Order State Log"] = frappe.get_doc(
			"Repair Order State Log", {"repair_order": order.name}
		)
		cls.settled = settled
		# the attacker's own rows: what an advisor may not do even on their own documents
		a = cls.attacker
		cls.own_order = cls.keep(advance(make_repair_order(advisor=a), "Check In"))
		own_in_repair = cls.keep(
			advance(make_repair_order(advisor=a), "Check In", "Authorise", "Start Repair")
		)
		cls.own_add_on = cls.keep(make_add_on(own_in_repair.name))
		cls.own_issue = cls.keep(
			frappe.get_doc(
				{
					"doctype": "Customer Open Issue",
					"customer": customer,
					"description": "Wheel trim on order",
					"promised_date": add_days(nowdate(), 3),
					"responsible_person": a,
				}
			).insert()
		)
		return rows

	# ------------------------------------------------------------------ helpers
	def call(self, role: str, method: str, path: str, **kwargs):
		s = self.sessions[role]
		r = s.request(method, self.server.url + path, timeout=120, **kwargs)
		self.calls += 1
		self.codes[r.status_code] = self.codes.get(r.status_code, 0) + 1
		if r.status_code >= 500:
			self.problems.append(f"{role} {method} {path}: HTTP {r.status_code} {r.text[:200]}")
		return r

	def stored(self, doctype: str, name: str) -> dict | None:
		frappe.db.rollback()  # a fresh snapshot: see what the server's workers committed
		row = frappe.db.get_value(doctype, name, "*", as_dict=True)
		return dict(row) if row else None

	def expect(self, ok: bool, what: str):
		if not ok:
			self.problems.append(what)

	def setUp(self):
		self.calls, self.codes, self.problems = 0, {}, []

	def report(self, label: str, started: float):
		print(
			f"{label}: {self.calls} calls, {len(self.problems)} problems, codes {dict(sorted(self.codes.items()))},"
			f" {time.monotonic() - started:.1f} s"
		)
		self.assertEqual(self.problems, [], "\n".join(self.problems[:60]))

	# ------------------------------------------------------------------ the matrix
	def test_every_role_on_every_doctype(self):
		started = time.monotonic()
		for doctype, doc in self.rows.items():
			resource = f"/api/resource/{doctype}"
			name = doc.name
			for role in ROLES:
				before = self.stored(doctype, name)
				visible = sees_row(role, doctype)
				tag = f"{role} / {doctype} {name}"
				# read
				r = self.call(role, "GET", f"{resource}/{name}")
				self.expect(
					(r.status_code == 200) if visible else (r.status_code in REFUSED),
					f"{tag}: read answered {r.status_code}",
				)
				# list, count, report view
				flt = json.dumps([[doctype, "name", "=", name]])
				for path, params in (
					(resource, {"filters": flt, "fields": '["name"]'}),
					("/api/method/frappe.client.get_count", {"doctype": doctype, "filters": flt}),
					(
						"/api/method/frappe.desk.reportview.get",
						{"doctype": doctype, "fields": '["name"]', "filters": flt},
					),
				):
					r = self.call(role, "GET", path, params=params)
					if not can(role, doctype, "read"):
						self.expect(r.status_code in REFUSED, f"{tag}: {path} answered {r.status_code}")
					elif not visible:
						self.expect(
							r.status_code in REFUSED or name not in r.text, f"{tag}: {path} showed the row"
						)
				# export
				r = self.call(
					role,
					"POST",
					"/api/method/frappe.desk.reportview.export_query",
					data={
						"doctype": doctype,
						"file_format_type": "CSV",
						"fields": '["name"]',
						"filters": flt,
					},
				)
				if not visible:
					self.expect(
						r.status_code in REFUSED or name not in r.text, f"{tag}: export showed the row"
					)
				# create
				if not can(role, doctype, "create"):
					count = frappe.db.count(doctype)
					for door in (resource, f"/api/v2/document/{doctype}"):
						r = self.call(role, "POST", door, json={"advisor": self.attacker})
						self.expect(
							r.status_code in REFUSED, f"{tag}: create via {door} answered {r.status_code}"
						)
					self.expect(frappe.db.count(doctype) == count, f"{tag}: create wrote a row")
				# update
				meta = frappe.get_meta(doctype)
				if not (visible and can(role, doctype, "write")):
					field = (ROW_SCOPE.get(doctype) or ("modified_by",))[0]
					r = self.call(role, "PUT", f"{resource}/{name}", json={field: self.attacker})
					self.expect(r.status_code in REFUSED, f"{tag}: update answered {r.status_code}")
					# the same through REST v2 and frappe.client.set_value under /api/v2/method/ and a trailing path
					for verb, door, body in (
						("PATCH", f"/api/v2/document/{doctype}/{name}", {field: self.attacker}),
						(
							"POST",
							"/api/v2/method/frappe.client.set_value",
							{"doctype": doctype, "name": name, "fieldname": field, "value": self.attacker},
						),
						(
							"POST",
							"/api/method/frappe.client.set_value/x",
							{"doctype": doctype, "name": name, "fieldname": field, "value": self.attacker},
						),
					):
						r = self.call(role, verb, door, json=body)
						self.expect(
							r.status_code in REFUSED_V2, f"{tag}: update via {door} answered {r.status_code}"
						)
				else:
					changers = OWNER_FIELD_CHANGERS.get(doctype, {})
					for field, allowed in changers.items():
						# a fetched or read-only field cannot be typed (fetched again, or put back to the stored
						# value on a client edit): nothing to refuse, compare() checks it stayed as stored
						df = meta.get_field(field)
						if role in allowed or not df or df.fetch_from or df.read_only:
							continue
						value = self.attacker if meta.get_field(field).options == "User" else "2000-01"
						if meta.get_field(field).fieldtype == "Date":
							value = "2000-01-01"
						r = self.call(role, "PUT", f"{resource}/{name}", json={field: value})
						self.expect(
							r.status_code in REFUSED_UPDATE,
							f"{tag}: change of {field} answered {r.status_code}",
						)
					for df in meta.fields:
						if df.read_only and df.fieldtype in ("Currency", "Float", "Int", "Percent"):
							r = self.call(role, "PUT", f"{resource}/{name}", json={df.fieldname: 987654})
					for field in STATE_FIELDS:
						if meta.has_field(field):
							r = self.call(role, "PUT", f"{resource}/{name}", json={field: "Closed"})
				# submit / cancel
				if (
					meta.is_submittable
					and not (visible and can(role, doctype, "submit"))
					and before["docstatus"] == 0
				):
					r = self.call(
						role,
						"POST",
						"/api/method/frappe.client.submit",
						json={"doc": {"doctype": doctype, "name": name}},
					)
					self.expect(r.status_code in REFUSED_UPDATE, f"{tag}: submit answered {r.status_code}")
				if (
					meta.is_submittable
					and not (visible and can(role, doctype, "cancel"))
					and before["docstatus"] == 1
				):
					r = self.call(
						role,
						"POST",
						"/api/method/frappe.client.cancel",
						json={"doctype": doctype, "name": name},
					)
					self.expect(r.status_code in REFUSED_UPDATE, f"{tag}: cancel answered {r.status_code}")
				# delete
				if not (visible and can(role, doctype, "delete")):
					r = self.call(role, "DELETE", f"{resource}/{name}")
					self.expect(r.status_code in REFUSED_UPDATE, f"{tag}: delete answered {r.status_code}")
					for verb, door, body in (
						("DELETE", f"/api/v2/document/{doctype}/{name}", None),
						("POST", "/api/v2/method/frappe.client.delete", {"doctype": doctype, "name": name}),
						("POST", "/api/method/frappe.client.delete/x", {"doctype": doctype, "name": name}),
					):
						r = self.call(role, verb, door, json=body)
						self.expect(
							r.status_code in REFUSED_V2, f"{tag}: delete via {door} answered {r.status_code}"
						)
				after = self.stored(doctype, name)
				self.compare(tag, doctype, before, after)
		self.report("http security matrix", started)

	def compare(self, tag: str, doctype: str, before: dict | None, after: dict | None):
		if after is None:
			self.problems.append(f"{tag}: the row was deleted")
			return
		meta = frappe.get_meta(doctype)
		guarded = (
			set(OWNER_FIELD_CHANGERS.get(doctype, {})) | set(ROW_SCOPE.get(doctype, ())) | set(STATE_FIELDS)
		)
		guarded |= {
			df.fieldname
			for df in meta.fields
			if df.read_only and df.fieldtype in ("Currency", "Float", "Int", "Percent")
		}
		for field in sorted(guarded):
			if field in before and before[field] != after[field]:
				self.problems.append(f"{tag}: {field} changed {before[field]!r} -> {after[field]!r}")

	# ------------------------------------------------------------------ the cases of issue #20, one by one
	def test_case_1_put_advisor_on_a_colleagues_order_and_scorecard(self):
		started = time.monotonic()
		for doctype in ("Repair Order", "Advisor Scorecard"):
			name = self.rows[doctype].name
			r = self.call(
				R.SERVICE_ADVISOR, "PUT", f"/api/resource/{doctype}/{name}", json={"advisor": self.attacker}
			)
			self.expect(r.status_code == 403, f"{doctype}: PUT advisor answered {r.status_code}")
			self.expect(
				self.stored(doctype, name)["advisor"] == self.victim, f"{doctype}: the advisor changed"
			)
		self.report("case 1", started)

	def test_case_2_export_scorecards_refused_to_advisors(self):
		started = time.monotonic()
		r = self.call(
			R.SERVICE_ADVISOR,
			"GET",
			"/api/method/service_advisor.api.assessment.export_scorecards",
			params={"month": "2001-01"},
		)
		self.expect(r.status_code == 403, f"advisor export answered {r.status_code}")
		r = self.call(
			R.ACCOUNTS_USER,
			"GET",
			"/api/method/service_advisor.api.assessment.export_scorecards",
			params={"month": "2001-01"},
		)
		self.expect(
			r.status_code == 200 and r.content[:2] == b"PK", f"accounts export answered {r.status_code}"
		)
		self.report("case 2", started)

	def test_case_3_colleagues_add_ons_are_not_listed(self):
		started = time.monotonic()
		order = self.rows["Repair Order"].name
		r = self.call(
			R.SERVICE_ADVISOR,
			"GET",
			"/api/resource/Add-on Item",
			params={
				"filters": json.dumps([["repair_order", "=", order]]),
				"fields": '["name","customer_email"]',
			},
		)
		self.expect(r.status_code == 200 and r.json()["data"] == [], f"add-ons listed: {r.text[:200]}")
		r = self.call(
			R.SERVICE_ADVISOR,
			"GET",
			"/api/method/frappe.client.get_list",
			params={
				"doctype": "Repair Order Item",
				"parent": "Repair Order",
				"fields": '["parent","amount"]',
				"filters": json.dumps([["parent", "=", order]]),
			},
		)
		self.expect(
			r.status_code in REFUSED or r.json().get("message") == [], f"order lines listed: {r.text[:200]}"
		)
		self.report("case 3", started)

	def test_case_4_settled_lines_keep_their_invoice(self):
		started = time.monotonic()
		name = self.settled.name
		before = frappe.get_all(
			"Repair Order Item", {"parent": name}, ["name", "sales_invoice"], order_by="idx"
		)
		doc = (
			self.sessions[R.SERVICE_MANAGER]
			.get(f"{self.server.url}/api/resource/Repair Order/{name}")
			.json()["data"]
		)
		doc["items"][0]["sales_invoice"] = None
		for role in (R.SERVICE_MANAGER, R.ACCOUNTS_USER, R.SERVICE_ADVISOR):
			r = self.call(role, "PUT", f"/api/resource/Repair Order/{name}", json={"items": doc["items"]})
			self.expect(
				r.status_code in REFUSED_UPDATE, f"{role}: clearing the invoice answered {r.status_code}"
			)
		frappe.db.rollback()
		after = frappe.get_all(
			"Repair Order Item", {"parent": name}, ["name", "sales_invoice"], order_by="idx"
		)
		self.expect(after == before, f"invoice links changed: {before} -> {after}")
		self.report("case 4", started)

	def test_case_5_billing_and_warranty_decisions_are_not_typed(self):
		started = time.monotonic()
		name = self.own_order.name
		path = f"/api/resource/Repair Order/{name}"
		doc = self.sessions[R.SERVICE_ADVISOR].get(self.server.url + path).json()["data"]
		before = frappe.get_all(
			"Repair Order Item", {"parent": name}, ["name", "billable_to"], order_by="idx"
		)
		for billable_to in ("Warranty", "Internal"):
			items = [dict(row) for row in doc["items"]]
			items[0]["billable_to"] = billable_to
			r = self.call(R.SERVICE_ADVISOR, "PUT", path, json={"items": items})
			self.expect(r.status_code == 403, f"billing to {billable_to} answered {r.status_code}")
		frappe.db.rollback()
		after = frappe.get_all("Repair Order Item", {"parent": name}, ["name", "billable_to"], order_by="idx")
		self.expect(after == before, f"billing changed: {before} -> {after}")

		add_on = self.own_add_on.name
		stored = self.stored("Add-on Item", add_on)
		revisions = frappe.db.count("Add-on Item Revision", {"parent": add_on})
		r = self.call(
			R.SERVICE_ADVISOR,
			"PUT",
			f"/api/resource/Add-on Item/{add_on}",
			json={
				"warranty_decision": "Accepted",
				"warranty_decided_by": self.attacker,
				"approved_revisions": [{"revision": 9, "total": 1, "approved_by": "me"}],
			},
		)
		self.expect(r.status_code < 500, f"add-on PUT answered {r.status_code}")
		after = self.stored("Add-on Item", add_on)
		for field in ("warranty_decision", "warranty_decided_by", "decision", "revision"):
			self.expect(
				after.get(field) == stored.get(field), f"add-on {field} changed to {after.get(field)!r}"
			)
		self.expect(
			frappe.db.count("Add-on Item Revision", {"parent": add_on}) == revisions,
			"approved revisions rewritten",
		)
		self.report("case 5", started)

	def test_case_9_open_issue_dates_are_not_the_advisors(self):
		started = time.monotonic()
		name = self.own_issue.name
		path = f"/api/resource/Customer Open Issue/{name}"
		stored = self.stored("Customer Open Issue", name)
		r = self.call(R.SERVICE_ADVISOR, "PUT", path, json={"promised_date": add_days(nowdate(), 60)})
		self.expect(r.status_code == 403, f"moving the promised date answered {r.status_code}")
		r = self.call(R.SERVICE_ADVISOR, "PUT", path, json={"resolved_on": "2000-01-01"})
		after = self.stored("Customer Open Issue", name)
		self.expect(after["promised_date"] == stored["promised_date"], "promised date moved")
		self.expect(
			after["resolved_on"] is None, f"resolved_on taken from the client: {after['resolved_on']}"
		)
		self.report("case 9", started)

	def test_case_12_the_auditor_is_whoever_records_the_audit(self):
		started = time.monotonic()
		r = self.call(
			R.SERVICE_MANAGER,
			"POST",
			"/api/resource/Document Audit",
			json={
				"advisor": self.victim,
				"auditor": self.users[R.STATION_MANAGER],
				"audit_date": nowdate(),
				"findings": [{"form_name": "Inquiry Sheet", "finding": "Signature missing", "fine": 10}],
			},
		)
		self.expect(r.status_code == 200, f"audit insert answered {r.status_code} {r.text[:200]}")
		if r.status_code == 200:
			name = r.json()["data"]["name"]
			self.created.append(("Document Audit", name))
			self.expect(
				self.stored("Document Audit", name)["auditor"] == self.users[R.SERVICE_MANAGER],
				"the auditor came from the client",
			)
		self.report("case 12", started)
