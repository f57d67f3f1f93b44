"""Registry data model: Account Request (T01), Establishment User (T02), Establishment with its licences and
authorized contacts (T13), AEO Message (T18), and the Reason, Area and Decision Record masters and children.

Good records save; each rule of the data dictionary is refused with its message and saves nothing; over REST each
establishment, and each local customs administration, sees only its own records.
"""

import re
import uuid

import frappe
import pytest
from frappe.utils import add_days, getdate, today

from tests.support.factories import ISSUER, http_session, make_establishment, make_user, private_file, unique
from tests.support.factories import account_request as make_account_request

A, B = "REG-AUH-1", "REG-DXB-1"


def email() -> str:
	return f"reg.{uuid.uuid4().hex[:10]}@test.example"


def refused(doc, match: str, exception=frappe.ValidationError):
	"""Saving `doc` fails with `match` in the message, and the transaction is rolled back."""
	with pytest.raises(exception, match=match):
		doc.insert() if doc.is_new() else doc.save()
	frappe.db.rollback()


@pytest.fixture(scope="module")
def world():
	make_establishment(A, emirate="Abu Dhabi")
	make_establishment(B, emirate="Dubai")
	people = {
		"a": make_user(
			"reg.portal.a@test.example", ["Establishment Account Manager"], scope={"Establishment": A}
		),
		"b": make_user(
			"reg.portal.b@test.example", ["Establishment Account Manager"], scope={"Establishment": B}
		),
		"a_entry": make_user("reg.entry.a@test.example", ["AEO Data Entry User"], scope={"Establishment": A}),
		"auh": make_user(
			"reg.auh@test.example",
			["Customs Administrator"],
			scope={"Customs Administration": "Abu Dhabi Customs"},
		),
		"dxb": make_user(
			"reg.dxb@test.example",
			["Customs Administrator"],
			scope={"Customs Administration": "Dubai Customs"},
		),
		"gac": make_user("reg.gac@test.example", ["Federal Administrator"]),
	}
	if not frappe.db.exists("Area", "Al Reem Island - Abu Dhabi"):
		frappe.get_doc(
			{
				"doctype": "Area",
				"area_name": "Al Reem Island",
				"area_name_ar": "جزيرة الريم",
				"emirate": "Abu Dhabi",
			}
		).insert()
	if not frappe.db.exists("Area", "Al Barsha - Dubai"):
		frappe.get_doc(
			{"doctype": "Area", "area_name": "Al Barsha", "area_name_ar": "البرشاء", "emirate": "Dubai"}
		).insert()
	frappe.db.commit()
	return people


def listed(user: str, doctype: str) -> set[str]:
	response = http_session(user).get(f"/api/resource/{doctype}", params={"limit_page_length": 0})
	response.raise_for_status()
	return {row["name"] for row in response.json()["data"]}


def opened(user: str, doctype: str, name: str):
	return http_session(user).get(f"/api/resource/{doctype}/{name}")


def assert_scoped(world, doctype: str, record_a: str, record_b: str, portal: bool = True):
	"""A's record: visible to A and Abu Dhabi staff, hidden from B and Dubai staff; federal staff see both."""
	if portal:
		assert record_a in listed(world["a"], doctype) and record_b not in listed(world["a"], doctype)
		assert record_a not in listed(world["b"], doctype)
		assert opened(world["b"], doctype, record_a).status_code == 403
		assert opened(world["a"], doctype, record_a).status_code == 200
	assert record_a in listed(world["auh"], doctype) and record_b not in listed(world["auh"], doctype)
	assert record_a not in listed(world["dxb"], doctype)
	assert opened(world["dxb"], doctype, record_a).status_code == 403
	assert {record_a, record_b} <= listed(world["gac"], doctype)


# ---------------------------------------------------------------- masters: Reason, Area ---------------------------


