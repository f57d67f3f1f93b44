"""Which records a user may reach, for the paths where Frappe asks nothing of the parent or of the scope.

- Child tables: Frappe checks a direct query on a child table (`doctype=<child>&parent=<parent>`) against the
  parent DocType only, then returns the rows of every parent record, of every parent DocType. `child_rows` (a
  permission_query_conditions hook for every DocType) keeps the rows of parent records the user may read.
- Scoped DocTypes: those whose records belong to an establishment or a customs administration (a Link to either),
  plus the people: read from the meta, so a new DocType is scoped without a list to edit.
"""

import frappe

SCOPE_TARGETS = ("Establishment", "Customs Administration")
PEOPLE = ("User", "Has Role", "Contact", "Establishment")


def child_rows(user: str | None = None, doctype: str | None = None) -> str:
	"""permission_query_conditions for "*": a direct query on a child table sees only the rows of parent records
	the user may read (through the parent's own permission and User Permissions)."""
	user = user or frappe.session.user
	if not doctype or user == "Administrator" or not frappe.get_meta(doctype).istable:
		return ""
	branches = []
	for parent, fieldnames in parents_of(doctype):
		if not (frappe.has_permission(parent, "read", user=user) or frappe.has_permission(parent, "select", user=user)):
			continue
		meta = frappe.get_meta(parent)
		levels = meta.get_permlevel_access("read", user=user)
		fieldnames = [f for f in fieldnames if meta.get_field(f).permlevel in levels]
		if not fieldnames:
			continue
		readable = frappe.get_list(parent, fields=["name"], user=user, order_by="", limit_page_length=0, run=False)
		branches.append(
			f"(`tab{doctype}`.`parenttype` = {frappe.db.escape(parent)}"
			f" and `tab{doctype}`.`parentfield` in ({', '.join(frappe.db.escape(f) for f in fieldnames)})"
			f" and `tab{doctype}`.`parent` in ({readable}))"
		)
	return "(" + " or ".join(branches) + ")" if branches else "1=0"


def parents_of(child: str) -> list[tuple[str, list[str]]]:
	"""[(parent DocType, [its table fields of `child`])], from DocField and Custom Field (cached with the meta)."""

	def load():
		rows = frappe.get_all(
			"DocField",
			{"options": child, "fieldtype": ("in", frappe.model.table_fields)},
			["parent", "fieldname"],
		) + frappe.get_all(
			"Custom Field",
			{"options": child, "fieldtype": ("in", frappe.model.table_fields)},
			["dt as parent", "fieldname"],
		)
		parents = {}
		for row in rows:
			parents.setdefault(row.parent, []).append(row.fieldname)
		return sorted(parents.items())

	return frappe.cache.hget("aeo:child_parents", child, load)


def is_scoped(doctype) -> bool:
	"""Records that belong to an establishment or a customs administration, and the people of the site."""
	if not isinstance(doctype, str) or not doctype:
		return False
	if doctype in PEOPLE:
		return True

	def load():
		meta = frappe.get_meta(doctype)
		return any(df.options in SCOPE_TARGETS for df in meta.get_link_fields() if not df.ignore_user_permissions)

	return bool(frappe.cache.hget("aeo:scoped_doctypes", doctype, load))


def clear_cache(doc=None, method=None) -> None:
	"""After a migrate or a DocType change: the parents and scope are read from the meta again."""
	frappe.cache.delete_value(["aeo:child_parents", "aeo:scoped_doctypes"])
