"""Data model of certification, monitoring, appeals and MRAs: BRD Tables 11, 12, 14, 15, 16 (§4.16) and 17 (§4.17).

Each good record saves; each field rule is refused with its message and saves nothing; establishment-owned
records (AEO Certificate, Control Plan, Appeal) stay within their establishment and customs administration over REST.
"""

import re

import frappe
import pytest
from aeo.aeo.doctype.aeo_settings.aeo_settings import settings
from frappe.utils import add_days, add_years, getdate, today

from tests.support.certification import branch_licence
from tests.support.factories import http_session, make_establishment, make_user

AUH, DXB = "CERT-AUH-1", "CERT-DXB-1"
AUH_BRANCH = "CERT-AUH-1-BR1"
AUH_BRANCHES = {
	AUH_BRANCH: ("Test Branch One", "فرع اختبار واحد", "Dubai"),
	"CERT-AUH-1-BR9": ("Test Branch Nine", "فرع اختبار تسعة", "Abu Dhabi"),
}
FEDERAL_AUTHORITY = "General Administration of Customs (Federal)"
MRA_COUNTRIES = ("Singapore", "Japan", "New Zealand")


# ---------------------------------------------------------------- helpers


def insert(values: dict):
	doc = frappe.get_doc(values).insert()
	frappe.db.commit()
	return doc


def refused(values: dict, message: str, exc=frappe.ValidationError):
	"""The insert fails with `message` (fieldnames for a MandatoryError) and leaves nothing behind."""
	with pytest.raises(exc, match=re.escape(message)):
		frappe.get_doc(values).insert()
	frappe.db.rollback()


def refused_change(doctype: str, name: str, changes: dict, message: str, exc=frappe.ValidationError):
	"""Saving `changes` on a stored record fails with `message`; the stored record is unchanged."""
	before = frappe.get_doc(doctype, name).as_dict()
	doc = frappe.get_doc(doctype, name)
	doc.update(changes)
	with pytest.raises(exc, match=re.escape(message)):
		doc.save()
	frappe.db.rollback()
	after = frappe.get_doc(doctype, name).as_dict()
	for fieldname in changes:
		assert after.get(fieldname) == before.get(fieldname), fieldname


def private_file(file_name: str, size: int = 2048, is_private: int = 1) -> str:
	content = f"%PDF-1.4 {file_name} {frappe.generate_hash()}\n".encode() + b"0" * size
	doc = frappe.get_doc(
		{"doctype": "File", "file_name": file_name, "is_private": is_private, "content": content}
	).insert(ignore_permissions=True)
	frappe.db.commit()
	return doc.file_url


def activity_rows(*activities):
	link = frappe.get_meta("Supply Chain Activity Item").get("fields", {"fieldtype": "Link"})[0].fieldname
	return [{link: activity} for activity in activities]


def listed(user: str, doctype: str) -> set[str]:
	response = http_session(user).get(f"/api/resource/{doctype}", params={"limit_page_length": 0})
	response.raise_for_status()
	return {row["name"] for row in response.json()["data"]}


def opened(user: str, doctype: str, name: str):
	return http_session(user).get(f"/api/resource/{doctype}/{name}")


# ---------------------------------------------------------------- fixtures


def with_branches(establishment: str) -> None:
	"""The Abu Dhabi establishment's branch licences (rows of Establishment.licences), added once."""
	doc = frappe.get_doc("Establishment", establishment)
	have = {row.licence_number for row in doc.licences}
	for number, (name, name_ar, emirate) in AUH_BRANCHES.items():
		if number not in have:
			doc.append("licences", branch_licence(number, name, name_ar, emirate))
	doc.save()
	frappe.db.commit()


@pytest.fixture(scope="module")
def people():
	make_establishment(AUH, emirate="Abu Dhabi")
	make_establishment(DXB, emirate="Dubai")
	with_branches(AUH)
	return {
		"a": make_user(
			"cert.est.a@test.example", ["Establishment Account Manager"], scope={"Establishment": AUH}
		),
		"b": make_user(
			"cert.est.b@test.example", ["Establishment Account Manager"], scope={"Establishment": DXB}
		),
		"auh": make_user(
			"cert.staff.auh@test.example",
			["Customs Administrator", "Appeals Officer"],
			scope={"Customs Administration": "Abu Dhabi Customs"},
		),
		"dxb": make_user(
			"cert.staff.dxb@test.example",
			["Customs Administrator", "Appeals Officer"],
			scope={"Customs Administration": "Dubai Customs"},
		),
		"kam": make_user(
			"cert.kam@test.example",
			["Main Account Manager"],
			scope={"Customs Administration": "Abu Dhabi Customs"},
		),
		"kam_dxb": make_user(
			"cert.kam.dxb@test.example",
			["Main Account Manager"],
			scope={"Customs Administration": "Dubai Customs"},
		),
		"gac": make_user("cert.gac@test.example", ["Federal Administrator"]),
	}


