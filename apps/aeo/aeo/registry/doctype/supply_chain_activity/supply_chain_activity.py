from frappe.model.document import Document

from aeo.utils import require_arabic


class SupplyChainActivity(Document):
	def validate(self):
		require_arabic(self, "activity_name_ar")
