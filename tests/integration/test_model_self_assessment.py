"""Self Assessment data model: question bank (T04 groups, T06 questions), templates (T05) and the establishment's form.

Each rule of 02_data_dictionary.md Part 1 (and the implied rules of §5.3.5 in 04_admin_portal.md) is refused with its
message and leaves nothing saved; establishments and local staff see only their own forms over REST.
"""

import re
from types import SimpleNamespace

import frappe
import pytest

from tests.support.factories import http_session, make_establishment, make_user

ACTIVITY = "Importer"
OPTIONS = [("Red", "أحمر"), ("Green", "أخضر"), ("Blue", "أزرق")]
LICENCE_A, LICENCE_B, LICENCE_DXB = "SA-AUH-1", "SA-AUH-2", "SA-DXB-1"


def refused(action, message: str) -> None:
	"""The action fails with `message` (a plain substring); the transaction is rolled back."""
	with pytest.raises(frappe.ValidationError, match=re.escape(message)):
		action()
	frappe.db.rollback()


def unique(text: str) -> str:
	return f"{text} {frappe.generate_hash(length=6)}"


# question bank ---------------------------------------------------------------------------------------------------


def group(name: str, parent: str | None = None, is_leaf: int = 0, **values):
	return frappe.get_doc(
		{
			"doctype": "Question Group",
			"group_name": name,
			"group_name_ar": "مجموعة اختبار",
			"parent_question_group": parent,
			"is_leaf": is_leaf,
			**values,
		}
	)


def make_group(name: str, parent: str | None = None, is_leaf: int = 0) -> str:
	return (
		frappe.db.get_value("Question Group", {"group_name": name})
		or group(name, parent, is_leaf).insert().name
	)


def question(title: str, question_group: str, activities=(ACTIVITY,), options=(), **values):
	return frappe.get_doc(
		{
			"doctype": "Question",
			"question_group": question_group,
			"question_title": title,
			"question_title_ar": "عنوان السؤال",
			"question_text": f"{title}?",
			"question_text_ar": "نص السؤال",
			"introduction": "Read this first.",
			"introduction_ar": "مقدمة السؤال",
			"explanatory_notes": "Some notes.",
			"explanatory_notes_ar": "ملاحظات توضيحية",
			"answer_type": "Yes/No",
			"options": [{"option": en, "option_ar": ar} for en, ar in options],
			"supply_chain_activities": [{"activity": activity} for activity in activities],
			"status": "Approved",
			**values,
		}
	)


def make_question(title: str, question_group: str, **values) -> str:
	return (
		frappe.db.get_value("Question", {"question_title": title})
		or question(title, question_group, **values).insert().name
	)


@pytest.fixture(scope="module")
def bank():
	root = make_group("SA Test Bank")
	leaf = make_group("SA Test Leaf", root, is_leaf=1)
	q = {"yes_no": make_question("SA yes or no", leaf)}
	q["choice"] = make_question("SA single choice", leaf, answer_type="Single Choice", options=OPTIONS)
	q["multi"] = make_question("SA multiple choice", leaf, answer_type="Multiple Choice", options=OPTIONS)
	q["free"] = make_question("SA free text", leaf, answer_type="Free Text", max_characters=20)
	q["short"] = make_question("SA short text", leaf, answer_type="Short Text", requirement="Optional")
	q["number"] = make_question("SA numeric", leaf, answer_type="Numeric", requirement="Optional")
	q["document"] = make_question(
		"SA document",
		leaf,
		answer_type="Document",
		requirement="Optional",
		document_description="The ISO certificate.",
		document_description_ar="شهادة الأيزو",
	)
	q["conditional"] = make_question(
		"SA conditional",
		leaf,
		answer_type="Short Text",
		is_conditional=1,
		base_question=q["yes_no"],
		trigger_answer="Yes",
	)
	q["exporters"] = make_question("SA exporters only", leaf, activities=("Exporter",))
	frappe.db.commit()
	return SimpleNamespace(root=root, leaf=leaf, q=q)


# templates -------------------------------------------------------------------------------------------------------


def template(name: str | None = None, **values):
	return frappe.get_doc(
		{"doctype": "Self Assessment Template", "template_name": name or unique("SA Template"), **values}
	)


