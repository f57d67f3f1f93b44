from frappe.model.document import Document

from aeo.utils import require_arabic


class MeetingPurpose(Document):
	def validate(self):
		require_arabic(self, "purpose_name_ar")
