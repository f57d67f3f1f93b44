"""The establishment's side of the joining application (BRD §5.2.3, Table 21): its users fill the application and
save it as a draft, its Account Manager submits, resubmits or cancels it (BR.12), and all of them follow its status,
the decisions taken on it and what is expected of them next.

The rules are plain functions of the acting Establishment User; the whitelisted methods at the end find the caller.
An establishment reaches its own applications only: any other name is refused without saying whether it exists.
Drafts are saved as the user, so Frappe's role and User Permission checks and the read-only guard
(`aeo.permissions.guard_read_only_fields`) apply as they do over REST. Every status change is an action of the
"Joining Application Review" workflow (`apply_workflow`): its transitions decide who may submit or cancel and from
which state, and the portal finds them by the `status` their state sets, never by a label administrators may rename.
"""

import frappe
from frappe import _
from frappe.model.workflow import apply_workflow
from frappe.utils import add_days, cint, cstr, format_date, format_datetime, getdate

from aeo import portal_forms
from aeo.aeo.doctype.aeo_settings.aeo_settings import settings
from aeo.application.doctype.joining_application.joining_application import (
	ESTABLISHMENT_STATUSES,
	SHAREHOLDERS_LIST_TYPES,
	require_no_impediment,
	unified_application_allowed,
)
from aeo.application.review import REVIEW_STATUSES, my_transitions_into, transitions_into
from aeo.registry.account_management import (
	DATA_ENTRY,
	MANAGER,
	establishment_user_of,
	not_allowed,
	not_permitted,
)
from aeo.registry.onboarding import save_upload

DOCTYPE = "Joining Application"
PORTAL_ROLES = (MANAGER, DATA_ENTRY)
# Table 21: the establishment sees the three review states as one "under review"
PORTAL_STATUS = {
	"Draft": "Joining request in preparation",
	"Submitted": "Joining request submitted",
	"Under Initial Review": "Joining request under review",
	"Under Risk Screening": "Joining request under review",
	"Under Final Review": "Joining request under review",
	"Returned": "Joining request returned",
	"Approved": "Joining request accepted",
	"Rejected": "Joining request rejected",
	"Cancelled": "Joining request cancelled",
}
# The form (T03 groups A–H) is drawn from the DocType's meta (aeo.portal_forms): its tabs and sections, and the fields
# of permission level 0 that are not hidden. Read-only fields (taken from the establishment's account, or the
# applicant) are shown, never taken from the form; customs' fields (levels 1 and 2) are not on it. Left out: what the
# app sets (the establishment, the applicant's user, the reason a cancellation gives) and the review's status tab.
EXCLUDED = ("establishment", "applicant", "cancellation_remarks")
EXCLUDED_TABS = ("status_tab",)
BRANCH_DOCTYPE = "Application Branch"
BRANCH_EXCLUDED = ("added_by_customs",)
ATTACHMENT_TYPES = {"shareholders_list": SHAREHOLDERS_LIST_TYPES}  # field: its file types when not AEO Settings'


def form_sections(meta=None) -> list[dict]:
	return portal_forms.sections(meta or frappe.get_meta(DOCTYPE), EXCLUDED, EXCLUDED_TABS)


def branch_fields(writable: bool = False) -> list:
	meta = frappe.get_meta(BRANCH_DOCTYPE)
	return (portal_forms.writable_fields if writable else portal_forms.fields)(meta, BRANCH_EXCLUDED)


def attachment_fields(meta=None) -> list[str]:
	"""The head office's file fields on the form (a branch's licence copy goes with its row)."""
	return [df.fieldname for df in form_fields(meta or frappe.get_meta(DOCTYPE)) if df.fieldtype in ("Attach", "Attach Image")]


# Prefilled from the establishment's account when an application is started: the fields that fetch from it, and these
PREFILL = {"customs_code": "customs_code", "establishment_date": "establishment_date", "website": "website",
	"phone": "mobile_no", "hq_emirate": "head_office_emirate", "hq_area": "area", "hq_address": "detailed_address"}


