"""Frappe's side doors, tried over HTTP against the served test site by a hostile user (issue 10).

Generated from the meta: every scoped DocType of the app (a record that belongs to an establishment or a customs
administration: aeo.security.scope.is_scoped) and every child table of one. Establishment A is in Abu Dhabi; the
intruders are a portal user of establishment B (Dubai), a Dubai staff member holding every local role, and a guest.
Each side door must refuse A's records (or answer nothing of them), never answer 500, and write nothing.
"""

import json

import frappe
import pytest
from aeo.security.scope import is_scoped

from tests.support.factories import http_session, make_establishment, make_user

LOCAL_ROLES = ["Customs Administrator", "Customs First Administrator", "Assessment Team Member",
	"Assessment Team Leader", "AEO Programme Manager", "Main Account Manager", "Appeals Officer"]
INTRUDERS = ["portal_b", "staff_dxb", "guest"]


def app_doctypes() -> list[str]:
	modules = frappe.get_all("Module Def", {"app_name": "aeo"}, pluck="name")
	return frappe.get_all("DocType", {"module": ("in", modules), "istable": 0, "issingle": 0}, pluck="name", order_by="name")


SCOPED = [d for d in app_doctypes() if is_scoped(d)]
CHILD_TABLES = sorted({(parent, df.fieldname, df.options) for parent in SCOPED
	for df in frappe.get_meta(parent).get_table_fields()})


@pytest.fixture(scope="module")
def world():
	ests = {"a": make_establishment("SD-AUH-1", emirate="Abu Dhabi"), "b": make_establishment("SD-DXB-1", emirate="Dubai")}
	users = {
		"portal_b": make_user("sd.portal.b@test.example", ["Establishment Account Manager"], scope={"Establishment": ests["b"]}),
		"staff_dxb": make_user("sd.staff.dxb@test.example", LOCAL_ROLES, scope={"Customs Administration": "Dubai Customs"}),
	}
	records = {doctype: stored_record(doctype, ests["a"]) for doctype in SCOPED}
	rows = {}
	for parent, fieldname, child in CHILD_TABLES:
		rows[parent, fieldname] = stored_row(child, parent, fieldname, records[parent])
	frappe.db.commit()
	sessions = {key: http_session(user) for key, user in users.items()} | {"guest": http_session()}
	for session in sessions.values():
		session.get("/aeo")  # as a browser: a page first (a signed-in session gets its CSRF token there)
	return {"a": ests["a"], "records": records, "rows": rows, "sessions": sessions}


def stored_record(doctype: str, establishment: str) -> str:
	if doctype == "Establishment":
		return establishment
	name = f"SD-{frappe.scrub(doctype)}-{establishment}"
	if not frappe.db.exists(doctype, name):
		doc = frappe.new_doc(doctype)
		doc.update({"name": name})
		if doc.meta.has_field("establishment"):
			doc.establishment = establishment
		if doc.meta.has_field("customs_administration"):
			doc.customs_administration = "Abu Dhabi Customs"
		doc.db_insert()
	return name


def stored_row(child: str, parent: str, fieldname: str, parent_name: str) -> str:
	name = f"SDR-{frappe.scrub(parent)}-{fieldname}-{parent_name}"
	if not frappe.db.exists(child, name):
		frappe.get_doc({"doctype": child, "name": name, "parent": parent_name, "parenttype": parent,
			"parentfield": fieldname, "idx": 1}).db_insert()
	return name


def fingerprint(doctype: str, name: str) -> tuple:
	"""What a side door could change on a record: its columns, likes, tags and attachments."""
	values = frappe.db.get_value(doctype, name, ["modified", "_liked_by", "_user_tags"], as_dict=True)
	files = frappe.db.count("File", {"attached_to_doctype": doctype, "attached_to_name": name})
	return tuple(values.values()), files


def check(failures: list, label: str, response, secret: str | None = None, allowed=(200, 400, 401, 403, 404, 409, 417)):
	"""A side door's answer: no 500, and nothing of the secret."""
	if response.status_code >= 500 or response.status_code not in allowed:
		failures.append(f"{label}: HTTP {response.status_code} {response.text[:200]}")
	elif secret and secret in response.text:
		failures.append(f"{label}: leaked {secret}")


