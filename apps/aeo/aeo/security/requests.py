"""What every request and response gets, whatever page or method it is for.

- The client's address comes from the connection, or, when the connection is from a proxy the deployment trusts
  (AEO Settings → Trusted Proxies), from the last address that proxy chain added to X-Forwarded-For. Frappe takes
  the first entry of that header, which the client writes: every per-address limit was a client's choice.
- A signed-in browser session gets a CSRF token when it is shown a page (Frappe gives one to desk sessions only);
  Frappe then checks it on every POST of that session.
- Security headers on every response; files that are neither images nor PDFs are served as downloads.
"""

import ipaddress
from urllib.parse import urlparse

import frappe

INLINE_TYPES = ("image/", "application/pdf")
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


def set_client_address() -> None:
	"""before_request: replace Frappe's `request_ip` (the first X-Forwarded-For entry, which the client writes)."""
	request = frappe.local.request
	frappe.local.request_ip = client_address(
		request.remote_addr, request.headers.get("X-Forwarded-For"), trusted_proxies()
	)


def give_csrf_token() -> None:
	"""A signed-in session that is shown a portal page gets a CSRF token (in the page, as Frappe does for the
	desk), so that its POSTs must carry it."""
	if frappe.session.user != "Guest" and frappe.local.session and not frappe.local.session.data.csrf_token:
		frappe.sessions.get_csrf_token()


def add_security_headers(response=None, request=None) -> None:
	"""after_request: security headers; a private file that is not an image or PDF is a download, never shown."""
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
