"""Create an establishment account (BRD §5.2.2.1): prove the e-mail (one-time code) or sign in with UAE PASS, then
fill in and send the account request. Open to guests, in Arabic and English."""

import frappe
from frappe import _

from aeo.aeo.doctype.aeo_settings.aeo_settings import settings
from aeo.registry.account_management import redirect
from aeo.registry.doctype.account_request.account_request import ATTACHMENTS
from aeo.registry.onboarding import applicant

no_cache = 1

APPLICANT_FIELDS = ("applicant_name_ar", "applicant_name", "job_title", "mobile_no")
ESTABLISHMENT_FIELDS = ("establishment_name_ar", "establishment_name", "licence_number")


def get_context(context):
	if frappe.session.user != "Guest":
		redirect("/aeo/home")
	meta = frappe.get_meta("Account Request")
	config = settings()
	context.title = _("Create an establishment account")
	context.label = lambda fieldname: _(meta.get_label(fieldname))
	context.applicant_fields = APPLICANT_FIELDS
	context.establishment_fields = ESTABLISHMENT_FIELDS
	context.file_fields = ATTACHMENTS
	context.applicant_roles = [o for o in meta.get_field("applicant_role").options.split("\n") if o]
	context.emirates = [
		(row.emirate, localised_name("Emirate", row.emirate, "emirate_name_ar"))
		for row in config.emirate_rules
		if row.allow_account_requests
	]
	context.issuers = [
		{"name": row.name, "label": row.issuer_name_ar if frappe.local.lang == "ar" else row.name, "emirate": row.emirate}
		for row in frappe.get_all(
			"Licence Issuer",
			{"emirate": ("in", [emirate for emirate, _label in context.emirates])},
			["name", "issuer_name_ar", "emirate"],
			order_by="sort_order asc, name asc",
		)
	]
	context.accept = ",".join("." + ext.strip() for ext in config.allowed_attachment_extensions.split(","))
	context.max_size_mb = config.max_attachment_size_mb
	context.uae_pass = frappe.db.get_value("Social Login Key", "uae_pass", "enable_social_login") or 0
	context.proven = None
	token = frappe.form_dict.get("applicant")
	if token:
		try:
			context.proven = applicant(token)
			context.applicant_token = token
		except frappe.ValidationError:
			frappe.clear_messages()
			context.expired = True


def localised_name(doctype: str, name: str, arabic_field: str) -> str:
	if frappe.local.lang == "ar":
		return frappe.db.get_value(doctype, name, arabic_field) or name
	return name
