"""Joining Application (BRD Table 3): an establishment's application to join the AEO programme."""

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.model.naming import make_autoname
from frappe.utils import add_years, cint, getdate, now_datetime, today

from aeo.aeo.doctype.aeo_settings.aeo_settings import settings
from aeo.application import review
from aeo.registry.doctype.area.area import require_area_of_emirate
from aeo.registry.doctype.establishment.establishment import require_issuer_of_emirate
from aeo.registry.doctype.reason.reason import require_reasons
from aeo.utils import (
	fail,
	normalise_uae_phone,
	require_arabic_name,
	require_english_name,
	validate_attachments,
)

# An application in one of these states no longer stands in the way of a new one for its licence (BR.6).
CLOSED_STATUSES = ("Rejected", "Cancelled")
# T03-68: the date of the latest approval, rejection or return.
DECISION_STATUSES = ("Returned", "Approved", "Rejected")
# States in which the establishment edits the application, so the applicant follows the account manager.
ESTABLISHMENT_STATUSES = ("Draft", "Returned")
# T03-54 accepts more image types than the other attachments.
SHAREHOLDERS_LIST_TYPES = ["pdf", "png", "jpg", "jpeg", "gif", "svg", "webp", "tif", "tiff", "bmp"]
APPLICANT_FIELDS = {
	"applicant_name_ar": "full_name_ar",
	"applicant_name": "full_name",
	"applicant_job_title": "job_title",
	"applicant_phone": "mobile_no",
	"applicant_email": "email",
}


class JoiningApplication(Document):
	def autoname(self):
		self.name = make_autoname(settings().joining_application_ref_format, doc=self)
		self.reference_number = self.name

	def validate(self):
		set_defaults(self)
		validate_head_office(self)
		for row in self.branches + self.undeclared_branches:
			validate_branch(row)
		validate_licence_numbers(self)
		validate_answers(self)
		validate_customs_entries(self)
		validate_attachments(self, ["organizational_structure", "executive_management_list"])
		validate_attachments(self, ["shareholders_list"], extensions=SHAREHOLDERS_LIST_TYPES)
		if self.status in ESTABLISHMENT_STATUSES or status_changed_to(self, "Submitted"):
			fill_applicant(self)
		validate_status_change(self)
		if self.is_new() or status_changed_to(self, "Submitted"):
			require_no_impediment(self)
		if previous_status(self) not in (None, self.status):
			review.before_status_change(self, previous_status(self))

	def on_update(self):
		if previous_status(self) not in (None, self.status):
			review.after_status_change(self, previous_status(self))


def previous_status(doc) -> str | None:
	before = doc.get_doc_before_save()
	return before.status if before else None


def status_changed_to(doc, status: str) -> bool:
	before = doc.get_doc_before_save()
	return doc.status == status and (not before or before.status != status)


def set_defaults(doc) -> None:
	doc.unified_application = cint(unified_application_allowed(doc.emirate))
	default_expiry_date(doc)
	for row in doc.branches + doc.undeclared_branches:
		default_expiry_date(row)
		row.location_emirate = row.location_emirate or row.emirate
		row.website = row.website or doc.website
		row.added_by_customs = cint(row.parentfield == "undeclared_branches")
		if not doc.unified_application:
			row.include_in_application = 0
	for row in doc.violations:
		row.licence_number = row.licence_number or doc.licence_number
		row.added_by = row.added_by or frappe.session.user
	for row in doc.general_remarks:
		row.added_by = row.added_by or frappe.session.user
		row.added_on = row.added_on or now_datetime()


def unified_application_allowed(emirate: str | None) -> bool:
	"""BR.13: whether the licence emirate lets one application cover the head office and its branches."""
	return any(rule.emirate == emirate and rule.unified_application for rule in settings().emirate_rules)


def default_expiry_date(doc) -> None:
	"""BR.17: an expiry date left empty is the issue date plus the default licence validity."""
	if doc.licence_issue_date and not doc.licence_expiry_date:
		doc.licence_expiry_date = add_years(
			doc.licence_issue_date, cint(settings().licence_default_validity_years)
		)


