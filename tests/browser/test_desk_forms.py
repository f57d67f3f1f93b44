"""Every AEO DocType's form opens in the desk, in English and in Arabic (right to left), without an error."""

import frappe
import pytest
from frappe.translate import get_all_translations
from playwright.sync_api import expect

from tests.conftest import screenshot
from tests.support.factories import make_user
from tests.support.portal import desk_session

MODULES = ["AEO", "Registry", "Application", "Self Assessment", "Assessment", "Certification", "Monitoring", "Appeals", "MRA"]


def form_doctypes() -> list[str]:
	return frappe.get_all("DocType", {"module": ("in", MODULES), "istable": 0}, pluck="name", order_by="module, name")


@pytest.fixture(scope="module", params=["en", "ar"])
def desk(browser, request):
	language = request.param
	user = make_user(f"forms.{language}@test.example", ["System Manager", "AEO System Administrator"], language=language)
	context, page = desk_session(browser, user)
	yield language, page
	context.close()


@pytest.fixture(scope="module")
def made_by_the_process():
	"""Records nobody creates by hand (issue 11): one of each, made as the process makes them."""
	from aeo.certification.membership import approve_membership

	from tests.support.certification import default_benefit_group
	from tests.support.factories import make_establishment, unique

	default_benefit_group()
	issuance = approve_membership(make_establishment(unique("FRM")))
	frappe.db.commit()
	return {"AEO Certificate Issuance": issuance,
		"Membership Decision": frappe.db.get_value("AEO Certificate Issuance", issuance, "membership_decision")}


@pytest.mark.parametrize("doctype", form_doctypes())
def test_form_opens(desk, doctype, made_by_the_process):
	language, page = desk
	slug = doctype.lower().replace(" ", "-")
	single = frappe.get_meta(doctype).issingle
	existing = made_by_the_process.get(doctype)
	page.goto(f"/app/{slug}" if single else f"/app/{slug}/{existing or 'new'}")
	expect(page.locator(".form-layout").first).to_be_visible()
	expect(page.locator(".modal.show .msgprint")).to_have_count(0)
	assert page.evaluate("document.documentElement.dir") == ("rtl" if language == "ar" else "ltr")
	title = get_all_translations("ar").get(doctype, doctype) if language == "ar" else doctype
	if existing:  # a record's form is titled by the record; its DocType is in the breadcrumbs
		expect(page.locator("#navbar-breadcrumbs")).to_contain_text(title)
	else:
		expect(page.locator(".page-head .title-text").first).to_contain_text(title)
	screenshot(page, f"desk-form-{slug}-{language}")


def fill_link(page, fieldname: str, value: str) -> None:
	control = page.locator(f'.frappe-control[data-fieldname="{fieldname}"]')
	control.locator("input").click()
	control.locator("input").press_sequentially(value, delay=50)
	control.locator('[role="option"]', has_text=value).first.click()
	# the desk checks the link on the server before it sets the value on the form
	page.wait_for_function(f"() => window.cur_frm && cur_frm.doc[{fieldname!r}]")


def fill_area(page, name: str, name_ar: str, language: str) -> None:
	page.goto("/app/area/new")
	page.locator('.frappe-control[data-fieldname="area_name"] input').fill(name)
	page.locator('.frappe-control[data-fieldname="area_name_ar"] input').fill(name_ar)
	fill_link(page, "emirate", "Dubai" if language == "en" else "دبي")
	page.locator(".page-actions .primary-action").click()


def test_a_form_saves_and_bad_input_is_refused_in_the_users_language(desk):
	"""Area (T03-14's list): saved from the desk form; an Arabic name in Latin letters is refused in the user's
	language, and nothing is saved."""
	language, page = desk
	refused, saved = f"Refused Area {language}", f"Desk Area {language}"
	fill_area(page, refused, "Latin letters", language)
	error = "must be written in Arabic letters" if language == "en" else "يجب كتابة"
	expect(page.locator(".modal.show .msgprint")).to_contain_text(error)
	screenshot(page, f"desk-area-refused-{language}")
	assert not frappe.db.exists("Area", {"area_name": refused})
	fill_area(page, saved, "منطقة المكتب", language)
	page.wait_for_url(lambda url: "/app/area/" in url and not url.endswith("/new") and "new-area" not in url)
	screenshot(page, f"desk-area-saved-{language}")
	frappe.db.rollback()  # a fresh read of what the web server committed
	assert frappe.db.get_value("Area", {"area_name": saved}, ["area_name_ar", "emirate"]) == ("منطقة المكتب", "Dubai")
