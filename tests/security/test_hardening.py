"""Limits, redirects, uploads, headers, CSRF and error pages, over HTTP against the served test site (issue 10)."""

import base64
import json
import re
import uuid
from urllib.parse import parse_qs, urlparse

import frappe
import pytest
from aeo.exceptions import UnsafeUpload
from aeo.security.requests import client_address, safe_redirect
from aeo.security.uploads import content_matches

from tests.support.factories import (
	PASSWORD,
	SiteSession,
	http_session,
	make_establishment,
	make_establishment_user,
)


def new_email() -> str:
	return f"limits.{uuid.uuid4().hex[:10]}@test.example"


@pytest.fixture
def settings_changed():
	"""Change AEO Settings for one test; everything is put back after it."""
	before = frappe.get_single("AEO Settings").as_dict()
	keys = ("account_request_tracking_per_hour", "public_lookups_per_hour", "verification_code_recipients_per_hour",
		"verification_codes_per_hour", "trusted_proxies", "otp_max_attempts", "otp_resend_cooldown_seconds",
		"failed_logins_per_hour")

	def change(**values):
		doc = frappe.get_single("AEO Settings")
		doc.update(values)
		doc.save()
		frappe.db.commit()

	yield change
	frappe.db.rollback()
	change(**{key: before[key] for key in keys})


def spoofed(session, response_of):
	"""The same client, claiming a new address in X-Forwarded-For each time."""
	session.headers["X-Forwarded-For"] = f"10.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}.7"
	return response_of(session)


# ------------------------------------------------------------------ the client's address


def test_client_address_comes_from_the_connection_unless_a_trusted_proxy_forwards_it():
	"""X-Forwarded-For counts only when the connection is from a trusted proxy, read from its end past the trusted
	proxies; a forged entry leaves the proxy's own view."""
	from ipaddress import ip_network

	proxies = [ip_network("10.0.0.0/24")]
	assert client_address("203.0.113.9", "1.2.3.4", proxies) == "203.0.113.9"  # not through the proxy
	assert client_address("203.0.113.9", "1.2.3.4", []) == "203.0.113.9"  # no proxy trusted
	assert client_address("10.0.0.5", "1.2.3.4, 198.51.100.7", proxies) == "198.51.100.7"  # the client's own entry
	assert client_address("10.0.0.5", "198.51.100.7, 10.0.0.9", proxies) == "198.51.100.7"  # two proxies
	assert client_address("10.0.0.5", "evil, 198.51.100.7", proxies) == "198.51.100.7"
	assert client_address("10.0.0.5", "198.51.100.7, not-an-ip", proxies) == "10.0.0.5"
	assert client_address("10.0.0.5", None, proxies) == "10.0.0.5"


def test_trusted_proxies_must_be_addresses_or_networks(settings_changed):
	with pytest.raises(frappe.ValidationError):
		settings_changed(trusted_proxies="10.0.0.0/24\nproxy.example")
	frappe.db.rollback()
	settings_changed(trusted_proxies=" 10.0.0.5 , 10.0.1.0/24 ")
	assert frappe.get_single("AEO Settings").trusted_proxies == "10.0.0.5\n10.0.1.0/24"


def test_tracking_limit_holds_with_a_spoofed_forwarding_header(settings_changed):
	settings_changed(account_request_tracking_per_hour=3)
	session = http_session()

	def guess(s):
		return s.post("/api/method/aeo.registry.onboarding.track_account_request",
			data={"reference_number": f"ACR-{uuid.uuid4().hex[:8]}", "email": new_email()})

	assert [spoofed(session, guess).status_code for _ in range(4)] == [417, 417, 417, 429]


@pytest.mark.parametrize("page", ["/aeo/verify?c=AEO-0&s=x", "/aeo/members?q=x"])
def test_public_lookups_limit_holds_with_a_spoofed_forwarding_header(settings_changed, page):
	settings_changed(public_lookups_per_hour=2)
	session = http_session()
	statuses = [spoofed(session, lambda s: s.get(page)).status_code for _ in range(3)]
	assert statuses == [200, 200, 429]
	assert http_session().get(page).status_code == 200  # another client is not held by it


def test_a_trusted_proxy_forwards_the_clients_address(settings_changed):
	"""Behind a trusted proxy, each client is counted by the address the proxy saw (the last entry)."""
	settings_changed(public_lookups_per_hour=1)
	proxy = SiteSession()
	settings_changed(trusted_proxies=proxy.address)
	first, second = (f"198.51.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}" for _ in range(2))
	assert proxy.get("/aeo/members", headers={"X-Forwarded-For": f"9.9.9.9, {first}"}).status_code == 200
	assert proxy.get("/aeo/members", headers={"X-Forwarded-For": f"8.8.8.8, {first}"}).status_code == 429
	assert proxy.get("/aeo/members", headers={"X-Forwarded-For": second}).status_code == 200