def reason(**values):
	return frappe.get_doc(
		{
			"doctype": "Reason",
			"reason_type": "Account Request Rejection",
			"reason": "Missing data",
			"reason_ar": "نقص في البيانات",
			**values,
		}
	)


def test_a_good_reason_saves():
	doc = reason().insert()
	assert frappe.db.get_value("Reason", doc.name, "reason_type") == "Account Request Rejection"
	frappe.db.rollback()


@pytest.mark.parametrize(
	"values,match",
	[
		({"reason_ar": "Missing data"}, "must be written in Arabic letters"),
		({"reason_type": "Holiday"}, "Holiday"),
		({"reason_ar": None}, "reason_ar"),
	],
)
def test_a_bad_reason_is_refused(values, match):
	text = unique("Reg reason")
	refused(reason(reason=text, **values), match)
	assert not frappe.db.exists("Reason", {"reason": text})


def test_a_good_area_saves_and_a_non_arabic_name_is_refused():
	name = unique("Reg Area")
	doc = frappe.get_doc(
		{"doctype": "Area", "area_name": name, "area_name_ar": "منطقة", "emirate": "Dubai"}
	).insert()
	assert doc.name == f"{name} - Dubai"
	frappe.db.rollback()
	bad = frappe.get_doc({"doctype": "Area", "area_name": name, "area_name_ar": "Area", "emirate": "Dubai"})
	refused(bad, "must be written in Arabic letters")
	assert not frappe.db.exists("Area", f"{name} - Dubai")


# ---------------------------------------------------------------- Account Request (T01) ----------------------------


def account_request(**values):
	return make_account_request(**({"email": email(), "licence_number": unique("REG-ACR")} | values))


def rejection_reason(is_other: int, reason_type: str = "Account Request Rejection") -> str:
	return reason(reason=unique("Reg reason"), reason_type=reason_type, is_other=is_other).insert().name


def test_t01_a_good_request_gets_its_number_status_date_and_customs_administration():
	"""T01-01…T01-13, T01-15 (BR.2 format), T01-16, T01-18; BR.3 routing; T01-05 stored in E.164."""
	doc = account_request(status="Approved").insert()
	prefix = frappe.get_single("AEO Settings").account_request_ref_format.split(".")[0]
	assert doc.name.startswith(prefix) and re.search(r"\d{3,}$", doc.name)
	assert doc.reference_number == doc.name
	assert doc.status == "Submitted"  # T01-18: a new request is always Submitted
	assert doc.submission_date and not doc.decision_date
	assert doc.customs_administration == "Abu Dhabi Customs"
	assert doc.mobile_no == "+971501234567"
	frappe.db.rollback()


def test_t01_04_t01_14_a_representative_saves_with_an_authorization_document():
	doc = account_request(
		applicant_role="Representative / Authorized", authorization_document=private_file()
	).insert()
	assert frappe.db.exists("Account Request", doc.name)
	frappe.db.rollback()


MANDATORY = [
	"applicant_name_ar",
	"applicant_name",
	"job_title",
	"applicant_role",
	"mobile_no",
	"email",
	"establishment_name",
	"establishment_name_ar",
	"emirate",
	"licence_issuer",
	"licence_number",
	"valid_licence",
	"emirates_id_copy",
]


@pytest.mark.parametrize("fieldname", MANDATORY)
def test_t01_mandatory_fields_are_required(fieldname):
	"""T01-01…T01-13 are mandatory (M)."""
	doc = account_request(**{fieldname: None})
	refused(doc, fieldname, frappe.MandatoryError)
	assert not frappe.db.exists(
		"Account Request", {"email": doc.email or "-", "licence_number": doc.licence_number or "-"}
	)


