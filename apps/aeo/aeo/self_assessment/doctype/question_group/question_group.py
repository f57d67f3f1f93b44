import frappe
from frappe import _
from frappe.utils import cint
from frappe.utils.nestedset import NestedSet

from aeo.utils import fail, require_arabic


class QuestionGroup(NestedSet):
	def validate(self):
		require_arabic(self, "group_name_ar")
		check_leaf(self)


def check_leaf(doc) -> None:
	"""T04-03: questions sit in leaf groups only, and a leaf group holds no sub-groups (§5.3.5.1)."""
	doc.is_leaf = cint(doc.is_leaf)
	doc.is_group = 0 if doc.is_leaf else 1
	if doc.parent_question_group:
		parent = frappe.db.get_value(
			"Question Group", doc.parent_question_group, ["is_leaf", "group_name"], as_dict=True
		)
		if parent and parent.is_leaf:
			fail(
				doc,
				"parent_question_group",
				_("{0} is a leaf group: it cannot hold sub-groups").format(parent.group_name),
			)
	if doc.is_new():
		return
	if doc.is_leaf and frappe.db.exists("Question Group", {"parent_question_group": doc.name}):
		fail(doc, "is_leaf", _("this group has sub-groups, so it cannot be a leaf group"))
	if not doc.is_leaf and frappe.db.exists("Question", {"question_group": doc.name}):
		fail(doc, "is_leaf", _("this group holds questions, so it must stay a leaf group"))
