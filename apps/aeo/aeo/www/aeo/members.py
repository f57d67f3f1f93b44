"""The public list of Authorized Economic Operators (BRD §5.3.8: the establishment is added to the list on issue),
searchable by name or certificate number. Open to guests, rate-limited per address; only published fields."""

import frappe
from frappe import _
from frappe.utils import format_date

from aeo.certification.verification import over_lookup_limit, published_members
from aeo.registry.account_management import establishment_title

no_cache = 1


def get_context(context):
	context.title = _("Authorized Economic Operators")
	context.query = (frappe.form_dict.q or "").strip()[:100]
	if over_lookup_limit(context):
		return
	context.members = [
		{
			"name": establishment_title(row),
			"certificate": row.name,
			"emirate": _(row.emirate or ""),
			"date_of_issue": format_date(row.date_of_issue),
			"valid_until": format_date(row.valid_until),
		}
		for row in published_members(context.query)
	]
