"""UAE PASS sign-in (BRD §5.2.2.1, §5.2.3.1) against a real OpenID Connect provider: the local one setup.py starts
(tests/support/oidc), where any login is accepted and the login typed is the identity's e-mail. The authorization
code flow runs over HTTP as a browser makes it: the site's redirect, the provider's login and consent forms, the
provider's redirect back to the site's callback."""

import base64
import json
import os
import uuid
from urllib.parse import parse_qs, urlencode, urljoin, urlparse

import frappe
import pytest
import requests
from aeo.registry.onboarding import applicant
from bs4 import BeautifulSoup

from tests.support.factories import SiteSession, account_request, make_establishment, make_user, unique

PROVIDER = os.environ["AEO_OIDC_URL"]
SIGN_IN = "/api/method/aeo.registry.uae_pass.sign_in"
CALLBACK = "/api/method/aeo.registry.uae_pass.callback"
SITE = f"http://{frappe.local.site}:{os.environ['AEO_PORT']}"


def at_provider(authorize_url: str, login: str) -> str:
	"""A person at the provider: its login form (any password), then its consent form. Returns where the provider
	sends the browser back to."""
	browser = requests.Session()
	response = browser.get(authorize_url, allow_redirects=False, timeout=30)
	for _step in range(10):
		if response.is_redirect:
			location = urljoin(response.url, response.headers["Location"])
			if not location.startswith(PROVIDER):
				return location
			response = browser.get(location, allow_redirects=False, timeout=30)
			continue
		response.raise_for_status()
		form = BeautifulSoup(response.text, "html.parser").find("form")
		fields = {field["name"]: field.get("value", "") for field in form.find_all("input") if field.get("name")}
		if "login" in fields:
			fields.update(login=login, password="any password")
		response = browser.post(urljoin(response.url, form["action"]), data=fields, allow_redirects=False, timeout=30)
	raise AssertionError("the provider never sent the browser back")


def start(site: SiteSession, path: str = SIGN_IN) -> str:
	"""The provider's authorization URL the site sends the browser to."""
	response = site.get(path, allow_redirects=False)
	assert response.is_redirect, response.text[:300]
	assert response.headers["Location"].startswith(PROVIDER + "/auth?")
	return response.headers["Location"]


def back_at_site(site: SiteSession, url: str) -> requests.Response:
	"""Follow the provider's redirect to the site (the session reaches the site by address, naming it in Host)."""
	parsed = urlparse(url)
	assert f"{parsed.scheme}://{parsed.netloc}" == SITE and parsed.path == CALLBACK, url
	return site.get(f"{parsed.path}?{parsed.query}", allow_redirects=False)


def sign_in(site: SiteSession, login: str, path: str = SIGN_IN) -> requests.Response:
	return back_at_site(site, at_provider(start(site, path), login))


def logged_in_user(site: SiteSession) -> str | None:
	response = site.get("/api/method/frappe.auth.get_logged_user")
	return response.json()["message"] if response.ok else None


def establishment_user(**kwargs) -> str:
	establishment = make_establishment(unique("UAEP"))
	return make_user(
		f"manager.{uuid.uuid4().hex[:10]}@test.example",
		["Establishment Account Manager"],
		scope={"Establishment": establishment},
		**kwargs,
	)


def assert_refused(response: requests.Response, message: str) -> None:
	assert response.status_code == 403, response.text[:300]
	assert message in response.text


def test_unknown_identity_goes_on_to_the_account_request_with_its_data():
	name = uuid.uuid4().hex[:10]
	email = f"salem.{name}@test.example"
	response = sign_in(SiteSession(), email.upper())
	assert response.is_redirect
	location = urlparse(response.headers["Location"])
	assert location.path == "/aeo/account-request"
	proven = applicant(parse_qs(location.query)["applicant"][0])
	assert proven["email"] == email
	identity = proven["identity"]
	assert {key: identity[key] for key in ("applicant_name", "applicant_name_ar", "mobile_no", "email")} == {
		"applicant_name": f"Salem {name.capitalize()}",
		"applicant_name_ar": "محمد أحمد",
		"mobile_no": "+971501234567",
		"email": email,
	}
	assert len(identity["uae_pass_id"]) == 36  # UAE PASS's uuid claim


@pytest.mark.parametrize(
	"path, lands_on",
	[
		(SIGN_IN, "/aeo/home"),
		(SIGN_IN + "?" + urlencode({"redirect_to": "https://elsewhere.example/aeo"}), "/aeo/home"),
		("/login?" + urlencode({"redirect-to": "/aeo/home"}), "/aeo/home"),
	],
	ids=["sign-in-button", "foreign-redirect-ignored", "login-page-button"],
)
def test_establishment_user_is_logged_in(path, lands_on):
	email = establishment_user()
	site = SiteSession()
	if path.startswith("/login"):
		page = BeautifulSoup(site.get(path).text, "html.parser")
		path = page.select_one("a.btn-uae_pass")["href"]
		response = back_at_site(site, at_provider(path, email))
	else:
		response = sign_in(site, email, path)
	assert response.is_redirect and urlparse(response.headers["Location"]).path == lands_on
	assert logged_in_user(site) == email


def test_disabled_user_is_refused():
	email = establishment_user()
	frappe.db.set_value("User", email, "enabled", 0)
	frappe.db.commit()
	site = SiteSession()
	assert_refused(sign_in(site, email), "This account is disabled")
	assert logged_in_user(site) is None


def test_staff_user_is_refused():
	email = make_user(f"staff.{uuid.uuid4().hex[:10]}@test.example", ["Customs Administrator"])
	site = SiteSession()
	assert_refused(sign_in(site, email), "cannot sign in with UAE PASS")
	assert logged_in_user(site) is None


def test_identity_without_email_is_refused():
	assert_refused(sign_in(SiteSession(), f"no-email-{uuid.uuid4().hex[:8]}"), "has no e-mail address")


def test_open_account_request_is_refused():
	request = account_request().insert(ignore_permissions=True)
	frappe.db.commit()
	assert_refused(sign_in(SiteSession(), request.email), "already under review")


def test_tampered_or_carried_state_is_refused():
	"""The state must be the one this browser was given: a callback carried to another browser (login CSRF), or
	with its state's token changed, is refused before the code is used."""
	site = SiteSession()
	callback = at_provider(start(site), f"someone.{uuid.uuid4().hex[:8]}@test.example")
	assert_refused(back_at_site(SiteSession(), callback), "could not be verified")

	query = parse_qs(urlparse(callback).query)
	state = json.loads(base64.b64decode(query["state"][0]))
	state["token"] = "0" * len(state["token"])
	query["state"] = [base64.b64encode(json.dumps(state).encode()).decode()]
	assert_refused(back_at_site(site, f"{SITE}{CALLBACK}?{urlencode(query, doseq=True)}"), "could not be verified")
	assert logged_in_user(site) is None


def test_failed_code_exchange_is_refused():
	site = SiteSession()
	state = parse_qs(urlparse(start(site)).query)["state"][0]
	response = site.get(f"{CALLBACK}?{urlencode({'code': 'not-a-code', 'state': state})}", allow_redirects=False)
	assert_refused(response, "did not confirm your identity")