def benefit(code: str, benefit_type: str = "National", **values) -> str:
	name = frappe.db.get_value("Benefit", {"benefit_code": code})
	if name:
		return name
	return insert(
		{
			"doctype": "Benefit",
			"benefit_code": code,
			"benefit_type": benefit_type,
			"category": "Procedural",
			"benefit_name": f"Fast lane {code}",
			"benefit_name_ar": f"المسار السريع {code}",
			"description": "Priority clearance of consignments.",
			"description_ar": "أولوية في تخليص الشحنات.",
			"emirates": [{"emirate": "Abu Dhabi"}, {"emirate": "Dubai"}]
			if benefit_type == "National"
			else [],
			**values,
		}
	).name


@pytest.fixture(scope="module")
def benefits():
	return [benefit("CERT-B1"), benefit("CERT-B2", "GCC"), benefit("CERT-B3", "GCC")]


@pytest.fixture(scope="module")
def default_group(benefits):
	existing = frappe.db.get_value("Benefit Group", {"is_default": 1})
	if existing:
		return existing
	return insert(
		{
			"doctype": "Benefit Group",
			"group_name": "CERT Default Benefits",
			"group_description": "Benefits every new AEO receives.",
			"is_default": 1,
			"benefits": [{"benefit": b} for b in benefits[:2]],
		}
	).name


def certificate_values(establishment: str, **values) -> dict:
	return {
		"doctype": "AEO Certificate",
		"establishment": establishment,
		"licence_scope": "Head Office",
		**values,
	}


@pytest.fixture(scope="module")
def certificates(people, default_group):
	"""One head-office certificate for each establishment; earlier runs' certificates are cancelled first."""
	frappe.db.set_value(
		"AEO Certificate",
		{"licence_number": ("like", "CERT-%"), "status": ("!=", "Cancelled")},
		"status",
		"Cancelled",
	)
	frappe.db.commit()
	return {
		"auh": insert(certificate_values(AUH, main_account_manager=people["kam"])).name,
		"dxb": insert(certificate_values(DXB, main_account_manager=people["kam_dxb"])).name,
	}


def appeal_values(establishment: str = AUH, **values) -> dict:
	return {
		"doctype": "Appeal",
		"establishment": establishment,
		"appeal_reason": "Suspension of Membership",
		"decision_date": add_days(today(), -5),
		"appeal_details": "The suspension ignores the corrective actions we completed.",
		**values,
	}


@pytest.fixture(scope="module")
def appeals(certificates):
	return {
		"auh": insert(
			appeal_values(reference_doctype="AEO Certificate", reference_name=certificates["auh"])
		).name,
		"dxb": insert(appeal_values(DXB)).name,
	}


def plan_values(establishment: str = AUH, **values) -> dict:
	action = {
		"action": "Inspect the bonded warehouse's access log.",
		"action_status": "New",
		"frequency": "Monthly",
		"start_date": today(),
		"end_date": add_days(today(), 180),
	}
	return {"doctype": "Control Plan", "establishment": establishment, "actions": [action], **values}


@pytest.fixture(scope="module")
def plans(certificates):
	return {
		"auh": insert(plan_values(certificate=certificates["auh"])).name,
		"dxb": insert(plan_values(DXB, certificate=certificates["dxb"])).name,
	}


@pytest.fixture(scope="module")
def pdf():
	return private_file("cert-agreement.pdf")


def mra_values(country: str, pdf: str, agreed: list[str], **values) -> dict:
	return {
		"doctype": "Mutual Recognition Agreement",
		"partner_country": country,
		"signing_date": "2026-01-10",
		"effective_date": "2026-03-01",
		"trial_period": 6,
		"list_exchange_day": 15,
		"contact_person_name": "Tan Wei Ming",
		"contact_email": "aeo@customs.partner.example",
		"contact_phone": "+65 6355 2000",
		"agreement_document": pdf,
		"action_plan": pdf,
		"explanatory_notes": pdf,
		"agreed_benefits": [{"benefit": b} for b in agreed],
		**values,
	}


@pytest.fixture(scope="module")
def mra(pdf, benefits):
	"""An agreement with Singapore; earlier runs' agreements with the test countries are removed first."""
	for name in frappe.get_all(
		"Mutual Recognition Agreement", {"partner_country": ("in", MRA_COUNTRIES)}, pluck="name"
	):
		for operator in frappe.get_all("Partner Operator", {"mra": name}, pluck="name"):
			frappe.delete_doc("Partner Operator", operator, force=True)
		frappe.delete_doc("Mutual Recognition Agreement", name, force=True)
	frappe.db.commit()
	return insert(mra_values("Singapore", pdf, benefits[:2])).name


def operator_values(mra: str, code: str, **values) -> dict:
	return {
		"doctype": "Partner Operator",
		"mra": mra,
		"identification_code": code,
		"operator_name": f"Straits Logistics {code}",
		"address": "10 Pasir Panjang Road, Singapore",
		"status": "Active",
		"approval_date": "2024-05-01",
		"evaluation_date": "2027-05-01",
		"supply_chain_activities": activity_rows("Importer", "Exporter"),
		**values,
	}


# ---------------------------------------------------------------- AEO Certificate (T11)


