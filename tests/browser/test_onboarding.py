"""Onboarding tried as people do it (BRD P-1.1, §5.2.2, Table 33): a guest asks for an account in Arabic, the
customs administration of the licence's emirate accepts it in the desk, the Account Manager sets a password from the
e-mailed link and logs in."""

import re
import uuid

import frappe
import pytest
from playwright.sync_api import expect

from tests.conftest import BASE_URL, screenshot
from tests.support.factories import ISSUER, account_request, make_user, unique
from tests.support.portal import add_user, review_in_desk, set_password, set_password_link, sign_in

PDF = b"%PDF-1.4\n%aeo\n" + b"1" * 2048


def fill_account_request(page, licence: str) -> None:
	page.fill("#applicant_name_ar", "خالد يوسف")
	page.fill("#applicant_name", "Khalid Yousef")
	page.fill("#job_title", "المدير العام")
	page.fill("#mobile_no", "050 765 4321")
	page.select_option("#applicant_role", "Owner / Founder")
	page.fill("#establishment_name_ar", "مؤسسة الواحة للشحن")
	page.fill("#establishment_name", "Oasis Shipping Est")
	page.fill("#licence_number", licence)
	page.select_option("#emirate", "Abu Dhabi")
	page.select_option("#licence_issuer", ISSUER["Abu Dhabi"])
	for field, name in (("valid_licence", "licence.pdf"), ("emirates_id_copy", "emirates-id.pdf")):
		page.set_input_files(f"#{field}", {"name": name, "mimeType": "application/pdf", "buffer": PDF + name.encode()})


@pytest.fixture
def reviewers():
	suffix = uuid.uuid4().hex[:6]
	scope = {"Customs Administration": "Abu Dhabi Customs"}
	return (
		make_user(f"onb.admin.{suffix}@test.example", ["Customs Administrator"], language="ar", scope=scope),
		make_user(f"onb.first.{suffix}@test.example", ["Customs First Administrator"], language="en", scope=scope),
	)


def test_a_guest_gets_an_account_in_arabic_and_the_account_manager_logs_in(page, browser, mail, reviewers):
	email, licence = f"oasis.{uuid.uuid4().hex[:8]}@test.example", unique("OAS")
	page.goto("/aeo?_lang=ar")
	page.get_by_role("link", name="إنشاء حساب منشأة تجارية").click()
	expect(page.locator("h1")).to_have_text("إنشاء حساب منشأة تجارية")
	assert page.evaluate("document.documentElement.dir") == "rtl"

	# a wrong code first: the page says why, in Arabic
	page.fill("#verify-email", email)
	page.get_by_role("button", name="إرسال رمز التحقق").click()
	expect(page.locator("#code-sent")).to_contain_text(email)
	code = re.search(r"(\d{6})", mail.wait_for(email)[0]["Subject"]).group(1)
	page.fill("#code", f"{(int(code) + 1) % 10**6:06d}")
	page.get_by_role("button", name="تحقق", exact=True).click()
	expect(page.locator(".aeo-alert")).to_contain_text("الرمز غير صحيح")
	screenshot(page, "onboarding-ar-1-wrong-code")
	page.fill("#code", code)
	page.get_by_role("button", name="تحقق", exact=True).click()
	expect(page.locator("#request")).to_be_visible()
	expect(page.locator("#email")).to_have_value(email)

	fill_account_request(page, licence)
	screenshot(page, "onboarding-ar-2-request-form")
	page.get_by_role("button", name="إرسال الطلب").click()
	expect(page.locator("#done")).to_be_visible()
	reference = page.locator("#reference").inner_text()
	screenshot(page, "onboarding-ar-3-sent")
	assert any(reference in m["Subject"] for m in mail.wait_for(email))

	# the Administrator (Arabic desk) starts the review and accepts it initially; the First Administrator approves
	admin, first = reviewers
	steps = ((admin, ("بدء المراجعة", "قبول مبدئي"), "ar"), (first, ("Approve",), "en"))
	review_in_desk(browser, "account-request", reference, steps, "onboarding-desk-reviewed")
	frappe.db.rollback()
	assert frappe.db.get_value("Account Request", reference, "status") == "Approved"

	# the Account Manager sets a password from the e-mailed link, lands on the portal and adds a Data Entry User
	set_password(page, set_password_link(mail, email), "Oasis-Manager-2026!")
	expect(page.locator("h1")).to_have_text("مؤسسة الواحة للشحن")
	screenshot(page, "onboarding-ar-4-account-manager-home")
	page.click('a[href="/aeo/users"]')
	clerk = f"clerk.{uuid.uuid4().hex[:8]}@test.example"
	add_user(page, "ريم سعيد", "Reem Saeed", "مدخلة بيانات", "055 111 2233", clerk)
	screenshot(page, "onboarding-ar-5-data-entry-user-added")

	# who sets a password from her own e-mail and signs in to the same establishment
	context = browser.new_context(base_url=BASE_URL, viewport={"width": 1366, "height": 900})
	entry = context.new_page()
	set_password(entry, set_password_link(mail, clerk), "Reem-Entry-2026!")
	entry.goto("/api/method/logout")
	sign_in(entry, clerk, "Reem-Entry-2026!")
	expect(entry.locator("h1")).to_have_text("مؤسسة الواحة للشحن")
	screenshot(entry, "onboarding-ar-6-data-entry-user-home")
	context.close()


@pytest.mark.parametrize("language", ["en", "ar"])
def test_a_guest_tracks_a_request_by_reference_and_email(page, language):
	request = account_request().insert()
	frappe.db.commit()
	page.goto(f"/aeo?_lang={language}")
	page.locator(".aeo-hero a[href='/aeo/track']").click()
	page.fill("#reference_number", request.name)
	page.fill("#email", "someone.else@test.example")
	page.locator("#track button[type=submit]").click()
	expected = {"en": "No account request matches", "ar": "لا يوجد طلب إنشاء حساب"}[language]
	expect(page.locator(".aeo-alert")).to_contain_text(expected)
	page.fill("#email", request.email)
	page.locator("#track button[type=submit]").click()
	status = {"en": "Account request submitted", "ar": "تم تقديم طلب انشاء الحساب"}[language]
	expect(page.locator("[data-field=status]")).to_have_text(status)
	screenshot(page, f"onboarding-track-{language}")
	page.goto("/aeo/account-request")
	expect(page.locator("#send-code")).to_be_visible()
	screenshot(page, f"onboarding-account-request-{language}")