BAD_VALUES = [
	("T01-01", {"applicant_name_ar": "Ahmed Ali"}, "must be written in Arabic letters"),
	("T01-02", {"applicant_name": "أحمد علي"}, "must be written in English letters"),
	("T01-07", {"establishment_name_ar": "Registry Trading"}, "must be written in Arabic letters"),
	("T01-08", {"establishment_name": "شركة السجل"}, "must be written in English letters"),
	("T01-05", {"mobile_no": "12345"}, "enter a UAE number"),
	("T01-06", {"email": "not-an-e-mail"}, "not a valid Email Address"),
	("T01-09 BR.27", {"emirate": "Sharjah", "licence_issuer": None}, "accepted only for licences issued in"),
	("T01-10", {"licence_issuer": ISSUER["Dubai"]}, "does not issue licences in"),
	("T01-14", {"applicant_role": "Representative / Authorized"}, "required when the applicant represents"),
]


@pytest.mark.parametrize("ref,values,match", BAD_VALUES, ids=[v[0] for v in BAD_VALUES])
def test_t01_bad_values_are_refused(ref, values, match):
	if values.get("emirate") == "Sharjah":
		values["licence_issuer"] = frappe.db.get_value("Licence Issuer", {"emirate": "Sharjah"})
	doc = account_request(**values)
	refused(doc, match)
	assert not frappe.db.exists("Account Request", {"licence_number": doc.licence_number})


@pytest.mark.parametrize("fieldname", ["valid_licence", "emirates_id_copy", "authorization_document"])
@pytest.mark.parametrize(
	"file,match",
	[
		({"extension": "docx"}, "only these file types are accepted"),
		({"size": 6 * 1024 * 1024}, "larger than 5 MB"),
		({"is_private": 0}, "must be uploaded as private"),
	],
)
def test_t01_12_to_14_attachments_of_a_wrong_type_size_or_visibility_are_refused(fieldname, file, match):
	doc = account_request(applicant_role="Representative / Authorized", authorization_document=private_file())
	doc.set(fieldname, private_file(**file))
	refused(doc, match)
	assert not frappe.db.exists("Account Request", {"licence_number": doc.licence_number})


def test_t01_06_br1_an_e_mail_with_an_account_or_an_open_request_is_refused(world):
	refused(account_request(email=world["a"]), "already uses this e-mail")
	first = account_request().insert()
	frappe.db.commit()
	second = account_request(email=first.email)
	refused(second, "already uses this e-mail")
	assert frappe.db.count("Account Request", {"email": first.email}) == 1


def test_t01_06_br1_a_rejected_applicant_may_apply_again():
	first = account_request().insert()
	first.append("rejection_reasons", {"reason": rejection_reason(is_other=0)})
	first.status = "Rejected"
	first.save()
	again = account_request(email=first.email, licence_number=first.licence_number).insert()
	assert frappe.db.count("Account Request", {"email": first.email}) == 2 and again.status == "Submitted"
	frappe.db.rollback()


def test_t01_11_a_licence_that_has_an_account_or_an_open_request_is_refused():
	refused(account_request(licence_number=A), "already exists for this licence")
	first = account_request().insert()
	frappe.db.commit()
	refused(account_request(licence_number=first.licence_number), "already exists for this licence")
	assert frappe.db.count("Account Request", {"licence_number": first.licence_number}) == 1


@pytest.fixture
def submitted_request():
	doc = account_request().insert()
	frappe.db.commit()
	return doc


def test_t01_21_rejection_needs_a_reason_of_its_type(submitted_request):
	doc = frappe.get_doc("Account Request", submitted_request.name)
	doc.status = "Rejected"
	refused(doc, "choose at least one reason")
	doc = frappe.get_doc("Account Request", submitted_request.name)
	doc.status = "Rejected"
	doc.append(
		"rejection_reasons", {"reason": rejection_reason(is_other=0, reason_type="Application Return")}
	)
	refused(doc, "choose reasons of the type")
	assert frappe.db.get_value("Account Request", doc.name, "status") == "Submitted"


