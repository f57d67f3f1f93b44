"""Administrators edit the review workflows in the desk, without code (issue 11; docs/decisions.md "Routing" and
"Workflows are data"): a state added with a new role is routed to that role and its users can take its actions; a
state renamed in the States table alone keeps its transitions and its records; a state that holds records is not
removed until they are moved; every edit survives a migrate."""

import json

import frappe
import pytest
from aeo.exceptions import StrandedRecords
from aeo.setup.install import after_migrate
from aeo.workflow_admin import role_can_write

from tests.support.factories import account_request, http_session, make_user
from tests.support.mail import wait_until

WORKFLOW = "Account Request Review"
FEDERAL_CHECK = "Under Federal Check"
RENAMED = "Renamed by the Administrator"


@pytest.fixture(scope="module")
def staff():
	def local(key, role):
		return make_user(f"wfa.{key}@test.example", [role], scope={"Customs Administration": "Abu Dhabi Customs"})

	return {
		"admin": local("auh.admin", "Customs Administrator"),
		"first": local("auh.first", "Customs First Administrator"),
		"federal": make_user("wfa.federal@test.example", ["Federal Administrator"], language="ar"),
	}


@pytest.fixture
def restore_workflow():
	"""Put the workflow and the DocType's permissions back as the app ships them, whatever the test did."""
	before = frappe.get_doc("Workflow", WORKFLOW).as_dict()
	had_custom_perms = frappe.db.exists("Custom DocPerm", {"parent": "Account Request"})
	yield
	frappe.db.rollback()
	shipped = {row.update_value: row.state for row in before.states}  # status: the shipped state that sets it
	for name, status in frappe.get_all("Account Request", {"workflow_state": ("not in", list(shipped.values()))},
			["name", "status"], as_list=True):
		frappe.db.set_value("Account Request", name, "workflow_state", shipped[status])
	workflow = frappe.get_doc("Workflow", WORKFLOW)
	workflow.states, workflow.transitions = [], []
	for row in before.states:
		workflow.append("states", {k: row[k] for k in ("state", "doc_status", "allow_edit", "update_field", "update_value")})
	for row in before.transitions:
		workflow.append("transitions", {k: row[k] for k in ("state", "action", "next_state", "allowed", "allow_self_approval")})
	workflow.save()
	if not had_custom_perms:
		frappe.db.delete("Custom DocPerm", {"parent": "Account Request"})
	frappe.clear_cache(doctype="Account Request")
	frappe.db.commit()


def submitted() -> str:
	doc = account_request().insert()
	frappe.db.commit()
	return doc.name


def signable(user: str) -> str:
	"""The assignee may be any holder of the role (the demo's staff too, loaded by an earlier test): give it the
	tests' password so the test can act as it."""
	from frappe.utils.password import update_password

	from tests.support.factories import PASSWORD

	update_password(user, PASSWORD)
	frappe.db.commit()
	return user


def act(user: str, name: str, action: str):
	session = http_session(signable(user))
	loaded = session.get(f"/api/resource/Account Request/{name}")
	if loaded.status_code != 200:
		return loaded
	return session.post(
		"/api/method/frappe.model.workflow.apply_workflow",
		data={"doc": json.dumps(loaded.json()["data"]), "action": action},
	)


def open_tasks(name: str) -> list[str]:
	frappe.db.rollback()
	return frappe.get_all(
		"ToDo", {"reference_type": "Account Request", "reference_name": name, "status": "Open"}, pluck="allocated_to"
	)


def add_federal_check() -> None:
	"""What the administrator does in the Workflow form: a new state for the Federal Administrator between the
	initial acceptance and the final review (the issue's own example)."""
	frappe.get_doc({"doctype": "Workflow State", "workflow_state_name": FEDERAL_CHECK}).insert(ignore_if_duplicate=True)
	frappe.get_doc({"doctype": "Workflow Action Master", "workflow_action_name": "Send to Federal Check"}).insert(
		ignore_if_duplicate=True
	)
	frappe.get_doc({"doctype": "Workflow Action Master", "workflow_action_name": "Federal Check Done"}).insert(
		ignore_if_duplicate=True
	)
	workflow = frappe.get_doc("Workflow", WORKFLOW)
	workflow.append(
		"states",
		{"state": FEDERAL_CHECK, "doc_status": "0", "allow_edit": "Federal Administrator", "update_field": "status",
			"update_value": "Under Initial Review"},
	)
	workflow.append("transitions", {"state": "Under Initial Review", "action": "Send to Federal Check",
		"next_state": FEDERAL_CHECK, "allowed": "Customs Administrator", "allow_self_approval": 1})
	workflow.append("transitions", {"state": FEDERAL_CHECK, "action": "Federal Check Done",
		"next_state": "Under Final Review", "allowed": "Federal Administrator", "allow_self_approval": 1})
	workflow.save()
	frappe.db.commit()


