"""The establishment's side of the joining application (BRD §5.2.3, Table 21; BR.6, BR.11, BR.12, BR.13), over HTTP
as the real portal users: a Data Entry User fills and saves a draft with its files, only the Account Manager submits,
resubmits or cancels (the workflow's transitions decide), a draft is deleted for good, and other establishments
reach nothing. Every refusal says why in the user's language and changes nothing."""

import json
import re
import uuid
from functools import partial

import frappe
import pytest
from aeo.application.portal import history
from frappe.model.workflow import apply_workflow
from frappe.utils import add_days, format_date, getdate, today

from tests.integration.test_account_management import MANAGER, said
from tests.support.certification import add_branches
from tests.support.factories import (
	http_session,
	make_establishment,
	make_establishment_user,
	make_user,
	unique,
)

SHARJAH_ISSUER = "Department of Economic Development – Sharjah"
ATTACHMENTS = ("organizational_structure", "executive_management_list", "shareholders_list")


def area(name: str, name_ar: str, emirate: str) -> str:
	values = {"area_name": name, "emirate": emirate}
	return frappe.db.get_value("Area", values) or frappe.get_doc(
		{"doctype": "Area", "area_name_ar": name_ar, **values}
	).insert(ignore_permissions=True).name


def reviewers() -> frappe._dict:
	"""A customs Administrator of Abu Dhabi and a return reason (T03-61), to return an application as the desk does."""
	reason = {"reason_type": "Application Return", "reason": "Portal test: board list missing"}
	data = frappe._dict(
		return_reason=frappe.db.get_value("Reason", reason)
		or frappe.get_doc({"doctype": "Reason", "reason_ar": "قائمة أعضاء المجلس ناقصة", **reason}).insert(
			ignore_permissions=True).name,
		administrator=make_user(f"ja.admin.{uuid.uuid4().hex[:6]}@test.example", ["Customs Administrator"],
			scope={"Customs Administration": "Abu Dhabi Customs"}),
	)
	frappe.db.commit()
	return data


@pytest.fixture(scope="module")
def world():
	data = frappe._dict(
		area=area("Portal Test Area AUH", "منطقة اختبار البوابة", "Abu Dhabi"),
		branch_area=area("Portal Test Area SHJ", "منطقة اختبار الشارقة", "Sharjah"),
		**reviewers(),
	)
	frappe.db.commit()
	return data


@pytest.fixture
def est():
	"""A new establishment (Abu Dhabi) with its main Account Manager and a Data Entry User, and a second
	establishment with its own manager."""
	name, other = make_establishment(unique("JA")), make_establishment(unique("JB"))
	return frappe._dict(
		name=name,
		manager=make_establishment_user(name, f"manager.{name.lower()}@test.example", MANAGER, main=True),
		entry=make_establishment_user(name, f"entry.{name.lower()}@test.example"),
		stranger=make_establishment_user(other, f"manager.{other.lower()}@test.example", MANAGER, main=True),
	)


def pdf(label: str) -> tuple:
	return (f"{label}.pdf", b"%PDF-1.4\n" + uuid.uuid4().bytes * 128, "application/pdf")


def form(world, **values) -> dict:
	"""What the portal form sends for a complete head office application (T03 groups A–H)."""
	return {
		"customs_code": "AE-CC-77821",
		"establishment_date": "2015-03-01",
		"phone": "02 612 3456",
		"website": "https://portal-test.example",
		"hq_emirate": "Abu Dhabi",
		"hq_area": world.area,
		"hq_address": "Mussafah, Street 10, Warehouse 4",
		"compliance_record_3_years": "Yes",
		"rejected_in_past_year": "No",
		"cancelled_in_past_3_years": "No",
		"has_branches": "No",
		"supply_chain_activities": ["Importer", "Exporter"],
		"activities_description": "Imports and exports spare parts.",
		"number_of_employees": "11 – 50",
		"number_of_sites": "2",
		"part_of_group": "No",
		"main_accredited_abroad": "Yes",
		"main_accreditation_countries": ["Saudi Arabia"],
		"branches_accredited_abroad": "No",
		"information_exchange_consent": 1,
		**values,
	}


