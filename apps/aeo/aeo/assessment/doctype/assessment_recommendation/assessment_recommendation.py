from frappe.model.document import Document


class AssessmentRecommendation(Document):
	pass
