"""Nobody moves their own pay: the assessed advisor never records, edits, cancels, reassigns or deletes an
input of their own scorecard (callback surveys, complaints, commendations, CSI rows, 6S inspections,
document audits), whatever the path (form, REST, frappe.client, the app's API). Controllers call these
from validate / before_cancel / on_trash, comparing the session user with the stored row
(`get_doc_before_save()`) as well as the new values; nothing the request says about who records is
trusted."""

import frappe
from frappe import _

from service_advisor.domain import followup as rules
from service_advisor.exceptions import OwnPayError

# a callback of the advisor's own order: these changes cancel, reassign or re-scope it
CALLBACK_CONTROL_FIELDS = (
	"status",
	"assigned_to",
	"advisor",
	"callback_type",
	"repair_order",
	"service_complaint",
)


def _advisors(doc) -> set[str]:
	"""The assessed advisors a change touches (stored and new); Administrator, the system's own user that
	delivers in jobs and tests, is never an assessed advisor."""
	before = None if doc.is_new() else doc.get_doc_before_save()
	if before is None and not doc.is_new():
		before = frappe.db.get_value(doc.doctype, doc.name, ["advisor"], as_dict=True)
	return {a for a in (doc.get("advisor"), before.get("advisor") if before else None) if a} - {
		"Administrator"
	}


def _value(doc, df):
	value = doc.get(df.fieldname)
	# an empty value stays empty (Frappe casts an empty Datetime to now)
	return (doc.cast(value, df) or None) if value not in (None, "") else None


def changed_fields(doc) -> set[str]:
	"""The data fields of a stored document that this save changes (values compared as their type)."""
	before = doc.get_doc_before_save()
	if before is None:
		return set()
	return {
		df.fieldname
		for df in doc.meta.fields
		if df.fieldtype not in frappe.model.no_value_fields and _value(before, df) != _value(doc, df)
	}


def refuse_own_input(doc, may_change: tuple[str, ...] = ()):
	"""validate / before_cancel / on_trash of an assessment input: refuse the assessed advisor. A stored
	input of which the save changes only `may_change` (a complaint's handling) is the advisor's to record."""
	user = frappe.session.user
	if user in _advisors(doc):
		if may_change and not doc.is_new() and not (changed_fields(doc) - set(may_change)):
			return
		frappe.throw(
			_("{0} is an input of your own scorecard: it is recorded by someone else.").format(
				_(doc.doctype)
			),
			OwnPayError,
		)


def is_own_order_callback(callback) -> bool:
	"""A call about the advisor's order that customer service makes (the survey, declined work); the
	advisor's own care call (working rule 10) is theirs to make and log."""
	if callback.callback_type == rules.CARE_CALL:
		return False
	return bool(callback.repair_order) or callback.callback_type == rules.AFTER_SERVICE


def refuse_own_callback_attempt(callback):
	"""The customer-service survey (客服回访) of an advisor's own order is never recorded by that advisor."""
	if frappe.session.user in _advisors(callback) and is_own_order_callback(callback):
		frappe.throw(
			_("The callback of your own order is made by customer service, not by you."), OwnPayError
		)


def refuse_own_callback_change(callback):
	"""validate of Callback: the advisor cannot cancel, reassign or re-scope a callback of their order."""
	if callback.is_new() or frappe.session.user not in _advisors(callback):
		return
	before = callback.get_doc_before_save()
	if not (is_own_order_callback(before) or is_own_order_callback(callback)):
		return
	changed = [f for f in CALLBACK_CONTROL_FIELDS if (before.get(f) or None) != (callback.get(f) or None)]
	if changed:
		frappe.throw(
			_("You cannot cancel, reassign or change the callback of your own order ({0}).").format(
				", ".join(_(callback.meta.get_label(f)) for f in changed)
			),
			OwnPayError,
		)
