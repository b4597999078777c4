"""Row-level permissions and owner-field guards.

A Service Advisor is paid from these records, so an advisor reads and changes only the rows that are
theirs: the row's owner fields (`ROW_SCOPE`) name them. A Workshop Technician, paid on clocked time,
reads only their own Technician Job Time and Technician Shift rows (`SCOPED_ROLE`). A user holding any other role that reads the
doctype (managers, the workshop, accountants, customer service, ...) sees every row of it.

Three hooks, one rule:
- `permission_query_conditions` (lists, counts, reports, `frappe.client.get_list`, child tables read
  through their parent) filters rows in SQL;
- `has_permission` (single documents) reads the owner fields **from the database**, never from the
  document in memory: a request that rewrites `advisor` must not be what grants it the right to;
- `guard_owner_fields` (a `validate` / `before_update_after_submit` doc event) refuses a change of an
  owner field of a stored row unless a manager makes it, and of server-owned settlement links always.
"""

from contextlib import contextmanager

import frappe
from frappe import _
from frappe.utils import cint, flt, get_datetime, getdate

from service_advisor.domain import edit_rights
from service_advisor.domain import roles as R

# doctype -> fields whose value is the user a row belongs to (for a Service Advisor)
ROW_SCOPE: dict[str, tuple[str, ...]] = {
	"Repair Order": ("advisor", "first_responsible_person"),
	"Callback": ("advisor", "assigned_to"),
	"Advisor Scorecard": ("advisor",),
	"Add-on Item": ("advisor",),
	"Service Appointment": ("advisor",),
	"Service Complaint": ("advisor",),
	"Commendation": ("advisor",),
	"CSI Result": ("advisor",),
	"Document Audit": ("advisor",),
	"Front Desk 6S Inspection": ("advisor",),
	"Customer Open Issue": ("responsible_person",),
	"Repair Order State Log": ("advisor",),
	"Vehicle Inspection": ("advisor",),
	# a technician is paid on clocked time: they read their own clock only
	"Technician Job Time": ("technician",),
	"Technician Shift": ("technician",),
}

# the role whose holders see only their own rows of the doctype (Service Advisor unless named here)
SCOPED_ROLE: dict[str, str] = {
	"Technician Job Time": R.WORKSHOP_TECHNICIAN,
	"Technician Shift": R.WORKSHOP_TECHNICIAN,
}


# the roles whose holders read every row even when they also hold the scoped role
SCOPE_LIFTED_BY: dict[str, tuple[str, ...]] = {
	R.SERVICE_ADVISOR: R.MANAGER_ROLES,
	R.WORKSHOP_TECHNICIAN: (*R.MANAGER_ROLES, R.TECHNICAL_DIRECTOR),
}


def scoped_role(doctype: str) -> str:
	return SCOPED_ROLE.get(doctype, R.SERVICE_ADVISOR)


# child doctype -> parent doctype whose row scope it shares (frappe.client reads child rows directly)
CHILD_SCOPE: dict[str, str] = {
	"Repair Order Item": "Repair Order",
	"Repair Order Quality Check": "Repair Order",
	"Walk-around Finding": "Repair Order",
	"Add-on Item Detail": "Add-on Item",
	"Add-on Item Revision": "Add-on Item",
	"Callback Attempt": "Callback",
	"Advisor Scorecard Line": "Advisor Scorecard",
	"Advisor Scorecard Source": "Advisor Scorecard",
	"Document Audit Finding": "Document Audit",
	"Front Desk 6S Inspection Item": "Front Desk 6S Inspection",
	"Open Issue Progress": "Customer Open Issue",
	"Vehicle Inspection Point": "Vehicle Inspection",
	"Technician Job Pause": "Technician Job Time",
	"Technician Job Correction": "Technician Job Time",
}

