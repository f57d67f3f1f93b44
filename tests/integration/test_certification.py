"""Certificate issuance and verification (BRD §5.3.8, P-3.3.1; Tables 27, 28, 43, 44; T11, T16, BR.24).

An Abu Dhabi establishment with two branches: the issuance starts with the default benefit group and every licence,
the Main Account Manager changes the group, ticks one branch and approves, the federal authority issues; one Active
certificate per ticked licence follows, the establishment becomes an AEO and the e-mails and portal notifications go
out; a branch certified later gets the establishment's group. The certificate PDF is read as a person would (its
text, its QR code) and the QR link is opened as a guest, then suspended, expired, tampered with (also with non-ASCII
characters) and cancelled. Downloads stay within the establishment and the administration.
"""

import io
import json
import re
import zipfile
from html import unescape

import frappe
import pytest
import redis
from aeo.aeo.doctype.aeo_settings.aeo_settings import settings
from aeo.certification.verification import signature, verification_url
from frappe.utils import add_days, add_years, getdate, today

from tests.support.certification import (
	act,
	add_branches,
	default_benefit_group,
	guest,
	issue,
	pdf_text,
	qr_codes,
)
from tests.support.factories import (
	http_session,
	make_establishment,
	make_establishment_user,
	make_user,
	unique,
)
from tests.support.mail import body_text, wait_until

NAME_AR = "شركة الظفرة للخدمات اللوجستية ذ.م.م"
NOT_VALID = "This certificate link is not valid."


@pytest.fixture(scope="module")
def world():
	auh = make_establishment(unique("CRT"), establishment_name="Al Dhafra Logistics LLC", establishment_name_ar=NAME_AR)
	dxb = make_establishment(unique("CRD"), emirate="Dubai", establishment_name="Creek Freight LLC",
		establishment_name_ar="شركة الخور للشحن ذ.م.م")
	branches = add_branches(auh, 2)
	people = {
		"kam": make_user("crt.kam@test.example", ["Main Account Manager"], scope={"Customs Administration": "Abu Dhabi Customs"}),
		"kam_dxb": make_user("crt.kam.dxb@test.example", ["Main Account Manager"], scope={"Customs Administration": "Dubai Customs"}),
		"pm": make_user("crt.pm@test.example", ["AEO Programme Manager"], scope={"Customs Administration": "Abu Dhabi Customs"}),
		"pm_dxb": make_user("crt.pm.dxb@test.example", ["AEO Programme Manager"], scope={"Customs Administration": "Dubai Customs"}),
		"gac": make_user("crt.gac@test.example", ["Federal Administrator"]),
		"ca_auh": make_user("crt.ca.auh@test.example", ["Customs Administrator"], scope={"Customs Administration": "Abu Dhabi Customs"}),
		"ca_dxb": make_user("crt.ca.dxb@test.example", ["Customs Administrator"], scope={"Customs Administration": "Dubai Customs"}),
		"portal": make_establishment_user(auh, f"manager.{auh.lower()}@test.example", "Establishment Account Manager", main=True),
		"portal_dxb": make_establishment_user(dxb, f"manager.{dxb.lower()}@test.example", "Establishment Account Manager", main=True),
	}
	for establishment, kam in ((auh, people["kam"]), (dxb, people["kam_dxb"])):
		frappe.db.set_value("Establishment", establishment, "main_account_manager", kam)
	group = frappe.db.get_value("Benefit Group", {"is_default": 0}) or frappe.get_doc(
		{"doctype": "Benefit Group", "group_name": "Extended Benefits", "group_description": "More than the default.",
			"benefits": frappe.get_doc("Benefit Group", default_benefit_group()).benefits}
	).insert().name
	frappe.db.commit()
	return {"auh": auh, "dxb": dxb, "branches": branches, "people": people, "other_group": group}


