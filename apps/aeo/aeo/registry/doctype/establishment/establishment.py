"""Establishment: the legal entity behind an approved account, its licences, address and authorized contacts."""

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate, today

from aeo.registry.doctype.area.area import require_area_of_emirate
from aeo.registry.doctype.customs_administration.customs_administration import administration_of_emirate
from aeo.utils import fail, normalise_uae_phone, require_arabic, require_arabic_name, require_english_name

HEAD_OFFICE = "Head Office"
LICENCE_FIELDS = ("emirate", "licence_issuer", "licence_number", "licence_issue_date", "licence_expiry_date")


class Establishment(Document):
	def onload(self):
		from aeo.certification.membership import may_register_existing_aeo

		self.set_onload("can_register_existing_aeo", may_register_existing_aeo(self.name))

	def validate(self):
		require_arabic(self, "establishment_name_ar")
		normalise_uae_phone(self, "mobile_no")
		if (
			self.licence_issue_date
			and self.licence_expiry_date
			and getdate(self.licence_expiry_date) <= getdate(self.licence_issue_date)
		):
			frappe.throw(
				_("The licence expiry date must come after its issue date."), title=_("Invalid Dates")
			)
		require_issuer_of_emirate(self)
		self.customs_administration = administration_of_emirate(self.emirate)
		require_area_of_emirate(self, "area", "head_office_emirate")
		if self.establishment_date and getdate(self.establishment_date) > getdate(today()):
			fail(self, "establishment_date", _("cannot be in the future"))
		sync_head_office_licence(self)
		validate_licences(self)
		for contact in self.authorized_contacts:
			require_arabic_name(contact, "contact_name_ar")
			require_english_name(contact, "contact_name")
			normalise_uae_phone(contact, "mobile_no")


def require_issuer_of_emirate(doc) -> None:
	"""T01-10: the licence issuer is one of the licence's emirate (Appendix 1 lists issuers per emirate)."""
	if (
		doc.licence_issuer
		and frappe.db.get_value("Licence Issuer", doc.licence_issuer, "emirate") != doc.emirate
	):
		frappe.throw(
			_("{0} does not issue licences in {1}.").format(_(doc.licence_issuer), _(doc.emirate or "")),
			title=_("Invalid Value"),
		)


def sync_head_office_licence(doc) -> None:
	"""The first licence row mirrors the establishment's own licence, so that one table lists every licence."""
	rows = list(doc.licences)
	head = next((row for row in rows if row.licence_type == HEAD_OFFICE), None)
	doc.set("licences", [])
	head = doc.append("licences", head or {"licence_type": HEAD_OFFICE})
	head.update({fieldname: doc.get(fieldname) for fieldname in LICENCE_FIELDS})
	for row in rows:
		if row.licence_type != HEAD_OFFICE:
			doc.append("licences", row)
	for idx, row in enumerate(doc.licences, 1):
		row.idx = idx


def validate_licences(doc) -> None:
	"""Branch licences: issuer of their emirate, dates in order, valid when added or renewed (an old licence may
	expire later and stays on record), and every licence number held by one establishment only (BR.6 relies on it)."""
	before = doc.get_doc_before_save()
	known = {
		(row.licence_number, str(row.licence_expiry_date)) for row in (before.licences if before else [])
	}
	seen = set()
	for row in doc.licences:
		if row.licence_number in seen:
			frappe.throw(
				_("Row {0}: licence {1} is listed twice.").format(row.idx, row.licence_number),
				title=_("Invalid Value"),
			)
		seen.add(row.licence_number)
		holder = licence_holder(row.licence_number, doc.name)
		if holder:
			frappe.throw(
				_("Row {0}: licence {1} belongs to {2}.").format(row.idx, row.licence_number, holder),
				title=_("Invalid Value"),
			)
		if row.licence_type == HEAD_OFFICE or not (row.licence_issue_date and row.licence_expiry_date):
			continue
		require_issuer_of_emirate(row)
		expiry = getdate(row.licence_expiry_date)
		if expiry <= getdate(row.licence_issue_date):
			frappe.throw(
				_("Row {0}: the licence expiry date must come after its issue date.").format(row.idx),
				title=_("Invalid Dates"),
			)
		if (row.licence_number, str(expiry)) not in known and expiry < getdate(today()):
			frappe.throw(
				_("Row {0}: licence {1} has expired; add a valid licence.").format(
					row.idx, row.licence_number
				),
				title=_("Invalid Dates"),
			)


def licence_holder(licence_number: str, other_than: str) -> str | None:
	"""The establishment, other than `other_than`, that holds a licence number (as its own or a branch licence)."""
	if not licence_number:
		return None
	if licence_number != other_than and frappe.db.exists("Establishment", licence_number):
		return licence_number
	return frappe.db.get_value(
		"Establishment Licence",
		{"licence_number": licence_number, "parenttype": "Establishment", "parent": ("!=", other_than)},
		"parent",
	)

