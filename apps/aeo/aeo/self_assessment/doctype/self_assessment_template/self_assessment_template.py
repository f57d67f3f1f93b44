import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import cint

from aeo.utils import fail


class SelfAssessmentTemplate(Document):
	def validate(self):
		require_unique_version(self)
		if self.status in ("Under Review", "Approved") and self.has_value_changed("status"):
			require_complete(self)


def require_unique_version(doc) -> None:
	"""A template in use is never edited; a change is a new version, one record per (template name, version)."""
	if cint(doc.version) < 1:
		fail(doc, "version", _("must be 1 or more"))
	others = {"template_name": doc.template_name, "version": doc.version, "name": ("!=", doc.name)}
	if frappe.db.exists("Self Assessment Template", others):
		fail(doc, "version", _("version {0} of this template already exists").format(doc.version))


def require_complete(doc) -> None:
	"""§5.3.5.2: a template goes to review with leaf sections that hold questions and no empty branch sections."""
	sections = frappe.get_all(
		"Template Section", filters={"template": doc.name}, fields=["name", "section_name", "is_leaf"]
	)
	if not any(section.is_leaf for section in sections):
		frappe.throw(
			_("Add at least one leaf section with its questions first."), title=_("Incomplete Template")
		)
	parents = {
		s.name for s in sections if frappe.db.exists("Template Section", {"parent_template_section": s.name})
	}
	for section in sections:
		if section.is_leaf and not frappe.db.exists(
			"Template Section Question", {"parenttype": "Template Section", "parent": section.name}
		):
			frappe.throw(
				_("The leaf section {0} has no questions.").format(section.section_name),
				title=_("Incomplete Template"),
			)
		if not section.is_leaf and section.name not in parents:
			frappe.throw(
				_("The section {0} is neither a leaf section nor has sub-sections.").format(
					section.section_name
				),
				title=_("Incomplete Template"),
			)
