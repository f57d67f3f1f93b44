"""Permission hooks shared across the app.

Record-level scoping rests on Frappe's User Permissions: an establishment's users hold one on their Establishment,
local staff on their Customs Administration, federal staff none. Frappe does not restrict a user who holds no User
Permission at all, so a portal user without one is refused here rather than shown everything.
"""

import frappe
from frappe import _
from frappe.utils import cstr

from aeo.security.scope import SCOPE_TARGETS
from aeo.utils import active_workflow

ESTABLISHMENT_OWNED = (
	"Establishment",
	"Establishment User",
	"AEO Message",
	"Joining Application",
	"Self Assessment",
	"Initial Risk Assessment",
	"Assessment Meeting",
	"Assessment File",
	"Assessment Report",
	"Deadline Extension Request",
	"AEO Certificate",
	"Control Plan",
	"Appeal",
)

# the DocTypes the app's Workflows move (setup/data/workflows.json)
WORKFLOW_DOCTYPES = ("Account Request", "Joining Application", "AEO Certificate Issuance", "AEO Certificate")

# tables whose rows the app makes (a questionnaire's questions): portal users fill them, never add or remove rows
ROWS_MADE_BY_THE_APP = {"Self Assessment": ("answers",)}


def has_app_permission() -> bool:
	"""The desk app tile (and the post-login landing page) is for staff only; establishments use the portal."""
	return frappe.session.user != "Guest" and frappe.get_cached_value("User", frappe.session.user, "user_type") == "System User"


def is_unscoped_portal_user(user: str) -> bool:
	return is_portal_user(user) and not frappe.db.exists("User Permission", {"user": user, "allow": "Establishment"})


def portal_scope_query(user: str | None = None, doctype: str | None = None) -> str:
	"""permission_query_conditions: an unscoped portal user lists nothing."""
	return "1=0" if is_unscoped_portal_user(user or frappe.session.user) else ""


def indexed_scope(user: str | None = None, doctype: str | None = None) -> str:
	"""permission_query_conditions for every DocType (issue 12): the records Frappe's User Permissions admit, once
	more, in a form an index can serve. Frappe writes `ifnull(col, '') = '' or col in (…)` for each link to a
	permitted DocType, which no index serves, so a user with a few records in scope walked the whole table; this adds
	`(col in (…) or col = '' or col is null)`, the same records, as ranges of the column's index (declared on every
	scoped column, tests/integration/test_indexes.py). It narrows nothing Frappe's condition does not."""
	user = user or frappe.session.user
	if not doctype or user == "Administrator":
		return ""
	permissions = frappe.permissions.get_user_permissions(user)
	if not permissions or not set(SCOPE_TARGETS) & permissions.keys():
		return ""
	conditions = []
	for df in frappe.get_meta(doctype).get_link_fields():
		if df.ignore_user_permissions or df.options not in SCOPE_TARGETS:
			continue
		docs = [
			row.get("doc")
			for row in permissions.get(df.options, [])
			if not row.get("applicable_for") or row.get("applicable_for") == doctype
		]
		if docs:
			column = f"`tab{doctype}`.`{df.fieldname}`"
			values = ", ".join(frappe.db.escape(doc, percent=False) for doc in docs)
			conditions.append(f"({column} in ({values}) or {column} = '' or {column} is null)")
	return " and ".join(conditions)


def has_portal_scope(doc, ptype: str | None = None, user: str | None = None, debug: bool = False) -> bool | None:
	"""has_permission: an unscoped portal user opens nothing; otherwise leave the decision to Frappe."""
	return False if is_unscoped_portal_user(user or frappe.session.user) else None


def is_portal_user(user: str | None = None) -> bool:
	user = user or frappe.session.user
	return user not in ("Administrator", "Guest") and frappe.get_cached_value("User", user, "user_type") == "Website User"