def call(user: str, method: str, files=None, **data):
	return http_session(user).post(f"/api/method/aeo.application.portal.{method}", data=data, files=files)


def save(user: str, values: dict, name: str = "", files=None, lang: str = "en"):
	if files is None:
		files = {field: pdf(field) for field in ATTACHMENTS}
	return call(user, "save_draft", files=files, data=json.dumps(values), name=name, _lang=lang)


def saved(response) -> str:
	assert response.status_code == 200, response.text[:800]
	return response.json()["message"]["name"]


def application(name: str):
	frappe.db.rollback()  # read what the web server committed
	return frappe.get_doc("Joining Application", name)


def state(name: str) -> dict:
	frappe.db.rollback()
	return frappe.db.get_value("Joining Application", name, ["status", "workflow_state", "modified"], as_dict=True)


def refused(name: str, request, status: int, message: str) -> None:
	"""`request` (a call not yet made) is refused with `message` and the application stays as it was."""
	before = state(name)
	response = request()
	assert response.status_code == status, response.text[:800]
	assert message in said(response)
	assert state(name) == before


def review_and_return(world, name: str) -> None:
	"""What the customs Administrator does in the desk: start the review, then return the application."""
	frappe.set_user(world.administrator)
	try:
		apply_workflow(frappe.get_doc("Joining Application", name), "Start Review")
		frappe.db.set_value("Joining Application", name, {"return_reason": world.return_reason,
			"return_remarks": "Attach the list of the board members."})
		apply_workflow(frappe.get_doc("Joining Application", name), "Return to Establishment")
	finally:
		frappe.set_user("Administrator")
	frappe.db.commit()


def reference_pattern() -> str:
	"""BR.11: the reference number format of AEO Settings (Frappe's naming notation) as a pattern."""
	parts = frappe.db.get_single_value("AEO Settings", "joining_application_ref_format").split(".")
	return "".join(
		str(getdate(today()).year) if part == "YYYY" else rf"\d{{{len(part)}}}" if set(part) == {"#"} else re.escape(part)
		for part in parts
	)


# ---------------------------------------------------------------- drafts (§5.2.3.1, §5.2.3.3)


@pytest.mark.parametrize("lang,message", [("en", "The application {0} was saved."), ("ar", "تم حفظ الطلب {0}.")])
def test_a_data_entry_user_saves_a_draft_with_its_files(world, est, lang, message):
	response = save(est.entry, form(world, status="Approved", applicant_name="Someone Else"), lang=lang)
	name = saved(response)
	assert response.json()["message"]["message"] == message.format(name)
	doc = application(name)
	assert (doc.status, doc.workflow_state, doc.establishment) == ("Draft", "Draft", est.name)
	# T03-01…06 come from the account; the applicant is the Account Manager, not what the form says
	assert (doc.establishment_name, doc.licence_number, doc.emirate) == (f"Test Establishment {est.name}", est.name, "Abu Dhabi")
	assert (doc.applicant, doc.applicant_name, doc.phone) == (est.manager, "Test User", "+97126123456")
	assert [row.activity for row in doc.supply_chain_activities] == ["Importer", "Exporter"]
	assert [row.country for row in doc.main_accreditation_countries] == ["Saudi Arabia"]
	for field in ATTACHMENTS:
		file = frappe.get_all("File", {"file_url": doc.get(field), "attached_to_name": name}, ["is_private", "attached_to_doctype"])
		assert file == [{"is_private": 1, "attached_to_doctype": "Joining Application"}], field


def test_a_draft_may_be_incomplete_and_is_completed_later(world, est):
	name = saved(save(est.entry, {"customs_code": "AE-1", "part_of_group": "No"}, files={}))
	assert application(name).status == "Draft" and not application(name).organizational_structure
	first = {field: pdf(field) for field in ATTACHMENTS}
	saved(save(est.entry, form(world), name=name, files=first))
	replaced = application(name).organizational_structure
	saved(save(est.manager, form(world, activities_description="Re-exports."), name=name,
		files={"organizational_structure": pdf("new-chart")}))
	doc = application(name)
	assert doc.activities_description == "Re-exports." and doc.organizational_structure != replaced
	assert doc.executive_management_list  # a file not posted again stays
	assert not frappe.db.exists("File", {"file_url": replaced, "attached_to_name": name})  # the old version goes


