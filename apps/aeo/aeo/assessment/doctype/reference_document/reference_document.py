from frappe.model.document import Document


class ReferenceDocument(Document):
	pass
