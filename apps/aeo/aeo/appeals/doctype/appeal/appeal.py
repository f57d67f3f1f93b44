"""Appeal (BRD Table 14, §5.3.11): an establishment's grievance against a decision of its customs administration."""

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import add_days, cint, date_diff, getdate, strip_html, today

from aeo.aeo.doctype.aeo_settings.aeo_settings import settings
from aeo.utils import fail, label, require_date_order, validate_attachments

# the records each kind of decision is taken on (A-35: the appeal names the record it contests)
APPEALED_RECORDS = {
	"Rejection of Joining Application": ("Joining Application",),
	"Rejection of Membership Grant": ("Joining Application", "Assessment Report"),
	"Suspension of Membership": ("AEO Certificate",),
	"Cancellation of Membership": ("AEO Certificate",),
}
# fields the workflow step into a status must have filled
REQUIRED_AT_STATUS = {
	"Returned to Establishment": ("return_to_establishment_comments",),
	"Hearing Scheduled": ("hearing_title", "hearing_date", "hearing_start_time", "hearing_duration"),
	"Escalated to Federal Authority": ("escalation_details",),
}
ATTACHMENTS = ("supporting_document", "additional_documents", "escalation_document")


class Appeal(Document):
	def validate(self):
		self.submission_date = self.submission_date or today()
		require_date_order(self, "decision_date", "submission_date")
		if self.is_new():
			require_within_appeal_window(self)
		require_appealed_record(self)
		require_status_fields(self)
		if self.has_value_changed("hearing_date"):
			require_hearing_notice(self)
		if self.has_value_changed("arguments"):
			require_arguments_window(self)
		validate_attachments(self, ATTACHMENTS)


def require_within_appeal_window(doc) -> None:
	"""BR.21: an appeal is filed within the appeal window (30 days) of the decision's notification."""
	window = cint(settings().appeal_window_days)
	if doc.decision_date and date_diff(doc.submission_date, doc.decision_date) > window:
		fail(
			doc,
			"decision_date",
			_("an appeal must be submitted within {0} days of the decision (BR.21)").format(window),
		)


def require_appealed_record(doc) -> None:
	if not (doc.reference_doctype and doc.appeal_reason):
		return
	allowed = APPEALED_RECORDS[doc.appeal_reason]
	if doc.reference_doctype not in allowed:
		fail(
			doc,
			"reference_doctype",
			_("an appeal against {0} concerns a {1}").format(
				_(doc.appeal_reason), " / ".join(_(d) for d in allowed)
			),
		)
	if doc.reference_name:
		owner = frappe.db.get_value(doc.reference_doctype, doc.reference_name, "establishment")
		if owner != doc.establishment:
			fail(doc, "reference_name", _("the appealed record belongs to another establishment"))


def require_status_fields(doc) -> None:
	for fieldname in REQUIRED_AT_STATUS.get(doc.status, ()):
		if not doc.get(fieldname):
			frappe.throw(
				_("{0} is mandatory at status {1}.").format(label(doc, fieldname), _(doc.status)),
				title=_("Missing Value"),
			)
	if doc.minutes_shared_on and not strip_html(doc.hearing_minutes or "").strip():
		frappe.throw(
			_("{0} is mandatory once the minutes are shared.").format(label(doc, "hearing_minutes")),
			title=_("Missing Value"),
		)


def require_hearing_notice(doc) -> None:
	"""BR.26: the hearing is set far enough ahead for the establishment to attend."""
	notice = cint(settings().meeting_min_notice_days)
	if doc.hearing_date and getdate(doc.hearing_date) < getdate(add_days(today(), notice)):
		fail(
			doc, "hearing_date", _("give the establishment at least {0} days' notice (BR.26)").format(notice)
		)


def require_arguments_window(doc) -> None:
	"""BR.23: arguments answer the shared minutes, within the window (7 days) after they are shared."""
	if not doc.arguments:
		return
	if not doc.minutes_shared_on:
		fail(doc, "arguments", _("arguments can be added once the hearing minutes are shared"))
	window = cint(settings().post_hearing_arguments_days)
	if getdate(today()) > getdate(add_days(doc.minutes_shared_on, window)):
		fail(
			doc,
			"arguments",
			_("the {0} days to add arguments after the minutes were shared have passed (BR.23)").format(
				window
			),
		)