def test_t01_22_other_needs_remarks_and_t01_17_the_decision_date_is_set(submitted_request):
	doc = frappe.get_doc("Account Request", submitted_request.name)
	doc.status = "Rejected"
	doc.append("rejection_reasons", {"reason": rejection_reason(is_other=1)})
	refused(doc, "required when the reason")
	assert frappe.db.get_value("Account Request", doc.name, "status") == "Submitted"
	doc = frappe.get_doc("Account Request", submitted_request.name)
	doc.status = "Rejected"
	doc.append("rejection_reasons", {"reason": rejection_reason(is_other=1)})
	doc.rejection_remarks = "The licence copy is unreadable."
	doc.save()
	assert getdate(doc.decision_date) == getdate(today())
	frappe.db.rollback()


def test_t01_19_approval_links_the_user_and_its_username_and_the_establishment(submitted_request):
	"""T01-19: the approved request shows the user (and username) created for the applicant; T01-17 is set."""
	request = frappe.get_doc("Account Request", submitted_request.name)
	request.status = "Approved"  # the workflow's last step (tests/integration/test_account_review.py drives it)
	request.save()
	request.reload()
	assert (request.user, request.establishment) == (request.email, request.licence_number)
	assert request.username == frappe.db.get_value("User", request.user, "username")
	assert getdate(request.decision_date) == getdate(today())
	frappe.db.rollback()


def test_t01_decision_history_is_a_decision_record_table():
	table = frappe.get_meta("Account Request").get_field("decisions")
	assert table.options == "Decision Record" and table.permlevel == 1
	assert all(df.read_only for df in frappe.get_meta("Decision Record").fields)


def test_t01_requests_are_scoped_to_their_customs_administration(world):
	auh = account_request().insert()
	dxb = account_request(emirate="Dubai", licence_issuer=ISSUER["Dubai"]).insert()
	frappe.db.commit()
	assert_scoped(world, "Account Request", auh.name, dxb.name, portal=False)
	assert http_session(world["a"]).get("/api/resource/Account Request").status_code == 403


# ---------------------------------------------------------------- Establishment, licences, contacts (T13) ---------


def establishment(**values):
	number = unique("REG-EST")
	return frappe.get_doc(
		{
			"doctype": "Establishment",
			"establishment_name": "Registry Logistics L.L.C",
			"establishment_name_ar": "السجل للخدمات اللوجستية",
			"legal_form": "Limited liability company (LLC)",
			"email": "info@registry.example",
			"mobile_no": "02 123 4567",
			"emirate": "Abu Dhabi",
			"licence_issuer": ISSUER["Abu Dhabi"],
			"licence_number": number,
			"licence_issue_date": "2025-01-01",
			"licence_expiry_date": add_days(today(), 400),
			"head_office_emirate": "Abu Dhabi",
			"area": "Al Reem Island - Abu Dhabi",
			"detailed_address": "Tower 3, Floor 12",
			"customs_code": unique("AE-C"),
			"establishment_date": "2015-05-01",
			"website": "https://registry.example",
			"licences": [branch()],
			"authorized_contacts": [contact()],
			**values,
		}
	)


def branch(**values):
	return {
		"licence_type": "Branch",
		"branch_name": "Jebel Ali Branch",
		"branch_name_ar": "فرع جبل علي",
		"emirate": "Dubai",
		"licence_issuer": ISSUER["Dubai"],
		"licence_number": unique("REG-BR"),
		"licence_issue_date": "2025-02-01",
		"licence_expiry_date": add_days(today(), 300),
		**values,
	}


def contact(**values):
	return {
		"contact_name_ar": "سارة محمد",
		"contact_name": "Sara Mohammed",
		"job_title": "Compliance Officer",
		"email": "sara@registry.example",
		"mobile_no": "0559876543",
		**values,
	}


