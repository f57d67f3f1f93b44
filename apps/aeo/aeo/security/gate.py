"""before_request: every call to a whitelisted method is looked at before Frappe runs it.

- Frappe's list, count and search endpoints get their field, filter, sort and group arguments checked against the
  DocType's meta (aeo.security.queries), and `debug`, `ignore_permissions`, `user` taken away.
- Endpoints that act on one record (likes, tags, follows, uploads, comments) need the record to exist and the caller
  to hold the permission on it; a record that does not exist gets the same answer as one the caller may not see.
- A portal user reaches no staff directory (User, Has Role, Role) and no meta of a DocType they may not read.
- The app's own methods get their required arguments checked, so a missing one is a 400, never a 500.

A method is recognised by the function it resolves to, not by the name it was called by, so another import path to
the same function is checked the same way. REST (`/api/resource`, `/api/v2/document`) lists are checked as
`frappe.client.get_list`.
"""

import inspect
import json
import types
import typing

import frappe
from frappe import _

from aeo.exceptions import BadRequest, NotPermitted
from aeo.permissions import is_portal_user
from aeo.security import frappe_fixes
from aeo.security.queries import check_query, doctype_of

LIST = {"fields": ("fields",), "filters": ("filters",), "or_filters": ("or_filters",), "order": ("order_by",),
	"group": ("group_by",), "parent": ("parent", "parent_doctype")}
# Frappe's endpoints that read many records, with the names their arguments go by
QUERY_METHODS = {
	"frappe.client.get_list": LIST,
	"frappe.client.get_count": LIST,
	"frappe.client.get_value": {**LIST, "fields": ("fieldname",)},
	"frappe.client.get": {"filters": ("filters",), "parent": ("parent",)},
	"frappe.client.validate_link": {"fields": ("fields",)},
	"frappe.desk.reportview.get": LIST,
	"frappe.desk.reportview.get_list": LIST,
	"frappe.desk.reportview.get_count": LIST,
	"frappe.desk.reportview.export_query": LIST,
	"frappe.desk.reportview.get_stats": {"fields": ("stats",), "filters": ("filters",)},
	"frappe.desk.reportview.get_sidebar_stats": {"fields": ("stats",), "filters": ("filters",)},
	"frappe.desk.reportview.get_filter_dashboard_data": {"fields": ("stats",), "filters": ("filters",)},
	"frappe.desk.listview.get_group_by_count": {"filters": ("current_filters",), "fields": ("field",)},
	"frappe.desk.form.utils.get_next": {"filters": ("filters",), "order": ("sort_field",)},
	"frappe.desk.search.search_link": {"filters": ("filters",), "fields": ("searchfield",)},
	"frappe.desk.search.search_widget": {"filters": ("filters",), "fields": ("filter_fields", "searchfield")},
}
SEARCH_METHODS = {"frappe.desk.search.search_link", "frappe.desk.search.search_widget"}
# Frappe's endpoints that act on one record: (DocType argument, name argument, permission needed)
RECORD_METHODS = {
	"frappe.desk.like.toggle_like": ("doctype", "name", "read"),
	"frappe.desk.form.document_follow.follow_document": ("doctype", "doc_name", "read"),
	"frappe.desk.form.document_follow.unfollow_document": ("doctype", "doc_name", "read"),
	"frappe.desk.doctype.tag.tag.add_tag": ("dt", "dn", "write"),
	"frappe.desk.doctype.tag.tag.remove_tag": ("dt", "dn", "write"),
	"frappe.desk.form.utils.add_comment": ("reference_doctype", "reference_name", "read"),
	"frappe.desk.form.utils.remove_attach": ("doctype", "name", "write"),
	"frappe.desk.form.load.get_docinfo": ("doctype", "name", "read"),
	"frappe.desk.form.assign_to.add": ("doctype", "name", "write"),
	"frappe.handler.upload_file": ("doctype", "docname", "write"),
	"frappe.handler.uploadfile": ("doctype", "docname", "write"),
}
# Frappe's endpoints that read one record by DocType and name: a child row is checked through its parent record
CHILD_RECORD_METHODS = {"frappe.client.get": "read", "frappe.desk.form.load.getdoc": "read"}
# Frappe's endpoints that save documents the client sends
DOCUMENT_SAVES = {"frappe.client.save", "frappe.client.submit", "frappe.client.cancel", "frappe.desk.form.save.savedocs",
	"frappe.desk.form.save.cancel", "frappe.client.insert", "frappe.client.insert_many"}
# a staff directory: no portal user lists it
STAFF_DIRECTORY = {"User", "Has Role", "Role", "Role Profile", "User Group", "User Permission", "Employee"}
PORTAL_FORBIDDEN_METHODS = {"frappe.utils.change_log.get_versions", "frappe.core.doctype.user.user.user_query"}
META_METHODS = {"frappe.desk.form.load.getdoctype"}


