"""Establishment User (BRD Table 2): a portal user of an establishment. The record owns the Frappe User behind it
(A-05: passwords live only there), its portal role, its enabled flag and its scope to the establishment."""

from contextlib import contextmanager

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.model.naming import make_autoname
from frappe.translate import print_language
from frappe.utils import cint

from aeo.aeo.doctype.aeo_settings.aeo_settings import settings
from aeo.utils import fail, normalise_uae_phone, require_arabic_name, require_english_name

PORTAL_ROLES = ("Establishment Account Manager", "AEO Data Entry User")


class EstablishmentUser(Document):
	def validate(self):
		require_arabic_name(self, "full_name_ar")
		require_english_name(self, "full_name")
		normalise_uae_phone(self, "mobile_no")
		keep_linked_user(self)

	def on_update(self):
		sync_portal_user(self)

	def on_trash(self):
		"""Removing a portal user leaves no way in: the User is disabled and loses its establishment scope."""
		if self.user:
			frappe.db.set_value("User", self.user, "enabled", 0)
			frappe.db.delete("User Permission", {"user": self.user, "allow": "Establishment"})


def keep_linked_user(doc) -> None:
	"""T02-05: the e-mail belongs to no other user. The User link is set by the app, never by the form."""
	doc.user = None if doc.is_new() else frappe.db.get_value(doc.doctype, doc.name, "user")
	if not doc.user and doc.email and frappe.db.exists("User", {"email": doc.email}):
		fail(doc, "email", _("this e-mail is already linked to another user"))
	pending = {"email": doc.email, "status": ("not in", ("Rejected", "Approved"))}
	if not doc.user and doc.email and frappe.db.exists("Account Request", pending):
		fail(doc, "email", _("an account or an open account request already uses this e-mail"))  # BR.1


def sync_portal_user(doc) -> None:
	"""Create the User on first save (T02-06: username in the AEO Settings format, BR.4; T02-07: the welcome e-mail
	lets the user set a password), then keep its name, role, enabled flag and establishment scope in step."""
	if doc.user:
		user = frappe.get_doc("User", doc.user)
	else:
		user = frappe.new_doc("User")
		user.update(
			{
				"email": doc.email,
				"username": make_autoname(settings().username_format),
				"user_type": "Website User",
				"send_welcome_email": 0,  # the programme's own welcome below, in the user's language
				"language": doc.flags.language or frappe.local.lang,  # else the language of whoever adds the user
			}
		)
	user.first_name = doc.full_name
	user.email = doc.email
	user.enabled = doc.enabled
	user.set(
		"roles", [row for row in user.roles if row.role not in PORTAL_ROLES or row.role == doc.portal_role]
	)
	if doc.portal_role not in {row.role for row in user.roles}:
		user.append("roles", {"role": doc.portal_role})
	sync_notification_settings(user.name, doc.enabled)
	new = user.is_new()
	with programme_user_limit():
		user.save(ignore_permissions=True)
	scope_user_to_establishment(user.name, doc.establishment)
	doc.db_set({"user": user.name, "username": user.username})
	if new:
		send_welcome(doc, user)


@contextmanager
def programme_user_limit():
	"""Frappe refuses a new User once more than `throttle_user_limit` (site config, default 60) were created in the
	last hour ("Throttled"), which stops a day of account approvals (issue 12). The programme's own creations follow
	AEO Settings' New Portal Users per Hour instead, for this save only, never lowering a higher site limit."""
	conf = frappe.local.conf
	before = conf.get("throttle_user_limit")
	conf.throttle_user_limit = max(cint(settings().new_users_per_hour), cint(before or 60))
	try:
		yield
	finally:
		if before is None:
			conf.pop("throttle_user_limit", None)
		else:
			conf.throttle_user_limit = before


def send_welcome(doc, user) -> None:
	"""T02-07, A-05: the new user's set-password link, in the user's language and from the programme (Frappe's own
	welcome comes from, and in the language of, whoever clicked "add user")."""
	link = user.reset_password()
	establishment = frappe.db.get_value(
		"Establishment", doc.establishment, ["establishment_name", "establishment_name_ar"], as_dict=True
	)
	with print_language(user.language or "ar"):
		lang = frappe.local.lang
		subject = _("Your AEO Portal account")
		message = frappe.render_template(
			"aeo/templates/emails/portal_welcome.html",
			{
				"lang": lang,
				"full_name": doc.full_name_ar if lang == "ar" and doc.full_name_ar else doc.full_name,
				"establishment": establishment.establishment_name_ar if lang == "ar" else establishment.establishment_name,
				"username": user.username,
				"link": link,
				"contact": settings().programme_contact_email,
				"_": _,
			},
		)
	frappe.sendmail(recipients=[user.email], subject=subject, message=message, header=[subject, "green"], retry=3)


def sync_notification_settings(user: str, enabled: int) -> None:
	"""Frappe's User switches its notification settings on or off with the acting user's permissions, which an
	Account Manager on the portal does not hold on another user's settings: switch them first, on the app's
	authority, so that the User's save finds nothing left to do."""
	if frappe.db.exists("Notification Settings", user):
		settings = frappe.get_doc("Notification Settings", user)
		if settings.enabled != enabled:
			settings.enabled = enabled
			settings.save(ignore_permissions=True)


def scope_user_to_establishment(user: str, establishment: str) -> None:
	"""The User Permission through which Frappe shows the user only its establishment's records."""
	scope = {"user": user, "allow": "Establishment"}
	for name in frappe.get_all(
		"User Permission", {**scope, "for_value": ("!=", establishment)}, pluck="name"
	):
		frappe.delete_doc("User Permission", name, ignore_permissions=True)
	if not frappe.db.exists("User Permission", {**scope, "for_value": establishment}):
		frappe.get_doc({"doctype": "User Permission", **scope, "for_value": establishment}).insert(
			ignore_permissions=True
		)
