"""An establishment's AEO certificates on the portal (BRD §5.2.6): every user of the establishment sees them and
downloads the active ones; while the federal authority issues them, the page says so (Table 27)."""

import frappe
from frappe import _
from frappe.utils import format_date

from aeo.certification.doctype.aeo_certificate_issuance.aeo_certificate_issuance import ISSUED
from aeo.certification.verification import PUBLIC_STATUSES, public_status
from aeo.registry.account_management import establishment_title, page_establishment

no_cache = 1


def get_context(context):
	me, establishment = page_establishment(context)
	if not me:
		return
	context.title = _("AEO certificates of {0}").format(establishment_title(establishment))
	context.being_issued = frappe.db.exists(
		"AEO Certificate Issuance", {"establishment": establishment.name, "status": ("!=", ISSUED)}
	)
	context.certificates = [
		{
			"name": row.name,
			"licence": row.licence_number,
			"holder": establishment_title(row),
			"scope": _(row.licence_scope),
			"status": _(public_status(row)),
			"downloadable": row.status == "Active",
			"date_of_issue": format_date(row.date_of_issue),
			"valid_until": format_date(row.valid_until),
		}
		for row in frappe.get_all(
			"AEO Certificate",
			{"establishment": establishment.name, "status": ("in", PUBLIC_STATUSES)},
			["name", "licence_number", "licence_scope", "establishment_name", "establishment_name_ar", "status",
				"date_of_issue", "valid_until"],
			order_by="licence_scope desc, licence_number asc",
		)
	]
