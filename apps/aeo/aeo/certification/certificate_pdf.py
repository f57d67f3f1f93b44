"""The certificate as a PDF: the "AEO Certificate" print format, rendered by WeasyPrint (Frappe v15's own PDF path is
wkhtmltopdf, which cannot shape Arabic reliably). Downloaded by the establishment on the portal and by staff in the
desk; a batch renders in a background job that reports its progress to the staff user who asked.
"""

import base64
import io
import multiprocessing
import os
import zipfile
from concurrent.futures import ProcessPoolExecutor, as_completed

import frappe
from frappe import _
from frappe.utils import format_date, get_url
from frappe.www.printview import get_rendered_template

from aeo.certification.doctype.aeo_certificate.aeo_certificate import federal_authority
from aeo.certification.pdf_fonts import font_faces
from aeo.certification.pdf_render import pdf_from_html
from aeo.certification.verification import qr_svg, verification_url
from aeo.permissions import is_portal_user

PRINT_FORMAT = "AEO Certificate"
DATE_FORMAT = "dd-MM-yyyy"  # digits read the same in Arabic and English
MAX_BATCH = 500
BATCH_EVENT = "aeo_certificate_batch"  # a batch's progress, sent to its owner through Frappe's realtime server


def print_context(doc) -> dict:
	"""The values the print format needs beside the certificate's own fields."""
	url = verification_url(doc.name)
	area_en, area_ar = frappe.get_cached_value("Area", doc.area, ["area_name", "area_name_ar"]) if doc.area else ("", "")
	return {
		"verification_url": url,
		"qr": "data:image/svg+xml;base64," + base64.b64encode(qr_svg(url)).decode(),
		"font_faces": font_faces(),
		"authority_ar": federal_authority()[1],
		"emirate_ar": frappe.get_cached_value("Emirate", doc.emirate, "emirate_name_ar") if doc.emirate else "",
		"area_en": area_en,
		"area_ar": area_ar,
		"date_of_issue": format_date(doc.date_of_issue, DATE_FORMAT) if doc.date_of_issue else "",
		"valid_until": format_date(doc.valid_until, DATE_FORMAT) if doc.valid_until else "",
	}


def certificate_html(doc) -> str:
	"""The print format's page; Frappe checks that the user may print the certificate."""
	body = get_rendered_template(doc, print_format=frappe.get_cached_doc("Print Format", PRINT_FORMAT), no_letterhead=1)
	return f'<!DOCTYPE html><html><head><meta charset="utf-8"></head><body style="margin:0">{body}</body></html>'


def render_pdf(doc) -> bytes:
	return pdf_from_html(certificate_html(doc), get_url(), frappe.local.sites_path)


def require_downloadable(doc) -> None:
	"""Staff download any certificate they may print; an establishment only its own active ones, so that a copy of
	a suspended or cancelled certificate is not handed out again."""
	if not frappe.has_permission(doc.doctype, "print", doc):
		frappe.throw(_("You cannot download this certificate."), frappe.PermissionError)
	if is_portal_user() and doc.status != "Active":
		frappe.throw(_("Only an active certificate can be downloaded."), frappe.PermissionError)


@frappe.whitelist()
def download(name: str) -> None:
	doc = frappe.get_doc("AEO Certificate", name)
	require_downloadable(doc)
	frappe.local.response.filename = f"{doc.name}.pdf"
	frappe.local.response.filecontent = render_pdf(doc)
	frappe.local.response.type = "pdf"


@frappe.whitelist(allow_guest=True)
def download_print_pdf(doctype, name, format=None, doc=None, no_letterhead=0, language=None, letterhead=None):
	"""The desk's own PDF button (hooks: override_whitelisted_methods): a certificate comes from WeasyPrint; every
	other document goes on to Frappe's wkhtmltopdf path, for a stored record the caller may read (never a document
	the client sends: `doc` is ignored); an unknown DocType or record is a 403, not a 500."""
	from frappe.utils.print_format import download_pdf

	from aeo.security.gate import refuse
	from aeo.security.queries import doctype_of

	doctype_of(doctype)
	if not isinstance(name, str) or not frappe.db.exists(doctype, name) or not frappe.has_permission(doctype, "print", doc=name):
		refuse()
	if doctype == "AEO Certificate":
		return download(name)
	return download_pdf(doctype, name, format, None, no_letterhead, language, letterhead)


@frappe.whitelist(methods=["POST"])
def download_batch(names: str | list) -> str:
	"""Queue the rendering of several certificates (the desk's list action); the job reports its progress to the
	caller and leaves a zip file for them."""
	names = frappe.parse_json(names) if isinstance(names, str) else names
	if not isinstance(names, list) or not names or len(names) > MAX_BATCH:
		frappe.throw(_("Choose between 1 and {0} certificates.").format(MAX_BATCH))
	for name in names:
		if not isinstance(name, str) or not frappe.db.exists("AEO Certificate", name):
			frappe.throw(_("You cannot download this certificate."), frappe.PermissionError)
		require_downloadable(frappe.get_doc("AEO Certificate", name))
	batch = frappe.generate_hash(length=16)
	frappe.enqueue(render_batch, queue="long", names=names, batch=batch, timeout=3600)
	return batch


def report_batch(batch: str, done: int, total: int, file_url: str | None = None) -> None:
	"""Where a batch stands, published to the user who asked (Frappe's realtime, to that user's room only)."""
	frappe.publish_realtime(
		BATCH_EVENT,
		{"batch": batch, "done": done, "total": total, "file_url": file_url},
		user=frappe.session.user,
	)


def render_batch(names: list[str], batch: str) -> str:
	"""Render each certificate into one zip, a private file of the user who asked; report progress after each through
	Frappe's realtime server; the finished zip is also announced in the user's notifications. The job reads the
	records and lays out each page; WeasyPrint renders them in one child process per core (issue 12), the zip keeps
	the order asked for."""
	buffer = io.BytesIO()
	base_url, sites_path = get_url(), frappe.local.sites_path
	workers = max(1, min(os.cpu_count() or 1, len(names)))
	with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:
		pending = [
			pool.submit(pdf_from_html, certificate_html(frappe.get_doc("AEO Certificate", name)), base_url, sites_path)
			for name in names
		]
		done = 0
		for _finished in as_completed(pending):
			done += 1
			report_batch(batch, done, len(names))
		with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
			for name, rendered in zip(names, pending, strict=True):
				archive.writestr(f"{name}.pdf", rendered.result())
	file = frappe.get_doc(
		{
			"doctype": "File",
			"file_name": f"aeo-certificates-{frappe.generate_hash(length=8)}.zip",
			"content": buffer.getvalue(),
			"is_private": 1,
		}
	).insert(ignore_permissions=True)
	frappe.get_doc(
		{
			"doctype": "Notification Log",
			"for_user": frappe.session.user,
			"type": "Alert",
			"subject": _("{0} certificates are ready to download.").format(len(names)),
			"link": file.file_url,
		}
	).insert(ignore_permissions=True)
	report_batch(batch, len(names), len(names), file.file_url)
	return file.file_url
