"""Review of account requests in the desk (BRD §5.3.1–5.3.3, Table 33; BR.3): a Frappe Workflow that the right
roles of the licence emirate's customs administration drive, ending in the establishment's account."""

import contextlib
import json

import frappe
import pytest
from aeo.assignment import staff_of
from aeo.setup.install import after_migrate

from tests.support.factories import account_request, http_session, make_user, rename_workflow_state
from tests.support.mail import background_jobs_done, body_text, wait_until


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
	frappe.db.rollback()  # read what the web server committed
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


def test_a_reviewer_writing_the_status_directly_is_refused_and_changes_nothing(staff):
	"""Frappe checks who moves the workflow state; the app also holds `status` and the other read-only fields, so an
	Administrator cannot approve over REST what only the First Administrator may (Table 33)."""
	name = submitted()
	act(staff["auh_admin_1"], name, "Start Review")
	session = http_session(staff["auh_admin_1"])
	for values in ({"status": "Approved"}, {"status": "Rejected"}, {"decision_date": "2026-01-01"}):
		response = session.put(f"/api/resource/Account Request/{name}", json=values)
		assert response.status_code == 403 and "set by the system" in response.text, values
	assert status(name) == "Under Initial Review"
	assert frappe.db.get_value("Account Request", name, "decision_date") is None
	assert not frappe.db.exists("Establishment", frappe.db.get_value("Account Request", name, "licence_number"))


def test_each_step_closes_the_task_it_asked_for(staff):
	name = submitted()
	[administrator] = assignees(name)
	act(administrator, name, "Start Review")
	assert assignees(name) == [administrator]
	act(administrator, name, "Accept Initially")
	[first] = assignees(name)
	assert first in staff_of("Customs First Administrator", "Abu Dhabi Customs")
	assert frappe.db.get_value(
		"ToDo", {"reference_name": name, "allocated_to": administrator}, "status") == "Closed"
	act(first, name, "Approve")
	assert assignees(name) == []


def test_an_administrator_may_change_who_acts_and_add_a_state(staff):
	"""What an administrator does in the Workflow form: the initial acceptance becomes the First Administrator's,
	and a new state "On Hold" (status still Under Initial Review) sits between the steps. The app keeps routing and
	creating the account, since it follows the status, not the states or roles it was shipped with."""
	workflow = frappe.get_doc("Workflow", "Account Request Review")
	original = workflow.as_dict()
	try:
		frappe.get_doc({"doctype": "Workflow State", "workflow_state_name": "On Hold"}).insert(ignore_if_duplicate=True)
		frappe.get_doc({"doctype": "Workflow Action Master", "workflow_action_name": "Hold"}).insert(ignore_if_duplicate=True)
		frappe.get_doc({"doctype": "Workflow Action Master", "workflow_action_name": "Resume"}).insert(ignore_if_duplicate=True)
		review = next(row for row in workflow.states if row.update_value == "Under Initial Review")
		workflow.append("states", {"state": "On Hold", "doc_status": "0", "update_field": "status",
			"update_value": "Under Initial Review", "allow_edit": "Customs Administrator"})
		workflow.append("transitions", {"state": review.state, "action": "Hold", "next_state": "On Hold",
			"allowed": "Customs Administrator", "allow_self_approval": 1})
		workflow.append("transitions", {"state": "On Hold", "action": "Resume", "next_state": review.state,
			"allowed": "Customs Administrator", "allow_self_approval": 1})
		for row in workflow.transitions:
			if row.action == "Accept Initially":
				row.allowed = "Customs First Administrator"
		workflow.save()
		frappe.db.commit()
		after_migrate()  # an administrator's edit survives a migrate

		name = submitted()
		[administrator] = assignees(name)
		for action in ("Start Review", "Hold", "Resume"):
			assert act(administrator, name, action).status_code == 200, action
		assert status(name) == "Under Initial Review"
		assert act(administrator, name, "Accept Initially").status_code != 200  # no longer the Administrator's
		assert status(name) == "Under Initial Review"
		assert act(staff["auh_first"], name, "Accept Initially").status_code == 200
		assert status(name) == "Under Final Review"
		[first] = assignees(name)
		assert act(first, name, "Approve").status_code == 200
		assert status(name) == "Approved"
		assert frappe.db.exists("Establishment", frappe.db.get_value("Account Request", name, "licence_number"))
	finally:
		restore_workflow(original)


def restore_workflow(original: dict) -> None:
	meta = {"name", "parent", "parentfield", "parenttype", "idx", "doctype", "creation", "modified", "modified_by",
		"owner", "docstatus"}
	restored = frappe.get_doc("Workflow", original["name"])
	for table in ("states", "transitions"):
		restored.set(table, [{k: v for k, v in row.items() if k not in meta} for row in original[table]])
	restored.save()
	frappe.db.commit()


def test_an_acceptance_while_the_mail_server_is_down_makes_the_whole_account_and_mails_it_later(staff, mail):
	"""Issue 12: a mail failure during account creation left a User with no password and an Establishment User with
	no user. The outgoing server is unreachable (the site's account pointed at a closed port, as a stopped sink):
	the acceptance still makes the whole account, the e-mails wait in Frappe's queue, and go once it is back."""
	from frappe.email.queue import flush

	account = frappe.db.get_value("Email Account", {"default_outgoing": 1}, ["name", "smtp_port"], as_dict=True)
	name = submitted()
	frappe.db.set_value("Email Account", account.name, "smtp_port", 9)  # nothing listens there: connection refused
	frappe.db.commit()
	try:
		for user, action in ((staff["auh_admin_1"], "Start Review"), (staff["auh_admin_1"], "Accept Initially"),
				(staff["auh_first"], "Approve")):
			assert act(user, name, action).status_code == 200, action
		wait_until(background_jobs_done)  # the acceptance's notifications are queued by a worker after the step
		frappe.db.rollback()
		request = frappe.get_doc("Account Request", name)
		frappe.local.outgoing_email_account = {}  # Frappe keeps the account per process
		with contextlib.suppress(frappe.ValidationError):  # Frappe gives up on a batch where most fail
			flush()  # the queue tries to send now, and cannot
		frappe.db.commit()
		assert status(name) == "Approved"
		user = frappe.db.get_value("Establishment User", {"email": request.email}, ["user", "username"], as_dict=True)
		assert user.user == request.email and user.username == request.username
		assert frappe.db.get_value("User", request.email, "reset_password_key")  # the set-password link is ready
		waiting = frappe.get_all("Email Queue", {"status": ("in", ("Not Sent", "Partially Sent")),
			"message": ("like", f"%{request.email}%")}, pluck="name")
		assert waiting and not [m for m in mail.messages() if request.email in (m["To"] or "")]
	finally:
		frappe.db.set_value("Email Account", account.name, "smtp_port", account.smtp_port)
		frappe.db.commit()
		frappe.local.outgoing_email_account = {}
	sent = {m["Subject"]: body_text(m) for m in mail.wait_for(request.email)}
	assert any("update-password?key=" in body for body in sent.values())
