"""The joining application on the portal as people use it (BRD §5.2.3, Table 21): a Data Entry User fills a draft
in Arabic (right to left) with a branch and the three attachments and saves it; the Account Manager, in English,
finds it under My applications and submits it, sees its status and reference number; customs return it and the
manager, in Arabic, reads why and cancels it with a reason."""

import re

import frappe
import pytest
from playwright.sync_api import expect

from tests.conftest import BASE_URL, screenshot
from tests.integration.test_application_portal import SHARJAH_ISSUER, area, review_and_return, reviewers
from tests.support.factories import PASSWORD, make_establishment, make_establishment_user, make_user, unique
from tests.support.portal import desk_session, sign_in

PDF = b"%PDF-1.4\n%aeo\n" + b"2" * 2048


def upload(name: str) -> dict:
	return {"name": name, "mimeType": "application/pdf", "buffer": PDF + name.encode()}


def choose(scope, field: str, value: str) -> None:
	"""Type into or pick from a field of the head office (the first one of that name) or of a branch row."""
	control = scope.locator(f'[data-field="{field}"]').first
	if control.evaluate("el => el.tagName") == "SELECT":
		control.select_option(value)
	else:
		control.fill(value)


def test_a_data_entry_user_fills_a_draft_in_arabic_and_the_manager_submits_it(page, browser):
	licence = make_establishment(unique("UIJ"))
	hq_area = area("Portal Test Area AUH", "منطقة اختبار البوابة", "Abu Dhabi")
	branch_area = area("Portal Test Area SHJ", "منطقة اختبار الشارقة", "Sharjah")
	manager = make_establishment_user(licence, f"manager.{licence.lower()}@test.example", "Establishment Account Manager",
		main=True, full_name="Huda Saleh", full_name_ar="هدى صالح")
	entry = make_establishment_user(licence, f"entry.{licence.lower()}@test.example", full_name="Yousef Karim",
		full_name_ar="يوسف كريم")
	frappe.db.set_value("User", entry, "language", "ar")
	frappe.db.commit()

	sign_in(page, entry, PASSWORD)
	page.get_by_role("link", name="طلباتي").click()
	expect(page.locator("h1")).to_have_text("طلباتي")
	expect(page.locator(".aeo-empty")).to_be_visible()
	page.get_by_role("link", name="طلب جديد").click()
	expect(page.locator("h1")).to_have_text("طلب انضمام جديد")
	assert page.evaluate("document.documentElement.dir") == "rtl"
	expect(page.locator("#submit-application")).to_have_count(0)  # BR.12: not for a Data Entry User

	for field, value in (
		("customs_code", "AE-CC-55120"), ("establishment_date", "2016-04-10"), ("phone", "02 612 3456"),
		("hq_area", hq_area), ("hq_address", "مصفح، شارع 10، مستودع 4"),
		("compliance_record_3_years", "Yes"), ("rejected_in_past_year", "No"), ("cancelled_in_past_3_years", "No"),
		("has_branches", "Yes"),
	):
		choose(page, field, value)
	page.get_by_role("button", name="إضافة فرع").click()
	branch = page.locator(".aeo-branch")
	expect(branch.locator("h3")).to_have_text("الفرع 1")
	for field, value in (
		("branch_name_ar", "فرع الشارقة"), ("branch_name", "Sharjah Branch L.L.C"),
		("legal_form", "Limited liability company (LLC)"), ("customs_code", "SHJ-CC-1"),
		("establishment_date", "2019-05-01"), ("phone", "06 555 1234"), ("emirate", "Sharjah"),
		("licence_issuer", SHARJAH_ISSUER), ("licence_number", unique("BRU")), ("licence_issue_date", "2024-01-01"),
		("licence_expiry_date", "2027-01-01"), ("area", branch_area), ("detailed_address", "المنطقة الصناعية 3"),
	):
		choose(branch, field, value)
	branch.locator("[data-upload]").set_input_files(upload("branch-licence.pdf"))
	page.locator('[data-field="supply_chain_activities"][value="Importer"]').check()
	expect(page.locator('[data-field="other_services_description"]')).to_be_hidden()
	for field, value in (
		("activities_description", "استيراد قطع الغيار وتوزيعها"), ("number_of_employees", "11 – 50"),
		("number_of_sites", "2"), ("part_of_group", "No"), ("main_accredited_abroad", "Yes"),
	):
		choose(page, field, value)
	saudi = page.locator('label:has([data-field="main_accreditation_countries"][value="Saudi Arabia"])')
	expect(saudi).to_have_text("المملكة العربية السعودية")  # country names in Arabic (CLDR)
	saudi.locator("input").check()
	for field in ("organizational_structure", "executive_management_list", "shareholders_list"):
		page.locator(f'input[name="{field}"]').set_input_files(upload(f"{field}.pdf"))
	page.locator('[data-field="information_exchange_consent"]').check()
	screenshot(page, "application-form-ar-filled")
	page.get_by_role("button", name="حفظ كمسودة").click()
	page.wait_for_url(re.compile(r"/aeo/application\?name="))
	expect(page.locator(".aeo-alert.alert-success")).to_contain_text("تم حفظ الطلب")
	name = page.url.split("name=")[1]
	expect(page.locator(".aeo-branch")).to_have_count(1)
	expect(page.locator(".aeo-file")).to_have_count(4)
	screenshot(page, "application-form-ar-saved")

	frappe.db.rollback()
	doc = frappe.get_doc("Joining Application", name)
	assert (doc.status, doc.hq_area, doc.main_accreditation_countries[0].country) == ("Draft", hq_area, "Saudi Arabia")
	assert doc.branches[0].branch_licence and doc.branches[0].location_emirate == "Sharjah"

	boss = browser.new_context(base_url=BASE_URL, viewport={"width": 1366, "height": 900})
	tab = boss.new_page()
	sign_in(tab, manager, PASSWORD)
	tab.goto("/aeo/applications?_lang=en")
	card = tab.locator(f'.aeo-application[data-name="{name}"]')
	expect(card.locator(".aeo-status")).to_have_text("Joining request in preparation")
	expect(card).to_contain_text("Complete the application and submit it.")
	tab.once("dialog", lambda dialog: dialog.accept())
	card.get_by_role("button", name="Submit").click()
	expect(tab.locator(".aeo-alert.alert-success")).to_contain_text(f"The application {name} was submitted to Abu Dhabi Customs")
	expect(card.locator(".aeo-status")).to_have_text("Joining request submitted")
	expect(card).to_contain_text("the customs administration reviews the application")
	expect(card.locator(".aeo-history")).to_contain_text("Joining request submitted")
	expect(tab.locator("#new-application")).to_have_count(0)
	screenshot(tab, "applications-en-submitted")
	tab.goto(f"/aeo/application?name={name}")
	expect(tab.locator("#save-draft")).to_have_count(0)
	screenshot(tab, "application-view-en-submitted")
	tab.goto("/aeo/applications?_lang=ar")
	expect(card.locator(".aeo-status")).to_have_text("تم تقديم طلب الانضمام")
	screenshot(tab, "applications-ar-submitted")
	frappe.db.rollback()
	assert frappe.db.get_value("Joining Application", name, ["status", "applicant"]) == ("Submitted", manager)

	# customs return it (§5.2.3.5); the manager reads why and by when, then cancels it with a reason (§5.2.3.4)
	review_and_return(reviewers(), name)
	tab.reload()
	expect(card.locator(".aeo-status")).to_have_text("تم إرجاع طلب الانضمام")
	expect(card.locator(".aeo-notes")).to_contain_text("قائمة أعضاء المجلس ناقصة")
	expect(card.locator(".aeo-due")).to_contain_text("آخر موعد لإعادة التقديم")
	expect(card.get_by_role("button", name="إعادة التقديم")).to_be_visible()
	tab.goto(f"/aeo/application?name={name}&_lang=ar")
	expect(tab.locator(".aeo-notes")).to_contain_text("Attach the list of the board members.")
	expect(tab.locator("#submit-application")).to_be_visible()
	screenshot(tab, "application-form-ar-returned")
	tab.goto("/aeo/applications?_lang=ar")
	card.get_by_role("button", name="إلغاء الطلب").click()
	card.locator("textarea[name=reason]").fill("نعيد هيكلة الشركة أولًا")
	card.locator(".aeo-cancel-form button[type=submit]").click()
	expect(tab.locator(".aeo-alert.alert-success")).to_contain_text(f"تم إلغاء الطلب {name}")
	expect(card.locator(".aeo-status")).to_have_text("تم إلغاء طلب الانضمام")
	expect(tab.locator("#new-application")).to_be_visible()  # BR.6: a cancelled application stands in no way
	screenshot(tab, "applications-ar-cancelled")
	boss.close()
	frappe.db.rollback()
	assert frappe.db.get_value("Joining Application", name, ["status", "cancellation_remarks"]) == (
		"Cancelled", "نعيد هيكلة الشركة أولًا")


