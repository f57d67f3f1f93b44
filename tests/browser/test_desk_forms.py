"""Every AEO DocType's form opens in the desk, in English and in Arabic (right to left), without an error."""

import frappe
import pytest
from frappe.translate import get_all_translations
from playwright.sync_api import expect

from tests.conftest import BASE_URL, screenshot
from tests.support.factories import PASSWORD, make_user

MODULES = ["AEO", "Registry", "Application", "Self Assessment", "Assessment", "Certification", "Monitoring", "Appeals", "MRA"]


def form_doctypes() -> list[str]:
	return frappe.get_all("DocType", {"module": ("in", MODULES), "istable": 0}, pluck="name", order_by="module, name")


@pytest.fixture(scope="module", params=["en", "ar"])
def desk(browser, request):
	language = request.param
	user = make_user(f"forms.{language}@test.example", ["System Manager", "AEO System Administrator"], language=language)
	context = browser.new_context(base_url=BASE_URL, viewport={"width": 1366, "height": 900})
	page = context.new_page()
	page.goto("/login")
	page.fill("#login_email", user)
	page.fill("#login_password", PASSWORD)
	page.click(".btn-login")
	page.wait_for_url("**/app/**")
	yield language, page
	context.close()


@pytest.mark.parametrize("doctype", form_doctypes())
def test_form_opens(desk, doctype):
	language, page = desk
	slug = doctype.lower().replace(" ", "-")
	single = frappe.get_meta(doctype).issingle
	page.goto(f"/app/{slug}" if single else f"/app/{slug}/new")
	expect(page.locator(".form-layout").first).to_be_visible()
	expect(page.locator(".modal.show .msgprint")).to_have_count(0)
	assert page.evaluate("document.documentElement.dir") == ("rtl" if language == "ar" else "ltr")
	title = get_all_translations("ar").get(doctype, doctype) if language == "ar" else doctype
	expect(page.locator(".page-head .title-text").first).to_contain_text(title)
	screenshot(page, f"desk-form-{slug}-{language}")
