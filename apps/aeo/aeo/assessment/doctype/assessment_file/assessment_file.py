import frappe
from frappe.model.document import Document

from aeo.assessment.records import (
	inherit_ownership,
	rate_risks,
	require_leaf_section,
	require_one_per_section,
)


class AssessmentFile(Document):
	def before_insert(self):
		import_initial_risks(self)

	def validate(self):
		inherit_ownership(self)
		require_leaf_section(self)
		require_one_per_section(self)
		rate_risks(self, "remaining_risks", "remaining_risk_rate")


def import_initial_risks(doc) -> None:
	"""T09-01: the remaining risks start from the section's initial risk assessment and the risks predefined for the
	section; the team then edits them after the diagnosis."""
	initial = frappe.db.get_value(
		"Initial Risk Assessment",
		{"joining_application": doc.joining_application, "template_section": doc.template_section},
		["name", "consequence", "likelihood", "risk_response"],
		as_dict=True,
	)
	doc.initial_risk_assessment = initial.name if initial else None
	if doc.remaining_risks:
		return
	risks = []
	if initial:
		risks = frappe.get_all("Risk Item", {"parenttype": "Initial Risk Assessment", "parent": initial.name},
			pluck="risk", order_by="idx")
		for fieldname in ("consequence", "likelihood", "risk_response"):
			doc.set(fieldname, doc.get(fieldname) or initial.get(fieldname))
	predefined = frappe.get_all("Risk", {"template_section": doc.template_section, "enabled": 1}, pluck="name")
	for risk in risks + [r for r in predefined if r not in risks]:
		doc.append("remaining_risks", {"risk": risk})
