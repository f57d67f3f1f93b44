"""The review of a joining application (BRD §5.3.4 stages A–C, Tables 21/22 and 35/36; BR.8–BR.10, BR.12, BR.25),
driven as people drive it: the establishment's users and customs staff apply the Workflow's actions over HTTP,
the daily deadline job runs with time moved. Each path checks the status, the assignments and the e-mails sent."""

import json
import uuid
from email import message_from_string
from email.header import decode_header, make_header

import frappe
import pytest
from aeo.application import deadlines
from aeo.setup.install import after_migrate
from frappe.utils import add_days, getdate, today

from tests.integration.test_account_management import said
from tests.support.factories import (
	draft_application,
	http_session,
	make_establishment,
	make_establishment_user,
	make_user,
	rename_workflow_state,
	unique,
	uploaded_as,
)
from tests.support.mail import background_jobs_done, body_text, wait_until

AUH, DXB, SHJ, GAC = "Abu Dhabi Customs", "Dubai Customs", "Sharjah Customs", "General Administration of Customs (Federal)"


@pytest.fixture(scope="module")
def staff():
	def user(key, role, administration):
		return make_user(f"jar.{key}@test.example", [role], scope={"Customs Administration": administration})

	return {
		"auh_admin": user("auh.admin", "Customs Administrator", AUH),
		"auh_first": user("auh.first", "Customs First Administrator", AUH),
		"auh_department": user("auh.department", "Assessment Team Member", AUH),
		"dxb_admin": user("dxb.admin", "Customs Administrator", DXB),
		"shj_admin": user("shj.admin", "Customs Administrator", SHJ),
		"gac": make_user("jar.gac@test.example", ["Federal Administrator"]),
	}


@pytest.fixture
def establishment():
	licence = unique("JAR")
	make_establishment(licence, emirate="Abu Dhabi")
	suffix = licence.lower()
	manager = make_establishment_user(licence, f"manager.{suffix}@test.example", "Establishment Account Manager", main=True)
	clerk = make_establishment_user(licence, f"clerk.{suffix}@test.example")
	return {"licence": licence, "manager": manager, "clerk": clerk}


def act(user: str, name: str, action: str, **changes):
	"""What a user does: load the application, save the fields the action needs (if any), apply the action."""
	session = http_session(user)
	loaded = session.get(f"/api/resource/Joining Application/{name}")
	if loaded.status_code != 200:
		return loaded
	if changes:
		saved = session.put(f"/api/resource/Joining Application/{name}", json=changes)
		if saved.status_code != 200:
			return saved
		loaded = saved
	return session.post(
		"/api/method/frappe.model.workflow.apply_workflow",
		data={"doc": json.dumps(loaded.json()["data"]), "action": action},
	)


def application(name: str):
	frappe.db.rollback()  # read what the web server committed
	return frappe.get_doc("Joining Application", name)


def open_todos(doctype: str, name: str) -> list[str]:
	frappe.db.rollback()
	return frappe.get_all("ToDo", {"reference_type": doctype, "reference_name": name, "status": "Open"}, pluck="allocated_to")


def mails_about(mail, to: str, name: str) -> list[str]:
	"""Subjects of the e-mails `to` received that name the application (waiting for one: notifications are sent by a
	background job after the step, and other e-mails, such as the welcome e-mail, may arrive first)."""
	return wait_until(lambda: [m["Subject"] for m in mail.wait_for(to) if name in (m["Subject"] or "") + body_text(m)])


def mail_with(mail, to: str, name: str, word: str) -> list:
	"""The e-mails `to` received whose subject names the application and holds `word` (waiting for them: other
	e-mails, such as assignment notices, may arrive first)."""
	return wait_until(lambda: [m for m in mail.wait_for(to) if name in (m["Subject"] or "") and word in m["Subject"]])


def submitted(establishment) -> str:
	name = draft_application(establishment["licence"], establishment["clerk"])
	assert act(establishment["manager"], name, "Submit").status_code == 200
	return name


def reason(text: str, reason_type: str) -> str:
	return frappe.db.get_value("Reason", {"reason": text, "reason_type": reason_type})


def under_risk_screening(establishment) -> tuple[str, str]:
	name = submitted(establishment)
	admin = application(name).assigned_administrator
	for action in ("Start Review", "Confirm Completeness"):
		assert act(admin, name, action).status_code == 200, action
	wait_until(background_jobs_done)  # the screenings are opened by a worker after the step
	return name, admin


