"""Frappe endpoints the app answers itself (override_whitelisted_methods), each then handing over to Frappe's own.

The gate (aeo.security.gate) has already checked their field and filter arguments.
"""

import json

import frappe
from frappe import _

from aeo.exceptions import BadRequest
from aeo.permissions import is_portal_user
from aeo.security.gate import refuse
from aeo.security.queries import doctype_of, loads
from aeo.security.scope import is_scoped


@frappe.whitelist()
def get_count(doctype: str, filters=None, debug=False, cache=False) -> int:
	"""frappe.client.get_count counts any table, whatever the caller may read: count only what they may list."""
	doctype_of(doctype)
	if frappe.is_table(doctype):
		refuse()  # child rows are counted through their parent (reportview.get_count with the parent)
	rows = frappe.get_list(doctype, filters=loads(filters, "Filter"), fields=["count(*) as total"])
	return rows[0].total if rows else 0


@frappe.whitelist()
def validate_link(doctype: str, docname: str, fields=None):
	"""frappe.client.validate_link confirms the name of any record of a DocType the caller may select: for the
	scoped DocTypes (and for portal users) it answers only for records the caller may read."""
	if not isinstance(docname, str):
		frappe.throw(_("Document Name must be a string"), BadRequest)
	doctype_of(doctype)
	if (is_portal_user() or is_scoped(doctype)) and frappe.session.user != "Administrator":
		if frappe.is_table(doctype) or not frappe.get_list(doctype, filters={"name": docname}, pluck="name", limit=1):
			return frappe._dict()
	from frappe.client import validate_link as frappe_validate_link

	return frappe_validate_link(doctype, docname, fields)


@frappe.whitelist()
def run_doc_method(method, docs=None, dt=None, dn=None, arg=None, args=None):
	"""Frappe runs a controller method on the document the client sends, after checking read permission on that
	sent copy (whose links the client chose) and comparing timestamps (which tells a stranger when it changed).
	Here a saved record is checked as stored, before anything else; the app's DocTypes run the method on the stored
	record, never on the client's copy, and only on saved records."""
	from frappe.handler import run_doc_method as frappe_run_doc_method

	if not isinstance(method, str) or not method.isidentifier():
		frappe.throw(_("Invalid method"), BadRequest)
	if dt:
		doctype, name, stored = doctype_of(dt), dn or dt, True
		if not isinstance(name, str) or not frappe.db.exists(doctype, name) and not frappe.get_meta(doctype).issingle:
			refuse()
	else:
		data = loads(docs, "Document") if isinstance(docs, str) else docs
		if not isinstance(data, dict):
			frappe.throw(_("Invalid document"), BadRequest)
		doctype, name = doctype_of(data.get("doctype")), data.get("name")
		stored = bool(isinstance(name, str) and not data.get("__islocal") and frappe.db.exists(doctype, name))
		if not stored and of_this_app(doctype):
			refuse()
	if stored and not frappe.has_permission(doctype, "read", doc=name if not frappe.get_meta(doctype).issingle else None):
		refuse()
	controller = frappe.get_meta(doctype) and frappe.model.base_document.get_controller(doctype)
	if not callable(getattr(controller, method, None)):
		refuse()
	if stored and of_this_app(doctype):
		docs, dt, dn = None, doctype, name
	elif docs is not None and not isinstance(docs, str):
		docs = json.dumps(docs)
	return frappe_run_doc_method(method, docs=docs, dt=dt, dn=dn, arg=arg, args=args)


def of_this_app(doctype: str) -> bool:
	module = frappe.get_meta(doctype).module
	return frappe.local.module_app.get(frappe.scrub(module)) == "aeo"


@frappe.whitelist(allow_guest=True)
def get_versions():
	"""The installed apps and their exact versions: for staff only (a stranger learns which defects to try)."""
	if frappe.session.user == "Guest" or is_portal_user():
		refuse()
	from frappe.utils.change_log import get_versions as frappe_get_versions

	return frappe_get_versions()