def counted(response) -> int:
	if response.status_code != 200:
		return 0
	return response.json().get("message") or 0


@pytest.mark.parametrize("intruder", INTRUDERS)
@pytest.mark.parametrize("doctype", SCOPED)
def test_record_side_doors_refuse_another_establishments_record(world, doctype, intruder):
	"""Search (with ignore_user_permissions), get_count, validate_link, run_doc_method, upload_file, toggle_like
	and add_tag, on establishment A's record: refused or answered with nothing of it, nothing written."""
	session, name = world["sessions"][intruder], world["records"][doctype]
	before = fingerprint(doctype, name)
	modified = str(before[0][0])
	failures = []
	post = session.post
	for ignore in (0, 1):
		check(failures, f"search_link ignore={ignore}", post("/api/method/frappe.desk.search.search_link",
			data={"doctype": doctype, "txt": name, "ignore_user_permissions": ignore}), name)
		check(failures, f"search_widget ignore={ignore}", post("/api/method/frappe.desk.search.search_widget",
			data={"doctype": doctype, "txt": "", "filter_fields": '["name"]', "page_length": 5000,
				"ignore_user_permissions": ignore}), name)
	count = post("/api/method/frappe.client.get_count", data={"doctype": doctype, "filters": json.dumps({"name": name})})
	check(failures, "get_count", count)
	if counted(count):
		failures.append("get_count: counted the record")
	report_count = post("/api/method/frappe.desk.reportview.get_count",
		data={"doctype": doctype, "filters": json.dumps([[doctype, "name", "=", name]])})
	check(failures, "reportview.get_count", report_count)
	if counted(report_count):
		failures.append("reportview.get_count: counted the record")
	link = post("/api/method/frappe.client.validate_link", data={"doctype": doctype, "docname": name})
	check(failures, "validate_link", link, name)
	method = post("/api/method/run_doc_method",
		data={"docs": json.dumps({"doctype": doctype, "name": name, "modified": "2000-01-01 00:00:00"}),
			"method": "get_title"})
	check(failures, "run_doc_method", method, modified)
	if method.status_code == 200:
		failures.append("run_doc_method: ran on the record")
	upload = post("/api/method/upload_file", data={"doctype": doctype, "docname": name, "is_private": 1},
		files={"file": ("side-door.pdf", b"%PDF-1.4\nside door\n")})
	check(failures, "upload_file", upload)
	check(failures, "toggle_like", post("/api/method/frappe.desk.like.toggle_like",
		data={"doctype": doctype, "name": name, "add": "Yes"}))
	check(failures, "add_tag", post("/api/method/frappe.desk.doctype.tag.tag.add_tag",
		data={"tag": "side-door", "dt": doctype, "dn": name}))
	check(failures, "getdoc", session.get("/api/method/frappe.desk.form.load.getdoc",
		params={"doctype": doctype, "name": name}), modified)
	check(failures, "get_docinfo", post("/api/method/frappe.desk.form.load.get_docinfo",
		data={"doctype": doctype, "name": name}))
	frappe.db.rollback()  # a fresh read of what the server committed
	assert fingerprint(doctype, name) == before, "a side door wrote onto the record"
	assert not failures, "\n".join(failures)


