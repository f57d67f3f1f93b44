"""Reference data shipped with the app (05_rules_appendices.md §2, Appendices 1–4), bilingual and validated."""

import frappe
import pytest
from aeo.utils import ARABIC_LETTER

from tests.support.factories import make_establishment

MASTERS = {  # doctype: (count in the spec, Arabic name field)
	"Emirate": (7, "emirate_name_ar"),
	"Customs Administration": (8, "administration_name_ar"),
	"Licence Issuer": (28, "issuer_name_ar"),  # Appendix 1, A–H
	"Legal Form": (7, "legal_form_name_ar"),  # Appendix 2
	"Supply Chain Activity": (14, "activity_name_ar"),  # Appendix 3
	"Risk Assessment Method": (11, "method_name_ar"),  # Appendix 4
	"Risk Matrix Cell": (25, None),  # Appendix 5
}


@pytest.mark.parametrize("doctype", MASTERS)
def test_master_is_complete_and_bilingual(doctype):
	count, arabic_field = MASTERS[doctype]
	assert frappe.db.count(doctype) == count
	if arabic_field:
		for value in frappe.get_all(doctype, pluck=arabic_field):
			assert ARABIC_LETTER.search(value), value


def test_only_abu_dhabi_and_dubai_customs_process_applications():
	processing = frappe.get_all("Customs Administration", {"can_process_applications": 1}, pluck="emirate")
	assert sorted(processing) == ["Abu Dhabi", "Dubai"]
	assert frappe.get_all("Customs Administration", {"is_federal": 1}, pluck="abbreviation") == ["GAC"]


def test_licence_issuers_by_emirate_follow_appendix_1():
	def issuers(emirate, kind):
		return frappe.db.count("Licence Issuer", {"emirate": emirate, "issuer_type": kind})

	assert (issuers("Abu Dhabi", "Mainland"), issuers("Abu Dhabi", "Free Zone")) == (1, 5)
	assert (issuers("Dubai", "Mainland"), issuers("Dubai", "Free Zone")) == (1, 3)
	assert issuers("Fujairah", "Mainland") == 2


def test_other_service_provider_requires_a_description():
	assert frappe.get_all("Supply Chain Activity", {"requires_description": 1}, pluck="sort_order") == [14]


def refused(doc, message):
	with pytest.raises(frappe.ValidationError, match=message):
		doc.insert()
	frappe.db.rollback()
	assert not frappe.db.exists(doc.doctype, doc.name)


def test_arabic_name_in_latin_letters_is_refused():
	refused(frappe.get_doc({"doctype": "Legal Form", "legal_form_name": "Cooperative", "legal_form_name_ar": "Cooperative"}), "Arabic letters")


def test_federal_authority_has_no_emirate_and_is_unique():
	refused(frappe.get_doc({"doctype": "Customs Administration", "administration_name": "Second GAC",
		"administration_name_ar": "إدارة ثانية", "abbreviation": "GAC2", "is_federal": 1}), "already the federal authority")
	refused(frappe.get_doc({"doctype": "Customs Administration", "administration_name": "Federal With Emirate",
		"administration_name_ar": "جهة", "abbreviation": "FWE", "is_federal": 1, "emirate": "Dubai"}), "not tied to an emirate")


def test_establishment_licence_rules():
	base = {"doctype": "Establishment", "establishment_name": "Bad Co", "establishment_name_ar": "شركة",
		"legal_form": "General partnership", "email": "bad@bad.example", "emirate": "Abu Dhabi",
		"licence_issuer": "Department of Economic Development – Abu Dhabi", "licence_number": "BAD-1",
		"licence_issue_date": "2025-01-01", "licence_expiry_date": "2024-01-01"}
	refused(frappe.get_doc(base), "expiry date must come after")
	refused(frappe.get_doc(base | {"licence_expiry_date": "2027-01-01", "licence_issuer": "Dubai Development Authority"}),
		"does not issue licences in")
	refused(frappe.get_doc(base | {"licence_expiry_date": "2027-01-01", "email": "not-an-email"}), "not a valid Email")


def test_establishment_takes_the_customs_administration_of_its_emirate():
	name = make_establishment("REF-DXB-1", emirate="Dubai")
	assert frappe.db.get_value("Establishment", name, "customs_administration") == "Dubai Customs"
