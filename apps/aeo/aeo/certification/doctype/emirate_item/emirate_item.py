from frappe.model.document import Document


class EmirateItem(Document):
	pass