def test_a_good_establishment_saves_with_its_address_licences_and_contacts(world):
	doc = establishment().insert()
	assert [row.licence_type for row in doc.licences] == ["Head Office", "Branch"]
	head = doc.licences[0]
	assert (head.licence_number, head.emirate, head.licence_issuer) == (
		doc.name,
		"Abu Dhabi",
		ISSUER["Abu Dhabi"],
	)
	assert doc.customs_administration == "Abu Dhabi Customs" and doc.aeo_status == "Not a Member"
	assert doc.mobile_no == "+97121234567"
	assert doc.authorized_contacts[0].mobile_no == "+971559876543"  # T13-04
	doc.licence_expiry_date = add_days(today(), 500)
	doc.save()  # the head office row follows the establishment's licence
	assert len(doc.licences) == 2 and str(doc.licences[0].licence_expiry_date) == str(
		getdate(add_days(today(), 500))
	)
	frappe.db.rollback()


BAD_ESTABLISHMENTS = [
	("T03-14 area of another emirate", {"area": "Al Barsha - Dubai"}, "is not an area of"),
	("T03-10 future date", {"establishment_date": add_days(today(), 10)}, "cannot be in the future"),
	("T03-12 website", {"website": "not a website"}, "not a valid URL"),
	("T03-11 phone", {"mobile_no": "+44 20 7946 0000"}, "enter a UAE number"),
	("branch expired", {"licences": [branch(licence_expiry_date=add_days(today(), -1))]}, "has expired"),
	(
		"branch dates",
		{"licences": [branch(licence_issue_date="2025-03-01", licence_expiry_date="2025-02-01")]},
		"must come after its issue date",
	),
	(
		"branch issuer",
		{"licences": [branch(licence_issuer=ISSUER["Abu Dhabi"])]},
		"does not issue licences in",
	),
	(
		"branch twice",
		{"licences": [branch(licence_number="REG-TWICE"), branch(licence_number="REG-TWICE")]},
		"is listed twice",
	),
	("licence of another establishment", {"licences": [branch(licence_number=A)]}, "belongs to"),
	(
		"T13-01",
		{"authorized_contacts": [contact(contact_name_ar="Sara")]},
		"must be written in Arabic letters",
	),
	("T13-02", {"authorized_contacts": [contact(contact_name="سارة")]}, "must be written in English letters"),
	("T13-03", {"authorized_contacts": [contact(email="sara-at-registry")]}, "not a valid Email Address"),
	("T13-04", {"authorized_contacts": [contact(mobile_no="555")]}, "enter a UAE number"),
]


@pytest.mark.parametrize("ref,values,match", BAD_ESTABLISHMENTS, ids=[v[0] for v in BAD_ESTABLISHMENTS])
def test_bad_establishment_data_is_refused(world, ref, values, match):
	doc = establishment(**values)
	refused(doc, match)
	assert not frappe.db.exists("Establishment", doc.licence_number)


@pytest.mark.parametrize("fieldname", ["contact_name_ar", "contact_name", "email", "mobile_no", "job_title"])
def test_t13_contact_fields_are_mandatory(world, fieldname):
	doc = establishment(authorized_contacts=[contact(**{fieldname: None})])
	refused(doc, fieldname, frappe.MandatoryError)
	assert not frappe.db.exists("Establishment", doc.licence_number)


def test_a_branch_licence_that_expires_later_stays_on_record(world):
	doc = establishment().insert()
	frappe.db.set_value("Establishment Licence", doc.licences[1].name, "licence_expiry_date", "2025-06-01")
	doc = frappe.get_doc("Establishment", doc.name)
	doc.customs_code = unique("AE-C")
	doc.save()
	assert str(doc.licences[1].licence_expiry_date) == "2025-06-01"
	frappe.db.rollback()


def test_establishments_are_scoped_and_customs_only_fields_hidden_from_portal_users(world):
	assert_scoped(world, "Establishment", A, B)
	frappe.db.set_value("Establishment", A, "main_account_manager", world["auh"])
	frappe.db.commit()
	assert opened(world["a"], "Establishment", A).json()["data"]["licence_number"] == A
	assert not opened(world["a"], "Establishment", A).json()["data"].get("main_account_manager")
	assert opened(world["auh"], "Establishment", A).json()["data"]["main_account_manager"] == world["auh"]