@pytest.fixture(scope="module")
def issued(world):
	"""The Dubai establishment's head office, issued as it is; the Abu Dhabi one is issued by the tests below."""
	people = world["people"]
	doc = issue(world["dxb"], people["kam_dxb"], people["gac"])
	return doc.licences[0].certificate


def certificate_of(licence: str):
	return frappe.get_doc("AEO Certificate", {"licence_number": licence, "status": ("!=", "Cancelled")})


def verification_page(url_or_path: str, session=None) -> str:
	"""The verification section of the page, as a guest sees it."""
	path = url_or_path.split("://", 1)[-1].split("/", 1)[-1]
	return verification_section((session or guest()).get("/" + path).text)


def verification_section(html: str) -> str:
	return unescape(html[html.index('<section class="aeo-panel aeo-verify"') : html.index("</section>")])


def members(query: str) -> str:
	"""The rows of the public list of AEOs that a search finds ("" when none)."""
	html = guest().get("/aeo/members", params={"q": query}).text
	table = html.find('<table class="aeo-table aeo-members">')
	return unescape(html[table : html.index("</table>", table)]) if table >= 0 else ""


# ---------------------------------------------------------------- issuance (Tables 27, 28, 43, 44)


def test_issuance_starts_with_the_default_group_and_every_licence(world, mail):
	"""P-3.3.1 steps 1–2, T16-03, NT28-1: the default group, the head office ticked and the branches offered; the
	establishment's Account Manager hears that the certificate is being issued, the Main Account Manager is assigned."""
	from aeo.certification.membership import approve_membership

	people = world["people"]
	name = approve_membership(world["auh"])
	frappe.db.commit()
	doc = frappe.get_doc("AEO Certificate Issuance", name)
	assert (doc.status, doc.benefit_group, doc.main_account_manager) == ("Being Prepared", default_benefit_group(), people["kam"])
	assert [(row.licence_type, row.licence_number, row.include) for row in doc.licences] == [
		("Head Office", world["auh"], 1),
		*[("Branch", number, 0) for number in world["branches"]],
	]
	assert frappe.db.exists("ToDo", {"reference_name": name, "allocated_to": people["kam"], "status": "Open"})
	[message] = wait_until(lambda: [m for m in mail.wait_for(people["portal"])
		if "Your AEO certificate is being issued" in (m["Subject"] or "")])
	assert NAME_AR in body_text(message) and "Al Dhafra Logistics LLC" in body_text(message)
	assert "certificates are being issued" in http_session(people["portal"]).get("/aeo/certificates").text  # Table 27
	with pytest.raises(frappe.ValidationError, match="already has the certificate issuance"):
		approve_membership(world["auh"])
	frappe.db.rollback()


def test_no_certificate_without_a_membership_decision(world, mail):
	"""Issue 11: an issuance starts only from an approved Membership Decision. Over REST a Main Account Manager can
	create neither an issuance (for an establishment that never applied) nor a decision; in-process, a record the
	decision step did not make is refused even for Administrator; nothing is e-mailed."""
	from aeo.exceptions import NotPermitted

	people = world["people"]
	stranger = make_establishment(unique("CRN"), establishment_name="Never Applied LLC")
	mail.clear()
	session = http_session(people["kam"])
	for doctype, values in (
		("AEO Certificate Issuance", {"establishment": stranger}),
		("Membership Decision", {"establishment": stranger, "decision": "Approved", "basis": "Assessment"}),
	):
		response = session.post(f"/api/resource/{doctype}", json=values)
		assert response.status_code == 403, (doctype, response.text)
	for values in (
		{"doctype": "AEO Certificate Issuance", "establishment": stranger},
		{"doctype": "Membership Decision", "establishment": stranger, "decision": "Approved", "basis": "Assessment"},
	):
		with pytest.raises(NotPermitted):
			frappe.get_doc(values).insert(ignore_permissions=True)
	frappe.db.rollback()
	for doctype in ("AEO Certificate Issuance", "Membership Decision"):
		assert not frappe.db.exists(doctype, {"establishment": stranger})
	frappe.db.commit()
	assert not [m for m in mail.messages() if "being issued" in (m["Subject"] or "")]


