"""Application module: the Joining Application of BRD Table 3 (T03-01…T03-73, groups A–O) with its branches,
violations and remarks, the Violation Type master and the Table MultiSelect items, validated rule by rule (BR.6,
BR.13, BR.17), and scoped over REST to the establishment and to its customs administration."""

import re

import frappe
import pytest
from frappe.utils import add_days, add_years, getdate, today

from tests.support.factories import application_values, http_session, make_establishment, make_user

AUH, AUH_APPLICANT, DXB, SHJ = "APP-AUH-1", "APP-AUH-2", "APP-DXB-1", "APP-SHJ-1"
BR6 = "APP-BR6-1"
REST_AUH, REST_DXB = "APP-AUH-3", "APP-DXB-2"
ALL_LICENCES = (AUH, AUH_APPLICANT, DXB, SHJ, BR6, REST_AUH, REST_DXB)
LLC = "Limited liability company (LLC)"
SHARJAH_ISSUER = "Department of Economic Development – Sharjah"
OTHER_SERVICES = "Other service provider participating in the international supply chain"
APPLICANT_EMAIL = "app.applicant@test.example"


def clean_up():
	for name in frappe.get_all("Joining Application", {"licence_number": ("in", ALL_LICENCES)}, pluck="name"):
		frappe.delete_doc("Joining Application", name, ignore_permissions=True, force=True)
	for doctype in ("AEO Certificate", "Assessment Report"):
		frappe.db.delete(doctype, {"name": ("like", "APP-TEST-%")})
	frappe.db.commit()