def test_t11_head_office_certificate_fills_its_licence_data(people, certificates, default_group):
	"""T11-01…04, T11-07…12: licence data from the establishment, UAE federal authority, default group, issued
	Active today, valid until the re-assessment interval has passed (BR.24), a private QR image."""
	doc = frappe.get_doc("AEO Certificate", certificates["auh"])
	prefix = frappe.get_single("AEO Settings").certificate_number_format.split(".")[0]  # AEO-CRT- by default
	assert doc.name.startswith(prefix) and re.fullmatch(r"AEO-CRT-\d{4}-\d{5}", doc.name)
	assert (doc.licence_number, doc.establishment_name, doc.emirate) == (
		AUH,
		f"Test Establishment {AUH}",
		"Abu Dhabi",
	)
	assert doc.establishment_name_ar == f"منشأة اختبار {AUH}"
	assert (doc.issuing_country, doc.issuing_authority) == ("United Arab Emirates", FEDERAL_AUTHORITY)
	assert doc.customs_administration == "Abu Dhabi Customs"
	years = settings().periodic_reassessment_max_years
	assert (doc.status, getdate(doc.date_of_issue)) == ("Active", getdate(today()))
	assert getdate(doc.valid_until) == getdate(add_days(add_years(today(), years), -1))
	assert doc.qr_code.endswith(".svg")
	assert frappe.db.get_value("File", {"file_url": doc.qr_code}, "is_private") == 1
	assert doc.benefit_group == default_group
	assert doc.main_account_manager == people["kam"]


def test_t11_branch_certificate_takes_the_branch_licence_data(certificates):
	"""T11-01…04 for a branch: the licence row's number, names and emirate; the address is typed."""
	doc = insert(
		certificate_values(
			AUH,
			licence_scope="Branch",
			licence_number=AUH_BRANCH,
			establishment_name="Typed Over",
			detailed_address="Warehouse 12, Jebel Ali Free Zone",
		)
	)
	assert (doc.licence_number, doc.establishment_name, doc.establishment_name_ar, doc.emirate) == (
		AUH_BRANCH,
		"Test Branch One",
		"فرع اختبار واحد",
		"Dubai",
	)
	assert doc.detailed_address == "Warehouse 12, Jebel Ali Free Zone"
	doc.db_set("status", "Cancelled")
	frappe.db.commit()


def test_t11_one_certificate_per_trade_licence(certificates):
	"""§5.3.8 / T11-07: a licence holds one certificate in force at a time."""
	count = frappe.db.count("AEO Certificate", {"licence_number": AUH})
	refused(certificate_values(AUH), "a licence holds one certificate at a time")
	assert frappe.db.count("AEO Certificate", {"licence_number": AUH}) == count


@pytest.mark.parametrize("licence", [AUH, DXB, "CERT-NOBODY-1"], ids=["head office", "other establishment", "unknown"])
def test_t11_branch_certificate_needs_a_branch_licence_of_the_establishment(certificates, licence):
	"""Review finding C3: only a branch row of the establishment's own licences can be certified as a branch."""
	values = certificate_values(AUH, licence_scope="Branch", licence_number=licence)
	refused(values, f"Trade Licence Number: choose one of the branch licences of Test Establishment {AUH}")
	assert not frappe.db.exists("AEO Certificate", {"licence_number": licence, "licence_scope": "Branch"})


def test_t11_valid_until_cannot_precede_the_issue_date(certificates):
	values = certificate_values(
		AUH, licence_scope="Branch", licence_number="CERT-AUH-1-BR9", valid_until=add_days(today(), -1)
	)
	refused(values, "Valid Until cannot be before Date of Issue.")
	assert not frappe.db.exists("AEO Certificate", {"licence_number": "CERT-AUH-1-BR9", "status": "Active"})


def test_t11_main_account_manager_must_hold_the_role(people, certificates):
	refused_change(
		"AEO Certificate",
		certificates["dxb"],
		{"main_account_manager": people["a"]},
		f"Main Account Manager: {people['a']} does not hold the Main Account Manager role",
	)


def test_t11_certificates_stay_within_their_establishment(people, certificates):
	assert certificates["auh"] in listed(people["a"], "AEO Certificate")
	assert certificates["dxb"] not in listed(people["a"], "AEO Certificate")
	assert opened(people["a"], "AEO Certificate", certificates["auh"]).status_code == 200
	assert opened(people["b"], "AEO Certificate", certificates["auh"]).status_code == 403


def test_t11_local_staff_see_only_their_administrations_certificates(people, certificates):
	assert certificates["auh"] in listed(people["auh"], "AEO Certificate")
	assert certificates["dxb"] not in listed(people["auh"], "AEO Certificate")
	assert opened(people["dxb"], "AEO Certificate", certificates["auh"]).status_code == 403
	assert {certificates["auh"], certificates["dxb"]} <= listed(people["gac"], "AEO Certificate")


# ---------------------------------------------------------------- Benefit (T17) and Benefit Group (T16)


def test_t17_national_benefit_saves_with_its_emirates(benefits):
	"""T17-01…08."""
	doc = frappe.get_doc("Benefit", benefits[0])
	assert (doc.benefit_code, doc.benefit_type, doc.category, doc.enabled) == (
		"CERT-B1",
		"National",
		"Procedural",
		1,
	)
	assert doc.benefit_name_ar.startswith("المسار") and doc.description_ar and doc.description
	assert [row.emirate for row in doc.emirates] == ["Abu Dhabi", "Dubai"]


def test_t17_gcc_benefit_has_no_emirates(benefits):
	"""T17-08 is shown only for national benefits."""
	assert frappe.get_doc("Benefit", benefits[1]).emirates == []


