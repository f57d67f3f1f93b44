"""An administrator edits a review workflow in the desk's Workflow form, in fresh sessions (issue 11): a state with a
new role is added, a user of that role gets the task and its e-mail and takes the step in the desk; a state that
holds a record is renamed in the States table alone, and the record moves with it; both edits survive a migrate."""

import re

import frappe
import pytest
from aeo.setup.install import after_migrate
from playwright.sync_api import expect

from tests.conftest import screenshot
from tests.integration.test_workflow_admin import (  # noqa: F401 (restore_workflow is a fixture)
	FEDERAL_CHECK,
	RENAMED,
	WORKFLOW,
	act,
	open_tasks,
	restore_workflow,
	signable,
	submitted,
)
from tests.support.factories import make_user
from tests.support.mail import body_text, wait_until
from tests.support.portal import desk_session, workflow_action


def edit_in_form(page, script: str, moves: re.Pattern | None = None) -> None:
	"""Open the workflow in the desk, change its rows as the grid does (frappe.model), and save as the Save button
	does. A rename of a state that holds records is confirmed in the app's dialog, which says where they go; Frappe's
	"states that do not exist … Save Anyway" warning is not shown for it."""
	page.goto(f"/app/workflow/{WORKFLOW}")
	page.wait_for_function("(name) => window.cur_frm && cur_frm.doc.name === name && !cur_frm.is_dirty()", arg=WORKFLOW)
	expect(page.get_by_role("button", name="Move Records")).to_be_visible()  # the form has refreshed
	page.evaluate(script)
	page.keyboard.press("Control+s")
	if moves:
		dialog = page.locator(".modal.show", has=page.locator(".aeo-state-moves"))
		expect(dialog.locator(".aeo-state-moves")).to_contain_text(moves)
		expect(page.get_by_role("button", name="Save Anyway")).to_have_count(0)
		screenshot(page, "desk-workflow-rename-confirm")
		dialog.get_by_role("button", name="Yes").click()
	page.wait_for_function("() => !cur_frm.is_dirty()", timeout=30_000)
	expect(page.locator(".modal.show .msgprint")).to_have_count(0)


ADD_FEDERAL_CHECK = f"""() => {{
	const add = (table, values) => Object.assign(frappe.model.add_child(cur_frm.doc, table), values);
	add("states", {{state: "{FEDERAL_CHECK}", doc_status: "0", allow_edit: "Federal Administrator",
		update_field: "status", update_value: "Under Initial Review"}});
	add("transitions", {{state: "Under Initial Review", action: "Send to Federal Check", next_state: "{FEDERAL_CHECK}",
		allowed: "Customs Administrator", allow_self_approval: 1}});
	add("transitions", {{state: "{FEDERAL_CHECK}", action: "Federal Check Done", next_state: "Under Final Review",
		allowed: "Federal Administrator", allow_self_approval: 1}});
	cur_frm.dirty();
}}"""

RENAME = f"""async () => {{
	for (const row of cur_frm.doc.states.filter((row) => row.state === "Under Final Review")) {{
		await frappe.model.set_value(row.doctype, row.name, "state", "{RENAMED}");
	}}
}}"""


@pytest.mark.usefixtures("restore_workflow")
def test_an_administrator_adds_and_renames_states_in_the_desk(browser, mail):
	admin = make_user("wfa.sysadmin@test.example", ["System Manager", "AEO System Administrator"])
	make_user("wfa.auh.admin@test.example", ["Customs Administrator"], scope={"Customs Administration": "Abu Dhabi Customs"})
	make_user("wfa.federal.desk@test.example", ["Federal Administrator"])
	for master, name in (("Workflow State", FEDERAL_CHECK), ("Workflow State", RENAMED),
			("Workflow Action Master", "Send to Federal Check"), ("Workflow Action Master", "Federal Check Done")):
		field = "workflow_state_name" if master == "Workflow State" else "workflow_action_name"
		frappe.get_doc({"doctype": master, field: name}).insert(ignore_if_duplicate=True)
	frappe.db.commit()

	context, page = desk_session(browser, admin)
	edit_in_form(page, ADD_FEDERAL_CHECK)
	screenshot(page, "desk-workflow-state-added")
	context.close()

	# the role's holders are federal (scoped to no administration): the least loaded of them gets the task
	name = submitted()
	[administrator] = open_tasks(name)
	assert act(administrator, name, "Start Review").status_code == 200
	assert act(administrator, name, "Send to Federal Check").status_code == 200
	holders = open_tasks(name)
	assert holders and all("Federal Administrator" in frappe.get_roles(user) for user in holders)
	holder = holders[0]
	[notice] = wait_until(lambda: [m for m in mail.wait_for(holder) if name in (m["Subject"] or "")])
	arabic = frappe.db.get_value("User", holder, "language") == "ar"
	assert ("مهمة لك" if arabic else "a task for you") in notice["Subject"]  # in the reader's language
	assert "Guest" not in body_text(notice)
	context, page = desk_session(browser, signable(holder))
	workflow_action(page, "account-request", name, "Federal Check Done")
	screenshot(page, "desk-workflow-new-role-acted")
	context.close()
	frappe.db.rollback()
	assert frappe.db.get_value("Account Request", name, "workflow_state") == "Under Final Review"

	context, page = desk_session(browser, admin)  # a fresh session, as the issue found it
	edit_in_form(page, RENAME, moves=re.compile(rf"Under Final Review → {RENAMED}, records: \d+"))
	screenshot(page, "desk-workflow-state-renamed")
	context.close()
	after_migrate()
	frappe.db.rollback()
	workflow = frappe.get_doc("Workflow", WORKFLOW)
	assert {FEDERAL_CHECK, RENAMED} <= {row.state for row in workflow.states}
	assert "Under Final Review" not in {row.next_state for row in workflow.transitions}
	assert frappe.db.get_value("Account Request", name, ["workflow_state", "status"]) == (RENAMED, "Under Final Review")
