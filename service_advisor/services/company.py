"""Dealer groups: every transaction of the app belongs to one Company (dealership).

An advisor's dealership is ERPNext's: the active Employee whose `user_id` is the advisor gives
`Employee.company`. A document takes its company from the document it comes from (repair order,
appointment, callback, open issue), else from its advisor, else from the settings' company.
"""

import frappe
from frappe import _

# doctype -> link fields (in order) whose company a new document inherits
SOURCES: dict[str, tuple[tuple[str, str], ...]] = {
	"Repair Order": (("service_appointment", "Service Appointment"),),
	"Service Appointment": (("callback", "Callback"), ("repair_order", "Repair Order")),
	"Callback": (("repair_order", "Repair Order"), ("service_appointment", "Service Appointment")),
	"Service Complaint": (
		("repair_order", "Repair Order"),
		("callback", "Callback"),
		("open_issue", "Customer Open Issue"),
	),
	"Commendation": (("repair_order", "Repair Order"), ("callback", "Callback")),
	"Customer Open Issue": (("repair_order", "Repair Order"),),
	"Add-on Item": (("repair_order", "Repair Order"),),
	"CSI Result": (),
	"Front Desk 6S Inspection": (),
	"Document Audit": (),
	"Advisor Scorecard": (),
}

# the doctypes that carry a mandatory, indexed `company` (Repair Order State Log copies its order's)
COMPANY_DOCTYPES: tuple[str, ...] = tuple(SOURCES)


def settings_company() -> str | None:
	from service_advisor.services.settings import get_settings

	return get_settings().company or None


def advisor_company(user: str | None) -> str | None:
	"""The advisor's dealership: their active Employee record's company (else any Employee's)."""
	if not user:
		return None
	rows = frappe.get_all(
		"Employee",
		filters={"user_id": user},
		fields=["company", "status"],
		order_by="creation desc",
	)
	for row in rows:
		if row.status == "Active" and row.company:
			return row.company
	return next((row.company for row in rows if row.company), None)


def source_company(doc) -> str | None:
	"""The company of the first linked source document that has one."""
	for fieldname, doctype in SOURCES.get(doc.doctype, ()):
		name = doc.get(fieldname)
		if name:
			company = frappe.db.get_value(doctype, name, "company")
			if company:
				return company
	return None


def set_company(doc) -> None:
	"""The document's dealership: the document it comes from, else the advisor's (their Employee record
	decides over a typed or user-default company), else the one given, else the settings'. A user
	restricted by User Permissions to some companies cannot file a document in another. A saved document
	keeps its company (an advisor who moves to another dealership does not take their history along)."""
	if doc.is_new() or not doc.company:
		doc.company = (
			source_company(doc) or advisor_company(doc.get("advisor")) or doc.company or settings_company()
		)
	if not doc.flags.ignore_permissions:
		check_allowed(doc.company)


def allowed_companies(user: str | None = None) -> list[str] | None:
	"""The companies a user's User Permissions allow (None: not restricted)."""
	from frappe.core.doctype.user_permission.user_permission import get_user_permissions

	rows = get_user_permissions(user or frappe.session.user).get("Company")
	return [row.get("doc") for row in rows] if rows else None


def check_allowed(company: str | None) -> None:
	allowed = allowed_companies()
	if company and allowed is not None and company not in allowed:
		frappe.throw(
			_("You are not permitted to work for company {0}.").format(company), frappe.PermissionError
		)


def advisor_companies(users: list[str]) -> dict[str, str | None]:
	"""Each advisor's dealership in one query (active Employee first), else the settings' company."""
	found: dict[str, str] = {}
	active: set[str] = set()
	if users:
		for row in frappe.get_all(
			"Employee",
			filters={"user_id": ("in", list(users))},
			fields=["user_id", "company", "status"],
			order_by="creation desc",
		):
			if (
				row.company
				and row.user_id not in active
				and (row.user_id not in found or row.status == "Active")
			):
				found[row.user_id] = row.company
				if row.status == "Active":
					active.add(row.user_id)
	fallback = settings_company()
	return {user: found.get(user) or fallback for user in users}
