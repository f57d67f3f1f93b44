"""Assessment data model (BRD Tables 7–10 and the CIP deadline extension): each DocType saves a good record, refuses
every field rule of the spec with its message (saving nothing), and scopes records to their establishment and
customs administration over REST."""

import frappe
import pytest
from aeo.aeo.doctype.aeo_settings.aeo_settings import settings
from frappe.utils import add_days, getdate, today

from tests.support.factories import http_session, make_establishment, make_user

EST_A, EST_B = "ASSESS-AUH-1", "ASSESS-DXB-1"
APP_A, APP_B = "ASSESS-JA-A", "ASSESS-JA-B"
GROUP_SECTION = "ASSESS-TS-GROUP"
SECTIONS = [f"ASSESS-TS-{i}" for i in range(1, 7)]
PDF = b"%PDF-1.4\n%assessment test\n"


def insert_row(doctype, name, **values):
	"""A bare record of another helper's DocType (application, template section), only as the link target it is."""
	if not frappe.db.exists(doctype, name):
		doc = frappe.new_doc(doctype)
		doc.update(values)
		doc.name = name
		doc.db_insert()


def master(doctype, **values):
	"""A master record found by its values, or made with them."""
	name = frappe.db.get_value(doctype, values)
	return name or frappe.get_doc({"doctype": doctype, **values}).insert(ignore_permissions=True).name


def private_file(file_name, content):
	return frappe.get_doc({"doctype": "File", "file_name": file_name, "is_private": 1, "content": content}).insert(
		ignore_permissions=True
	).file_url


@pytest.fixture(scope="module")
def data():
	make_establishment(EST_A, emirate="Abu Dhabi")
	make_establishment(EST_B, emirate="Dubai")
	for app, est in ((APP_A, EST_A), (APP_B, EST_B)):
		customs = frappe.db.get_value("Establishment", est, "customs_administration")
		insert_row("Joining Application", app, establishment=est, customs_administration=customs)
	insert_row("Template Section", GROUP_SECTION, is_leaf=0, is_group=1)
	for section in SECTIONS:
		insert_row("Template Section", section, is_leaf=1, is_group=0)
	d = frappe._dict(
		risk=master("Risk", risk_name="Assess cargo seal risk", risk_name_ar="خطر أختام الشحن"),
		predefined=master("Risk", risk_name="Assess predefined risk", risk_name_ar="خطر محدد مسبقا",
			template_section=SECTIONS[5]),
		method=frappe.get_all("Risk Assessment Method", pluck="name", limit=1)[0],
		purpose=master("Meeting Purpose", purpose_name="Assess site verification", purpose_name_ar="التحقق الميداني"),
		reason=master("Reason", reason_type="Meeting Cancellation / Reschedule", reason="Assess team unavailable",
			reason_ar="الفريق غير متاح"),
		other_reason=master("Reason", reason_type="Meeting Cancellation / Reschedule", reason="Assess other",
			reason_ar="أخرى", is_other=1),
		wrong_reason=master("Reason", reason_type="Application Return", reason="Assess missing data",
			reason_ar="بيانات ناقصة"),
		area=master("Area", area_name="Assess Mussafah", area_name_ar="مصفح", emirate="Abu Dhabi"),
		team=make_user("assessment.team.auh@test.example", ["Assessment Team Member"],
			scope={"Customs Administration": "Abu Dhabi Customs"}),
		team_dxb=make_user("assessment.team.dxb@test.example", ["Assessment Team Member"],
			scope={"Customs Administration": "Dubai Customs"}),
		portal_a=make_user("assessment.portal.a@test.example", ["Establishment Account Manager"],
			scope={"Establishment": EST_A}),
		portal_b=make_user("assessment.portal.b@test.example", ["Establishment Account Manager"],
			scope={"Establishment": EST_B}),
		pdf=private_file("assessment-plan.pdf", PDF),
		txt=private_file("assessment-plan.txt", b"not a pdf"),
		big_pdf=private_file("assessment-big.pdf", PDF + b"0" * (5 * 1024 * 1024 + 1024)),
	)
	d.template = "Assess site visit"
	if not frappe.db.exists("Meeting Template", d.template):
		frappe.get_doc({"doctype": "Meeting Template", "template_name": d.template, "meeting_title": "Site verification",
			"meeting_purposes": [{"meeting_purpose": d.purpose}]}).insert()
	frappe.db.commit()
	return d