def test_happy_path_across_two_customs_administrations(staff, establishment, mail):
	name = draft_application(establishment["licence"], establishment["clerk"])
	# BR.12: the Data Entry User prepares, only the Account Manager submits
	assert act(establishment["clerk"], name, "Submit").status_code != 200
	assert application(name).status == "Draft"
	assert act(establishment["manager"], name, "Submit").status_code == 200
	doc = application(name)
	assert doc.status == "Submitted" and getdate(doc.review_due_date) == getdate(add_days(today(), 30))
	admin = doc.assigned_administrator
	assert admin and open_todos(doc.doctype, name) == [admin]  # BR.8, N36-1
	assert frappe.db.get_value("User Permission", {"user": admin, "allow": "Customs Administration"}, "for_value") == AUH
	assert mails_about(mail, establishment["manager"], name) and mails_about(mail, establishment["clerk"], name)  # NT22-1
	assert mails_about(mail, staff["gac"], name)  # the federal authority is told of each new application
	# Table 22's portal channel: the notification list on the portal
	wait_until(lambda: frappe.db.exists("Notification Log", {"for_user": establishment["manager"], "document_name": name}))
	listed = http_session(establishment["manager"]).get("/aeo/notifications")
	assert listed.status_code == 200 and name in listed.text

	for action in ("Start Review", "Confirm Completeness"):
		assert act(admin, name, action).status_code == 200, action
	assert application(name).status == "Under Risk Screening"
	wait_until(background_jobs_done)  # the screenings are opened by a worker after the step (issue 12)
	frappe.db.rollback()
	screenings = {row.customs_administration: row for row in frappe.get_all(
		"Risk Screening", {"joining_application": name}, ["name", "customs_administration", "due_date", "status"])}
	assert DXB in screenings and SHJ in screenings and AUH not in screenings and GAC not in screenings
	dubai = frappe.get_doc("Risk Screening", screenings[DXB].name)
	assert [row.licence_number for row in dubai.licences] == [establishment["licence"]]
	assert dubai.licences[0].address == "Building 1, Street 2"
	dubai_admin = open_todos("Risk Screening", dubai.name)[0]
	assert frappe.db.get_value("User Permission", {"user": dubai_admin, "allow": "Customs Administration"}, "for_value") == DXB
	assert any("risk assessment" in s.lower() for s in mails_about(mail, admin, name))  # N36-4
	assert mails_about(mail, staff["gac"], name)  # N36-5

	# the Dubai administrator sees the screening, not the application, adds a violation and sends it (N36-6)
	dubai_session = http_session(staff["dxb_admin"])
	assert dubai_session.get(f"/api/resource/Joining Application/{name}").status_code == 403
	violation = frappe.db.get_value("Violation Type", {}) or frappe.get_doc({"doctype": "Violation Type",
		"violation_code": "JAR-223", "violation_name": "Expired licence", "violation_name_ar": "رخصة منتهية"}).insert().name
	frappe.db.commit()
	document = uploaded_as(staff["dxb_admin"], "violation.pdf")
	saved = dubai_session.put(f"/api/resource/Risk Screening/{dubai.name}", json={"branches_verified": 1, "violations": [
		{"licence_number": establishment["licence"], "violation_type": violation, "violation_document": document}]})
	assert saved.status_code == 200, saved.text
	sent = dubai_session.post("/api/method/run_doc_method", data={"dt": "Risk Screening", "dn": dubai.name, "method": "send"})
	assert sent.status_code == 200, sent.text
	doc = application(name)
	assert [row.violation_type for row in doc.violations] == [violation]
	assert frappe.db.get_value("Risk Screening", dubai.name, "status") == "Sent"
	assert any("screening" in s.lower() for s in mails_about(mail, admin, name))

	# the deciding administration does not wait for Sharjah; the First Administrator accepts
	accepted = act(admin, name, "Accept Initially")
	assert accepted.status_code == 200, accepted.text[-600:]
	first = application(name).assigned_first_administrator
	assert first and first in open_todos("Joining Application", name)  # N36-3
	assert act(first, name, "Approve").status_code == 200
	doc = application(name)
	assert doc.status == "Approved" and open_todos(doc.doctype, name) == []
	assert frappe.db.get_value("Risk Screening", screenings[SHJ].name, "status") == "Closed"
	assert any("accepted" in s for s in mails_about(mail, establishment["manager"], name))  # NT22-2
	history = [(row.from_status, row.to_status, row.decided_by) for row in doc.decisions]
	assert history == [
		("Draft", "Submitted", establishment["manager"]),
		("Submitted", "Under Initial Review", admin),
		("Under Initial Review", "Under Risk Screening", admin),
		("Under Risk Screening", "Under Final Review", admin),
		("Under Final Review", "Approved", first),
	]


