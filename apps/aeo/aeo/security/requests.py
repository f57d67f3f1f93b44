"""What every request and response gets, whatever page or method it is for.

- The client's address comes from the connection, or, when the connection is from a proxy the deployment trusts
  (AEO Settings → Trusted Proxies), from the last address that proxy chain added to X-Forwarded-For. Frappe takes
  the first entry of that header, which the client writes: every per-address limit was a client's choice.
- A signed-in browser session gets a CSRF token when it is shown a page (Frappe gives one to desk sessions only);
  Frappe then checks it on every POST of that session.
- Failed sign-ins are counted per address (AEO Settings → Failed Sign-ins per Address per Hour).
- Security headers on every response; files that are neither images nor PDFs are served as downloads.
"""

import ipaddress
import json
from urllib.parse import urlparse

import frappe
from frappe import _
from frappe.utils import cint

from aeo.exceptions import TooManyRequests

INLINE_TYPES = ("image/", "application/pdf")
LOGIN_FAILURES = "aeo:login-failures:{}"
HEADERS = {
	"X-Content-Type-Options": "nosniff",
	"X-Frame-Options": "SAMEORIGIN",
	"Referrer-Policy": "same-origin",
	"Permissions-Policy": "camera=(), microphone=(), geolocation=()",
	# Frappe's pages carry inline scripts and styles: the policy closes framing, plugins and base-tag hijacking
	"Content-Security-Policy": "frame-ancestors 'self'; object-src 'none'; base-uri 'self'",
}


def trusted_proxies() -> list:
	from aeo.aeo.doctype.aeo_settings.aeo_settings import settings

	networks = []
	for entry in (settings().get("trusted_proxies") or "").replace(",", "\n").splitlines():
		try:
			networks.append(ipaddress.ip_network(entry.strip(), strict=False))
		except ValueError:
			continue  # AEO Settings refuses such entries; an old value is skipped
	return networks


def client_address(remote: str | None, forwarded: str | None, proxies: list) -> str:
	"""The address of the client: the connection's peer unless that is a trusted proxy, then walking
	X-Forwarded-For from its end (each proxy appends the address it saw) past the trusted proxies."""

	def trusted(address: str) -> bool:
		try:
			ip = ipaddress.ip_address(address)
		except ValueError:
			return False
		return any(ip in network for network in proxies)

	remote = (remote or "").strip() or "unknown"
	if not proxies or not trusted(remote) or not forwarded:
		return remote
	for address in reversed([part.strip() for part in forwarded.split(",")]):
		try:
			ipaddress.ip_address(address)
		except ValueError:
			return remote  # a forged or broken entry: the proxy's own view is all that can be trusted
		if not trusted(address):
			return address
	return remote


def address_of(request) -> str:
	return client_address(request.remote_addr, request.headers.get("X-Forwarded-For"), trusted_proxies())


def set_client_address() -> None:
	"""before_request: replace Frappe's `request_ip` (the first X-Forwarded-For entry, which the client writes).
	A sign-in from an address past its hourly failures is undone (Frappe signs in before any app hook runs). A
	portal session gets its CSRF token."""
	frappe.local.request_ip = address_of(frappe.local.request)
	if is_login(frappe.local.request) and failed_logins(frappe.local.request_ip) >= login_limit():
		if frappe.session.user != "Guest":
			frappe.local.login_manager.logout()
		refuse_login()
	csrf_token_for_portal_sessions()


def is_login(request) -> bool:
	return request.method == "POST" and (
		request.path.rstrip("/") in ("/api/method/login", "/api/v1/method/login", "/api/v2/method/login")
		or frappe.form_dict.get("cmd") == "login"
	)


def login_limit() -> int:
	from aeo.aeo.doctype.aeo_settings.aeo_settings import settings

	return cint(settings().failed_logins_per_hour)


def failed_logins(address: str) -> int:
	return cint(frappe.cache.get(frappe.cache.make_key(LOGIN_FAILURES.format(address))))


def refuse_login() -> None:
	frappe.throw(_("Too many failed sign-ins from your address. Try again in an hour."), TooManyRequests,
		title=_("Not Permitted"))


def count_failed_login(response, request) -> None:
	"""A failed sign-in counts against the address; past the limit every answer is the same 429, so that a right
	password is not told apart from a wrong one."""
	if response is None or not is_login(request) or response.status_code != 401:
		return
	key = frappe.cache.make_key(LOGIN_FAILURES.format(address_of(request)))
	count = frappe.cache.incrby(key, 1)
	if count == 1:
		frappe.cache.expire(key, 3600)
	if count > login_limit():
		response.status_code = 429
		response.set_data(json.dumps({"exc_type": "TooManyRequests",
			"message": _("Too many failed sign-ins from your address. Try again in an hour.")}))


def give_csrf_token() -> None:
	"""A signed-in session that is shown a portal page gets a CSRF token (in the page, as Frappe does for the
	desk), so that its POSTs must carry it. Portal users get theirs on their first request
	(`csrf_token_for_portal_sessions`); this serves staff sessions that never loaded the desk."""
	if frappe.session.user != "Guest" and frappe.local.session and not frappe.local.session.data.csrf_token:
		frappe.sessions.get_csrf_token()


def csrf_token_for_portal_sessions() -> None:
	"""before_request: a portal user's session gets its token on its first request (the sign-in itself, after
	Frappe has checked that request), so that two pages loading at once never make two tokens (the page would
	carry the one the session lost)."""
	if frappe.session.user != "Guest" and not frappe.session.data.csrf_token:
		if frappe.get_cached_value("User", frappe.session.user, "user_type") == "Website User":
			frappe.sessions.get_csrf_token()


def after_request(response=None, request=None) -> None:
	"""after_request: failed sign-ins counted; security headers on the response."""
	count_failed_login(response, request)
	add_security_headers(response, request)


def add_security_headers(response=None, request=None) -> None:
	"""Security headers; a private file that is not an image or PDF is a download, never shown."""
	if response is None:
		return
	for header, value in HEADERS.items():
		response.headers.setdefault(header, value)
	path = (request.path if request else "") or ""
	if path.startswith(("/private/files/", "/files/")) and not (response.mimetype or "").startswith(INLINE_TYPES):
		disposition = response.headers.get("Content-Disposition", "")
		response.headers["Content-Disposition"] = "attachment" + disposition[disposition.find(";"):] if ";" in disposition else "attachment"


def safe_redirect(url, default: str = "/aeo/home") -> str:
	"""A path on this site, or `default`: browsers drop tabs and newlines and read a backslash as a slash, so
	`/%09/evil.example` or `/\\evil.example` would leave the site."""
	if not isinstance(url, str):
		return default
	cleaned = "".join(ch for ch in url if ch > " " and ch != "\x7f").replace("\\", "/")
	parsed = urlparse(cleaned)
	if not cleaned.startswith("/") or cleaned.startswith("//") or parsed.scheme or parsed.netloc:
		return default
	return cleaned
