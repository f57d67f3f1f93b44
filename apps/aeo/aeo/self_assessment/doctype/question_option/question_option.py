from frappe.model.document import Document


class QuestionOption(Document):
	pass
