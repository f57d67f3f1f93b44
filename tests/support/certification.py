"""Certificates made as the programme makes them (an issuance the Main Account Manager approves and the federal
authority issues), and what a reader gets out of a certificate PDF: its text and its QR code."""

import io
import re
import subprocess
import tempfile
from pathlib import Path

import frappe
from aeo.certification.membership import approve_membership
from frappe.model.workflow import apply_workflow
from PIL import Image
from pypdf import PdfReader
from pyzbar.pyzbar import decode

from tests.support.factories import ISSUER, SiteSession


def default_benefit_group() -> str:
	"""The default benefit group, made with one GCC benefit when the site has none."""
	group = frappe.db.get_value("Benefit Group", {"is_default": 1})
	if group:
		return group
	benefit = frappe.get_doc(
		{
			"doctype": "Benefit",
			"benefit_type": "GCC",
			"category": "Procedural",
			"benefit_name": "Priority clearance",
			"benefit_name_ar": "أولوية التخليص",
			"description": "Consignments are cleared first.",
			"description_ar": "تخلص الشحنات أولاً.",
		}
	).insert()
	group = frappe.get_doc(
		{
			"doctype": "Benefit Group",
			"group_name": "Default AEO Benefits",
			"group_description": "Every new AEO receives them.",
			"is_default": 1,
			"benefits": [{"benefit": benefit.name}],
		}
	).insert()
	frappe.db.commit()
	return group.name


def branch_licence(number: str, name: str, name_ar: str, emirate: str) -> dict:
	"""A branch licence row (Establishment.licences), valid through 2027."""
	return {
		"licence_type": "Branch",
		"branch_name": name,
		"branch_name_ar": name_ar,
		"emirate": emirate,
		"licence_issuer": ISSUER[emirate],
		"licence_number": number,
		"licence_issue_date": "2025-01-01",
		"licence_expiry_date": "2028-01-01",
	}


def add_branches(establishment: str, count: int, emirate: str = "Dubai") -> list[str]:
	"""`count` branch licences (Establishment.licences rows); their numbers."""
	doc = frappe.get_doc("Establishment", establishment)
	numbers = [f"{establishment}-B{i:03d}" for i in range(1, count + 1)]
	for i, number in enumerate(numbers, 1):
		doc.append("licences", branch_licence(number, f"Branch {i}", f"الفرع رقم {i}", emirate))
	doc.save()
	frappe.db.commit()
	return numbers


def act(user: str, doctype: str, name: str, action: str):
	"""`user` takes a workflow action, as the desk's Actions menu does; the record as it is afterwards."""
	frappe.set_user(user)
	try:
		apply_workflow(frappe.get_doc(doctype, name).as_dict(), action)
		frappe.db.commit()
	finally:
		frappe.set_user("Administrator")
	return frappe.get_doc(doctype, name)


def issue(establishment: str, kam: str, federal: str, branches: tuple[str, ...] = ()):
	"""Start the issuance, tick `branches`, approve as the Main Account Manager and issue as the federal authority."""
	doc = frappe.get_doc("AEO Certificate Issuance", approve_membership(establishment))
	for row in doc.licences:
		row.include = row.include or row.licence_number in branches
	doc.save()
	frappe.db.commit()
	act(kam, doc.doctype, doc.name, "Approve")
	return act(federal, doc.doctype, doc.name, "Issue")


def pdf_text(pdf: bytes) -> str:
	"""The PDF's text as a reader copies it, spaces and line breaks collapsed."""
	return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages))


def qr_codes(pdf: bytes) -> list[str]:
	"""The QR codes on the PDF's first page, read from its image as a phone's camera would."""
	with tempfile.TemporaryDirectory() as folder:
		source = Path(folder, "certificate.pdf")
		source.write_bytes(pdf)
		subprocess.run(["pdftoppm", "-png", "-r", "150", "-f", "1", "-l", "1", source, Path(folder, "page")], check=True)
		image = Image.open(next(Path(folder).glob("page*.png")))
		return [symbol.data.decode() for symbol in decode(image)]


def guest() -> SiteSession:
	"""A guest from an address of its own (the lookups are counted per connection address)."""
	return SiteSession()