def test_a_wrong_file_type_is_refused(world, est):
	response = save(est.entry, form(world), files={"organizational_structure": ("chart.txt", b"text", "text/plain")})
	assert response.status_code == 417 and "Organizational Structure: only these file types are accepted" in said(response)
	frappe.db.rollback()
	assert not frappe.db.exists("Joining Application", {"establishment": est.name})


# ---------------------------------------------------------------- branches (BR.13, T03-19…36)


def branch(world, **values) -> dict:
	return {
		"branch_name_ar": "فرع الشارقة", "branch_name": "Sharjah Branch L.L.C", "legal_form": "Limited liability company (LLC)",
		"customs_code": "SHJ-CC-1", "establishment_date": "2019-05-01", "phone": "06 555 1234", "emirate": "Sharjah",
		"licence_issuer": SHARJAH_ISSUER, "licence_number": unique("BR"), "licence_issue_date": "2024-01-01",
		"licence_expiry_date": "2027-01-01", "area": world.branch_area, "detailed_address": "Industrial Area 3",
		"include_in_application": 1, **values,
	}


def test_branches_join_an_application_where_the_emirate_allows_it(world, est):
	files = {field: pdf(field) for field in ATTACHMENTS} | {"branch_licence:0": pdf("branch-licence")}
	name = saved(save(est.entry, form(world, has_branches="Yes", branches=[branch(world)]), files=files))
	[row] = application(name).branches
	assert (row.branch_name, row.location_emirate, row.include_in_application) == ("Sharjah Branch L.L.C", "Sharjah", 1)
	assert frappe.db.exists("File", {"file_url": row.branch_licence, "attached_to_name": name})
	saved(save(est.entry, form(world, has_branches="Yes", branches=[{"name": row.name, **branch(world,
		branch_name="Sharjah Branch Two", branch_licence=row.branch_licence)}]), name=name, files={}))
	[kept] = application(name).branches
	assert (kept.name, kept.branch_name, kept.branch_licence) == (row.name, "Sharjah Branch Two", row.branch_licence)


def test_a_new_application_offers_the_establishments_branch_licences(world, est):
	"""BR.13, T03-36: the branch licences of the account are offered on the new form, included by default, where the
	emirate allows one application for the head office and its branches."""
	[number] = add_branches(est.name, 1, emirate="Dubai")
	page = http_session(est.entry).get("/aeo/application")
	assert page.status_code == 200
	assert number in page.text and "Branch 1" in page.text


def test_no_branches_where_the_emirate_asks_for_one_application_per_licence(world, est):
	rule = frappe.db.get_value("AEO Emirate Rule", {"parent": "AEO Settings", "emirate": "Abu Dhabi"})
	frappe.db.set_value("AEO Emirate Rule", rule, "unified_application", 0)
	frappe.db.commit()
	frappe.clear_document_cache("AEO Settings", "AEO Settings")
	try:
		files = {field: pdf(field) for field in ATTACHMENTS} | {"branch_licence:0": pdf("branch-licence")}
		response = save(est.entry, form(world, has_branches="Yes", branches=[branch(world)]), files=files)
		assert response.status_code == 417
		assert "branches cannot be added to this one" in said(response)
		frappe.db.rollback()
		assert not frappe.db.exists("Joining Application", {"establishment": est.name})
		[number] = add_branches(est.name, 1, emirate="Dubai")
		assert number not in http_session(est.entry).get("/aeo/application").text
	finally:
		frappe.db.set_value("AEO Emirate Rule", rule, "unified_application", 1)
		frappe.db.commit()
		frappe.clear_document_cache("AEO Settings", "AEO Settings")


# ---------------------------------------------------------------- submitting (BR.11, BR.12, BR.6, T03-55)


