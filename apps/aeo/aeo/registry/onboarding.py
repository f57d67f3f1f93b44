"""Onboarding on the public portal (BRD §5.2.2, P-1.1): a guest proves an e-mail address with a one-time code (or
signs in with UAE PASS), then submits the account request and tracks it by its reference number.

A proven applicant is held in the cache under an opaque token for `account_request_session_minutes`; the request
takes its e-mail (and, with UAE PASS, the identity's name and mobile) from that token, never from the form.
"""

import hashlib
import hmac
import json
import secrets
import time

import frappe
from frappe import _
from frappe.rate_limiter import rate_limit
from frappe.utils import cint, format_date, format_datetime, validate_email_address
from PIL import UnidentifiedImageError

from aeo.aeo.doctype.aeo_settings.aeo_settings import settings
from aeo.exceptions import TooManyRequests
from aeo.registry.doctype.account_request.account_request import ATTACHMENTS
from aeo.utils import check_file, fail

CODE_KEY = "aeo:otp:{}"
APPLICANT_KEY = "aeo:applicant:{}"
COOLDOWN_KEY = "aeo:otp-cooldown:{}"
RECIPIENTS_KEY = "aeo:otp-recipients:{}"
PER_RECIPIENT_KEY = "aeo:otp-recipients:to:{}"
FORM_FIELDS = (
	"applicant_name_ar",
	"applicant_name",
	"job_title",
	"applicant_role",
	"mobile_no",
	"establishment_name",
	"establishment_name_ar",
	"emirate",
	"licence_issuer",
	"licence_number",
)
IDENTITY_FIELDS = ("applicant_name", "applicant_name_ar", "mobile_no")
# Table 19: the portal shows both review states of Table 33 as one "under review"
PORTAL_STATUS = {
	"Submitted": "Account request submitted",
	"Under Initial Review": "Account request under review",
	"Under Final Review": "Account request under review",
	"Approved": "Account request accepted",
	"Rejected": "Account request rejected",
}


def refuse(message: str) -> None:
	frappe.throw(message, title=_("Not accepted"))


# ------------------------------------------------------------------ e-mail verification (§5.2.2.1 step 3, BR.5)


@frappe.whitelist(allow_guest=True, methods=["POST"])
def send_verification_code(email: str) -> dict:
	"""E-mail a one-time code, unless the address already has an account or an open request (BR.1), a code was
	sent to it less than the cool-down ago (even if that code was since voided), or the client's address already
	asked codes for as many other addresses this hour as AEO Settings allows."""
	email = normalise_email(email)
	require_email_free(email)
	config = settings()
	sent_at = frappe.cache.get_value(COOLDOWN_KEY.format(email))
	wait = cint(config.otp_resend_cooldown_seconds) - int(time.time() - sent_at) if sent_at else 0
	if wait > 0:
		refuse(_("A code was sent a moment ago. You can ask for another one in {0} seconds.").format(wait))
	count_recipient(email, cint(config.verification_code_recipients_per_hour))
	count_per_hour(PER_RECIPIENT_KEY.format(email), cint(config.verification_codes_per_hour))
	code = f"{secrets.randbelow(10**6):06d}"
	validity = cint(config.otp_validity_minutes) * 60
	frappe.cache.set_value(
		CODE_KEY.format(email),
		{"digest": digest(email, code), "sent_at": time.time(), "expires_at": time.time() + validity, "attempts": 0},
		expires_in_sec=validity,
	)
	frappe.cache.set_value(COOLDOWN_KEY.format(email), time.time(), expires_in_sec=max(1, cint(config.otp_resend_cooldown_seconds)))
	frappe.sendmail(
		recipients=[email],
		subject=f"رمز التحقق / Verification code: {code}",
		message=frappe.render_template(
			"aeo/templates/emails/verification_code.html", {"code": code, "minutes": config.otp_validity_minutes}
		),
		now=True,
	)
	return {"validity_minutes": cint(config.otp_validity_minutes), "cooldown_seconds": cint(config.otp_resend_cooldown_seconds)}


