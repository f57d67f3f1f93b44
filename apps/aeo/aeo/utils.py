"""Field validations shared by the app's DocTypes.

Each check fails with a translated message that names the field (its label in the user's language) and saves nothing.
"""

import os
import re

import frappe
from frappe import _
from frappe.utils import cint, getdate

ARABIC_LETTER = re.compile(r"[\u0600-\u06FF\u0750-\u077F\uFB50-\uFDFF\uFE70-\uFEFF]")
LATIN_LETTER = re.compile(r"[A-Za-z]")
# names: letters of one script plus digits, spaces and the punctuation real names carry ("L.L.C", "& Co.")
ARABIC_NAME = re.compile(r"^[\u0600-\u06FF\u0750-\u077F\s0-9٠-٩\-\.'’&(),/]+$")
ENGLISH_NAME = re.compile(r"^[A-Za-z\s0-9\-\.'’&(),/]+$")
UAE_PHONE = re.compile(r"^\+971(5\d{8}|[2-9]\d{7})$")


def label(doc, fieldname: str) -> str:
	return _(doc.meta.get_label(fieldname))


def fail(doc, fieldname: str, reason: str) -> None:
	frappe.throw(_("{0}: {1}").format(label(doc, fieldname), reason), title=_("Invalid Value"))


def require_arabic(doc, fieldname: str) -> None:
	"""A bilingual master's Arabic name must be written in Arabic script."""
	value = doc.get(fieldname)
	if value and not ARABIC_LETTER.search(value):
		frappe.throw(_("{0} must be written in Arabic letters.").format(label(doc, fieldname)), title=_("Invalid Value"))


def require_arabic_name(doc, fieldname: str) -> None:
	"""A person's or establishment's Arabic name: Arabic letters only (digits and name punctuation allowed)."""
	value = (doc.get(fieldname) or "").strip()
	if value and not (ARABIC_NAME.match(value) and ARABIC_LETTER.search(value)):
		frappe.throw(_("{0} must be written in Arabic letters.").format(label(doc, fieldname)), title=_("Invalid Value"))


def require_english_name(doc, fieldname: str) -> None:
	"""A person's or establishment's English name: Latin letters only (digits and name punctuation allowed)."""
	value = (doc.get(fieldname) or "").strip()
	if value and not (ENGLISH_NAME.match(value) and LATIN_LETTER.search(value)):
		frappe.throw(_("{0} must be written in English letters.").format(label(doc, fieldname)), title=_("Invalid Value"))


def to_e164(value: str, home_country_code: str | None = "971") -> str:
	"""Strip spacing and turn 00… into +…; with a home country code, local 0… and bare 971… numbers get it too."""
	digits = re.sub(r"[\s\-()]", "", value)
	if digits.startswith("00"):
		return "+" + digits[2:]
	if home_country_code and digits.startswith("0"):
		return f"+{home_country_code}{digits[1:]}"
	if home_country_code and digits.startswith(home_country_code):
		return "+" + digits
	return digits


def normalise_uae_phone(doc, fieldname: str) -> None:
	"""UAE numbers, stored as E.164 (+9715XXXXXXXX mobile, +971XYYYYYYY landline); local 05… and 0X… accepted."""
	value = doc.get(fieldname)
	if not value:
		return
	digits = to_e164(value)
	if not UAE_PHONE.match(digits):
		fail(doc, fieldname, _("enter a UAE number, e.g. +971 50 123 4567"))
	doc.set(fieldname, digits)


def require_date_order(doc, earlier: str, later: str) -> None:
	if doc.get(earlier) and doc.get(later) and getdate(doc.get(later)) < getdate(doc.get(earlier)):
		frappe.throw(
			_("{0} cannot be before {1}.").format(label(doc, later), label(doc, earlier)), title=_("Invalid Dates")
		)


def validate_attachments(doc, fieldnames, max_size_mb: int | None = None, extensions: list[str] | None = None) -> None:
	"""Attachments: private files of an allowed type and size (AEO Settings unless the field says otherwise), that
	the user uploaded or that already belong to this record."""
	for fieldname in fieldnames:
		url = doc.get(fieldname)
		if not url:
			continue
		file = uploaded_file(doc, url)
		if not file:
			fail(doc, fieldname, _("the file was not found; upload it again"))
		if not file.is_private:
			fail(doc, fieldname, _("the file must be uploaded as private"))
		# Frappe stores identical content once, so the URL may carry an earlier upload's name: check both
		check_file(doc, fieldname, [url, file.file_name], cint(file.file_size), max_size_mb, extensions)


def check_file(doc, fieldname: str, names: list, size: int, max_size_mb=None, extensions=None) -> None:
	"""A file's type (by each name it goes by) and size against the field's limits."""
	from aeo.aeo.doctype.aeo_settings.aeo_settings import settings

	config = settings()
	allowed = extensions or [e.strip() for e in config.allowed_attachment_extensions.split(",")]
	limit = (max_size_mb or cint(config.max_attachment_size_mb)) * 1024 * 1024
	if {extension_of(name) for name in names if name} - set(allowed):
		fail(doc, fieldname, _("only these file types are accepted: {0}").format(", ".join(allowed)))
	if size > limit:
		fail(doc, fieldname, _("the file is larger than {0} MB").format(limit // (1024 * 1024)))


def attach_files(urls, doctype: str, name: str) -> None:
	"""Attach files the current user uploaded to the record their content now belongs to, so that the record's
	other users may keep them (validate_attachments accepts a record's own files)."""
	for url in filter(None, urls):
		for file in frappe.get_all("File", {"file_url": url, "owner": frappe.session.user}, pluck="name"):
			frappe.db.set_value("File", file, {"attached_to_doctype": doctype, "attached_to_name": name})


def extension_of(path: str) -> str:
	return os.path.splitext(path)[1].lower().lstrip(".")


def uploaded_file(doc, url: str):
	"""The File behind an attachment URL, if the current user uploaded it or it is attached to this record: a
	private file's URL typed into another record must not make it readable through that record."""
	record = (doc.get("parenttype") or doc.doctype, doc.get("parent") or doc.name)
	for file in frappe.get_all(
		"File",
		{"file_url": url},
		["file_name", "file_size", "is_private", "owner", "attached_to_doctype", "attached_to_name"],
	):
		if file.owner == frappe.session.user or (file.attached_to_doctype, file.attached_to_name) == record:
			return file
	return None


def active_workflow(doctype: str):
	"""The DocType's active Workflow, from the cache (Frappe clears it when an administrator saves the workflow), or
	None."""
	from frappe.model.workflow import get_workflow_name

	name = get_workflow_name(doctype)
	return frappe.get_cached_doc("Workflow", name) if name else None