def section(
	template_name: str, name: str, parent: str | None = None, is_leaf: int = 0, questions=(), **values
):
	return frappe.get_doc(
		{
			"doctype": "Template Section",
			"template": template_name,
			"section_name": name,
			"section_name_ar": "قسم الاختبار",
			"introduction": "About this section.",
			"introduction_ar": "مقدمة القسم",
			"explanatory_notes": "How to answer.",
			"explanatory_notes_ar": "ملاحظات القسم",
			"parent_template_section": parent,
			"is_leaf": is_leaf,
			"questions": [{"question": q} for q in questions],
			**values,
		}
	)


@pytest.fixture(scope="module")
def saq_template(bank):
	"""Approved: Governance (level 1) > Records (leaf, level 2) holding every bank question."""
	existing = frappe.db.get_value(
		"Self Assessment Template", {"template_name": "SA Test Template", "version": 1}
	)
	if existing:
		leaf = frappe.db.get_value("Template Section", {"template": existing, "is_leaf": 1})
		top = frappe.db.get_value("Template Section", leaf, "parent_template_section")
		return SimpleNamespace(name=existing, top=top, leaf=leaf)
	doc = template("SA Test Template", template_description="For the model tests.").insert()
	top = section(doc.name, "Governance").insert().name
	leaf = section(doc.name, "Records", top, is_leaf=1, questions=bank.q.values()).insert().name
	doc.status = "Approved"
	doc.save()
	frappe.db.commit()
	return SimpleNamespace(name=doc.name, top=top, leaf=leaf)


# self assessments ------------------------------------------------------------------------------------------------


def make_application(licence: str, status: str = "Approved") -> str:
	"""A joining application as H2's workflow leaves it; its own rules are tested in test_model_application."""
	existing = frappe.db.get_value("Joining Application", {"establishment": licence, "status": status})
	if existing:
		return existing
	doc = frappe.get_doc(
		{
			"doctype": "Joining Application",
			"establishment": licence,
			"status": status,
			"supply_chain_activities": [{"activity": ACTIVITY}],
		}
	)
	doc.flags.ignore_validate = True
	doc.insert(ignore_permissions=True, ignore_mandatory=True)
	frappe.db.commit()
	return doc.name


def make_form(saq_template, licence: str = LICENCE_A, status: str | None = None):
	doc = frappe.get_doc(
		{
			"doctype": "Self Assessment",
			"joining_application": make_application(licence),
			"template": saq_template.name,
		}
	).insert()
	if status:
		doc.db_set("status", status)
	frappe.db.commit()
	return frappe.get_doc("Self Assessment", doc.name)


def row(doc, bank, key: str):
	return next(r for r in doc.answers if r.question == bank.q[key])


def upload(extension: str, private: int = 1) -> str:
	content = f"%PDF-1.4 {frappe.generate_hash()}".encode()
	file = frappe.get_doc(
		{
			"doctype": "File",
			"file_name": f"sa-{frappe.generate_hash(length=8)}.{extension}",
			"content": content,
			"is_private": private,
		}
	).insert(ignore_permissions=True)
	frappe.db.commit()
	return file.file_url


@pytest.fixture(scope="module")
def people():
	make_establishment(LICENCE_A)
	make_establishment(LICENCE_B)
	make_establishment(LICENCE_DXB, emirate="Dubai")
	return SimpleNamespace(
		portal_a=make_user(
			"sa.portal.a@test.example", ["Establishment Account Manager"], scope={"Establishment": LICENCE_A}
		),
		portal_b=make_user(
			"sa.portal.b@test.example", ["Establishment Account Manager"], scope={"Establishment": LICENCE_B}
		),
		team_auh=make_user(
			"sa.team.auh@test.example",
			["Assessment Team Member"],
			scope={"Customs Administration": "Abu Dhabi Customs"},
		),
		team_dxb=make_user(
			"sa.team.dxb@test.example",
			["Assessment Team Member"],
			scope={"Customs Administration": "Dubai Customs"},
		),
		federal=make_user("sa.federal@test.example", ["Federal Administrator"]),
	)


# T04 question groups ---------------------------------------------------------------------------------------------


def test_t04_good_group_tree_saves(bank):
	"""T04-01..03: a top-level group holds sub-groups; a leaf group is the tree's last level."""
	parent = frappe.get_doc("Question Group", bank.root)
	leaf = frappe.get_doc("Question Group", bank.leaf)
	assert (parent.is_leaf, parent.is_group) == (0, 1)
	assert (leaf.is_leaf, leaf.is_group, leaf.parent_question_group) == (1, 0, bank.root)
	assert parent.lft < leaf.lft < leaf.rgt < parent.rgt
	assert parent.status == "Draft"