# who may change a stored row's owner field (System Manager and Administrator always may)
OWNER_FIELD_CHANGERS: dict[str, dict[str, tuple[str, ...]]] = {
	"Repair Order": {
		"advisor": R.MANAGER_ROLES,
		"first_responsible_person": R.MANAGER_ROLES,
		"company": R.MANAGER_ROLES,
		"customer": R.MANAGER_ROLES,
	},
	"Callback": {
		"advisor": R.MANAGER_ROLES,
		"assigned_to": (*R.MANAGER_ROLES, R.CUSTOMER_SERVICE_AGENT),
		"repair_order": (),
		"company": R.MANAGER_ROLES,
	},
	"Add-on Item": {"advisor": R.MANAGER_ROLES, "repair_order": (), "company": R.MANAGER_ROLES},
	"Service Appointment": {
		"advisor": (*R.MANAGER_ROLES, R.CUSTOMER_SERVICE_AGENT),
		"company": R.MANAGER_ROLES,
	},
	"Service Complaint": {"advisor": R.MANAGER_ROLES, "company": R.MANAGER_ROLES},
	"Commendation": {"advisor": R.MANAGER_ROLES, "company": R.MANAGER_ROLES},
	"CSI Result": {"advisor": R.MANAGER_ROLES, "company": R.MANAGER_ROLES},
	"Document Audit": {"advisor": R.MANAGER_ROLES, "auditor": (), "company": R.MANAGER_ROLES},
	"Front Desk 6S Inspection": {"advisor": R.MANAGER_ROLES, "inspector": (), "company": R.MANAGER_ROLES},
	"Customer Open Issue": {
		"responsible_person": R.MANAGER_ROLES,
		"promised_date": R.MANAGER_ROLES,
		"company": R.MANAGER_ROLES,
	},
	# a vehicle's owner is changed by a manager (a change of ownership), never by the desk in passing
	"Customer Vehicle": {"customer": R.MANAGER_ROLES},
	# an inspection belongs to the order it was made on
	"Vehicle Inspection": {"repair_order": (), "advisor": (), "company": ()},
	# a scorecard is for one advisor, month and company, set once; the evaluator is recorded by the server
	"Advisor Scorecard": {"advisor": (), "month": (), "company": (), "evaluator": ()},
}

# links and money written only by the settlement code (with db_set), never through a form or REST
SERVER_OWNED: dict[str, tuple[str, ...]] = {
	"Repair Order": ("sales_invoice", "warranty_invoice", "settled_amount", "returned_amount", "settled_on"),
}
SERVER_OWNED_CHILD: dict[str, dict[str, tuple[str, ...]]] = {
	"Repair Order": {"items": ("sales_invoice",)},
}

UNRESTRICTED_USERS = ("Administrator",)

# the user who records an assessment is the session user, whatever a client sends
RECORDED_BY = {"Front Desk 6S Inspection": "inspector", "Document Audit": "auditor"}


class OwnerFieldError(frappe.PermissionError):
	pass


def _readers(doctype: str) -> set[str]:
	"""Roles that read the doctype (permlevel 0), from the site's current permissions."""
	return {p.role for p in frappe.get_meta(doctype).permissions if not p.permlevel and p.read}


def restricted(doctype: str, user: str | None = None) -> bool:
	"""True when `user` reads `doctype` only through its scoped role (a Service Advisor; a Workshop
	Technician for clocked time), i.e. only the rows that are theirs."""
	user = user or frappe.session.user
	if user in UNRESTRICTED_USERS or doctype not in ROW_SCOPE:
		return False
	role = scoped_role(doctype)
	roles = set(frappe.get_roles(user))
	if role not in roles or "System Manager" in roles:
		return False
	# only a role that oversees the scoped role lifts the scope: an advisor who also holds a reading role
	# (Accounts User, Warranty Clerk, ...) still reads only their own rows
	return not (roles & _readers(doctype) & set(SCOPE_LIFTED_BY.get(role, ())))


def _owner_condition(doctype: str, user: str) -> str:
	table = f"`tab{doctype}`"
	escaped = frappe.db.escape(user)
	return "(" + " or ".join(f"{table}.`{field}` = {escaped}" for field in ROW_SCOPE[doctype]) + ")"


