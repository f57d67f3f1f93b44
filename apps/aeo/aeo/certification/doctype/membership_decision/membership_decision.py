"""Membership Decision: made only by a decision step of the programme (aeo.certification.membership), never entered
or edited by hand, since an approved one starts the issuance of AEO certificates."""

from frappe.model.document import Document

from aeo.certification.membership import guard_decision


class MembershipDecision(Document):
	def before_validate(self):
		guard_decision(self)
