from frappe.model.document import Document


class ReportItem(Document):
	pass
