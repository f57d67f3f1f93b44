import frappe
from frappe import _
from frappe.utils import cint
from frappe.utils.nestedset import NestedSet

from aeo.utils import fail, require_arabic

EDITABLE_TEMPLATE = ("Draft", "Returned")
MAX_LEVEL = 3


class TemplateSection(NestedSet):
	def validate(self):
		for fieldname in ("section_name_ar", "introduction_ar", "explanatory_notes_ar"):
			require_arabic(self, fieldname)
		require_editable_template(self)
		set_level(self)
		check_leaf(self)
		check_questions(self)

	def on_trash(self):
		require_editable_template(self)
		super().on_trash()


def require_editable_template(doc) -> None:
	"""Sections change only while their template is a draft or returned: self assessments keep the version they used."""
	status = frappe.db.get_value("Self Assessment Template", doc.template, "status")
	if status and status not in EDITABLE_TEMPLATE:
		frappe.throw(
			_("The template is {0}: its sections cannot change. Make a new version of it.").format(_(status)),
			title=_("Template Locked"),
		)


def set_level(doc) -> None:
	"""T05-09: up to three levels of sections, under a non-leaf section of the same template."""
	doc.level = 1
	if not doc.parent_template_section:
		return
	parent = frappe.db.get_value(
		"Template Section",
		doc.parent_template_section,
		["template", "is_leaf", "level", "section_name"],
		as_dict=True,
	)
	if parent.template != doc.template:
		fail(doc, "parent_template_section", _("choose a section of the same template"))
	if parent.is_leaf:
		fail(
			doc,
			"parent_template_section",
			_("{0} is a leaf section: it cannot hold sub-sections").format(parent.section_name),
		)
	doc.level = cint(parent.level) + 1


def check_leaf(doc) -> None:
	"""T05-09: a third-level section is a leaf (so no fourth level exists); a section with sub-sections is not."""
	doc.is_leaf = cint(doc.is_leaf)
	doc.is_group = 0 if doc.is_leaf else 1
	if doc.level == MAX_LEVEL and not doc.is_leaf:
		fail(
			doc,
			"is_leaf",
			_("sections go three levels deep at most, so a third-level section must be a leaf"),
		)
	if (
		doc.is_leaf
		and not doc.is_new()
		and frappe.db.exists("Template Section", {"parent_template_section": doc.name})
	):
		fail(doc, "is_leaf", _("this section has sub-sections, so it cannot be a leaf section"))


def check_questions(doc) -> None:
	"""§5.3.5.2 step 4: approved questions of the bank, on leaf sections only, each once in the template."""
	if doc.questions and not doc.is_leaf:
		fail(doc, "questions", _("questions can be added to leaf sections only"))
	seen = set()
	for row in doc.questions:
		if not row.question:
			continue
		title = row.question_title or row.question
		if row.question in seen:
			fail(doc, "questions", _("{0} is listed twice").format(title))
		seen.add(row.question)
		if frappe.db.get_value("Question", row.question, "status") != "Approved":
			fail(doc, "questions", _("{0} is not an approved question").format(title))
	others = frappe.get_all(
		"Template Section", filters={"template": doc.template, "name": ("!=", doc.name)}, pluck="name"
	)
	if seen and others:
		taken = frappe.get_all(
			"Template Section Question",
			filters={
				"parenttype": "Template Section",
				"parent": ("in", others),
				"question": ("in", list(seen)),
			},
			pluck="question",
		)
		if taken:
			fail(doc, "questions", _("{0} is already in another section of this template").format(taken[0]))