def before_request() -> None:
	frappe_fixes.apply()
	method, doctype = called_method()
	if method:
		guard(method, frappe.form_dict, doctype)


def called_method() -> tuple[str | None, str | None]:
	"""The dotted path of the function a request will run, and the DocType its URL names (REST), or Nones."""
	request = frappe.local.request
	path = request.path.rstrip("/")
	if path.startswith("/api/v1/"):
		path = "/api/" + path[len("/api/v1/"):]
	name = None
	if frappe.form_dict.cmd:
		name = frappe.form_dict.cmd
	elif path.startswith(("/api/method/", "/api/v2/method/")):
		name = path.split("/method/", 1)[1]
		if path.startswith("/api/v2/method/") and "/" in name:  # /api/v2/method/<doctype>/<method>
			return None, None  # a controller method of a DocType module: whitelisted by the DocType's own code
	elif path.startswith(("/api/resource/", "/api/v2/document/")):
		rest = path.split("/resource/" if "/resource/" in path else "/document/", 1)[1].split("/")
		doctype = unquote(rest[0])
		if len(rest) == 1:
			return ("frappe.client.get_list", doctype) if request.method == "GET" else (None, None)
		guard_child_record(doctype, unquote(rest[1]), "read" if request.method == "GET" else "write")
		guard_existence(doctype, unquote(rest[1]))
		return None, None
	elif path.startswith("/api/v2/doctype/"):
		rest = path[len("/api/v2/doctype/"):].split("/")
		if len(rest) == 2:
			methods = {"meta": "frappe.desk.form.load.getdoctype", "count": "frappe.desk.reportview.get_count"}
			return methods.get(rest[1]), unquote(rest[0])
		return None, None
	if not name:
		return None, None
	if path.startswith(("/api/method/upload_file", "/api/v2/method/upload_file")) or name == "upload_file":
		return "frappe.handler.upload_file", None
	return canonical(name), None


def unquote(text: str) -> str:
	from urllib.parse import unquote as _unquote

	return _unquote(text)


def canonical(name: str) -> str:
	"""The dotted path of the function `name` resolves to (so an alias is checked as the original; an endpoint the
	app overrides is checked under Frappe's name, before the app's answer runs)."""
	if "." not in name:
		name = f"frappe.handler.{name}"
	try:
		fn = frappe.get_attr(name)
	except Exception:
		return name  # Frappe answers an unknown method itself
	fn = inspect.unwrap(getattr(fn, "__func__", fn))
	return f"{getattr(fn, '__module__', '')}.{getattr(fn, '__qualname__', '')}" or name


def guard(method: str, args: dict, doctype: str | None = None) -> None:
	"""Check one call: `args` is the request's form_dict (changed in place); `doctype` the one its URL names."""
	user = frappe.session.user
	portal = is_portal_user(user)
	if portal and method in PORTAL_FORBIDDEN_METHODS:
		refuse()
	if method in QUERY_METHODS or method in META_METHODS:
		guard_doctype_access(method, args, portal, doctype)
	if method in QUERY_METHODS:
		names = QUERY_METHODS[method]
		if method == "frappe.desk.listview.get_group_by_count" and args.get("field") in ("assigned_to", "owner"):
			names = {**names, "fields": ()}  # the list sidebar's own groups, not columns the caller names
		check_query(args, names, doctype)
	if method in SEARCH_METHODS:
		guard_search(args, portal)
	if method in RECORD_METHODS:
		guard_record(args, *RECORD_METHODS[method])
	if method in CHILD_RECORD_METHODS and isinstance(args.get("doctype"), str) and isinstance(args.get("name"), str):
		guard_child_record(args.get("doctype"), args.get("name"), CHILD_RECORD_METHODS[method])
		if method == "frappe.client.get":  # the desk's getdoc asks for "new" first and needs Frappe's empty answer
			guard_existence(args.get("doctype"), args.get("name"))
	if method in DOCUMENT_SAVES:
		refuse_child_documents(args.get("doc") or args.get("docs"))
	if method.startswith("aeo."):
		require_arguments(method, args)


def guard_doctype_access(method: str, args: dict, portal: bool, doctype: str | None = None) -> None:
	"""A portal user queries (or reads the meta of) only DocTypes they may read, and nothing of the staff
	directory."""
	doctype = doctype_of(doctype or args.get("doctype"))
	if frappe.session.user == "Administrator":
		return
	if portal and doctype in STAFF_DIRECTORY:
		refuse()
	if portal or method in META_METHODS:
		meta = frappe.get_meta(doctype)
		target = args.get("parent") or args.get("parent_doctype") if meta.istable else doctype
		if method in META_METHODS and not portal:
			return  # staff read the meta of what the desk shows them
		if not target or not (frappe.has_permission(target, "read") or frappe.has_permission(target, "select")):
			refuse()