def count_per_hour(key: str, limit: int) -> None:
	"""An hourly counter: past `limit`, a 429 (per recipient, whatever address asks and however the e-mail is
	spelt)."""
	key = frappe.cache.make_key(key)
	count = frappe.cache.incrby(key, 1)
	if count == 1:
		frappe.cache.expire(key, 3600)
	if count > limit:
		frappe.throw(_("Too many verification codes were asked for this e-mail. Try again in an hour."), TooManyRequests, title=_("Not accepted"))


def count_recipient(email: str, limit: int) -> None:
	"""One client address asks codes for at most `limit` different e-mail addresses an hour: no one mails codes to a
	list of strangers from one place."""
	name = RECIPIENTS_KEY.format(frappe.local.request_ip or "unknown")
	key = frappe.cache.make_key(name)  # sadd and sismember make the key themselves; scard, ttl and expire do not
	if frappe.cache.sismember(name, email):
		return
	if frappe.cache.scard(key) >= limit:
		frappe.throw(
			_("Too many verification codes were asked from your address. Try again in an hour."),
			TooManyRequests,
			title=_("Not accepted"),
		)
	frappe.cache.sadd(name, email)
	if frappe.cache.ttl(key) < 0:
		frappe.cache.expire(key, 3600)


@frappe.whitelist(allow_guest=True, methods=["POST"])
def verify_code(email: str, code: str) -> dict:
	"""Check the code: wrong codes count against `otp_max_attempts`, after which the code is void; an expired code
	is void too. A right code is used up and gives the applicant token."""
	email = normalise_email(email)
	key = CODE_KEY.format(email)
	pending = frappe.cache.get_value(key)
	if not pending or time.time() > pending["expires_at"]:
		frappe.cache.delete_value(key)
		refuse(_("The code has expired or was never sent. Ask for a new code."))
	if not hmac.compare_digest(pending["digest"], digest(email, (code or "").strip())):
		pending["attempts"] += 1
		left = cint(settings().otp_max_attempts) - pending["attempts"]
		if left <= 0:
			frappe.cache.delete_value(key)
			refuse(_("Too many wrong codes. Ask for a new code."))
		frappe.cache.set_value(key, pending, expires_in_sec=max(1, int(pending["expires_at"] - time.time())))
		refuse(_("The code is not correct. {0} attempts left.").format(left))
	frappe.cache.delete_value(key)
	return {"applicant": issue_applicant_token(email)}


def digest(email: str, code: str) -> str:
	"""Codes are kept as keyed hashes: the cache never holds a usable code."""
	secret = frappe.local.conf.get("encryption_key") or frappe.local.site
	return hmac.new(secret.encode(), f"{email}:{code}".encode(), hashlib.sha256).hexdigest()


def normalise_email(email: str) -> str:
	email = (email or "").strip().lower()
	if not validate_email_address(email):
		refuse(_("Enter a valid e-mail address."))
	return email


def require_email_free(email: str) -> None:
	"""BR.1 before any code is sent: the Account Request checks it again when the request is saved."""
	if frappe.db.exists("User", {"email": email}) or frappe.db.exists(
		"Account Request", {"email": email, "status": ("!=", "Rejected")}
	):
		refuse(_("An account or an open account request already uses this e-mail."))


# ------------------------------------------------------------------ the proven applicant


def issue_applicant_token(email: str, identity: dict | None = None) -> str:
	"""Hold a proven applicant (an e-mail verified by code, or a UAE PASS identity) for the account request."""
	token = secrets.token_urlsafe(24)
	frappe.cache.set_value(
		APPLICANT_KEY.format(token),
		{"email": email, "identity": identity or {}},
		expires_in_sec=cint(settings().account_request_session_minutes) * 60,
	)
	return token


def applicant(token: str) -> dict:
	found = frappe.cache.get_value(APPLICANT_KEY.format(token or "")) if token else None
	if not found:
		refuse(_("Your verification has expired. Verify your e-mail again."))
	return found


# ------------------------------------------------------------------ the request (§5.2.2.1 steps 4–7)


