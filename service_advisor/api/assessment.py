"""Whitelisted assessment actions: typed, permission-checked, POST for changes."""

import frappe
from frappe import _

from service_advisor.api.validation import FileURL, Month, validate_args
from service_advisor.domain import roles as R
from service_advisor.services import csi, scorecard

EXPORT_ROLES = (*R.MANAGER_ROLES, R.ACCOUNTS_USER, "System Manager")


@frappe.whitelist(methods=["POST"])
@validate_args(month=Month())
def generate_scorecards(month: str) -> dict:
	"""month: YYYY-MM."""
	frappe.has_permission("Advisor Scorecard", "create", throw=True)
	return scorecard.generate_scorecards(month)


@frappe.whitelist(methods=["POST"])
@validate_args(file_url=FileURL())
def import_csi(file_url: str) -> int:
	"""Import a CSI Excel file already uploaded as a File; nothing is imported unless every row is valid."""
	frappe.has_permission("CSI Result", "create", throw=True)
	file = frappe.get_doc("File", {"file_url": file_url})
	file.check_permission("read")
	return len(csi.import_file(file.get_content()))


@frappe.whitelist()
@validate_args(month=Month())
def export_scorecards(month: str):
	# every advisor's pay: managers and accounts only, whatever the doctype's export right says
	if frappe.session.user != "Administrator" and not set(EXPORT_ROLES) & set(frappe.get_roles()):
		frappe.throw(_("Only managers and accounts can export scorecards"), frappe.PermissionError)
	frappe.has_permission("Advisor Scorecard", "export", throw=True)
	frappe.response["filename"] = _("Advisor Scorecards {0}").format(month) + ".xlsx"
	frappe.response["filecontent"] = scorecard.export_workbook(month)
	frappe.response["type"] = "binary"