@pytest.mark.parametrize("fieldname", ["group_name_ar", "group_name"])
def test_t04_01_02_group_names_are_mandatory(fieldname):
	name = unique("SA missing")
	refused(group(name, **{fieldname: None}).insert, fieldname)
	assert not frappe.db.exists("Question Group", {"group_name": name})


def test_t04_01_arabic_group_name_in_arabic():
	name = unique("SA latin")
	refused(
		group(name, group_name_ar="Group").insert, "Group Name (Arabic) must be written in Arabic letters"
	)
	assert not frappe.db.exists("Question Group", {"group_name": name})


def test_t04_03_leaf_group_default_is_no(bank):
	doc = group(unique("SA default"), bank.root)
	doc.is_leaf = None
	doc.insert()
	assert frappe.db.get_value("Question Group", doc.name, "is_leaf") == 0
	frappe.db.rollback()


def test_t04_03_a_leaf_group_holds_no_sub_groups(bank):
	name = unique("SA under leaf")
	refused(group(name, bank.leaf).insert, "it cannot hold sub-groups")
	assert not frappe.db.exists("Question Group", {"group_name": name})


def test_t04_03_a_group_with_sub_groups_cannot_become_leaf(bank):
	doc = frappe.get_doc("Question Group", bank.root)
	doc.is_leaf = 1
	refused(doc.save, "this group has sub-groups")
	assert frappe.db.get_value("Question Group", bank.root, "is_leaf") == 0


def test_t04_03_a_group_with_questions_stays_leaf(bank):
	doc = frappe.get_doc("Question Group", bank.leaf)
	doc.is_leaf = 0
	refused(doc.save, "this group holds questions")
	assert frappe.db.get_value("Question Group", bank.leaf, "is_leaf") == 1


# T06 questions ---------------------------------------------------------------------------------------------------


def test_t06_good_questions_save(bank):
	"""T06-01..12: every answer type of T06-05 saves with what it needs; T06-12 defaults to Mandatory."""
	for name in bank.q.values():
		doc = frappe.get_doc("Question", name)
		assert doc.supply_chain_activities and doc.question_text_ar
	doc = question(unique("SA default requirement"), bank.leaf)
	doc.requirement = None
	doc.is_conditional = None
	doc.insert()
	saved = frappe.db.get_value("Question", doc.name, ["requirement", "is_conditional"], as_dict=True)
	assert (saved.requirement, saved.is_conditional) == ("Mandatory", 0)  # T06-06 default No
	frappe.db.rollback()


@pytest.mark.parametrize(
	"fieldname",
	[
		"question_group",
		"question_title_ar",
		"question_title",
		"question_text_ar",
		"question_text",
		"answer_type",
	],
)
def test_t06_01_to_05_mandatory_fields(bank, fieldname):
	"""T06-01 title (Arabic), T06-02 title (English), T06-03/04 texts, T06-05 answer type, and the leaf group."""
	before = frappe.db.count("Question")
	doc = question(unique("SA mandatory"), bank.leaf)
	doc.set(fieldname, None)
	refused(doc.insert, fieldname)
	assert frappe.db.count("Question") == before


def test_t06_07_at_least_one_activity(bank):
	title = unique("SA no activity")
	refused(question(title, bank.leaf, activities=()).insert, "supply_chain_activities")
	assert not frappe.db.exists("Question", {"question_title": title})


def test_t06_12_mandatory_or_optional_only(bank):
	title = unique("SA requirement")
	refused(question(title, bank.leaf, requirement="Sometimes").insert, "Mandatory or Optional?")
	assert not frappe.db.exists("Question", {"question_title": title})


@pytest.mark.parametrize(
	"fieldname,label",
	[
		("question_title_ar", "Question Title (Arabic)"),  # T06-01
		("question_text_ar", "Question Text (Arabic)"),  # T06-03
		("explanatory_notes_ar", "Question Explanatory Notes (Arabic)"),  # T06-08
		("introduction_ar", "Question Introduction (Arabic)"),  # T06-10
	],
)
def test_t06_arabic_fields_in_arabic(bank, fieldname, label):
	title = unique("SA latin")
	refused(
		question(title, bank.leaf, **{fieldname: "English words"}).insert,
		f"{label} must be written in Arabic letters",
	)
	assert not frappe.db.exists("Question", {"question_title": title})


