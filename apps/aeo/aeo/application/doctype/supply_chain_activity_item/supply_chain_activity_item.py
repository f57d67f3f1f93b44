"""Supply Chain Activity Item: one operation chosen in a Table MultiSelect (T03-37)."""

from frappe.model.document import Document


class SupplyChainActivityItem(Document):
	pass
