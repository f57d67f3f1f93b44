"""Rules shared by the assessment records (BRD Tables 7–10): ownership, risk rating, one record per section."""

import frappe
from frappe import _
from frappe.model import no_value_fields, table_fields

from aeo.assessment.risk import risk_level
from aeo.permissions import is_portal_user
from aeo.utils import fail


def inherit_ownership(doc, source_field: str = "joining_application") -> None:
	"""An assessment record belongs to the establishment of the record it is made for (application or report),
	so that User Permissions on Establishment and Customs Administration scope it."""
	if not doc.get(source_field):
		return
	source = doc.meta.get_field(source_field).options
	fields = ["establishment"] if source_field == "joining_application" else ["establishment", "joining_application"]
	values = frappe.db.get_value(source, doc.get(source_field), fields, as_dict=True) or {}
	doc.update(values)
	doc.customs_administration = frappe.db.get_value("Establishment", doc.establishment, "customs_administration")


def require(doc, fieldnames, reason: str) -> None:
	for fieldname in fieldnames:
		if not doc.get(fieldname):
			fail(doc, fieldname, reason)


def rate_risks(doc, risks_field: str, rate_field: str) -> None:
	"""T07-03…05/08, T09-03…06: selected risks need consequences, likelihood and a response; the rate is read from
	the risk matrix, never entered."""
	if doc.get(risks_field):
		require(doc, ("consequence", "likelihood", "risk_response"), _("required when risks are selected"))
	rated = doc.consequence and doc.likelihood
	doc.set(rate_field, risk_level(doc.likelihood, doc.consequence) if rated else None)


def require_leaf_section(doc) -> None:
	"""Risks, plans and results are recorded per leaf section of the self-assessment form (§5.3.6.1)."""
	if doc.template_section and not frappe.db.get_value("Template Section", doc.template_section, "is_leaf"):
		fail(doc, "template_section", _("choose a leaf section, not a group of sections"))


def require_one_per_section(doc) -> None:
	"""One record per (joining application, leaf section): the section's data is kept in a single place."""
	other = frappe.db.exists(doc.doctype, {
		"joining_application": doc.joining_application,
		"template_section": doc.template_section,
		"name": ("!=", doc.name or ""),
	})
	if other:
		frappe.throw(
			_("{0} {1} already covers this section of the joining application.").format(_(doc.doctype), other),
			title=_("Duplicate Entry"),
		)


def keep_customs_fields(doc, editable: set[str]) -> None:
	"""Portal users may change only the fields they fill; everything else on the record is the customs'."""
	if doc.is_new() or not is_portal_user():
		return
	before = doc.get_doc_before_save()
	for df in doc.meta.fields:
		if df.fieldname in editable or df.fieldname == "status" or df.permlevel or df.fieldtype in no_value_fields:
			continue
		if _value(before, df) != _value(doc, df):
			frappe.throw(
				_("{0} is entered by the customs administration and cannot be changed from the portal.").format(
					_(df.label)
				),
				title=_("Not Permitted"),
			)


def _value(doc, df):
	if df.fieldtype in table_fields:
		child = frappe.get_meta(df.options)
		return [[row.get(f.fieldname) for f in child.fields] for row in doc.get(df.fieldname)]
	value = doc.get(df.fieldname)
	return None if value in ("", None) else str(value)
