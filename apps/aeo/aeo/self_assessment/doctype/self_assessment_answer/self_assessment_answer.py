from frappe.model.document import Document


class SelfAssessmentAnswer(Document):
	pass