def test_return_and_resubmit_goes_back_to_the_same_administrator(staff, establishment, mail):
	name = submitted(establishment)
	admin = application(name).assigned_administrator
	act(admin, name, "Start Review")
	assert act(admin, name, "Return to Establishment").status_code != 200  # a return needs its reason
	assert application(name).status == "Under Initial Review"
	returned = act(admin, name, "Return to Establishment", return_reason=reason("Missing data", "Application Return"),
		return_remarks="Attach the board resolution.")
	assert returned.status_code == 200, returned.text
	doc = application(name)
	assert doc.status == "Returned" and getdate(doc.return_due_date) == getdate(add_days(today(), 30))
	assert open_todos(doc.doctype, name) == []
	returned_mail = [m for m in mail.wait_for(establishment["manager"]) if "returned" in m["Subject"]]
	assert returned_mail and "Attach the board resolution." in body_text(returned_mail[0])  # NT22-4
	assert act(establishment["clerk"], name, "Resubmit").status_code != 200
	assert act(establishment["manager"], name, "Resubmit").status_code == 200
	doc = application(name)
	assert doc.status == "Submitted" and doc.assigned_administrator == admin
	assert open_todos(doc.doctype, name) == [admin]  # N36-2


def test_a_resubmission_clears_the_previous_return_so_a_second_return_needs_its_own_reason(staff, establishment, mail):
	name = submitted(establishment)
	admin = application(name).assigned_administrator
	act(admin, name, "Start Review")
	returned = act(admin, name, "Return to Establishment", return_reason=reason("Missing data", "Application Return"),
		return_remarks="Attach the board resolution.")
	assert returned.status_code == 200, returned.text
	assert "Attach the board resolution." in body_text(mail_with(mail, establishment["manager"], name, "returned")[0])
	assert act(establishment["manager"], name, "Resubmit").status_code == 200
	doc = application(name)
	assert doc.status == "Submitted"
	assert not (doc.return_reason or doc.return_remarks or doc.internal_return_remarks)
	assert doc.decisions[-2].to_status == "Returned" and doc.decisions[-2].remarks == "Attach the board resolution."
	act(admin, name, "Start Review")
	assert act(admin, name, "Return to Establishment").status_code != 200  # the old reason does not count
	assert application(name).status == "Under Initial Review"
	mail.clear()
	assert act(admin, name, "Return to Establishment",
		return_reason=reason("Missing data", "Application Return")).status_code == 200
	second = mail_with(mail, establishment["manager"], name, "returned")
	assert "Attach the board resolution." not in body_text(second[0])  # the old remarks are not e-mailed again


def stage_b_notices(name: str) -> int:
	"""E-mails queued for the application's "risk assessment started" and "completeness confirmed" notices, once the
	workers have sent the notifications of the steps before."""
	wait_until(background_jobs_done)
	frappe.db.rollback()
	subjects = [
		str(make_header(decode_header(message_from_string(message)["Subject"] or "")))
		for message in frappe.get_all("Email Queue", {"reference_name": name}, pluck="message")
	]
	return len([s for s in subjects if "risk assessment started" in s or "completeness confirmed" in s])