def refused(doc, match):
	"""The record is refused with a message matching `match`, and nothing of it is saved."""
	new = doc.is_new()
	with pytest.raises(frappe.ValidationError, match=match):
		doc.insert() if new else doc.save()
	frappe.db.rollback()
	if new and doc.name:
		assert not frappe.db.exists(doc.doctype, doc.name)


def unchanged(doctype, name, fieldname, value):
	assert frappe.db.get_value(doctype, name, fieldname) == value


# --- masters ---------------------------------------------------------------------------------------------------------

def test_risk_master_saves_and_needs_arabic_name(data):
	"""T07-01: the risk list; a risk's Arabic name is in Arabic letters."""
	assert frappe.db.get_value("Risk", data.risk, "risk_name_ar") == "خطر أختام الشحن"
	refused(frappe.get_doc({"doctype": "Risk", "risk_name": "Assess latin", "risk_name_ar": "Latin"}), "Arabic letters")
	assert not frappe.db.exists("Risk", "Assess latin")


def test_meeting_purpose_and_template_save(data):
	"""T08-01/03: meeting templates pre-fill title and purposes; a purpose's Arabic name is in Arabic letters."""
	template = frappe.get_doc("Meeting Template", data.template)
	assert [p.meeting_purpose for p in template.meeting_purposes] == [data.purpose]
	refused(frappe.get_doc({"doctype": "Meeting Purpose", "purpose_name": "Assess bad", "purpose_name_ar": "bad"}),
		"Arabic letters")
	assert not frappe.db.exists("Meeting Purpose", "Assess bad")


# --- T07 initial risk assessment --------------------------------------------------------------------------------------

def initial_assessment(data, section=SECTIONS[0], **values):
	return frappe.get_doc({
		"doctype": "Initial Risk Assessment",
		"joining_application": APP_A,
		"template_section": section,
		"risks": [{"risk": data.risk}],
		"initial_analysis": "Seals are not logged.",
		"consequence": "Major",
		"likelihood": "Likely",
		"risk_response": "Treat",
		"assessment_methods": [{"assessment_method": data.method}],
		"plan_description": "Walk through the sealing procedure.",
		"validation_methods": [{"assessment_method": data.method}],
		"reference_documents": [{"document_name": "Sealing policy", "version": "2", "release_date": "2025-06-01",
			"file": data.pdf}],
		**values,
	})


def test_initial_risk_assessment_saves_with_owner_and_matrix_rate(data):
	"""T07-01…14: a good record; the owner comes from the application; T07-05 is read from the risk matrix."""
	doc = initial_assessment(data).insert()
	frappe.db.commit()
	assert (doc.establishment, doc.customs_administration) == (EST_A, "Abu Dhabi Customs")
	assert doc.risk_rate == "High"  # Likely × Major
	assert doc.status == "In Preparation"
	assert doc.name.startswith(f"IRA-{getdate().year}-")


def test_initial_risk_assessment_rate_cannot_be_entered(data):
	"""T07-05 is calculated: an entered rate is replaced by the matrix's."""
	doc = initial_assessment(data, SECTIONS[1], consequence="Insignificant", likelihood="Rare", risk_rate="Extreme")
	doc.insert()
	assert doc.risk_rate == "Low"
	frappe.db.rollback()


@pytest.mark.parametrize("fieldname,label", [
	("consequence", "Consequences"), ("likelihood", "Likelihood"), ("risk_response", "Respond to Risk"),
	("validation_methods", "Validation Method"),
])
def test_initial_risk_assessment_conditional_fields_when_risks_selected(data, fieldname, label):
	"""T07-03, T07-04, T07-08, T07-10: mandatory when risks are selected."""
	doc = initial_assessment(data, SECTIONS[1], **{fieldname: [] if fieldname == "validation_methods" else None})
	refused(doc, f"{label}: required when risks are selected")
	assert not frappe.db.exists("Initial Risk Assessment", {"template_section": SECTIONS[1]})


def test_initial_risk_assessment_without_risks_needs_no_rating(data):
	"""T07-01 optional: no risks, no consequences / likelihood / response; no rate."""
	doc = initial_assessment(data, SECTIONS[1], risks=[], consequence=None, likelihood=None, risk_response=None,
		validation_methods=[]).insert()
	assert doc.risk_rate is None
	frappe.db.rollback()


