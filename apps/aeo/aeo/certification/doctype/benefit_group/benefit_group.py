"""Benefit Group (BRD §4.16): benefits assigned together to an AEO; one group is the default (A-37)."""

import frappe
from frappe import _
from frappe.model.document import Document


class BenefitGroup(Document):
	def validate(self):
		require_single_default(self)


def require_single_default(doc) -> None:
	"""Tiers are out of scope, so 'one default group per level' means one default group overall (A-37)."""
	if not doc.is_default:
		return
	other = frappe.db.get_value("Benefit Group", {"is_default": 1, "name": ("!=", doc.name)})
	if other:
		frappe.throw(
			_("{0} is already the default benefit group; clear it there first.").format(other),
			title=_("Invalid Value"),
		)
