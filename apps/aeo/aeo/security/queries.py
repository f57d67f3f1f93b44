"""Arguments of Frappe's list, count and search endpoints, checked against the DocType's meta before they run.

Frappe v15.41 lets a caller put SQL of their own into a query through a field list (`reportview.get` checks only the
first column of each entry, then turns its own strict check off) or `filter_fields` (`search_widget` quotes them
blindly). Here every field, filter, sort and group names a real column of the DocType or of one of its child tables,
in one of the few shapes the desk sends (`name`, `` `tabX`.`name` ``, `table.field`, `count(name) as total`, `*`);
anything else is refused before Frappe sees it.
"""

import json
import re

import frappe
from frappe import _
from frappe.model import child_table_fields, default_fields, optional_fields

from aeo.exceptions import BadRequest

STANDARD_COLUMNS = set(default_fields) | set(optional_fields) | set(child_table_fields) | {"_comment_count"}
IDENTIFIER = r"[A-Za-z_][A-Za-z0-9_]*"
# [count|sum|avg|min|max(] [distinct] [qualifier.] column [)] [as alias]; a qualifier is `tabX` or a table field
FIELD = re.compile(
	rf"""^\s*(?:(?P<function>count|sum|avg|min|max)\s*\(\s*(?:distinct\s+)?)?
	(?:`?(?P<qualifier>[A-Za-z0-9_][A-Za-z0-9 _\-]*?)`?\s*\.\s*)?
	`?(?P<column>{IDENTIFIER}|\*)`?\s*
	(?P<close>\))?
	(?:\s+as\s+`?(?P<alias>{IDENTIFIER})`?)?\s*$""",
	re.IGNORECASE | re.VERBOSE,
)
ORDER = re.compile(r"^(?P<field>.+?)(?:\s+(?:asc|desc))?$", re.IGNORECASE)


def invalid(what: str, value) -> None:
	frappe.throw(_("{0} is not allowed here: {1}").format(_(what), frappe.as_unicode(value)[:140]), BadRequest, title=_("Invalid Request"))


def doctype_of(value) -> str:
	"""The DocType an argument names, refused unless it is one."""
	if not isinstance(value, str) or not value or not frappe.db.exists("DocType", value):
		invalid("DocType", value)
	return value


def loads(value, what: str):
	"""A JSON argument (sent as text) or the value itself; malformed JSON is a 400, never a 500."""
	if isinstance(value, str):
		text = value.strip()
		if not text:
			return None
		if text[0] in "[{":
			try:
				return json.loads(text)
			except ValueError:
				invalid(what, value)
	return value


def tables_of(doctype: str) -> dict[str, str]:
	"""{qualifier: DocType} a query on `doctype` may name: itself and its child tables, as `tabX` or as the table
	field."""
	meta = frappe.get_meta(doctype)
	tables = {f"tab{doctype}": doctype}
	for df in meta.get_table_fields():
		tables[f"tab{df.options}"] = df.options
		tables[df.fieldname] = df.options
	return tables


def check_column(doctype: str, column: str, what: str) -> None:
	if column in STANDARD_COLUMNS:
		return
	df = frappe.get_meta(doctype).get_field(column)
	if not df or df.fieldtype in frappe.model.no_value_fields or df.fieldtype == "Password":
		invalid(what, column)


def check_field(doctype: str, field, what: str = "Field", aggregate: bool = True) -> None:
	"""One entry of a field list (or a sort, group or filter field) of a query on `doctype`."""
	if not isinstance(field, str):
		invalid(what, field)
	if field.strip() == "*" and what == "Field":
		return  # Frappe expands it to the fields the user may read
	found = FIELD.match(field)
	if not found or bool(found.group("function")) != bool(found.group("close")):
		invalid(what, field)
	if found.group("function") and not aggregate:
		invalid(what, field)
	if found.group("alias") and what != "Field":
		invalid(what, field)
	table = doctype
	if found.group("qualifier"):
		table = tables_of(doctype).get(found.group("qualifier").strip())
		if not table:
			invalid(what, field)
	column = found.group("column")
	if column == "*":
		if (found.group("function") or "").lower() != "count":
			invalid(what, field)
		return
	check_column(table, column, what)


def check_fields(doctype: str, fields, what: str = "Field") -> None:
	fields = loads(fields, what)
	if fields is None:
		return
	if isinstance(fields, str):
		fields = [fields] if fields.strip() == "*" else [f for f in fields.split(",")] if what != "Field" else [fields]
	if not isinstance(fields, list | tuple):
		invalid(what, fields)
	for field in fields:
		check_field(doctype, field, what)


def check_filters(doctype: str, filters, what: str = "Filter") -> None:
	"""Filters as Frappe takes them: {field: value}, [[field, op, value]], [[doctype, field, op, value(, hidden)]], or
	a record's name."""
	filters = loads(filters, what)
	if filters is None or isinstance(filters, str | int | float):
		return  # a name (Frappe escapes values)
	tables = set(tables_of(doctype).values())
	if isinstance(filters, dict):
		for key in filters:
			check_field(doctype, key, what, aggregate=False)
		return
	if not isinstance(filters, list | tuple):
		invalid(what, filters)
	for condition in filters:
		if isinstance(condition, dict):
			check_filters(doctype, condition, what)
			continue
		if not isinstance(condition, list | tuple) or len(condition) not in (3, 4, 5):
			invalid(what, condition)
		if len(condition) >= 4:
			if condition[0] not in tables:
				invalid(what, condition[0])
			check_field(condition[0], condition[1], what, aggregate=False)
		else:
			check_field(doctype, condition[0], what, aggregate=False)


def check_order(doctype: str, order_by) -> None:
	if not order_by:
		return
	if not isinstance(order_by, str):
		invalid("Sort", order_by)
	for part in order_by.split(","):
		found = ORDER.match(part.strip())
		if not found:
			invalid("Sort", order_by)
		check_field(doctype, found.group("field"), "Sort", aggregate=False)


def check_parent(doctype: str, parent) -> None:
	"""A child table is read through a parent DocType that really holds it."""
	if not parent:
		return
	parent = doctype_of(parent)
	if doctype not in tables_of(parent).values() or parent == doctype:
		invalid("Parent DocType", parent)


def check_query(args: dict, names: dict, doctype: str | None = None) -> None:
	"""Check the arguments of one query endpoint. `names` maps the roles (fields, filters, order, group, parent) to
	the endpoint's own argument names; `doctype` is the one its URL names, else its `doctype` argument."""
	doctype = doctype_of(doctype or args.get("doctype"))
	for role, check in (
		("fields", check_fields),
		("filters", check_filters),
		("or_filters", check_filters),
	):
		for name in names.get(role, ()):
			if args.get(name) not in (None, ""):
				check(doctype, args.get(name))
	for name in names.get("order", ()):
		check_order(doctype, args.get(name))
	for name in names.get("group", ()):
		if args.get(name):
			check_fields(doctype, args.get(name), "Group")
	for name in names.get("parent", ()):
		check_parent(doctype, args.get(name))
	for name in ("debug", "ignore_permissions", "user", "join"):
		args.pop(name, None)  # never the caller's to set
