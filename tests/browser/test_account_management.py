"""An Account Manager adds a Data Entry User on the portal, in Arabic (right to left); the new user sets a password
through the e-mailed link and signs in to the portal home (BRD §5.2.2.3; T02)."""

import frappe
from playwright.sync_api import expect

from tests.conftest import BASE_URL, screenshot
from tests.support.factories import PASSWORD, make_establishment, make_establishment_user, unique
from tests.support.portal import add_user, set_password, set_password_link, sign_in

NEW_PASSWORD = "Portal-Entry-2026!"


def test_a_manager_adds_a_user_who_sets_a_password_and_signs_in(page, browser, mail):
	establishment = make_establishment(unique("UI"))
	manager = make_establishment_user(
		establishment, f"manager.{establishment.lower()}@test.example", "Establishment Account Manager", main=True,
		full_name="Huda Saleh", full_name_ar="هدى صالح",
	)
	frappe.db.set_value("User", manager, "language", "ar")
	frappe.db.commit()
	email = f"entry.{establishment.lower()}@test.example"

	sign_in(page, manager, PASSWORD)
	assert page.evaluate("document.documentElement.dir") == "rtl"
	expect(page.locator("h1")).to_have_text(f"منشأة اختبار {establishment}")
	expect(page.locator(".aeo-whoami")).to_contain_text("هدى صالح")
	screenshot(page, "portal-home-manager-ar")

	page.click('a[href="/aeo/users"]')
	expect(page.locator(".aeo-users tbody tr")).to_have_count(1)
	add_user(page, "يوسف كريم", "Yousef Karim", "مخلص جمركي", "050 222 3344", email)
	expect(page.locator(".aeo-alert.alert-success")).to_contain_text("تمت إضافة يوسف كريم")
	expect(page.locator(".aeo-users tbody tr")).to_have_count(2)
	expect(page.locator(f'tr[data-name="{email}"]')).to_contain_text("مدخل بيانات")
	screenshot(page, "portal-users-ar")
	page.goto("/aeo/users?_lang=en")
	expect(page.locator(f'tr[data-name="{email}"]')).to_contain_text("Data Entry User")
	screenshot(page, "portal-users-en")

	page.goto("/aeo/contact")  # the choice sticks (issue 11) until the user switches back
	expect(page.locator("html")).to_have_attribute("lang", "en")
	page.goto("/aeo/contact?_lang=ar")
	page.click("#add-contact")
	contact = {"contact_name_ar": "منى خليل", "contact_name": "Mona Khalil", "job_title": "مدير الجمارك",
		"email": "mona@contact.example", "mobile_no": "04 123 4567"}
	for field, value in contact.items():
		page.locator(f'.aeo-contact [name="{field}"]').fill(value)
	page.click('#contacts button[type="submit"]')
	expect(page.locator(".aeo-alert.alert-success")).to_contain_text("تم حفظ بيانات الأشخاص المخولين بالتواصل")
	expect(page.locator('.aeo-contact [name="mobile_no"]')).to_have_value("+97141234567")
	screenshot(page, "portal-contact-ar")

	frappe.db.rollback()
	assert frappe.db.get_value("Establishment User", email, ["establishment", "portal_role"]) == (
		establishment, "AEO Data Entry User")
	link = set_password_link(mail, email)

	newcomer = browser.new_context(base_url=BASE_URL, viewport={"width": 1366, "height": 900})
	entry = newcomer.new_page()
	set_password(entry, link, NEW_PASSWORD)
	entry.goto("/api/method/logout")
	sign_in(entry, email, NEW_PASSWORD)
	entry.goto("/aeo/home?_lang=en")
	expect(entry.locator(".aeo-whoami")).to_contain_text("Yousef Karim, Data Entry User")
	expect(entry.locator('a[href="/aeo/users"]')).to_have_count(0)
	expect(entry.locator('a[href="/aeo/contact"]')).to_be_visible()
	screenshot(entry, "portal-home-data-entry-en")
	assert entry.goto("/aeo/users").status == 403
	expect(entry.locator("h1")).to_be_visible()
	screenshot(entry, "portal-users-not-permitted")
	newcomer.close()

	# back to the manager: the new user becomes the backup, is edited, then disabled (after a confirmation)
	page.goto("/aeo/users")
	row = page.locator(f'tr[data-name="{email}"]')
	row.locator('[data-action="backup"]').click()
	expect(page.locator(".aeo-alert.alert-success")).to_contain_text("أصبح يوسف كريم مدير الحساب البديل")
	expect(row).to_contain_text("مدير الحساب (البديل)")
	row.locator('[data-action="edit"]').click()
	expect(page.locator("#email")).to_have_value(email)
	page.fill("#job_title", "مدير العمليات")
	page.click('#user-form button[type="submit"]')
	expect(page.locator(".aeo-alert.alert-success")).to_contain_text("تم حفظ بيانات يوسف كريم")
	page.once("dialog", lambda dialog: dialog.accept())
	row.locator('[data-action="disable"]').click()
	expect(page.locator(".aeo-alert.alert-success")).to_contain_text("لم يعد بإمكان يوسف كريم تسجيل الدخول")
	expect(row.locator('[data-action="enable"]')).to_be_visible()
	screenshot(page, "portal-users-after-actions-ar")
	frappe.db.rollback()
	assert frappe.db.get_value("Establishment User", email, ["job_title", "enabled", "portal_role"]) == (
		"مدير العمليات", 0, "AEO Data Entry User")
