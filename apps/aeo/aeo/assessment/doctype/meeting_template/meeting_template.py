from frappe.model.document import Document


class MeetingTemplate(Document):
	pass
