"""The public side of onboarding (BRD §5.2.2.1–5.2.2.2, BR.1, BR.2, BR.5, BR.27; notifications Table 20 and N34-1),
driven over HTTP as a guest's browser drives it: e-mail code, account request with its files, tracking."""

import io
import re
import time
import uuid

import frappe
import pytest
from aeo.registry.onboarding import CODE_KEY
from PIL import Image

from tests.support.factories import ISSUER, account_request, http_session, make_user, unique
from tests.support.mail import body_text, wait_until

PDF = b"%PDF-1.4\n" + b"0" * 4096  # the same content each time: Frappe stores it once, under the first name


def png() -> bytes:
	out = io.BytesIO()
	Image.new("RGB", (40, 30), "olive").save(out, "PNG")
	return out.getvalue()


def jpeg() -> bytes:
	out = io.BytesIO()
	Image.new("RGB", (40, 30), "teal").save(out, "JPEG")
	return out.getvalue()


def new_email() -> str:
	return f"portal.{uuid.uuid4().hex[:10]}@test.example"


def guest(lang: str = "en"):
	session = http_session()
	session.cookies.set("preferred_language", lang)
	return session


def send_code(session, email: str):
	return session.post("/api/method/aeo.registry.onboarding.send_verification_code", data={"email": email})


def verify(session, email: str, code: str):
	return session.post("/api/method/aeo.registry.onboarding.verify_code", data={"email": email, "code": code})


def code_from_mail(mail, email: str) -> str:
	[message] = mail.wait_for(email)
	return re.search(r"(\d{6})", message["Subject"]).group(1)


def proven_applicant(session, mail, email: str) -> str:
	assert send_code(session, email).status_code == 200
	response = verify(session, email, code_from_mail(mail, email))
	assert response.status_code == 200, response.text
	return response.json()["message"]["applicant"]


def form(**values) -> dict:
	return {
		"applicant_name_ar": "سالم راشد",
		"applicant_name": "Salem Rashed",
		"job_title": "Owner",
		"applicant_role": "Owner / Founder",
		"mobile_no": "0501234567",
		"establishment_name": "Portal Trading LLC",
		"establishment_name_ar": "بوابة للتجارة ذ.م.م",
		"emirate": "Dubai",
		"licence_issuer": ISSUER["Dubai"],
		"licence_number": unique("PRT"),
		**values,
	}


def files(**overrides) -> dict:
	chosen = {"valid_licence": ("licence.pdf", PDF), "emirates_id_copy": ("eid.png", png()), **overrides}
	return {field: value for field, value in chosen.items() if value}


def submit(session, token: str, values: dict, uploads: dict):
	return session.post(
		"/api/method/aeo.registry.onboarding.submit_account_request",
		data={"applicant_token": token, "data": frappe.as_json(values)},
		files=uploads,
	)


def message(response) -> str:
	return frappe.parse_json(frappe.parse_json(response.json()["_server_messages"])[0])["message"]


def nothing_saved(email: str) -> bool:
	frappe.db.rollback()
	return not frappe.db.exists("Account Request", {"email": email})


def file_count() -> int:
	frappe.db.rollback()
	return frappe.db.count("File", {"attached_to_doctype": ("in", ["", None])})


@pytest.fixture(scope="module")
def dubai_administrator():
	"""BR.3 routes a Dubai licence's request to an Administrator of Dubai Customs: the site needs one."""
	return make_user("onb.dxb.admin@test.example", ["Customs Administrator"], scope={"Customs Administration": "Dubai Customs"})


def test_a_guest_verifies_the_email_sends_the_request_and_gets_its_reference(mail, dubai_administrator):
	session, email = guest(), new_email()
	token = proven_applicant(session, mail, email)
	values = form()
	response = submit(session, token, values, files())
	assert response.status_code == 200, response.text
	reference = response.json()["message"]["reference_number"]
	frappe.db.rollback()
	request = frappe.get_doc("Account Request", reference)
	assert (request.email, request.status, request.licence_number) == (email, "Submitted", values["licence_number"])
	assert request.customs_administration == "Dubai Customs" and not request.uae_pass_verified
	for fieldname in ("valid_licence", "emirates_id_copy"):
		file = frappe.get_doc("File", {"file_url": request.get(fieldname)})
		assert file.is_private and (file.attached_to_doctype, file.attached_to_name) == ("Account Request", reference)
	# T20-1 (BR.2): the confirmation carries the reference number
	confirmation = [m for m in mail.wait_for(email) if reference in m["Subject"]]
	assert confirmation and reference in body_text(confirmation[0])
	# N34-1: the assigned Administrator is told, by e-mail and in the desk
	[admin] = frappe.get_all("ToDo", {"reference_name": reference, "status": "Open"}, pluck="allocated_to")
	wait_until(lambda: frappe.db.exists("Notification Log", {"for_user": admin, "document_name": reference}))
	assert any(reference in (m["Subject"] or "") + body_text(m) for m in mail.wait_for(admin, timeout=60))
	# the token was used up
	assert submit(session, token, form(), files()).status_code == 417


