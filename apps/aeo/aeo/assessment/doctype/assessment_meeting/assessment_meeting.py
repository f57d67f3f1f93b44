import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import add_days, cint, formatdate, getdate, today

from aeo.aeo.doctype.aeo_settings.aeo_settings import settings
from aeo.assessment.records import inherit_ownership, require
from aeo.registry.doctype.area.area import require_area_of_emirate
from aeo.utils import fail

TEAM_ROLES = {"Assessment Team Member", "Assessment Team Leader"}
CANCELLED = ("Cancelled", "Rescheduled")


class AssessmentMeeting(Document):
	def validate(self):
		inherit_ownership(self)
		validate_place(self)
		validate_validators(self)
		validate_notice(self)
		validate_slots(self)
		if cint(self.duration) <= 0:
			fail(self, "duration", _("must be longer than zero"))
		validate_cancellation(self)
		if self.status == "Held":
			require(self, ["minutes"], _("required once the meeting is held"))


def validate_place(doc) -> None:
	"""T08-09…13: a site visit needs the site's address (an area of its emirate); a remote meeting its link."""
	if doc.is_site_visit == "No":
		require(doc, ["meeting_link"], _("required for a remote meeting"))
		return
	require(doc, ["site_address", "address_emirate", "address_area", "address_detail"], _("required for a site visit"))
	require_area_of_emirate(doc, "address_area", "address_emirate")


def validate_validators(doc) -> None:
	"""T08-15: the validators are members of an assessment team."""
	for row in doc.validators:
		if not TEAM_ROLES & set(frappe.get_roles(row.user)):
			fail(doc, "validators", _("{0} is not a member of an assessment team").format(row.user))


def validate_notice(doc) -> None:
	"""BR.26: a meeting the establishment is told of is at least the notice period away when it is scheduled
	(a surprise visit is not announced, so it has no notice)."""
	if doc.notify_establishment == "No":
		return
	days = settings().meeting_min_notice_days
	earliest = getdate(add_days(today(), days))
	reason = _("must be on or after {0}: the establishment is given {1} days' notice").format(formatdate(earliest), days)
	if doc.meeting_date and doc.has_value_changed("meeting_date") and getdate(doc.meeting_date) < earliest:
		fail(doc, "meeting_date", reason)
	before = doc.get_doc_before_save()
	proposed = {getdate(s.slot_date) for s in before.proposed_slots} if before else set()
	for slot in doc.proposed_slots:
		if slot.slot_date and getdate(slot.slot_date) not in proposed and getdate(slot.slot_date) < earliest:
			fail(slot, "slot_date", reason)


def validate_slots(doc) -> None:
	"""§5.3.7.1: at most the configured number of proposed slots (3); the establishment picks one, which becomes the
	meeting's date and time."""
	limit = settings().max_proposed_meeting_slots
	if len(doc.proposed_slots) > limit:
		fail(doc, "proposed_slots", _("propose at most {0} slots").format(limit))
	selected = [s for s in doc.proposed_slots if s.selected]
	if len(selected) > 1:
		fail(doc, "proposed_slots", _("only one slot can be selected"))
	if selected:
		doc.meeting_date, doc.start_time = selected[0].slot_date, selected[0].slot_time


def validate_cancellation(doc) -> None:
	"""T08-17: a cancelled or rescheduled meeting gives a meeting cancellation / reschedule reason; remarks for Other."""
	if doc.status in CANCELLED:
		require(doc, ["cancellation_reason"], _("required when the meeting is cancelled or rescheduled"))
	if not doc.cancellation_reason:
		return
	reason = frappe.db.get_value("Reason", doc.cancellation_reason, ["reason_type", "is_other"], as_dict=True)
	if reason.reason_type != "Meeting Cancellation / Reschedule":
		fail(doc, "cancellation_reason", _("choose a meeting cancellation or reschedule reason"))
	if reason.is_other:
		require(doc, ["cancellation_remarks"], _("required when the reason is Other"))