def benefit_values(code: str, **values) -> dict:
	return {
		"doctype": "Benefit",
		"benefit_code": code,
		"benefit_type": "National",
		"category": "Financial",
		"benefit_name": "Deferred duty payment",
		"benefit_name_ar": "تأجيل سداد الرسوم",
		"description": "Duties paid monthly.",
		"description_ar": "تسدد الرسوم شهريا.",
		"emirates": [{"emirate": "Dubai"}],
		**values,
	}


@pytest.mark.parametrize(
	"values,message,exc",
	[
		(
			{"emirates": []},
			"Emirates: choose the emirates that grant this national benefit",
			frappe.ValidationError,
		),
		(
			{"benefit_name_ar": "Deferred duty"},
			"Benefit Name (Arabic) must be written in Arabic letters.",
			frappe.ValidationError,
		),
		(
			{"description_ar": "Monthly"},
			"Benefit Description (Arabic) must be written in Arabic letters.",
			frappe.ValidationError,
		),
		({"category": None}, "category", frappe.MandatoryError),
		({"benefit_type": None}, "benefit_type", frappe.MandatoryError),
		({"benefit_name": None}, "benefit_name", frappe.MandatoryError),
		({"description": None}, "description", frappe.MandatoryError),
	],
)
def test_t17_benefit_rules(values, message, exc):
	"""T17-02…08: Arabic fields in Arabic, mandatory fields, emirates mandatory for national benefits."""
	refused(benefit_values("CERT-BX", **values), message, exc)
	assert not frappe.db.exists("Benefit", {"benefit_code": "CERT-BX"})


def test_t17_benefit_code_is_unique(benefits):
	count = frappe.db.count("Benefit", {"benefit_code": "CERT-B1"})
	refused(benefit_values("CERT-B1"), "", frappe.UniqueValidationError)
	assert frappe.db.count("Benefit", {"benefit_code": "CERT-B1"}) == count


def test_t16_benefit_group_saves(benefits, default_group):
	"""T16-01…03 and the group's benefits (A-37)."""
	doc = insert(
		{
			"doctype": "Benefit Group",
			"group_name": f"CERT Group {frappe.generate_hash(length=6)}",
			"group_description": "Benefits for AEOs with warehousing.",
			"benefits": [{"benefit": benefits[0]}],
		}
	)
	assert doc.is_default == 0 and [row.benefit for row in doc.benefits] == [benefits[0]]
	assert frappe.db.get_value("Benefit Group", default_group, "is_default") == 1


def test_t16_only_one_default_group(benefits, default_group):
	values = {
		"doctype": "Benefit Group",
		"group_name": "CERT Second Default",
		"group_description": "Another default.",
		"is_default": 1,
		"benefits": [{"benefit": benefits[0]}],
	}
	refused(values, f"{default_group} is already the default benefit group")
	assert not frappe.db.exists("Benefit Group", "CERT Second Default")


@pytest.mark.parametrize(
	"fieldname,message,exc",
	[
		("group_name", "Group Name is required", frappe.ValidationError),
		("group_description", "group_description", frappe.MandatoryError),
		("benefits", "benefits", frappe.MandatoryError),
	],
)
def test_t16_group_mandatory_fields(benefits, fieldname, message, exc):
	"""T16-01, T16-02 and at least one benefit per group (§5.3.10.3)."""
	values = {
		"doctype": "Benefit Group",
		"group_name": "CERT Incomplete Group",
		"group_description": "Missing something.",
		"benefits": [{"benefit": benefits[0]}],
	}
	values[fieldname] = [] if fieldname == "benefits" else None
	refused(values, message, exc)
	assert not frappe.db.exists("Benefit Group", "CERT Incomplete Group")


def test_programme_masters_are_for_staff_only(people, benefits, default_group, mra):
	"""Benefits, groups, MRAs and partner operators: staff read, establishments get nothing (§5.2 defines no view)."""
	for doctype in ("Benefit", "Benefit Group", "Mutual Recognition Agreement", "Partner Operator"):
		assert http_session(people["a"]).get(f"/api/resource/{doctype}").status_code == 403
	assert benefits[0] in listed(people["auh"], "Benefit")
	assert mra in listed(people["dxb"], "Mutual Recognition Agreement")


# ---------------------------------------------------------------- Control Plan (T12)


def test_t12_control_plan_saves_and_assigns_the_main_account_manager(people, plans, certificates):
	"""T12-01…06; T12-03 defaults to the main account manager."""
	doc = frappe.get_doc("Control Plan", plans["auh"])
	assert re.fullmatch(r"CP-\d{4}-\d{5}", doc.name)
	assert (doc.licence_number, doc.customs_administration, doc.status) == (AUH, "Abu Dhabi Customs", "Draft")
	action = doc.actions[0]
	assert (action.action_status, action.frequency, action.assigned_to) == ("New", "Monthly", people["kam"])


def test_t12_closed_action_with_its_reason_saves(plans):
	"""T12-07."""
	doc = frappe.get_doc("Control Plan", plans["auh"])
	doc.append(
		"actions",
		{
			"action": "Check seal numbers at the gate.",
			"action_status": "Closed",
			"closure_reason": "The gate was closed for good.",
			"frequency": "Once",
			"assigned_to": "Administrator",
			"start_date": today(),
			"end_date": today(),
		},
	)
	doc.save()
	frappe.db.commit()
	assert frappe.db.count("Control Plan Action", {"parent": plans["auh"]}) == 2


