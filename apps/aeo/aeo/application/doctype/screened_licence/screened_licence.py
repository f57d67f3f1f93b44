"""Screened Licence: a licence of a joining application as shared with another customs administration."""

from frappe.model.document import Document


class ScreenedLicence(Document):
	pass
