"""AEO Message (BRD Table 17): a message between an establishment and its customs administration; replies form a
thread through `in_reply_to`. Messages are never edited once sent."""

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import now_datetime

from aeo.permissions import ESTABLISHMENT_OWNED
from aeo.utils import fail, validate_attachments


class AEOMessage(Document):
	def validate(self):
		if self.is_new():
			stamp_sending(self)
		follow_thread(self)
		require_reference_of_establishment(self)
		validate_attachments(self, ("attachment",))


def stamp_sending(doc) -> None:
	"""T18-04 / T18-08: the system records when and by whom a message is sent, and so which way it goes."""
	doc.sent_on = now_datetime()
	doc.sender = frappe.session.user
	portal = frappe.get_cached_value("User", doc.sender, "user_type") == "Website User"
	doc.direction = "Establishment to Customs" if portal else "Customs to Establishment"


def follow_thread(doc) -> None:
	"""T18-05: a reply keeps the subject of the message it answers, and the same establishment."""
	if not doc.in_reply_to:
		return
	subject, establishment = frappe.db.get_value("AEO Message", doc.in_reply_to, ["subject", "establishment"])
	if establishment != doc.establishment:
		fail(doc, "in_reply_to", _("the message answered belongs to another establishment"))
	doc.subject = subject


def require_reference_of_establishment(doc) -> None:
	"""The related document (application, report, certificate...) must concern the message's establishment."""
	if not doc.reference_doctype:
		doc.reference_name = None
		return
	if not doc.reference_name:
		fail(doc, "reference_name", _("choose the related document"))
	if doc.reference_doctype not in ESTABLISHMENT_OWNED:
		fail(doc, "reference_doctype", _("a message can relate only to the establishment's own records"))
	if doc.reference_doctype == "Establishment":
		holder = doc.reference_name
	else:
		holder = frappe.db.get_value(doc.reference_doctype, doc.reference_name, "establishment")
	if holder != doc.establishment:
		fail(doc, "reference_name", _("the related document concerns another establishment"))