def guard_search(args: dict, portal: bool) -> None:
	"""Link and search-box lookups keep the caller's User Permissions on the app's scoped DocTypes, and always for a
	portal user (Frappe lifts them with `ignore_user_permissions`, for everyone)."""
	from aeo.security.scope import is_scoped

	if portal or is_scoped(args.get("doctype")):
		args.pop("ignore_user_permissions", None)
	if args.get("query") and (portal or is_scoped(args.get("doctype"))):
		args.pop("query", None)  # a custom query ignores the permission layer: only the standard search


def guard_record(args: dict, doctype_arg: str, name_arg: str, ptype: str) -> None:
	"""The record a method acts on exists and the caller holds `ptype` on it; both failures answer alike."""
	doctype, name = args.get(doctype_arg), args.get(name_arg)
	if not doctype and not name:
		return
	if not isinstance(doctype, str) or not frappe.db.exists("DocType", doctype):
		refuse()
	if not name:
		if not frappe.has_permission(doctype, ptype):
			refuse()
		return
	if not isinstance(name, str):
		refuse()
	if ptype == "write" and name.startswith("new-") and not frappe.db.exists(doctype, name):
		# an attachment to a form not saved yet (Frappe links it when the record is saved)
		if not frappe.has_permission(doctype, "create"):
			refuse()
		return
	if not frappe.db.exists(doctype, name) or not frappe.has_permission(doctype, ptype, doc=name):
		refuse()


def guard_child_record(doctype: str, name: str, ptype: str) -> None:
	"""One row of a child table, read or written on its own: Frappe checks the parent DocType, not the parent
	record (a standalone row has no parent document to check). Here the row's parent record must allow `ptype`."""
	if not frappe.db.exists("DocType", doctype) or not frappe.get_meta(doctype).istable:
		return
	if frappe.session.user == "Administrator":
		return
	row = frappe.db.get_value(doctype, name, ["parenttype", "parent"], as_dict=True)
	if not row or not row.parenttype or not frappe.has_permission(row.parenttype, ptype, doc=row.parent):
		refuse()


def guard_existence(doctype: str, name: str) -> None:
	"""A record of a scoped DocType that does not exist gets the same 403 as one the caller may not read (Frappe
	answers 404 for one, 403 for the other: a stranger could tell which reference numbers exist)."""
	from aeo.security.scope import is_scoped

	if frappe.session.user == "Administrator" or not is_scoped(doctype) or not frappe.db.exists("DocType", doctype):
		return
	if frappe.get_meta(doctype).issingle:
		return
	if not frappe.db.exists(doctype, name) or not frappe.has_permission(doctype, "read", doc=name):
		refuse()


def refuse_child_documents(docs) -> None:
	"""A child row is saved with its parent (the desk never saves one alone); saving one on its own would be
	checked against the parent DocType only."""
	from aeo.security.queries import loads

	docs = loads(docs, "Document") if isinstance(docs, str) else docs
	for doc in docs if isinstance(docs, list) else [docs]:
		if isinstance(doc, dict) and isinstance(doc.get("doctype"), str) and frappe.db.exists("DocType", doc["doctype"]):
			if frappe.get_meta(doc["doctype"]).istable and frappe.session.user != "Administrator":
				refuse()


def require_arguments(method: str, args: dict) -> None:
	"""The app's whitelisted functions: a required argument that is missing is a 400 naming it, and one whose type
	admits a dict or a list (sent as JSON text) must be JSON of that type, which it is then handed as."""
	try:
		fn = frappe.get_attr(method)
		fn = inspect.unwrap(getattr(fn, "__func__", fn))
		parameters = inspect.signature(fn).parameters.values()
		hints = typing.get_type_hints(fn)
	except Exception:
		return
	for parameter in parameters:
		if parameter.kind in (parameter.VAR_KEYWORD, parameter.VAR_POSITIONAL) or parameter.name == "self":
			continue
		value = args.get(parameter.name)
		if parameter.default is parameter.empty and value in (None, ""):
			invalid_argument(parameter.name)
		containers = tuple(t for t in accepted_types(hints.get(parameter.name)) if t in (dict, list))
		if containers and isinstance(value, str) and value.strip():
			try:
				value = json.loads(value)
			except ValueError:
				invalid_argument(parameter.name)
			if not isinstance(value, containers):
				invalid_argument(parameter.name)
			args[parameter.name] = value


def accepted_types(hint) -> tuple:
	"""The plain types a hint admits: `str | dict` → (str, dict)."""
	if hint is None:
		return ()
	if isinstance(hint, types.UnionType) or typing.get_origin(hint) is typing.Union:
		return tuple(typing.get_origin(arg) or arg for arg in typing.get_args(hint))
	return (typing.get_origin(hint) or hint,)


def invalid_argument(name: str) -> None:
	frappe.throw(_("Missing or invalid value: {0}").format(name), BadRequest, title=_("Invalid Request"))


def refuse() -> None:
	frappe.throw(_("Not permitted, or not found."), NotPermitted, title=_("Not Permitted"))
