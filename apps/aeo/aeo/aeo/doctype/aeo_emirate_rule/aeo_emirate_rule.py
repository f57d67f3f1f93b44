from frappe.model.document import Document


class AEOEmirateRule(Document):
	pass
