from frappe.model.document import Document

from aeo.utils import require_arabic


class Emirate(Document):
	def validate(self):
		require_arabic(self, "emirate_name_ar")
