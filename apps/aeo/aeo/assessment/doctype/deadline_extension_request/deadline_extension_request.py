import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import cint, formatdate, getdate, now_datetime, today

from aeo.aeo.doctype.aeo_settings.aeo_settings import settings
from aeo.assessment.doctype.assessment_report.assessment_report import cip_deadline
from aeo.assessment.records import inherit_ownership
from aeo.permissions import is_portal_user
from aeo.utils import fail, validate_attachments


class DeadlineExtensionRequest(Document):
	def validate(self):
		inherit_ownership(self, "assessment_report")
		if self.is_new():
			check_request_allowed(self)
		validate_attachments(self, ["document"], extensions=["pdf"])
		record_decision(self)

	def on_update(self):
		report = frappe.get_doc("Assessment Report", self.assessment_report)
		frappe.db.set_value("Assessment Report", report.name, "deadline_date", cip_deadline(report))


def check_request_allowed(doc) -> None:
	"""§5.2.5.3, BR.20: a request is made before the plan's deadline passes, at most twice per report."""
	deadline = frappe.db.get_value("Assessment Report", doc.assessment_report, "deadline_date")
	if not deadline:
		frappe.throw(_("The assessment report has no implementation deadline to extend."), title=_("Not Allowed"))
	if getdate(today()) > getdate(deadline):
		frappe.throw(
			_("The implementation deadline passed on {0}; an extension can no longer be requested.").format(
				formatdate(deadline)
			),
			title=_("Not Allowed"),
		)
	limit = settings().max_extension_requests
	if frappe.db.count("Deadline Extension Request", {"assessment_report": doc.assessment_report}) >= limit:
		frappe.throw(
			_("At most {0} extension requests may be submitted for an assessment report.").format(limit),
			title=_("Not Allowed"),
		)
	doc.requested_on = today()
	doc.deadline_at_request = deadline


def record_decision(doc) -> None:
	"""The customs decision: an approval adds the extension days (BR.20: 90 unless changed); a decided request is
	no longer the establishment's to change."""
	before = doc.get_doc_before_save()
	if before and before.decision != "Pending" and is_portal_user():
		frappe.throw(_("This request has been decided and can no longer be changed."), title=_("Not Allowed"))
	if doc.decision == "Approved":
		if not cint(doc.extension_days):
			doc.extension_days = settings().corrective_action_extension_days
		if cint(doc.extension_days) < 1:
			fail(doc, "extension_days", _("must be at least 1"))
	if doc.decision != "Pending" and doc.has_value_changed("decision"):
		doc.decided_by = frappe.session.user
		doc.decided_on = now_datetime()
