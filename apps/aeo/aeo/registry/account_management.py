"""An establishment's users and authorized contacts, kept by its Account Managers on the portal (BRD §5.2.2.3;
T02 establishment users, T13 authorized contact persons).

The rules are plain functions that take the acting manager (their Establishment User record); the whitelisted
methods at the end only find the caller and pass the request on. Portal users may read, never write, Establishment
and Establishment User over REST, so these functions are the one way an establishment changes them: they check
first and then save with `ignore_permissions`, and a refusal (a translated message) leaves everything as it was.

An establishment has one main Account Manager (`Establishment.account_manager`) and at most one backup
(`backup_account_manager`), both with the Account Manager portal role; every other user is a Data Entry User.
"""

from urllib.parse import urlencode

import frappe
from frappe import _
from frappe.utils import cint, cstr

from aeo.permissions import is_portal_user

MANAGER = "Establishment Account Manager"
DATA_ENTRY = "AEO Data Entry User"
USER_FIELDS = ("full_name_ar", "full_name", "job_title", "mobile_no")  # T02-01…04; the e-mail is set once
CONTACT_FIELDS = ("contact_name_ar", "contact_name", "job_title", "email", "mobile_no")  # T13-01…05


def not_permitted(message: str) -> None:
	frappe.throw(message, frappe.PermissionError, title=_("Not Permitted"))


def not_allowed(message: str) -> None:
	frappe.throw(message, title=_("Not Allowed"))


def display_name(doc) -> str:
	return doc.full_name_ar if frappe.local.lang == "ar" else doc.full_name


def establishment_user_of(user: str):
	"""The enabled Establishment User record of a signed-in user, or None."""
	name = frappe.db.get_value("Establishment User", {"user": user, "enabled": 1})
	return frappe.get_doc("Establishment User", name) if name else None


def require_manager(user: str):
	me = establishment_user_of(user)
	if not me or me.portal_role != MANAGER:
		not_permitted(_("Only an Account Manager of the establishment can manage its users and contacts."))
	return me


def member(manager, name: str):
	"""A user of the manager's own establishment. Any other name is refused without saying whether it exists."""
	found = frappe.db.get_value(
		"Establishment User", {"name": cstr(name), "establishment": manager.establishment}
	)
	if not found:
		not_permitted(_("This user is not one of your establishment's users."))
	return frappe.get_doc("Establishment User", found)


def member_by_user(establishment: str, user: str | None):
	name = user and frappe.db.get_value("Establishment User", {"user": user, "establishment": establishment})
	return frappe.get_doc("Establishment User", name) if name else None


def set_role(doc, portal_role: str) -> None:
	"""The Establishment User controller moves the User's role with it."""
	if doc.portal_role != portal_role:
		doc.portal_role = portal_role
		doc.save(ignore_permissions=True)


def require_enabled(doc) -> None:
	if not doc.enabled:
		not_allowed(_("{0} is disabled; enable the user first.").format(display_name(doc)))


# ---------------------------------------------------------------- users (T02, §5.2.2.3) ----------------------------


def create_user(manager, values: dict):
	"""§5.2.2.3 "Add user": a Data Entry User of the manager's establishment. The Establishment User controller makes the
	Frappe User, its username (BR.4) and scope, and sends the welcome e-mail with a set-password link (A-05)."""
	return frappe.get_doc(
		{
			"doctype": "Establishment User",
			**{field: values.get(field) for field in USER_FIELDS},
			"email": cstr(values.get("email")).strip().lower(),
			"establishment": manager.establishment,
			"portal_role": DATA_ENTRY,
		}
	).insert(ignore_permissions=True)


def update_user(manager, name: str, values: dict):
	"""Names, job title and phone; the e-mail names the user and its login, and stays."""
	doc = member(manager, name)
	doc.update({field: values.get(field) for field in USER_FIELDS})
	doc.save(ignore_permissions=True)
	return doc


def enable_user(manager, name: str, enabled: bool):
	"""A disabled user can no longer sign in (the controller disables the User). The main Account Manager hands the
	role over before being disabled, nobody disables themselves, and a disabled backup stops being one."""
	doc = member(manager, name)
	if not enabled:
		establishment = frappe.get_doc("Establishment", manager.establishment)
		if doc.name == manager.name:
			not_allowed(_("You cannot disable your own account."))
		if doc.user == establishment.account_manager:
			not_allowed(
				_("The main Account Manager cannot be disabled: hand the role over to another user first.")
			)
		if doc.user == establishment.backup_account_manager:
			establishment.db_set("backup_account_manager", None)
			doc.portal_role = DATA_ENTRY
	doc.enabled = cint(enabled)
	doc.save(ignore_permissions=True)
	return doc


def manager_candidate(manager, name: str):
	"""An enabled user of the manager's establishment who is not its main Account Manager, and the Establishment."""
	doc = member(manager, name)
	require_enabled(doc)
	establishment = frappe.get_doc("Establishment", manager.establishment)
	if doc.user == establishment.account_manager:
		not_allowed(_("{0} is the main Account Manager.").format(display_name(doc)))
	return doc, establishment