def test_initial_risk_assessment_needs_a_method_or_another(data):
	"""T07-06/07 (A-25): a method from the list, or Other Method."""
	refused(initial_assessment(data, SECTIONS[1], assessment_methods=[]), "Other Method: required when no assessment")
	assert not frappe.db.exists("Initial Risk Assessment", {"template_section": SECTIONS[1]})
	doc = initial_assessment(data, SECTIONS[1], assessment_methods=[], other_method="Interview with the CFO").insert()
	assert doc.other_method
	frappe.db.rollback()


def test_initial_risk_assessment_is_per_leaf_section_once(data):
	"""§5.3.6.1: per leaf section of the form, one record per application and section."""
	refused(initial_assessment(data, GROUP_SECTION), "choose a leaf section")
	refused(initial_assessment(data, SECTIONS[0]), "already covers this section")
	assert frappe.db.count("Initial Risk Assessment", {"template_section": SECTIONS[0]}) == 1


@pytest.mark.parametrize("row,match", [
	({"document_name": None}, "document_name"),
	({"file": None}, "file"),
	({"file": "txt"}, "only these file types are accepted: pdf"),
	({"file": "big_pdf"}, "larger than 5 MB"),
])
def test_reference_document_rules(data, row, match):
	"""T07-11, T07-14: name and file mandatory for a document; the file is a PDF of at most 5 MB."""
	values = {"document_name": "Sealing policy", "file": data.pdf, **row}
	if values["file"] in ("txt", "big_pdf"):
		values["file"] = data[values["file"]]
	refused(initial_assessment(data, SECTIONS[1], reference_documents=[values]), match)
	assert not frappe.db.exists("Initial Risk Assessment", {"template_section": SECTIONS[1]})


def test_initial_risk_assessment_needs_its_application_and_section(data):
	doc = initial_assessment(data, joining_application=None, template_section=None)
	refused(doc, "joining_application")


# --- T08 assessment meetings ------------------------------------------------------------------------------------------

def meeting(data, **values):
	notice = settings().meeting_min_notice_days
	return frappe.get_doc({
		"doctype": "Assessment Meeting",
		"joining_application": APP_A,
		"meeting_template": data.template,
		"meeting_title": "Site verification",
		"meeting_purposes": [{"meeting_purpose": data.purpose}],
		"is_site_visit": "Yes",
		"notify_establishment": "Yes",
		"meeting_date": add_days(today(), notice + 7),
		"start_time": "10:00:00",
		"duration": 7200,
		"site_address": "Head Office",
		"address_emirate": "Abu Dhabi",
		"address_area": data.area,
		"address_detail": "Warehouse 4, Mussafah",
		"validators": [{"user": data.team}],
		"agenda": "Walk-through of the sealing procedure",
		"documents_to_be_prepared": "Seal register",
		**values,
	})


def test_meeting_saves_with_owner(data):
	"""T08-01…16: a good site visit; the owner comes from the application."""
	doc = meeting(data).insert()
	frappe.db.commit()
	assert (doc.establishment, doc.customs_administration, doc.status) == (EST_A, "Abu Dhabi Customs", "Draft")


def test_remote_meeting_saves_with_link(data):
	"""T08-04 No: remote; T08-13 the link replaces the address."""
	doc = meeting(data, is_site_visit="No", site_address=None, address_emirate=None, address_area=None,
		address_detail=None, meeting_link="https://meet.example/aeo").insert()
	assert doc.meeting_link
	frappe.db.rollback()


@pytest.mark.parametrize("fieldname", ["meeting_template", "meeting_title", "meeting_purposes", "meeting_date",
	"validators"])
def test_meeting_mandatory_fields(data, fieldname):
	"""T08-01, T08-02, T08-03, T08-05, T08-15 are mandatory (T08-06, the start time, is never empty: Frappe fills a
	new document's time fields with the current time)."""
	refused(meeting(data, **{fieldname: [] if fieldname in ("meeting_purposes", "validators") else None}), fieldname)


def test_meeting_duration_must_be_positive(data):
	"""T08-07: a duration is given."""
	refused(meeting(data, duration=0), "Meeting Duration: must be longer than zero")


@pytest.mark.parametrize("fieldname,label", [("site_address", "Address"), ("address_emirate", "Emirate"),
	("address_area", "Area"), ("address_detail", "Detailed Address")])
