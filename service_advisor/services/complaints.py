"""Service Complaints: who sets the cause, the attribution and the verdict (a Service Manager), and the
handling the advisor the complaint concerns records (domain/complaints.py)."""

import frappe
from frappe import _
from frappe.utils import cint, now_datetime

from service_advisor.domain import complaints as C
from service_advisor.domain import roles as R
from service_advisor.exceptions import ComplaintVerdictRightsError

# roles that decide a complaint's cause, attribution and verdict (Administrator always may)
VERDICT_ROLES: tuple[str, ...] = (R.SERVICE_MANAGER, "System Manager")


def _normal(doc, fieldname: str):
	value = doc.get(fieldname) if doc is not None else None
	if fieldname == "attributed":
		return cint(value)
	return (value.strip() or None) if isinstance(value, str) else value or None


def changed_verdict_fields(doc) -> list[str]:
	"""The verdict fields this save sets (on a new complaint: those it sets at all)."""
	before = None if doc.is_new() else doc.get_doc_before_save()
	return [f for f in C.VERDICT_FIELDS if _normal(doc, f) != _normal(before, f)]


def verdict_changed(doc) -> bool:
	return bool(changed_verdict_fields(doc))


def may_decide(user: str | None = None) -> bool:
	user = user or frappe.session.user
	return user == "Administrator" or bool(set(frappe.get_roles(user)) & set(VERDICT_ROLES))


def check_verdict_rights(doc):
	"""validate of Service Complaint: only a Service Manager sets the cause, the attribution and the
	verdict, whatever the path (form, REST, frappe.client, the handling API). A complaint raised by a
	callback survey carries the cause the customer stated (flag set by services/followup.py)."""
	changed = changed_verdict_fields(doc)
	if doc.is_new() and doc.flags.sa_cause_from_callback:
		changed = [f for f in changed if f != "cause"]
	if changed and not may_decide():
		frappe.throw(
			_("Only a Service Manager sets the {0} of a complaint.").format(
				", ".join(_(doc.meta.get_label(f)) for f in changed)
			),
			ComplaintVerdictRightsError,
		)


def record_handling(
	doc,
	progress: str | None = None,
	resolution: str | None = None,
	resolved: bool = False,
	customer_informed: bool = False,
):
	"""The advisor the complaint concerns (or customer service, a Service Manager) records how it is being
	handled: a dated progress entry, the resolution, and whether it is resolved (处理客户抱怨)."""
	user = frappe.session.user
	if user != doc.advisor and not frappe.has_permission("Service Complaint", "write", doc):
		frappe.throw(
			_(
				"Only the advisor the complaint concerns, customer service or a Service Manager records its handling."
			),
			frappe.PermissionError,
		)
	if not ((progress or "").strip() or (resolution or "").strip() or resolved):
		frappe.throw(_("Record progress, a resolution or that the complaint is resolved."))
	if progress and progress.strip():
		entry = f"{now_datetime():%Y-%m-%d %H:%M} {user}: {progress.strip()}"
		if customer_informed:
			entry += " " + _("(customer informed)")
		doc.progress = f"{doc.progress}\n{entry}" if doc.progress else entry
	if resolution and resolution.strip():
		doc.resolution = resolution.strip()
	if resolved and doc.status == "Open":
		doc.status = "Resolved"
	doc.flags.ignore_permissions = True  # checked above: the row's advisor has read access only
	doc.save()
	return doc