# ---------------------------------------------------------------- Establishment User (T02) -------------------------


def establishment_user(**values):
	return frappe.get_doc(
		{
			"doctype": "Establishment User",
			"establishment": A,
			"portal_role": "AEO Data Entry User",
			"full_name_ar": "خالد سالم",
			"full_name": "Khalid Salem",
			"job_title": "Customs Clerk",
			"mobile_no": "+971 50 111 2233",
			"email": email(),
			**values,
		}
	)


def test_t02_a_good_user_gets_a_frappe_user_username_role_and_scope():
	"""T02-01…T02-06; the password (T02-07) is set by the user through the welcome e-mail (A-05)."""
	doc = establishment_user(user="Administrator").insert()
	assert doc.user == doc.email and doc.user != "Administrator"
	user = frappe.get_doc("User", doc.user)
	prefix = frappe.get_single("AEO Settings").username_format.split(".")[0]
	assert doc.username == user.username and user.username.startswith(prefix)
	roles = {row.role for row in user.roles}
	assert (
		user.user_type == "Website User"
		and "AEO Data Entry User" in roles
		and "Establishment Account Manager" not in roles
	)
	assert frappe.db.exists("User Permission", {"user": doc.user, "allow": "Establishment", "for_value": A})
	assert doc.mobile_no == "+971501112233" and doc.customs_administration == "Abu Dhabi Customs"
	doc.update({"portal_role": "Establishment Account Manager", "enabled": 0})
	doc.save()
	user.reload()
	roles = {row.role for row in user.roles}
	assert (
		"Establishment Account Manager" in roles and "AEO Data Entry User" not in roles and not user.enabled
	)
	frappe.db.rollback()


@pytest.mark.parametrize(
	"ref,values,match",
	[
		("T02-01", {"full_name_ar": "Khalid"}, "must be written in Arabic letters"),
		("T02-02", {"full_name": "خالد"}, "must be written in English letters"),
		("T02-04", {"mobile_no": "0712"}, "enter a UAE number"),
		("T02-05", {"email": "khalid@"}, "not a valid Email Address"),
		("T02-05 unique", {"email": "reg.portal.b@test.example"}, "already linked to another user"),
	],
)
def test_t02_bad_values_are_refused(world, ref, values, match):
	doc = establishment_user(**values)
	refused(doc, match)
	assert not frappe.db.exists("Establishment User", doc.email)


@pytest.mark.parametrize(
	"fieldname", ["full_name_ar", "full_name", "job_title", "mobile_no", "email", "establishment"]
)
def test_t02_mandatory_fields_are_required(world, fieldname):
	"""T02-01…T02-05 are mandatory; the e-mail also names the record, so Frappe asks for it first."""
	doc = establishment_user(**{fieldname: None})
	refused(doc, f"{fieldname}|E-mail Address is required")
	assert not frappe.db.exists("Establishment User", doc.email or "-")
	assert not frappe.db.exists("User", doc.email or "-")


@pytest.fixture(scope="module")
def users_of_both(world):
	names = {}
	for key, establishment_name in (("a", A), ("b", B)):
		address = f"reg.staff.{key}@test.example"
		if not frappe.db.exists("Establishment User", address):
			establishment_user(establishment=establishment_name, email=address).insert()
		names[key] = address
	frappe.db.commit()
	return names


def test_t02_establishment_users_are_scoped(world, users_of_both):
	assert_scoped(world, "Establishment User", users_of_both["a"], users_of_both["b"])
	assert http_session(world["a_entry"]).get("/api/resource/Establishment User").status_code == 403


