from frappe.model.document import Document


class RiskItem(Document):
	pass