def test_br1_an_email_with_an_account_or_an_open_request_gets_no_code(mail):
	existing = make_user(new_email(), ["AEO Data Entry User"])
	response = send_code(guest(), existing)
	assert response.status_code == 417 and "already uses this e-mail" in message(response)
	open_request = account_request(email=new_email()).insert()
	frappe.db.commit()
	response = send_code(guest("ar"), open_request.email)
	assert response.status_code == 417 and "يوجد حساب أو طلب إنشاء حساب قائم" in message(response)
	time.sleep(0.5)
	assert not [m for m in mail.messages() if m["To"] in (existing, open_request.email)]


def test_a_new_code_waits_for_the_cool_down(mail):
	session, email = guest(), new_email()
	assert send_code(session, email).status_code == 200
	again = send_code(session, email)
	assert again.status_code == 417 and "seconds" in message(again)
	assert len(mail.wait_for(email)) == 1


def test_a_wrong_code_counts_down_and_too_many_void_the_code(mail):
	session, email = guest(), new_email()
	send_code(session, email)
	code = code_from_mail(mail, email)
	wrong = f"{(int(code) + 1) % 10**6:06d}"
	attempts = frappe.db.get_single_value("AEO Settings", "otp_max_attempts")
	for left in range(attempts - 1, 0, -1):
		response = verify(session, email, wrong)
		assert response.status_code == 417 and f"{left} attempts left" in message(response)
	response = verify(session, email, wrong)
	assert "Too many wrong codes" in message(response)
	# the right code no longer works either
	assert "expired or was never sent" in message(verify(session, email, code))


def test_an_expired_code_is_refused(mail):
	session, email = guest("ar"), new_email()
	send_code(session, email)
	code = code_from_mail(mail, email)
	key = CODE_KEY.format(email)
	pending = frappe.cache.get_value(key)
	pending["expires_at"] = time.time() - 1  # BR.5's validity has passed
	frappe.cache.set_value(key, pending)
	response = verify(session, email, code)
	assert response.status_code == 417 and "انتهت صلاحية الرمز" in message(response)


def test_br27_a_sharjah_licence_is_refused_and_nothing_is_saved(mail):
	session, email = guest(), new_email()
	token = proven_applicant(session, mail, email)
	before = file_count()
	response = submit(session, token, form(emirate="Sharjah", licence_issuer="Department of Economic Development – Sharjah"), files())
	assert response.status_code == 417 and "accepted only for licences issued in" in message(response)
	assert nothing_saved(email) and file_count() == before


@pytest.mark.parametrize(
	"uploads, expected",
	[
		(files(valid_licence=("licence.exe", PDF)), "only these file types are accepted"),
		(files(emirates_id_copy=("eid.pdf", b"%PDF" + b"0" * (5 * 1024 * 1024 + 1))), "larger than 5 MB"),
		(files(valid_licence=None), "Valid Licence"),
		(files(emirates_id_copy=("eid.jpg", PDF)), "damaged or is not an image"),
		(files(emirates_id_copy=("eid.pdf", b"MZ\x90\x00 renamed program")), "is not a valid PDF file"),
	],
	ids=["wrong-type", "oversized", "missing", "damaged-image", "renamed-executable"],
)
def test_bad_attachments_are_refused_and_leave_nothing(mail, uploads, expected):
	session, email = guest(), new_email()
	token = proven_applicant(session, mail, email)
	before = file_count()
	response = submit(session, token, form(), uploads)
	assert response.status_code in (415, 417) and expected in message(response)  # 415: content not of its type
	assert nothing_saved(email) and file_count() == before


def test_a_representative_must_attach_the_authorization(mail):
	session, email = guest(), new_email()
	token = proven_applicant(session, mail, email)
	response = submit(session, token, form(applicant_role="Representative / Authorized"), files())
	assert response.status_code == 417 and "represents the establishment" in message(response)
	response = submit(session, token, form(applicant_role="Representative / Authorized"),
		files(authorization_document=("poa.jpg", jpeg())))
	assert response.status_code == 200, response.text


def test_without_a_verified_email_nothing_can_be_sent():
	response = submit(guest(), "not-a-token", form(), files())
	assert response.status_code == 417 and "Verify your e-mail again" in message(response)


