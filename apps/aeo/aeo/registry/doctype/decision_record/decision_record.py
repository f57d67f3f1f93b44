"""One decision or return in a reviewed record's history; written by the workflow, never edited."""

from frappe.model.document import Document


class DecisionRecord(Document):
	pass
