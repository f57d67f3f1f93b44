from frappe.model.document import Document


class RiskAssessmentMethodItem(Document):
	pass
