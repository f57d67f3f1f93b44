from frappe.model.document import Document


class ControlPlanAction(Document):
	pass