def query_conditions(user: str | None = None, doctype: str | None = None) -> str:
	"""`permission_query_conditions` hook for every doctype in ROW_SCOPE and CHILD_SCOPE."""
	user = user or frappe.session.user
	if doctype in CHILD_SCOPE:
		parent = CHILD_SCOPE[doctype]
		if not restricted(parent, user):
			return ""
		return (
			f"(`tab{doctype}`.`parenttype` = {frappe.db.escape(parent)} and `tab{doctype}`.`parent` in "
			f"(select `tab{parent}`.`name` from `tab{parent}` where {_owner_condition(parent, user)}))"
		)
	if not restricted(doctype, user):
		return ""
	return _owner_condition(doctype, user)


def stored_owners(doctype: str, name: str) -> set[str]:
	row = frappe.db.get_value(doctype, name, list(ROW_SCOPE[doctype]), as_dict=True) or {}
	return {value for value in row.values() if value}


def document_permission(doc, user: str | None = None, permission_type: str | None = None) -> bool | None:
	"""`has_permission` hook: the owner fields come from the stored row, not from `doc`."""
	user = user or frappe.session.user
	doctype = doc.doctype
	if doctype in CHILD_SCOPE:
		parent = CHILD_SCOPE[doctype]
		if not doc.get("parent") or not restricted(parent, user):
			return None
		return user in stored_owners(parent, doc.parent)
	if not restricted(doctype, user):
		return None
	if permission_type == "create" or doc.is_new() or not frappe.db.exists(doctype, doc.name):
		return None
	return user in stored_owners(doctype, doc.name)


def _may_change(field_roles: tuple[str, ...], user: str) -> bool:
	if user in UNRESTRICTED_USERS:
		return True
	roles = set(frappe.get_roles(user))
	return "System Manager" in roles or bool(roles & set(field_roles))


class ChildRowError(frappe.PermissionError):
	pass


class EditRightsError(frappe.PermissionError):
	pass


OWN_ACTION = "sa_own_action"


@contextmanager
def own_action():
	"""Marks what runs inside as the app's own code (its whitelisted actions, the workflow's transition):
	read-only fields it sets are kept and child rows it writes are accepted."""
	previous = frappe.flags.get(OWN_ACTION)
	frappe.flags[OWN_ACTION] = True
	try:
		yield
	finally:
		frappe.flags[OWN_ACTION] = previous


def is_client_edit() -> bool:
	"""True while a request writes a document other than through the app's own actions: every door
	(REST v1 and v2, frappe.client under any path, the form, bulk update, rename, run_doc_method, ...)
	whatever its URL. Code without a request (scheduler, background jobs, console) is the server's."""
	if getattr(frappe.local, "request", None) is None:
		return False
	return not frappe.flags.get(OWN_ACTION)


NUMERIC = ("Currency", "Float", "Int", "Percent", "Check")
DATES = ("Date", "Datetime")


def _normal(df, value):
	"""A field's value as the database keeps it, so a client's string and the stored value compare."""
	if value in (None, ""):
		return None
	if df.fieldtype in NUMERIC:
		return flt(value) or None
	try:
		if df.fieldtype == "Date":
			return getdate(value)
		if df.fieldtype == "Datetime":
			return get_datetime(value).replace(microsecond=0)
	except Exception:
		return value  # malformed: a change (Frappe's own validation refuses it with a clear message)
	return value


def _server_value_changed(df, value, stored) -> bool:
	if df.fieldtype in NUMERIC:
		return flt(value) != flt(stored)
	return _normal(df, value) != _normal(df, stored)


def _keep_fields(meta, row, stored_row):
	for df in meta.fields:
		if not df.read_only or df.fetch_from or df.fieldtype in ("Table", "Table MultiSelect"):
			continue
		if df.fieldtype in frappe.model.no_value_fields:
			continue
		stored = stored_row.get(df.fieldname) if stored_row else df.default
		if _server_value_changed(df, row.get(df.fieldname), stored):
			row.set(df.fieldname, stored)