def test_verification_codes_reach_no_more_recipients_per_address_than_the_setting(settings_changed, mail):
	"""One client (whatever X-Forwarded-For it sends) asks codes for at most verification_code_recipients_per_hour
	different addresses; the others get a 429 and no e-mail."""
	settings_changed(verification_code_recipients_per_hour=2)
	session, emails = http_session(), [new_email() for _ in range(3)]
	statuses = [spoofed(session, lambda s, e=e: s.post("/api/method/aeo.registry.onboarding.send_verification_code",
		data={"email": e})).status_code for e in emails]
	assert statuses == [200, 200, 429]
	mail.wait_for(emails[1])
	assert not [m for m in mail.messages() if emails[2] in (m["To"] or "")]
	assert not frappe.db.exists("Email Queue Recipient", {"recipient": emails[2]})
	# the same recipient again is no new recipient (the cool-down answers it)
	again = session.post("/api/method/aeo.registry.onboarding.send_verification_code", data={"email": emails[0]})
	assert again.status_code == 417


def test_a_recipient_gets_no_more_codes_per_hour_from_any_number_of_addresses(settings_changed):
	settings_changed(verification_codes_per_hour=2, otp_resend_cooldown_seconds=1)
	email = new_email()
	statuses = []
	for spelling in (email, email.upper(), f" {email} "):
		statuses.append(http_session().post("/api/method/aeo.registry.onboarding.send_verification_code",
			data={"email": spelling}).status_code)
		frappe.cache.delete_value(f"aeo:otp-cooldown:{email}")
	assert statuses == [200, 200, 429]


def test_a_code_voided_by_wrong_guesses_keeps_the_cool_down(settings_changed):
	settings_changed(otp_max_attempts=2, otp_resend_cooldown_seconds=600)
	session, email = http_session(), new_email()
	url = "/api/method/aeo.registry.onboarding."
	assert session.post(url + "send_verification_code", data={"email": email}).status_code == 200
	for _ in range(2):
		assert session.post(url + "verify_code", data={"email": email, "code": "000000"}).status_code == 417
	again = session.post(url + "send_verification_code", data={"email": email})
	assert again.status_code == 417 and "seconds" in again.text


def test_failed_sign_ins_are_capped_per_address_and_a_right_password_is_not_told_apart(settings_changed, portal_user):
	"""Past failed_logins_per_hour failures from one address (whatever X-Forwarded-For it sends), every sign-in is a
	429, the right password included (which signs nobody in); another address still signs in."""
	settings_changed(failed_logins_per_hour=2)
	session = http_session()

	def wrong(s):
		return s.post("/api/method/login", json={"usr": portal_user, "pwd": "not-the-password"})

	assert [spoofed(session, wrong).status_code for _ in range(3)] == [401, 401, 429]
	right = session.post("/api/method/login", json={"usr": portal_user, "pwd": PASSWORD})
	assert right.status_code == 429
	assert session.get("/api/method/frappe.auth.get_logged_user").status_code in (401, 403)
	assert http_session(portal_user).get("/api/method/frappe.auth.get_logged_user").json()["message"] == portal_user


# ------------------------------------------------------------------ redirects


@pytest.mark.parametrize("target", ["/\t/evil.example/x", "//evil.example", "/\\evil.example", "https://evil.example/",
	"javascript:alert(1)", "/\n/evil.example", " //evil.example", None, ["/aeo"]])
def test_redirects_stay_on_the_site(target):
	assert safe_redirect(target) == "/aeo/home"


def test_a_local_redirect_is_kept():
	assert safe_redirect("/aeo/applications?x=1") == "/aeo/applications?x=1"


def test_uae_pass_sign_in_carries_only_a_local_redirect():
	"""redirect_to=/%09/evil.example/x (browsers drop the tab: //evil.example) ends on the portal."""
	if not frappe.db.get_value("Social Login Key", "uae_pass", "enable_social_login"):
		pytest.skip("UAE PASS is not configured on the test site")
	response = http_session().get("/api/method/aeo.registry.uae_pass.sign_in?redirect_to=/%09/evil.example/x",
		allow_redirects=False)
	assert response.status_code in (301, 302, 303, 307)
	state = parse_qs(urlparse(response.headers["Location"]).query)["state"][0]
	assert json.loads(base64.b64decode(state))["redirect_to"] == "/aeo/home"


