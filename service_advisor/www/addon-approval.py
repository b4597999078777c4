import frappe
from frappe import _

from service_advisor.services import approval_link

no_cache = 1


def get_context(context):
	context.no_header = 0
	context.title = _("Approve Additional Work")
	token = frappe.form_dict.get("token") or ""
	try:
		add_on = approval_link.find(token)
	except approval_link.ApprovalLinkError as e:
		context.link_error = str(e) or _("This approval link is not valid or has expired.")
		return context
	context.token = token
	context.view = approval_link.public_view(add_on)
	return context