@pytest.mark.parametrize(
	"row,message,exc",
	[
		(
			{"end_date": "2000-01-01"},
			"End Date cannot be before Start Date.",
			frappe.ValidationError,
		),
		(
			{"action_status": "Closed"},
			"Row 1: Reason for Closure is mandatory when the action is closed.",
			frappe.ValidationError,
		),
		({"action": None}, "action", frappe.MandatoryError),
		({"frequency": None}, "frequency", frappe.MandatoryError),
		({"start_date": None}, "start_date", frappe.MandatoryError),
		({"end_date": None}, "end_date", frappe.MandatoryError),
		({"frequency": "Hourly"}, "Frequency cannot be", frappe.ValidationError),
	],
)
def test_t12_action_rules(certificates, row, message, exc):
	"""T12-01, T12-04…07: mandatory fields, dates in order, closure reason when closed."""
	values = plan_values(certificate=certificates["auh"])
	values["actions"][0].update(row)
	count = frappe.db.count("Control Plan")
	refused(values, message, exc)
	assert frappe.db.count("Control Plan") == count


def test_t12_plan_needs_an_action(certificates):
	count = frappe.db.count("Control Plan")
	refused(plan_values(actions=[]), "actions", frappe.MandatoryError)
	assert frappe.db.count("Control Plan") == count


def test_t12_certificate_of_another_establishment_is_refused(certificates):
	count = frappe.db.count("Control Plan")
	refused(
		plan_values(certificate=certificates["dxb"]),
		"Certificate: this certificate belongs to another establishment",
	)
	assert frappe.db.count("Control Plan") == count


def test_t12_control_plans_are_customs_only_and_scoped(people, plans):
	"""The plan is customs' monitoring tool: no establishment access; local staff see their administration's."""
	assert http_session(people["a"]).get("/api/resource/Control Plan").status_code == 403
	assert opened(people["a"], "Control Plan", plans["auh"]).status_code == 403
	assert plans["auh"] in listed(people["auh"], "Control Plan")
	assert plans["dxb"] not in listed(people["auh"], "Control Plan")
	assert opened(people["dxb"], "Control Plan", plans["auh"]).status_code == 403
	assert opened(people["kam"], "Control Plan", plans["auh"]).status_code == 200


# ---------------------------------------------------------------- Appeal (T14)


def test_t14_appeal_saves_with_its_submission_date(appeals, certificates):
	"""T14-01, T14-02, T14-04."""
	doc = frappe.get_doc("Appeal", appeals["auh"])
	assert re.fullmatch(r"APL-\d{4}-\d{5}", doc.name)
	assert (doc.status, getdate(doc.submission_date), doc.customs_administration) == (
		"Received",
		getdate(today()),
		"Abu Dhabi Customs",
	)
	assert (doc.appeal_reason, doc.reference_name) == ("Suspension of Membership", certificates["auh"])


def test_t14_supporting_document_saves():
	"""T14-03."""
	doc = insert(appeal_values(supporting_document=private_file("cert-appeal-support.pdf")))
	assert doc.supporting_document.startswith("/private/files/")


@pytest.mark.parametrize(
	"values,message,exc",
	[
		(
			{"decision_date": add_days(today(), -31)},
			"within 30 days of the decision (BR.21)",
			frappe.ValidationError,
		),
		(
			{"decision_date": add_days(today(), 1)},
			"Submission Date cannot be before Decision Notified On.",
			frappe.ValidationError,
		),
		({"appeal_reason": None}, "appeal_reason", frappe.MandatoryError),
		({"appeal_details": None}, "appeal_details", frappe.MandatoryError),
		({"decision_date": None}, "decision_date", frappe.MandatoryError),
		({"appeal_reason": "Bad mood"}, "Reason for Appeal cannot be", frappe.ValidationError),
	],
)
def test_t14_appeal_rules(values, message, exc):
	"""T14-01, T14-02, T14-04: mandatory fields and the BR.21 appeal window."""
	refused(appeal_values(**({"appeal_details": "CERT rule check"} | values)), message, exc)
	assert not frappe.db.exists("Appeal", {"appeal_details": "CERT rule check"})


def test_t14_appealed_record_must_match_the_reason(certificates):
	values = appeal_values(
		appeal_reason="Rejection of Joining Application",
		reference_doctype="AEO Certificate",
		reference_name=certificates["auh"],
		appeal_details="CERT wrong record",
	)
	refused(values, "an appeal against Rejection of Joining Application concerns a Joining Application")
	assert not frappe.db.exists("Appeal", {"appeal_details": "CERT wrong record"})


def test_t14_appealed_record_must_be_the_establishments_own(certificates):
	values = appeal_values(
		reference_doctype="AEO Certificate",
		reference_name=certificates["dxb"],
		appeal_details="CERT other record",
	)
	refused(values, "Appealed Record: the appealed record belongs to another establishment")
	assert not frappe.db.exists("Appeal", {"appeal_details": "CERT other record"})