def validate_head_office(doc) -> None:
	processing = frappe.get_all("Customs Administration", {"can_process_applications": 1}, pluck="emirate")
	if doc.emirate and doc.emirate not in processing:
		fail(
			doc,
			"emirate",
			_("the customs administration of {0} does not process joining applications").format(
				_(doc.emirate)
			),
		)
	if doc.hq_emirate and doc.hq_emirate not in processing:
		fail(
			doc,
			"hq_emirate",
			_("the customs administration of {0} does not process joining applications").format(
				_(doc.hq_emirate)
			),
		)
	require_area_of_emirate(doc, "hq_area", "hq_emirate")
	normalise_uae_phone(doc, "phone")
	validate_licence_dates(doc)


def validate_branch(row) -> None:
	"""T03-20…35: a branch's names, licence, phone, address and licence copy."""
	require_arabic_name(row, "branch_name_ar")
	require_english_name(row, "branch_name")
	require_issuer_of_emirate(row)
	require_area_of_emirate(row, "area", "location_emirate")
	normalise_uae_phone(row, "phone")
	validate_licence_dates(row)
	validate_attachments(row, ["branch_licence"])


def validate_licence_dates(doc) -> None:
	"""A licence is issued in the past and expires after its issue date; it has not expired when the application is
	made or submitted (a licence expiring during the review must not stop customs from deciding); the business
	started in the past too."""
	now = getdate(today())
	issued, expires = doc.licence_issue_date, doc.licence_expiry_date
	if issued and getdate(issued) > now:
		fail(doc, "licence_issue_date", _("cannot be in the future"))
	if issued and expires and getdate(expires) <= getdate(issued):
		fail(doc, "licence_expiry_date", _("must come after the licence issue date"))
	application = doc.parent_doc or doc  # a branch's licence counts when its application is submitted
	being_submitted = doc.is_new() or (application.has_value_changed("status") and application.status == "Submitted")
	if being_submitted and expires and getdate(expires) < now:
		fail(doc, "licence_expiry_date", _("the licence has expired; renew it before applying"))
	if doc.establishment_date and getdate(doc.establishment_date) > now:
		fail(doc, "establishment_date", _("cannot be in the future"))


def validate_licence_numbers(doc) -> None:
	"""Each licence appears once in an application: the head office's and every branch's."""
	seen = {doc.licence_number}
	for row in doc.branches + doc.undeclared_branches:
		if row.licence_number in seen:
			fail(
				row,
				"licence_number",
				_("{0} appears more than once in the application").format(row.licence_number),
			)
		seen.add(row.licence_number)


def validate_answers(doc) -> None:
	"""The fields the form shows and requires only for some answers (T03-19, T03-37a, T03-42, T03-44, T03-46, T03-60)."""
	activities = [row.activity for row in doc.supply_chain_activities]
	needs_description = bool(
		activities
		and frappe.db.exists("Supply Chain Activity", {"name": ("in", activities), "requires_description": 1})
	)
	for fieldname, required in (
		("branches", doc.has_branches == "Yes"),
		("undeclared_branches", doc.undeclared_branches_found == "Yes"),
		("other_services_description", needs_description),
		("group_description", doc.part_of_group == "Yes"),
		("main_accreditation_countries", doc.main_accredited_abroad == "Yes"),
		("branch_accreditation_countries", doc.branches_accredited_abroad == "Yes"),
	):
		value = doc.get(fieldname)
		if required and not (value.strip() if isinstance(value, str) else value):
			fail(doc, fieldname, _("required for the answer given"))


def validate_customs_entries(doc) -> None:
	"""T03-56: a violation is on the head office licence or on a branch licence of the application; T03-58 and T03-73
	documents follow their file rules."""
	licences = {doc.licence_number} | {row.licence_number for row in doc.branches + doc.undeclared_branches}
	for row in doc.violations:
		if row.licence_number not in licences:
			fail(
				row,
				"licence_number",
				_("{0} is not a licence of this application").format(row.licence_number),
			)
		validate_attachments(row, ["violation_document"])
	for row in doc.general_remarks:
		validate_attachments(
			row, ["document"], max_size_mb=cint(settings().max_remarks_document_size_mb), extensions=["pdf"]
		)


