"""Public verification of AEO certificates: the signed link of the QR code (A-32b) and what a guest may see.

A certificate number is sequential, so a link carries an HMAC-SHA256 of it made with a key kept in the site's
config (`aeo_certificate_signing_key`, never in the database): a guessed number or an altered link has no valid
signature. Every failure gets the same "not valid" answer, a bad signature before the database is even read.
"""

import base64
import hashlib
import hmac
import io
import secrets
from urllib.parse import urlencode

import frappe
import pyqrcode
from frappe import _
from frappe.installer import update_site_config
from frappe.utils import cint, get_url, getdate, today

from aeo.aeo.doctype.aeo_settings.aeo_settings import settings

KEY_NAME = "aeo_certificate_signing_key"
SIGNATURE_VERSION = b"aeo-certificate-v1:"
SIGNATURE_BYTES = 18  # 24 base64url characters
PUBLIC_STATUSES = ("Active", "Suspended", "Cancelled")  # what the verification page can say, besides expired
RATE_KEY = "aeo:certificate-lookups:{}"


def ensure_signing_key() -> str:
	"""The site's signing key, made on install (or first use) and written to site_config.json."""
	key = frappe.conf.get(KEY_NAME)
	if not key:
		key = secrets.token_urlsafe(32)
		update_site_config(KEY_NAME, key)
		frappe.local.conf[KEY_NAME] = key
	return key


def signature(number: str) -> str:
	digest = hmac.new(ensure_signing_key().encode(), SIGNATURE_VERSION + number.encode(), hashlib.sha256).digest()
	return base64.urlsafe_b64encode(digest[:SIGNATURE_BYTES]).decode()


def verification_url(number: str) -> str:
	return get_url("/aeo/verify?" + urlencode({"c": number, "s": signature(number)}))


def qr_svg(text: str) -> bytes:
	buffer = io.BytesIO()
	pyqrcode.create(text, error="M").svg(buffer, scale=4, quiet_zone=4, xmldecl=False, svgns=True)
	return buffer.getvalue()


def public_status(certificate) -> str:
	"""Active, Suspended, Cancelled, or Expired: an active certificate past its validity (computed, not stored)."""
	if certificate.status == "Active" and certificate.valid_until and getdate(certificate.valid_until) < getdate(today()):
		return "Expired"
	return certificate.status


def query_text(value) -> str:
	"""A query parameter as text ("" for anything else: a list, a number from a JSON body, nothing)."""
	return value.strip() if isinstance(value, str) else ""


def signature_matches(number: str, sig: str) -> bool:
	"""Compared as bytes: `hmac.compare_digest` refuses str with non-ASCII characters (a TypeError, a 500) and text
	that cannot be encoded at all (a lone surrogate from a JSON body) is simply not a valid signature."""
	try:
		return hmac.compare_digest(signature(number).encode(), sig.encode())
	except UnicodeError:
		return False


def verified_certificate(number: str | None, sig: str | None):
	"""The certificate a link names, if its signature is right and the certificate was issued; else None."""
	number, sig = query_text(number), query_text(sig)
	if not (number and sig and signature_matches(number, sig)):
		return None
	certificate = frappe.db.get_value(
		"AEO Certificate",
		{"name": number, "status": ("in", PUBLIC_STATUSES)},
		["name", "status", "establishment_name", "establishment_name_ar", "valid_until"],
		as_dict=True,
	)
	if certificate:
		certificate.public_status = public_status(certificate)
	return certificate


def over_lookup_limit(context) -> bool:
	"""Counts a public page's lookup for the client's address; past the hourly limit of AEO Settings the page
	answers 429 with a plain message instead."""
	key = frappe.cache.make_key(RATE_KEY.format(frappe.local.request_ip or "unknown"))
	count = frappe.cache.incrby(key, 1)
	if count == 1:
		frappe.cache.expire(key, 3600)
	if count <= cint(settings().public_lookups_per_hour):
		return False
	context.http_status_code = 429
	context.message = _("Too many checks from your address. Try again in an hour.")
	return True


def published_members(query: str | None = None, limit: int = 100) -> list[dict]:
	"""The public list of AEOs (§5.3.8 step 3): active, unexpired certificates, by establishment name (either
	language) or certificate number; only what the authority publishes."""
	filters = {"status": "Active", "valid_until": (">=", today())}
	query = (query or "").strip()
	or_filters = (
		[[field, "like", f"%{query}%"] for field in ("name", "establishment_name", "establishment_name_ar")]
		if query
		else None
	)
	return frappe.get_all(
		"AEO Certificate",
		filters=filters,
		or_filters=or_filters,
		fields=["name", "establishment_name", "establishment_name_ar", "emirate", "date_of_issue", "valid_until"],
		order_by="establishment_name asc, name asc",
		limit=limit,
	)
