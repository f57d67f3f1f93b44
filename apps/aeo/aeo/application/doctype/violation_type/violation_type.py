"""Violation Type: the customs violations ("code – violation") recorded on joining applications (T03-57, A-15)."""

from frappe.model.document import Document

from aeo.utils import require_arabic


class ViolationType(Document):
	def validate(self):
		require_arabic(self, "violation_name_ar")
