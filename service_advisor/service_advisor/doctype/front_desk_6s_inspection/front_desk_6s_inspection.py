# Copyright (c) 2026, service_advisor developers
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import cint, getdate

from service_advisor.domain import six_s
from service_advisor.exceptions import NegativeAmountError, SelfInspectionError
from service_advisor.services.company import set_company
from service_advisor.services.own_pay import refuse_own_input
from service_advisor.services.settings import setting


class FrontDesk6SInspection(Document):
	def before_cancel(self):
		refuse_own_input(self)

	def on_trash(self):
		refuse_own_input(self)

	def validate(self):
		refuse_own_input(self)
		set_company(self)
		if not self.inspector:
			self.inspector = frappe.session.user
		if self.inspector == self.advisor:
			frappe.throw(_("An inspector cannot inspect themself."), SelfInspectionError)
		if not self.items:
			self.load_items_from_template()
		self.set_score()
		self.week = six_s.iso_week(getdate(self.inspection_date))

	def load_items_from_template(self):
		template = frappe.get_doc("Front Desk 6S Checklist Template", self.template)
		for row in template.items:
			self.append(
				"items",
				{
					"item_no": row.item_no,
					"section": row.section,
					"description": row.description_zh
					if frappe.local.lang == "zh" and row.description_zh
					else row.description,
					"rating_mode": row.rating_mode,
					"rating": "OK",
				},
			)

	def set_score(self):
		deductions = six_s.Deductions(
			minor=float(setting("deduction_minor")),
			moderate=float(setting("deduction_moderate")),
			severe=float(setting("deduction_severe")),
			per_field=float(setting("deduction_per_noncompliant_field")),
			per_complaint=float(setting("deduction_per_complaint")),
		)
		for row in self.items:
			if cint(row.count) < 0:
				frappe.throw(_("Row {0}: the count cannot be negative.").format(row.idx), NegativeAmountError)
			row.deduction = six_s.item_deduction(row.rating_mode, row.rating, row.count, deductions)
		self.total_deduction = sum(row.deduction for row in self.items)
		self.score = six_s.score([row.deduction for row in self.items])
