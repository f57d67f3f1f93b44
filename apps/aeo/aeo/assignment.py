"""Routing records to staff (BR.3, BR.8): shared fairly, through Frappe's assignments (ToDo), within the record's
customs administration.

What a record's next step is, and whose, is read from its Workflow, never from a list of roles in code: entering a
state assigns the record to the least-loaded enabled user of the roles that may act in that state, and closes the
tasks of the state left. "May act" is the state's "Only Allow Edit For" role when it also takes one of the state's
transitions (the role whose turn it is), else the roles of the transitions out of the state. So an administrator who
adds a state with a new role in the desk has it routed at once (docs/decisions.md, "Routing").

Portal roles get no task (the establishment works on the portal); a state whose `status` is one of the record's
resting statuses (decided, closed) gives nobody a task. Whoever had the record in an earlier state, and still holds
the role, gets it back (a returned application goes to the reviewer who returned it).
"""

from dataclasses import dataclass, field

import frappe
from frappe import _
from frappe.desk.doctype.notification_log.notification_log import enqueue_create_notification
from frappe.query_builder import DocType

from aeo.utils import active_workflow


@dataclass(frozen=True)
class Routing:
	resting: tuple[str, ...]  # statuses in which staff have nothing left to do
	remembered: dict[str, str] = field(default_factory=dict)  # role: field that names who had the record last
	designated: dict[str, str] = field(default_factory=dict)  # role: field that names who must take it (appointed)


ROUTED = {
	"Account Request": Routing(resting=("Approved", "Rejected")),
	"Joining Application": Routing(
		resting=("Draft", "Returned", "Approved", "Rejected", "Cancelled"),
		remembered={
			"Customs Administrator": "assigned_administrator",
			"Customs First Administrator": "assigned_first_administrator",
		},
	),
	"AEO Certificate Issuance": Routing(resting=("Issued",), designated={"Main Account Manager": "main_account_manager"}),
}


# ---------------------------------------------------------------- who may act ------------------------------------


def acting_roles(workflow, state: str) -> list[str]:
	"""The staff roles whose turn it is in `state` of `workflow` (see the module's docstring)."""
	movers = [row.allowed for row in workflow.transitions if row.state == state]
	editors = [row.allow_edit for row in workflow.states if row.state == state and row.allow_edit in movers]
	return [role for role in dict.fromkeys(editors or movers) if is_staff_role(role)]


def is_staff_role(role: str | None) -> bool:
	return bool(role) and role not in ("Administrator", "All", "Guest") and bool(
		frappe.get_cached_value("Role", role, "desk_access")
	)


def staff_of(role: str, customs_administration: str | None) -> list[str]:
	"""Enabled users holding `role` scoped to `customs_administration` by User Permission; when there are none,
	the role's federal holders (users scoped to no customs administration)."""
	user, has_role = DocType("User"), DocType("Has Role")
	holders = (
		frappe.qb.from_(user)
		.join(has_role)
		.on((has_role.parent == user.name) & (has_role.parenttype == "User"))
		.select(user.name)
		.distinct()
		.where((user.enabled == 1) & (has_role.role == role) & (user.name != "Administrator"))
		.orderby(user.name)
		.run(pluck=True)
	)
	if not holders:
		return []
	scoped = frappe.get_all(
		"User Permission",
		{"user": ("in", holders), "allow": "Customs Administration"},
		["user", "for_value"],
	)
	local = [row.user for row in scoped if customs_administration and row.for_value == customs_administration]
	if local:
		return sorted(set(local))
	unscoped = set(holders) - {row.user for row in scoped}
	return sorted(unscoped)


# ---------------------------------------------------------------- routing on entering a state ---------------------


def route(doc, method=None) -> None:
	"""on_update of a routed DocType: when the workflow state changed (or the record is new), give the record to whose
	turn it is and close every other open task on it."""
	workflow = active_workflow(doc.doctype)
	routing = ROUTED.get(doc.doctype)
	if not workflow or not routing or not doc.has_value_changed(workflow.workflow_state_field):
		return
	route_now(doc, workflow, routing)


def route_now(doc, workflow=None, routing=None) -> list[str]:
	"""Assign `doc` as its current state asks; returns the users who hold it now."""
	workflow = workflow or active_workflow(doc.doctype)
	routing = routing or ROUTED[doc.doctype]
	state = doc.get(workflow.workflow_state_field) or workflow.states[0].state
	holders = []
	if doc.get("status") not in routing.resting:
		def description(lang):
			return task_description(doc, workflow, state, lang)

		for role in acting_roles(workflow, state):
			appointed = doc.get(routing.designated.get(role) or "")
			if appointed and holds(appointed, role):
				user = add_to(doc, appointed, description)
			else:
				user = assign_fairly(doc, role, description, prefer=previous_holder(doc, role, routing))
			if user:
				holders.append(user)
				if role in routing.remembered:
					doc.db_set(routing.remembered[role], user, update_modified=False)
	if not holders and acting_roles(workflow, state) and doc.get("status") not in routing.resting:
		doc.add_comment("Info", _("Nobody holds {0} in {1} to take this record in {2}.").format(
			", ".join(_(role) for role in acting_roles(workflow, state)), _(doc.get("customs_administration") or ""),
			_(state)))
	close_open_tasks(doc.doctype, doc.name, keep=holders)
	return holders