def guard_read_only_fields(doc, method=None) -> None:
	"""before_validate: Frappe does not enforce `read_only` (nor a table's "cannot add / delete rows") on the
	server, so a portal user writing over REST could set what only the app or customs may set: status, dates,
	decisions, the questions of a questionnaire. Refuse such changes; the app's own code sets those fields after
	this check, in `validate`."""
	if not is_portal_user():
		return
	require_editable_state(doc)
	reference = doc.get_doc_before_save() or frappe.new_doc(doc.doctype)  # on insert: what a new record holds
	allowed = fields_set_by_workflow(doc, reference)
	refuse_read_only_changes(doc, reference, allowed)
	for table in doc.meta.get_table_fields():
		guard_table(doc, reference, table)


def guard_workflow_records(doc, method=None) -> None:
	"""before_validate, for staff: a record under a Workflow keeps its read-only fields (status, dates, decisions)
	unless the state it enters sets them. Frappe checks who may move the workflow state, not who writes `status`
	itself: over REST, an Administrator could otherwise approve what only a First Administrator may. The app's own
	steps save with ignore_permissions; Administrator, who may edit the Workflow itself, is not held."""
	if doc.flags.ignore_permissions or frappe.session.user == "Administrator" or is_portal_user():
		return  # portal users: guard_read_only_fields, which holds every read-only field
	before = doc.get_doc_before_save()
	if before and active_workflow(doc.doctype):
		refuse_read_only_changes(doc, before, fields_set_by_workflow(doc, before))


def require_editable_state(doc) -> None:
	"""Under a Workflow, a portal user saves a record only in a state whose "Only Allow Edit For" is one of their
	roles (e.g. a joining application in preparation or returned, not under review). Moving it to another state is
	the Workflow's own check (the transition's role)."""
	workflow = active_workflow(doc.doctype)
	before = doc.get_doc_before_save()
	if not workflow or not before:
		return
	state = before.get(workflow.workflow_state_field) or workflow.states[0].state  # as Frappe reads a record without one
	if doc.get(workflow.workflow_state_field) not in (state, None):
		return
	roles = set(frappe.get_roles())
	if not any(row.state == state and row.allow_edit in roles for row in workflow.states):
		frappe.throw(
			_("This record cannot be changed while it is {0}.").format(_(state)),
			frappe.PermissionError,
			title=_("Not Allowed"),
		)


def refuse_read_only_changes(row, reference, allowed: dict) -> None:
	for df in row.meta.fields:
		if (
			not df.read_only
			or df.fetch_from
			or df.fieldtype in frappe.model.no_value_fields
			or df.fieldtype in frappe.model.table_fields
			or df.fieldtype == "Time"  # a new record's time fields hold the current time
		):
			continue
		value = row.get(df.fieldname)
		if allowed.get(df.fieldname, object()) == value or (value and value == row.name):
			continue  # the state the workflow enters sets it, or it shows the record's own reference number
		if cstr(value) != cstr(reference.get(df.fieldname)):
			refuse(df.label)


def guard_table(doc, reference, table) -> None:
	"""Rows keep their read-only columns; the rows of an app-made table (ROWS_MADE_BY_THE_APP) stay as they are."""
	before = {row.name: row for row in reference.get(table.fieldname) or []}
	rows = doc.get(table.fieldname) or []
	if table.fieldname in ROWS_MADE_BY_THE_APP.get(doc.doctype, ()) and {row.name for row in rows} != set(before):
		refuse(table.label)
	blank = frappe.new_doc(table.options, parent_doc=doc, parentfield=table.fieldname)
	for row in rows:
		refuse_read_only_changes(row, before.get(row.name, blank), {})


def refuse(label: str) -> None:
	frappe.throw(
		_("{0} is set by the system and cannot be changed.").format(_(label)),
		frappe.PermissionError,
		title=_("Not Permitted"),
	)


def fields_set_by_workflow(doc, reference) -> dict:
	"""{fieldname: value} that the workflow state the document is entering sets (Frappe checks the transition)."""
	workflow = active_workflow(doc.doctype)
	if not workflow:
		return {}
	state = doc.get(workflow.workflow_state_field)
	if state == reference.get(workflow.workflow_state_field):
		return {}
	row = next((row for row in workflow.states if row.state == state), None)
	return {row.update_field: row.update_value} if row and row.update_field else {}
