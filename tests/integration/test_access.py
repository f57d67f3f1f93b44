"""Server-side access at platform level: staff scoped to their customs administration, portal roles kept off the desk.

The full permission matrix per DocType comes with the data model; this checks the ground it stands on.
"""

import frappe
import pytest

from tests.support.factories import PASSWORD, http_session, make_establishment, make_user


@pytest.fixture(scope="module")
def people():
	make_establishment("ACC-AUH-1", emirate="Abu Dhabi")
	make_establishment("ACC-DXB-1", emirate="Dubai")
	return {
		"auh": make_user("acc.auh@test.example", ["Customs Administrator"], scope={"Customs Administration": "Abu Dhabi Customs"}),
		"dxb": make_user("acc.dxb@test.example", ["Customs Administrator"], scope={"Customs Administration": "Dubai Customs"}),
		"gac": make_user("acc.gac@test.example", ["Federal Administrator"]),
		"portal": make_user("acc.portal@test.example", ["Establishment Account Manager"]),
	}


def listed(user):
	response = http_session(user).get("/api/resource/Establishment", params={"limit_page_length": 0})
	response.raise_for_status()
	return {row["name"] for row in response.json()["data"]} & {"ACC-AUH-1", "ACC-DXB-1"}


def test_local_staff_see_only_their_emirate(people):
	assert listed(people["auh"]) == {"ACC-AUH-1"}
	assert listed(people["dxb"]) == {"ACC-DXB-1"}


def test_local_staff_cannot_open_another_emirates_record(people):
	response = http_session(people["dxb"]).get("/api/resource/Establishment/ACC-AUH-1")
	assert response.status_code == 403


def test_federal_staff_see_all(people):
	assert listed(people["gac"]) == {"ACC-AUH-1", "ACC-DXB-1"}


def test_staff_land_in_the_desk_and_portal_users_on_the_portal(people):
	def landing(user):
		session = http_session()
		return session.post("/api/method/login", json={"usr": user, "pwd": PASSWORD}).json()["home_page"]

	assert landing(people["gac"]) == "/app/aeo"
	assert not landing(people["portal"]).startswith("/app")


def test_portal_users_get_no_desk_and_no_staff_data(people):
	session = http_session(people["portal"])  # a portal user scoped to no establishment
	assert session.get("/api/resource/Establishment").json()["data"] == []
	assert session.get("/api/resource/Establishment/ACC-AUH-1").status_code == 403
	desk = session.get("/app/aeo", allow_redirects=False)
	assert desk.status_code in (302, 303) or "login" in desk.text.lower()


def test_guests_get_nothing(people):
	assert http_session().get("/api/resource/Establishment").status_code == 403


def test_first_portal_user_of_a_new_site_gets_no_system_manager(people):
	"""Frappe gives System Manager to a new System User when a site has none besides Administrator: an establishment
	user must never be that user."""
	frappe.db.delete("Has Role", {"role": "System Manager", "parent": ("!=", "Administrator")})  # rolled back below
	frappe.flags.mute_emails = True  # the welcome e-mail would be sent at once, committing the deletion above
	try:
		frappe.get_doc({"doctype": "Establishment User", "establishment": "ACC-AUH-1",
			"portal_role": "Establishment Account Manager", "full_name": "First Portal User",
			"full_name_ar": "أول مستخدم", "job_title": "Manager", "mobile_no": "+971501112233",
			"email": "first.portal@test.example"}).insert()
		assert "System Manager" not in frappe.get_roles("first.portal@test.example")
		assert frappe.db.get_value("User", "first.portal@test.example", "user_type") == "Website User"
	finally:
		frappe.flags.mute_emails = False
		frappe.db.rollback()


def test_portal_users_cannot_set_what_the_system_sets(people):
	"""read_only fields (here a joining application's status) are refused when a portal user writes them over REST."""
	portal = make_user("acc.portal.auh@test.example", ["Establishment Account Manager"], scope={"Establishment": "ACC-AUH-1"})
	if not frappe.db.exists("Joining Application", "ACC-APP-1"):
		doc = frappe.new_doc("Joining Application")
		doc.update({"name": "ACC-APP-1", "establishment": "ACC-AUH-1", "customs_administration": "Abu Dhabi Customs", "status": "Draft"})
		doc.db_insert()
		frappe.db.commit()
	response = http_session(portal).put("/api/resource/Joining Application/ACC-APP-1", json={"status": "Approved"})
	assert response.status_code == 403
	assert "is set by the system" in response.text
	assert frappe.db.get_value("Joining Application", "ACC-APP-1", "status") == "Draft"


def test_another_establishments_private_file_cannot_be_attached(people):
	"""A private file's URL typed into one's own record does not make another establishment's file readable."""
	from aeo.utils import validate_attachments

	from tests.support.factories import account_request, private_file

	theirs = private_file()  # uploaded by someone else (Administrator here)
	frappe.set_user(make_user("acc.portal.intruder@test.example", ["Establishment Account Manager"], scope={"Establishment": "ACC-DXB-1"}))
	try:
		doc = account_request(valid_licence=theirs)
		with pytest.raises(frappe.ValidationError, match="the file was not found"):
			validate_attachments(doc, ["valid_licence"])
		mine = private_file()
		doc.valid_licence = mine
		validate_attachments(doc, ["valid_licence"])
	finally:
		frappe.set_user("Administrator")
		frappe.db.rollback()


def test_a_record_cannot_be_moved_to_another_establishment(people):
	"""The link a record's scope comes from is set once: no one moves it into another establishment's scope."""
	if not frappe.db.exists("Joining Application", "ACC-APP-2"):
		doc = frappe.new_doc("Joining Application")
		doc.update({"name": "ACC-APP-2", "establishment": "ACC-AUH-1", "customs_administration": "Abu Dhabi Customs", "status": "Draft"})
		doc.db_insert()
		frappe.db.commit()
	for doctype, fieldname in (("Joining Application", "establishment"), ("Appeal", "establishment"),
			("Self Assessment", "joining_application"), ("Deadline Extension Request", "assessment_report")):
		assert frappe.get_meta(doctype).get_field(fieldname).set_only_once, (doctype, fieldname)
	doc = frappe.get_doc("Joining Application", "ACC-APP-2")
	doc.establishment = "ACC-DXB-1"
	with pytest.raises(frappe.ValidationError):
		doc.save()
	frappe.db.rollback()
	assert frappe.db.get_value("Joining Application", "ACC-APP-2", "establishment") == "ACC-AUH-1"


def test_a_portal_user_may_create_a_record_whose_reference_mirrors_its_name(people):
	"""Creating a joining application is refused for what is missing, never for its own reference number."""
	portal = make_user("acc.portal.auh@test.example", ["Establishment Account Manager"], scope={"Establishment": "ACC-AUH-1"})
	response = http_session(portal).post("/api/resource/Joining Application", json={"establishment": "ACC-AUH-1"})
	assert response.status_code == 417 and "is set by the system" not in response.text, response.text[:300]