def make_file(name: str, size: int = 2048, private: int = 1) -> str:
	"""A stored file with unique content (Frappe reuses a file of the same content) and its URL."""
	content = (name.encode() * (size // len(name) + 1))[:size]
	return frappe.get_doc({"doctype": "File", "file_name": name, "is_private": private, "content": content}).insert(
		ignore_permissions=True
	).file_url


def area(name: str, name_ar: str, emirate: str) -> str:
	values = {"area_name": name, "emirate": emirate}
	return frappe.db.get_value("Area", values) or frappe.get_doc(
		{"doctype": "Area", "area_name_ar": name_ar, **values}
	).insert(ignore_permissions=True).name


def reason(text: str, reason_type: str, is_other: int = 0) -> str:
	values = {"reason": text, "reason_type": reason_type}
	return frappe.db.get_value("Reason", values) or frappe.get_doc(
		{"doctype": "Reason", "reason_ar": "سبب اختبار", "is_other": is_other, **values}
	).insert(ignore_permissions=True).name


@pytest.fixture(scope="module")
def world():
	clean_up()
	for licence in (AUH, AUH_APPLICANT, BR6, REST_AUH):
		make_establishment(licence, emirate="Abu Dhabi")
	for licence in (DXB, REST_DXB):
		make_establishment(licence, emirate="Dubai")
	if not frappe.db.exists("Establishment", SHJ):
		frappe.get_doc({"doctype": "Establishment", "establishment_name": "Sharjah Test Co",
			"establishment_name_ar": "شركة الشارقة", "legal_form": LLC, "email": "shj@app.example",
			"emirate": "Sharjah", "licence_issuer": SHARJAH_ISSUER, "licence_number": SHJ,
			"licence_issue_date": "2025-01-01", "licence_expiry_date": "2028-01-01"}).insert(ignore_permissions=True)
	if not frappe.db.exists("Violation Type", "APPT-223"):
		frappe.get_doc({"doctype": "Violation Type", "violation_code": "APPT-223", "violation_name": "Expired licence",
			"violation_name_ar": "رخصة منتهية"}).insert(ignore_permissions=True)
	data = {
		"area": {
			"Abu Dhabi": area("App Test Area AUH", "منطقة اختبار أبوظبي", "Abu Dhabi"),
			"Dubai": area("App Test Area DXB", "منطقة اختبار دبي", "Dubai"),
			"Sharjah": area("App Test Area SHJ", "منطقة اختبار الشارقة", "Sharjah"),
		},
		"return": reason("App test: documents missing", "Application Return"),
		"reject": reason("App test: not eligible", "Application Rejection"),
		"reject_other": reason("App test: other", "Application Rejection", is_other=1),
		"wrong_type": reason("App test: account", "Account Request Rejection"),
		"pdf": make_file("app-org-structure.pdf"),
		"pdf2": make_file("app-board.pdf"),
		"gif": make_file("app-shareholders.gif"),
		"txt": make_file("app-notes.txt"),
		"public_pdf": make_file("app-public.pdf", private=0),
		"big_pdf": make_file("app-big.pdf", size=6 * 1024 * 1024),
		"four_mb_pdf": make_file("app-four-mb.pdf", size=4 * 1024 * 1024),
		"png": make_file("app-remark.png"),
	}
	frappe.db.commit()
	yield data
	clean_up()


@pytest.fixture(autouse=True)
def rollback_after(world):
	"""Each test leaves the site as it found it: what it saved without committing is rolled back."""
	yield
	frappe.db.rollback()
	frappe.clear_document_cache("AEO Settings", "AEO Settings")


def application(world, licence=AUH, **values):
	"""A complete joining application of `licence` (head office data fetched from the establishment)."""
	emirate = frappe.db.get_value("Establishment", licence, "emirate")
	files = (world["pdf"], world["pdf2"], world["gif"])
	return frappe.get_doc(
		application_values(
			licence, world["area"].get(emirate), files, **{"website": "https://app-test.example", "number_of_sites": 2, **values}
		)
	)


def branch(world, licence="APP-BR-1", **values):
	return {
		"branch_name_ar": "فرع الاختبار",
		"branch_name": "Test Branch L.L.C",
		"legal_form": LLC,
		"customs_code": f"CB-{licence}",
		"establishment_date": "2018-01-01",
		"phone": "06 123 4567",
		"emirate": "Sharjah",
		"licence_issuer": SHARJAH_ISSUER,
		"licence_number": licence,
		"licence_issue_date": add_years(today(), -1),
		"licence_expiry_date": add_years(today(), 1),
		"branch_licence": world["pdf"],
		"area": world["area"]["Sharjah"],
		"detailed_address": "Warehouse 5",
		**values,
	}


def refused(doc, message, exc=frappe.ValidationError):
	"""The save fails with `message` (plain text, not a pattern) and nothing is stored."""
	with pytest.raises(exc, match=re.escape(message)):
		if doc.is_new():
			doc.insert()
		else:
			doc.save()
	name = doc.name
	frappe.db.rollback()
	assert not (name and frappe.db.exists(doc.doctype, name))


# ---------------------------------------------------------------- A good record


def test_good_application_saves_with_fetched_and_defaulted_values_t03_a_to_h(world):
	"""T03-01…T03-15 (head office), T03-16…19, T03-37…46, T03-52…55, T03-66, T03-69; branch T03-20…35."""
	doc = application(
		world,
		has_branches="Yes",
		branches=[branch(world, website=None)],
		supply_chain_activities=[{"activity": "Importer"}, {"activity": OTHER_SERVICES}],
		other_services_description="Ship chandlers.",
		part_of_group="Yes",
		group_description="Part of a regional trading group.",
		main_accredited_abroad="Yes",
		main_accreditation_countries=[{"country": "Saudi Arabia"}],
		branches_accredited_abroad="Yes",
		branch_accreditation_countries=[{"country": "Bahrain"}, {"country": "Oman"}],
	).insert()
	reference_format = frappe.db.get_single_value("AEO Settings", "joining_application_ref_format")
	assert doc.name == doc.reference_number and doc.name.startswith(reference_format.split(".")[0])  # T03-66
	assert doc.status == "Draft"  # T03-69
	assert (doc.establishment_name, doc.establishment_name_ar) == (f"Test Establishment {AUH}", f"منشأة اختبار {AUH}")
	assert (doc.emirate, doc.licence_number, doc.legal_form) == ("Abu Dhabi", AUH, LLC)  # T03-03, T03-06, T03-04
	assert doc.licence_issuer == "Department of Economic Development – Abu Dhabi"  # T03-05
	assert (str(doc.licence_issue_date), str(doc.licence_expiry_date)) == ("2025-01-01", "2028-01-01")  # T03-07/08
	assert doc.customs_administration == "Abu Dhabi Customs"
	assert doc.phone == "+971501234567"  # T03-11
	assert doc.unified_application == 1
	[row] = doc.branches
	assert row.phone == "+97161234567"  # T03-30
	assert row.website == "https://app-test.example"  # T03-31 defaults to the head office's
	assert row.location_emirate == "Sharjah"  # T03-32 defaults to the licence emirate
	assert (row.include_in_application, row.added_by_customs) == (1, 0)  # T03-36
	assert [r.activity for r in doc.supply_chain_activities] == ["Importer", OTHER_SERVICES]
	assert [r.country for r in doc.branch_accreditation_countries] == ["Bahrain", "Oman"]
	assert frappe.db.exists("Joining Application", doc.name)


def test_new_application_takes_the_defaults_of_the_brd(world):
	"""T03-19 has_branches No, T03-41 part_of_group Yes (A-11), T03-43/45 No, T03-60 No, T03-36 Yes."""
	doc = frappe.new_doc("Joining Application")
	assert (doc.has_branches, doc.part_of_group, doc.main_accredited_abroad, doc.branches_accredited_abroad) == (
		"No", "Yes", "No", "No")
	assert doc.undeclared_branches_found == "No"
	assert frappe.new_doc("Application Branch").include_in_application == 1
	assert not doc.compliance_record_3_years  # T03-16…18 must be answered: no default


# ---------------------------------------------------------------- mandatory fields


@pytest.mark.parametrize("fieldname", [
	"establishment", "customs_code", "establishment_date", "phone", "hq_area", "hq_address",  # T03-09…15
	"compliance_record_3_years", "rejected_in_past_year", "cancelled_in_past_3_years",  # T03-16…18
	"supply_chain_activities", "activities_description", "number_of_employees", "number_of_sites",  # T03-37…40
	"organizational_structure", "executive_management_list", "shareholders_list",  # T03-52…54
])
def test_mandatory_application_field_t03(world, fieldname):
	refused(application(world, **{fieldname: [] if fieldname == "supply_chain_activities" else None}), fieldname,
		frappe.MandatoryError)


@pytest.mark.parametrize("fieldname", [
	"branch_name_ar", "branch_name", "legal_form", "licence_number", "licence_issue_date", "customs_code",
	"establishment_date", "phone", "area", "detailed_address", "branch_licence",  # T03-20…35
])
def test_mandatory_branch_field_t03_20_to_35(world, fieldname):
	refused(application(world, has_branches="Yes", branches=[branch(world, **{fieldname: None})]), fieldname,
		frappe.MandatoryError)


def test_legal_form_is_mandatory_and_editable_t03_04(world):
	"""Fetched from the establishment when empty (so never missing), and the applicant may correct it."""
	assert frappe.get_meta("Joining Application").get_field("legal_form").reqd
	doc = application(world, legal_form="General partnership").insert()
	assert doc.legal_form == "General partnership"


def test_a_supply_chain_activity_item_needs_its_activity(world):
	refused(application(world, supply_chain_activities=[{"activity": None}]), "activity", frappe.MandatoryError)


def test_country_item_links_a_real_country_t03_44(world):
	refused(application(world, main_accredited_abroad="Yes", main_accreditation_countries=[{"country": "Atlantis"}]),
		"Atlantis", frappe.LinkValidationError)


# ---------------------------------------------------------------- conditional mandatory fields


@pytest.mark.parametrize("values,label", [
	({"has_branches": "Yes"}, "Branches"),  # T03-19 → T03-20…36
	({"supply_chain_activities": [{"activity": OTHER_SERVICES}]}, "Description of Other Services"),  # T03-37a
	({"part_of_group": "Yes"}, "Brief Description of the Group"),  # T03-42
	({"main_accredited_abroad": "Yes"}, "Countries (Main Establishment)"),  # T03-44
	({"branches_accredited_abroad": "Yes"}, "Countries (Branches)"),  # T03-46
	({"undeclared_branches_found": "Yes"}, "Branches Found by Customs"),  # T03-60
])
def test_conditional_field_is_required_for_its_answer(world, values, label):
	refused(application(world, **values), f"{label}: required for the answer given")


# ---------------------------------------------------------------- formats and names


def test_phone_numbers_must_be_uae_numbers_t03_11_t03_30(world):
	refused(application(world, phone="12345"), "Phone Number: enter a UAE number")
	refused(application(world, has_branches="Yes", branches=[branch(world, phone="+44 20 7946 0000")]),
		"Phone Number: enter a UAE number")


def test_websites_must_be_urls_t03_12_t03_31(world):
	refused(application(world, website="not a website"), "is not a valid URL")
	refused(application(world, has_branches="Yes", branches=[branch(world, website="also not one")]),
		"is not a valid URL")


def test_branch_names_in_their_own_script_t03_20_t03_21(world):
	refused(application(world, has_branches="Yes", branches=[branch(world, branch_name_ar="Test Branch")]),
		"Branch Name (Arabic) must be written in Arabic letters.")
	refused(application(world, has_branches="Yes", branches=[branch(world, branch_name="فرع")]),
		"Branch Name (English) must be written in English letters.")


def test_number_of_sites_cannot_be_negative_t03_40(world):
	refused(application(world, number_of_sites=-1), "Number of UAE Sites", frappe.NonNegativeError)


def test_number_of_employees_is_one_of_the_brd_ranges_t03_39(world):
	refused(application(world, number_of_employees="about 30"), 'Number of Employees cannot be "about 30"')


# ---------------------------------------------------------------- dates


def test_head_office_licence_dates_t03_07_t03_08_t03_10(world):
	tomorrow, last_year = add_days(today(), 1), add_years(today(), -1)
	refused(application(world, licence_issue_date=tomorrow), "Licence Issue Date: cannot be in the future")
	refused(application(world, licence_issue_date=last_year, licence_expiry_date=add_days(last_year, -1)),
		"Licence Expiry Date: must come after the licence issue date")
	refused(application(world, licence_issue_date=add_years(today(), -3), licence_expiry_date=add_days(today(), -1)),
		"Licence Expiry Date: the licence has expired")
	refused(application(world, establishment_date=tomorrow), "Establishment Date: cannot be in the future")


def test_a_licence_expiring_during_the_review_does_not_stop_customs(world):
	"""The expiry check belongs to making and submitting an application, not to customs' later decisions (BR.25)."""
	doc = application(world).insert()
	doc.db_set("licence_expiry_date", add_days(today(), -1))
	doc.reload()
	doc.save()  # e.g. customs recording a remark or a decision
	frappe.db.rollback()


def test_branch_licence_dates_t03_26_t03_27_t03_29(world):
	def with_branch(**values):
		return application(world, has_branches="Yes", branches=[branch(world, **values)])

	refused(with_branch(licence_issue_date=add_days(today(), 1)), "Licence Issue Date: cannot be in the future")
	refused(with_branch(licence_expiry_date=add_years(today(), -2)), "Licence Expiry Date: must come after")
	refused(with_branch(licence_issue_date=add_years(today(), -3), licence_expiry_date=add_days(today(), -1)),
		"the licence has expired")
	refused(with_branch(establishment_date=add_days(today(), 1)), "Establishment Date: cannot be in the future")


def test_branch_expiry_defaults_to_issue_plus_licence_validity_br17(world):
	issued = add_years(today(), -1)
	doc = application(world, has_branches="Yes", branches=[branch(world, licence_issue_date=issued,
		licence_expiry_date=None)]).insert()
	years = frappe.db.get_single_value("AEO Settings", "licence_default_validity_years")
	assert getdate(doc.branches[0].licence_expiry_date) == getdate(add_years(issued, years))


# ---------------------------------------------------------------- emirates, issuers, areas and licence numbers


def test_only_establishments_of_processing_emirates_apply_t03_03(world):
	refused(application(world, licence=SHJ, hq_emirate="Abu Dhabi", hq_area=world["area"]["Abu Dhabi"]),
		"Licence Emirate: the customs administration of Sharjah does not process joining applications")


def test_head_office_is_in_abu_dhabi_or_dubai_t03_13(world):
	refused(application(world, hq_emirate="Sharjah", hq_area=world["area"]["Sharjah"]),
		"Head Office Emirate: the customs administration of Sharjah does not process joining applications")


def test_head_office_may_be_in_the_other_processing_emirate_t03_13(world):
	doc = application(world, hq_emirate="Dubai", hq_area=world["area"]["Dubai"]).insert()
	assert (doc.emirate, doc.hq_emirate) == ("Abu Dhabi", "Dubai")


def test_areas_belong_to_the_chosen_emirate_t03_14_t03_33(world):
	refused(application(world, hq_area=world["area"]["Dubai"]), "is not an area of Abu Dhabi")
	refused(application(world, has_branches="Yes", branches=[branch(world, area=world["area"]["Dubai"])]),
		"is not an area of Sharjah")


def test_branch_licence_issuer_is_of_the_branch_emirate_t03_22_t03_24(world):
	refused(application(world, has_branches="Yes", branches=[branch(world, emirate="Dubai")]),
		f"{SHARJAH_ISSUER} does not issue licences in Dubai")


def test_each_licence_appears_once_in_the_application_t03_25(world):
	refused(application(world, has_branches="Yes", branches=[branch(world, licence=AUH)]),
		f"Licence Number: {AUH} appears more than once in the application")
	refused(application(world, has_branches="Yes", branches=[branch(world), branch(world)]),
		"APP-BR-1 appears more than once in the application")


def test_branch_inclusion_follows_the_emirate_rule_br13_t03_36(world):
	"""Where the licence emirate requires one application per licence, no branch is included."""
	rule = frappe.db.get_value("AEO Emirate Rule", {"parent": "AEO Settings", "emirate": "Abu Dhabi"})
	frappe.db.set_value("AEO Emirate Rule", rule, "unified_application", 0)
	frappe.clear_document_cache("AEO Settings", "AEO Settings")
	doc = application(world, has_branches="Yes", branches=[branch(world)]).insert()
	assert (doc.unified_application, doc.branches[0].include_in_application) == (0, 0)


def test_the_establishment_may_leave_a_branch_out_of_a_unified_application_t03_36(world):
	doc = application(world, has_branches="Yes", branches=[branch(world, include_in_application=0)]).insert()
	assert (doc.unified_application, doc.branches[0].include_in_application) == (1, 0)


# ---------------------------------------------------------------- attachments (T03-35, T03-52…54, T03-58, T03-73)


@pytest.mark.parametrize("fieldname", ["organizational_structure", "executive_management_list", "shareholders_list"])
def test_application_attachments_t03_52_to_54(world, fieldname):
	refused(application(world, **{fieldname: world["txt"]}), "only these file types are accepted")
	refused(application(world, **{fieldname: world["public_pdf"]}), "the file must be uploaded as private")
	refused(application(world, **{fieldname: world["big_pdf"]}), "the file is larger than 5 MB")
	refused(application(world, **{fieldname: "/private/files/app-missing.pdf"}), "the file was not found")


def test_only_the_shareholders_list_accepts_more_image_types_t03_54(world):
	assert application(world, shareholders_list=world["gif"]).insert()
	refused(application(world, organizational_structure=world["gif"]), "Organizational Structure: only these file types")


def test_branch_licence_copy_t03_35(world):
	refused(application(world, has_branches="Yes", branches=[branch(world, branch_licence=world["txt"])]),
		"Branch Licence: only these file types are accepted")
	refused(application(world, has_branches="Yes", branches=[branch(world, branch_licence=world["big_pdf"])]),
		"Branch Licence: the file is larger than 5 MB")


# ---------------------------------------------------------------- applicant (T03-47…51)


def test_applicant_is_the_current_account_manager_t03_47_to_51(world):
	if not frappe.db.exists("Establishment User", APPLICANT_EMAIL):
		frappe.get_doc({"doctype": "Establishment User", "establishment": AUH_APPLICANT,
			"portal_role": "Establishment Account Manager", "enabled": 1, "full_name_ar": "سارة أحمد",
			"full_name": "Sara Ahmed", "job_title": "Compliance Manager", "mobile_no": "0501112233",
			"email": APPLICANT_EMAIL}).insert(ignore_permissions=True)
		frappe.db.commit()
	user = frappe.db.get_value("Establishment User", APPLICANT_EMAIL, "user")
	frappe.db.set_value("Establishment", AUH_APPLICANT, "account_manager", user)
	doc = application(world, licence=AUH_APPLICANT).insert()
	assert doc.applicant == APPLICANT_EMAIL
	assert (doc.applicant_name_ar, doc.applicant_name, doc.applicant_job_title) == (
		"سارة أحمد", "Sara Ahmed", "Compliance Manager")
	assert (doc.applicant_phone, doc.applicant_email) == ("+971501112233", APPLICANT_EMAIL)


# ---------------------------------------------------------------- consent, status and decisions (T03-55, T03-61…69)


def test_application_cannot_be_submitted_without_consent_t03_55(world):
	doc = application(world, information_exchange_consent=0).insert()  # a draft may wait for the consent
	doc.status = "Submitted"
	refused(doc, "the application cannot be submitted without this consent")


def test_submission_stamps_the_submission_date_t03_67(world):
	doc = application(world).insert()
	doc.status = "Submitted"
	doc.save()
	assert getdate(doc.submission_date) == getdate(today())


def test_return_needs_an_application_return_reason_t03_61_t03_62_t03_68(world):
	doc = application(world, status="Submitted").insert()
	doc.status = "Returned"
	refused(doc, "Return Reason: required to return the application")
	doc = application(world, status="Submitted").insert()
	doc.update({"status": "Returned", "return_reason": world["wrong_type"]})
	refused(doc, "Return Reason: choose a reason of the type Application Return")
	doc = application(world, status="Submitted").insert()
	doc.update({"status": "Returned", "return_reason": world["return"], "return_remarks": "Add the board list."})
	doc.save()
	assert getdate(doc.decision_date) == getdate(today())


def test_return_to_the_administrator_needs_remarks_t03_63(world):
	doc = application(world, status="Under Final Review").insert()
	doc.status = "Under Risk Screening"  # the First Administrator returns it to the Administrator's review
	refused(doc, "Remarks to the Administrator: required to return the application to the Administrator")
	doc = application(world, status="Under Final Review").insert()
	doc.update({"status": "Under Risk Screening", "internal_return_remarks": "Check the branch licences."})
	doc.save()
	assert doc.decision_date is None


def test_rejection_needs_reasons_and_remarks_for_other_t03_64_t03_65_t03_68(world):
	doc = application(world, status="Under Final Review").insert()
	doc.status = "Rejected"
	refused(doc, "Reasons for Rejection: choose at least one reason")
	doc = application(world, status="Under Final Review").insert()
	doc.update({"status": "Rejected", "rejection_reasons": [{"reason": world["return"]}]})
	refused(doc, "Reasons for Rejection: choose reasons of the type Application Rejection")
	doc = application(world, status="Under Final Review").insert()
	doc.update({"status": "Rejected", "rejection_reasons": [{"reason": world["reject_other"]}]})
	refused(doc, 'Rejection Remarks: required when the reason "Other" is chosen')
	doc = application(world, status="Under Final Review").insert()
	doc.update({"status": "Rejected", "rejection_reasons": [{"reason": world["reject"]}, {"reason": world["reject_other"]}],
		"rejection_remarks": "Outside the programme's scope."})
	doc.save()
	assert getdate(doc.decision_date) == getdate(today())


def test_approval_stamps_the_decision_date_t03_68(world):
	doc = application(world, status="Under Final Review").insert()
	doc.status = "Approved"
	doc.save()
	assert getdate(doc.decision_date) == getdate(today())


def test_status_is_one_of_the_brd_statuses_t03_69(world):
	refused(application(world, status="Waiting"), 'Status cannot be "Waiting"')


# ---------------------------------------------------------------- customs entries (T03-56…60, T03-70…73)


def violation(world, **values):
	return {"violation_type": "APPT-223", "violation_document": world["pdf"], "violation_details": "Seen at port.",
		**values}


def test_violations_default_to_the_head_office_licence_t03_56_to_59(world):
	doc = application(world, violations=[violation(world)]).insert()
	[row] = doc.violations
	assert (row.licence_number, row.violation_type, row.added_by) == (AUH, "APPT-223", "Administrator")


def test_violations_on_branches_found_by_customs_t03_56_t03_60(world):
	doc = application(world, undeclared_branches_found="Yes", undeclared_branches=[branch(world, licence="APP-BR-9")],
		violations=[violation(world, licence_number="APP-BR-9")]).insert()
	assert doc.undeclared_branches[0].added_by_customs == 1
	assert doc.violations[0].licence_number == "APP-BR-9"


def test_violation_rules_t03_56_to_58(world):
	refused(application(world, violations=[violation(world, licence_number="APP-NOT-OURS")]),
		"Trade Licence Number: APP-NOT-OURS is not a licence of this application")
	refused(application(world, violations=[violation(world, violation_type=None)]), "violation_type",
		frappe.MandatoryError)
	refused(application(world, violations=[violation(world, violation_document=None)]), "violation_document",
		frappe.MandatoryError)
	refused(application(world, violations=[violation(world, violation_document=world["txt"])]),
		"Violation Document: only these file types are accepted")


def test_general_remarks_are_stamped_and_take_a_small_pdf_t03_70_to_73(world):
	doc = application(world, general_remarks=[{"remarks": "Consulted the risk section.", "document_name": "Memo",
		"document_description": "Risk section memo", "document": world["pdf"]}]).insert()
	[row] = doc.general_remarks
	assert row.added_by == "Administrator" and row.added_on
	frappe.db.rollback()  # BR.6 would refuse the next application on the same licence
	refused(application(world, general_remarks=[{"remarks": None}]), "remarks", frappe.MandatoryError)
	refused(application(world, general_remarks=[{"remarks": "See file.", "document": world["png"]}]),
		"Document: only these file types are accepted: pdf")
	refused(application(world, general_remarks=[{"remarks": "See file.", "document": world["four_mb_pdf"]}]),
		"Document: the file is larger than 3 MB")


# ---------------------------------------------------------------- Violation Type master


def test_violation_type_master(world):
	assert frappe.db.get_value("Violation Type", "APPT-223", "violation_name") == "Expired licence"
	with pytest.raises(frappe.ValidationError, match="Violation \\(Arabic\\) must be written in Arabic letters"):
		frappe.get_doc({"doctype": "Violation Type", "violation_code": "APPT-999", "violation_name": "Late filing",
			"violation_name_ar": "Late filing"}).insert()
	frappe.db.rollback()
	assert not frappe.db.exists("Violation Type", "APPT-999")
	with pytest.raises(frappe.DuplicateEntryError):
		frappe.get_doc({"doctype": "Violation Type", "violation_code": "APPT-223", "violation_name": "Again",
			"violation_name_ar": "مرة أخرى"}).insert()


# ---------------------------------------------------------------- BR.6: one open application per licence


def make_br6_record(doctype, name, **values):
	frappe.get_doc({"doctype": doctype, "name": name, **values}).db_insert()


def test_br6_an_open_application_blocks_a_new_one(world):
	first = application(world, licence=BR6).insert()
	blocked = f"Licence {BR6} already has the open joining application {first.name}"
	for status in ("Draft", "Submitted", "Under Initial Review", "Under Final Review", "Returned", "Approved"):
		frappe.db.set_value("Joining Application", first.name, "status", status)
		with pytest.raises(frappe.ValidationError, match=re.escape(blocked)):
			application(world, licence=BR6).insert()


@pytest.mark.parametrize("status", ["Rejected", "Cancelled"])
def test_br6_a_closed_application_does_not_block(world, status):
	first = application(world, licence=BR6).insert()
	frappe.db.set_value("Joining Application", first.name, "status", status)
	assert application(world, licence=BR6).insert()


def test_br6_approved_application_blocks_until_its_membership_process_ends(world):
	first = application(world, licence=BR6).insert()
	frappe.db.set_value("Joining Application", first.name, "status", "Approved")
	make_br6_record("Assessment Report", "APP-TEST-RPT-1", joining_application=first.name, establishment=BR6,
		status="Membership Grant Rejected")
	assert application(world, licence=BR6).insert()  # the membership grant was refused


def test_br6_a_certificate_ends_the_process_and_its_status_decides(world):
	first = application(world, licence=BR6).insert()
	frappe.db.set_value("Joining Application", first.name, "status", "Approved")
	make_br6_record("AEO Certificate", "APP-TEST-CRT-1", application=first.name, establishment=BR6,
		licence_number=BR6, status="Cancelled")
	assert application(world, licence=BR6).insert()  # a cancelled membership does not block


@pytest.mark.parametrize("status", ["Active", "Suspended"])
def test_br6_an_active_or_suspended_membership_blocks(world, status):
	make_br6_record("AEO Certificate", "APP-TEST-CRT-2", establishment=BR6, licence_number=BR6, status=status)
	refused(application(world, licence=BR6),
		f"Licence {BR6} holds an active or suspended AEO membership; a new joining application cannot be made.")


# ---------------------------------------------------------------- record-level access over REST


@pytest.fixture(scope="module")
def shared(world):
	names = {}
	for licence in (REST_AUH, REST_DXB):
		doc = application(world, licence=licence, return_remarks="Attach the board list.",
			internal_return_remarks="Customs only.", violations=[violation(world)]).insert()
		names[licence] = doc.name
	frappe.db.commit()
	people = {
		"owner_auh": make_user("app.owner.auh@test.example", ["Establishment Account Manager"],
			scope={"Establishment": REST_AUH}),
		"owner_dxb": make_user("app.owner.dxb@test.example", ["Establishment Account Manager"],
			scope={"Establishment": REST_DXB}),
		"staff_auh": make_user("app.staff.auh@test.example", ["Customs Administrator"],
			scope={"Customs Administration": "Abu Dhabi Customs"}),
		"staff_dxb": make_user("app.staff.dxb@test.example", ["Customs Administrator"],
			scope={"Customs Administration": "Dubai Customs"}),
		"federal": make_user("app.federal@test.example", ["Federal Administrator"]),
	}
	return names, people


def listed(user, names):
	response = http_session(user).get("/api/resource/Joining Application", params={"limit_page_length": 0})
	response.raise_for_status()
	return {row["name"] for row in response.json()["data"]} & set(names.values())


def opened(user, name):
	return http_session(user).get(f"/api/resource/Joining Application/{name}")


def test_establishments_see_only_their_own_applications(shared):
	names, people = shared
	assert listed(people["owner_auh"], names) == {names[REST_AUH]}
	assert listed(people["owner_dxb"], names) == {names[REST_DXB]}
	assert opened(people["owner_dxb"], names[REST_AUH]).status_code == 403
	assert opened(people["owner_auh"], names[REST_DXB]).status_code == 403


def test_local_staff_see_only_their_administrations_applications(shared):
	names, people = shared
	assert listed(people["staff_auh"], names) == {names[REST_AUH]}
	assert listed(people["staff_dxb"], names) == {names[REST_DXB]}
	assert opened(people["staff_dxb"], names[REST_AUH]).status_code == 403
	assert listed(people["federal"], names) == set(names.values())


def test_owners_read_their_application_but_not_the_customs_only_fields(shared):
	"""T03-56…59 and T03-63 are customs-only (permlevel 1); the return remarks T03-62 reach the establishment."""
	names, people = shared
	own = opened(people["owner_auh"], names[REST_AUH])
	assert own.status_code == 200
	data = own.json()["data"]
	assert data["return_remarks"] == "Attach the board list."
	assert data["violations"] == [] and data.get("internal_return_remarks") is None
	staff = opened(people["staff_auh"], names[REST_AUH]).json()["data"]
	assert len(staff["violations"]) == 1 and staff["internal_return_remarks"] == "Customs only."
