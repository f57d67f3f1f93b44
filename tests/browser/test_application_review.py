"""The desk review of a joining application tried as staff do it (BRD §5.3.4; Table 35): the Administrator works
in Arabic, the First Administrator in English, each picking the Workflow's actions; an overdue review (BR.9) stands
out in the list."""

import uuid

import frappe
from aeo.application import deadlines
from frappe.model.workflow import apply_workflow
from frappe.utils import add_days, today
from playwright.sync_api import expect

from tests.conftest import BASE_URL, screenshot
from tests.support.factories import (
	PASSWORD,
	draft_application,
	make_establishment,
	make_establishment_user,
	make_user,
	unique,
)
from tests.support.mail import background_jobs_done, wait_until
from tests.support.portal import review_in_desk, sign_in

AUH = "Abu Dhabi Customs"


def submitted_application() -> str:
	licence = make_establishment(unique("JRB"), emirate="Abu Dhabi")
	manager = make_establishment_user(licence, f"manager.{licence.lower()}@test.example", "Establishment Account Manager", main=True)
	name = draft_application(licence, manager)
	doc = frappe.get_doc("Joining Application", name)
	frappe.set_user(manager)
	try:
		apply_workflow(doc.as_dict(), "Submit")
	finally:
		frappe.set_user("Administrator")
	frappe.db.commit()
	return name


def test_administrator_and_first_administrator_decide_in_the_desk(browser):
	suffix = uuid.uuid4().hex[:6]
	scope = {"Customs Administration": AUH}
	admin = make_user(f"jrb.admin.{suffix}@test.example", ["Customs Administrator"], language="ar", scope=scope)
	first = make_user(f"jrb.first.{suffix}@test.example", ["Customs First Administrator"], language="en", scope=scope)
	name = submitted_application()
	steps = ((admin, ("بدء المراجعة", "تأكيد اكتمال البيانات", "قبول مبدئي"), "ar"), (first, ("Approve",), "en"))
	review_in_desk(browser, "joining-application", name, steps, "application-review-desk")
	frappe.db.rollback()
	doc = frappe.get_doc("Joining Application", name)
	assert doc.status == "Approved"
	assert [row.to_status for row in doc.decisions][-4:] == [
		"Under Initial Review", "Under Risk Screening", "Under Final Review", "Approved"]
	wait_until(background_jobs_done)  # the screenings are opened by a worker after the step
	frappe.db.rollback()
	assert frappe.db.count("Risk Screening", {"joining_application": name}) >= 2


def test_an_overdue_review_is_highlighted_in_the_list(browser):
	name = submitted_application()
	frappe.db.set_value("Joining Application", name, "review_due_date", add_days(today(), -1))
	frappe.db.commit()
	deadlines.run_all()
	admin = make_user(f"jrb.list.{uuid.uuid4().hex[:6]}@test.example", ["Customs Administrator"],
		scope={"Customs Administration": AUH})
	context = browser.new_context(base_url=BASE_URL, locale="en-US", viewport={"width": 1366, "height": 900})
	page = context.new_page()
	sign_in(page, admin, PASSWORD, lands_on="**/app/**")
	page.goto("/app/joining-application?review_overdue=1")
	row = page.locator(".list-row-container", has_text=name)
	expect(row.locator(".indicator-pill.red", has_text="Review Overdue").first).to_be_visible()
	screenshot(page, "application-review-overdue-list-en")
	context.close()


def test_the_first_administrator_cancels_in_the_desk_giving_the_reason(browser):
	"""BR.25: "Cancel by Customs" asks for the reason in a dialog; the application is cancelled with it."""
	first = make_user(f"jrb.cancel.{uuid.uuid4().hex[:6]}@test.example", ["Customs First Administrator"],
		language="ar", scope={"Customs Administration": AUH})
	name = submitted_application()
	context = browser.new_context(base_url=BASE_URL, locale="ar-AE", viewport={"width": 1366, "height": 900})
	page = context.new_page()
	sign_in(page, first, PASSWORD, lands_on="**/app/**")
	page.goto(f"/app/joining-application/{name}")
	page.wait_for_function("(name) => window.cur_frm && cur_frm.doc.name === name && !cur_frm.is_dirty()", arg=name)
	page.locator(".actions-btn-group > button").click()
	page.locator(".actions-btn-group .dropdown-menu").get_by_text("إلغاء من قبل الإدارة الجمركية", exact=True).click()
	dialog = page.locator(".modal.show")
	dialog.locator('textarea[data-fieldname="remarks"]').fill("سحبت الجهة المصدرة الرخصة.")
	screenshot(page, "application-cancel-by-customs-dialog-ar")
	dialog.locator(".btn-primary").click()
	expect(page.locator(".indicator-pill", has_text="ملغي").first).to_be_visible()
	screenshot(page, "application-cancel-by-customs-ar")
	context.close()
	frappe.db.rollback()
	doc = frappe.get_doc("Joining Application", name)
	assert doc.status == "Cancelled" and doc.cancellation_remarks == "سحبت الجهة المصدرة الرخصة."
