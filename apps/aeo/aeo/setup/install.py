"""What the app puts in place on install and keeps in place on every migrate.

Roles, reference data and programme defaults are inserted when missing and never overwritten, so that an
administrator's edits in the desk survive a migrate.
"""

import json
from pathlib import Path

import frappe
from frappe.utils import cast

from aeo.certification.verification import ensure_signing_key

DATA = Path(__file__).parent / "data"
REFERENCE_DATA = (
	"emirate.json",
	"customs_administration.json",
	"licence_issuer.json",
	"legal_form.json",
	"supply_chain_activity.json",
	"risk_assessment_method.json",
	"risk_matrix.json",
)


def after_install():
	sync()
	hide_error_tracebacks()


def hide_error_tracebacks():
	"""A failed request shows its message, not the server's traceback (which names files, queries and versions);
	the traceback goes to the Error Log. An administrator may turn it back on in System Settings."""
	frappe.db.set_single_value("System Settings", "allow_error_traceback", 0)


def after_migrate():
	sync()
	from aeo.security.scope import clear_cache

	clear_cache()


def sync():
	sync_roles()
	for filename in REFERENCE_DATA:
		insert_missing(load(filename))
	insert_missing_by(load("reason.json"), ("reason_type", "reason"))
	insert_missing(load("notifications.json"))
	sync_settings_defaults()
	sync_workflows()
	ensure_signing_key()
	add_indexes()


# Frappe's own tables that the app looks up by columns Frappe does not index (issue 12; the app's DocTypes declare
# theirs in their JSON). Checked by tests/integration/test_indexes.py.
FRAPPE_INDEXES = {
	"File": {"aeo_file_url": ["file_url(255)"], "aeo_content_hash": ["content_hash"]},
	"ToDo": {"aeo_open_tasks": ["allocated_to", "status", "reference_type"]},
	"Has Role": {"aeo_role": ["role"]},
	"User Permission": {"aeo_for_value": ["for_value"]},
	"User": {"aeo_email": ["email"]},
}


def add_indexes():
	"""Idempotent, on install and every migrate: Frappe's tables get the indexes above, and each of the app's
	DocTypes its composite ones (its controller's on_doctype_update, which Frappe runs only when the DocType's file
	changes). An index already there is left as it is; one dropped comes back."""
	from frappe.modules import load_doctype_module

	for doctype, indexes in FRAPPE_INDEXES.items():
		for name, columns in indexes.items():
			frappe.db.add_index(doctype, columns, index_name=name)
	for doctype, module in frappe.get_all("DocType", {"module": ("in", app_modules()), "custom": 0}, ["name", "module"],
			as_list=True):
		update = getattr(load_doctype_module(doctype, module), "on_doctype_update", None)
		if update:
			update()


def app_modules() -> list[str]:
	return frappe.get_module_list("aeo")


def load(filename: str) -> list[dict]:
	return json.loads((DATA / filename).read_text(encoding="utf-8"))


def sync_roles():
	"""The 12 roles of BRD Table 18. Desk access is enforced, not just seeded: syncing DocTypes may already have
	created a role (with desk access) from a permission row, and a portal role must never reach the desk."""
	for row in load("roles.json"):
		if not frappe.db.exists("Role", row["role_name"]):
			frappe.get_doc({"doctype": "Role", "role_name": row["role_name"]}).insert(ignore_permissions=True)
		if frappe.db.get_value("Role", row["role_name"], "desk_access") != row["desk_access"]:
			role = frappe.get_doc("Role", row["role_name"])
			role.desk_access = row["desk_access"]
			role.save(ignore_permissions=True)


def insert_missing(rows: list[dict]) -> None:
	for row in rows:
		doc = frappe.get_doc(row)
		doc.set_new_name()
		if not frappe.db.exists(doc.doctype, doc.name):
			doc.insert(ignore_permissions=True, set_name=doc.name)


def insert_missing_by(rows: list[dict], keys: tuple[str, ...]) -> None:
	"""For masters named by hash: a row is there when a record with the same `keys` values is."""
	for row in rows:
		if not frappe.db.exists(row["doctype"], {key: row[key] for key in keys}):
			frappe.get_doc(row).insert(ignore_permissions=True)


def sync_settings_defaults():
	"""Fill every empty programme parameter with the spec's default; seed the per-emirate rules once."""
	settings = frappe.get_single("AEO Settings")
	changed = False
	for df in settings.meta.fields:
		if df.default and settings.get(df.fieldname) in (None, ""):
			settings.set(df.fieldname, cast(df.fieldtype, df.default))
			changed = True
	if not settings.emirate_rules:
		for admin in frappe.get_all(
			"Customs Administration",
			filters={"is_federal": 0},
			fields=["emirate", "can_process_applications"],
			order_by="emirate",
		):
			settings.append(
				"emirate_rules",
				{
					"emirate": admin.emirate,
					"allow_account_requests": admin.can_process_applications,
					"issues_certificates": admin.can_process_applications,
					"unified_application": 1,
				},
			)
		changed = True
	if changed:
		settings.flags.ignore_permissions = True
		settings.save()


def sync_workflows():
	"""The review workflows (BRD status tables), created once. Afterwards they belong to the administrators, who
	rename states, add some or change who acts in the desk; a migrate leaves their edits alone. The app's side
	effects follow the `status` that each state sets (update_field / update_value), never a state's label."""
	for workflow in load("workflows.json"):
		if frappe.db.exists("Workflow", {"document_type": workflow["document_type"]}):
			continue
		insert_missing([{"doctype": "Workflow State", "workflow_state_name": row["state"]} for row in workflow["states"]])
		insert_missing(
			[{"doctype": "Workflow Action Master", "workflow_action_name": row["action"]} for row in workflow["transitions"]]
		)
		frappe.get_doc(workflow).insert(ignore_permissions=True)
