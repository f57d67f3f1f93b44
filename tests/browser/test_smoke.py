"""Smoke tests per surface, in headless Chromium: a staff user in the desk, a guest on the portal (both languages)."""

import pytest
from playwright.sync_api import expect

from tests.conftest import screenshot
from tests.support.factories import PASSWORD, make_user


@pytest.mark.parametrize("language", ["en", "ar"])
def test_staff_user_logs_into_the_desk_and_opens_the_aeo_workspace(page, language):
	user = make_user(f"desk.smoke.{language}@test.example", ["Federal Administrator"], language=language)
	page.goto("/login")
	page.fill("#login_email", user)
	page.fill("#login_password", PASSWORD)
	page.click(".btn-login")
	page.wait_for_url("**/app/**")
	page.goto("/app/aeo")
	heading = "AEO Programme" if language == "en" else "برنامج المشغل الاقتصادي المعتمد"
	expect(page.locator(".ce-header", has_text=heading)).to_be_visible()
	shortcut = "Joining Application" if language == "en" else "طلب الانضمام"
	expect(page.locator(".shortcut-widget-box").get_by_text(shortcut, exact=True)).to_be_visible()
	assert page.evaluate("document.documentElement.dir") == ("rtl" if language == "ar" else "ltr")
	screenshot(page, f"desk-aeo-workspace-{language}")


@pytest.mark.parametrize(
	"language,direction,heading",
	[("en", "ltr", "Authorized Economic Operator Programme"), ("ar", "rtl", "برنامج المشغل الاقتصادي المعتمد")],
)
def test_guest_opens_the_programme_page(page, language, direction, heading):
	page.goto(f"/aeo?_lang={language}")
	expect(page.locator("h1")).to_have_text(heading)
	assert page.evaluate("document.documentElement.dir") == direction
	assert page.locator(".aeo-card").count() >= 4
	screenshot(page, f"portal-programme-{language}")


def test_guest_switches_language_and_it_sticks(page):
	page.goto("/aeo?_lang=en")
	page.click(".aeo-lang-link")
	expect(page.locator("h1")).to_have_text("برنامج المشغل الاقتصادي المعتمد")
	page.goto("/aeo")
	expect(page.locator("h1")).to_have_text("برنامج المشغل الاقتصادي المعتمد")


def test_a_guest_in_an_english_browser_sees_arabic_first_and_the_switch_keeps_the_page(page):
	"""The portal's default is Arabic whatever the browser asks (the page fixture's browser asks en-US); switching
	keeps the page's own parameters (e.g. a UAE PASS applicant's identity token on the request form)."""
	page.goto("/aeo/track?reference=ACR-1")
	expect(page.locator("html")).to_have_attribute("dir", "rtl")
	page.click(".aeo-lang-link")
	page.wait_for_url("**/aeo/track?reference=ACR-1&_lang=en")
	expect(page.locator("html")).to_have_attribute("dir", "ltr")
