from frappe.model.document import Document

from aeo.utils import require_arabic


class RiskAssessmentMethod(Document):
	def validate(self):
		require_arabic(self, "method_name_ar")
