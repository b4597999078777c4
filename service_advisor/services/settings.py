import frappe

from service_advisor.domain.settings import DEFAULTS

SETTINGS = "Service Advisor Settings"


def get_settings():
	"""The cached settings document (refreshed when it is saved)."""
	return frappe.get_cached_doc(SETTINGS)


def setting(fieldname: str):
	"""One number from settings, falling back to the rules' default when unset."""
	value = get_settings().get(fieldname)
	if value in (None, "") and fieldname in DEFAULTS:
		return DEFAULTS[fieldname]
	return value


COMPANY_SETTINGS = "Service Advisor Company Settings"


def company_settings(company: str | None):
	"""The dealership's Service Advisor Company Settings (cached), or None."""
	if company and frappe.db.exists(COMPANY_SETTINGS, company):
		return frappe.get_cached_doc(COMPANY_SETTINGS, company)
	return None


COMPANY_LINKS = ("default_price_list", "settlement_warehouse", "warranty_customer")


def company_values(company: str | None) -> dict:
	"""Everything one dealership overrides, {fieldname: value} (one look-up; pass it on to read many)."""
	from service_advisor.domain.company_settings import FIELD_OF_LABEL

	doc = company_settings(company)
	if not doc:
		return {}
	values = {FIELD_OF_LABEL[r.setting]: r.value for r in doc.overrides if r.setting in FIELD_OF_LABEL}
	values.update({field: doc.get(field) for field in COMPANY_LINKS if doc.get(field)})
	return values


def company_setting(fieldname: str, company: str | None, values: dict | None = None):
	"""A setting as one dealership sees it: its override in Service Advisor Company Settings (a number in
	the Overrides table; a price list or warehouse when set), else the site-wide value. `values`: the
	company's `company_values`, when already read."""
	values = company_values(company) if values is None else values
	if fieldname in values:
		return values[fieldname]
	if fieldname in DEFAULTS:
		return setting(fieldname)
	return get_settings().get(fieldname)


def warranty_customer(company: str | None, make: str | None = None) -> str | None:
	"""Who pays the warranty lines of a vehicle of this make at this dealership: the make's manufacturer
	(company settings' table), else the company's default, else the site-wide warranty customer."""
	from service_advisor.domain.company_settings import normalise_make, warranty_payer

	doc = company_settings(company)
	by_make = {normalise_make(r.make): r.manufacturer_customer for r in (doc.warranty_makes if doc else [])}
	return warranty_payer(
		make, by_make, doc.warranty_customer if doc else None, get_settings().warranty_customer
	)