def test_t02_an_account_manager_cannot_add_users_to_another_establishment(world):
	values = establishment_user(establishment=B).as_dict()
	response = http_session(world["a"]).post(
		"/api/resource/Establishment User",
		json={
			k: values[k]
			for k in (
				"establishment",
				"portal_role",
				"full_name_ar",
				"full_name",
				"job_title",
				"mobile_no",
				"email",
			)
		},
	)
	assert response.status_code == 403
	assert not frappe.db.exists("Establishment User", values["email"])


# ---------------------------------------------------------------- AEO Message (T18) --------------------------------


def message(**values):
	return frappe.get_doc(
		{
			"doctype": "AEO Message",
			"establishment": A,
			"subject": "Licence renewal",
			"message": "<p>Please send the renewed licence.</p>",
			**values,
		}
	)


def test_t18_a_message_is_stamped_and_a_reply_keeps_its_subject(world):
	"""T18-01…T18-04 on the message, T18-05…T18-08 on the reply."""
	first = message(attachment=private_file()).insert()
	assert first.sent_on and first.sender == "Administrator" and first.direction == "Customs to Establishment"
	assert first.customs_administration == "Abu Dhabi Customs" and first.name.startswith("MSG-")
	reply = message(
		in_reply_to=first.name,
		subject="Something else",
		message="<p>Attached.</p>",
		attachment=private_file(),
	).insert()
	assert reply.subject == "Licence renewal" and reply.sent_on
	frappe.db.rollback()


@pytest.mark.parametrize("fieldname", ["subject", "message", "establishment"])
def test_t18_01_02_subject_and_message_are_mandatory(world, fieldname):
	doc = message(**{fieldname: None})
	refused(doc, fieldname, frappe.MandatoryError)
	assert not frappe.db.exists("AEO Message", {"message": doc.message or "-", "subject": doc.subject or "-"})


def test_t18_bad_messages_are_refused(world, users_of_both):
	subject = unique("Reg subject")
	refused(message(subject=subject, attachment=private_file("docx")), "only these file types are accepted")
	refused(message(subject=subject, reference_doctype="Establishment User"), "choose the related document")
	refused(
		message(subject=subject, reference_doctype="Establishment User", reference_name=users_of_both["b"]),
		"concerns another establishment",
	)
	other = message(establishment=B).insert()
	refused(message(subject=subject, in_reply_to=other.name), "belongs to another establishment")
	assert not frappe.db.exists("AEO Message", {"subject": subject})


def test_t18_portal_users_write_to_their_own_customs_only(world):
	session = http_session(world["a_entry"])
	sent = session.post(
		"/api/resource/AEO Message", json={"establishment": A, "subject": "Question", "message": "Hello"}
	)
	assert sent.status_code == 200, sent.text
	data = sent.json()["data"]
	assert data["direction"] == "Establishment to Customs" and data["sender"] == world["a_entry"]
	subject = unique("Reg foreign")
	forged = session.post(
		"/api/resource/AEO Message", json={"establishment": B, "subject": subject, "message": "x"}
	)
	assert forged.status_code == 403 and not frappe.db.exists("AEO Message", {"subject": subject})
	assert (
		session.put(f"/api/resource/AEO Message/{data['name']}", json={"message": "changed"}).status_code
		== 403
	)


def test_t18_messages_are_scoped(world):
	a = message().insert()
	b = message(establishment=B).insert()
	frappe.db.commit()
	assert_scoped(world, "AEO Message", a.name, b.name)
	assert a.name in listed(
		world["a_entry"], "AEO Message"
	)  # §5.2.9: every user of the account sees all messages


def test_t18_a_message_relates_only_to_the_establishments_own_records():
	refused(message(reference_doctype="User", reference_name="Administrator"), "only to the establishment's own records")


def test_t02_removing_a_portal_user_leaves_no_way_in():
	doc = establishment_user(email=email()).insert()
	frappe.db.commit()
	doc.delete()
	assert frappe.db.get_value("User", doc.user, "enabled") == 0
	assert not frappe.db.exists("User Permission", {"user": doc.user, "allow": "Establishment"})
	frappe.db.rollback()
