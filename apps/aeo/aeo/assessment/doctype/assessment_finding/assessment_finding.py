from frappe.model.document import Document


class AssessmentFinding(Document):
	pass
