"""AEO Certificate (BRD Table 11): one certificate per trade licence, the head office's or a branch's (§5.3.8).

The main account manager prepares it (status Under Issuance); the federal authority issues it (Active).
"""

import io

import frappe
import pyqrcode
from frappe import _
from frappe.model.document import Document
from frappe.model.naming import make_autoname
from frappe.utils import today

from aeo.aeo.doctype.aeo_settings.aeo_settings import settings
from aeo.utils import fail, require_date_order

IN_FORCE = ("Under Issuance", "Active", "Suspended")
ISSUING_COUNTRY = "United Arab Emirates"


class AEOCertificate(Document):
	def autoname(self):
		self.name = make_autoname(settings().certificate_number_format, doc=self)

	def validate(self):
		if self.licence_scope == "Head Office":
			fill_from_head_office(self)
		else:
			require_branch_licence(self)
		require_one_certificate_per_licence(self)
		set_issue_data(self)
		require_date_order(self, "date_of_issue", "valid_until")
		self.benefit_group = self.benefit_group or default_benefit_group()
		require_main_account_manager(self)

	def on_update(self):
		if self.status != "Under Issuance" and not self.qr_code:
			self.db_set("qr_code", make_qr_code(self), update_modified=False)


def fill_from_head_office(doc) -> None:
	"""A head-office certificate carries the establishment's own licence, names and address (T11-01…06)."""
	if not doc.establishment:
		return
	establishment = frappe.get_doc("Establishment", doc.establishment)
	doc.licence_number = establishment.licence_number
	doc.establishment_name = establishment.establishment_name
	doc.establishment_name_ar = establishment.establishment_name_ar
	doc.emirate = establishment.emirate
	doc.area = establishment.get("area")
	doc.detailed_address = establishment.get("detailed_address")


def require_branch_licence(doc) -> None:
	head_office_licence = frappe.db.get_value("Establishment", doc.establishment, "licence_number")
	if doc.licence_number and doc.licence_number == head_office_licence:
		fail(doc, "licence_number", _("a branch certificate needs the branch's own trade licence number"))


def require_one_certificate_per_licence(doc) -> None:
	if doc.status not in IN_FORCE or not doc.licence_number:
		return
	other = frappe.db.get_value(
		"AEO Certificate",
		{"licence_number": doc.licence_number, "status": ("in", IN_FORCE), "name": ("!=", doc.name)},
	)
	if other:
		frappe.throw(
			_(
				"Trade licence {0} already has certificate {1}; a licence holds one certificate at a time."
			).format(doc.licence_number, other),
			title=_("Duplicate Certificate"),
		)


def set_issue_data(doc) -> None:
	"""The UAE issues through the federal authority (T11-08/09, A-32a); the issue date is the day it becomes active."""
	doc.issuing_country = ISSUING_COUNTRY
	doc.issuing_authority = frappe.db.get_value(
		"Customs Administration", {"is_federal": 1}, "administration_name"
	)
	if doc.status != "Under Issuance" and not doc.date_of_issue:
		doc.date_of_issue = today()


def default_benefit_group() -> str | None:
	return frappe.db.get_value("Benefit Group", {"is_default": 1})


def require_main_account_manager(doc) -> None:
	user = doc.main_account_manager
	if user and "Main Account Manager" not in frappe.get_roles(user):
		fail(doc, "main_account_manager", _("{0} does not hold the Main Account Manager role").format(user))


def make_qr_code(doc) -> str:
	"""A private QR image of the certificate's identity and the premises' address (T11-11, A-32b)."""
	lines = (
		doc.name,
		doc.licence_number,
		doc.establishment_name,
		doc.detailed_address,
		str(doc.date_of_issue),
	)
	buffer = io.BytesIO()
	pyqrcode.create("\n".join(filter(None, lines)), encoding="utf-8").svg(buffer, scale=4)
	file = frappe.get_doc(
		{
			"doctype": "File",
			"file_name": f"{doc.name}-qr.svg",
			"content": buffer.getvalue(),
			"is_private": 1,
			"attached_to_doctype": doc.doctype,
			"attached_to_name": doc.name,
			"attached_to_field": "qr_code",
		}
	).insert(ignore_permissions=True)
	return file.file_url