def test_site_visit_needs_its_address(data, fieldname, label):
	"""T08-09…12: shown and mandatory for a site visit."""
	refused(meeting(data, **{fieldname: None}), f"{label}: required for a site visit")


def test_site_visit_area_is_in_its_emirate(data):
	"""T08-11: the area list is filtered by emirate."""
	refused(meeting(data, address_emirate="Dubai"), "Area: .* is not an area of Dubai")


def test_remote_meeting_needs_its_link(data):
	"""T08-13: mandatory for a remote meeting."""
	refused(meeting(data, is_site_visit="No"), "Meeting Link: required for a remote meeting")


def test_validators_are_assessment_team_members(data):
	"""T08-15: assessment-team members only."""
	refused(meeting(data, validators=[{"user": data.portal_a}]), "is not a member of an assessment team")


def test_meeting_date_respects_the_notice_period(data):
	"""T08-05, BR.26: at least the configured notice after scheduling; a surprise visit (T08-16 No) is exempt."""
	soon = add_days(today(), settings().meeting_min_notice_days - 1)
	refused(meeting(data, meeting_date=soon), "Meeting Date: must be on or after")
	refused(meeting(data, proposed_slots=[{"slot_date": soon, "slot_time": "09:00:00"}]), "Slot Date: must be on or after")
	doc = meeting(data, meeting_date=soon, notify_establishment="No").insert()
	assert doc.notify_establishment == "No"
	frappe.db.rollback()


def test_proposed_slots_at_most_three_and_one_chosen(data):
	"""§5.3.7.1: up to three slots; the establishment's choice becomes the meeting's date and time."""
	base = settings().meeting_min_notice_days + 10
	slots = [{"slot_date": add_days(today(), base + i), "slot_time": "09:00:00"} for i in range(4)]
	refused(meeting(data, proposed_slots=slots), "propose at most 3 slots")
	two = [dict(slots[0], selected=1), dict(slots[1], selected=1)]
	refused(meeting(data, proposed_slots=two), "only one slot can be selected")
	doc = meeting(data, proposed_slots=[slots[0], dict(slots[1], selected=1)]).insert()
	assert (str(doc.meeting_date), str(doc.start_time)) == (str(slots[1]["slot_date"]), "09:00:00")
	frappe.db.rollback()


def test_cancellation_needs_a_meeting_reason(data):
	"""T08-17: mandatory on cancel / reschedule, from the meeting reasons; remarks when the reason is Other."""
	refused(meeting(data, status="Cancelled"), "required when the meeting is cancelled or rescheduled")
	refused(meeting(data, status="Rescheduled", cancellation_reason=data.wrong_reason),
		"choose a meeting cancellation or reschedule reason")
	refused(meeting(data, status="Cancelled", cancellation_reason=data.other_reason), "Remarks: required when the reason")
	doc = meeting(data, status="Cancelled", cancellation_reason=data.reason).insert()
	assert doc.cancellation_reason == data.reason
	frappe.db.rollback()


def test_held_meeting_needs_minutes(data):
	"""T08-18: the minutes are mandatory once the meeting is held."""
	refused(meeting(data, status="Held"), "Minutes of Meeting: required once the meeting is held")
	doc = meeting(data, status="Held", minutes="<p>Seals checked.</p>").insert()
	assert doc.minutes
	frappe.db.rollback()


# --- T09 assessment file ----------------------------------------------------------------------------------------------

def assessment_file(data, section=SECTIONS[0], **values):
	return frappe.get_doc({
		"doctype": "Assessment File",
		"joining_application": APP_A,
		"template_section": section,
		"remaining_risk_analysis": "Seals are now logged but not reconciled.",
		"findings": [{"title": "Seal log", "content": "The seal log is kept."},
			{"title": "Internal note", "content": "Not for the establishment.", "share_with_establishment": 0}],
		"recommendations": [{"title": "Reconcile seals", "content": "Reconcile the log weekly."}],
		**values,
	})


def test_assessment_file_imports_the_initial_risks_and_rates_them(data):
	"""T09-01…10: the remaining risks, consequences, likelihood and response start from the initial assessment;
	T09-05 is read from the matrix."""
	doc = assessment_file(data).insert()
	frappe.db.commit()
	assert [r.risk for r in doc.remaining_risks] == [data.risk]
	assert doc.initial_risk_assessment == frappe.db.get_value("Initial Risk Assessment",
		{"joining_application": APP_A, "template_section": SECTIONS[0]})
	assert (doc.consequence, doc.likelihood, doc.risk_response, doc.remaining_risk_rate) == (
		"Major", "Likely", "Treat", "High")
	assert (doc.establishment, doc.customs_administration) == (EST_A, "Abu Dhabi Customs")


