"""A head office or branch licence of an Establishment; the parent validates its rows."""

from frappe.model.document import Document


class EstablishmentLicence(Document):
	pass