def test_the_federal_authority_registers_an_existing_aeo_with_reason_and_evidence(world, mail):
	"""Issue 11's "existing AEO" path: only a federal role; the reason, the evidence (the user's own upload) and the
	grant date are required (400 otherwise, nothing made); the decision is recorded with who and when, and the
	issuance starts from it."""
	from tests.support.factories import uploaded_as

	people = world["people"]
	establishment = make_establishment(unique("CRX"), establishment_name="Granted Before LLC")
	frappe.db.set_value("Establishment", establishment, "main_account_manager", people["kam"])
	frappe.db.commit()
	evidence = uploaded_as(people["gac"], "original-certificate.pdf")
	values = {"establishment": establishment, "reason": "Certified in 2019 on paper.", "evidence": evidence,
		"granted_on": "2019-05-01"}
	method = "/api/method/aeo.certification.membership.register_existing_aeo"
	assert http_session(people["kam"]).post(method, data=values).status_code == 403
	federal = http_session(people["gac"])
	for bad in ({"reason": " "}, {"evidence": "/private/files/not-mine.pdf"}, {"granted_on": "2999-01-01"}):
		assert federal.post(method, data={**values, **bad}).status_code == 400, bad
	frappe.db.rollback()
	assert not frappe.db.exists("Membership Decision", {"establishment": establishment})
	response = federal.post(method, data=values)
	assert response.status_code == 200, response.text
	made = response.json()["message"]
	frappe.db.rollback()
	decision = frappe.get_doc("Membership Decision", made["decision"])
	assert (decision.basis, decision.decision, decision.decided_by, decision.issuance) == (
		"Existing AEO", "Approved", people["gac"], made["issuance"])
	assert frappe.db.get_value("AEO Certificate Issuance", made["issuance"], ["membership_decision", "status"]) == (
		decision.name, "Being Prepared")
	assert http_session(people["gac"]).put(f"/api/resource/Membership Decision/{decision.name}",
		json={"reason": "changed"}).status_code == 403
	# once registered, its certificates are being issued: a second registration is refused and makes nothing
	assert federal.post(method, data={**values, "evidence": uploaded_as(people["gac"], "again.pdf")}).status_code == 400
	frappe.db.rollback()
	assert frappe.db.count("Membership Decision", {"establishment": establishment}) == 1


def test_only_the_administrations_main_account_manager_approves_and_only_the_federal_authority_issues(world):
	people = world["people"]
	name = frappe.db.get_value("AEO Certificate Issuance", {"establishment": world["auh"]})
	with pytest.raises(frappe.PermissionError):
		act(people["kam_dxb"], "AEO Certificate Issuance", name, "Approve")
	with pytest.raises(frappe.ValidationError, match="Not a valid Workflow Action"):
		act(people["kam"], "AEO Certificate Issuance", name, "Issue")
	frappe.db.rollback()
	assert frappe.db.get_value("AEO Certificate Issuance", name, "status") == "Being Prepared"


def test_staff_cannot_write_an_issuance_or_certificate_status_past_the_workflow(world, issued):
	"""Status, dates and decisions move only through the workflows: the Main Account Manager cannot issue by writing
	the issuance's status, nor revive, cancel or extend a certificate by writing its fields (the verification page
	and the public list read them)."""
	people = world["people"]
	name = frappe.db.get_value("AEO Certificate Issuance", {"establishment": world["auh"]})
	session = http_session(people["kam"])
	response = session.put(f"/api/resource/AEO Certificate Issuance/{name}", json={"status": "Issued"})
	assert response.status_code == 403 and "set by the system" in response.text
	session = http_session(people["kam_dxb"])
	before = frappe.db.get_value("AEO Certificate", issued, ["status", "valid_until"])
	for values in ({"status": "Cancelled"}, {"valid_until": "2040-01-01"}):
		response = session.put(f"/api/resource/AEO Certificate/{issued}", json=values)
		assert response.status_code == 403 and "set by the system" in response.text, values
	frappe.db.rollback()
	assert frappe.db.get_value("AEO Certificate Issuance", name, "status") == "Being Prepared"
	assert frappe.db.get_value("AEO Certificate", issued, ["status", "valid_until"]) == before