def status_label(status: str) -> str:
	return _(PORTAL_STATUS.get(status, status))


# ---------------------------------------------------------------- finding the application ----------------------------


def find_application(me, name) -> str | None:
	return frappe.db.get_value(DOCTYPE, {"name": cstr(name), "establishment": me.establishment})


def application_of(me, name):
	"""An application of the user's establishment; any other name is refused (403) without saying if it exists."""
	found = find_application(me, name)
	if not found:
		not_permitted(_("This application is not one of your establishment's applications."))
	return frappe.get_doc(DOCTYPE, found)


def new_application(me):
	"""An application of the user's establishment, not yet saved, filled in from its account (§5.2.3.3)."""
	establishment = frappe.get_doc("Establishment", me.establishment)
	doc = frappe.new_doc(DOCTYPE)
	doc.establishment = establishment.name
	for df in doc.meta.fields:
		if (df.fetch_from or "").startswith("establishment."):
			doc.set(df.fieldname, establishment.get(df.fetch_from.split(".", 1)[1]))
	for fieldname, source in PREFILL.items():
		doc.set(fieldname, establishment.get(source) or doc.get(fieldname))
	add_branch_licences(doc, establishment)
	return doc


def add_branch_licences(doc, establishment) -> None:
	"""BR.13, T03-36: where one application may cover the head office and its branches, the establishment's branch
	licences are offered as branches, each included by default; the user completes, removes or adds rows."""
	if not unified_application_allowed(doc.emirate):
		return
	for licence in establishment.licences:
		if licence.licence_type == "Branch":
			doc.append("branches", {**{f: licence.get(f) for f in BRANCH_LICENCE_FIELDS}, "include_in_application": 1})
	if doc.branches:
		doc.has_branches = "Yes"


BRANCH_LICENCE_FIELDS = (
	"branch_name", "branch_name_ar", "emirate", "licence_issuer", "licence_number", "licence_issue_date",
	"licence_expiry_date",
)


def impediment(me) -> str | None:
	"""Why the establishment cannot start an application now (BR.6, as the controller checks it), or None."""
	probe = new_application(me)
	try:
		require_no_impediment(probe)
	except frappe.ValidationError as refusal:
		frappe.clear_last_message()
		return str(refusal)
	return None


# ---------------------------------------------------------------- saving a draft (§5.2.3.1, §5.2.3.3, §5.2.3.5) ----


def save_application(me, values: dict, name: str | None = None):
	"""Save the form as a draft (or a returned application being completed), with the files posted with it. A draft
	may be incomplete; submitting checks everything."""
	if not isinstance(values, dict):
		unreadable()
	doc = application_of(me, name) if name else new_application(me)
	if doc.status not in ESTABLISHMENT_STATUSES:
		not_allowed(_("{0}: the application can no longer be changed.").format(status_label(doc.status)))
	files_before = attachment_urls(doc)
	fill(doc, values)
	for fieldname in attachment_fields(doc.meta):
		save_upload(doc, fieldname, extensions=ATTACHMENT_TYPES.get(fieldname))
	branch_files = [save_upload(row, "branch_licence", key=f"branch_licence:{row.idx - 1}") for row in doc.branches]
	doc.flags.ignore_mandatory = True
	doc.save()  # Frappe attaches the head office's new files to their fields; a branch's goes to the application
	for file in filter(None, branch_files):
		file.db_set({"attached_to_doctype": DOCTYPE, "attached_to_name": doc.name, "attached_to_field": "branch_licence"})
	remove_files(doc, files_before - attachment_urls(doc))
	return doc


def form_fields(meta) -> list:
	"""The DocType fields the establishment writes on the form."""
	return portal_forms.writable_fields(meta, EXCLUDED, EXCLUDED_TABS)


