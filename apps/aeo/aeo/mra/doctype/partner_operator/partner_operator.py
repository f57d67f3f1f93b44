"""Partner Operator (BRD Table 15-B, §5.3.10.2): an AEO of an MRA partner country, loaded from its Excel list."""

import frappe
from frappe import _
from frappe.model.document import Document

from aeo.utils import fail, require_date_order


class PartnerOperator(Document):
	def validate(self):
		require_date_order(self, "approval_date", "evaluation_date")
		require_unique_code(self)
		agreed = agreed_benefits(self.mra)
		if self.is_new() and not self.benefits:
			self.set("benefits", [{"benefit": b} for b in agreed])
		require_agreed_benefits(self, agreed)


def agreed_benefits(mra: str) -> list[str]:
	return frappe.get_all(
		"Benefit Item",
		filters={
			"parent": mra,
			"parenttype": "Mutual Recognition Agreement",
			"parentfield": "agreed_benefits",
		},
		pluck="benefit",
		order_by="idx",
	)


def require_unique_code(doc) -> None:
	filters = {"mra": doc.mra, "identification_code": doc.identification_code}
	if not doc.is_new():
		filters["name"] = ("!=", doc.name)
	if doc.identification_code and frappe.db.exists("Partner Operator", filters):
		fail(
			doc,
			"identification_code",
			_("{0} is already listed under this agreement").format(doc.identification_code),
		)


def require_agreed_benefits(doc, agreed: list[str]) -> None:
	"""T15-20: an operator's benefits are the agreement's, some of them possibly disabled; never others."""
	for row in doc.benefits:
		if row.benefit not in agreed:
			fail(doc, "benefits", _("{0} is not a benefit of this agreement").format(row.benefit))
