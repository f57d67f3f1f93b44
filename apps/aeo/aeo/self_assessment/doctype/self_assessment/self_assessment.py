import re

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import cint

from aeo.utils import fail, validate_attachments

NUMBER = re.compile(r"^-?\d+(\.\d+)?$")
SHORT_TEXT_LENGTH = 140
ANSWER_FIELDS = ("answer", "attachment")


class SelfAssessment(Document):
	def validate(self):
		before = self.get_doc_before_save()
		check_template(self, before)
		if self.status == "Under Creation" and self.has_value_changed("template"):
			load_questions(self)
		check_answers(self, before)
		check_section_notes(self)
		track_progress(self, before)
		check_status_change(self, before)


def check_template(doc, before) -> None:
	"""§5.3.5.3: the team makes the form from an approved template for an approved joining application."""
	if (
		doc.is_new()
		and doc.joining_application
		and frappe.db.get_value("Joining Application", doc.joining_application, "status") != "Approved"
	):
		fail(doc, "joining_application", _("a self assessment is made for an approved joining application"))
	if not doc.template or not doc.has_value_changed("template"):
		return
	if before and before.status != "Under Creation":
		fail(doc, "template", _("the template cannot change once the form is shared"))
	if frappe.db.get_value("Self Assessment Template", doc.template, "status") != "Approved":
		fail(doc, "template", _("choose an approved template"))


def activities(doctype: str, name: str) -> set[str]:
	"""Supply chain activities of a joining application (T03-37) or a question (T06-07)."""
	return set(
		frappe.get_all(
			"Supply Chain Activity Item", filters={"parenttype": doctype, "parent": name}, pluck="activity"
		)
	)


def template_questions(template: str) -> list[tuple[str, str]]:
	"""(leaf section, question) pairs of a template, in the order of its tree."""
	sections = frappe.get_all(
		"Template Section", filters={"template": template, "is_leaf": 1}, order_by="lft asc", pluck="name"
	)
	if not sections:
		return []
	rows = frappe.get_all(
		"Template Section Question",
		filters={"parenttype": "Template Section", "parent": ("in", sections)},
		fields=["parent", "question", "idx"],
	)
	rows.sort(key=lambda row: (sections.index(row.parent), row.idx))
	return [(row.parent, row.question) for row in rows]


def load_questions(doc) -> None:
	"""§5.3.5.3: the template's questions that match the establishment's activities, copied with their wording,
	so that later changes to the question bank leave a form already made as it was."""
	declared = activities("Joining Application", doc.joining_application)
	doc.set("answers", [])
	for section, name in template_questions(doc.template):
		if declared & activities("Question", name):
			doc.append("answers", answer_row(section, frappe.get_doc("Question", name)))


def answer_row(section: str, question) -> dict:
	return {
		"template_section": section,
		"question": question.name,
		"question_title": question.question_title,
		"question_text": question.question_text,
		"question_text_ar": question.question_text_ar,
		"answer_type": question.answer_type,
		"requirement": question.requirement,
		"answer_options": "\n".join(row.option for row in question.options),
		"max_characters": question.max_characters,
		"base_question": question.base_question if question.is_conditional else None,
		"trigger_answer": question.trigger_answer if question.is_conditional else None,
	}


def row_fail(row, reason: str) -> None:
	frappe.throw(_("Answers, row {0}: {1}").format(row.idx, reason), title=_("Invalid Value"))


def changed(previous, row, fieldnames=ANSWER_FIELDS) -> bool:
	return any((previous.get(f) or "") != (row.get(f) or "") for f in fieldnames)


def check_answers(doc, before) -> None:
	"""Each answer belongs to the template, fits its question's answer type (T06-05), and stays as customs accepted it."""
	in_template = {question: section for section, question in template_questions(doc.template)}
	previous = {row.name: row for row in before.answers} if before else {}
	for row in doc.answers:
		if in_template.get(row.question) != row.template_section:
			row_fail(
				row, _("{0} is not a question of this template").format(row.question_title or row.question)
			)
		check_answer_value(row)
		if row.attachment:
			validate_attachments(row, ["attachment"])
		earlier = previous.get(row.name)
		if earlier and earlier.review_status == "Accepted" and changed(earlier, row):
			row_fail(row, _("customs accepted this answer, so it cannot change"))
		if row.review_status == "Not Accepted" and not (row.reviewer_remark or "").strip():
			row_fail(row, _("write the reviewer remark that explains why the answer is not accepted"))


