from frappe.model.document import Document


class SelfAssessmentSectionNote(Document):
	pass