def keep_server_fields(doc, before=None):
	"""A client edit cannot write read-only fields (counters, totals, who-recorded-it, states, invoice
	links, decisions) nor read-only tables (approved revisions, scorecard lines, quality checks, callback
	attempts): they are put back to the stored value (the default on a new document, no rows in a new
	read-only table) before the controller validates, which recomputes what it computes. Fetched fields
	are left to Frappe, which fetches them again."""
	_keep_fields(doc.meta, doc, before)
	for df in doc.meta.get_table_fields():
		stored_rows = (before.get(df.fieldname) if before else None) or []
		if df.read_only:
			if {row.name for row in doc.get(df.fieldname) or []} != {row.name for row in stored_rows}:
				# a row added to or removed from a server-kept table (frappe.client.insert / delete of a
				# child row, a document sent without its rows) is refused, not silently put back
				frappe.throw(
					_("{0} of {1} {2} are recorded by the app's own actions only").format(
						_(df.label or df.fieldname), _(doc.doctype), doc.name or ""
					),
					ChildRowError,
				)
			doc.set(df.fieldname, [row.as_dict() for row in stored_rows])
			continue
		by_name = {row.name: row for row in stored_rows}
		child_meta = frappe.get_meta(df.options)
		for row in doc.get(df.fieldname) or []:
			_keep_fields(child_meta, row, by_name.get(row.name))


def check_billing_decisions(doc):
	"""On a client edit a line is billed to Warranty only after the warranty clerk accepted it, and to
	Internal only by a manager (the app's own actions set billable_to with the decision)."""
	if doc.doctype != "Repair Order":
		return
	roles = set(frappe.get_roles())
	manager = frappe.session.user in UNRESTRICTED_USERS or bool(roles & {*R.MANAGER_ROLES, "System Manager"})
	before = None if doc.is_new() else doc.get_doc_before_save()
	stored = {r.name: r.billable_to for r in ((before.get("items") if before else None) or [])}
	for row in doc.get("items") or []:
		if row.billable_to == stored.get(row.name) or row.billable_to in (None, "", "Customer"):
			continue  # only a line newly billed elsewhere than to the customer is checked
		if row.billable_to == "Warranty" and row.warranty_decision != "Accepted":
			frappe.throw(
				_("Row {0}: a line is billed to Warranty only after the warranty clerk accepted it").format(
					row.idx
				),
				OwnerFieldError,
			)
		if row.billable_to == "Internal" and not manager:
			frappe.throw(
				_("Row {0}: only a Service Manager can bill a line internally").format(row.idx),
				OwnerFieldError,
			)


def guard_owner_fields(doc, method: str | None = None):
	"""Refuse a change to a stored row's owner fields by anyone but the roles allowed to make it, and any
	change to server-owned settlement links through a document save (settlement writes them with db_set);
	then, on a client edit, put read-only fields back and check billing decisions."""
	if frappe.flags.in_install or frappe.flags.in_migrate or frappe.flags.in_patch:
		return
	if doc.flags.get("sa_server_update"):
		return
	before = None if doc.is_new() else doc.get_doc_before_save()
	if before:
		check_owner_fields(doc, before)
		check_server_owned(doc, before)
	if is_client_edit():
		keep_server_fields(doc, before)
		if before:
			check_edit_rights(doc, before)
		check_linked_orders(doc, before)
		check_billing_decisions(doc)
		if doc.is_new() and doc.doctype in RECORDED_BY:
			# the inspector / auditor is whoever records it, never a value sent
			doc.set(RECORDED_BY[doc.doctype], frappe.session.user)


def check_owner_fields(doc, before):
	user = frappe.session.user
	for field, roles in OWNER_FIELD_CHANGERS.get(doc.doctype, {}).items():
		old, new = before.get(field), doc.get(field)
		if not old or old == new:
			continue
		set_once = not roles
		if set_once or not _may_change(roles, user):
			frappe.throw(
				(
					_("{0} of {1} {2} is set once and cannot be changed")
					if set_once
					else _("{0} of {1} {2} can only be changed by a Service Manager")
				).format(_(doc.meta.get_label(field)), _(doc.doctype), doc.name),
				OwnerFieldError,
			)


def check_server_owned(doc, before):
	for field in SERVER_OWNED.get(doc.doctype, ()):
		if (before.get(field) or None) != (doc.get(field) or None):
			_refuse_server_owned(doc, _(doc.meta.get_label(field)))
	for table, fields in SERVER_OWNED_CHILD.get(doc.doctype, {}).items():
		stored = {row.name: row for row in before.get(table) or []}
		current = {row.name: row for row in doc.get(table) or []}
		for name in set(stored) | set(current):
			old, new = stored.get(name), current.get(name)
			for field in fields:
				if ((old.get(field) if old else None) or None) != ((new.get(field) if new else None) or None):
					row = new or old
					_refuse_server_owned(doc, _("Row {0}: {1}").format(row.idx, _(row.meta.get_label(field))))


