"""Record-level access of portal users to assessment records, beyond the User Permission on their establishment.

Registered in hooks.py, after the establishment scope of aeo.permissions.
"""

import frappe

from aeo.permissions import is_portal_user

# what portal users must not see: surprise visits (§5.3.7.1) and reports not yet shared with them (§5.3.7.2)
HIDDEN_FROM_PORTAL = {
	"Assessment Meeting": ("notify_establishment", "No"),
	"Assessment Report": ("status", "Draft"),
}


def query_conditions(user: str | None = None, doctype: str | None = None) -> str:
	if doctype not in HIDDEN_FROM_PORTAL or not is_portal_user(user):
		return ""
	fieldname, value = HIDDEN_FROM_PORTAL[doctype]
	return f"ifnull(`tab{doctype}`.`{fieldname}`, '') != {frappe.db.escape(value)}"


def has_permission(doc, ptype: str | None = None, user: str | None = None, debug: bool = False) -> bool | None:
	hidden = HIDDEN_FROM_PORTAL.get(doc.doctype)
	if hidden and is_portal_user(user) and doc.get(hidden[0]) == hidden[1]:
		return False
	return None
