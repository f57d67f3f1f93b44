"""Review of account requests in the desk (BRD §5.3.1–5.3.3, Table 33; BR.3): a Frappe Workflow that the right
roles of the licence emirate's customs administration drive, ending in the establishment's account."""

import json

import frappe
import pytest
from aeo.assignment import staff_of
from aeo.setup.install import after_migrate

from tests.support.factories import account_request, http_session, make_user, rename_workflow_state
from tests.support.mail import body_text, wait_until


@pytest.fixture(scope="module")
def staff():
	def local(key, role, administration):
		return make_user(f"rev.{key}@test.example", [role], scope={"Customs Administration": administration})

	return {
		"auh_admin_1": local("auh.admin.1", "Customs Administrator", "Abu Dhabi Customs"),
		"auh_admin_2": local("auh.admin.2", "Customs Administrator", "Abu Dhabi Customs"),
		"auh_first": local("auh.first", "Customs First Administrator", "Abu Dhabi Customs"),
		"dxb_admin": local("dxb.admin", "Customs Administrator", "Dubai Customs"),
	}


def submitted(**values) -> str:
	doc = account_request(**values).insert()
	frappe.db.commit()
	return doc.name


def act(user: str, name: str, action: str):
	"""What the desk's action menu does: the user loads the request and applies a workflow action to it."""
	session = http_session(user)
	loaded = session.get(f"/api/resource/Account Request/{name}")
	if loaded.status_code != 200:
		return loaded
	return session.post(
		"/api/method/frappe.model.workflow.apply_workflow",
		data={"doc": json.dumps(loaded.json()["data"]), "action": action},
	)


def status(name: str) -> str:
	frappe.db.rollback()  # read what the web server committed
	return frappe.db.get_value("Account Request", name, "status")


def assignees(name: str) -> list[str]:
	return frappe.get_all("ToDo", {"reference_type": "Account Request", "reference_name": name, "status": "Open"}, pluck="allocated_to")


def test_br3_requests_go_to_their_emirates_administrators_shared_fairly(staff):
	pool = staff_of("Customs Administrator", "Abu Dhabi Customs")
	assert {staff["auh_admin_1"], staff["auh_admin_2"]} <= set(pool) and staff["dxb_admin"] not in pool
	load = {user: frappe.db.count("ToDo", {"allocated_to": user, "status": "Open", "reference_type": "Account Request"}) for user in pool}
	first, second = submitted(), submitted()
	owners = assignees(first) + assignees(second)
	assert len(owners) == 2 and len(set(owners)) == 2 and set(owners) <= set(pool)
	assert load[owners[0]] == min(load.values())  # the first goes to one of the least loaded


def test_another_emirates_administrator_can_neither_see_nor_act(staff):
	name = submitted()
	assert act(staff["dxb_admin"], name, "Start Review").status_code == 403
	assert status(name) == "Submitted"


def test_a_role_never_makes_a_transition_it_does_not_own(staff):
	name = submitted()
	assert act(staff["auh_first"], name, "Start Review").status_code != 200
	assert status(name) == "Submitted"
	assert act(staff["auh_admin_1"], name, "Start Review").status_code == 200
	assert act(staff["auh_admin_1"], name, "Accept Initially").status_code == 200
	assert act(staff["auh_admin_1"], name, "Approve").status_code != 200  # the First Administrator's decision
	assert status(name) == "Under Final Review"


def test_rejection_without_a_reason_is_refused_and_changes_nothing(staff):
	name = submitted()
	act(staff["auh_admin_1"], name, "Start Review")
	response = act(staff["auh_admin_1"], name, "Reject")
	assert response.status_code == 417 and "Reason for Rejection" in response.text
	assert status(name) == "Under Initial Review"


def test_acceptance_creates_the_account_and_mails_a_set_password_link(staff, mail):
	name = submitted()
	for user, action in (
		(staff["auh_admin_1"], "Start Review"),
		(staff["auh_admin_1"], "Accept Initially"),
		(staff["auh_first"], "Approve"),
	):
		assert act(user, name, action).status_code == 200, action
	assert status(name) == "Approved"
	request = frappe.get_doc("Account Request", name)
	[first] = set(frappe.get_all("ToDo", {"reference_name": name}, pluck="allocated_to")) & set(
		staff_of("Customs First Administrator", "Abu Dhabi Customs"))
	establishment = frappe.get_doc("Establishment", request.licence_number)
	assert (establishment.establishment_name_ar, establishment.account_manager) == (
		request.establishment_name_ar, request.email)
	assert frappe.db.get_value("User", request.email, "user_type") == "Website User"
	assert "Establishment Account Manager" in frappe.get_roles(request.email)
	assert request.user == request.email and request.establishment == establishment.name
	sent = {m["Subject"]: body_text(m) for m in mail.wait_for(request.email)}
	assert any("update-password?key=" in body for body in sent.values())
	# T20-2: the acceptance names the username; N34-2: the First Administrator was told in the desk
	accepted = next(body for subject, body in sent.items() if "accepted" in subject)
	assert request.username in accepted
	wait_until(lambda: frappe.db.exists("Notification Log", {"for_user": first, "document_name": name}))


def test_an_administrators_edit_of_the_workflow_survives_a_migrate_and_keeps_its_effects(staff):
	"""Rename a state in the desk; migrate; the renamed state stays, and approving still creates the account,
	because the app follows the status the state sets, not its label."""
	renamed = "Awaiting the First Administrator"
	rename_workflow_state("Account Request Review", "Under Final Review", renamed)
	after_migrate()
	assert renamed in [row.state for row in frappe.get_doc("Workflow", "Account Request Review").states]
	name = submitted()
	for user, action in ((staff["auh_admin_1"], "Start Review"), (staff["auh_admin_1"], "Accept Initially")):
		assert act(user, name, action).status_code == 200
	assert status(name) == "Under Final Review"
	assert frappe.db.get_value("Account Request", name, "workflow_state") == renamed
	assert act(staff["auh_first"], name, "Approve").status_code == 200
	assert status(name) == "Approved"
	assert frappe.db.exists("Establishment", frappe.db.get_value("Account Request", name, "licence_number"))
	rename_workflow_state("Account Request Review", renamed, "Under Final Review")