@pytest.mark.parametrize(
	"name,size,private,message",
	[
		("cert-appeal.txt", 100, 1, "only these file types are accepted"),
		("cert-appeal-public.pdf", 100, 0, "the file must be uploaded as private"),
		("cert-appeal-big.pdf", 6 * 1024 * 1024, 1, "the file is larger than 5 MB"),
	],
)
def test_t14_attachments_are_checked(name, size, private, message):
	"""T14-03, T14-14, T14-18: allowed file types, private, at most the AEO Settings size."""
	url = private_file(name, size, private)
	for fieldname in ("supporting_document", "escalation_document"):
		refused(appeal_values(appeal_details="CERT attachment", **{fieldname: url}), message)
	assert not frappe.db.exists("Appeal", {"appeal_details": "CERT attachment"})


def record_review(name: str):
	doc = frappe.get_doc("Appeal", name)
	doc.update(
		{
			"employee_recommendation": "Reject",
			"return_to_employee_comments": "Check the inspection dates again.",
			"manager_decision": "Reject",
			"status": "Returned to Establishment",
			"return_to_establishment_comments": "Attach the corrective-action evidence.",
		}
	)
	doc.save()
	frappe.db.commit()


def test_t14_review_fields_save(appeals):
	"""T14-05, T14-06, T14-15, T14-16: the reviewers' recommendation, decision and return comments."""
	record_review(appeals["auh"])
	doc = frappe.get_doc("Appeal", appeals["auh"])
	assert (doc.employee_recommendation, doc.manager_decision) == ("Reject", "Reject")
	assert doc.return_to_employee_comments and doc.return_to_establishment_comments


def test_t14_return_to_establishment_needs_comments(appeals):
	"""T14-15: mandatory when the appeal is returned."""
	refused_change(
		"Appeal",
		appeals["dxb"],
		{"status": "Returned to Establishment"},
		"Comments (Returned to Establishment) is mandatory at status Returned to Establishment.",
	)


@pytest.mark.parametrize(
	"fieldname", ["hearing_title", "hearing_date", "hearing_start_time", "hearing_duration"]
)
def test_t14_scheduled_hearing_needs_its_details(appeals, fieldname):
	"""T14-07, T14-09, T14-10, T14-11: mandatory when the hearing is scheduled."""
	hearing = {
		"status": "Hearing Scheduled",
		"hearing_title": "Hearing on the suspension",
		"hearing_date": add_days(today(), 10),
		"hearing_start_time": "10:00:00",
		"hearing_duration": 3600,
	}
	hearing[fieldname] = None
	label = frappe.get_meta("Appeal").get_label(fieldname)
	refused_change("Appeal", appeals["dxb"], hearing, f"{label} is mandatory at status Hearing Scheduled.")


def test_t14_hearing_needs_the_minimum_notice(appeals):
	"""T14-09, BR.26."""
	notice = settings().meeting_min_notice_days
	refused_change(
		"Appeal",
		appeals["dxb"],
		{"hearing_date": add_days(today(), notice - 1)},
		f"Hearing Date: give the establishment at least {notice} days' notice (BR.26)",
	)


def test_t14_hearing_minutes_and_arguments_save(people):
	"""T14-07…14: hearing scheduled, minutes shared, arguments with documents within the BR.23 window."""
	doc = insert(appeal_values(appeal_details="CERT hearing"))
	doc.update(
		{
			"status": "Hearing Scheduled",
			"hearing_title": "Hearing on the suspension",
			"hearing_purpose": "Hear the establishment's account of the corrective actions.",
			"hearing_date": add_days(today(), 10),
			"hearing_start_time": "10:00:00",
			"hearing_duration": 3600,
		}
	)
	doc.save()
	doc.update(
		{"hearing_minutes": "<p>The establishment presented its evidence.</p>", "minutes_shared_on": today()}
	)
	doc.save()
	doc.update(
		{
			"arguments": "The audit report confirms the fixes.",
			"additional_documents": private_file("cert-args.pdf"),
		}
	)
	doc.save()
	frappe.db.commit()
	doc.reload()
	assert doc.hearing_duration == 3600 and doc.arguments and doc.additional_documents


def test_t14_shared_minutes_must_be_written(appeals):
	"""T14-12: mandatory once the hearing is held and its minutes shared."""
	refused_change(
		"Appeal",
		appeals["dxb"],
		{"minutes_shared_on": today()},
		"Hearing Minutes is mandatory once the minutes are shared.",
	)


def test_t14_arguments_need_shared_minutes(appeals):
	"""T14-13."""
	refused_change(
		"Appeal",
		appeals["dxb"],
		{"arguments": "We disagree."},
		"Arguments: arguments can be added once the hearing minutes are shared",
	)


def test_t14_arguments_after_the_window_are_refused():
	"""T14-13, BR.23: within 7 days of the minutes being shared."""
	window = settings().post_hearing_arguments_days
	doc = insert(
		appeal_values(
			appeal_details="CERT late arguments",
			hearing_minutes="<p>Minutes.</p>",
			minutes_shared_on=add_days(today(), -(window + 1)),
		)
	)
	refused_change(
		"Appeal",
		doc.name,
		{"arguments": "Late."},
		f"Arguments: the {window} days to add arguments after the minutes were shared have passed (BR.23)",
	)


