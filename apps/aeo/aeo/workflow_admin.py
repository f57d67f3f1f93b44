"""Administrators edit the app's Workflows in the desk; these hooks make such edits hold (docs/decisions.md, "Workflows
are data").

- A state renamed in the States table is renamed in the transitions too, and the records in it move with it (Frappe
  leaves the transitions pointing at the old name, "… not a valid State", and the records stranded).
- A state removed while records are in it is refused: the administrator first moves them with "Move Records" on the
  Workflow form (`move_records`), a confirmed, audited action.
- Every staff role that a transition names gets what it needs to carry it out: read and write on the DocType (a
  Custom DocPerm, which Frappe keeps across migrates), and the administrator is told.
- Records moved into a state are routed as entering it would route them (aeo.assignment).
"""

import frappe
from frappe import _
from frappe.permissions import add_permission, update_permission_property
from frappe.query_builder import DocType

from aeo.assignment import ROUTED, is_staff_role, route_now
from aeo.exceptions import StrandedRecords


def before_validate(doc, method=None) -> None:
	"""Workflow before_validate: follow renamed states; refuse removing states that hold records."""
	before = doc.get_doc_before_save()
	if not before or doc.document_type != before.document_type:
		return
	labels = {row.state for row in doc.states}
	old_labels = {row.name: row.state for row in before.states}
	renamed = {
		old_labels[row.name]: row.state
		for row in doc.states
		if row.name in old_labels and old_labels[row.name] != row.state and old_labels[row.name] not in labels
	}
	for row in doc.transitions:
		row.state = renamed.get(row.state, row.state)
		row.next_state = renamed.get(row.next_state, row.next_state)
	doc.flags.renamed_states = renamed
	removed = {state for state in old_labels.values() if state not in labels and state not in renamed}
	stranded = {state: count for state in removed if (count := records_in(doc, state))}
	if stranded:
		frappe.throw(
			_("Records are in states this change removes: {0}. Move them to another state first (Move Records).").format(
				", ".join(f"{_(state)} ({count})" for state, count in sorted(stranded.items()))
			),
			StrandedRecords,
			title=_("Records in Removed States"),
		)


def on_update(doc, method=None) -> None:
	"""Workflow on_update: move the records of renamed states; give the transitions' roles what they need."""
	for old, new in (doc.flags.renamed_states or {}).items():
		move(doc, old, new)
	grant_transition_roles(doc)


def records_in(workflow, state: str) -> int:
	meta = frappe.get_meta(workflow.document_type)
	if not meta.has_field(workflow.workflow_state_field) and workflow.workflow_state_field not in meta.get_valid_columns():
		return 0
	return frappe.db.count(workflow.document_type, {workflow.workflow_state_field: state})


def move(workflow, from_state: str, to_state: str) -> int:
	"""Every record of the workflow's DocType in `from_state` enters `to_state` (with the field value that state sets),
	in one statement; the records that are routed get their tasks as entering it would give them."""
	target = next((row for row in workflow.states if row.state == to_state), None)
	if not target:
		frappe.throw(_("{0} is not a state of the workflow {1}.").format(to_state, workflow.name), StrandedRecords)
	doctype, field = workflow.document_type, workflow.workflow_state_field
	names = frappe.get_all(doctype, {field: from_state}, pluck="name")
	if not names:
		return 0
	table = DocType(doctype)
	query = frappe.qb.update(table).set(table[field], to_state).where(table[field] == from_state)
	if target.update_field:
		query = query.set(table[target.update_field], target.update_value)
	query.run()
	workflow.add_comment(
		"Info",
		_("{0} records of {1} moved from {2} to {3}.").format(len(names), _(doctype), _(from_state), _(to_state)),
	)
	if doctype in ROUTED:
		frappe.clear_document_cache(doctype)
		for name in names:
			record = frappe.get_doc(doctype, name)
			record.add_comment("Info", _("Moved from {0} to {1} by a change of its workflow.").format(
				_(from_state), _(to_state)))
			route_now(record, workflow)
	return len(names)


@frappe.whitelist(methods=["POST"])
def move_records(workflow: str, from_state: str, to_state: str) -> int:
	"""The Workflow form's "Move Records": the administrator moves the records in a state (one about to be removed,
	or one already gone) to a state of the workflow."""
	doc = frappe.get_doc("Workflow", workflow)
	doc.check_permission("write")
	if from_state == to_state:
		frappe.throw(_("Choose another state to move the records to."), StrandedRecords)
	return move(doc, from_state, to_state)


@frappe.whitelist()
def state_counts(workflow: str) -> list[dict]:
	"""How many records are in each state (the workflow's and any other), for the Move Records dialog."""
	doc = frappe.get_doc("Workflow", workflow)
	doc.check_permission("read")
	field = doc.workflow_state_field
	return frappe.get_all(
		doc.document_type,
		fields=[f"`{field}` as state", "count(*) as count"],
		filters={field: ("is", "set")},
		group_by=field,
		order_by="count desc",
	)


# ---------------------------------------------------------------- permissions the transitions need -----------------


def grant_transition_roles(workflow) -> None:
	"""A role that a transition names may carry it out: read and write (level 0) on the DocType. Frappe saves the
	record when a transition is applied, so a role without write sees the action and fails on it."""
	doctype = workflow.document_type
	granted = []
	for role in dict.fromkeys(row.allowed for row in workflow.transitions):
		if not is_staff_role(role) or role_can_write(doctype, role):
			continue
		if level_zero_rule(doctype, role):
			update_permission_property(doctype, role, 0, "read", 1, validate=False)
			update_permission_property(doctype, role, 0, "write", 1)
		else:
			add_permission(doctype, role, 0, "write")
		granted.append(role)
	if granted:
		frappe.clear_cache(doctype=doctype)
		frappe.msgprint(
			_("To take this workflow's actions, {0} can now read and write {1} (Role Permissions Manager).").format(
				", ".join(_(role) for role in granted), _(doctype)
			),
			alert=True,
		)


def level_zero_rule(doctype: str, role: str):
	perm_doctype = "Custom DocPerm" if frappe.db.exists("Custom DocPerm", {"parent": doctype}) else "DocPerm"
	return frappe.db.get_value(
		perm_doctype, {"parent": doctype, "role": role, "permlevel": 0, "if_owner": 0}, ["read", "write"], as_dict=True
	)


def role_can_write(doctype: str, role: str) -> bool:
	rule = level_zero_rule(doctype, role)
	return bool(rule and rule.read and rule.write)
