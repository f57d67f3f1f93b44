from frappe.model.document import Document

from aeo.utils import require_arabic


class LegalForm(Document):
	def validate(self):
		require_arabic(self, "legal_form_name_ar")