def test_questions_only_in_leaf_groups_t04_03(bank):
	title = unique("SA in branch group")
	refused(question(title, bank.root).insert, "questions can be added to leaf groups only")
	assert not frappe.db.exists("Question", {"question_title": title})


@pytest.mark.parametrize(
	"values,message",
	[
		({"answer_type": "Free Text"}, "enter the longest answer accepted"),
		({"answer_type": "Free Text", "max_characters": 0}, "enter the longest answer accepted"),
		({"answer_type": "Single Choice", "options": OPTIONS[:1]}, "at least two options"),
		(
			{"answer_type": "Multiple Choice", "options": [OPTIONS[0], OPTIONS[0]]},
			"each option must be different",
		),
		(
			{"answer_type": "Single Choice", "options": [("Red", "Red"), OPTIONS[1]]},
			"Option (Arabic) must be written",
		),
		({"answer_type": "Document"}, "describe the document"),
		({"answer_type": "Document", "document_description": "A file."}, "Required Document (Arabic)"),
	],
)
def test_t06_05_each_answer_type_needs_its_settings(bank, values, message):
	"""§5.3.5.1: maximum characters for free text, options for choices, a description for documents."""
	title = unique("SA settings")
	refused(question(title, bank.leaf, **values).insert, message)
	assert not frappe.db.exists("Question", {"question_title": title})


def test_t06_06_conditional_question_on_a_single_choice_option(bank):
	doc = question(
		unique("SA on choice"),
		bank.leaf,
		is_conditional=1,
		base_question=bank.q["choice"],
		trigger_answer="Green",
	).insert()
	assert doc.base_question == bank.q["choice"]
	frappe.db.rollback()


@pytest.mark.parametrize(
	"base,trigger,message",
	[
		(None, "Yes", "choose the question this one depends on"),
		("free", "Yes", "only a Yes/No or single-choice question can be a base question"),
		("yes_no", "Maybe", "choose one of: Yes, No"),
		("choice", "Purple", "choose one of: Red, Green, Blue"),
	],
)
def test_t06_06_conditional_question_rules(bank, base, trigger, message):
	title = unique("SA conditional")
	doc = question(title, bank.leaf, is_conditional=1, base_question=bank.q.get(base), trigger_answer=trigger)
	refused(doc.insert, message)
	assert not frappe.db.exists("Question", {"question_title": title})


def test_t06_06_a_question_cannot_depend_on_itself(bank):
	doc = question(unique("SA self"), bank.leaf).insert()
	frappe.db.commit()
	doc.update({"is_conditional": 1, "base_question": doc.name, "trigger_answer": "Yes"})
	refused(doc.save, "a question cannot depend on itself")
	assert frappe.db.get_value("Question", doc.name, "is_conditional") == 0


# T05 templates and sections --------------------------------------------------------------------------------------


def test_t05_good_template_three_levels_and_approval(bank):
	"""T05-01..09: three levels of sections, questions on the leaf, then approved (§5.3.5.2)."""
	doc = template(template_description="Three levels.").insert()
	one = section(doc.name, "Level one").insert()
	two = section(doc.name, "Level two", one.name).insert()
	three = section(doc.name, "Level three", two.name, is_leaf=1, questions=[bank.q["yes_no"]]).insert()
	assert (one.level, two.level, three.level) == (1, 2, 3)
	assert three.questions[0].question_title == "SA yes or no"
	doc.status = "Approved"
	doc.save()
	assert doc.version == 1 and doc.status == "Approved"
	frappe.db.commit()
	refused(section(doc.name, "Late addition", is_leaf=1).insert, "its sections cannot change")
	assert not frappe.db.exists("Template Section", {"template": doc.name, "section_name": "Late addition"})


def test_t05_01_template_name_is_mandatory():
	refused(template(template_name=None).insert, "template_name")


def test_t05_template_versions_are_unique(saq_template):
	refused(template("SA Test Template", version=1).insert, "version 1 of this template already exists")
	assert frappe.db.count("Self Assessment Template", {"template_name": "SA Test Template"}) == 1
	doc = template("SA Test Template", version=2).insert()
	assert doc.status == "Draft"
	frappe.db.rollback()


