"""UAE PASS in headless Chromium, against the local OpenID Connect provider (tests/support/oidc): an establishment's
user logs in from Frappe's /login page (BRD §5.2.3.1); an applicant's identity fills the account request (§5.2.2.1)."""

import uuid

import pytest
from playwright.sync_api import expect

from tests.conftest import BASE_URL, screenshot
from tests.support.factories import make_establishment, make_user, unique


def at_provider(page, login: str, shot: str) -> None:
	"""The provider's own pages: its login form (any password is accepted), then its consent."""
	page.wait_for_selector("input[name=login]")
	page.fill("input[name=login]", login)
	page.fill("input[name=password]", "any password")
	screenshot(page, shot)
	page.click("button[type=submit]")
	page.click("button:has-text('Continue')")


@pytest.mark.parametrize("language", ["en", "ar"])
def test_establishment_user_logs_in_with_uae_pass_from_the_login_page(page, language):
	establishment = make_establishment(unique("UAEB"))
	email = make_user(
		f"manager.{uuid.uuid4().hex[:10]}@test.example",
		["Establishment Account Manager"],
		language=language,
		scope={"Establishment": establishment},
	)
	page.goto(f"/login?_lang={language}")
	button = page.locator("a.btn-uae_pass")
	expect(button).to_have_text("Login with UAE PASS" if language == "en" else "تسجيل الدخول عبر UAE PASS")
	screenshot(page, f"uae-pass-login-page-{language}")
	button.click()
	at_provider(page, email, f"uae-pass-provider-{language}")
	page.wait_for_url(f"{BASE_URL}/aeo/home")
	logged_in = page.evaluate("fetch('/api/method/frappe.auth.get_logged_user').then((r) => r.json())")
	assert logged_in["message"] == email
	assert page.evaluate("document.documentElement.dir") == ("rtl" if language == "ar" else "ltr")
	screenshot(page, f"uae-pass-logged-in-{language}")


@pytest.mark.parametrize("language", ["en", "ar"])
def test_applicant_identity_fills_the_account_request(page, language):
	email = f"salem.{uuid.uuid4().hex[:10]}@test.example"
	page.goto(f"/aeo/account-request?_lang={language}")
	page.click("#uae-pass")
	at_provider(page, email, f"uae-pass-applicant-provider-{language}")
	page.wait_for_url("**/aeo/account-request?applicant=*")
	for fieldname, value in (("applicant_name_ar", "محمد أحمد"), ("mobile_no", "+971501234567")):
		expect(page.locator(f"#{fieldname}")).to_have_value(value)
		expect(page.locator(f"#{fieldname}")).to_have_attribute("readonly", "")
	expect(page.locator("#email")).to_have_value(email)
	screenshot(page, f"uae-pass-account-request-{language}")
