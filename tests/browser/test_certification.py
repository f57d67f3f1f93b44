"""Certification tried as people would: in the desk the Main Account Manager approves the certificates and the
federal authority issues them and downloads one; on the portal the establishment's Account Manager downloads its
certificate (Arabic and English); a guest scans its QR code and sees its status (BRD §5.2.6, §5.3.8)."""

import subprocess
from pathlib import Path

import frappe
import pytest
from aeo.certification.membership import approve_membership
from playwright.sync_api import expect

from tests.conftest import ARTIFACTS, BASE_URL, screenshot
from tests.support.certification import default_benefit_group, issue, pdf_text, qr_codes
from tests.support.factories import (
	PASSWORD,
	http_session,
	make_establishment,
	make_establishment_user,
	make_user,
	unique,
)
from tests.support.portal import desk_session, sign_in

NAME, NAME_AR = "Gulf Bonded Warehousing LLC", "شركة الخليج للمستودعات الجمركية ذ.م.م"


@pytest.fixture(scope="module")
def staff():
	default_benefit_group()
	return {
		"kam": make_user("ui.crt.kam@test.example", ["Main Account Manager"], scope={"Customs Administration": "Abu Dhabi Customs"}),
		"gac": make_user("ui.crt.gac@test.example", ["Federal Administrator"]),
	}


def establishment_with_manager(staff) -> tuple[str, str]:
	establishment = make_establishment(unique("UIC"), establishment_name=NAME, establishment_name_ar=NAME_AR,
		detailed_address="Warehouse 7, Khalifa Industrial Zone")
	manager = make_establishment_user(establishment, f"manager.{establishment.lower()}@test.example",
		"Establishment Account Manager", main=True, full_name="Salem Rashid", full_name_ar="سالم راشد")
	frappe.db.set_value("Establishment", establishment, "main_account_manager", staff["kam"])
	frappe.db.commit()
	return establishment, manager


def take_action(page, action: str) -> None:
	"""The form's workflow Actions menu."""
	page.locator(".actions-btn-group > button").click()
	page.locator(".actions-btn-group .dropdown-menu a", has_text=action).click()


def save_page_images(pdf: bytes, name: str) -> None:
	"""The certificate page as an image beside the screenshots, for a person to look at."""
	folder = ARTIFACTS / "screenshots"
	folder.mkdir(parents=True, exist_ok=True)
	(folder / f"{name}.pdf").write_bytes(pdf)
	subprocess.run(["pdftoppm", "-png", "-r", "80", "-singlefile", folder / f"{name}.pdf", folder / name], check=True)


def test_the_main_account_manager_approves_and_the_federal_authority_issues_in_the_desk(browser, staff):
	establishment, _manager = establishment_with_manager(staff)
	name = approve_membership(establishment)
	frappe.db.commit()

	context, page = desk_session(browser, staff["kam"])
	page.goto(f"/app/aeo-certificate-issuance/{name}")
	expect(page.locator(".indicator-pill").first).to_contain_text("Being Prepared")
	screenshot(page, "desk-issuance-being-prepared")
	take_action(page, "Approve")
	expect(page.locator(".indicator-pill").first).to_contain_text("Under Issuance")
	context.close()

	context, page = desk_session(browser, staff["gac"])
	page.goto(f"/app/aeo-certificate-issuance/{name}")
	take_action(page, "Issue")
	expect(page.locator(".indicator-pill").first).to_contain_text("Issued")
	screenshot(page, "desk-issuance-issued")
	frappe.db.rollback()
	number = frappe.db.get_value("AEO Certificate", {"issuance": name, "licence_scope": "Head Office"})
	assert number

	page.goto(f"/app/aeo-certificate/{number}")
	with context.expect_event("request", lambda request: "certificate_pdf.download" in request.url) as opened:
		page.get_by_role("button", name="Download PDF").click()  # a new tab with the PDF, as Frappe's own PDF button
	assert opened.value.url.endswith(f"certificate_pdf.download?name={number}")
	response = http_session(staff["gac"]).get(opened.value.url.split(BASE_URL, 1)[1])
	assert response.headers["Content-Type"] == "application/pdf" and NAME_AR in pdf_text(response.content)
	screenshot(page, "desk-certificate")
	context.close()


@pytest.mark.parametrize("language", ["ar", "en"])
def test_the_establishment_downloads_its_certificate_and_a_guest_verifies_it(page, browser, staff, language):
	establishment, manager = establishment_with_manager(staff)
	number = issue(establishment, staff["kam"], staff["gac"]).licences[0].certificate
	frappe.db.set_value("User", manager, "language", language)
	frappe.db.commit()

	sign_in(page, manager, PASSWORD)
	page.click('a[href="/aeo/certificates"]')
	row = page.locator(f'tr[data-name="{number}"]')
	expect(row).to_contain_text("فعالة" if language == "ar" else "Active")
	assert page.evaluate("document.documentElement.dir") == ("rtl" if language == "ar" else "ltr")
	screenshot(page, f"portal-certificates-{language}")
	with page.expect_download() as download:
		row.locator("a[download]").click()
	pdf = Path(download.value.path()).read_bytes()
	assert NAME_AR in pdf_text(pdf) and number in pdf_text(pdf)
	save_page_images(pdf, f"certificate-{language}")

	(url,) = qr_codes(pdf)
	visitor = browser.new_context(viewport={"width": 1366, "height": 900})
	scan = visitor.new_page()
	scan.goto(f"{url}&_lang={language}")
	expect(scan.locator(".aeo-verify-status")).to_contain_text(
		"فعالة: المنشأة مشغل اقتصادي معتمد" if language == "ar" else "Active: the establishment is an Authorized Economic Operator"
	)
	expect(scan.locator(".aeo-verify")).to_contain_text(NAME_AR if language == "ar" else NAME)
	screenshot(scan, f"verify-active-{language}")
	scan.goto(url.replace(number, number[:-1] + ("9" if number[-1] != "9" else "8")))
	expect(scan.locator(".aeo-verify-status")).to_contain_text("رابط الشهادة هذا غير صالح" if language == "ar" else "This certificate link is not valid")
	screenshot(scan, f"verify-not-valid-{language}")
	visitor.close()


