"""Benefit (BRD Table 16): a national or GCC benefit; national benefits name the emirates that grant them."""

from frappe import _
from frappe.model.document import Document

from aeo.utils import fail, require_arabic


class Benefit(Document):
	def validate(self):
		require_arabic(self, "benefit_name_ar")
		require_arabic(self, "description_ar")
		validate_emirates(self)


def validate_emirates(doc) -> None:
	"""T17-08: shown, and then mandatory, only for national benefits."""
	if doc.benefit_type != "National":
		doc.set("emirates", [])
	elif not doc.emirates:
		fail(doc, "emirates", _("choose the emirates that grant this national benefit"))
