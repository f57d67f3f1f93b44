from frappe.model.document import Document


class MeetingSlot(Document):
	pass
