import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import cint

from aeo.utils import fail, require_arabic

ARABIC_FIELDS = (
	"question_title_ar",
	"question_text_ar",
	"introduction_ar",
	"explanatory_notes_ar",
	"document_description_ar",
)
CHOICE_TYPES = ("Single Choice", "Multiple Choice")


class Question(Document):
	def validate(self):
		for fieldname in ARABIC_FIELDS:
			require_arabic(self, fieldname)
		for row in self.options:
			require_arabic(row, "option_ar")
		require_leaf_group(self)
		check_answer_settings(self)
		check_condition(self)


def require_leaf_group(doc) -> None:
	"""T04-03: questions can be added to leaf groups only."""
	if doc.question_group and not frappe.db.get_value("Question Group", doc.question_group, "is_leaf"):
		fail(doc, "question_group", _("questions can be added to leaf groups only"))


def check_answer_settings(doc) -> None:
	"""T06-05 (§5.3.5.1): free text needs its maximum length, a choice its options, a document its description."""
	if doc.answer_type == "Free Text" and cint(doc.max_characters) < 1:
		fail(doc, "max_characters", _("enter the longest answer accepted, at least 1 character"))
	if doc.answer_type == "Document":
		for fieldname in ("document_description", "document_description_ar"):
			if not (doc.get(fieldname) or "").strip():
				fail(doc, fieldname, _("describe the document the establishment must attach"))
	if doc.answer_type in CHOICE_TYPES:
		options = [(row.option or "").strip().lower() for row in doc.options]
		if len(options) < 2:
			fail(doc, "options", _("a choice question needs at least two options"))
		if len(set(options)) < len(options):
			fail(doc, "options", _("each option must be different"))


def check_condition(doc) -> None:
	"""T06-06: a conditional question shows on one answer (Yes/No, or an option) of a Yes/No or single-choice question."""
	if not cint(doc.is_conditional):
		return
	if not doc.base_question:
		fail(doc, "base_question", _("choose the question this one depends on"))
	if doc.base_question == doc.name:
		fail(doc, "base_question", _("a question cannot depend on itself"))
	base = frappe.get_doc("Question", doc.base_question)
	if base.answer_type == "Yes/No":
		allowed = ["Yes", "No"]
	elif base.answer_type == "Single Choice":
		allowed = [row.option for row in base.options]
	else:
		fail(doc, "base_question", _("only a Yes/No or single-choice question can be a base question"))
	if doc.trigger_answer not in allowed:
		fail(doc, "trigger_answer", _("choose one of: {0}").format(", ".join(allowed)))
