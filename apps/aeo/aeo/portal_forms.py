"""Portal forms drawn from the DocType's meta (issue 11; docs/decisions.md "Portal forms"): the establishment fills
the fields its roles may write, in the DocType's tab and section order, with the DocType's labels (translated),
descriptions, options and conditions (depends_on, mandatory_depends_on, read_only_depends_on). A form names only a
short exclusion list, so an administrator's Customize Form change (a field added, hidden, made mandatory, moved or
relabelled) shows on the portal at once. Every portal form uses these functions; the page renders what they give.
"""

import frappe
from frappe import _
from frappe.utils import cstr

LAYOUT = ("Column Break", "HTML", "Button", "Image", "Fold", "Heading")
EMPTY = (None, "", [], 0)


def sections(meta, exclude=(), exclude_tabs=(), levels=(0,)) -> list[dict]:
	"""[{key, label, fieldnames}] in the DocType's order: a tab or section starts a group (titled by its label, or
	its tab's), and holds the fields the portal shows: not hidden, of a permission level the portal writes, not
	excluded. A tab that is excluded, hidden or of another level drops everything up to the next tab."""
	groups, group, tab_label, skipping = [], None, "", False
	for df in meta.fields:
		if df.fieldtype == "Tab Break":
			skipping = df.fieldname in exclude_tabs or bool(df.hidden) or df.permlevel not in levels
			tab_label = df.label or ""
			group = {"key": df.fieldname, "label": tab_label, "fieldnames": []}
			groups.append(group)
			continue
		if skipping:
			continue
		if df.fieldtype == "Section Break":
			group = {"key": df.fieldname, "label": df.label or tab_label, "fieldnames": []}
			groups.append(group)
			continue
		if not shown(df, exclude, levels):
			continue
		if group is None:
			group = {"key": "", "label": "", "fieldnames": []}
			groups.append(group)
		group["fieldnames"].append(df.fieldname)
	return [group for group in groups if group["fieldnames"]]


def shown(df, exclude=(), levels=(0,)) -> bool:
	return (
		df.fieldtype not in LAYOUT
		and df.fieldtype not in ("Section Break", "Tab Break")
		and df.fieldname not in exclude
		and not df.hidden
		and df.permlevel in levels
	)


def fields(meta, exclude=(), exclude_tabs=(), levels=(0,)) -> list:
	"""The DocType fields the portal shows, in order."""
	return [meta.get_field(name) for group in sections(meta, exclude, exclude_tabs, levels) for name in group["fieldnames"]]


def writable_fields(meta, exclude=(), exclude_tabs=(), levels=(0,)) -> list:
	"""The fields the establishment may write: shown and not read-only (read_only_depends_on is checked per record
	by `read_only_now`)."""
	return [df for df in fields(meta, exclude, exclude_tabs, levels) if not df.read_only]


# ---------------------------------------------------------------- conditions of a record ---------------------------


def evaluate(expression: str | None, doc, parent=None) -> bool:
	"""A DocType condition as the desk reads it: `eval:<expression>` over `doc` (and `parent` for a row), or a field
	name whose value must be set. The expression is evaluated by Frappe's safe_eval; the desk's JavaScript operators
	are read as Python's."""
	expression = cstr(expression).strip()
	if not expression:
		return True
	values = frappe._dict(doc.as_dict() if hasattr(doc, "as_dict") else doc)
	if not expression.startswith("eval:"):
		return values.get(expression) not in EMPTY
	code = expression[5:]
	for js, py in (("===", "=="), ("!==", "!="), ("&&", " and "), ("||", " or "), ("true", "True"), ("false", "False")):
		code = code.replace(js, py)
	context = {"doc": values, "parent": frappe._dict(parent.as_dict() if hasattr(parent, "as_dict") else parent or {})}
	try:
		return bool(frappe.safe_eval(code, None, context))
	except Exception:
		return True  # a condition the server cannot read shows the field rather than losing it


def read_only_now(df, doc, parent=None) -> bool:
	return bool(df.read_only) or bool(df.read_only_depends_on and evaluate(df.read_only_depends_on, doc, parent))


def mandatory_now(df, doc, parent=None) -> bool:
	if not evaluate(df.depends_on, doc, parent):
		return False
	return bool(df.reqd) or bool(df.mandatory_depends_on and evaluate(df.mandatory_depends_on, doc, parent))


def missing(doc, field_list, parent=None) -> list[str]:
	"""Labels (translated) of the mandatory fields of `field_list` that `doc` leaves empty."""
	return [
		_(df.label)
		for df in field_list
		if mandatory_now(df, doc, parent) and doc.get(df.fieldname) in (None, "", [])
	]