def test_the_federal_authority_downloads_several_certificates_with_their_progress(browser, staff):
	"""The list's "Download PDFs": the progress shows while the job renders, then the link to the zip."""
	numbers = [issue(establishment_with_manager(staff)[0], staff["kam"], staff["gac"]).licences[0].certificate
		for _ in range(2)]
	context, page = desk_session(browser, staff["gac"])
	page.goto("/app/aeo-certificate?status=Active")
	# issue 11: progress comes through Frappe's realtime server (socket.io), not by polling
	page.wait_for_function("frappe.realtime.socket && frappe.realtime.socket.connected", timeout=30_000)
	for number in numbers:
		page.locator(".list-row-container", has_text=number).locator(".list-row-checkbox").check()
	page.locator(".actions-btn-group > button").click()
	page.locator(".actions-btn-group .dropdown-menu").get_by_text("Download PDFs", exact=True).click()
	expect(page.locator(".modal.show .progress")).to_be_visible()
	expect(page.locator(".modal.show")).to_contain_text("of 2")
	screenshot(page, "desk-certificates-batch-progress")
	link = page.locator(".modal.show a.aeo-batch-file")
	expect(link).to_be_visible(timeout=60_000)
	screenshot(page, "desk-certificates-batch-ready")
	assert link.get_attribute("href").endswith(".zip")
	context.close()


def test_no_issuance_by_hand_and_the_federal_authority_registers_an_existing_aeo_in_the_desk(browser, staff):
	"""Issue 11 in the desk: the Main Account Manager finds no way to create an issuance (no Add button; the new form
	says why and has no Save); the federal administrator registers an establishment certified before the system from
	its form, with the reason, the evidence and the grant date, and lands on the issuance it started."""
	establishment, _manager = establishment_with_manager(staff)
	context, page = desk_session(browser, staff["kam"])
	page.goto("/app/aeo-certificate-issuance")
	expect(page.locator(".page-title")).to_contain_text("AEO Certificate Issuance")
	expect(page.locator(".primary-action:visible")).to_have_count(0)
	page.goto("/app/aeo-certificate-issuance/new")
	expect(page.locator(".form-message")).to_contain_text("starts only from an approved membership decision")
	expect(page.locator(".primary-action:visible")).to_have_count(0)  # no Save
	screenshot(page, "desk-issuance-not-by-hand")
	page.goto(f"/app/establishment/{establishment}")
	expect(page.locator(".page-actions")).not_to_contain_text("Register Existing AEO")  # a federal step only
	context.close()
	frappe.db.rollback()
	assert not frappe.db.exists("AEO Certificate Issuance", {"establishment": establishment})

	context, page = desk_session(browser, staff["gac"])
	page.goto(f"/app/establishment/{establishment}")
	page.get_by_role("button", name="Register Existing AEO").click()
	dialog = page.locator(".modal.show")
	dialog.locator('[data-fieldname="reason"] textarea').fill("Certified on paper in 2019 (decision 17/2019).")
	page.wait_for_function("() => window.cur_dialog && cur_dialog.fields_dict.granted_on")
	page.evaluate("cur_dialog.set_value('granted_on', '2019-05-01')")  # as the date picker sets it
	dialog.locator('[data-fieldname="evidence"] button').click()
	uploader = page.locator(".file-uploader")
	with page.expect_file_chooser() as chooser:
		uploader.get_by_text("My Device").click()
	chooser.value.set_files({"name": "decision-17-2019.pdf", "mimeType": "application/pdf",
		"buffer": b"%PDF-1.4\n%aeo\n" + b"7" * 4096})
	page.locator(".modal.show").get_by_role("button", name="Upload").click()
	expect(dialog.locator('.frappe-control[data-fieldname="evidence"]')).to_contain_text("decision-17-2019")
	screenshot(page, "desk-register-existing-aeo")
	dialog.get_by_role("button", name="Register").click()
	page.wait_for_url("**/app/aeo-certificate-issuance/**")
	expect(page.locator(".page-head:visible .indicator-pill")).to_contain_text("Being Prepared")
	screenshot(page, "desk-existing-aeo-issuance")
	context.close()
	frappe.db.rollback()
	decision = frappe.get_doc("Membership Decision", {"establishment": establishment})
	assert (decision.basis, decision.decided_by, str(decision.granted_on)) == ("Existing AEO", staff["gac"], "2019-05-01")
	assert decision.reason.startswith("Certified on paper") and decision.evidence.endswith(".pdf")
	assert frappe.db.get_value("AEO Certificate Issuance", decision.issuance, "membership_decision") == decision.name