@pytest.mark.parametrize("lang,message", [
	("en", "Only the establishment's Account Manager can submit the application."),
	("ar", "لا يقدم الطلب إلا مدير حساب المنشأة."),
])
def test_a_data_entry_user_cannot_submit(world, est, lang, message):
	name = saved(save(est.entry, form(world)))
	refused(name, partial(call, est.entry, "submit", name=name, _lang=lang), 403, message)
	assert state(name).status == "Draft"


def test_the_account_manager_submits_and_the_reference_follows_the_settings(world, est):
	name = saved(save(est.entry, form(world)))
	response = call(est.manager, "submit", name=name)
	assert response.status_code == 200, response.text[:800]
	assert said(response) == f"The application {name} was submitted to Abu Dhabi Customs for review."
	doc = application(name)
	assert (doc.status, doc.workflow_state, doc.reference_number) == ("Submitted", "Submitted", name)
	assert re.fullmatch(reference_pattern(), name)  # BR.11
	assert getdate(doc.submission_date) == getdate(today())  # T03-67
	refused(name, partial(save, est.manager, form(world), name=name), 417, "the application can no longer be changed")


def test_br6_a_second_application_for_the_licence_is_refused(world, est):
	saved(save(est.entry, form(world)))
	response = save(est.manager, form(world))
	assert response.status_code == 417
	assert f"Licence {est.name} already has the open joining application" in said(response)
	frappe.db.rollback()
	assert frappe.db.count("Joining Application", {"establishment": est.name}) == 1


@pytest.mark.parametrize("values,files,message", [
	({}, ("executive_management_list", "shareholders_list"), "Organizational Structure"),
	({"information_exchange_consent": 0}, ATTACHMENTS, "the application cannot be submitted without this consent"),
])
def test_an_incomplete_application_is_not_submitted(world, est, values, files, message):
	name = saved(save(est.entry, form(world, **values), files={field: pdf(field) for field in files}))
	refused(name, partial(call, est.manager, "submit", name=name), 417, message)
	assert state(name).status == "Draft"


# ---------------------------------------------------------------- other establishments


def test_another_establishment_reaches_nothing(world, est):
	name = saved(save(est.entry, form(world)))
	message = "This application is not one of your establishment's applications."
	shown = "This application is not one of your establishment"  # the page escapes the apostrophe
	for method, data in (("submit", {}), ("cancel", {"reason": "Not ours"}), ("delete_draft", {})):
		refused(name, partial(call, est.stranger, method, name=name, **data), 403, message)
	refused(name, partial(save, est.stranger, form(world, activities_description="Taken over."), name=name), 403, message)
	session = http_session(est.stranger)
	assert name not in [app["name"] for app in session.get("/api/method/aeo.application.portal.my_applications").json()["message"]]
	assert session.get(f"/api/resource/Joining Application/{name}").status_code == 403
	page = session.get(f"/aeo/application?name={name}")
	assert page.status_code == 403 and shown in page.text and "Mussafah" not in page.text
	assert application(name).activities_description == "Imports and exports spare parts."


def test_pages_send_guests_to_login_and_staff_to_the_desk(world, est):
	for path in ("/aeo/applications", "/aeo/application"):
		guest = http_session().get(path, allow_redirects=False)
		assert guest.status_code == 302 and "/login" in guest.headers["Location"]
		staff = http_session(world.administrator).get(path, allow_redirects=False)
		assert staff.status_code == 302 and staff.headers["Location"].endswith("/app")


# ---------------------------------------------------------------- following the application (Table 21)


