"""Both ways (issue 10): the permission layer refuses what a stranger crafts, and the desk's own calls still pass.
A local administrator opens list, report and group-by views and searches a link field in headless Chromium; every
call the desk makes to Frappe's list, count and search endpoints answers 2xx."""

import pytest
from playwright.sync_api import expect

from tests.conftest import screenshot
from tests.support.factories import make_establishment, make_user
from tests.support.portal import desk_session

WATCHED = ("frappe.desk.reportview", "frappe.desk.listview", "frappe.desk.search", "frappe.client.",
	"frappe.desk.form.load")


@pytest.fixture(scope="module")
def administrator():
	make_establishment("DESK-AUH-1", emirate="Abu Dhabi")
	return make_user("desk.paths@test.example", ["Customs Administrator", "Customs First Administrator"],
		scope={"Customs Administration": "Abu Dhabi Customs"})


def test_the_desks_own_list_report_and_search_calls_pass_the_layer(browser, administrator):
	context, page = desk_session(browser, administrator)
	failed = []
	page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 and any(
		w in r.url for w in WATCHED) else None)
	for route in ("/app/establishment", "/app/establishment/view/report", "/app/joining-application",
			"/app/joining-application/view/report?status=Submitted", "/app/aeo-certificate"):
		with page.expect_response(lambda r: "frappe.desk.reportview.get" in r.url):
			page.goto(route)
		page.wait_for_load_state("networkidle")
	# the sidebar's "Assigned To" and "Created By" groups
	page.goto("/app/establishment")
	for fieldname in ("assigned_to", "owner"):
		with page.expect_response(lambda r: "get_group_by_count" in r.url) as counted:
			page.locator(f'.group-by-field a[data-fieldname="{fieldname}"]').click()
		assert counted.value.ok, counted.value.text()[:300]
		page.keyboard.press("Escape")
	# a link field's search, as the desk sends it: the list's standard filter on the establishment
	page.goto("/app/joining-application")
	field = page.locator('.page-form input[data-fieldname="establishment"]').first
	with page.expect_response(lambda r: "frappe.desk.search.search_link" in r.url) as searched:
		field.fill("DESK-AUH")
	assert searched.value.ok and "DESK-AUH-1" in searched.value.text()
	expect(page.locator(".awesomplete").first).to_be_visible()
	screenshot(page, "desk-link-search-through-the-layer")
	context.close()
	assert not failed, failed