def fill(doc, values: dict) -> None:
	"""The form's values onto the application: the establishment's own fields only."""
	for df in form_fields(doc.meta):
		if df.fieldname not in values or portal_forms.read_only_now(df, doc):
			continue
		value = values[df.fieldname]
		if df.fieldtype == "Table":
			set_branches(doc, value)
		elif df.fieldtype == "Table MultiSelect":
			link = item_link_field(df.options)
			doc.set(df.fieldname, [{link: scalar(item)} for item in as_rows(value)])
		else:
			doc.set(df.fieldname, scalar(value))


def set_branches(doc, rows) -> None:
	"""BR.13: branches join the application only where the licence emirate allows one application for the head office
	and its branches. Rows keep their identity (by name) and the order of the form."""
	rows = as_rows(rows)
	if rows and not unified_application_allowed(doc.emirate):
		not_allowed(
			_("Your licence emirate asks for a separate joining application for each licence: branches cannot be added to this one.")
		)
	existing = {row.name: row for row in doc.branches}
	writable = [df.fieldname for df in branch_fields(writable=True)]
	doc.set("branches", [])
	for index, values in enumerate(rows):
		if not isinstance(values, dict):
			unreadable()
		row = doc.append("branches", existing.get(values.get("name")) or {})
		row.idx = index + 1
		for fieldname in writable:
			if fieldname in values:
				row.set(fieldname, scalar(values[fieldname]))


def item_link_field(doctype: str) -> str:
	"""The one Link field of a Table MultiSelect's item DocType (Supply Chain Activity Item → activity)."""
	return next(df.fieldname for df in frappe.get_meta(doctype).fields if df.fieldtype == "Link")


def as_rows(value) -> list:
	if value in (None, ""):
		return []
	if not isinstance(value, list):
		unreadable()
	return value


def scalar(value):
	if isinstance(value, (dict, list)):
		unreadable()
	return None if value == "" else value


def unreadable() -> None:
	not_allowed(_("The form could not be read; reload the page and try again."))


def attachment_urls(doc) -> set:
	head_office = {doc.get(fieldname) for fieldname in attachment_fields(doc.meta)}
	return (head_office | {row.branch_licence for row in doc.branches}) - {None, ""}


def remove_files(doc, urls: set) -> None:
	"""Files replaced on the form, or of a branch taken off it: customs should not find old versions attached."""
	if not urls:
		return
	for name in frappe.get_all(
		"File", {"file_url": ("in", list(urls)), "attached_to_doctype": DOCTYPE, "attached_to_name": doc.name}, pluck="name"
	):
		frappe.delete_doc("File", name, ignore_permissions=True)


# ---------------------------------------------------------------- workflow actions (BR.12, §5.2.3.4) ----------------


def transitions_to(doc, status: str) -> tuple[list, list]:
	"""The workflow transitions from the application's state to a state that sets `status`: those open to an
	establishment's role, and those the current user's roles may take."""
	return (
		[row for row in transitions_into(doc, status) if row.allowed in PORTAL_ROLES],
		my_transitions_into(doc, status),
	)


def can_move_to(doc, status: str) -> bool:
	return bool(transitions_to(doc, status)[1])


def allowed_transition(doc, status: str, not_yours: str, not_now: str):
	"""The workflow transition the user may take to `status`. None for the establishment from this state (customs'
	own, such as BR.25's cancellation, do not count): refused with `not_now`; one, but for the other portal role:
	refused with `not_yours` (403)."""
	for_establishment, mine = transitions_to(doc, status)
	if not for_establishment and not mine:
		not_allowed(not_now.format(status_label(doc.status)))
	if not mine:
		not_permitted(not_yours)
	return mine[0]


def submit_application(me, name: str):
	"""Submit a draft, or resubmit a returned application (Account Manager only, BR.12). The controller checks the
	consent (T03-55) and BR.6; Frappe checks the mandatory fields."""
	doc = application_of(me, name)
	transition = allowed_transition(
		doc,
		"Submitted",
		_("Only the establishment's Account Manager can submit the application."),
		_("{0}: the application cannot be submitted now."),
	)
	require_form_complete(doc)
	return apply_workflow(doc, transition.action)


