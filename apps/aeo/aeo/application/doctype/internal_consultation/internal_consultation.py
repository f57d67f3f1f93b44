"""Internal Consultation (BRD §5.3.4.1 step 5): an Administrator asks a department of its own customs administration
for an opinion on a joining application; the department answers in the system, optionally with a PDF, and the
answer joins the application's remarks (T03-73)."""

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.share import add_docshare as share
from frappe.utils import cint, now_datetime

from aeo.aeo.doctype.aeo_settings.aeo_settings import settings
from aeo.application.review import REVIEW_STATUSES
from aeo.assignment import add_to, close_open_tasks
from aeo.utils import attach_files, fail, validate_attachments


class InternalConsultation(Document):
	def validate(self):
		if self.is_new():
			validate_request(self)
			self.customs_administration = administration_of(frappe.session.user)
		if administration_of(self.consulted_user) != self.customs_administration:
			fail(self, "consulted_user", _("choose a user of your own customs administration"))
		validate_attachments(
			self, ["document"], max_size_mb=cint(settings().max_remarks_document_size_mb), extensions=["pdf"]
		)
		if self.status == "Open" and (self.answer or "").strip() and not self.is_new():
			if frappe.session.user != self.consulted_user:
				fail(self, "answer", _("only the consulted user answers"))
			self.status = "Answered"
			self.answered_on = now_datetime()

	def after_insert(self):
		"""The consulted user may read the application and answer here; Frappe tells them of the task."""
		share("Joining Application", self.joining_application, self.consulted_user, read=1, flags={"ignore_share_permission": 1})
		share(self.doctype, self.name, self.consulted_user, read=1, write=1, flags={"ignore_share_permission": 1})
		add_to(self, self.consulted_user, _("Give your opinion on the joining application {0}").format(self.joining_application))

	def on_update(self):
		if self.has_value_changed("status") and self.status == "Answered":
			add_opinion_to_application(self)
			close_open_tasks(self.doctype, self.name)


def validate_request(consultation) -> None:
	"""Only a reviewer who may read the application asks, only while it is under review, and never themselves: the
	consulted user is given read access to the application, so an unchecked request would open it to anyone."""
	application = consultation.joining_application
	status = application and frappe.db.get_value("Joining Application", application, "status")
	if not status:
		return  # a missing or unknown application is refused by Frappe's mandatory and link checks
	if not frappe.has_permission("Joining Application", "read", doc=application, user=frappe.session.user):
		frappe.throw(
			_("You cannot ask for an opinion on the joining application {0}: you do not have access to it.").format(
				application
			),
			frappe.PermissionError,
			title=_("Not Permitted"),
		)
	if status not in REVIEW_STATUSES:
		fail(consultation, "joining_application", _("an opinion can be asked only while the application is under review"))
	if consultation.consulted_user == frappe.session.user:
		fail(consultation, "consulted_user", _("choose a user other than yourself"))


def administration_of(user: str | None) -> str | None:
	return user and frappe.db.get_value(
		"User Permission", {"user": user, "allow": "Customs Administration"}, "for_value"
	)


def add_opinion_to_application(consultation) -> None:
	application = frappe.get_doc("Joining Application", consultation.joining_application)
	attach_files([consultation.document], application.doctype, application.name)
	application.append(
		"general_remarks",
		{
			"remarks": _("Opinion of {0}: {1}").format(consultation.consulted_user, consultation.answer),
			"document": consultation.document,
			"document_name": _("Opinion document") if consultation.document else None,
			"added_by": consultation.consulted_user,
			"added_on": consultation.answered_on,
		},
	)
	application.flags.ignore_permissions = True
	application.save()
