"""A Reason chosen in a Table MultiSelect of reasons."""

from frappe.model.document import Document


class ReasonItem(Document):
	pass
