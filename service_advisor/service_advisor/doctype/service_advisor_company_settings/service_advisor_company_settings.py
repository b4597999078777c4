# Copyright (c) 2026, service_advisor developers
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document

from service_advisor.domain.company_settings import FIELD_OF_LABEL, normalise_make
from service_advisor.domain.settings import find_settings_errors
from service_advisor.service_advisor.doctype.service_advisor_settings.service_advisor_settings import (
	ERROR_MESSAGES,
	InvalidSettingError,
)


class ServiceAdvisorCompanySettings(Document):
	"""One dealership's overrides of Service Advisor Settings (read through services.settings)."""

	def validate(self):
		self.validate_not_empty()
		self.validate_unique_rows()
		self.validate_numbers()
		self.validate_payment_gateway_account()

	def validate_not_empty(self):
		if not (
			self.overrides
			or self.warranty_makes
			or self.default_price_list
			or self.settlement_warehouse
			or self.warranty_customer
			or self.payment_gateway_account
			or self.payment_before_pickup
		):
			frappe.throw(
				_("Set at least one override, price list, warehouse or warranty customer for {0}.").format(
					self.company
				),
				InvalidSettingError,
			)

	def validate_unique_rows(self):
		seen, makes = set(), set()
		for row in self.overrides:
			if row.setting in seen:
				frappe.throw(
					_("Setting {0} is overridden twice.").format(_(row.setting)), InvalidSettingError
				)
			seen.add(row.setting)
		for row in self.warranty_makes:
			make = normalise_make(row.make)
			if make in makes:
				frappe.throw(_("Vehicle make {0} is listed twice.").format(row.make), InvalidSettingError)
			makes.add(make)

	def validate_numbers(self):
		values = {FIELD_OF_LABEL.get(row.setting): row.value for row in self.overrides}
		errors = [e for e in find_settings_errors(values) if e.fieldname in values]
		if errors:
			meta = frappe.get_meta("Service Advisor Settings")
			frappe.throw(
				"<br>".join(
					_(ERROR_MESSAGES[e.kind]).format(_(meta.get_label(e.fieldname)), e.value) for e in errors
				),
				InvalidSettingError,
				title=_("Invalid Service Advisor Settings"),
			)

	def validate_payment_gateway_account(self):
		"""The pay link's gateway account belongs to this dealership (or to no company) and names its currency."""
		if not self.payment_gateway_account:
			self.payment_currency = None
			return
		account = frappe.db.get_value(
			"Payment Gateway Account", self.payment_gateway_account, ["company", "currency"], as_dict=True
		)
		if account and account.company and account.company != self.company:
			frappe.throw(
				_("Payment Gateway Account {0} belongs to {1}, not to {2}.").format(
					self.payment_gateway_account, account.company, self.company
				),
				InvalidSettingError,
			)
		self.payment_currency = account.currency if account else None

	def on_update(self):
		frappe.clear_document_cache(self.doctype, self.name)

	def on_trash(self):
		frappe.clear_document_cache(self.doctype, self.name)
