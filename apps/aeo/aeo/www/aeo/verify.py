"""Verify an AEO certificate (the link of its QR code): open to guests, rate-limited per address. A valid link shows
the certificate's current status, the establishment's name and the validity, nothing more; an unknown number and a
tampered link get the same answer (aeo.certification.verification)."""

import frappe
from frappe import _
from frappe.utils import format_date

from aeo.certification.verification import over_lookup_limit, verified_certificate
from aeo.registry.account_management import establishment_title

no_cache = 1


def status_text(status: str) -> str:
	return {
		"Active": _("Active: the establishment is an Authorized Economic Operator."),
		"Suspended": _("Suspended: the AEO membership is suspended."),
		"Cancelled": _("Cancelled: the certificate is no longer valid."),
		"Expired": _("Expired: the certificate's validity has ended."),
	}[status]


def get_context(context):
	context.title = _("Verify an AEO certificate")
	if over_lookup_limit(context):
		return
	certificate = verified_certificate(frappe.form_dict.c, frappe.form_dict.s)
	if not certificate:
		context.message = _("This certificate link is not valid.")
		return
	context.certificate = certificate
	context.status = certificate.public_status
	context.status_text = status_text(certificate.public_status)
	context.name = establishment_title(certificate)
	context.valid_until = format_date(certificate.valid_until)