def test_t14_escalation_needs_its_details(appeals):
	"""T14-17."""
	refused_change(
		"Appeal",
		appeals["dxb"],
		{"status": "Escalated to Federal Authority"},
		"Appeal Details (Escalation) is mandatory at status Escalated to Federal Authority.",
	)


def test_t14_escalation_saves():
	"""T14-17, T14-18."""
	doc = insert(appeal_values(appeal_details="CERT escalation"))
	doc.update(
		{
			"status": "Escalated to Federal Authority",
			"escalation_details": "The hearing ignored the audit report.",
			"escalation_document": private_file("cert-escalation.pdf"),
		}
	)
	doc.save()
	frappe.db.commit()
	assert frappe.db.get_value("Appeal", doc.name, "escalation_details")


def test_t14_appeals_stay_within_their_establishment(people, appeals):
	assert appeals["auh"] in listed(people["a"], "Appeal")
	assert appeals["dxb"] not in listed(people["a"], "Appeal")
	assert opened(people["b"], "Appeal", appeals["auh"]).status_code == 403
	assert opened(people["dxb"], "Appeal", appeals["auh"]).status_code == 403
	assert appeals["auh"] in listed(people["auh"], "Appeal")
	assert appeals["dxb"] not in listed(people["auh"], "Appeal")


def test_t14_establishment_reads_its_appeal_without_customs_only_fields(people, appeals):
	"""T14-05/06/16 are customs-only (permlevel 1); T14-15 and the hearing are shown to the establishment."""
	record_review(appeals["auh"])
	own = opened(people["a"], "Appeal", appeals["auh"]).json()["data"]
	for fieldname in ("employee_recommendation", "manager_decision", "return_to_employee_comments"):
		assert fieldname not in own
	assert own["return_to_establishment_comments"] == "Attach the corrective-action evidence."
	staff = opened(people["auh"], "Appeal", appeals["auh"]).json()["data"]
	assert staff["manager_decision"] == "Reject"


def test_t14_federal_authority_reads_the_whole_appeal_file(people, appeals):
	"""T14-19: the federal authority sees every appeal with all its details."""
	assert {appeals["auh"], appeals["dxb"]} <= listed(people["gac"], "Appeal")
	record_review(appeals["auh"])
	data = opened(people["gac"], "Appeal", appeals["auh"]).json()["data"]
	assert data["employee_recommendation"] == "Reject" and data["appeal_details"]


# ---------------------------------------------------------------- Mutual Recognition Agreement (T15-01…12)


def test_t15_agreement_saves(mra, benefits):
	"""T15-01…12: phone stored in E.164, status Trial by default."""
	doc = frappe.get_doc("Mutual Recognition Agreement", mra)
	assert re.fullmatch(r"MRA-\d{4}", doc.name)
	assert (doc.partner_country, doc.status, doc.trial_period, doc.list_exchange_day) == (
		"Singapore",
		"Trial",
		6,
		15,
	)
	assert (doc.contact_phone, doc.contact_email) == ("+6563552000", "aeo@customs.partner.example")
	assert doc.agreement_document and doc.action_plan and doc.explanatory_notes
	assert [row.benefit for row in doc.agreed_benefits] == benefits[:2]


@pytest.mark.parametrize(
	"values,message,exc",
	[
		(
			{"effective_date": "2026-01-01"},
			"Effective Date of Agreement cannot be before Agreement Signing Date.",
			frappe.ValidationError,
		),
		({"trial_period": 0}, "Trial Period (Months): must be at least 1 month", frappe.ValidationError),
		(
			{"list_exchange_day": 29},
			"Day of Month for AEO List Exchange: give a day from 1 to 28",
			frappe.ValidationError,
		),
		(
			{"list_exchange_day": 0},
			"Day of Month for AEO List Exchange: give a day from 1 to 28",
			frappe.ValidationError,
		),
		(
			{"contact_phone": "6355 2000"},
			"Contact Person Phone Number: enter the number with its country code",
			frappe.ValidationError,
		),
		({"contact_email": "not-an-email"}, "not a valid Email Address", frappe.ValidationError),
		({"status": "Draft"}, "Status cannot be", frappe.ValidationError),
		({"partner_country": None}, "partner_country", frappe.MandatoryError),
		({"signing_date": None}, "signing_date", frappe.MandatoryError),
		({"effective_date": None}, "effective_date", frappe.MandatoryError),
		({"trial_period": None}, "trial_period", frappe.MandatoryError),
		({"list_exchange_day": None}, "list_exchange_day", frappe.MandatoryError),
		({"agreement_document": None}, "agreement_document", frappe.MandatoryError),
		({"action_plan": None}, "action_plan", frappe.MandatoryError),
		({"explanatory_notes": None}, "explanatory_notes", frappe.MandatoryError),
		({"agreed_benefits": []}, "agreed_benefits", frappe.MandatoryError),
	],
)
def test_t15_agreement_rules(pdf, benefits, mra, values, message, exc):
	"""T15-01…12: mandatory fields, dates in order, day of month 1–28, contact e-mail and phone."""
	refused(mra_values("Japan", pdf, benefits[:1], **values), message, exc)
	assert not frappe.db.exists("Mutual Recognition Agreement", {"partner_country": "Japan"})