@pytest.mark.parametrize("intruder", INTRUDERS)
@pytest.mark.parametrize("parent,fieldname", [(p, f) for p, f, _c in CHILD_TABLES])
def test_child_rows_are_read_only_through_a_readable_parent(world, parent, fieldname, intruder):
	"""A child table queried directly with `parent=<parent DocType>` (get_list, reportview, get, get_value, REST,
	counts) gives nothing of establishment A's rows."""
	child = frappe.get_meta(parent).get_field(fieldname).options
	session, row = world["sessions"][intruder], world["rows"][parent, fieldname]
	failures = []
	fields = json.dumps(["name", "parent"])
	check(failures, "client.get_list", session.post("/api/method/frappe.client.get_list",
		data={"doctype": child, "parent": parent, "fields": fields, "limit_page_length": 0}), row)
	check(failures, "reportview.get", session.post("/api/method/frappe.desk.reportview.get",
		data={"doctype": child, "parent_doctype": parent, "fields": fields, "page_length": 5000}), row)
	check(failures, "client.get", session.get("/api/method/frappe.client.get",
		params={"doctype": child, "name": row, "parent": parent}), row)
	check(failures, "client.get_value", session.get("/api/method/frappe.client.get_value",
		params={"doctype": child, "fieldname": "parent", "filters": json.dumps({"name": row}), "parent": parent}),
		world["records"][parent])
	check(failures, "REST list", session.get(f"/api/resource/{child}",
		params={"parent": parent, "fields": fields, "limit_page_length": 0}), row)
	check(failures, "REST get", session.get(f"/api/resource/{child}/{row}"), world["records"][parent])
	count = session.post("/api/method/frappe.desk.reportview.get_count",
		data={"doctype": child, "parent_doctype": parent, "filters": json.dumps({"name": row})})
	check(failures, "reportview.get_count", count)
	if counted(count):
		failures.append("reportview.get_count: counted the row")
	check(failures, "client.get_count", session.post("/api/method/frappe.client.get_count",
		data={"doctype": child, "filters": json.dumps({"name": row})}))
	assert not failures, "\n".join(failures)


INJECTED_FIELDS = [
	"name`, (select sid from tabSessions limit 1) as `x",
	"name, (select sid from tabSessions limit 1)",
	"`tabEstablishment`.`name`, (select password from `__Auth` limit 1)",
	"(select sid from tabSessions limit 1) as name",
	"name as `x`, version()",
	"count(*), sleep(1)",
	"name from tabSessions #",
]


@pytest.mark.parametrize("field", INJECTED_FIELDS)
@pytest.mark.parametrize("intruder", ["portal_b", "staff_dxb"])
def test_sql_in_field_lists_is_refused(world, intruder, field):
	"""search_widget's filter_fields and reportview's fields carry no SQL of the caller's: a 400 before any query."""
	session = world["sessions"][intruder]
	widget = session.post("/api/method/frappe.desk.search.search_widget",
		data={"doctype": "Establishment", "txt": "", "filter_fields": json.dumps([field])})
	report = session.post("/api/method/frappe.desk.reportview.get",
		data={"doctype": "Establishment", "fields": json.dumps([field])})
	listed = session.post("/api/method/frappe.client.get_list",
		data={"doctype": "Establishment", "fields": json.dumps([field])})
	ordered = session.post("/api/method/frappe.client.get_list",
		data={"doctype": "Establishment", "order_by": field})
	for response in (widget, report, listed, ordered):
		assert response.status_code == 400 and response.json()["exc_type"] == "BadRequest", response.text[:300]


ORACLE_CASES = [(doctype, intruder) for doctype in ("Sessions", "__Auth", "Email Queue", "User", "Has Role", "Error Log")
	for intruder in INTRUDERS if (doctype, intruder) != ("User", "staff_dxb")]  # staff read the User list (assignments)


@pytest.mark.parametrize("doctype,intruder", ORACLE_CASES)
def test_get_count_is_no_oracle_over_other_tables(world, doctype, intruder):
	"""frappe.client.get_count counts only what the caller may list: tables without a DocType are a 400, DocTypes
	the caller may not read a 403; a portal user counts no staff."""
	response = world["sessions"][intruder].post("/api/method/frappe.client.get_count",
		data={"doctype": doctype, "filters": json.dumps({"name": ["like", "%"]})})
	assert response.status_code in (400, 403), response.text[:300]


@pytest.mark.parametrize("intruder", ["portal_b", "guest"])
def test_a_portal_user_lists_no_staff(world, intruder):
	"""User and role search, Has Role through its parent, and the version list are not for portal users."""
	session = world["sessions"][intruder]
	for response in (
		session.post("/api/method/frappe.desk.search.search_link", data={"doctype": "User", "txt": ""}),
		session.post("/api/method/frappe.desk.search.search_widget", data={"doctype": "Has Role", "txt": ""}),
		session.post("/api/method/frappe.client.get_list",
			data={"doctype": "Has Role", "parent": "User", "fields": '["parent", "role"]', "limit_page_length": 0}),
		session.post("/api/method/frappe.desk.search.search_link",
			data={"doctype": "User", "txt": "", "query": "frappe.core.doctype.user.user.user_query"}),
		session.get("/api/method/frappe.utils.change_log.get_versions"),
	):
		assert response.status_code in (401, 403), response.text[:300]
		assert "@aeo.localhost" not in response.text and "Customs Administrator" not in response.text


