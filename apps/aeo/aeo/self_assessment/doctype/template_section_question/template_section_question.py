from frappe.model.document import Document


class TemplateSectionQuestion(Document):
	pass