def test_main_account_manager_prepares_and_the_federal_authority_issues(world, mail):
	"""§5.3.8: the Main Account Manager changes the group and ticks a branch (the head office stays ticked); the
	federal authority issues one Active certificate per ticked licence, valid until the re-assessment is due (BR.24),
	with the head office's group on the branch; the establishment is an AEO (Table 43) and is told, with every
	customs administration (NT28-2, NT44-1)."""
	people = world["people"]
	name = frappe.db.get_value("AEO Certificate Issuance", {"establishment": world["auh"]})
	frappe.set_user(people["kam"])
	doc = frappe.get_doc("AEO Certificate Issuance", name)
	doc.benefit_group = world["other_group"]
	for row in doc.licences:
		row.include = row.licence_number == world["branches"][0]  # unticks the head office too: it comes back
	doc.save()
	frappe.set_user("Administrator")
	frappe.db.commit()
	assert act(people["kam"], doc.doctype, name, "Approve").status == "Under Issuance"
	approved = frappe.get_doc(doc.doctype, name)
	approved.benefit_group = default_benefit_group()
	with pytest.raises(frappe.ValidationError, match="Return the issuance to the Main Account Manager"):
		approved.save()
	frappe.db.rollback()
	mail.clear()
	doc = act(people["gac"], doc.doctype, name, "Issue")

	assert (doc.status, doc.issued_by, getdate(doc.issued_on)) == ("Issued", people["gac"], getdate(today()))
	certified = {row.licence_number: row.certificate for row in doc.licences if row.certificate}
	assert set(certified) == {world["auh"], world["branches"][0]}
	for number in certified.values():
		certificate = frappe.get_doc("AEO Certificate", number)
		assert (certificate.status, certificate.benefit_group, certificate.issuance) == ("Active", world["other_group"], name)
		years = settings().periodic_reassessment_max_years
		assert getdate(certificate.valid_until) == getdate(add_days(add_years(today(), years), -1))
	assert certificate_of(world["branches"][0]).establishment_name_ar == "الفرع رقم 1"
	assert frappe.db.get_value("Establishment", world["auh"], ["aeo_status", "benefit_group"]) == (
		"Authorized Economic Operator", world["other_group"])

	issued_mail = body_text(mail.wait_for(people["portal"])[0])
	assert all(number in issued_mail for number in certified.values()) and "/aeo/certificates" in issued_mail
	subject = "New Authorized Economic Operator: Al Dhafra Logistics LLC"  # another issuance's circular may come too
	[circular] = wait_until(lambda: [m for m in mail.wait_for(people["ca_dxb"]) if subject in m["Subject"]])
	assert NAME_AR in body_text(circular)


def test_issuance_notifications_reach_the_portal_too(world):
	"""Tables 28 and 44 go by e-mail and to the portal: the establishment's Account Manager finds "being issued" and
	"issued" in the portal's notification list, linked to its certificates; every customs administration gets the
	circular in its notifications."""
	people = world["people"]
	name = frappe.db.get_value("AEO Certificate Issuance", {"establishment": world["auh"], "status": "Issued"})

	def logs_for(user: str) -> list[str]:
		return frappe.get_all(
			"Notification Log", {"for_user": user, "document_type": "AEO Certificate Issuance", "document_name": name},
			pluck="subject",
		)

	def told() -> bool:
		subjects = " | ".join(logs_for(people["portal"]))
		return "Your AEO certificate is being issued" in subjects and "AEO certificate(s) issued" in subjects

	wait_until(told)  # NT28-1, NT28-2
	listed = http_session(people["portal"]).get("/aeo/notifications")
	assert listed.status_code == 200
	page = unescape(listed.text)
	assert re.search(r'<a href="/aeo/certificates">[^<]*AEO certificate\(s\) issued</a>', page)
	circular = wait_until(lambda: logs_for(people["ca_dxb"]))  # N44-1
	assert any("New Authorized Economic Operator: Al Dhafra Logistics LLC" in subject for subject in circular)