def test_a_state_added_with_a_new_role_is_routed_and_the_role_can_act(staff, restore_workflow):
	"""Routing follows the workflow: the new state's role gets the task and its notice (in its language, from the
	programme), the previous reviewer's task closes, the role can take the action (the app granted it write), and the
	edit survives a migrate. BR.3: the local steps stay within the licence emirate's administration."""
	assert not role_can_write("Account Request", "Federal Administrator")
	add_federal_check()
	assert role_can_write("Account Request", "Federal Administrator")
	after_migrate()
	assert FEDERAL_CHECK in [row.state for row in frappe.get_doc("Workflow", WORKFLOW).states]

	name = submitted()
	[administrator] = open_tasks(name)
	assert administrator == staff["admin"] or frappe.db.get_value("User Permission", {"user": administrator,
		"allow": "Customs Administration", "for_value": "Abu Dhabi Customs"})
	assert act(administrator, name, "Start Review").status_code == 200
	assert act(administrator, name, "Send to Federal Check").status_code == 200
	holders = open_tasks(name)
	assert administrator not in holders and holders and all(
		"Federal Administrator" in frappe.get_roles(user) for user in holders
	)
	notice = wait_until(lambda: frappe.db.get_value(
		"Notification Log", {"for_user": holders[0], "document_name": name, "type": "Assignment"},
		["subject", "from_user"], as_dict=True))
	assert notice.from_user == "Administrator" and "Guest" not in notice.subject
	arabic = frappe.db.get_value("User", holders[0], "language") == "ar"
	assert ("مهمة" if arabic else "a task for you") in notice.subject  # in the reader's language

	assert act(staff["first"], name, "Federal Check Done").status_code != 200  # not the First Administrator's step
	assert act(holders[0], name, "Federal Check Done").status_code == 200
	frappe.db.rollback()
	assert frappe.db.get_value("Account Request", name, "workflow_state") == "Under Final Review"
	[decider] = open_tasks(name)
	assert "Customs First Administrator" in frappe.get_roles(decider)


def test_renaming_a_state_in_the_states_table_alone_keeps_transitions_and_moves_records(staff, restore_workflow):
	"""The desk's States table is all an administrator edits: the transitions follow the new label, the records in
	the state move with it and keep their reviewer, and the rename survives a migrate."""
	name = submitted()
	[administrator] = open_tasks(name)
	assert act(administrator, name, "Start Review").status_code == 200
	renamed = RENAMED
	frappe.get_doc({"doctype": "Workflow State", "workflow_state_name": renamed}).insert(ignore_if_duplicate=True)
	workflow = frappe.get_doc("Workflow", WORKFLOW)
	for row in workflow.states:
		row.state = renamed if row.state == "Under Initial Review" else row.state
	workflow.save()  # Frappe alone: "Under Initial Review not a valid State"
	frappe.db.commit()
	after_migrate()
	workflow = frappe.get_doc("Workflow", WORKFLOW)
	assert "Under Initial Review" not in {row.state for row in workflow.transitions} | {r.next_state for r in workflow.transitions}
	assert frappe.db.get_value("Account Request", name, ["workflow_state", "status"]) == (renamed, "Under Initial Review")
	assert open_tasks(name) == [administrator]
	assert act(administrator, name, "Accept Initially").status_code == 200  # the moved record has its actions


def test_a_state_holding_records_is_removed_only_after_they_are_moved(staff, restore_workflow):
	"""Removing a state that holds records is refused (409, nothing changes); Move Records, which only a Workflow
	editor may use, moves them and routes them; then the state can go."""
	add_federal_check()
	name = submitted()
	[administrator] = open_tasks(name)
	act(administrator, name, "Start Review")
	act(administrator, name, "Send to Federal Check")
	frappe.db.rollback()
	workflow = frappe.get_doc("Workflow", WORKFLOW)
	workflow.states = [row for row in workflow.states if row.state != FEDERAL_CHECK]
	workflow.transitions = [row for row in workflow.transitions if FEDERAL_CHECK not in (row.state, row.next_state)]
	with pytest.raises(StrandedRecords):
		workflow.save()
	frappe.db.rollback()
	assert FEDERAL_CHECK in [row.state for row in frappe.get_doc("Workflow", WORKFLOW).states]

	move = {"workflow": WORKFLOW, "from_state": FEDERAL_CHECK, "to_state": "Under Final Review"}
	refused = http_session(administrator).post("/api/method/aeo.workflow_admin.move_records", data=move)
	assert refused.status_code == 403
	assert frappe.db.get_value("Account Request", name, "workflow_state") == FEDERAL_CHECK
	moved = http_session("Administrator", password=frappe.conf.get("admin_password") or "admin").post("/api/method/aeo.workflow_admin.move_records", data=move)
	assert moved.status_code == 200 and moved.json()["message"] == 1
	frappe.db.rollback()
	assert frappe.db.get_value("Account Request", name, ["workflow_state", "status"]) == ("Under Final Review", "Under Final Review")
	[decider] = open_tasks(name)
	assert "Customs First Administrator" in frappe.get_roles(decider)
	workflow = frappe.get_doc("Workflow", WORKFLOW)
	workflow.states = [row for row in workflow.states if row.state != FEDERAL_CHECK]
	workflow.transitions = [row for row in workflow.transitions if FEDERAL_CHECK not in (row.state, row.next_state)]
	workflow.save()
	frappe.db.commit()
