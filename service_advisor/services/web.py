"""Request hooks for what a guest (not signed in) gets back."""

import frappe


def hide_tracebacks_from_guests():
	"""`before_request` hook: an error answered to a guest (the customer's approval link, the login page)
	never carries the server's traceback; signed-in users keep System Settings' choice."""
	if getattr(frappe.session, "user", "Guest") == "Guest":
		frappe.local.flags.disable_traceback = True