def test_assessment_file_imports_the_sections_predefined_risks(data):
	"""T09-01: the risks predefined for the leaf section are imported too."""
	doc = assessment_file(data, SECTIONS[5], consequence="Minor", likelihood="Possible", risk_response="Tolerate").insert()
	assert [r.risk for r in doc.remaining_risks] == [data.predefined]
	assert doc.remaining_risk_rate == "Medium"
	frappe.db.rollback()


@pytest.mark.parametrize("fieldname,label", [("consequence", "Consequences"), ("likelihood", "Likelihood"),
	("risk_response", "Respond to Remaining Risks")])
def test_assessment_file_conditional_fields_when_risks_remain(data, fieldname, label):
	"""T09-03, T09-04, T09-06: mandatory when remaining risks are selected."""
	values = {"remaining_risks": [{"risk": data.risk}], "consequence": "Minor", "likelihood": "Rare",
		"risk_response": "Tolerate", fieldname: None}
	refused(assessment_file(data, SECTIONS[1], **values), f"{label}: required when risks are selected")
	assert not frappe.db.exists("Assessment File", {"template_section": SECTIONS[1]})


@pytest.mark.parametrize("table,fieldname", [("findings", "title"), ("findings", "content"),
	("recommendations", "title"), ("recommendations", "content")])
def test_findings_and_recommendations_need_title_and_content(data, table, fieldname):
	"""T09-07…10: title and content are mandatory for each finding and recommendation."""
	row = {"title": "A title", "content": "A content", fieldname: None}
	refused(assessment_file(data, SECTIONS[1], **{table: [row]}), fieldname)
	assert not frappe.db.exists("Assessment File", {"template_section": SECTIONS[1]})


def test_assessment_file_is_per_leaf_section_once(data):
	refused(assessment_file(data, GROUP_SECTION), "choose a leaf section")
	refused(assessment_file(data, SECTIONS[0]), "already covers this section")


# --- T10 assessment report --------------------------------------------------------------------------------------------

def report(**values):
	return frappe.get_doc({
		"doctype": "Assessment Report",
		"joining_application": APP_A,
		"scope": "Initial assessment of the head office licence.",
		"summary_of_observations": "Sealing is mostly in place.",
		**values,
	})


def test_report_saves_with_details_and_shared_findings(data):
	"""T10-01…05: details filled in; findings and recommendations from the assessment files, shared rows only."""
	doc = report().insert()
	frappe.db.commit()
	assert EST_A in doc.establishment_details
	assert [(r.template_section, r.title) for r in doc.findings] == [(SECTIONS[0], "Seal log")]
	assert [r.title for r in doc.recommendations] == ["Reconcile seals"]
	assert (doc.establishment, doc.customs_administration, doc.status) == (EST_A, "Abu Dhabi Customs", "Draft")


@pytest.mark.parametrize("fieldname", ["scope", "summary_of_observations", "joining_application"])
def test_report_mandatory_fields(data, fieldname):
	"""T10-02, T10-05 are mandatory."""
	refused(report(**{fieldname: None}), fieldname)


def test_corrective_actions_when_required(data):
	"""T10-06: mandatory when the team leader requires corrective actions; BR.19 sets the allowed period."""
	refused(report(corrective_actions_required=1), "Corrective Actions: required when corrective actions are required")
	doc = report(corrective_actions_required=1, corrective_actions="Reconcile seals weekly.").insert()
	assert doc.allowed_period_days == settings().corrective_action_period_days
	frappe.db.rollback()


def test_remarks_when_the_establishment_has_comments(data):
	"""T10-08/09: remarks are mandatory when the establishment has comments."""
	refused(report(has_comments="Yes"), "Remarks: required when you have comments")


def cip_report(data, **values):
	return report(**{"corrective_actions_required": 1, "corrective_actions": "Reconcile seals weekly.",
		"status": "CIP Under Review", "compliance_improvement_plan": data.pdf, "implementation_deadline_days": 60,
		**values})


@pytest.mark.parametrize("fieldname,label", [("compliance_improvement_plan", "Compliance Improvement Plan"),
	("implementation_deadline_days", "Implementation Deadline")])
