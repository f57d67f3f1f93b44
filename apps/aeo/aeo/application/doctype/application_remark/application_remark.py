"""Application Remark: a customs general remark with an optional PDF (T03-70…73).

Validated by its Joining Application."""

from frappe.model.document import Document


class ApplicationRemark(Document):
	pass
