"""Application Violation: a violation customs record on a licence of the application (T03-56…59).

Validated by its Joining Application."""

from frappe.model.document import Document


class ApplicationViolation(Document):
	pass