def customize_joining_application(page) -> None:
	"""What an administrator does in Customize Form's form builder: a mandatory Data field after the website, and the
	website hidden; then Update."""
	page.goto("/app/customize-form?doc_type=Joining%20Application")
	builder = page.locator(".form-builder-container")
	builder.locator(".tab-header .tab", has_text="Establishment Details").click()
	website = builder.locator('.field[title="website"]')
	website.click()
	website.locator(".add-field-btn").click()
	page.locator("#autocomplete-area input[placeholder='Search fieldtypes...']:visible").fill("Data")
	page.locator("#autocomplete-area [role=option]:visible").get_by_text("Data", exact=True).click()
	properties = builder.locator(".properties-container, .field-properties, .sidebar-container").last
	properties.locator('[data-fieldname="label"] input').fill(CUSTOM_LABEL)
	properties.locator('[data-fieldname="reqd"] input[type=checkbox]').check()
	screenshot(page, "desk-customize-form-field-added")
	website.click()
	properties.locator('[data-fieldname="hidden"] input[type=checkbox]').check()
	page.get_by_role("button", name="Update").click()
	expect(page.locator(".page-head:visible .indicator-pill")).to_be_hidden()  # "Not Saved" is gone
	screenshot(page, "desk-customize-form-updated")


def translate(page, source: str, arabic: str) -> None:
	"""The administrator's Arabic label, in the desk's Translation form."""
	page.goto("/app/translation/new")
	language = page.locator('.frappe-control[data-fieldname="language"] input')
	language.fill("ar")
	language.press("Tab")
	page.wait_for_function("() => cur_frm.doc.language === 'ar'")
	for field, text in (("source_text", source), ("translated_text", arabic)):
		page.locator(f'.frappe-control[data-fieldname="{field}"] .ace_editor').click()
		page.keyboard.insert_text(text)
		page.wait_for_function("([field, text]) => cur_frm.doc[field] === text", arg=[field, text])
	page.keyboard.press("Control+s")
	page.wait_for_url(re.compile(r"/app/translation/(?!new)"))


