from frappe import _
from frappe.model.document import Document

from aeo.assessment.records import (
	inherit_ownership,
	rate_risks,
	require,
	require_leaf_section,
	require_one_per_section,
)
from aeo.utils import fail, validate_attachments


class InitialRiskAssessment(Document):
	def validate(self):
		inherit_ownership(self)
		require_leaf_section(self)
		require_one_per_section(self)
		rate_risks(self, "risks", "risk_rate")
		require_assessment_method(self)
		if self.risks:
			require(self, ["validation_methods"], _("required when risks are selected"))
		for row in self.reference_documents:
			validate_attachments(row, ["file"], extensions=["pdf"])


def require_assessment_method(doc) -> None:
	"""T07-06/07 (A-25): the method is mandatory, either picked from the list or described as another method."""
	if not doc.assessment_methods and not (doc.other_method or "").strip():
		fail(doc, "other_method", _("required when no assessment method is selected"))
