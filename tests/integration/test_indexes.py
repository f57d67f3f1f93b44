"""Issue 12: every column the app scopes, filters or looks up by has an index that serves the lookup, on the app's
DocTypes and on the Frappe tables it queries. The lookups are read from the app's code (every
`frappe.db.get_value("DocType", {filters})`-style call with literal filters) and the scoped columns from the meta, so a
later DocType or query is covered without editing this test."""

import ast
import collections
from pathlib import Path

import frappe
from aeo.security.scope import SCOPE_TARGETS

APP = Path(__file__).resolve().parents[2] / "apps" / "aeo" / "aeo"
LOOKUPS = {"get_value", "get_values", "get_all", "get_list", "exists", "count", "set_value", "delete", "get_doc",
	"get_cached_value"}
# Frappe's tables that grow with the programme (the others it looks up are configuration: a few hundred rows)
FRAPPE_TABLES = {"File", "ToDo", "Has Role", "User Permission", "Notification Log", "User", "Comment", "Version"}


def app_doctypes() -> set[str]:
	modules = [line.strip() for line in (APP / "modules.txt").read_text().splitlines() if line.strip()]
	return set(frappe.get_all("DocType", {"module": ("in", modules), "issingle": 0, "is_virtual": 0}, pluck="name"))


def lookups_in_code() -> dict[str, set[tuple]]:
	"""(DocType → the sets of columns it is looked up by) from calls whose DocType and filters are literals."""
	found = collections.defaultdict(set)
	for path in APP.rglob("*.py"):
		for node in ast.walk(ast.parse(path.read_text())):
			if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in LOOKUPS):
				continue
			if len(node.args) < 2 or not isinstance(node.args[1], ast.Dict):
				continue
			doctype = node.args[0]
			if isinstance(doctype, ast.Constant) and isinstance(doctype.value, str):
				keys = tuple(key.value for key in node.args[1].keys if isinstance(key, ast.Constant))
				found[doctype.value].add((keys, f"{path.relative_to(APP)}:{node.lineno}"))
	return found


def indexes(doctype: str) -> list[list[str]]:
	rows = frappe.db.sql(
		"""select index_name, column_name from information_schema.statistics
		where table_schema = database() and table_name = %s order by index_name, seq_in_index""",
		f"tab{doctype}",
	)
	columns = collections.defaultdict(list)
	for index, column in rows:
		columns[index].append(column)
	return list(columns.values())


def served(doctype: str, keys: tuple) -> bool:
	"""An index serves an equality lookup on `keys` when its leading columns (as many as the lookup has) are all
	among them: (reference_type, reference_name) does not serve a lookup by reference_type, status and allocated_to."""
	if "name" in keys:
		return True
	return any(all(column in keys for column in index[: len(keys)]) for index in indexes(doctype))


def test_every_column_the_app_looks_up_by_is_indexed():
	"""Issue 12: lookups by an unindexed column scan the table (tabFile by file_url, ToDo by allocated_to …)."""
	watched = app_doctypes() | FRAPPE_TABLES
	unserved = sorted(
		f"{doctype} by {', '.join(keys)} ({where})"
		for doctype, calls in lookups_in_code().items()
		if doctype in watched
		for keys, where in calls
		if keys and not served(doctype, keys)
	)
	assert not unserved, "lookups without an index:\n" + "\n".join(unserved)


def test_every_scoped_column_is_indexed():
	"""Issue 12: User Permissions on an Establishment or a Customs Administration filter by the link column; the
	app's scope condition (aeo.permissions.scope_query) can use its index only if there is one."""
	missing = sorted(
		f"{doctype}.{df.fieldname}"
		for doctype in app_doctypes()
		if not frappe.get_meta(doctype).istable
		for df in frappe.get_meta(doctype).get_link_fields()
		if df.options in SCOPE_TARGETS and not df.ignore_user_permissions and not served(doctype, (df.fieldname,))
	)
	assert not missing, "scoped columns without an index: " + ", ".join(missing)


def explain(doctype: str, user: str) -> tuple[list[dict], str]:
	"""The plan of the list query the user's desk or portal list runs (newest first, a page of 20)."""
	current = frappe.session.user
	frappe.set_user(user)
	try:
		query = frappe.get_list(doctype, fields=["name"], order_by="modified desc", limit_page_length=20, run=0)
	finally:
		frappe.set_user(current)
	return frappe.db.sql(f"explain {query}", as_dict=True), query


def test_scoped_lists_can_use_the_scope_columns_index():
	"""Issue 12: Frappe's User Permission condition (`ifnull(col,'')='' or col in (…)`) serves no index, so a portal
	user's list walked the table's `modified` index; the app's condition (aeo.permissions.indexed_scope) offers the
	establishment's or the administration's index to the optimizer, for the same records."""
	from tests.support.factories import make_establishment, make_establishment_user, make_user, unique

	establishment = make_establishment(unique("IX"))
	portal = make_establishment_user(establishment, f"ix.{establishment.lower()}@test.example")
	staff = make_user("ix.shj.admin@test.example", ["Customs Administrator"],
		scope={"Customs Administration": "Sharjah Customs"})
	for user, doctype, column in (
		(portal, "Joining Application", "establishment"),
		(portal, "AEO Certificate", "establishment"),
		(staff, "Joining Application", "customs_administration"),
		(staff, "Account Request", "customs_administration"),
		(staff, "Establishment", "customs_administration"),
	):
		plan, query = explain(doctype, user)
		assert f"`tab{doctype}`.`{column}` in (" in query, query
		offered = {key for row in plan for key in (row.get("possible_keys") or "").split(",")}
		index = frappe.db.sql(
			"""select index_name from information_schema.statistics where table_schema = database()
			and table_name = %s and column_name = %s and seq_in_index = 1""", (f"tab{doctype}", column))
		assert {row[0] for row in index} & offered, (doctype, user, plan)
	frappe.db.rollback()


def test_the_daily_jobs_read_a_range_of_due_records():
	"""Issue 12: each deadline job (aeo.application.deadlines) selects its due records on a date range that the
	(status, date) index serves: no `ifnull(date, …)` that would make MariaDB read every record in the status, so the
	idle run costs the same at 1k and 50k (tests/benchmarks/scale.py). BR.7, BR.9, BR.10, N36-7."""
	from aeo.application import deadlines

	statements = []
	original = frappe.db.sql

	def spy(query, *args, **kwargs):
		statements.append(str(query))
		return original(query, *args, **kwargs)

	frappe.db.sql = spy
	try:
		deadlines.run_all()
	finally:
		del frappe.db.sql
	frappe.db.rollback()
	picks = [q for q in statements if q.lstrip().lower().startswith("select") and "_date" in q or "`modified` <" in q]
	assert len(picks) >= 4, statements
	for query in picks:
		assert "ifnull(" not in query.lower(), query
		plan = frappe.db.sql(f"explain {query}", as_dict=True)
		assert plan[0]["key"] and plan[0]["type"].split("|")[0] in ("range", "ref"), (query, plan)
