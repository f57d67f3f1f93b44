"""Country Item: one country chosen in a Table MultiSelect (T03-44, T03-46)."""

from frappe.model.document import Document


class CountryItem(Document):
	pass