def test_tracking_needs_the_reference_and_the_email_and_shows_the_portal_status(mail):
	session, email = guest(), new_email()
	token = proven_applicant(session, mail, email)
	reference = submit(session, token, form(), files()).json()["message"]["reference_number"]
	track = "/api/method/aeo.registry.onboarding.track_account_request"
	found = session.post(track, data={"reference_number": reference, "email": email.upper()}).json()["message"]
	assert found["status"] == "Account request submitted" and found["reasons"] == []
	wrong = session.post(track, data={"reference_number": reference, "email": new_email()})
	unknown = session.post(track, data={"reference_number": "ACR-0000-00000", "email": email})
	assert message(wrong) == message(unknown) == "No account request matches this reference number and e-mail."
	# Table 19 shows both review states as "under review"; a rejection shows its reasons (T20-3 mails them)
	frappe.db.set_value("Account Request", reference, "status", "Under Final Review")
	frappe.db.commit()
	arabic = guest("ar").post(track, data={"reference_number": reference, "email": email}).json()["message"]
	assert arabic["status"] == "طلب انشاء الحساب قيد المراجعة"
	reject(reference)
	found = session.post(track, data={"reference_number": reference, "email": email}).json()["message"]
	assert found["status"] == "Account request rejected" and found["reasons"] == ["Incorrect data"]
	rejected = [m for m in mail.wait_for(email) if "rejected" in m["Subject"]]
	assert rejected and "Incorrect data" in body_text(rejected[0]) and "بيانات غير صحيحة" in body_text(rejected[0])


@pytest.fixture
def tracking_limit():
	"""AEO Settings' hourly tracking limit lowered to 3 for a test, and put back."""
	doc = frappe.get_single("AEO Settings")
	before = doc.account_request_tracking_per_hour
	doc.account_request_tracking_per_hour = 3
	doc.save()
	frappe.db.commit()
	yield 3
	doc.reload()
	doc.account_request_tracking_per_hour = before
	doc.save()
	frappe.db.commit()


def test_tracking_stops_at_the_hourly_limit_of_the_settings(tracking_limit):
	"""Guessing reference numbers is capped per address (account_request_tracking_per_hour), a new number each try;
	another address is not held by it."""
	session = guest()  # each session connects from an address of its own
	track = "/api/method/aeo.registry.onboarding.track_account_request"

	def guess(session):
		return session.post(track, data={"reference_number": f"ACR-{uuid.uuid4().hex[:8]}", "email": new_email()})

	for _ in range(tracking_limit):
		assert guess(session).status_code == 417
	assert guess(session).status_code == 429
	other = guest()
	assert guess(other).status_code == 417


def reject(reference: str) -> None:
	request = frappe.get_doc("Account Request", reference)
	request.status = "Rejected"
	request.append("rejection_reasons", {"reason": frappe.db.get_value("Reason", {"reason": "Incorrect data"})})
	request.save(ignore_permissions=True)
	frappe.db.commit()


def test_the_public_pages_answer_in_both_languages():
	for lang, expected in (("en", "Create an establishment account"), ("ar", "إنشاء حساب منشأة تجارية")):
		for path in ("/aeo", "/aeo/account-request"):
			response = guest(lang).get(path)
			assert response.status_code == 200 and expected in response.text, (lang, path)
	assert "متابعة حالة طلب إنشاء الحساب" in guest("ar").get("/aeo/track").text


def test_the_programme_page_links_e_learning_and_the_contacts_the_administrators_keep():
	"""§5.2.1 items 9–11: AEO e-learning, the programme's contact details and the National AEO Contact come from AEO
	Settings, so the authority keeps them current without a release."""
	config = frappe.get_single("AEO Settings")
	fields = ("elearning_url", "national_contact_email", "programme_contact_phone")
	before = {field: config.get(field) for field in fields}
	config.update({"elearning_url": "https://learn.aeo.example/course", "national_contact_email": "mra@gac.example",
		"programme_contact_phone": "+971 2 555 0100"})
	config.save()
	frappe.db.commit()
	try:
		page = guest("en").get("/aeo").text
		assert 'href="https://learn.aeo.example/course"' in page
		assert 'href="mailto:mra@gac.example"' in page and 'href="tel:+97125550100"' in page and "Contact us" in page
	finally:
		config.reload()
		config.update(before)
		config.save()
		frappe.db.commit()


def test_a_guest_sees_the_portal_in_arabic_until_choosing_english():
	"""The portal's default language is Arabic, whatever the browser asks; the switch's choice sticks."""
	session = http_session()
	session.cookies.clear()
	session.headers["Accept-Language"] = "en-US,en;q=0.9"
	page = session.get("/aeo").text
	assert "إنشاء حساب منشأة تجارية" in page and 'dir = "rtl"' in page
	assert "Create an establishment account" in session.get("/aeo?_lang=en").text
	session.cookies.set("preferred_language", "en")  # what the switch's script keeps (aeo_portal.js)
	assert "Create an establishment account" in session.get("/aeo").text


def test_a_pending_code_survives_a_cache_clear(mail):
	"""Deployments run `bench clear-cache`; an applicant half-way through verification keeps the code."""
	session, email = guest(), new_email()
	send_code(session, email)
	code = code_from_mail(mail, email)
	frappe.clear_cache()
	assert verify(session, email, code).status_code == 200
