from frappe.model.document import Document


class BenefitItem(Document):
	pass