@pytest.mark.parametrize("fieldname", ["section_name_ar", "section_name"])
def test_t05_03_04_section_names_are_mandatory(fieldname):
	doc = template().insert()
	frappe.db.commit()
	refused(section(doc.name, "Nameless", **{fieldname: None}).insert, fieldname)
	assert not frappe.db.exists("Template Section", {"template": doc.name})


@pytest.mark.parametrize(
	"fieldname,label",
	[
		("section_name_ar", "Section Name (Arabic)"),  # T05-03
		("introduction_ar", "Section Introduction (Arabic)"),  # T05-05
		("explanatory_notes_ar", "Section Explanatory Notes (Arabic)"),  # T05-07
	],
)
def test_t05_arabic_section_fields_in_arabic(fieldname, label):
	doc = template().insert()
	frappe.db.commit()
	refused(
		section(doc.name, "Latin", **{fieldname: "Latin text"}).insert,
		f"{label} must be written in Arabic letters",
	)
	assert not frappe.db.exists("Template Section", {"template": doc.name})


def test_t05_09_a_third_level_section_is_a_leaf():
	doc = template().insert()
	one = section(doc.name, "One").insert()
	two = section(doc.name, "Two", one.name).insert()
	frappe.db.commit()
	refused(section(doc.name, "Three", two.name).insert, "sections go three levels deep at most")
	assert not frappe.db.exists("Template Section", {"template": doc.name, "section_name": "Three"})


def test_t05_09_a_leaf_section_holds_no_sub_sections():
	doc = template().insert()
	leaf = section(doc.name, "Leaf", is_leaf=1).insert()
	frappe.db.commit()
	refused(section(doc.name, "Below leaf", leaf.name).insert, "it cannot hold sub-sections")
	assert not frappe.db.exists("Template Section", {"template": doc.name, "section_name": "Below leaf"})


def test_t05_09_a_section_with_sub_sections_cannot_become_leaf():
	doc = template().insert()
	top = section(doc.name, "Top").insert()
	section(doc.name, "Child", top.name).insert()
	frappe.db.commit()
	top.is_leaf = 1
	refused(top.save, "this section has sub-sections")
	assert frappe.db.get_value("Template Section", top.name, "is_leaf") == 0


def test_t05_parent_section_of_the_same_template(saq_template):
	doc = template().insert()
	frappe.db.commit()
	refused(section(doc.name, "Stray", saq_template.top).insert, "choose a section of the same template")
	assert not frappe.db.exists("Template Section", {"template": doc.name})


def test_t05_09_questions_on_leaf_sections_only(bank):
	doc = template().insert()
	frappe.db.commit()
	refused(
		section(doc.name, "Branch", questions=[bank.q["yes_no"]]).insert,
		"questions can be added to leaf sections only",
	)
	assert not frappe.db.exists("Template Section", {"template": doc.name})


def test_t05_only_approved_questions(bank):
	draft = make_question("SA draft question", bank.leaf, status="Draft")
	doc = template().insert()
	frappe.db.commit()
	refused(section(doc.name, "Leaf", is_leaf=1, questions=[draft]).insert, "is not an approved question")
	assert not frappe.db.exists("Template Section", {"template": doc.name})


def test_t05_a_question_once_per_template(bank):
	doc = template().insert()
	section(doc.name, "First", is_leaf=1, questions=[bank.q["yes_no"]]).insert()
	frappe.db.commit()
	refused(section(doc.name, "Twice", is_leaf=1, questions=[bank.q["free"]] * 2).insert, "is listed twice")
	refused(
		section(doc.name, "Second", is_leaf=1, questions=[bank.q["yes_no"]]).insert,
		"already in another section",
	)
	assert frappe.db.count("Template Section", {"template": doc.name}) == 1


def test_t05_review_needs_a_complete_template(bank):
	"""§5.3.5.2: no review for a template without leaf sections, with an empty leaf, or a branch without children."""
	doc = template().insert()
	frappe.db.commit()
	doc.status = "Under Review"
	refused(doc.save, "Add at least one leaf section")
	section(doc.name, "Empty leaf", is_leaf=1).insert()
	frappe.db.commit()
	doc.reload()
	doc.status = "Under Review"
	refused(doc.save, "has no questions")
	section(doc.name, "Full leaf", is_leaf=1, questions=[bank.q["yes_no"]]).insert()
	frappe.db.set_value(
		"Template Section", {"template": doc.name, "section_name": "Empty leaf"}, "is_leaf", 0
	)
	frappe.db.commit()
	doc.reload()
	doc.status = "Under Review"
	refused(doc.save, "is neither a leaf section nor has sub-sections")
	assert frappe.db.get_value("Self Assessment Template", doc.name, "status") == "Draft"


