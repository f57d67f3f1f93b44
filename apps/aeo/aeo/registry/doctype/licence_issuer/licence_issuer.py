from frappe.model.document import Document

from aeo.utils import require_arabic


class LicenceIssuer(Document):
	def validate(self):
		require_arabic(self, "issuer_name_ar")
