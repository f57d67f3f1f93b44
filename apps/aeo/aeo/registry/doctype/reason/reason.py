"""Reason: the configurable lists of rejection, return and cancellation reasons (A-16)."""

import frappe
from frappe import _
from frappe.model.document import Document

from aeo.utils import fail, require_arabic


class Reason(Document):
	def validate(self):
		require_arabic(self, "reason_ar")


def require_reasons(doc, table_field: str, remarks_field: str, reason_type: str) -> None:
	"""A decision's reasons: at least one, all of the decision's type, and remarks when "Other" is among them."""
	chosen = [row.reason for row in doc.get(table_field)]
	if not chosen:
		fail(doc, table_field, _("choose at least one reason"))
	reasons = frappe.get_all("Reason", filters={"name": ("in", chosen)}, fields=["reason_type", "is_other"])
	if any(reason.reason_type != reason_type for reason in reasons):
		fail(doc, table_field, _("choose reasons of the type {0}").format(_(reason_type)))
	if any(reason.is_other for reason in reasons) and not (doc.get(remarks_field) or "").strip():
		fail(doc, remarks_field, _('required when the reason "Other" is chosen'))