@frappe.whitelist(allow_guest=True, methods=["POST"])
def submit_account_request(applicant_token: str, data: str | dict) -> dict:
	"""Create the Account Request from the form; its attachments are posted with it (multipart, under their field
	names). A refusal rolls everything back, the uploaded files included (Frappe removes new files on rollback)."""
	proven = applicant(applicant_token)
	values = json.loads(data) if isinstance(data, str) else data
	doc = frappe.new_doc("Account Request")
	doc.update({field: values.get(field) for field in FORM_FIELDS})
	doc.update({field: value for field, value in proven["identity"].items() if field in IDENTITY_FIELDS})
	doc.email = proven["email"]
	doc.uae_pass_verified = 1 if proven["identity"] else 0
	doc.language = frappe.local.lang
	files = [save_upload(doc, fieldname) for fieldname in ATTACHMENTS]
	doc.insert(ignore_permissions=True)
	for file in filter(None, files):
		file.db_set({"attached_to_doctype": doc.doctype, "attached_to_name": doc.name})
	frappe.cache.delete_value(APPLICANT_KEY.format(applicant_token))
	return {"reference_number": doc.name}


def save_upload(doc, fieldname: str, key: str | None = None, extensions: list[str] | None = None):
	"""A posted attachment (posted under `key`, by default the field's name), checked for type (`extensions`, by
	default those of AEO Settings) and size, as a private File of the user's own. It is left unattached: on saving
	the record Frappe attaches it to the record's Attach field (a File already naming the field would be copied)."""
	upload = frappe.request.files.get(key or fieldname) if frappe.request else None
	if not upload or not upload.filename:
		return None
	content = upload.stream.read()
	check_file(doc, fieldname, [upload.filename], len(content), extensions=extensions)
	try:
		file = frappe.get_doc(
			{
				"doctype": "File",
				"file_name": upload.filename,
				"content": content,
				"is_private": 1,
			}
		).insert(ignore_permissions=True)
	except UnidentifiedImageError:  # Frappe reads JPEGs to strip their EXIF data
		fail(doc, fieldname, _("the file is damaged or is not an image"))
	doc.set(fieldname, file.file_url)
	return file


# ------------------------------------------------------------------ tracking (§5.2.2.2)


@frappe.whitelist(allow_guest=True, methods=["POST"])
# per address, whatever the reference: Frappe counts a `key` per value, which would let a guesser try numbers freely
@rate_limit(limit=lambda: cint(settings().account_request_tracking_per_hour), seconds=60 * 60)
def track_account_request(reference_number: str, email: str) -> dict:
	"""The request's status as Table 19 shows it. The e-mail is asked too, so a reference number alone tells a
	stranger nothing; a wrong pair gets the same answer as an unknown number."""
	found = frappe.db.get_value(
		"Account Request",
		{"name": (reference_number or "").strip(), "email": (email or "").strip().lower()},
		["name", "status", "submission_date", "decision_date"],
		as_dict=True,
	)
	if not found:
		refuse(_("No account request matches this reference number and e-mail."))
	reasons = rejection_reasons(found.name) if found.status == "Rejected" else []
	return {
		"reference_number": found.name,
		"status": _(PORTAL_STATUS.get(found.status, found.status)),
		"submitted_on": format_datetime(found.submission_date),
		"decided_on": format_date(found.decision_date) if found.decision_date else "",
		"reasons": reasons,
	}


def rejection_reasons(request: str) -> list[str]:
	"""The reasons of a rejected request in the reader's language, with the reviewer's remarks for "Other"."""
	item, reason = frappe.qb.DocType("Reason Item"), frappe.qb.DocType("Reason")
	rows = (
		frappe.qb.from_(item)
		.join(reason)
		.on(reason.name == item.reason)
		.select(reason.reason, reason.reason_ar)
		.where((item.parent == request) & (item.parenttype == "Account Request"))
		.orderby(item.idx)
		.run(as_dict=True)
	)
	remarks = frappe.db.get_value("Account Request", request, "rejection_remarks")
	texts = [row.reason_ar if frappe.local.lang == "ar" else row.reason for row in rows]
	return texts + ([remarks] if remarks else [])