def test_t15_agreement_documents_are_checked(pdf, benefits, mra):
	"""T15-08…10: allowed types only."""
	text = private_file("cert-agreement.txt")
	for fieldname in ("agreement_document", "action_plan", "explanatory_notes"):
		refused(
			mra_values("Japan", pdf, benefits[:1], **{fieldname: text}), "only these file types are accepted"
		)
	assert not frappe.db.exists("Mutual Recognition Agreement", {"partner_country": "Japan"})


def test_t15_one_agreement_in_force_per_country(pdf, benefits, mra):
	count = frappe.db.count("Mutual Recognition Agreement", {"partner_country": "Singapore"})
	refused(mra_values("Singapore", pdf, benefits[:1]), f"Singapore already has agreement {mra}")
	assert frappe.db.count("Mutual Recognition Agreement", {"partner_country": "Singapore"}) == count


# ---------------------------------------------------------------- Partner Operator (T15-13…20)


def test_t15_partner_operator_saves_with_the_agreed_benefits(mra, benefits):
	"""T15-13…20: benefits default to the agreement's."""
	doc = insert(operator_values(mra, "SG-AEO-0001", certificate_valid_until="2029-05-01"))
	assert doc.name == f"{mra}-SG-AEO-0001"
	assert doc.partner_country == "Singapore"
	assert [row.benefit for row in doc.benefits] == benefits[:2]
	assert len(doc.supply_chain_activities) == 2 and doc.address and doc.approval_date


@pytest.mark.parametrize(
	"values,message,exc",
	[
		(
			{"evaluation_date": "2024-01-01"},
			"Evaluation Period cannot be before Approval Date.",
			frappe.ValidationError,
		),
		({"status": "Dormant"}, "Status cannot be", frappe.ValidationError),
		({"identification_code": None}, "identification_code", frappe.MandatoryError),
		({"operator_name": None}, "operator_name", frappe.MandatoryError),
		({"approval_date": None}, "approval_date", frappe.MandatoryError),
		({"evaluation_date": None}, "evaluation_date", frappe.MandatoryError),
		({"status": None}, "status", frappe.MandatoryError),
		({"supply_chain_activities": []}, "supply_chain_activities", frappe.MandatoryError),
	],
)
def test_t15_partner_operator_rules(mra, values, message, exc):
	count = frappe.db.count("Partner Operator", {"mra": mra})
	refused(operator_values(mra, "SG-AEO-0099") | values, message, exc)
	assert frappe.db.count("Partner Operator", {"mra": mra}) == count


def test_t15_identification_code_is_unique_per_agreement(mra):
	"""T15-13."""
	if not frappe.db.exists("Partner Operator", f"{mra}-SG-AEO-0002"):
		insert(operator_values(mra, "SG-AEO-0002"))
	refused(
		operator_values(mra, "SG-AEO-0002"),
		"Identification Code: SG-AEO-0002 is already listed under this agreement",
	)
	assert frappe.db.count("Partner Operator", {"mra": mra, "identification_code": "SG-AEO-0002"}) == 1


def test_t15_operator_benefits_come_from_the_agreement(mra, benefits):
	"""T15-20: only the agreement's benefits."""
	refused(
		operator_values(mra, "SG-AEO-0098", benefits=[{"benefit": benefits[2]}]),
		f"Benefits: {benefits[2]} is not a benefit of this agreement",
	)
	assert not frappe.db.exists("Partner Operator", f"{mra}-SG-AEO-0098")


def test_t15_agreement_edits_reach_partner_operators_and_keep_disabled_benefits(mra, pdf, benefits):
	"""T15-12, T15-20, §5.3.10.1: added benefits are granted, removed ones withdrawn, disabled ones stay disabled."""
	agreement = insert(mra_values("New Zealand", pdf, benefits[:2]))
	kept_all = insert(operator_values(agreement.name, "NZ-1"))
	disabled = insert(operator_values(agreement.name, "NZ-2", benefits=[{"benefit": benefits[0]}]))
	agreement.set("agreed_benefits", [{"benefit": benefits[1]}, {"benefit": benefits[2]}])
	agreement.save()
	frappe.db.commit()
	assert [r.benefit for r in frappe.get_doc("Partner Operator", kept_all.name).benefits] == benefits[1:]
	assert [r.benefit for r in frappe.get_doc("Partner Operator", disabled.name).benefits] == [benefits[2]]


def test_t11_05_06_head_office_certificate_takes_the_establishments_address(certificates):
	"""T11-05 area and T11-06 detailed address come from the head office's address on the Establishment."""
	from aeo.certification.doctype.aeo_certificate.aeo_certificate import fill_licence_data

	area = "Mussafah - Abu Dhabi"
	if not frappe.db.exists("Area", area):
		frappe.get_doc({"doctype": "Area", "area_name": "Mussafah", "area_name_ar": "مصفح", "emirate": "Abu Dhabi"}).insert()
	frappe.db.set_value("Establishment", AUH, {"head_office_emirate": "Abu Dhabi", "area": area, "detailed_address": "Plot 12, M-40"})
	doc = frappe.get_doc("AEO Certificate", certificates["auh"])
	fill_licence_data(doc)
	assert (doc.area, doc.detailed_address) == (area, "Plot 12, M-40")
	frappe.db.rollback()