# ------------------------------------------------------------------ uploads


def test_content_is_sniffed_against_the_type():
	assert content_matches("pdf", b"%PDF-1.7\n...")
	assert not content_matches("pdf", b"MZ\x90\x00 a Windows program")
	assert not content_matches("png", b"%PDF-1.4")
	assert content_matches("txt", "نص عربي".encode())
	assert not content_matches("txt", b"\x7fELF\x02\x01")
	assert not content_matches("docx", b"PK\x03\x04 not a document")
	assert not content_matches("exe", b"MZ")


@pytest.fixture(scope="module")
def portal_user():
	est = make_establishment("SEC-UPL-1", emirate="Abu Dhabi")
	return make_establishment_user(est, "sec.upload@test.example", portal_role="Establishment Account Manager", main=True)


def test_an_executable_renamed_pdf_is_refused(portal_user):
	"""Frappe's upload checks the extension only: the content decides here (415, nothing stored)."""
	session = http_session(portal_user)
	before = frappe.db.count("File", {"owner": portal_user})
	bad = session.post("/api/method/upload_file", data={"is_private": 1},
		files={"file": ("invoice.pdf", b"MZ\x90\x00\x03 this program cannot be run in DOS mode")})
	assert bad.status_code == 415 and bad.json()["exc_type"] == UnsafeUpload.__name__
	good = session.post("/api/method/upload_file", data={"is_private": 1},
		files={"file": ("invoice.pdf", b"%PDF-1.4\n" + uuid.uuid4().bytes)})
	assert good.status_code == 200, good.text[:300]
	frappe.db.rollback()
	assert frappe.db.count("File", {"owner": portal_user}) == before + 1


def test_files_are_served_with_nosniff_and_as_downloads_unless_image_or_pdf():
	text = frappe.get_doc({"doctype": "File", "file_name": f"notes-{uuid.uuid4().hex[:6]}.txt", "is_private": 1,
		"content": b"<html><script>alert(1)</script></html>"}).insert(ignore_permissions=True)
	frappe.db.commit()
	admin = http_session("Administrator", password=frappe.conf.get("admin_password") or "admin")
	response = admin.get(text.file_url)
	assert response.status_code == 200
	assert response.headers["X-Content-Type-Options"] == "nosniff"
	assert response.headers["Content-Disposition"].startswith("attachment")


# ------------------------------------------------------------------ headers, CSRF, errors


@pytest.mark.parametrize("path", ["/aeo", "/login", "/api/method/ping", "/app", "/assets/aeo/css/aeo_portal.css", "/files/"])
def test_security_headers_on_every_response(path):
	response = http_session().get(path, allow_redirects=False)
	for header in ("X-Content-Type-Options", "X-Frame-Options", "Content-Security-Policy", "Referrer-Policy"):
		assert header in response.headers, (path, header)
	assert "frame-ancestors 'self'" in response.headers["Content-Security-Policy"]


def test_a_portal_session_gets_a_csrf_token_and_must_send_it(portal_user):
	"""A portal page gives the signed-in session a token; a POST without it is refused and changes nothing."""
	session = http_session(portal_user)
	page = session.get("/aeo/home")
	token = re.search(r'frappe\.csrf_token = "([0-9a-f]+)"', page.text)
	assert token, "the portal page carries no CSRF token"
	session.headers.pop("X-Frappe-CSRF-Token", None)
	forged = session.post("/api/method/aeo.application.portal.save_draft", data={"data": "{}"})
	assert forged.status_code == 400 and forged.json()["exc_type"] == "CSRFTokenError"
	session.headers["X-Frappe-CSRF-Token"] = token.group(1)
	assert session.post("/api/method/aeo.application.portal.my_applications").status_code == 200


def test_errors_carry_no_traceback_and_no_version():
	"""Error responses name the error, not the server's code; portal users and guests are not told Frappe's version."""
	assert not frappe.db.get_single_value("System Settings", "allow_error_traceback")
	guest = http_session()
	for response in (
		guest.get("/api/method/frappe.client.get_count", params={"doctype": "User"}),
		guest.post("/api/method/aeo.registry.onboarding.verify_code", data={}),
		guest.get("/api/method/frappe.utils.print_format.download_pdf", params={"doctype": "Nope", "name": "x"}),
		guest.get("/api/method/frappe.utils.change_log.get_versions"),
	):
		assert 400 <= response.status_code < 500, response.text[:300]
		assert "Traceback" not in response.text and "exc" not in response.json()
	assert 400 <= guest.get("/files/").status_code < 500
