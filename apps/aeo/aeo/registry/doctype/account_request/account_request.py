"""Account Request (BRD Table 1): an establishment's request for a portal account, reviewed by its customs
administration (Table 33). Its name is the request number (T01-15, format in AEO Settings, BR.2)."""

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.model.naming import make_autoname
from frappe.utils import now_datetime, today

from aeo.aeo.doctype.aeo_settings.aeo_settings import settings
from aeo.registry.doctype.customs_administration.customs_administration import administration_of_emirate
from aeo.registry.doctype.establishment.establishment import licence_holder, require_issuer_of_emirate
from aeo.registry.doctype.reason.reason import require_reasons
from aeo.utils import (
	fail,
	normalise_uae_phone,
	require_arabic_name,
	require_english_name,
	validate_attachments,
)

REPRESENTATIVE = "Representative / Authorized"
ATTACHMENTS = ("valid_licence", "emirates_id_copy", "authorization_document")


class AccountRequest(Document):
	def autoname(self):
		self.name = make_autoname(settings().account_request_ref_format, doc=self)
		self.reference_number = self.name

	def validate(self):
		for fieldname in ("applicant_name_ar", "establishment_name_ar"):
			require_arabic_name(self, fieldname)
		for fieldname in ("applicant_name", "establishment_name"):
			require_english_name(self, fieldname)
		normalise_uae_phone(self, "mobile_no")
		require_unused_email(self)
		require_registrable_licence(self)
		if self.applicant_role == REPRESENTATIVE and not self.authorization_document:
			fail(
				self, "authorization_document", _("required when the applicant represents the establishment")
			)
		validate_attachments(self, ATTACHMENTS)
		if self.status == "Rejected":
			require_reasons(self, "rejection_reasons", "rejection_remarks", "Account Request Rejection")
		stamp_dates(self)

	def on_update(self):
		# who reviews it in each state is the workflow's to say (aeo.assignment.route): BR.3, Table 33
		if self.has_value_changed("status") and self.get_doc_before_save() and self.status == "Approved":
			create_account(self)


def require_unused_email(doc) -> None:
	"""BR.1: no user and no other open request (rejected ones do not count) has the e-mail."""
	if not doc.email:
		return
	user = frappe.db.exists("User", {"email": doc.email, "name": ("!=", doc.user or "")})
	other = frappe.db.exists(
		"Account Request", {"email": doc.email, "status": ("!=", "Rejected"), "name": ("!=", doc.name)}
	)
	if user or other:
		fail(doc, "email", _("an account or an open account request already uses this e-mail"))


def require_registrable_licence(doc) -> None:
	"""BR.27: only emirates open to account requests (AEO Settings); BR.3: the request goes to the customs
	administration of the licence's emirate. A licence has one account: no establishment holds it and no other
	open request names it."""
	if not doc.emirate:
		return
	open_emirates = [row.emirate for row in settings().emirate_rules if row.allow_account_requests]
	if doc.emirate not in open_emirates:
		fail(
			doc,
			"emirate",
			_("account requests are accepted only for licences issued in {0}").format(
				", ".join(_(emirate) for emirate in open_emirates)
			),
		)
	require_issuer_of_emirate(doc)
	doc.customs_administration = administration_of_emirate(doc.emirate)
	if not doc.licence_number:
		return
	other = frappe.db.exists(
		"Account Request",
		{"licence_number": doc.licence_number, "status": ("!=", "Rejected"), "name": ("!=", doc.name)},
	)
	if other or licence_holder(doc.licence_number, doc.establishment or ""):
		fail(
			doc, "licence_number", _("an account or an open account request already exists for this licence")
		)


def stamp_dates(doc) -> None:
	"""T01-16 on submission (a new request is always Submitted, T01-18); T01-17 when the decision is taken (A-04)."""
	if doc.is_new():
		doc.status = "Submitted"
		doc.submission_date = now_datetime()
	if doc.status in ("Approved", "Rejected") and not doc.decision_date:
		doc.decision_date = today()


def create_account(doc) -> None:
	"""On final acceptance (Table 33): the Establishment, and its Account Manager as a portal user who receives a
	link to set a password (the BRD e-mails a password; a link is what a security review expects)."""
	establishment = frappe.get_doc(
		{
			"doctype": "Establishment",
			"establishment_name": doc.establishment_name,
			"establishment_name_ar": doc.establishment_name_ar,
			"email": doc.email,
			"mobile_no": doc.mobile_no,
			"emirate": doc.emirate,
			"licence_issuer": doc.licence_issuer,
			"licence_number": doc.licence_number,
			"account_request": doc.name,
		}
	).insert(ignore_permissions=True)
	manager = frappe.get_doc(
		{
			"doctype": "Establishment User",
			"establishment": establishment.name,
			"portal_role": "Establishment Account Manager",
			"full_name": doc.applicant_name,
			"full_name_ar": doc.applicant_name_ar,
			"job_title": doc.job_title,
			"mobile_no": doc.mobile_no,
			"email": doc.email,
		}
	)
	manager.flags.language = doc.language  # the account starts in the language the applicant used
	manager.insert(ignore_permissions=True)
	establishment.db_set("account_manager", manager.user)
	doc.db_set({"establishment": establishment.name, "user": manager.user, "username": manager.username})