# the establishment's self assessment ----------------------------------------------------------------------------


def test_good_self_assessment_takes_the_template_questions_for_its_activities(bank, saq_template, people):
	"""§5.3.5.3: questions of the approved template that match the establishment's activities, copied as they are."""
	doc = make_form(saq_template)
	assert doc.name.startswith("SAQ-")
	assert (doc.establishment, doc.customs_administration) == (LICENCE_A, "Abu Dhabi Customs")
	assert doc.establishment_name == f"Test Establishment {LICENCE_A}"
	assert (doc.template_version, doc.status) == (1, "Under Creation")
	assert [r.question for r in doc.answers] == [bank.q[k] for k in bank.q if k != "exporters"]
	yes_no = row(doc, bank, "yes_no")
	assert (yes_no.question_text, yes_no.question_text_ar, yes_no.template_section) == (
		"SA yes or no?",
		"نص السؤال",
		saq_template.leaf,
	)
	assert row(doc, bank, "choice").answer_options == "Red\nGreen\nBlue"
	assert (row(doc, bank, "conditional").base_question, row(doc, bank, "conditional").trigger_answer) == (
		bank.q["yes_no"],
		"Yes",
	)


def test_a_self_assessment_needs_an_approved_application_and_template(saq_template, people):
	draft_application = make_application(LICENCE_B, status="Draft")
	doc = frappe.get_doc(
		{
			"doctype": "Self Assessment",
			"joining_application": draft_application,
			"template": saq_template.name,
		}
	)
	refused(doc.insert, "a self assessment is made for an approved joining application")
	draft_template = template().insert().name
	frappe.db.commit()
	doc = frappe.get_doc(
		{
			"doctype": "Self Assessment",
			"joining_application": make_application(LICENCE_B),
			"template": draft_template,
		}
	)
	refused(doc.insert, "choose an approved template")
	assert not frappe.db.exists("Self Assessment", {"template": draft_template})
	refused(
		frappe.get_doc({"doctype": "Self Assessment", "template": saq_template.name}).insert,
		"joining_application",
	)


@pytest.mark.parametrize(
	"key,value,message",
	[
		("free", "x" * 21, "the answer is longer than 20 characters"),
		("short", "two\nlines", "a short answer is one line"),
		("number", "twelve", "the answer must be a number"),
		("yes_no", "Maybe", "answer Yes or No"),
		("choice", "Purple", "choose one of the question's options"),
		("multi", "Red\nPurple", "choose among the question's options"),
	],
)
def test_t06_05_answers_fit_their_answer_type(bank, saq_template, people, key, value, message):
	doc = make_form(saq_template, status="Being Filled")
	answer = row(doc, bank, key)
	answer.answer = value
	refused(doc.save, message)
	assert frappe.db.get_value("Self Assessment Answer", answer.name, "answer") is None


def test_t06_05_answers_of_every_type_save(bank, saq_template, people):
	doc = make_form(saq_template, status="Being Filled")
	values = {
		"free": "Twenty characters!!",
		"short": "One line",
		"number": "-12.5",
		"yes_no": "No",
		"choice": "Green",
		"multi": "Red\nBlue",
	}
	for key, value in values.items():
		row(doc, bank, key).answer = value
	row(doc, bank, "document").attachment = upload("pdf")
	doc.save()
	assert row(doc, bank, "multi").answer == "Red\nBlue"


@pytest.mark.parametrize(
	"extension,private,message", [("txt", 1, "only these file types"), ("pdf", 0, "private")]
)
def test_document_answers_are_private_files_of_allowed_types(
	bank, saq_template, people, extension, private, message
):
	doc = make_form(saq_template, status="Being Filled")
	answer = row(doc, bank, "document")
	answer.attachment = upload(extension, private)
	refused(doc.save, message)
	assert frappe.db.get_value("Self Assessment Answer", answer.name, "attachment") is None


def test_answers_belong_to_the_template(bank, saq_template, people):
	outsider = make_question("SA outside the template", bank.leaf)
	doc = make_form(saq_template)
	doc.append(
		"answers", {"template_section": saq_template.leaf, "question": outsider, "answer_type": "Yes/No"}
	)
	refused(doc.save, "is not a question of this template")
	assert frappe.db.count("Self Assessment Answer", {"parent": doc.name}) == len(bank.q) - 1


