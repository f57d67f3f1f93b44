import frappe
from frappe import _
from frappe.model.document import Document

from aeo.utils import require_arabic


class CustomsAdministration(Document):
	def validate(self):
		require_arabic(self, "administration_name_ar")
		if self.is_federal:
			if self.emirate:
				frappe.throw(_("The federal authority is not tied to an emirate."), title=_("Invalid Value"))
			other = frappe.db.get_value("Customs Administration", {"is_federal": 1, "name": ("!=", self.name)})
			if other:
				frappe.throw(_("{0} is already the federal authority.").format(other), title=_("Invalid Value"))
		elif not self.emirate:
			frappe.throw(_("A local customs administration needs its emirate."), title=_("Missing Value"))


def administration_of_emirate(emirate: str) -> str | None:
	"""The local customs administration of an emirate (glossary #9: the 'concerned' administration)."""
	return frappe.db.get_value("Customs Administration", {"emirate": emirate, "is_federal": 0})
