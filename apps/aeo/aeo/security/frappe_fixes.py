"""Defects of Frappe v15.41.0 that let a caller cause a 500, mended where no hook reaches them.

- `frappe.desk.search.search_widget` sorts its rows by their first column, which is any of the selected fields
  (Frappe puts them through a set): a row whose first column is empty makes the sort compare None with text.
  The sorter here reads an empty value as empty text. Applied once per process by the gate's
  before_request (aeo.security.gate), before any endpoint runs.
"""

import frappe
from frappe.utils import cstr


def relevance_sorter(key, query, as_dict):
	value = cstr(frappe._(cstr(key.name if as_dict else key[0])))
	return (value.casefold().startswith(cstr(query).casefold()) is not True, value)


def apply() -> None:
	import frappe.desk.search

	if frappe.desk.search.relevance_sorter is not relevance_sorter:
		frappe.desk.search.relevance_sorter = relevance_sorter