def test_return_to_the_administrator_moves_the_task_and_comes_back_to_the_same_first_administrator(staff, establishment):
	name, admin = under_risk_screening(establishment)
	sent_at_stage_b = stage_b_notices(name)
	assert sent_at_stage_b >= 2  # both notices were queued
	assert act(admin, name, "Accept Initially").status_code == 200
	first = application(name).assigned_first_administrator
	assert first and open_todos("Joining Application", name) == [first]  # the Administrator's task is done
	assert act(first, name, "Return to Administrator").status_code != 200  # T03-63 is required
	returned = act(first, name, "Return to Administrator", internal_return_remarks="Check the branch licences.")
	assert returned.status_code == 200, returned.text
	doc = application(name)
	assert doc.status == "Under Risk Screening" and doc.assigned_administrator == admin
	assert open_todos(doc.doctype, name) == [admin]
	tasks = {(row.allocated_to, row.status) for row in frappe.get_all(
		"ToDo", {"reference_type": doc.doctype, "reference_name": name}, ["allocated_to", "status"])}
	assert (first, "Closed") in tasks and (admin, "Closed") in tasks
	assert (doc.decisions[-1].decided_by, doc.decisions[-1].remarks) == (first, "Check the branch licences.")
	# stage B's notices (N36-4, N36-5 to the federal authority) are not sent a second time (queued in the request)
	assert stage_b_notices(name) == sent_at_stage_b
	# a First Administrator with no task at all now: a fair assignment would pick them, the application does not
	make_user(f"jar.auh.first.{uuid.uuid4().hex[:6]}@test.example", ["Customs First Administrator"],
		scope={"Customs Administration": AUH})
	assert act(admin, name, "Accept Initially").status_code == 200
	doc = application(name)
	assert doc.assigned_first_administrator == first and open_todos(doc.doctype, name) == [first]
	assert not doc.internal_return_remarks
	assert act(first, name, "Return to Administrator").status_code != 200  # a second return needs new remarks
	assert act(first, name, "Approve").status_code == 200
	assert open_todos("Joining Application", name) == []


def test_a_returned_application_is_rejected_after_the_window_and_a_second_run_changes_nothing(staff, establishment, mail):
	name = submitted(establishment)
	admin = application(name).assigned_administrator
	act(admin, name, "Start Review")
	act(admin, name, "Return to Establishment", return_reason=reason("Missing data", "Application Return"))
	deadlines.run_all()
	assert application(name).status == "Returned"  # still within the window
	frappe.db.set_value("Joining Application", name, "return_due_date", add_days(today(), -1))  # time moved
	frappe.db.commit()
	deadlines.run_all()
	doc = application(name)
	assert doc.status == "Rejected"
	assert [frappe.db.get_value("Reason", row.reason, "reason") for row in doc.rejection_reasons] == [
		"Not resubmitted within the deadline"]
	decisions = len(doc.decisions)
	deadlines.run_all()
	assert len(application(name).decisions) == decisions
	assert any("rejected" in s for s in mails_about(mail, establishment["manager"], name))  # NT22-3


@pytest.mark.parametrize("stage", ["initial review", "risk screening", "final review"])
def test_rejection_at_each_stage_needs_reasons(staff, establishment, mail, stage):
	name, admin = under_risk_screening(establishment) if stage != "initial review" else (submitted(establishment), None)
	if stage == "initial review":
		admin = application(name).assigned_administrator
		act(admin, name, "Start Review")
	decider = admin
	if stage == "final review":
		act(admin, name, "Accept Initially")
		decider = application(name).assigned_first_administrator
	before = application(name).status
	assert act(decider, name, "Reject").status_code != 200
	assert application(name).status == before
	not_eligible = reason("Eligibility criteria not met", "Application Rejection")
	rejected = act(decider, name, "Reject", rejection_reasons=[{"reason": not_eligible}])
	assert rejected.status_code == 200, rejected.text
	assert application(name).status == "Rejected" and open_todos("Joining Application", name) == []
	assert any("rejected" in s for s in mails_about(mail, establishment["manager"], name))
	assert any("rejected" in s for s in mails_about(mail, staff["gac"], name))