def test_my_applications_shows_the_table_21_status_and_the_next_step(world, est):
	name = saved(save(est.entry, form(world)))
	[app] = http_session(est.entry).get("/api/method/aeo.application.portal.my_applications").json()["message"]
	assert (app["name"], app["status_label"], app["can_edit"], app["can_delete"]) == (name, "Joining request in preparation", 1, 1)
	assert app["next_step"] == "Complete the application; your Account Manager submits it." and not app["can_submit"]
	assert app["due"][0] == "Draft kept until"  # BR.7
	[app] = http_session(est.manager).get("/api/method/aeo.application.portal.my_applications", params={"_lang": "ar"}).json()["message"]
	assert (app["status_label"], app["can_submit"]) == ("طلب الانضمام قيد الإنشاء", True)
	page = http_session(est.manager).get("/aeo/applications")
	assert page.status_code == 200 and name in page.text and 'data-action="submit"' in page.text
	assert 'id="new-application"' not in page.text  # BR.6: an open application stands in the way
	assert 'data-action="submit"' not in http_session(est.entry).get("/aeo/applications").text


def test_the_history_hides_customs_internal_steps(world, est):
	"""Table 21 shows the three review states as one: moves between them (initial acceptance, return to the
	Administrator) are not the establishment's to see; returns and decisions are, with their reasons."""
	doc = frappe.new_doc("Joining Application")
	for source, target, remarks in (
		("Draft", "Submitted", ""), ("Submitted", "Under Initial Review", ""),
		("Under Initial Review", "Under Risk Screening", "complete"), ("Under Risk Screening", "Under Final Review", "ok"),
		("Under Final Review", "Under Risk Screening", "check the violations again"),
		("Under Final Review", "Approved", "Welcome"),
	):
		doc.append("decisions", {"action": "x", "from_status": source, "to_status": target, "remarks": remarks})
	assert [(row["status"], row["remarks"]) for row in history(doc)] == [
		("Joining request submitted", ""), ("Joining request under review", ""), ("Joining request accepted", "Welcome")]


# ---------------------------------------------------------------- returned, cancelled, deleted (§5.2.3.4–5)


def test_a_returned_application_is_completed_and_resubmitted(world, est):
	name = saved(save(est.entry, form(world)))
	assert call(est.manager, "submit", name=name).status_code == 200
	review_and_return(world, name)
	[app] = http_session(est.entry).get("/api/method/aeo.application.portal.my_applications").json()["message"]
	assert app["status_label"] == "Joining request returned" and app["can_edit"]
	assert ["Return Reason", "Portal test: board list missing"] in app["notes"]
	assert ["Return Remarks", "Attach the list of the board members."] in app["notes"]
	assert app["due"][0] == "Resubmit by"  # BR.10
	saved(save(est.entry, form(world), name=name, files={"executive_management_list": pdf("board")}))
	refused(name, partial(call, est.entry, "submit", name=name), 403, "Only the establishment's Account Manager")
	assert call(est.manager, "submit", name=name).status_code == 200  # "Resubmit"
	assert state(name).status == "Submitted"


def test_the_manager_cancels_a_returned_application_with_a_reason(world, est):
	name = saved(save(est.entry, form(world)))
	assert call(est.manager, "submit", name=name).status_code == 200
	review_and_return(world, name)
	refused(name, partial(call, est.entry, "cancel", name=name, reason="No longer needed"), 403,
		"Only the establishment's Account Manager can cancel the application.")
	refused(name, partial(call, est.manager, "cancel", name=name, reason="  "), 417, "Give the reason for cancelling the application.")
	response = call(est.manager, "cancel", name=name, reason="We restructure the company first.", _lang="ar")
	assert response.status_code == 200 and said(response) == f"تم إلغاء الطلب {name}."
	doc = application(name)
	assert (doc.status, doc.cancellation_remarks) == ("Cancelled", "We restructure the company first.")
	assert saved(save(est.entry, form(world)))  # BR.6: a cancelled application no longer stands in the way


def test_an_application_under_review_cannot_be_cancelled(world, est):
	name = saved(save(est.entry, form(world)))
	assert call(est.manager, "cancel", name=name, reason="Too early").status_code == 417  # a draft is deleted instead
	assert call(est.manager, "submit", name=name).status_code == 200
	frappe.set_user(world.administrator)
	apply_workflow(frappe.get_doc("Joining Application", name), "Start Review")
	frappe.set_user("Administrator")
	frappe.db.commit()
	refused(name, partial(call, est.manager, "cancel", name=name, reason="Changed our minds"), 417,
		"Joining request under review: the application cannot be cancelled now.")