def holds(user: str, role: str) -> bool:
	return bool(frappe.db.get_value("User", user, "enabled")) and role in frappe.get_roles(user)


def previous_holder(doc, role: str, routing: Routing) -> str | None:
	"""Who had the record for `role` before: the field that remembers it, else the latest task on it."""
	if role in routing.remembered and doc.get(routing.remembered[role]):
		return doc.get(routing.remembered[role])
	earlier = frappe.get_all(
		"ToDo",
		{"reference_type": doc.doctype, "reference_name": doc.name, "status": ("!=", "Cancelled")},
		pluck="allocated_to",
		order_by="creation desc",
	)
	return next((user for user in earlier if holds(user, role)), None)


def task_description(doc, workflow, state: str, lang: str | None = None) -> str:
	"""What the task asks, in the assignee's language: the record, its state and the actions open in it."""
	actions = dict.fromkeys(_(row.action, lang=lang) for row in workflow.transitions if row.state == state)
	return _("{0} {1} is {2}: {3}", lang=lang).format(
		_(doc.doctype, lang=lang), doc.name, _(state, lang=lang), ", ".join(actions)
	)


def assign_fairly(doc, role: str, description, prefer: str | None = None) -> str | None:
	"""Assign `doc` to `prefer` if that user still holds `role` in the record's customs administration, else to the
	least-loaded holder; None when there is nobody."""
	candidates = staff_of(role, doc.get("customs_administration"))
	if not candidates:
		return None
	if prefer in candidates:
		return add_to(doc, prefer, description)
	open_counts = dict(
		frappe.get_all(
			"ToDo",
			{"reference_type": doc.doctype, "status": "Open", "allocated_to": ("in", candidates)},
			["allocated_to", "count(name) as open"],
			group_by="allocated_to",
			as_list=True,
		)
	)
	user = min(candidates, key=lambda candidate: (open_counts.get(candidate, 0), candidate))
	return add_to(doc, user, description)


def add_to(doc, user: str, description) -> str:
	"""An open task for `user` on `doc` (one at a time), and the notice of it, from the programme: the system routes,
	whoever triggered it (a guest's submission included), so the notice names the programme, not the clicking user.
	The notice goes by Frappe's Notification Log, which e-mails it as the user's notification settings say.
	`description` is a text, or a function of the assignee's language that gives it."""
	if frappe.db.exists(
		"ToDo", {"reference_type": doc.doctype, "reference_name": doc.name, "allocated_to": user, "status": "Open"}
	):
		return user
	language = user_language(user)
	if callable(description):
		description = description(language)
	frappe.get_doc(
		{
			"doctype": "ToDo",
			"allocated_to": user,
			"reference_type": doc.doctype,
			"reference_name": doc.name,
			"description": description,
			"priority": "Medium",
			"status": "Open",
			"assigned_by": "Administrator",
		}
	).insert(ignore_permissions=True)
	notify_task(doc, user, description, language)
	return user


def user_language(user: str) -> str:
	return frappe.db.get_value("User", user, "language") or frappe.db.get_default("lang") or "en"


def notify_task(doc, user: str, description: str, language: str) -> None:
	subject = _("AEO Portal: a task for you on {0} {1}", lang=language).format(_(doc.doctype, lang=language), doc.name)
	enqueue_create_notification(
		user,
		{
			"type": "Assignment",
			"document_type": doc.doctype,
			"document_name": doc.name,
			"subject": subject,
			"from_user": "Administrator",
			"email_content": f"<div>{frappe.utils.escape_html(description)}</div>",
		},
	)


def close_open_tasks(doctype: str, name: str, keep: list[str] | tuple = ()) -> None:
	"""Close every open task on the record but those of `keep`."""
	filters = {"reference_type": doctype, "reference_name": name, "status": "Open"}
	if keep:
		filters["allocated_to"] = ("not in", list(keep))
	for todo in frappe.get_all("ToDo", filters, pluck="name"):
		close_task(todo)


def close_task(name: str) -> None:
	"""The step a task asked for is taken: closed quietly (Frappe's own close tells the assignee it was "removed")."""
	todo = frappe.get_doc("ToDo", name)
	todo.status = "Closed"
	todo.save(ignore_permissions=True)