def test_a_branch_added_later_gets_its_own_certificate(world):
	"""A second issuance keeps the certificates in force and issues only for the newly ticked branch; it starts with
	the group the Main Account Manager chose for the establishment, not the default (the head office's benefits flow
	to its branches), so the branch gets that group and the establishment keeps it."""
	people = world["people"]
	assert frappe.db.get_value("Establishment", world["auh"], "benefit_group") == world["other_group"]
	before = {licence: certificate_of(licence).name for licence in (world["auh"], world["branches"][0])}
	later = world["branches"][1]
	doc = issue(world["auh"], people["kam"], people["gac"], branches=(later,))
	assert {row.licence_number: row.certificate for row in doc.licences if row.licence_number in before} == before
	assert certificate_of(later).issuance == doc.name
	assert frappe.db.count("AEO Certificate", {"establishment": world["auh"], "status": "Active"}) == 3
	assert doc.benefit_group == world["other_group"] != default_benefit_group()
	assert certificate_of(later).benefit_group == world["other_group"]
	assert frappe.db.get_value("Establishment", world["auh"], "benefit_group") == world["other_group"]


# ---------------------------------------------------------------- the PDF, its QR code and the public check


def test_the_certificate_pdf_carries_the_arabic_name_the_number_and_a_signed_link(world):
	"""T11, A-32b: the establishment downloads its certificate; its text holds the Arabic name and the number; the
	QR code on the page reads back to the signed verification link, which a guest opens: active, then suspended,
	then expired; one character changed and the link is not valid, like a guessed number."""
	people = world["people"]
	number = certificate_of(world["auh"]).name
	response = http_session(people["portal"]).get("/api/method/aeo.certification.certificate_pdf.download", params={"name": number})
	assert response.status_code == 200 and response.headers["Content-Type"] == "application/pdf"
	text = pdf_text(response.content)
	assert NAME_AR in text and "Al Dhafra Logistics LLC" in text and number in text
	assert "شهادة المشغل الاقتصادي المعتمد" in text and "الإدارة العامة للجمارك" in text

	(url,) = qr_codes(response.content)
	assert url == verification_url(number) and url.startswith(frappe.utils.get_url("/aeo/verify?"))
	page = verification_page(url)
	assert "Active: the establishment is an Authorized Economic Operator." in page
	assert "Al Dhafra Logistics LLC" in page and world["auh"] not in page  # the name and validity, no licence

	act(people["pm"], "AEO Certificate", number, "Suspend")
	assert "Suspended: the AEO membership is suspended." in verification_page(url)
	act(people["pm"], "AEO Certificate", number, "Reactivate")
	validity = frappe.db.get_value("AEO Certificate", number, ["date_of_issue", "valid_until"])
	frappe.db.set_value("AEO Certificate", number, {"date_of_issue": add_years(today(), -5), "valid_until": add_days(today(), -1)})
	frappe.db.commit()
	assert "Expired: the certificate's validity has ended." in verification_page(url)

	tampered = url[:-1] + ("A" if url[-1] != "A" else "B")
	other_number = url.replace(number, number[:-1] + ("9" if number[-1] != "9" else "8"))
	unknown = f"/aeo/verify?c=AEO-CRT-1999-00001&s={signature('AEO-CRT-1999-00001')}"
	pages = {verification_page(link) for link in (tampered, other_number, unknown, "/aeo/verify")}
	assert len(pages) == 1 and NOT_VALID in pages.pop()
	frappe.db.set_value("AEO Certificate", number, dict(zip(("date_of_issue", "valid_until"), validity, strict=True)))
	frappe.db.commit()


