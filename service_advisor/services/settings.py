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
