from frappe.model.document import Document


class UserItem(Document):
	pass
