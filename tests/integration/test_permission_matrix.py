"""Permission matrix for every establishment-owned DocType, enforced on the server.

For each DocType, a record of establishment A (Abu Dhabi) and one of establishment B (Dubai). Through list, get,
REST, Report Builder, print and the attachment URL: B's users get nothing of A's; Dubai staff nothing of Abu
Dhabi's; the owners (where their role may read the DocType) and federal staff see theirs.
Records are written straight to the database: what is checked is who may see stored rows, not how they are made.
"""

import frappe
import pytest
from aeo.permissions import ESTABLISHMENT_OWNED

from tests.support.factories import http_session, make_establishment, make_user

LOCAL_ROLES = ["Customs Administrator", "Customs First Administrator", "Assessment Team Member",
	"Assessment Team Leader", "AEO Programme Manager", "Main Account Manager", "Appeals Officer"]
VISIBLE_TO_PORTAL = {"Assessment Meeting": {"notify_establishment": "Yes"}, "Assessment Report": {"status": "Shared"}}
RECORD_DOCTYPES = [d for d in ESTABLISHMENT_OWNED if d != "Establishment"]


@pytest.fixture(scope="module")
def world():
	ests = {"a": make_establishment("PM-AUH-1", emirate="Abu Dhabi"), "b": make_establishment("PM-DXB-1", emirate="Dubai")}
	users = {
		"portal_a": make_user("pm.portal.a@test.example", ["Establishment Account Manager"], scope={"Establishment": ests["a"]}),
		"portal_b": make_user("pm.portal.b@test.example", ["Establishment Account Manager"], scope={"Establishment": ests["b"]}),
		"staff_auh": make_user("pm.staff.auh@test.example", LOCAL_ROLES, scope={"Customs Administration": "Abu Dhabi Customs"}),
		"staff_dxb": make_user("pm.staff.dxb@test.example", LOCAL_ROLES, scope={"Customs Administration": "Dubai Customs"}),
		"federal": make_user("pm.federal@test.example", ["Federal Administrator", "Federal First Administrator"]),
	}
	records = {}
	for doctype in RECORD_DOCTYPES:
		for key, est in ests.items():
			records[doctype, key] = stored_record(doctype, est)
	files = {key: private_file(ests[key], f"pm-{key}.pdf") for key in ests}
	frappe.db.commit()
	return {"ests": ests, "users": {k: http_session(v) for k, v in users.items()}, "records": records, "files": files}


def stored_record(doctype: str, establishment: str) -> str:
	name = f"PM-{frappe.scrub(doctype)}-{establishment}"
	if not frappe.db.exists(doctype, name):
		doc = frappe.new_doc(doctype)
		doc.update({"name": name, "establishment": establishment, **VISIBLE_TO_PORTAL.get(doctype, {})})
		doc.customs_administration = frappe.db.get_value("Establishment", establishment, "customs_administration")
		doc.db_insert()
	return name


def private_file(establishment: str, file_name: str) -> str:
	# distinct content: Frappe stores identical content once and serves it to every record it is attached to
	content = f"%PDF-1.4 {file_name}".encode()
	file = frappe.get_doc({"doctype": "File", "file_name": file_name, "is_private": 1, "content": content,
		"attached_to_doctype": "Establishment", "attached_to_name": establishment})
	file.insert(ignore_permissions=True)
	return file.file_url


def listed(session, doctype):
	rest = session.get(f"/api/resource/{doctype}", params={"limit_page_length": 0}).json().get("data", [])
	report = session.post("/api/method/frappe.desk.reportview.get",
		data={"doctype": doctype, "fields": '["name"]', "page_length": 0}).json().get("message") or {}
	names = {row["name"] for row in rest}
	return names | {row[0] for row in report.get("values", [])}


def opens(session, doctype, name) -> bool:
	return session.get(f"/api/resource/{doctype}/{name}").status_code == 200


def prints(session, doctype, name) -> bool:
	response = session.get("/printview", params={"doctype": doctype, "name": name})
	return response.status_code == 200 and name in response.text


def can_read(user_key, doctype):
	email = {"portal_a": "pm.portal.a@test.example", "staff_auh": "pm.staff.auh@test.example"}[user_key]
	return frappe.permissions.has_permission(doctype, "read", user=email)


@pytest.mark.parametrize("intruder", ["portal_b", "staff_dxb"], ids=["other establishment", "other emirate's staff"])
@pytest.mark.parametrize("doctype", RECORD_DOCTYPES)
def test_others_get_nothing(world, doctype, intruder):
	a = world["records"][doctype, "a"]
	session = world["users"][intruder]
	assert a not in listed(session, doctype)
	assert not opens(session, doctype, a)
	assert not prints(session, doctype, a)


@pytest.mark.parametrize("doctype", RECORD_DOCTYPES)
def test_owners_and_federal_staff_see_theirs(world, doctype):
	a, b = world["records"][doctype, "a"], world["records"][doctype, "b"]
	federal = world["users"]["federal"]
	assert {a, b} <= listed(federal, doctype)
	for user_key in ("portal_a", "staff_auh"):
		if can_read(user_key, doctype):
			session = world["users"][user_key]
			assert a in listed(session, doctype) and b not in listed(session, doctype)
			assert opens(session, doctype, a)


def test_establishment_records_themselves(world):
	a = world["ests"]["a"]
	assert not opens(world["users"]["portal_b"], "Establishment", a)
	assert not opens(world["users"]["staff_dxb"], "Establishment", a)
	assert opens(world["users"]["portal_a"], "Establishment", a)
	assert opens(world["users"]["staff_auh"], "Establishment", a)


def test_attachments_are_served_only_to_who_may_read_the_record(world):
	url = world["files"]["a"]
	assert world["users"]["portal_a"].get(url).status_code == 200
	assert world["users"]["staff_auh"].get(url).status_code == 200
	for intruder in ("portal_b", "staff_dxb"):
		assert world["users"][intruder].get(url).status_code == 403
	assert http_session().get(url).status_code in (403, 404)