def test_cancellation_by_the_establishment_and_by_customs(staff, establishment, mail):
	# the establishment cancels a returned application, with its reason (Table 21 state 7; N36-8)
	name = submitted(establishment)
	admin = application(name).assigned_administrator
	act(admin, name, "Start Review")
	act(admin, name, "Return to Establishment", return_reason=reason("Missing data", "Application Return"))
	assert act(establishment["manager"], name, "Cancel Application").status_code != 200  # no reason given
	assert act(establishment["manager"], name, "Cancel Application", cancellation_remarks="We will apply next year.").status_code == 200
	doc = application(name)
	assert doc.status == "Cancelled"
	assert (doc.decisions[-1].decided_by, doc.decisions[-1].remarks) == (establishment["manager"], "We will apply next year.")
	assert any("cancelled" in s for s in mails_about(mail, admin, name))
	# BR.25: customs cancels at any stage, here during the risk screening
	other = make_establishment(unique("JAR"), emirate="Abu Dhabi")
	manager = make_establishment_user(other, f"manager.{other.lower()}@test.example", "Establishment Account Manager", main=True)
	second, admin = under_risk_screening({"licence": other, "manager": manager, "clerk": manager})
	assert act(establishment["manager"], second, "Cancel by Customs", cancellation_remarks="x").status_code != 200
	cancelled = act(admin, second, "Cancel by Customs", cancellation_remarks="The licence was withdrawn by its issuer.")
	assert cancelled.status_code == 200, cancelled.text
	doc = application(second)
	assert doc.status == "Cancelled" and doc.decisions[-1].decided_by == admin
	assert frappe.get_all("Risk Screening", {"joining_application": second, "status": "Open"}) == []


def test_an_administrator_writing_the_status_directly_is_refused_and_changes_nothing(staff, establishment):
	"""Only the workflow moves the status: the Administrator cannot skip the First Administrator's decision."""
	name, admin = under_risk_screening(establishment)
	response = http_session(admin).put(f"/api/resource/Joining Application/{name}", json={"status": "Approved"})
	language = frappe.db.get_value("User", admin, "language")  # the routed Administrator may read Arabic
	expected = frappe._("{0} is set by the system and cannot be changed.", lang=language).split("{0}")[-1].strip()
	assert response.status_code == 403 and expected in said(response)
	assert application(name).status == "Under Risk Screening"


def test_br25_customs_cancel_a_returned_application_they_cannot_edit_giving_the_reason(staff, establishment, mail):
	"""The desk's cancel asks for the reason and the server records it before the transition (the desk does not let
	the First Administrator edit a returned application, the establishment's to complete); no reason, another
	emirate or the establishment's own user are refused and change nothing."""
	name = submitted(establishment)
	admin = application(name).assigned_administrator
	act(admin, name, "Start Review")
	act(admin, name, "Return to Establishment", return_reason=reason("Missing data", "Application Return"))

	def cancel(user, remarks):
		return http_session(user).post(
			"/api/method/aeo.application.review.cancel_by_customs", data={"name": name, "remarks": remarks})

	refused = cancel(staff["auh_first"], "  ")
	assert refused.status_code == 417 and "Give the reason for cancelling" in refused.text
	assert cancel(staff["dxb_admin"], "Not ours.").status_code == 403
	assert cancel(establishment["manager"], "Not customs.").status_code == 403
	doc = application(name)
	assert doc.status == "Returned" and not doc.cancellation_remarks
	assert cancel(staff["auh_first"], "The establishment's licence was cancelled.").status_code == 200
	doc = application(name)
	assert doc.status == "Cancelled"
	assert (doc.decisions[-1].decided_by, doc.decisions[-1].remarks) == (
		staff["auh_first"], "The establishment's licence was cancelled.")
	assert open_todos(doc.doctype, name) == []
	assert mail_with(mail, admin, name, "cancelled")  # N36-8


def test_n36_8_a_returned_application_cancelled_by_the_establishment_reaches_its_administrator(staff, establishment, mail):
	name = submitted(establishment)
	admin = application(name).assigned_administrator
	act(admin, name, "Start Review")
	act(admin, name, "Return to Establishment", return_reason=reason("Missing data", "Application Return"))
	assert not application(name).assigned_first_administrator  # never reached the final review
	mail.clear()
	cancelled = act(establishment["manager"], name, "Cancel Application", cancellation_remarks="We changed our plans.")
	assert cancelled.status_code == 200, cancelled.text
	received = mail_with(mail, admin, name, "cancelled")
	assert "We changed our plans." in body_text(received[0])


def test_wrong_actors_are_refused_and_change_nothing(staff, establishment):
	name = submitted(establishment)
	assert act(staff["dxb_admin"], name, "Start Review").status_code == 403  # another emirate's administrator
	assert act(staff["auh_first"], name, "Start Review").status_code != 200  # not the First Administrator's step
	assert act(staff["gac"], name, "Start Review").status_code != 200
	assert application(name).status == "Submitted"