def test_cip_and_deadline_once_the_draft_is_approved(data, fieldname, label):
	"""T10-10/11: mandatory when corrective actions are required (A-30)."""
	refused(cip_report(data, **{fieldname: None}), f"{label}.*: required when corrective actions are required")


def test_cip_rules(data):
	"""T10-10: a PDF of at most 5 MB; T10-11: 1 to the allowed period (BR.19); the deadline counts from submission."""
	refused(cip_report(data, compliance_improvement_plan=data.txt), "only these file types are accepted: pdf")
	refused(cip_report(data, compliance_improvement_plan=data.big_pdf), "larger than 5 MB")
	allowed = settings().corrective_action_period_days
	refused(cip_report(data, implementation_deadline_days=allowed + 1), f"must be between 1 and {allowed} days")
	refused(cip_report(data, implementation_deadline_days=-5), f"must be between 1 and {allowed} days")
	doc = cip_report(data).insert()
	assert (getdate(doc.cip_submitted_on), getdate(doc.deadline_date)) == (getdate(today()), getdate(add_days(today(), 60)))
	frappe.db.rollback()


def test_decision_matches_the_membership_status(data):
	"""T10-07: the programme manager's decision, Accept or Reject granting membership."""
	refused(report(status="Membership Grant Approved"), "Decision: must be Accept granting membership")
	refused(report(status="Membership Grant Rejected", decision="Accept granting membership"),
		"Decision: must be Reject granting membership")


# --- T10-12…14 deadline extension request -----------------------------------------------------------------------------

def committed_cip_report(data):
	doc = cip_report(data).insert()
	frappe.db.commit()
	return doc.name


def extension(report_name, **values):
	return frappe.get_doc({"doctype": "Deadline Extension Request", "assessment_report": report_name,
		"justification": "The seal supplier is late.", "document_name": "Supplier letter", **values})


def test_extension_request_saves_and_extends_the_deadline_when_approved(data):
	"""T10-12…14, BR.20: an approved request adds its days (90 unless changed) to the deadline."""
	name = committed_cip_report(data)
	doc = extension(name, document=data.pdf).insert()
	assert (doc.establishment, doc.joining_application, doc.decision) == (EST_A, APP_A, "Pending")
	assert getdate(doc.deadline_at_request) == getdate(add_days(today(), 60))
	doc.decision = "Approved"
	doc.save()
	frappe.db.commit()
	assert doc.extension_days == settings().corrective_action_extension_days
	assert (doc.decided_by, bool(doc.decided_on)) == ("Administrator", True)
	extended = add_days(today(), 60 + doc.extension_days)
	assert getdate(frappe.db.get_value("Assessment Report", name, "deadline_date")) == getdate(extended)


def test_extension_request_rules(data):
	"""T10-12 mandatory; T10-14 a PDF of at most 5 MB; at most two requests (§5.2.5.3); before the deadline."""
	name = committed_cip_report(data)
	refused(extension(name, justification=None), "justification")
	refused(extension(name, document=data.txt), "only these file types are accepted: pdf")
	refused(extension(name, document=data.big_pdf), "larger than 5 MB")
	extension(name).insert()
	extension(name).insert()
	frappe.db.commit()
	refused(extension(name), f"At most {settings().max_extension_requests} extension requests")
	assert frappe.db.count("Deadline Extension Request", {"assessment_report": name}) == 2
	frappe.db.set_value("Assessment Report", name, "deadline_date", add_days(today(), -1))
	frappe.db.delete("Deadline Extension Request", {"assessment_report": name})
	refused(extension(name), "deadline passed")
	no_plan = report().insert()
	refused(extension(no_plan.name), "no implementation deadline to extend")


def test_extension_days_at_least_one(data):
	name = committed_cip_report(data)
	doc = extension(name).insert()
	frappe.db.commit()
	doc.decision, doc.extension_days = "Approved", -5
	refused(doc, "Extension \\(days\\): must be at least 1")
	unchanged("Deadline Extension Request", doc.name, "decision", "Pending")


# --- access over REST -------------------------------------------------------------------------------------------------

def listed(user, doctype):
	response = http_session(user).get(f"/api/resource/{doctype}", params={"limit_page_length": 0})
	return response.status_code, {row["name"] for row in response.json().get("data", [])} if response.ok else set()


def opened(user, doctype, name):
	return http_session(user).get(f"/api/resource/{doctype}/{name}").status_code