def fill_applicant(doc) -> None:
	"""T03-47…51 (A-18): the establishment's current account manager, as recorded in their Establishment User."""
	manager = doc.establishment and frappe.db.get_value("Establishment", doc.establishment, "account_manager")
	doc.applicant = manager and frappe.db.get_value(
		"Establishment User", {"user": manager, "establishment": doc.establishment}
	)
	profile = doc.applicant and frappe.db.get_value(
		"Establishment User", doc.applicant, list(APPLICANT_FIELDS.values()), as_dict=True
	)
	for fieldname, source in APPLICANT_FIELDS.items():
		doc.set(fieldname, profile.get(source) if profile else None)


def validate_status_change(doc) -> None:
	"""What each step of the review needs (T03-55, T03-61, T03-63, T03-64/65) and the dates it stamps (T03-67/68)."""
	before = doc.get_doc_before_save()
	previous = before.status if before else None
	if (
		doc.return_reason
		and frappe.db.get_value("Reason", doc.return_reason, "reason_type") != "Application Return"
	):
		fail(doc, "return_reason", _("choose a reason of the type {0}").format(_("Application Return")))
	if doc.rejection_reasons or doc.status == "Rejected":
		require_reasons(doc, "rejection_reasons", "rejection_remarks", "Application Rejection")
	if doc.status == previous:
		return
	if doc.status == "Submitted":
		if not doc.information_exchange_consent:
			fail(
				doc,
				"information_exchange_consent",
				_("the application cannot be submitted without this consent"),
			)
		doc.submission_date = now_datetime()
	if doc.status == "Returned" and not doc.return_reason:
		fail(doc, "return_reason", _("required to return the application"))
	if previous == "Under Final Review" and doc.status == "Under Risk Screening":
		if not (doc.internal_return_remarks or "").strip():
			fail(doc, "internal_return_remarks", _("required to return the application to the Administrator"))
	if doc.status in DECISION_STATUSES:
		doc.decision_date = today()


def require_no_impediment(doc) -> None:
	"""BR.6: no application while another one for the licence is open (under review, returned, or approved with its
	membership process still running) or while the licence holds an active or suspended AEO certificate."""
	if not doc.licence_number:
		return
	others = frappe.get_all(
		"Joining Application",
		filters={
			"licence_number": doc.licence_number,
			"name": ("!=", doc.name),
			"status": ("not in", CLOSED_STATUSES),
		},
		fields=["name", "status"],
		order_by="creation",
	)
	for other in others:
		if other.status != "Approved" or membership_process_open(other.name):
			frappe.throw(
				_(
					"Licence {0} already has the open joining application {1}; a new one cannot be made."
				).format(doc.licence_number, other.name),
				title=_("Application Not Allowed"),
			)
	if frappe.db.exists(
		"AEO Certificate", {"licence_number": doc.licence_number, "status": ("in", ("Active", "Suspended"))}
	):
		frappe.throw(
			_(
				"Licence {0} holds an active or suspended AEO membership; a new joining application cannot be made."
			).format(doc.licence_number),
			title=_("Application Not Allowed"),
		)


def membership_process_open(application: str) -> bool:
	"""After approval the membership process runs until a certificate is issued from the application or the
	membership grant is rejected in the assessment report."""
	if frappe.db.exists("AEO Certificate", {"application": application}):
		return False
	return not frappe.db.exists(
		"Assessment Report", {"joining_application": application, "status": "Membership Grant Rejected"}
	)


def on_doctype_update():
	"""The daily deadline jobs (aeo.application.deadlines) pick what is due by status and date: these indexes make
	each pick read only the due records, however many applications there are (issue 12)."""
	for columns in (["status", "review_due_date"], ["status", "return_due_date"], ["status", "modified"]):
		frappe.db.add_index("Joining Application", columns)
