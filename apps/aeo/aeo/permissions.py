"""Permission hooks shared across the app.

Record-level scoping rests on Frappe's User Permissions: an establishment's users hold one on their Establishment,
local staff on their Customs Administration, federal staff none. Frappe does not restrict a user who holds no User
Permission at all, so a portal user without one is refused here rather than shown everything.
"""

import frappe

ESTABLISHMENT_OWNED = (
	"Establishment",
	"Establishment User",
	"AEO Message",
	"Joining Application",
	"Self Assessment",
	"Initial Risk Assessment",
	"Assessment Meeting",
	"Assessment File",
	"Assessment Report",
	"Deadline Extension Request",
	"AEO Certificate",
	"Control Plan",
	"Appeal",
)


def has_app_permission() -> bool:
	"""The desk app tile (and the post-login landing page) is for staff only; establishments use the portal."""
	return frappe.session.user != "Guest" and frappe.get_cached_value("User", frappe.session.user, "user_type") == "System User"


def is_unscoped_portal_user(user: str) -> bool:
	return (
		user not in ("Administrator", "Guest")
		and frappe.get_cached_value("User", user, "user_type") == "Website User"
		and not frappe.db.exists("User Permission", {"user": user, "allow": "Establishment"})
	)


def portal_scope_query(user: str | None = None, doctype: str | None = None) -> str:
	"""permission_query_conditions: an unscoped portal user lists nothing."""
	return "1=0" if is_unscoped_portal_user(user or frappe.session.user) else ""


def has_portal_scope(doc, ptype: str | None = None, user: str | None = None, debug: bool = False) -> bool | None:
	"""has_permission: an unscoped portal user opens nothing; otherwise leave the decision to Frappe."""
	return False if is_unscoped_portal_user(user or frappe.session.user) else None
