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
	"evaluator_user": "The evaluator is the Service Manager who sends the scorecard, not {0}.",
	"not_assessed": "No 6S spot check was made for {0} in {1}: a Service Manager records why before the scorecard leaves Draft.",
	"reason_by_manager": "Only a Service Manager records why an advisor was not assessed, while the scorecard is a draft.",
}
SYSTEM_USERS = ("Administrator", "Guest")
COMPUTED = ("score", "base_commission", "rewards", "penalties", "deposit", "payable", "deposit_forfeited")


class AdvisorScorecard(Document):
	def validate(self):
		set_company(self)
		if not PERIOD_RE.match(self.month or ""):
			frappe.throw(_("Month must be written YYYY-MM."), frappe.ValidationError)
		self.validate_unique()
		self.compute_amendment()
		self.validate_computed_fields()
		self.validate_not_assessed_reason()
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
			{
				"advisor": self.advisor,
				"month": self.month,
				"company": self.company,
				"docstatus": ("<", 2),
				"name": ("!=", self.name),
			},
			"name",
		)
		if other:
			# one card per advisor, month and dealership (an advisor who moved mid-month has one in each)
			frappe.throw(
				_("{0} already has scorecard {1} for {2}.").format(self.advisor, other, self.month),
				DuplicateScorecardError,
			)

	def onload(self):
		"""A card that left Draft shows what generating it now would change (invoices included)."""
		if self.docstatus < 2 and (self.workflow_state or sc.DRAFT) != sc.DRAFT:
			from service_advisor.services import scorecard as service

			result, weeks, inspections = service.compute_for(self.advisor, self.month, company=self.company)
			self.set_onload("inputs_difference", service.difference(self, result, weeks, inspections))

	def compute_amendment(self):
		"""An amendment (after cancelling an approved card) is computed from today's inputs, never copied."""
		if not (self.is_new() and self.amended_from) or self.flags.get("sa_refresh"):
			return
		from service_advisor.services import scorecard as service

		result, weeks, inspections = service.compute_for(self.advisor, self.month, company=self.company)
		service.apply_result(self, result, weeks, inspections)
		self.inputs_changed, self.inputs_difference = 0, None
		self.flags.sa_refresh = True

	def validate_not_assessed_reason(self):
		before = self.get_doc_before_save()
		old = (before.not_assessed_reason or "") if before else ""
		if (self.not_assessed_reason or "") == old:
			return
		if "Service Manager" not in frappe.get_roles() or (self.workflow_state or sc.DRAFT) != sc.DRAFT:
			frappe.throw(_(PROBLEMS["reason_by_manager"]), ScorecardApprovalError)

	def validate_computed_fields(self):
		"""Amounts come from Generate Scorecards only: no amount, line or source can be typed."""
		if self.flags.get("sa_refresh"):
			return
		from service_advisor.services.scorecard import signature

		before = self.get_doc_before_save()
		changed = (
			signature(before) != signature(self)
			if before
			else any(float(self.get(f) or 0) for f in COMPUTED) or bool(self.lines) or bool(self.sources)
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
		if source == sc.DRAFT:
			self.validate_sender(user)
		today = frappe.utils.nowdate()
		if source == sc.DRAFT and target == sc.PENDING_ADVISOR:
			self.evaluator, self.evaluated_on = user, today
		elif source == sc.PENDING_ADVISOR and target == sc.PENDING_STATION:
			self.acknowledged_by, self.acknowledged_on = user, today
		elif source == sc.PENDING_STATION and target == sc.PENDING_GM:
			self.station_manager_approver, self.station_manager_approved_on = user, today
		elif target == sc.APPROVED:
			self.general_manager_approver, self.general_manager_approved_on = user, today
		elif target == sc.DRAFT:
			self.add_comment("Comment", _("Rejected: {0}").format(self.rejection_comment))
			self.acknowledged_by = self.station_manager_approver = None
			self.acknowledged_on = self.station_manager_approved_on = None

	def validate_sender(self, user: str):
		"""The evaluator (评核人) is a person, the Service Manager who checked the card; an advisor
		never assessed by a spot check needs the manager's reason first."""
		if user in SYSTEM_USERS:
			frappe.throw(_(PROBLEMS["evaluator_user"]).format(user), ScorecardApprovalError)
		if self.not_assessed and not (self.not_assessed_reason or "").strip():
			frappe.throw(_(PROBLEMS["not_assessed"]).format(self.advisor, self.month), ScorecardApprovalError)
