"""Permission hooks shared across the app."""

import frappe


def has_app_permission() -> bool:
	"""The desk app tile (and the post-login landing page) is for staff only; establishments use the portal."""
	return frappe.session.user != "Guest" and frappe.get_cached_value("User", frappe.session.user, "user_type") == "System User"
