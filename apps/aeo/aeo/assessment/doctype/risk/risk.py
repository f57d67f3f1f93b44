from frappe.model.document import Document

from aeo.utils import require_arabic


class Risk(Document):
	def validate(self):
		require_arabic(self, "risk_name_ar")