def check_answer_value(row) -> None:
	value = (row.answer or "").strip()
	if not value:
		return
	options = (row.answer_options or "").split("\n")
	if row.answer_type == "Free Text" and cint(row.max_characters) and len(value) > cint(row.max_characters):
		row_fail(row, _("the answer is longer than {0} characters").format(cint(row.max_characters)))
	elif row.answer_type == "Short Text" and ("\n" in value or len(value) > SHORT_TEXT_LENGTH):
		row_fail(row, _("a short answer is one line of at most {0} characters").format(SHORT_TEXT_LENGTH))
	elif row.answer_type == "Numeric" and not NUMBER.match(value):
		row_fail(row, _("the answer must be a number"))
	elif row.answer_type == "Yes/No" and value not in ("Yes", "No"):
		row_fail(row, _("answer Yes or No"))
	elif row.answer_type == "Single Choice" and value not in options:
		row_fail(row, _("choose one of the question's options"))
	elif row.answer_type == "Multiple Choice" and not {v.strip() for v in value.split("\n")} <= set(options):
		row_fail(row, _("choose among the question's options, one a line"))


def check_section_notes(doc) -> None:
	"""§5.3.5.4: the team's internal notes are on leaf sections of the form's template."""
	leaves = set(
		frappe.get_all("Template Section", filters={"template": doc.template, "is_leaf": 1}, pluck="name")
	)
	for row in doc.section_notes:
		if row.template_section not in leaves:
			frappe.throw(
				_("Internal Section Notes, row {0}: choose a leaf section of this template.").format(row.idx),
				title=_("Invalid Value"),
			)


def track_progress(doc, before) -> None:
	"""Table 23: the first answer saved moves a shared form to Being Filled. After a return, answers the establishment
	changes are flagged so reviewers see them (§5.3.5.4); a new return starts the flags afresh."""
	if not before:
		return
	previous = {row.name: row for row in before.answers}
	edited = [
		row
		for row in doc.answers
		if row.name in previous and changed(previous[row.name], row, (*ANSWER_FIELDS, "remarks"))
	]
	if doc.status == "Shared" and edited:
		doc.status = "Being Filled"
	if doc.status == "Returned" and before.status != "Returned":
		for row in doc.answers:
			row.changed_after_return = 0
	elif doc.status == "Returned":
		for row in edited:
			row.changed_after_return = 1


def applies(row, answers: dict) -> bool:
	"""T06-06: a conditional question counts only when its base question has the triggering answer."""
	if not row.base_question:
		return True
	base = answers.get(row.base_question)
	return bool(base) and (base.answer or "").strip() == row.trigger_answer


def check_status_change(doc, before) -> None:
	"""Guards of the workflow's moves (Tables 23 and 37)."""
	if not before or before.status == doc.status:
		return
	not_accepted = [row for row in doc.answers if row.review_status == "Not Accepted"]
	if doc.status == "Submitted":
		answers = {row.question: row for row in doc.answers}
		for row in doc.answers:
			value = row.attachment if row.answer_type == "Document" else (row.answer or "").strip()
			if row.requirement == "Mandatory" and applies(row, answers) and not value:
				frappe.throw(
					_("Answer the mandatory question {0} before submitting.").format(row.question_title),
					title=_("Missing Answer"),
				)
	elif doc.status == "Returned" and not not_accepted:
		frappe.throw(
			_("Mark at least one answer Not Accepted, with its remark, before returning the form."),
			title=_("Invalid Action"),
		)
	elif doc.status == "Accepted" and not_accepted:
		frappe.throw(
			_("Some answers are marked Not Accepted: return the form to the establishment instead."),
			title=_("Invalid Action"),
		)
