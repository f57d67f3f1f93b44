"""The portal home of an establishment's users, where they land after signing in (hooks: role_home_page): their
establishment, their role and the pages open to them."""

from frappe import _

from aeo.registry.account_management import (
	MANAGER,
	display_name,
	establishment_title,
	page_establishment,
	role_label,
)

no_cache = 1


def get_context(context):
	me, establishment = page_establishment(context)
	if not me:
		return
	context.title = establishment_title(establishment)
	context.whoami = _("Signed in as {0}, {1}").format(display_name(me), role_label(me, establishment))
	context.facts = [
		(_("Licence Number"), establishment.licence_number),
		(_("Customs Administration"), _(establishment.customs_administration or "")),
		(_("AEO Status"), _(establishment.aeo_status)),
	]
	context.links = [
		("/aeo/contact", _("Authorized contact persons"), _("The people customs may contact on behalf of the establishment.")),
		("/update-password", _("Change password"), _("Set a new password for your account.")),
		("/me", _("My account"), _("Your profile and sign-in settings.")),
		("/aeo/certificates", _("Certificates"), _("Your AEO certificates: their status, and the PDF to download.")),
		("/aeo/applications", _("My applications"), _("Apply to join the AEO programme and follow your applications.")),
		("/aeo/notifications", _("Notifications"), _("What the programme told you, newest first.")),
	]
	if me.portal_role == MANAGER:
		users = _("Add users, edit or disable them, name a backup Account Manager or hand the role over.")
		context.links.insert(0, ("/aeo/users", _("Users"), users))