def name_backup(manager, name: str):
	"""The backup Account Manager (BRD v1.11 "assign an alternate account manager"): one at a time; the previous
	backup goes back to Data Entry User."""
	doc, establishment = manager_candidate(manager, name)
	previous = member_by_user(establishment.name, establishment.backup_account_manager)
	if previous and previous.name != doc.name:
		set_role(previous, DATA_ENTRY)
	set_role(doc, MANAGER)
	establishment.db_set("backup_account_manager", doc.user)
	return doc


def hand_over(manager, name: str):
	"""§5.2.2.3 "appoint another account manager": the user named becomes the main Account Manager and the previous
	one a Data Entry User, whom the new manager may then disable. The backup may do it too: that is what a backup
	is for when the main manager has left."""
	doc, establishment = manager_candidate(manager, name)
	previous = member_by_user(establishment.name, establishment.account_manager)
	set_role(doc, MANAGER)
	if previous:
		set_role(previous, DATA_ENTRY)
	backup = None if establishment.backup_account_manager == doc.user else establishment.backup_account_manager
	establishment.db_set({"account_manager": doc.user, "backup_account_manager": backup})
	return doc


# ---------------------------------------------------------------- authorized contacts (T13) ------------------------


def replace_contacts(manager, contacts: list[dict]):
	"""The establishment's authorized contact persons, as the portal lists them; the Establishment validates the
	rows as it does in the desk (Arabic and English names, UAE phone, e-mail, every field mandatory)."""
	if not isinstance(contacts, list) or not all(isinstance(row, dict) for row in contacts):
		not_allowed(_("The authorized contact persons could not be read; reload the page and try again."))
	establishment = frappe.get_doc("Establishment", manager.establishment)
	establishment.set(
		"authorized_contacts", [{field: row.get(field) for field in CONTACT_FIELDS} for row in contacts]
	)
	establishment.save(ignore_permissions=True)
	return establishment


# ---------------------------------------------------------------- portal pages -------------------------------------


def page_user(context, managers_only: bool = False):
	"""The establishment user a portal page is for. Guests go to the login page and staff to the desk; anyone else
	the page is not for gets the not-permitted page (status 403), and None is returned."""
	if frappe.session.user == "Guest":
		redirect("/login?" + urlencode({"redirect-to": frappe.request.path}))
	if not is_portal_user():
		redirect("/app")
	me = establishment_user_of(frappe.session.user)
	if me and (me.portal_role == MANAGER or not managers_only):
		return me
	show_not_permitted(
		context,
		_("This page is for the Account Managers of the establishment.")
		if me
		else _("Your user is not linked to an establishment."),
		home_link=bool(me),
	)
	return None


def page_establishment(context, managers_only: bool = False):
	"""The page's establishment user and their Establishment, or (None, None) when page_user refused the page."""
	me = page_user(context, managers_only)
	return (me, frappe.get_doc("Establishment", me.establishment)) if me else (None, None)


def show_not_permitted(context, message: str, home_link: bool = True) -> None:
	"""Render the not-permitted page (status 403) with `message` instead of the page asked for."""
	context.update(
		{
			"template": "templates/aeo_not_permitted.html",
			"http_status_code": 403,
			"title": _("Not Permitted"),
			"message": message,
			"home_link": home_link,
		}
	)


def establishment_title(establishment) -> str:
	return establishment.establishment_name_ar if frappe.local.lang == "ar" else establishment.establishment_name


def role_label(doc, establishment) -> str:
	if doc.user == establishment.account_manager:
		return _("Account Manager (main)")
	if doc.user == establishment.backup_account_manager:
		return _("Account Manager (backup)")
	return _("Account Manager") if doc.portal_role == MANAGER else _("Data Entry User")


def redirect(location: str) -> None:
	frappe.local.flags.redirect_location = location
	raise frappe.Redirect(302)


# ---------------------------------------------------------------- whitelisted methods (the portal's API) ----------


def caller():
	return require_manager(frappe.session.user)


@frappe.whitelist(methods=["POST"])
def add_user(**values) -> str:
	doc = create_user(caller(), values)
	return _("{0} was added. An e-mail with a link to set a password was sent to {1}.").format(
		display_name(doc), doc.email
	)


@frappe.whitelist(methods=["POST"])
def edit_user(name: str, **values) -> str:
	return _("{0} was saved.").format(display_name(update_user(caller(), name, values)))


@frappe.whitelist(methods=["POST"])
def set_user_enabled(name: str, enabled: int) -> str:
	doc = enable_user(caller(), name, bool(enabled))
	message = _("{0} can sign in again.") if doc.enabled else _("{0} can no longer sign in.")
	return message.format(display_name(doc))


@frappe.whitelist(methods=["POST"])
def make_backup_manager(name: str) -> str:
	return _("{0} is now the backup Account Manager.").format(display_name(name_backup(caller(), name)))


@frappe.whitelist(methods=["POST"])
def hand_over_account(name: str) -> str:
	return _("{0} is now the main Account Manager.").format(display_name(hand_over(caller(), name)))


@frappe.whitelist(methods=["POST"])
def save_authorized_contacts(contacts: str | list) -> str:
	replace_contacts(caller(), frappe.parse_json(contacts))
	return _("The authorized contact persons were saved.")
