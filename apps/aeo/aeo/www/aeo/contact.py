"""The establishment's authorized contact persons (BRD Table 13): every user of the establishment sees them, its
Account Managers keep them current (aeo.registry.account_management.save_authorized_contacts)."""

from frappe import _

from aeo.registry.account_management import CONTACT_FIELDS, MANAGER, establishment_title, page_establishment

no_cache = 1


def get_context(context):
	me, establishment = page_establishment(context)
	if not me:
		return
	context.title = _("Authorized contact persons of {0}").format(establishment_title(establishment))
	context.can_edit = me.portal_role == MANAGER
	context.contacts = [{field: row.get(field) for field in CONTACT_FIELDS} for row in establishment.authorized_contacts]
	context.fields = [
		("contact_name_ar", _("Name (Arabic)"), "text", "rtl"),
		("contact_name", _("Name (English)"), "text", "ltr"),
		("job_title", _("Job Title"), "text", "auto"),
		("email", _("E-mail Address"), "email", "ltr"),
		("mobile_no", _("Phone Number"), "tel", "ltr"),
	]
