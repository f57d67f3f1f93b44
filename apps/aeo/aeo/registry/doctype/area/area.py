"""Area: the areas of each emirate, for addresses (A-12)."""

import frappe
from frappe import _
from frappe.model.document import Document

from aeo.utils import fail, require_arabic


class Area(Document):
	def validate(self):
		require_arabic(self, "area_name_ar")


def require_area_of_emirate(doc, area_field: str, emirate_field: str) -> None:
	"""T03-14: the area is chosen from the areas of the emirate chosen beside it."""
	area = doc.get(area_field)
	if area and frappe.db.get_value("Area", area, "emirate") != doc.get(emirate_field):
		fail(doc, area_field, _("{0} is not an area of {1}").format(area, _(doc.get(emirate_field) or "")))