def test_a_late_risk_screening_is_escalated_once_to_the_federal_authority(staff, establishment, mail):
	"""N36-7 (issue 11): two administrations late on one application make one message, naming both, in the
	reader's language; a second run sends nothing more."""
	name, _admin = under_risk_screening(establishment)
	frappe.db.rollback()
	late = frappe.get_all("Risk Screening", {"joining_application": name, "customs_administration": ("in", (SHJ, DXB))},
		pluck="name")
	assert len(late) == 2
	for screening in late:
		frappe.db.set_value("Risk Screening", screening, "due_date", add_days(today(), -1))
	frappe.db.commit()
	mail.clear()
	deadlines.run_all()
	assert {frappe.db.get_value("Risk Screening", screening, "escalated") for screening in late} == {1}
	[message] = wait_until(lambda: [m for m in mail.wait_for(staff["gac"]) if "Late risk screening" in m["Subject"]])
	assert name in message["Subject"] and "/" not in message["Subject"]  # one language, the reader's
	assert SHJ in body_text(message) and DXB in body_text(message)
	deadlines.run_all()
	frappe.db.commit()
	assert len([m for m in mail.wait_for(staff["gac"]) if "Late risk screening" in m["Subject"]]) == 1


def test_br9_an_overdue_review_is_flagged_and_its_administrator_reminded_once(staff, establishment, mail):
	name = submitted(establishment)
	admin = application(name).assigned_administrator
	frappe.db.set_value("Joining Application", name, "review_due_date", add_days(today(), -1))
	frappe.db.commit()
	deadlines.run_all()
	assert application(name).review_overdue == 1
	assert len([s for s in mails_about(mail, admin, name) if "overdue" in s]) == 1
	deadlines.run_all()
	assert len([s for s in mails_about(mail, admin, name) if "overdue" in s]) == 1


def test_an_internal_department_gives_its_opinion_in_the_system(staff, establishment, mail):
	name, admin = under_risk_screening(establishment)
	session = http_session(admin)
	asked = session.post("/api/resource/Internal Consultation", json={"joining_application": name,
		"consulted_user": staff["dxb_admin"], "question": "Any record of this importer?"})
	assert asked.status_code == 417 and "your own customs administration" in asked.text
	asked = session.post("/api/resource/Internal Consultation", json={"joining_application": name,
		"consulted_user": staff["auh_department"], "question": "Any record of this importer?"})
	assert asked.status_code == 200, asked.text
	consultation = asked.json()["data"]["name"]
	assert staff["auh_department"] in open_todos("Internal Consultation", consultation)
	department = http_session(staff["auh_department"])
	answered = department.put(f"/api/resource/Internal Consultation/{consultation}",
		json={"answer": f"No record found ({uuid.uuid4().hex[:6]})."})
	assert answered.status_code == 200, answered.text
	assert answered.json()["data"]["status"] == "Answered"
	remarks = [row.remarks for row in application(name).general_remarks]
	assert any("No record found" in remark for remark in remarks)
	wait_until(lambda: mails_about(mail, admin, name))


def test_only_a_reviewer_of_the_application_asks_for_an_opinion_and_never_from_themselves(staff, establishment):
	name, admin = under_risk_screening(establishment)
	question = {"joining_application": name, "question": "Any record of this importer?"}

	def consulted(user):
		frappe.db.rollback()
		return (
			frappe.db.exists("Internal Consultation", {"joining_application": name}),
			frappe.db.exists("DocShare", {"share_doctype": "Joining Application", "share_name": name, "user": user}),
		)

	# another emirate's administrator, who cannot read the application, names himself to have it shared with him
	dubai = http_session(staff["dxb_admin"])
	asked = dubai.post("/api/resource/Internal Consultation", json={**question, "consulted_user": staff["dxb_admin"]})
	assert asked.status_code == 403 and "you do not have access to it" in asked.text
	assert consulted(staff["dxb_admin"]) == (None, None)
	assert dubai.get(f"/api/resource/Joining Application/{name}").status_code == 403
	# the application's own administrator asks someone else, not himself
	session = http_session(admin)
	asked = session.post("/api/resource/Internal Consultation", json={**question, "consulted_user": admin})
	assert asked.status_code == 417 and "other than yourself" in asked.text
	assert consulted(admin)[0] is None
	# and only while the application is under review
	rejected = act(admin, name, "Reject",
		rejection_reasons=[{"reason": reason("Eligibility criteria not met", "Application Rejection")}])
	assert rejected.status_code == 200, rejected.text
	asked = session.post("/api/resource/Internal Consultation", json={**question, "consulted_user": staff["auh_department"]})
	assert asked.status_code == 417 and "under review" in asked.text
	assert consulted(staff["auh_department"]) == (None, None)


