"""AEO Certificate (BRD Table 11): one certificate per trade licence, the head office's or a branch's (§5.3.8).

Certificates are made Active by an AEO Certificate Issuance when the federal authority issues it; afterwards their
workflow (AEO Programme Manager) suspends, reactivates or cancels them. "Expired" is not stored: a certificate past
its `valid_until` reads as expired wherever it is shown (aeo.certification.verification.public_status).
"""

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.model.naming import make_autoname
from frappe.utils import add_days, add_years, cint, today

from aeo.aeo.doctype.aeo_settings.aeo_settings import settings
from aeo.certification.verification import qr_svg, verification_url
from aeo.registry.doctype.establishment.establishment import HEAD_OFFICE
from aeo.utils import fail, require_date_order

IN_FORCE = ("Active", "Suspended")
ISSUING_COUNTRY = "United Arab Emirates"


class AEOCertificate(Document):
	def autoname(self):
		self.name = make_autoname(settings().certificate_number_format, doc=self)

	def validate(self):
		fill_licence_data(self)
		require_one_certificate_per_licence(self)
		set_issue_data(self)
		require_date_order(self, "date_of_issue", "valid_until")
		self.benefit_group = self.benefit_group or default_benefit_group()
		require_main_account_manager(self)

	def on_update(self):
		if not self.qr_code:
			self.db_set("qr_code", attach_qr_code(self), update_modified=False)

	def before_print(self, settings=None):
		"""What the print format shows beside the fields: the Arabic names of the linked masters and the QR code."""
		from aeo.certification.certificate_pdf import print_context

		self.print_data = print_context(self)


def fill_licence_data(doc) -> None:
	"""T11-01…06 are auto-filled: from the establishment for its head office; for a branch, from that branch's row
	in the establishment's licences (a licence of another establishment is refused)."""
	if not doc.establishment:
		return
	establishment = frappe.get_doc("Establishment", doc.establishment)
	names = {"establishment_name": establishment.establishment_name, "establishment_name_ar": establishment.establishment_name_ar}
	if doc.licence_scope == HEAD_OFFICE:
		doc.update(
			{
				**names,
				"licence_number": establishment.licence_number,
				"emirate": establishment.emirate,
				"area": establishment.area,
				"detailed_address": establishment.detailed_address,
			}
		)
		return
	branch = next(
		(row for row in establishment.licences if row.licence_type == "Branch" and row.licence_number == doc.licence_number),
		None,
	)
	if not branch:
		fail(doc, "licence_number", _("choose one of the branch licences of {0}").format(establishment.establishment_name))
	doc.update(
		{
			"establishment_name": branch.branch_name or names["establishment_name"],
			"establishment_name_ar": branch.branch_name_ar or names["establishment_name_ar"],
			"emirate": branch.emirate,
		}
	)


def require_one_certificate_per_licence(doc) -> None:
	if doc.status not in IN_FORCE or not doc.licence_number:
		return
	other = frappe.db.get_value(
		"AEO Certificate",
		{"licence_number": doc.licence_number, "status": ("in", IN_FORCE), "name": ("!=", doc.name)},
	)
	if other:
		frappe.throw(
			_("Trade licence {0} already has certificate {1}; a licence holds one certificate at a time.").format(
				doc.licence_number, other
			),
			title=_("Duplicate Certificate"),
		)


def set_issue_data(doc) -> None:
	"""The UAE issues through the federal authority (T11-08/09, A-32a). A certificate is valid until the periodic
	re-assessment falls due (BR.24: at most the interval of AEO Settings after issue)."""
	doc.issuing_country = ISSUING_COUNTRY
	doc.issuing_authority = federal_authority()[0]
	doc.date_of_issue = doc.date_of_issue or today()
	if not doc.valid_until:
		years = cint(settings().periodic_reassessment_max_years)
		doc.valid_until = add_days(add_years(doc.date_of_issue, years), -1)


def default_benefit_group() -> str | None:
	return frappe.db.get_value("Benefit Group", {"is_default": 1})


def require_main_account_manager(doc) -> None:
	user = doc.main_account_manager
	if user and "Main Account Manager" not in frappe.get_roles(user):
		fail(doc, "main_account_manager", _("{0} does not hold the Main Account Manager role").format(user))


def attach_qr_code(doc) -> str:
	"""T11-11: a private image of the QR code the certificate carries, its signed verification link (A-32b)."""
	file = frappe.get_doc(
		{
			"doctype": "File",
			"file_name": f"{doc.name}-qr.svg",
			"content": qr_svg(verification_url(doc.name)),
			"is_private": 1,
			"attached_to_doctype": doc.doctype,
			"attached_to_name": doc.name,
			"attached_to_field": "qr_code",
		}
	).insert(ignore_permissions=True)
	return file.file_url


def federal_authority() -> tuple[str, str]:
	"""The federal authority's name in English and Arabic (Customs Administration marked federal)."""
	return frappe.db.get_value(
		"Customs Administration", {"is_federal": 1}, ["administration_name", "administration_name_ar"]
	) or ("", "")