def test_table_23_first_answer_moves_a_shared_form_to_being_filled(bank, saq_template, people):
	doc = make_form(saq_template, status="Shared")
	row(doc, bank, "yes_no").answer = "Yes"
	doc.save()
	assert doc.status == "Being Filled"


def fill_mandatory(doc, bank, yes_no="No"):
	for key, value in {"yes_no": yes_no, "choice": "Red", "multi": "Blue", "free": "Short enough"}.items():
		row(doc, bank, key).answer = value


def test_submission_needs_every_mandatory_answer(bank, saq_template, people):
	"""Table 37 (SAQ_SENT to SAQ_RECEIVED): mandatory questions answered; T06-06 conditional ones when shown."""
	doc = make_form(saq_template, status="Being Filled")
	fill_mandatory(doc, bank)
	row(doc, bank, "free").answer = None
	doc.status = "Submitted"
	refused(doc.save, "Answer the mandatory question SA free text")
	doc = frappe.get_doc("Self Assessment", doc.name)
	fill_mandatory(doc, bank, yes_no="Yes")
	doc.status = "Submitted"
	refused(doc.save, "Answer the mandatory question SA conditional")
	assert frappe.db.get_value("Self Assessment", doc.name, "status") == "Being Filled"
	doc = frappe.get_doc("Self Assessment", doc.name)
	fill_mandatory(doc, bank, yes_no="No")
	doc.status = "Submitted"
	doc.save()
	assert doc.status == "Submitted"


def under_review(saq_template, bank):
	doc = make_form(saq_template, status="Being Filled")
	fill_mandatory(doc, bank)
	doc.save()
	doc.db_set("status", "Under Review")
	frappe.db.commit()
	return frappe.get_doc("Self Assessment", doc.name)


def test_review_rules_of_table_37(bank, saq_template, people):
	"""§5.3.5.4: a not-accepted answer carries its remark; return needs one, acceptance none."""
	doc = under_review(saq_template, bank)
	row(doc, bank, "free").review_status = "Not Accepted"
	refused(doc.save, "write the reviewer remark")
	doc = frappe.get_doc("Self Assessment", doc.name)
	doc.status = "Returned"
	refused(doc.save, "Mark at least one answer Not Accepted")
	doc = frappe.get_doc("Self Assessment", doc.name)
	row(doc, bank, "free").update({"review_status": "Not Accepted", "reviewer_remark": "Too vague."})
	doc.status = "Accepted"
	refused(doc.save, "return the form to the establishment instead")
	assert frappe.db.get_value("Self Assessment", doc.name, "status") == "Under Review"
	assert not frappe.db.exists(
		"Self Assessment Answer", {"parent": doc.name, "review_status": "Not Accepted"}
	)


def test_returned_form_accepted_answers_stay_and_changes_are_flagged(bank, saq_template, people):
	"""§5.2.4.5: accepted answers are read only; the establishment's changes are highlighted for the reviewers."""
	doc = under_review(saq_template, bank)
	for answer in doc.answers:
		answer.review_status = "Accepted"
	row(doc, bank, "free").update({"review_status": "Not Accepted", "reviewer_remark": "Too vague."})
	doc.status = "Returned"
	doc.save()
	frappe.db.commit()
	row(doc, bank, "choice").answer = "Blue"
	refused(doc.save, "customs accepted this answer")
	doc = frappe.get_doc("Self Assessment", doc.name)
	row(doc, bank, "free").answer = "A precise answer"
	doc.save()
	assert row(doc, bank, "free").changed_after_return == 1
	assert row(doc, bank, "choice").changed_after_return == 0
	assert frappe.db.get_value("Self Assessment Answer", row(doc, bank, "choice").name, "answer") == "Red"


def test_internal_notes_are_on_leaf_sections_of_the_template(saq_template, people):
	doc = make_form(saq_template)
	doc.append("section_notes", {"template_section": saq_template.top, "note": "Check the records."})
	refused(doc.save, "choose a leaf section of this template")
	doc = frappe.get_doc("Self Assessment", doc.name)
	doc.append("section_notes", {"template_section": saq_template.leaf, "note": "Check the records."})
	doc.save()
	assert doc.section_notes[0].template_section == saq_template.leaf