def require_form_complete(doc) -> None:
	"""The form's mandatory fields, as the DocType says now (an administrator may have added or changed some), and
	those its conditions make mandatory (mandatory_depends_on), for the head office and each branch."""
	missing = portal_forms.missing(doc, form_fields(doc.meta))
	branch_writable = branch_fields(writable=True)
	for row in doc.branches if doc.meta.get_field("branches") and portal_forms.evaluate(
		doc.meta.get_field("branches").depends_on, doc) else []:
		missing += [_("Branch {0}").format(row.idx) + ": " + label for label in portal_forms.missing(row, branch_writable, doc)]
	if missing:
		not_allowed(_("Complete these fields before submitting the application: {0}").format(", ".join(missing)))


def cancel_application(me, name: str, reason: str | None):
	"""§5.2.3.4: the Account Manager cancels a submitted application before its review starts, or a returned one,
	giving the reason (`cancellation_remarks`, which the workflow's reload would drop, so it is written first). A
	draft is deleted instead."""
	doc = application_of(me, name)
	transition = allowed_transition(
		doc,
		"Cancelled",
		_("Only the establishment's Account Manager can cancel the application."),
		_("{0}: the application cannot be cancelled now."),
	)
	reason = cstr(reason).strip()
	if not reason:
		not_allowed(_("Give the reason for cancelling the application."))
	doc.db_set("cancellation_remarks", reason)
	return apply_workflow(doc, transition.action)


def delete_draft_application(me, name: str) -> str:
	"""§5.2.3.4: a draft is deleted for good, with its files, by any user of its establishment."""
	doc = application_of(me, name)
	if doc.status != "Draft":
		not_allowed(_("{0}: only a draft can be deleted.").format(status_label(doc.status)))
	frappe.delete_doc(DOCTYPE, doc.name, ignore_permissions=True)
	return doc.name


# ---------------------------------------------------------------- following the applications (§5.2.3.2, Table 21) --


def applications_of(me) -> list[dict]:
	"""The establishment's applications, newest first, read with one query per table the page shows (not a whole
	record per application)."""
	rows = frappe.get_all(DOCTYPE, {"establishment": me.establishment}, ["*"], order_by="creation desc")
	tables = {"decisions": "Decision Record", "rejection_reasons": "Reason Item"}
	children = {
		fieldname: frappe.get_all(
			child,
			{"parenttype": DOCTYPE, "parentfield": fieldname, "parent": ("in", [row.name for row in rows])},
			["*"],
			order_by="idx asc",
		)
		if rows
		else []
		for fieldname, child in tables.items()
	}
	return [
		summary(
			frappe.get_doc(
				{
					**row,
					"doctype": DOCTYPE,
					**{field: [c for c in children[field] if c.parent == row.name] for field in tables},
				}
			),
			me,
		)
		for row in rows
	]


def summary(doc, me) -> dict:
	"""What the establishment sees of an application, and which actions it offers (each checked again on the server)."""
	step, due_label, due = next_step(doc, me)
	return {
		"name": doc.name,
		"status": doc.status,
		"status_label": status_label(doc.status),
		"dates": [
			(_(doc.meta.get_label(fieldname)), format_date(doc.get(fieldname)))
			for fieldname in ("submission_date", "decision_date")
			if doc.get(fieldname)
		],
		"notes": decision_notes(doc),
		"history": history(doc),
		"next_step": step,
		"due": (due_label, format_date(due)) if due else None,
		"can_edit": doc.status in ESTABLISHMENT_STATUSES,
		"can_submit": can_move_to(doc, "Submitted"),
		"can_cancel": can_move_to(doc, "Cancelled"),
		"can_delete": doc.status == "Draft",
	}