def test_a_submitted_application_is_cancelled_before_its_review(world, est):
	name = saved(save(est.entry, form(world)))
	assert call(est.manager, "submit", name=name).status_code == 200
	assert call(est.manager, "cancel", name=name, reason="Submitted by mistake.").status_code == 200
	assert state(name).status == "Cancelled"


def test_a_draft_is_deleted_for_good_with_its_files(world, est):
	name = saved(save(est.entry, form(world)))
	files = [application(name).get(field) for field in ATTACHMENTS]
	response = call(est.entry, "delete_draft", name=name)
	assert response.status_code == 200 and said(response) == f"The draft {name} was deleted."
	frappe.db.rollback()
	assert not frappe.db.exists("Joining Application", name)
	assert not frappe.db.exists("File", {"file_url": ("in", files)})


def test_only_a_draft_is_deleted(world, est):
	name = saved(save(est.entry, form(world)))
	assert call(est.manager, "submit", name=name).status_code == 200
	refused(name, partial(call, est.manager, "delete_draft", name=name), 417, "Joining request submitted: only a draft can be deleted.")



def test_br7_a_draft_says_until_when_it_is_kept(world, est):
	"""The date the daily job (aeo.application.deadlines) deletes an untouched draft after."""
	saved(save(est.entry, form(world)))
	[app] = http_session(est.entry).get("/api/method/aeo.application.portal.my_applications").json()["message"]
	days = frappe.db.get_single_value("AEO Settings", "draft_retention_days")
	assert app["due"] == ["Draft kept until", format_date(add_days(today(), days))]


# ---------------------------------------------------------------- the form is the DocType's (issue 11)


@pytest.fixture
def customized():
	"""What an administrator does in Customize Form: a mandatory Data field after the website, its Arabic label in
	Translation, and the (optional) website hidden. Undone afterwards, as the administrator would."""
	field = frappe.get_doc({"doctype": "Custom Field", "dt": "Joining Application", "fieldname": "trade_register_no",
		"label": "Trade Register Number", "fieldtype": "Data", "reqd": 1, "insert_after": "website"}).insert()
	translation = frappe.get_doc({"doctype": "Translation", "language": "ar", "source_text": "Trade Register Number",
		"translated_text": "رقم السجل التجاري"}).insert()
	hidden = frappe.get_doc({"doctype": "Property Setter", "doctype_or_field": "DocField", "doc_type": "Joining Application",
		"field_name": "website", "property": "hidden", "value": "1", "property_type": "Check"}).insert()
	frappe.clear_cache(doctype="Joining Application")
	frappe.db.commit()
	yield field.fieldname
	for doctype, name in (("Custom Field", field.name), ("Translation", translation.name), ("Property Setter", hidden.name)):
		frappe.delete_doc(doctype, name, ignore_permissions=True, force=True)
	frappe.clear_cache(doctype="Joining Application")
	frappe.db.commit()


def test_a_field_added_in_customize_form_reaches_the_portal_form(world, est, customized):
	"""Issue 11: the portal form is drawn from the DocType's meta. The added mandatory field shows (its Arabic label
	from Translation), the hidden one does not, submitting without the new value is refused (417, nothing changes),
	and the value is saved and submitted."""
	page = http_session(est.manager).get("/aeo/application", params={"_lang": "ar"}).text
	assert "رقم السجل التجاري" in page and f'data-field="{customized}"' in page
	# the head office's website is gone; each branch (and the new-branch template) keeps its own
	assert page.count('data-field="website"') == page.count('data-field="branch_name"')
	http_session(est.manager).get("/aeo/home", params={"_lang": "en"})  # back to English for the messages below
	name = saved(save(est.entry, form(world)))
	refused(name, partial(call, est.manager, "submit", name=name), 417, "Trade Register Number")
	saved(save(est.entry, form(world, **{customized: "CR-5521"}), name=name))
	assert application(name).get(customized) == "CR-5521"
	assert call(est.manager, "submit", name=name).status_code == 200
	assert state(name).status == "Submitted"