def test_a_portal_user_reads_no_meta_of_what_they_may_not_read(world):
	"""getdoctype (and REST v2's meta) tell a portal user nothing of DocTypes their roles do not read."""
	session = world["sessions"]["portal_b"]
	for doctype in ("Risk Screening", "Internal Consultation", "User"):
		response = session.get("/api/method/frappe.desk.form.load.getdoctype", params={"doctype": doctype})
		assert response.status_code == 403, (doctype, response.text[:200])
		assert session.get(f"/api/v2/doctype/{doctype}/meta").status_code == 403


def test_staff_search_keeps_user_permissions(world):
	"""A Dubai administrator's link search with ignore_user_permissions still finds no Abu Dhabi establishment;
	reference data (Customs Administration) is still searched across emirates, as the Risk Screening's sharing
	needs."""
	session = world["sessions"]["staff_dxb"]
	found = session.post("/api/method/frappe.desk.search.search_link",
		data={"doctype": "Establishment", "txt": "SD-AUH", "ignore_user_permissions": 1})
	assert found.status_code == 200 and world["a"] not in found.text
	shared = session.post("/api/method/frappe.desk.search.search_link",
		data={"doctype": "Customs Administration", "txt": "Abu", "ignore_user_permissions": 1,
			"reference_doctype": "Risk Screening"})
	assert shared.status_code == 200 and "Abu Dhabi Customs" in shared.text


@pytest.mark.parametrize("parent,fieldname", [(p, f) for p, f, _c in CHILD_TABLES][:: max(1, len(CHILD_TABLES) // 8)])
def test_who_may_read_the_parent_reads_its_rows(world, parent, fieldname):
	"""Both ways: federal staff (no User Permission) read A's rows through the parent, as before."""
	federal = http_session(make_user("sd.federal@test.example", ["Federal Administrator", "Federal First Administrator"]))
	child = frappe.get_meta(parent).get_field(fieldname).options
	if not frappe.has_permission(parent, "read", user="sd.federal@test.example"):
		pytest.skip(f"federal staff do not read {parent}")
	response = federal.post("/api/method/frappe.client.get_list",
		data={"doctype": child, "parent": parent, "fields": '["name"]', "filters": json.dumps({"parent": world["records"][parent]}),
			"limit_page_length": 0})
	assert response.status_code == 200 and world["rows"][parent, fieldname] in response.text, response.text[:300]


def test_every_establishment_owned_doctype_is_scoped_and_tried():
	"""The generated cases cover every DocType the permission layer scopes by hand (aeo.permissions) and the
	workflow records, with their child tables."""
	from aeo.permissions import ESTABLISHMENT_OWNED, WORKFLOW_DOCTYPES

	assert set(ESTABLISHMENT_OWNED) | set(WORKFLOW_DOCTYPES) <= set(SCOPED)
	assert {"Authorized Contact", "Establishment Licence", "Self Assessment Answer", "Decision Record"} <= {
		child for _parent, _field, child in CHILD_TABLES}


@pytest.mark.parametrize("intruder", ["portal_b", "staff_dxb"])
def test_a_missing_record_answers_as_a_forbidden_one(world, intruder):
	"""Reference numbers are no secret to guess: REST and frappe.client.get answer a record that does not exist
	exactly as one the caller may not read (403, same message)."""
	session = world["sessions"][intruder]
	for doctype in ("Joining Application", "AEO Certificate", "Establishment"):
		real, missing = world["records"][doctype], f"{world['records'][doctype]}-MISSING"
		for path, params in (
			(f"/api/resource/{doctype}/{{}}", None),
			("/api/method/frappe.client.get", {"doctype": doctype}),
		):
			answers = []
			for name in (real, missing):
				if params is None:
					response = session.get(path.format(name))
				else:
					response = session.get(path, params={**params, "name": name})
				answers.append((response.status_code, response.json().get("exc_type"), response.json().get("_server_messages")))
			assert answers[0][0] == 403 and answers[0][:2] == answers[1][:2], (doctype, path, answers)
