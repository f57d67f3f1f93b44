"""A person authorized to communicate for an Establishment (T13); the parent validates its rows."""

from frappe.model.document import Document


class AuthorizedContact(Document):
	pass