CUSTOM_LABEL, CUSTOM_LABEL_AR = "Trade Register Number", "رقم السجل التجاري"


@pytest.fixture
def undo_customization():
	"""Afterwards the administrator's field, hidden website and translation are taken back."""
	yield
	for doctype, filters in (
		("Custom Field", {"dt": "Joining Application", "label": CUSTOM_LABEL}),
		("Property Setter", {"doc_type": "Joining Application", "field_name": "website", "property": "hidden"}),
		("Translation", {"source_text": CUSTOM_LABEL}),
	):
		for name in frappe.get_all(doctype, filters, pluck="name"):
			frappe.delete_doc(doctype, name, ignore_permissions=True, force=True)
	frappe.clear_cache(doctype="Joining Application")
	frappe.db.commit()


@pytest.mark.usefixtures("undo_customization")
def test_a_field_an_administrator_adds_in_customize_form_reaches_the_portal(page, browser):
	"""Issue 11 as an administrator does it: a mandatory Data field added and the website hidden in Customize Form,
	the label translated in the desk; the establishment's manager (Arabic) sees the field with its Arabic label and
	no website, cannot submit without it, fills it, and submits."""
	from tests.integration.test_application_portal import form, save, saved

	licence = make_establishment(unique("UIF"))
	manager = make_establishment_user(licence, f"manager.{licence.lower()}@test.example", "Establishment Account Manager",
		main=True, full_name="Mona Khalil", full_name_ar="منى خليل")
	admin = make_user("cf.sysadmin@test.example", ["System Manager", "AEO System Administrator"])
	frappe.db.set_value("User", manager, "language", "ar")
	frappe.db.commit()

	context, desk = desk_session(browser, admin)
	customize_joining_application(desk)
	translate(desk, CUSTOM_LABEL, CUSTOM_LABEL_AR)
	context.close()
	frappe.db.rollback()
	fieldname = frappe.db.get_value("Custom Field", {"dt": "Joining Application", "label": CUSTOM_LABEL}, "fieldname")
	assert fieldname and frappe.get_meta("Joining Application").get_field(fieldname).reqd

	world = frappe._dict(area=area("Portal Test Area AUH", "منطقة اختبار البوابة", "Abu Dhabi"))
	frappe.db.commit()
	name = saved(save(manager, form(world)))  # a complete draft, as saved before the field existed
	sign_in(page, manager, PASSWORD)
	page.goto(f"/aeo/application?name={name}")
	field = page.locator(f'[data-field="{fieldname}"]')
	label = page.locator(".aeo-field", has=field).locator(".aeo-label")
	expect(label).to_contain_text(CUSTOM_LABEL_AR)
	expect(label.locator(".aeo-required")).to_be_visible()
	expect(page.locator('[data-field="website"]:visible')).to_have_count(0)
	screenshot(page, "application-form-ar-custom-field")
	page.once("dialog", lambda dialog: dialog.accept())
	page.locator("#submit-application").click()
	expect(page.locator(".aeo-alert.alert-danger")).to_contain_text(CUSTOM_LABEL_AR)
	frappe.db.rollback()
	assert frappe.db.get_value("Joining Application", name, "status") == "Draft"

	field.fill("CR-88120")
	page.once("dialog", lambda dialog: dialog.accept())
	page.locator("#submit-application").click()
	expect(page.locator(".aeo-alert.alert-success")).to_contain_text(name)
	screenshot(page, "application-form-ar-custom-field-submitted")
	frappe.db.rollback()
	assert frappe.db.get_value("Joining Application", name, ["status", fieldname]) == ("Submitted", "CR-88120")
