"""The customs review of a joining application (BRD §5.3.4, stages A–C; Tables 35 and 36; BR.8–BR.10, BR.25).

The Workflow "Joining Application Review" moves the application; each of its states sets `status`. What the app
does on the way hangs on that status, never on a state's label, so administrators may rename states, add some or
change who acts without breaking these steps:

- Submitted: the review window starts (BR.9); the previous return's reason and remarks are cleared (they stay in the
  decision history), so a new return needs its own.
- Under Risk Screening (completeness confirmed, stage B): the head office and branches are shared with every other
  customs administration, each in its own Risk Screening record with a deadline.
- Returned: the resubmission window starts (BR.10).
- Approved, Rejected, Cancelled: open screenings close.
Who has the application in each state is the workflow's to say (aeo.assignment): on submission an Administrator of
the licence emirate's customs administration (BR.8, N36-1), the one who returned it on a resubmission (N36-2); in the
final review a First Administrator (N36-3); back at the Administrator who had it after a return from the final
review; nobody while the establishment completes it or once it is decided.
Every change of status is kept in the decision history with who, when and why.
"""

import frappe
from frappe import _
from frappe.model.workflow import apply_workflow, is_transition_condition_satisfied
from frappe.utils import add_days, cint, cstr, now_datetime, today

from aeo.aeo.doctype.aeo_settings.aeo_settings import settings
from aeo.assignment import assign_fairly, close_open_tasks
from aeo.permissions import is_portal_user
from aeo.utils import active_workflow

REVIEW_STATUSES = ("Submitted", "Under Initial Review", "Under Risk Screening", "Under Final Review")
FINAL_STATUSES = ("Approved", "Rejected", "Cancelled")


def before_status_change(doc, previous: str | None) -> None:
	"""In validate: the deadlines a new status starts, the reason a cancellation needs, the decision history."""
	config = settings()
	if doc.status == "Submitted":
		doc.review_due_date = add_days(today(), cint(config.customs_review_sla_days))
		doc.review_overdue = 0
		doc.return_due_date = None
		# a new review round: an earlier return's reason and remarks must not carry over into the next return
		# (nor its e-mail); the decision history keeps them
		doc.return_reason = None
		doc.return_remarks = None
		doc.internal_return_remarks = None
	elif doc.status == "Under Final Review":
		doc.internal_return_remarks = None  # likewise for a second return to the Administrator
	elif doc.status == "Returned":
		doc.return_due_date = add_days(today(), cint(config.returned_application_completion_days))
	elif doc.status == "Cancelled" and not (doc.cancellation_remarks or "").strip():
		frappe.throw(
			_("{0} is required to cancel the application.").format(_(doc.meta.get_label("cancellation_remarks"))),
			title=_("Missing Value"),
		)
	record_decision(doc, previous)


def record_decision(doc, previous: str | None) -> None:
	"""Who moved the application from which status to which, when, and with what reasons (T03-64…68)."""
	reasons = {
		"Returned": reason_names([doc.return_reason]),
		"Rejected": reason_names([row.reason for row in doc.rejection_reasons]),
	}.get(doc.status, "")
	remarks = {
		"Returned": doc.return_remarks,
		"Rejected": doc.rejection_remarks,
		"Cancelled": doc.cancellation_remarks,
		"Under Risk Screening": doc.internal_return_remarks if previous == "Under Final Review" else None,
	}.get(doc.status)
	doc.append(
		"decisions",
		{
			"action": workflow_action(doc, previous),
			"from_status": previous or "",
			"to_status": doc.status,
			"reasons": reasons,
			"remarks": remarks,
			"decided_by": frappe.session.user,
			"decided_on": now_datetime(),
		},
	)


def reason_names(names: list) -> str:
	rows = frappe.get_all("Reason", {"name": ("in", [n for n in names if n])}, ["reason", "reason_ar"])
	return "\n".join(f"{row.reason_ar} / {row.reason}" for row in rows)


def transitions_into(doc, status: str) -> list:
	"""The active workflow's transitions from the document's state to a state that sets `status` (the app's side
	effects follow the status, whatever an administrator names the states)."""
	workflow = active_workflow(doc.doctype)
	if not workflow:
		return []
	state = doc.get(workflow.workflow_state_field) or workflow.states[0].state  # as Frappe reads a record without one
	targets = {row.state for row in workflow.states if row.update_field == "status" and row.update_value == status}
	return [row for row in workflow.transitions if row.state == state and row.next_state in targets]


