from frappe.model.document import Document


class MeetingPurposeItem(Document):
	pass
