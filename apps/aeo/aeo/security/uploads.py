"""Uploads: a file's content must be what its name says (magic bytes), of a type AEO Settings accepts.

Frappe checks a portal upload's extension only, so an executable renamed `.pdf` is stored and served as a PDF. The
check runs on every File whose content was posted with the request; files the app makes itself are left alone.
"""

import os
import zipfile
from io import BytesIO

import frappe
from frappe import _

from aeo.exceptions import UnsafeUpload

# the first bytes of each accepted type; Office's new formats are zip archives, the old ones OLE2 compound files
SIGNATURES = {
	"pdf": (b"%PDF-",),
	"png": (b"\x89PNG\r\n\x1a\n",),
	"jpg": (b"\xff\xd8\xff",),
	"jpeg": (b"\xff\xd8\xff",),
	"gif": (b"GIF87a", b"GIF89a"),
	"webp": (b"RIFF",),
	"docx": (b"PK\x03\x04",),
	"xlsx": (b"PK\x03\x04",),
	"pptx": (b"PK\x03\x04",),
	"odt": (b"PK\x03\x04",),
	"ods": (b"PK\x03\x04",),
	"zip": (b"PK\x03\x04",),
	"doc": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",),
	"xls": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",),
	"ppt": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",),
}
TEXT_TYPES = {"txt", "csv"}
OFFICE_ZIP_ROOT = {"docx": "word/", "xlsx": "xl/", "pptx": "ppt/"}
EXECUTABLE = (b"MZ", b"\x7fELF", b"#!", b"\xca\xfe\xba\xbe", b"\xcf\xfa\xed\xfe")


def content_matches(extension: str, content: bytes) -> bool:
	"""Whether `content` is a file of type `extension`, judged by its bytes (unknown types never match)."""
	if content.startswith(EXECUTABLE):
		return False
	if extension in TEXT_TYPES:
		head = content[:8192]
		try:
			head.decode("utf-8")
		except UnicodeDecodeError as error:
			if error.start < len(head) - 3:  # not just a character cut at the end of the sample
				return False
		return b"\x00" not in head
	signatures = SIGNATURES.get(extension)
	if not signatures or not content.startswith(signatures):
		return False
	if extension == "webp":
		return content[8:12] == b"WEBP"
	if extension in OFFICE_ZIP_ROOT:
		try:
			return any(name.startswith(OFFICE_ZIP_ROOT[extension]) for name in zipfile.ZipFile(BytesIO(content)).namelist())
		except zipfile.BadZipFile:
			return False
	return True


def check_upload(doc, method=None) -> None:
	"""File.before_insert: a File whose content arrived in this request's upload (Frappe's upload_file, or the
	portal's forms) is sniffed; files the app makes itself (certificates, QR codes, zips) are not uploads."""
	if doc.is_folder:
		return
	content = doc.get("content") or doc.get("_content")
	if isinstance(content, str):
		content = content.encode()
	if not content or not came_with_the_request(content, doc.get("_content")):
		return
	extension = os.path.splitext(doc.file_name or "")[1].lower().lstrip(".")
	if not content_matches(extension, content):
		frappe.throw(
			_("The file {0} is not a valid {1} file.").format(doc.file_name, extension.upper() or _("(no type)")),
			UnsafeUpload,
			title=_("File Not Accepted"),
		)


def came_with_the_request(*contents) -> bool:
	"""Whether any of `contents` is a file posted with the current HTTP request."""
	request = getattr(frappe.local, "request", None)
	posted = []
	if getattr(frappe.local, "uploaded_file", None):
		posted.append(frappe.local.uploaded_file)
	for _key, upload in (request.files.items(multi=True) if request is not None and request.files else ()):
		position = upload.stream.tell()
		upload.stream.seek(0)
		posted.append(upload.stream.read())
		upload.stream.seek(position)
	return any(content and content in posted for content in contents)