def _refuse_server_owned(doc, label: str):
	frappe.throw(
		_("{0} of {1} {2} is set by settlement only and cannot be edited").format(
			label, _(doc.doctype), doc.name
		),
		OwnerFieldError,
	)


# ---------------------------------------------------------------- the workflow's edit rights, on the server
def _row_changed(meta, row, stored_row) -> bool:
	for df in meta.fields:
		if df.read_only or df.fieldtype in frappe.model.no_value_fields:
			continue
		if df.fieldtype in ("Table", "Table MultiSelect"):
			continue
		if _server_value_changed(df, row.get(df.fieldname), stored_row.get(df.fieldname)):
			return True
	return False


def changed_fields(doc, before) -> list[str]:
	"""The fields (tables included) a client edit changes that a client may write at all (not read-only)."""
	changed = []
	for df in doc.meta.fields:
		if df.read_only or df.fieldtype in frappe.model.no_value_fields:
			continue
		if df.fieldtype in ("Table", "Table MultiSelect"):
			stored = {row.name: row for row in before.get(df.fieldname) or []}
			rows = doc.get(df.fieldname) or []
			child_meta = frappe.get_meta(df.options)
			if {row.name for row in rows} != set(stored) or any(
				_row_changed(child_meta, row, stored[row.name]) for row in rows
			):
				changed.append(df.fieldname)
		elif _server_value_changed(df, doc.get(df.fieldname), before.get(df.fieldname)):
			changed.append(df.fieldname)
	return changed


def check_edit_rights(doc, before):
	"""Per workflow state, a client changes only the fields its roles may change (domain.edit_rights)."""
	if not edit_rights.governed(doc.doctype) or frappe.session.user in UNRESTRICTED_USERS:
		return
	roles = set(frappe.get_roles())
	if "System Manager" in roles:
		return
	state = before.get("workflow_state") or "Draft"
	refused = edit_rights.refused_fields(doc.doctype, state, roles, changed_fields(doc, before))
	if refused:
		frappe.throw(
			_("{0} {1} is {2}: you may not change {3}").format(
				_(doc.doctype),
				doc.name,
				_(state),
				", ".join(_(doc.meta.get_label(field)) for field in refused),
			),
			EditRightsError,
		)


# ---------------------------------------------------------------- child rows on their own
def guard_child_write(doc, method: str | None = None, *args, **kwargs):
	"""A child row of the app is never inserted, changed, deleted or renamed on its own by a client (REST
	v1/v2 on the child doctype, frappe.client.delete, rename): for a row on its own Frappe checks only the
	role's right on the parent doctype and runs none of the parent's rules. Its rows change through the
	parent's save, where every rule runs, or through the app's own actions."""
	if (
		frappe.flags.in_install
		or frappe.flags.in_migrate
		or frappe.flags.in_patch
		or frappe.flags.in_uninstall
	):
		return
	if not is_client_edit():
		return
	parent = doc.get("parenttype") or CHILD_SCOPE.get(doc.doctype) or _("its document")
	frappe.throw(
		_("A {0} row cannot be written on its own: change it on its {1}").format(_(doc.doctype), _(parent)),
		ChildRowError,
	)


def check_linked_orders(doc, before=None):
	"""An advisor links a document (an add-on, an open issue, an appointment, a complaint, ...) only to a
	Repair Order of their own: the row scope of the order holds for what is made on it."""
	user = frappe.session.user
	if not restricted("Repair Order", user):
		return
	for df in doc.meta.get_link_fields():
		if df.options != "Repair Order" or df.read_only:
			continue
		value = doc.get(df.fieldname)
		if not value or (before and before.get(df.fieldname) == value):
			continue
		if user not in stored_owners("Repair Order", value):
			frappe.throw(
				_("{0}: Repair Order {1} is not yours").format(_(doc.meta.get_label(df.fieldname)), value),
				frappe.PermissionError,
			)
