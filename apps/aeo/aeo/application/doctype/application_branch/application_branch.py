"""Application Branch: a branch declared by the establishment or found by customs (T03-20…36, T03-60).

Validated by its Joining Application."""

from frappe.model.document import Document


class ApplicationBranch(Document):
	pass