@pytest.fixture(scope="module")
def records(data):
	ira = initial_assessment(data, SECTIONS[2]).insert().name
	file = assessment_file(data, SECTIONS[2]).insert().name
	shown = meeting(data).insert().name
	surprise = meeting(data, notify_establishment="No", meeting_title="Surprise visit").insert().name
	draft = report().insert().name
	shared = cip_report(data).insert()
	shared.db_set("status", "CIP Under Implementation")
	request = extension(shared.name).insert().name
	frappe.db.commit()
	return frappe._dict(ira=ira, file=file, meeting=shown, surprise=surprise, draft=draft, report=shared.name,
		request=request)


@pytest.mark.parametrize("doctype,key", [("Initial Risk Assessment", "ira"), ("Assessment File", "file")])
def test_customs_only_records_stay_with_their_administration(data, records, doctype, key):
	"""T07, T09 are the customs' working papers: Abu Dhabi staff see them, Dubai staff and establishments do not."""
	name = records[key]
	assert name in listed(data.team, doctype)[1]
	assert opened(data.team, doctype, name) == 200
	assert name not in listed(data.team_dxb, doctype)[1]
	assert opened(data.team_dxb, doctype, name) == 403
	for portal in (data.portal_a, data.portal_b):
		assert listed(portal, doctype)[0] == 403
		assert opened(portal, doctype, name) == 403


@pytest.mark.parametrize("doctype,key", [("Assessment Meeting", "meeting"), ("Assessment Report", "report"),
	("Deadline Extension Request", "request")])
def test_establishment_records_are_seen_by_their_owners_only(data, records, doctype, key):
	"""T08, T10: the establishment and its administration see them; another establishment and Dubai staff do not."""
	name = records[key]
	for owner in (data.portal_a, data.team):
		assert name in listed(owner, doctype)[1]
		assert opened(owner, doctype, name) == 200
	for stranger in (data.portal_b, data.team_dxb):
		assert name not in listed(stranger, doctype)[1]
		assert opened(stranger, doctype, name) == 403


@pytest.mark.parametrize("doctype,key", [("Assessment Meeting", "surprise"), ("Assessment Report", "draft")])
def test_surprise_visits_and_unshared_drafts_are_hidden_from_the_establishment(data, records, doctype, key):
	"""T08-16 No (§5.3.7.1) and a report not yet shared (§5.3.7.2): the establishment does not see them."""
	name = records[key]
	assert name in listed(data.team, doctype)[1]
	assert name not in listed(data.portal_a, doctype)[1]
	assert opened(data.portal_a, doctype, name) == 403


def test_establishment_fills_only_its_review_fields(data, records):
	"""T10-08/09: the establishment writes its comments; the customs' fields are not its to change."""
	session = http_session(data.portal_a)
	path = f"/api/resource/Assessment Report/{records.report}"
	assert session.put(path, json={"has_comments": "Yes", "establishment_remarks": "Seal audit is monthly."}).ok
	frappe.db.rollback()
	assert frappe.db.get_value("Assessment Report", records.report, "has_comments") == "Yes"
	scope = frappe.db.get_value("Assessment Report", records.report, "scope")
	response = session.put(path, json={"scope": "Changed by the establishment"})
	assert response.status_code == 417 and "cannot be changed from the portal" in response.text
	unchanged("Assessment Report", records.report, "scope", scope)
	assert session.post("/api/resource/Assessment Report", json={"joining_application": APP_A, "scope": "x",
		"summary_of_observations": "x"}).status_code == 403


def test_establishment_requests_an_extension_but_cannot_decide_it(data, records):
	"""T10-12…14: the establishment submits the request; the decision is the customs' (permlevel 1)."""
	name = cip_report(data).insert().name
	frappe.db.commit()
	response = http_session(data.portal_a).post("/api/resource/Deadline Extension Request", json={
		"assessment_report": name, "justification": "Supplier delay.", "decision": "Approved", "extension_days": 400})
	assert response.ok, response.text
	frappe.db.rollback()
	created = response.json()["data"]
	values = frappe.db.get_value("Deadline Extension Request", created["name"], ["decision", "extension_days"])
	assert tuple(values) == ("Pending", 0)
	assert http_session(data.portal_b).post("/api/resource/Deadline Extension Request", json={
		"assessment_report": name, "justification": "Not mine."}).status_code == 403