def decision_notes(doc) -> list[tuple[str, str]]:
	"""The reasons the establishment is given with the current status (T03-61/62, T03-64/65, the cancellation)."""
	fields = {
		"Returned": ("return_reason", "return_remarks"),
		"Rejected": ("rejection_reasons", "rejection_remarks"),
		"Cancelled": ("cancellation_remarks",),
	}.get(doc.status, ())
	notes = []
	for fieldname in fields:
		value = doc.get(fieldname)
		if fieldname == "rejection_reasons":
			value = ", ".join(reason_texts([row.reason for row in value]))
		elif fieldname == "return_reason":
			value = ", ".join(reason_texts([value] if value else []))
		if value:
			notes.append((_(doc.meta.get_label(fieldname)), value))
	return notes


def reason_texts(names: list[str]) -> list[str]:
	"""Reasons (master Reason) in the reader's language, in the order given."""
	rows = {row.name: row for row in frappe.get_all("Reason", {"name": ("in", names)}, ["name", "reason", "reason_ar"])}
	arabic = frappe.local.lang == "ar"
	return [(rows[name].reason_ar if arabic else rows[name].reason) for name in names if name in rows]


def history(doc) -> list[dict]:
	"""The decisions and returns the establishment sees: status changes its Table 21 shows. Moves between the review
	states (initial acceptance, return to the Administrator) are customs' internal steps and stay hidden."""
	return [
		{
			"on": format_datetime(row.decided_on),
			"action": _(row.action or ""),
			"status": status_label(row.to_status),
			"reasons": row.reasons or "",
			"remarks": row.remarks or "",
		}
		for row in doc.decisions
		if PORTAL_STATUS.get(row.from_status) != PORTAL_STATUS.get(row.to_status)
	]


def next_step(doc, me) -> tuple[str, str, object]:
	"""What is expected of the establishment next, and by when (BR.7, BR.9, BR.10, the appeal window)."""
	manager = me.portal_role == MANAGER
	config = settings()
	if doc.status == "Draft":
		step = (_("Complete the application and submit it.") if manager
			else _("Complete the application; your Account Manager submits it."))
		return step, _("Draft kept until"), add_days(getdate(doc.modified), cint(config.draft_retention_days))
	if doc.status == "Returned":
		step = (_("Complete the data the remarks ask for and resubmit the application, or it is rejected automatically.")
			if manager else _("Complete the data the remarks ask for; your Account Manager resubmits the application. Otherwise it is rejected automatically."))
		return step, _("Resubmit by"), doc.return_due_date
	if doc.status in REVIEW_STATUSES:
		return _("Nothing for now: the customs administration reviews the application and decides."), _("Decision due by"), doc.review_due_date
	if doc.status == "Approved":
		return _("Wait for the self-assessment questionnaire: the customs administration shares it with you."), "", None
	if doc.status == "Rejected":
		due = doc.decision_date and add_days(doc.decision_date, cint(config.appeal_window_days))
		return _("You may appeal the decision, or make a new application."), _("Appeal by"), due
	return _("Nothing: the application is closed. You may make a new application."), "", None


# ---------------------------------------------------------------- whitelisted methods (the portal's API) -----------


def caller():
	"""The enabled Establishment User of the signed-in user (either portal role)."""
	me = establishment_user_of(frappe.session.user)
	if not me:
		not_permitted(_("Your user is not linked to an establishment."))
	return me


@frappe.whitelist(methods=["POST"])
def save_draft(data: str | dict, name: str | None = None) -> dict:
	doc = save_application(caller(), frappe.parse_json(data), name or None)
	return {"name": doc.name, "message": _("The application {0} was saved.").format(doc.name)}


@frappe.whitelist(methods=["POST"])
def submit(name: str) -> str:
	doc = submit_application(caller(), name)
	return _("The application {0} was submitted to {1} for review.").format(doc.name, _(doc.customs_administration))


@frappe.whitelist(methods=["POST"])
def cancel(name: str, reason: str | None = None) -> str:
	return _("The application {0} was cancelled.").format(cancel_application(caller(), name, reason).name)


@frappe.whitelist(methods=["POST"])
def delete_draft(name: str) -> str:
	return _("The draft {0} was deleted.").format(delete_draft_application(caller(), name))


@frappe.whitelist()
def my_applications() -> list[dict]:
	return applications_of(caller())