def test_a_malformed_link_is_not_valid_like_any_other(world):
	"""Non-ASCII characters in the signature or the number (a link altered by hand, mis-encoded by a mail client)
	get the plain "not valid" page, not a server error; so do parameters that are not text at all."""
	number = certificate_of(world["auh"]).name
	good = signature(number)
	links = [
		{"c": number, "s": "é"},
		{"c": number, "s": good[:-1] + "é"},
		{"c": number + "é", "s": good},
		{"c": "شهادة-١٢٣", "s": "توقيع"},
		{"c": "AEO-é-00001", "s": signature("AEO-é-00001")},  # signed, but no such certificate
	]
	pages = set()
	for params in links:
		response = guest().get("/aeo/verify", params=params)
		assert response.status_code == 200, (params, response.text[:300])
		pages.add(verification_section(response.text))
	for body in ({"c": number, "s": "\ud800"}, {"c": 1, "s": [good]}):  # a lone surrogate; not text
		response = guest().get("/aeo/verify", json=body)
		assert response.status_code == 200, (body, response.text[:300])
		pages.add(verification_section(response.text))
	assert len(pages) == 1 and NOT_VALID in pages.pop()


def test_a_cancelled_certificate_reads_cancelled(world):
	"""The verification page of a cancelled certificate says so (the QR code on a printed certificate outlives it);
	the certificate leaves the public list of AEOs."""
	people = world["people"]
	number = certificate_of(world["branches"][1]).name  # the branch certified later; no other test reads it
	url = verification_url(number)
	assert "Active: the establishment is an Authorized Economic Operator." in verification_page(url)
	assert number in members(number)
	act(people["pm"], "AEO Certificate", number, "Cancel Certificate")
	assert frappe.db.get_value("AEO Certificate", number, "status") == "Cancelled"
	page = verification_page(url)
	assert "Cancelled: the certificate is no longer valid." in page and number in page and "Branch 2" in page
	assert NOT_VALID not in page
	assert members(number) == ""


def test_verification_is_rate_limited_per_address(world, issued):
	"""The limit of AEO Settings; another address is still served."""
	url = verification_url(issued)
	session = guest()
	for _ in range(settings().public_lookups_per_hour):
		assert session.get(url.split(frappe.utils.get_url(), 1)[1]).status_code == 200
	refused = session.get("/aeo/verify", params={"c": issued, "s": signature(issued)})
	assert refused.status_code == 429 and "Too many checks from your address" in refused.text
	assert "Active: the establishment" in verification_page(url)


def test_public_list_shows_active_aeos_and_only_what_is_published(world, issued):
	"""§5.3.8 step 3: the establishment is on the public list, found by name (either language) or number."""
	for query in ("Dhafra", "الظفرة", certificate_of(world["auh"]).name):
		assert certificate_of(world["auh"]).name in members(query)
	found = members(issued)
	assert issued in found and "Creek Freight LLC" in found and world["dxb"] not in found  # no licence numbers
	act(world["people"]["pm_dxb"], "AEO Certificate", issued, "Suspend")
	assert members(issued) == ""
	act(world["people"]["pm_dxb"], "AEO Certificate", issued, "Reactivate")


# ---------------------------------------------------------------- who downloads what


@pytest.mark.parametrize(
	"user, allowed",
	[("portal", True), ("portal_dxb", False), ("ca_auh", True), ("ca_dxb", False), ("kam_dxb", False), ("gac", True)],
)
def test_downloads_stay_within_the_establishment_and_the_administration(world, user, allowed):
	number = certificate_of(world["auh"]).name
	response = http_session(world["people"][user]).get(
		"/api/method/aeo.certification.certificate_pdf.download", params={"name": number}
	)
	assert (response.status_code == 200) == allowed, response.text[:300]
	assert (response.headers["Content-Type"] == "application/pdf") == allowed