# access ----------------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def forms(saq_template, people):
	return SimpleNamespace(
		a=make_form(saq_template, LICENCE_A, status="Shared").name,
		b=make_form(saq_template, LICENCE_B, status="Shared").name,
		dxb=make_form(saq_template, LICENCE_DXB, status="Shared").name,
	)


def listed(user, doctype="Self Assessment") -> set[str]:
	response = http_session(user).get(f"/api/resource/{doctype}", params={"limit_page_length": 0})
	response.raise_for_status()
	return {r["name"] for r in response.json()["data"]}


def test_establishments_see_only_their_own_forms(forms, people):
	assert forms.a in listed(people.portal_a) and forms.b not in listed(people.portal_a)
	assert forms.b in listed(people.portal_b) and forms.a not in listed(people.portal_b)
	assert http_session(people.portal_b).get(f"/api/resource/Self Assessment/{forms.a}").status_code == 403


def test_local_staff_see_only_their_administrations_forms(forms, people):
	assert {forms.a, forms.b} <= listed(people.team_auh) and forms.dxb not in listed(people.team_auh)
	assert forms.dxb in listed(people.team_dxb) and forms.a not in listed(people.team_dxb)
	assert http_session(people.team_dxb).get(f"/api/resource/Self Assessment/{forms.a}").status_code == 403
	assert {forms.a, forms.b, forms.dxb} <= listed(people.federal)


def add_section_note(form: str) -> bool:
	doc = frappe.get_doc("Self Assessment", form)
	section = doc.answers[0].template_section
	doc.append("section_notes", {"template_section": section, "note": "Internal: check the seal register."})
	doc.save()
	frappe.db.commit()
	return True


def test_establishments_fill_answers_but_neither_review_nor_read_internal_notes(bank, forms, people):
	"""Customs-only notes and decisions (permlevel 1) are hidden; review fields (permlevel 2) are read only."""
	session = http_session(people.portal_a)
	assert frappe.db.count("Self Assessment Section Note", {"parent": forms.a}) or add_section_note(forms.a)
	data = session.get(f"/api/resource/Self Assessment/{forms.a}").json()["data"]
	assert not data.get("section_notes") and not data.get("decisions")
	for answer in data["answers"]:
		if answer["question"] == bank.q["yes_no"]:
			answer.update({"answer": "Yes", "review_status": "Accepted"})
	response = session.put(f"/api/resource/Self Assessment/{forms.a}", json={"answers": data["answers"]})
	assert response.status_code == 200, response.text
	saved = frappe.db.get_value(
		"Self Assessment Answer",
		{"parent": forms.a, "question": bank.q["yes_no"]},
		["answer", "review_status"],
		as_dict=True,
	)
	assert (saved.answer, saved.review_status or None) == ("Yes", None)
	assert frappe.db.get_value("Self Assessment", forms.a, "status") == "Being Filled"


def test_the_question_bank_is_for_staff_only(bank, people):
	"""Federal masters: staff read them, establishments get nothing."""
	assert bank.q["yes_no"] in listed(people.team_auh, "Question")
	assert http_session(people.portal_a).get("/api/resource/Question").status_code == 403
	assert http_session(people.portal_a).get("/api/resource/Self Assessment Template").status_code == 403


def test_establishments_can_neither_rewrite_nor_add_nor_drop_questions(forms, people):
	"""The questions copied into a form belong to the customs administration: over REST a portal user cannot change
	their read-only columns, remove a question (and so dodge a mandatory one) or add one."""
	session = http_session(people.portal_a)
	answers = session.get(f"/api/resource/Self Assessment/{forms.a}").json()["data"]["answers"]
	assert len(answers) >= 2
	before = frappe.db.count("Self Assessment Answer", {"parent": forms.a})
	rewritten = [dict(answers[0], question_title="A different question")] + answers[1:]
	added = answers + [{key: value for key, value in answers[0].items() if key not in ("name", "idx")}]
	for rows in (rewritten, answers[1:], added):
		response = session.put(f"/api/resource/Self Assessment/{forms.a}", json={"answers": rows})
		assert response.status_code == 403 and "is set by the system" in response.text
	frappe.db.rollback()
	assert frappe.db.count("Self Assessment Answer", {"parent": forms.a}) == before
	assert frappe.db.get_value("Self Assessment Answer", answers[0]["name"], "question_title") == answers[0]["question_title"]
