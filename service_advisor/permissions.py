"""Row-level permissions: a Service Advisor sees only their own repair orders, callbacks and scorecards
unless a role of theirs sees every row (managers, the workshop, accountants, ...).

`permission_query_conditions` filters lists and reports; `has_permission` guards single documents.
"""

import frappe

from service_advisor.domain import roles as R

# roles that see every row of the doctype; a user with none of them but with Service Advisor sees only
# the rows whose owner field names them
SEE_ALL = {
	"Repair Order": {
		*R.MANAGER_ROLES,
		R.WORKSHOP_TECHNICIAN,
		R.TECHNICAL_DIRECTOR,
		R.QUALITY_INSPECTOR,
		R.WARRANTY_CLERK,
		R.CUSTOMER_SERVICE_AGENT,
		R.ACCOUNTS_USER,
		"System Manager",
	},
	"Callback": {*R.MANAGER_ROLES, R.CUSTOMER_SERVICE_AGENT, "System Manager"},
	"Advisor Scorecard": {*R.MANAGER_ROLES, R.ACCOUNTS_USER, "System Manager"},
}
OWNER_FIELDS = {
	"Repair Order": ("advisor", "first_responsible_person"),
	"Callback": ("advisor", "assigned_to"),
	"Advisor Scorecard": ("advisor",),
}


def restricted(doctype: str, user: str | None = None) -> bool:
	user = user or frappe.session.user
	if user == "Administrator":
		return False
	roles = set(frappe.get_roles(user))
	return R.SERVICE_ADVISOR in roles and not (roles & SEE_ALL[doctype])


def query_conditions(doctype: str, user: str | None) -> str:
	user = user or frappe.session.user
	if not restricted(doctype, user):
		return ""
	table = f"`tab{doctype}`"
	escaped = frappe.db.escape(user)
	return "(" + " or ".join(f"{table}.`{field}` = {escaped}" for field in OWNER_FIELDS[doctype]) + ")"


def document_permission(doc, user: str | None = None, permission_type: str | None = None) -> bool:
	user = user or frappe.session.user
	if permission_type == "create" or doc.is_new() or not restricted(doc.doctype, user):
		return True
	return any(doc.get(field) == user for field in OWNER_FIELDS[doc.doctype])


def repair_order_conditions(user: str | None = None) -> str:
	return query_conditions("Repair Order", user)


def callback_conditions(user: str | None = None) -> str:
	return query_conditions("Callback", user)


def scorecard_conditions(user: str | None = None) -> str:
	return query_conditions("Advisor Scorecard", user)