def test_the_desks_own_pdf_button_gives_the_same_certificate(world):
	"""Frappe's print view PDF (wkhtmltopdf) is routed to WeasyPrint for certificates (override_whitelisted_methods)."""
	number = certificate_of(world["auh"]).name
	response = http_session(world["people"]["ca_auh"]).get(
		"/api/method/frappe.utils.print_format.download_pdf",
		params={"doctype": "AEO Certificate", "name": number, "format": "AEO Certificate", "no_letterhead": 1},
	)
	assert response.headers["Content-Type"] == "application/pdf" and NAME_AR in pdf_text(response.content)
	refused = http_session(world["people"]["ca_dxb"]).get(
		"/api/method/frappe.utils.print_format.download_pdf", params={"doctype": "AEO Certificate", "name": number}
	)
	assert refused.status_code == 403


def test_an_establishment_downloads_only_its_active_certificates(world, issued):
	people = world["people"]
	act(people["pm_dxb"], "AEO Certificate", issued, "Suspend")
	try:
		download = "/api/method/aeo.certification.certificate_pdf.download"
		assert http_session(people["portal_dxb"]).get(download, params={"name": issued}).status_code == 403
		assert http_session(people["gac"]).get(download, params={"name": issued}).status_code == 200
	finally:
		act(people["pm_dxb"], "AEO Certificate", issued, "Reactivate")


def test_portal_page_lists_the_establishments_certificates(world, issued):
	html = http_session(world["people"]["portal"]).get("/aeo/certificates").text
	for licence in (world["auh"], world["branches"][0]):
		assert certificate_of(licence).name in html
	assert issued not in html and "aeo.certification.certificate_pdf.download" in html


# ---------------------------------------------------------------- a batch in the background


def test_a_batch_renders_in_the_background_and_reports_its_progress(world, issued):
	"""The desk's list action: the job publishes its progress through Frappe's realtime server to the staff user who
	asked (that user's room only; issue 11: no polling) and leaves a zip of PDFs, announced in the notifications."""
	people = world["people"]
	names = [certificate_of(licence).name for licence in (world["auh"], world["branches"][0])] + [issued]
	events = redis.Redis.from_url(frappe.conf.redis_queue).pubsub()
	events.subscribe("events")
	started = frappe.utils.now_datetime()
	response = http_session(people["gac"]).post(
		"/api/method/aeo.certification.certificate_pdf.download_batch", data={"names": json.dumps(names)}
	)
	assert response.status_code == 200, response.text
	batch, progress = response.json()["message"], []

	def published():
		"""What the desk's list hears (aeo_certificate_list.js) until the zip is there."""
		message = events.get_message(timeout=0.5)
		if message and message["type"] == "message":
			event = json.loads(message["data"])
			if event["event"] == "aeo_certificate_batch" and event["message"]["batch"] == batch:
				assert event["room"] == f"user:{people['gac']}"  # nobody else hears it
				progress.append(event["message"])
		return progress and progress[-1]["file_url"]

	zip_url = wait_until(published, timeout=60)
	assert [(p["done"], p["total"]) for p in progress] == [(1, 3), (2, 3), (3, 3), (3, 3)]

	def ready():
		return frappe.db.get_value(
			"Notification Log", {"for_user": people["gac"], "creation": (">=", started), "link": ("like", "%.zip")}, "link"
		)

	link = wait_until(ready, timeout=60)
	assert zip_url == link
	archive = zipfile.ZipFile(io.BytesIO(http_session(people["gac"]).get(link).content))
	assert sorted(archive.namelist()) == sorted(f"{name}.pdf" for name in names)
	assert http_session(people["kam_dxb"]).get(link).status_code == 403
	refused = http_session(people["portal_dxb"]).post(
		"/api/method/aeo.certification.certificate_pdf.download_batch", data={"names": json.dumps(names)}
	)
	assert refused.status_code == 403