def my_transitions_into(doc, status: str) -> list:
	"""The transitions into `status` that the current user's roles may take now."""
	roles = set(frappe.get_roles())
	return [
		row
		for row in transitions_into(doc, status)
		if row.allowed in roles and is_transition_condition_satisfied(row, doc)
	]


@frappe.whitelist(methods=["POST"])
def cancel_by_customs(name: str, remarks: str | None = None):
	"""BR.25 from the desk: a customs reviewer cancels the application at any stage, giving the reason. The reason is
	written first: the workflow's action reloads the record, and the state may not let this role edit it (the
	returned application is the establishment's to edit). Frappe's own transition check decides who may cancel."""
	doc = frappe.get_doc("Joining Application", name)
	doc.check_permission("read")
	transitions = my_transitions_into(doc, "Cancelled")
	if not transitions or is_portal_user():  # the establishment cancels on the portal (aeo.application.portal)
		frappe.throw(
			_("You cannot cancel the joining application {0} now.").format(name),
			frappe.PermissionError,
			title=_("Not Permitted"),
		)
	remarks = cstr(remarks).strip()
	if not remarks:
		frappe.throw(_("Give the reason for cancelling the application."), title=_("Missing Value"))
	doc.db_set("cancellation_remarks", remarks)
	return apply_workflow(doc, transitions[0].action)


def workflow_action(doc, previous: str | None) -> str:
	"""The label of the workflow action that made this change (the first one that leads there), for the history."""
	workflow = active_workflow(doc.doctype)
	if not previous or not workflow:
		return ""
	before = doc.get_doc_before_save()
	return next(
		(
			row.action
			for row in workflow.transitions
			if before and row.state == before.get(workflow.workflow_state_field)
			and row.next_state == doc.get(workflow.workflow_state_field)
		),
		"",
	)


def after_status_change(doc, previous: str | None) -> None:
	"""In on_update: share and close as the new status asks. Who gets the application next follows its workflow
	(aeo.assignment.route, after this)."""
	if doc.status == "Under Risk Screening" and previous == "Under Initial Review":
		# six administrations' screenings, tasks and notices: made by a worker once the step has committed (issue 12)
		frappe.enqueue("aeo.application.review.share_for_risk_screening", queue="short", enqueue_after_commit=True,
			application=doc.name)
	if doc.status in FINAL_STATUSES:
		close_risk_screenings(doc.name)


def share_for_risk_screening(application: str) -> None:
	"""Stage B (§5.3.4.1 step 3): every other customs administration gets the head office's and the branches' name,
	licence data and address only, with a deadline; its Administrators are told (N36-4). The deciding
	administration does not wait for them (step 6): a background job runs this after the step, and running it
	again adds only the screenings missing."""
	doc = frappe.get_doc("Joining Application", application)
	if doc.status != "Under Risk Screening":
		return
	licences = [screened_licence("Head Office", doc, doc.hq_address)] + [
		screened_licence("Branch", row, row.detailed_address) for row in doc.branches if row.include_in_application
	]
	due = add_days(today(), cint(settings().other_administrations_response_days))
	for administration in frappe.get_all(
		"Customs Administration", {"is_federal": 0, "name": ("!=", doc.customs_administration)}, pluck="name"
	):
		if frappe.db.exists("Risk Screening", {"joining_application": doc.name, "customs_administration": administration}):
			continue
		screening = frappe.get_doc(
			{
				"doctype": "Risk Screening",
				"joining_application": doc.name,
				"customs_administration": administration,
				"concerned_administration": doc.customs_administration,
				"concerned_administrator": doc.assigned_administrator,
				"due_date": due,
				"licences": licences,
			}
		).insert(ignore_permissions=True)
		assign_fairly(
			screening,
			"Customs Administrator",
			_("Initial risk screening of the joining application {0}").format(doc.name),
		)


def screened_licence(role: str, source, address: str | None) -> dict:
	return {
		"licence_role": role,
		"establishment_name_ar": source.get("establishment_name_ar") or source.get("branch_name_ar"),
		"establishment_name": source.get("establishment_name") or source.get("branch_name"),
		"emirate": source.emirate,
		"licence_issuer": source.licence_issuer,
		"licence_number": source.licence_number,
		"address": address,
	}


def close_risk_screenings(application: str) -> None:
	for name in frappe.get_all("Risk Screening", {"joining_application": application, "status": "Open"}, pluck="name"):
		frappe.db.set_value("Risk Screening", name, "status", "Closed")
		close_open_tasks("Risk Screening", name)
