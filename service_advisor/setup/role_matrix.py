"""The role matrix in docs/role-matrix.md, generated from a site's permissions.

`bench --site S sa-role-matrix` writes it; `bench --site S sa-role-matrix --check` (and the bench test
test_role_matrix) fails when the file and the site differ, so the document cannot drift from what is
enforced."""

from pathlib import Path

import frappe

from service_advisor.domain import edit_rights
from service_advisor.domain import roles as R
from service_advisor.permissions import OWNER_FIELD_CHANGERS, ROW_SCOPE
from service_advisor.setup.permissions import ERPNEXT_PERMISSIONS

MODULE = "Service Advisor"
RIGHTS = (
	("r", "read"),
	("w", "write"),
	("c", "create"),
	("d", "delete"),
	("s", "submit"),
	("x", "cancel"),
	("a", "amend"),
	("e", "export"),
	("p", "report"),
	("l", "select"),
)
ROLES = ("System Manager", *R.ROLES, R.ACCOUNTS_USER)


def matrix_path() -> Path:
	return Path(frappe.get_app_path("service_advisor")).parent / "docs" / "role-matrix.md"


def _rights(doctype: str) -> dict[str, str]:
	out: dict[str, str] = {}
	for perm in frappe.get_meta(doctype).permissions:
		if perm.permlevel or perm.if_owner:
			continue
		codes = {code for code, right in RIGHTS if perm.get(right)}
		out[perm.role] = "".join(
			code for code, _right in RIGHTS if code in codes | set(out.get(perm.role, ""))
		)
	return out


def _editable_fields(doctype: str) -> list[str]:
	meta = frappe.get_meta(doctype)
	return sorted(
		df.fieldname
		for df in meta.fields
		if not df.read_only
		and not df.fetch_from
		and not df.permlevel
		and df.fieldtype not in frappe.model.no_value_fields
	)


def build() -> str:
	doctypes = sorted(
		frappe.get_all("DocType", filters={"module": MODULE, "istable": 0}, pluck="name"), key=str.lower
	)
	lines = [
		"# Role matrix",
		"",
		"Generated from the site by `bench --site <site> sa-role-matrix`; the bench test `test_role_matrix`",
		"fails when this file and the site's permissions differ. Do not edit by hand.",
		"",
		"Rights: " + ", ".join(f"`{code}` {right}" for code, right in RIGHTS) + ".",
		"",
		"**Own rows only**: a user whose only role that reads the doctype is Service Advisor sees and",
		"changes only the rows whose owner fields name them (`service_advisor/permissions.py`), checked",
		"against the stored row. Read-only fields and tables are never written by a client edit (REST,",
		"`frappe.client`, the form); settlement links only by the settlement code.",
		"",
		"## App doctypes",
		"",
		"| DocType | " + " | ".join(ROLES) + " | Own rows only (owner fields) |",
		"|---|" + "---|" * len(ROLES) + "---|",
	]
	for doctype in doctypes:
		rights = _rights(doctype)
		scope = ", ".join(f"`{f}`" for f in ROW_SCOPE.get(doctype, ())) or "—"
		lines.append(
			f"| {doctype} | " + " | ".join(rights.get(role, "") or "·" for role in ROLES) + f" | {scope} |"
		)
	lines += [
		"",
		"## ERPNext doctypes (granted by the app)",
		"",
		"| DocType | Role | Rights |",
		"|---|---|---|",
	]
	for doctype in sorted(ERPNEXT_PERMISSIONS):
		rights = _rights(doctype)
		for role in sorted(ERPNEXT_PERMISSIONS[doctype]):
			lines.append(f"| {doctype} | {role} | {rights.get(role, '') or '·'} |")
	lines += [
		"",
		"## Owner fields: who may change them on a stored row",
		"",
		"System Manager and Administrator may change any of them; an empty list means set once, by the server.",
		"",
		"| DocType | Field | Roles |",
		"|---|---|---|",
	]
	for doctype in sorted(OWNER_FIELD_CHANGERS):
		for field, roles in OWNER_FIELD_CHANGERS[doctype].items():
			lines.append(f"| {doctype} | `{field}` | {', '.join(roles) or 'set once'} |")
	lines += [
		"",
		"## Fields a role with write may change",
		"",
		"Every field not listed (read-only, fetched, computed) is the server's.",
		"",
		"| DocType | Fields |",
		"|---|---|",
	]
	for doctype in doctypes:
		if frappe.get_meta(doctype).issingle:
			continue
		lines.append(f"| {doctype} | " + ", ".join(f"`{f}`" for f in _editable_fields(doctype)) + " |")
	lines += [
		"",
		"## Child doctypes: never written on their own",
		"",
		"A row of these is inserted, changed or deleted only through its parent's save (where every rule of",
		"the parent runs) or the app's own actions; REST v1/v2 on the child doctype, `frappe.client.delete`,",
		"`rename_doc` and the like are refused for every role (`permissions.guard_child_write`). Rows of a",
		"read-only table are added or removed by the app's actions only.",
		"",
		"| Child doctype | Parent(s) | Fields a parent's save may change |",
		"|---|---|---|",
	]
	children = frappe.get_all("DocType", filters={"module": MODULE, "istable": 1}, pluck="name")
	for child in sorted(children, key=str.lower):
		tables = frappe.get_all(
			"DocField", filters={"options": child, "fieldtype": "Table"}, fields=["parent", "read_only"]
		)
		parents = sorted({t.parent for t in tables})
		editable = ", ".join(f"`{f}`" for f in _editable_fields(child)) or "—"
		if tables and all(t.read_only for t in tables):
			editable = "— (a read-only table: the app's actions only)"
		lines.append(f"| {child} | {', '.join(parents) or '—'} | {editable} |")
	lines += [
		"",
		"## Workflow edit rights: who may change which fields in each state",
		"",
		"Enforced on the server on every client save (`domain/edit_rights.py`, `permissions.check_edit_rights`);",
		"a role not listed for a state changes nothing. System Manager always; "
		+ "; ".join(
			f"{doctype}: {', '.join(roles)} every field"
			for doctype, roles in edit_rights.MANAGERS.items()
			if roles
		)
		+ ".",
		"",
		"| DocType | State | Role | Fields |",
		"|---|---|---|---|",
	]
	for doctype, states in edit_rights.EDIT_RIGHTS.items():
		for state, by_role in states.items():
			if not by_role:
				lines.append(f"| {doctype} | {state} | — | nothing |")
			for role, fields in by_role.items():
				shown = "every field" if fields == edit_rights.ALL else ", ".join(f"`{f}`" for f in fields)
				lines.append(f"| {doctype} | {state} | {role} | {shown} |")
	return "\n".join(lines) + "\n"


def write() -> Path:
	path = matrix_path()
	path.parent.mkdir(parents=True, exist_ok=True)
	path.write_text(build())
	return path


def differs() -> list[str]:
	"""Lines that differ between docs/role-matrix.md and the site."""
	import difflib

	path = matrix_path()
	current = path.read_text() if path.exists() else ""
	return [
		line
		for line in difflib.unified_diff(
			current.splitlines(), build().splitlines(), "docs", "site", lineterm=""
		)
	]
