"""The establishment's users, for its Account Managers (BRD §5.2.2.3): add, edit, disable or enable a user, name the
backup Account Manager, hand the main role over. The actions are aeo.registry.account_management's methods."""

import frappe
from frappe import _

from aeo.registry.account_management import (
	USER_FIELDS,
	display_name,
	establishment_title,
	page_establishment,
	role_label,
)

no_cache = 1


def get_context(context):
	me, establishment = page_establishment(context, managers_only=True)
	if not me:
		return
	context.title = _("Users of {0}").format(establishment_title(establishment))
	context.users = [user_row(doc, me, establishment) for doc in users_of(establishment.name)]
	context.texts = {
		"add": _("Add a user"),
		"edit": _("Edit {0}"),
		"confirm_hand_over": _("Hand the main Account Manager role over to {0}? The current main Account Manager becomes a Data Entry User."),
		"confirm_disable": _("Disable {0}? The user will no longer be able to sign in."),
	}


def users_of(establishment: str) -> list:
	return frappe.get_all(
		"Establishment User",
		{"establishment": establishment},
		["name", "user", "email", "enabled", "portal_role", *USER_FIELDS],
		order_by="creation asc",
	)


def user_row(doc, me, establishment) -> dict:
	"""What the table shows of a user and which actions it offers (the server checks each action again)."""
	main = doc.user == establishment.account_manager
	backup = doc.user == establishment.backup_account_manager
	return {
		"name": doc.name,
		"display_name": display_name(doc),
		"email": doc.email,
		"role": role_label(doc, establishment),
		"enabled": doc.enabled,
		"is_me": doc.name == me.name,
		"can_disable": doc.enabled and not main and doc.name != me.name,
		"can_be_backup": doc.enabled and not main and not backup,
		"can_take_over": doc.enabled and not main,
		"values": {field: doc.get(field) for field in (*USER_FIELDS, "email")},
	}
