"""UAE PASS, the national digital identity (OpenID Connect), on Frappe's social login (BRD §5.2.2.1, §5.2.3.1).

The provider's endpoints and the portal's client are the Social Login Key "uae_pass" (desk: Social Login Key;
docs/settings.md). Its redirect URL is `callback` below, so one callback serves both ways in: the "Create account
with UAE PASS" button (`sign_in`) and the "Login with UAE PASS" button Frappe's /login page shows for the key.
An establishment's user is logged in; an unknown identity goes on to the account request, whose form its data fill.
"""

import base64
import hmac
import json
from urllib.parse import parse_qs, urlencode, urlparse

import frappe
from frappe import _
from frappe.integrations.oauth2_logins import decoder_compat
from frappe.utils.oauth import get_info_via_oauth, get_oauth2_authorize_url

from aeo.registry.doctype.establishment_user.establishment_user import PORTAL_ROLES
from aeo.registry.onboarding import issue_applicant_token
from aeo.security.requests import safe_redirect
from aeo.utils import to_e164

PROVIDER = "uae_pass"
STATE_COOKIE = "uae_pass_state"
STATE_MINUTES = 10


@frappe.whitelist(allow_guest=True, methods=["GET"])
def sign_in(redirect_to: str | None = None):
	"""Send the browser to UAE PASS. `redirect_to` is where an establishment's user lands once logged in (the portal
	by default); an applicant always goes on to the account request."""
	if not frappe.db.get_value("Social Login Key", PROVIDER, "enable_social_login"):
		return refuse(_("Sign-in with UAE PASS is not available at the moment."))
	url = get_oauth2_authorize_url(PROVIDER, safe_redirect(redirect_to, "/aeo/home"))
	bind_state(url)
	redirect(url)


def bind_login_page(context) -> None:
	"""Frappe's /login page links straight to UAE PASS: bind the state of its button to this browser too."""
	for login in context.get("provider_logins") or []:
		if login["name"] == PROVIDER:
			bind_state(login["auth_url"])


def bind_state(authorize_url: str) -> None:
	"""Frappe's state carries a random token; the browser that starts the sign-in keeps it in a cookie, so that a
	callback made up elsewhere, or carried to another browser, is refused (login CSRF)."""
	token = decode_state(parse_qs(urlparse(authorize_url).query)["state"][0])["token"]
	frappe.local.cookie_manager.set_cookie(
		STATE_COOKIE, token, max_age=STATE_MINUTES * 60, httponly=True, samesite="Lax"
	)


@frappe.whitelist(allow_guest=True, methods=["GET"])
def callback(code: str | None = None, state: str | None = None):
	"""UAE PASS sends the browser back here with an authorization code: exchange it, read the identity, then log an
	establishment's user in or hold the applicant's identity for the account request. Any refusal changes nothing."""
	expected = frappe.request.cookies.get(STATE_COOKIE)
	frappe.local.cookie_manager.delete_cookie(STATE_COOKIE)
	state = decode_state(state)
	if not (code and state and expected and hmac.compare_digest(str(state.get("token")), expected)):
		return refuse(_("This UAE PASS sign-in could not be verified. Please start again."))
	try:
		info = get_info_via_oauth(PROVIDER, code, decoder=decoder_compat)
	except frappe.ValidationError:  # Frappe's own refusal of an identity without an e-mail
		frappe.clear_messages()
		info = {}
	except Exception:
		frappe.log_error("UAE PASS: code exchange or userinfo failed", defer_insert=True)
		return refuse(_("UAE PASS did not confirm your identity. Please try again."))
	identity = identity_of(info)
	if not identity["email"]:
		return refuse(_("Your UAE PASS account has no e-mail address. Add one in UAE PASS, then try again."))
	user = frappe.db.get_value("User", {"email": identity["email"]}, ["name", "enabled"], as_dict=True)
	if user:
		return log_in(user, state.get("redirect_to"))
	if frappe.db.exists("Account Request", {"email": identity["email"], "status": ("!=", "Rejected")}):
		return refuse(_("An account request with this e-mail is already under review. Follow it with its reference number."))
	token = issue_applicant_token(identity["email"], identity)
	frappe.db.commit()  # a GET request is not committed by Frappe
	redirect("/aeo/account-request?" + urlencode({"applicant": token}))


def identity_of(info: dict) -> dict:
	"""UAE PASS's userinfo claims as the account request's fields (T01-01, T01-02, T01-05, T01-06)."""
	full_name = info.get("fullnameEN") or " ".join(filter(None, (info.get("firstnameEN"), info.get("lastnameEN"))))
	return {
		"applicant_name": full_name.strip(),
		"applicant_name_ar": (info.get("fullnameAR") or "").strip(),
		"mobile_no": to_e164(info["mobile"]) if info.get("mobile") else "",
		"email": (info.get("email") or "").strip().lower(),
		"uae_pass_id": info.get("uuid") or info.get("sub"),
	}


def log_in(user: dict, redirect_to: str | None) -> None:
	"""Only an establishment's enabled users sign in with UAE PASS (BRD §5.2.3.1); customs staff use their password."""
	if not user.enabled:
		return refuse(_("This account is disabled. Ask your establishment's account manager to enable it."))
	if not set(frappe.get_roles(user.name)) & set(PORTAL_ROLES):
		return refuse(_("This account cannot sign in with UAE PASS. Sign in with your username and password."))
	frappe.local.login_manager.login_as(user.name)
	frappe.db.commit()  # the new session, on a GET request
	redirect(safe_redirect(redirect_to, "/aeo/home"))


def decode_state(state: str | None) -> dict | None:
	"""Frappe's state: base64 of {"site", "token", "redirect_to"}."""
	try:
		decoded = json.loads(base64.b64decode(state or ""))
	except ValueError:
		return None
	return decoded if isinstance(decoded, dict) else None


def redirect(location: str) -> None:
	frappe.local.response["type"] = "redirect"
	frappe.local.response["location"] = location


def refuse(message: str) -> None:
	frappe.respond_as_web_page(
		_("UAE PASS sign-in"), message, http_status_code=403, indicator_color="red", primary_action="/aeo"
	)
