# Copyright (c) 2026, service_advisor developers
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import flt

from service_advisor.domain import repair_order as rules
from service_advisor.exceptions import (
	AddOnDecisionError,
	LockedDocumentError,
	NegativeAmountError,
	WarrantyDecisionError,
)
from service_advisor.services import add_ons, inspection
from service_advisor.services.company import set_company

OPEN_FOR_ADD_ONS = (rules.IN_REPAIR, rules.AWAITING_APPROVAL)
DECISION_FIELDS = ("decision", "decided_by_customer", "decided_on", "decision_method", "recorded_by")
WARRANTY_FIELDS = ("warranty_decision", "warranty_reason", "warranty_decided_by", "warranty_decided_on")
LINK_FIELDS = (
	"approval_token_hash",
	"approval_link_sent_on",
	"approval_link_expires_on",
	"approval_link_used_on",
	"approval_link_ip",
)


class AddonItem(Document):
	def validate(self):
		set_company(self)
		before = self.get_doc_before_save()
		self.validate_locked(before)
		self.validate_repair_order_state(before)
		self.set_amounts()
		self.validate_decision_fields(before)
		self.record_approved_revision(before)
		self.void_link_for_changed_quote(before)

	def on_update(self):
		before = self.get_doc_before_save()
		if self.decision != "Pending" and (not before or before.decision == "Pending"):
			add_ons.apply_customer_decision(self)
		inspection.count_quote(self)  # a quoted finding: its inspection's figures (Inspection Sales)

	def on_trash(self):
		if self.decision != "Pending":
			frappe.throw(_("A decided add-on item cannot be deleted."), LockedDocumentError)
		inspection.uncount_quote(self)

	def quote(self) -> tuple:
		return (
			tuple((r.item_code, float(r.qty or 0), float(r.rate or 0)) for r in self.items),
			int(self.extra_time_minutes or 0),
		)

	def validate_locked(self, before):
		if before and before.decision == "Approved" and not self.flags.get(add_ons.DECISION_FLAG):
			if AddonItem.quote(before) != self.quote():
				# consent is bound to the quote: a changed approved quote is a new revision to approve
				self.revision = int(before.revision or 1) + 1
				self.update(
					{
						"decision": "Pending",
						"decided_by_customer": None,
						"decided_on": None,
						"decision_method": None,
						"recorded_by": None,
					}
				)
				self.flags.new_revision = True
				return
		if before and before.decision != "Pending" and not self.flags.get(add_ons.DECISION_FLAG):
			frappe.throw(
				_("Add-on {0} was {1} by the customer and cannot be changed.").format(
					self.name, _(before.decision)
				),
				LockedDocumentError,
			)

	def validate_repair_order_state(self, before):
		state = frappe.db.get_value("Repair Order", self.repair_order, "workflow_state")
		if state not in OPEN_FOR_ADD_ONS:
			frappe.throw(
				_(
					"Add-on items can be proposed only while the order is {0} or {1} (order {2} is {3})."
				).format(_(rules.IN_REPAIR), _(rules.AWAITING_APPROVAL), self.repair_order, _(state or "")),
				AddOnDecisionError,
			)

	def set_amounts(self):
		total = 0.0
		for row in self.items:
			if flt(row.qty) <= 0 or flt(row.rate) < 0:
				frappe.throw(
					_("Row {0}: quantity must be positive and rate cannot be negative.").format(row.idx),
					NegativeAmountError,
				)
			row.amount = flt(row.qty) * flt(row.rate)
			total += row.amount
		if (self.extra_time_minutes or 0) < 0:
			frappe.throw(_("Extra time cannot be negative."), NegativeAmountError)
		self.estimated_total = total

	def validate_decision_fields(self, before):
		"""Decisions are recorded by the add-on's actions, which check the user's role."""
		if self.flags.get(add_ons.DECISION_FLAG) or self.flags.get("new_revision"):
			return
		for fields, message in (
			(
				DECISION_FIELDS,
				_("The customer's decision is recorded with the Record Customer Decision action."),
			),
			(WARRANTY_FIELDS, _("Warranty decisions are recorded by the Warranty Clerk's action.")),
			(LINK_FIELDS, _("Approval links are created with the Send Approval Link action.")),
		):
			for field in fields:
				old = before.get(field) if before else self.meta.get_field(field).default
				if (old or None) != (self.get(field) or None):
					frappe.throw(
						message, WarrantyDecisionError if fields is WARRANTY_FIELDS else AddOnDecisionError
					)

	def record_approved_revision(self, before):
		"""Approving records exactly what was approved: items, amounts and time, as a revision."""
		if self.decision != "Approved" or (before and before.decision == "Approved"):
			return
		self.append(
			"approved_revisions",
			{
				"revision": self.revision or 1,
				"approved_on": self.decided_on,
				"approved_by_customer": self.decided_by_customer,
				"decision_method": self.decision_method,
				"total": self.estimated_total,
				"extra_time_minutes": self.extra_time_minutes,
				"items_json": frappe.as_json(
					[
						{"item_code": r.item_code, "qty": r.qty, "rate": r.rate, "amount": r.amount}
						for r in self.items
					]
				),
			},
		)

	def void_link_for_changed_quote(self, before):
		"""A link sent for one quote never approves another: changing the quote voids it."""
		if before and self.approval_token_hash and AddonItem.quote(before) != self.quote():
			self.approval_token_hash = None
			self.approval_link_expires_on = None


def on_doctype_update():
	from service_advisor.setup.indexes import ensure

	ensure("Add-on Item")
