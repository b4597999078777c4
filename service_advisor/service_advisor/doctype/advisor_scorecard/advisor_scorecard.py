# Copyright (c) 2026, service_advisor developers
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document

from service_advisor.domain import scorecard as sc
from service_advisor.domain.csi import PERIOD_RE
from service_advisor.exceptions import DuplicateScorecardError, ScorecardApprovalError
from service_advisor.services.company import set_company

PROBLEMS = {
	"invalid": "A scorecard cannot move from {0} to {1}.",
	"role": "Your role does not allow moving a scorecard from {0} to {1}.",
	"not_the_advisor": "Only the assessed advisor acknowledges (or rejects) their own scorecard.",
	"self_approval": "No one approves their own scorecard.",
	"evaluator_approval": "The evaluator of a scorecard cannot also approve it.",
	"comment_required": "Give the reason for the rejection in the comment.",
}
COMPUTED = ("score", "base_commission", "rewards", "penalties", "deposit", "payable", "deposit_forfeited")


class AdvisorScorecard(Document):
	def validate(self):
		set_company(self)
		if not PERIOD_RE.match(self.month or ""):
			frappe.throw(_("Month must be written YYYY-MM."), frappe.ValidationError)
		self.validate_unique()
		self.validate_computed_fields()
		self.enforce_transition()

	def before_submit(self):
		if self.workflow_state != sc.APPROVED:
			frappe.throw(
				_("A scorecard is submitted only by the General Manager's approval."), ScorecardApprovalError
			)

	def before_update_after_submit(self):
		self.enforce_transition()

	def validate_unique(self):
		other = frappe.db.get_value(
			"Advisor Scorecard",
			{"advisor": self.advisor, "month": self.month, "docstatus": ("<", 2), "name": ("!=", self.name)},
			"name",
		)
		if other:
			frappe.throw(
				_("{0} already has scorecard {1} for {2}.").format(self.advisor, other, self.month),
				DuplicateScorecardError,
			)

	def validate_computed_fields(self):
		"""Amounts come from Generate Scorecards only."""
		if self.flags.get("sa_refresh"):
			return
		before = self.get_doc_before_save()
		changed = (
			any(float(before.get(f) or 0) != float(self.get(f) or 0) for f in COMPUTED)
			or len(before.lines) != len(self.lines)
			if before
			else any(float(self.get(f) or 0) for f in COMPUTED) or bool(self.lines)
		)
		if changed:
			frappe.throw(
				_("Scorecard amounts are computed by Generate Scorecards, not entered."),
				ScorecardApprovalError,
			)

	def enforce_transition(self):
		before = self.get_doc_before_save()
		source = (before.workflow_state or sc.DRAFT) if before else sc.DRAFT
		target = self.workflow_state or sc.DRAFT
		if not before and target != sc.DRAFT:
			frappe.throw(_(PROBLEMS["invalid"]).format(_(sc.DRAFT), _(target)), ScorecardApprovalError)
		if source == target:
			return
		user = frappe.session.user
		problem = sc.transition_problem(
			source,
			target,
			user,
			set(frappe.get_roles()),
			self.advisor,
			self.evaluator,
			self.rejection_comment,
		)
		if problem:
			error = frappe.PermissionError if problem == "role" else ScorecardApprovalError
			frappe.throw(_(PROBLEMS[problem]).format(_(source), _(target)), error)
		if source == sc.PENDING_ADVISOR and target == sc.PENDING_STATION:
			self.acknowledged_by = user
		elif source == sc.PENDING_STATION and target == sc.PENDING_GM:
			self.station_manager_approver = user
		elif target == sc.APPROVED:
			self.general_manager_approver = user
		elif target == sc.DRAFT:
			self.add_comment("Comment", _("Rejected: {0}").format(self.rejection_comment))
			self.acknowledged_by = self.station_manager_approver = None