def test_br7_a_draft_untouched_for_the_retention_period_is_removed(establishment):
	stale = draft_application(establishment["licence"], establishment["clerk"])
	other = make_establishment(unique("JAR"), emirate="Abu Dhabi")
	fresh = draft_application(other, make_establishment_user(other, f"clerk.{other.lower()}@test.example"))
	days = frappe.db.get_single_value("AEO Settings", "draft_retention_days")
	frappe.db.set_value("Joining Application", stale, "modified", add_days(today(), -days - 1), update_modified=False)
	frappe.db.commit()
	deadlines.run_all()
	frappe.db.rollback()
	assert not frappe.db.exists("Joining Application", stale) and frappe.db.exists("Joining Application", fresh)


def test_an_administrators_renaming_of_states_survives_a_migrate_and_keeps_the_effects(staff, establishment):
	"""The screening hangs on the status "Under Risk Screening", the BR.10 job on the state that sets "Rejected":
	renaming both in the desk, then migrating, changes neither."""
	renames = {"Under Risk Screening": "Risk Screening by the Other Administrations", "Rejected": "Not Admitted"}
	for old, new in renames.items():
		rename_workflow_state("Joining Application Review", old, new)
	try:
		after_migrate()
		states = [row.state for row in frappe.get_doc("Workflow", "Joining Application Review").states]
		assert set(renames.values()) <= set(states)
		name, admin = under_risk_screening(establishment)
		frappe.db.rollback()
		assert frappe.db.count("Risk Screening", {"joining_application": name}) >= 2
		act(admin, name, "Accept Initially")
		other = make_establishment(unique("JAR"), emirate="Abu Dhabi")
		clerk = make_establishment_user(other, f"manager.{other.lower()}@test.example", "Establishment Account Manager", main=True)
		returned = submitted({"licence": other, "manager": clerk, "clerk": clerk})
		admin = application(returned).assigned_administrator
		act(admin, returned, "Start Review")
		act(admin, returned, "Return to Establishment", return_reason=reason("Missing data", "Application Return"))
		frappe.db.set_value("Joining Application", returned, "return_due_date", add_days(today(), -1))
		frappe.db.commit()
		deadlines.run_all()
		doc = application(returned)
		assert (doc.status, doc.workflow_state) == ("Rejected", "Not Admitted")
	finally:
		for old, new in renames.items():
			rename_workflow_state("Joining Application Review", new, old)


def test_a_screening_is_sent_as_stored_whatever_copy_the_client_sends(staff, establishment):
	"""Issue 10: the desk's run_doc_method sends a document along; a Dubai administrator's forged copy of their own
	screening, naming another Abu Dhabi application (not shared with Dubai) and carrying remarks, writes nothing into
	that application: the stored screening is what is sent, to its own application."""
	name, _admin = under_risk_screening(establishment)
	licence = unique("JAR")
	make_establishment(licence, emirate="Abu Dhabi")
	other_clerk = make_establishment_user(licence, f"clerk.{licence.lower()}@test.example")
	other = draft_application(licence, other_clerk)
	before = {table: len(application(other).get(table)) for table in ("general_remarks", "violations", "undeclared_branches")}
	screening = frappe.get_doc("Risk Screening", {"joining_application": name, "customs_administration": DXB})
	forged = screening.as_dict(convert_dates_to_str=True) | {"joining_application": other}
	forged["remarks"] = [{"remarks": "Written through a forged copy", "added_by": staff["dxb_admin"]}]
	sent = http_session(staff["dxb_admin"]).post("/api/method/run_doc_method",
		data={"docs": frappe.as_json(forged), "method": "send"})
	assert sent.status_code < 500, sent.text[:300]
	assert {table: len(application(other).get(table)) for table in before} == before
	assert "forged" not in frappe.as_json(application(other).general_remarks)
	stored = frappe.get_doc("Risk Screening", screening.name)
	assert stored.joining_application == name and not stored.remarks
