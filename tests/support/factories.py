"""Records the tests need, made through Frappe's API like the app makes them."""

import os
import random
import re
import uuid

import frappe
import requests
from requests.adapters import HTTPAdapter

PASSWORD = "Aeo-Test-2026"
CSRF_TOKEN = re.compile(r'frappe\.csrf_token = "([0-9a-f]+)"')
PORTAL_ROLES = {"Establishment Account Manager", "AEO Data Entry User"}


def make_user(email: str, roles: list[str], language: str = "en", scope: dict | None = None) -> str:
	"""A user with roles and, optionally, User Permissions ({doctype: value}); password PASSWORD."""
	if not frappe.db.exists("User", email):
		frappe.get_doc(
			{
				"doctype": "User",
				"email": email,
				"first_name": email.split("@")[0].replace(".", " ").title(),
				"language": language,
				# said up front: Frappe gives System Manager to a new *System* User when the site has none yet
				"user_type": "Website User" if set(roles) <= PORTAL_ROLES else "System User",
				"send_welcome_email": 0,
				"new_password": PASSWORD,
				"roles": [{"role": role} for role in roles],
			}
		).insert(ignore_permissions=True)
		for doctype, value in (scope or {}).items():
			frappe.get_doc({"doctype": "User Permission", "user": email, "allow": doctype, "for_value": value}).insert(
				ignore_permissions=True
			)
		frappe.db.commit()
	return email


ISSUER = {"Abu Dhabi": "Department of Economic Development – Abu Dhabi", "Dubai": "Department of Economic Development – Dubai"}


def unique(prefix: str) -> str:
	return f"{prefix}-{uuid.uuid4().hex[:8]}".upper()


def private_file(extension: str = "pdf", size: int = 2048, is_private: int = 1) -> str:
	"""An uploaded file (distinct content each time: Frappe stores identical content once)."""
	file = frappe.get_doc(
		{
			"doctype": "File",
			"file_name": f"test-{uuid.uuid4().hex[:8]}.{extension}",
			"content": uuid.uuid4().bytes * (size // 16),
			"is_private": is_private,
		}
	).insert(ignore_permissions=True)
	return file.file_url


def account_request(**values):
	"""A complete account request (BRD Table 1) for an Abu Dhabi licence, not yet saved."""
	return frappe.get_doc(
		{
			"doctype": "Account Request",
			"applicant_name_ar": "أحمد علي",
			"applicant_name": "Ahmed Ali",
			"job_title": "General Manager",
			"applicant_role": "Owner / Founder",
			"mobile_no": "050 123 4567",
			"email": f"applicant.{uuid.uuid4().hex[:10]}@test.example",
			"establishment_name": "Registry Trading L.L.C",
			"establishment_name_ar": "شركة السجل للتجارة ذ.م.م",
			"emirate": "Abu Dhabi",
			"licence_issuer": ISSUER["Abu Dhabi"],
			"licence_number": unique("ACR"),
			"valid_licence": private_file(),
			"emirates_id_copy": private_file(),
			**values,
		}
	)


def make_establishment(licence_number: str, emirate: str = "Abu Dhabi", **values) -> str:
	issuer = ISSUER
	if not frappe.db.exists("Establishment", licence_number):
		frappe.get_doc(
			{
				"doctype": "Establishment",
				"establishment_name": f"Test Establishment {licence_number}",
				"establishment_name_ar": f"منشأة اختبار {licence_number}",
				"legal_form": "Limited liability company (LLC)",
				"email": f"info@{licence_number.lower()}.example",
				"emirate": emirate,
				"licence_issuer": issuer[emirate],
				"licence_number": licence_number,
				"licence_issue_date": "2025-01-01",
				"licence_expiry_date": "2028-01-01",
				**values,
			}
		).insert(ignore_permissions=True)
		frappe.db.commit()
	return licence_number


class FromAddress(HTTPAdapter):
	"""Connections from one loopback address of the client's own (127.0.0.0/8 is all local): the site counts
	per-address limits by the connection's address, never by a header the client writes."""

	def __init__(self, address: str, **kwargs):
		self.address = address
		super().__init__(**kwargs)

	def init_poolmanager(self, *args, **kwargs):
		kwargs["source_address"] = (self.address, 0)
		super().init_poolmanager(*args, **kwargs)


def loopback_address() -> str:
	return f"127.{random.randint(1, 254)}.{random.randint(1, 254)}.{random.randint(1, 254)}"


class SiteSession(requests.Session):
	"""requests on the served test site: to 127.0.0.1, naming the site in the Host header (no DNS needed), from an
	address of its own, as a browser: it keeps the CSRF token a page gives it and sends it with later requests."""

	def __init__(self, address: str | None = None):
		super().__init__()
		self.base = f"http://127.0.0.1:{os.environ['AEO_PORT']}"
		self.address = address or loopback_address()
		self.mount("http://", FromAddress(self.address))
		self.headers["Host"] = frappe.local.site
		self.cookies.set("preferred_language", "en")  # a guest who chose English (the portal's default is Arabic)

	def request(self, method, path, **kwargs):
		kwargs.setdefault("timeout", 30)
		response = super().request(method, self.base + path, **kwargs)
		if "text/html" in response.headers.get("Content-Type", ""):
			token = CSRF_TOKEN.search(response.text)
			if token:
				self.headers["X-Frappe-CSRF-Token"] = token.group(1)
		return response


def http_session(user: str | None = None, password: str = PASSWORD) -> SiteSession:
	"""A session on the served test site, logged in as `user`, or a guest. Signed in, it holds the session's CSRF
	token for its POSTs, as a browser holds the one its pages carry (read from the session store: a page costs more)."""
	session = SiteSession()
	if user:
		session.post("/api/method/login", json={"usr": user, "pwd": password}).raise_for_status()
		stored = frappe.cache.hget("session", session.cookies.get("sid")) or {}
		token = (stored.get("data") or {}).get("csrf_token")
		if token:
			session.headers["X-Frappe-CSRF-Token"] = token
	return session


def make_establishment_user(
	establishment: str, email: str, portal_role: str = "AEO Data Entry User", main: bool = False, **values
) -> str:
	"""An Establishment User made as the app makes them (its controller creates the User, role and scope), with
	password PASSWORD; `main` makes it the establishment's (main) Account Manager."""
	from frappe.utils.password import update_password

	if not frappe.db.exists("Establishment User", email):
		doc = frappe.get_doc(
			{
				"doctype": "Establishment User",
				"establishment": establishment,
				"portal_role": portal_role,
				"full_name_ar": "مستخدم الاختبار",
				"full_name": "Test User",
				"job_title": "Customs Clerk",
				"mobile_no": "+971501234567",
				"email": email,
				**values,
			}
		).insert(ignore_permissions=True)
		update_password(doc.user, PASSWORD)
		if main:
			frappe.db.set_value("Establishment", establishment, "account_manager", doc.user)
		frappe.db.commit()
	return email


# the first bytes of real files: uploads are checked by content (aeo.security.uploads)
HEADERS = {"pdf": b"%PDF-1.4\n", "png": b"\x89PNG\r\n\x1a\n", "jpg": b"\xff\xd8\xff\xe0", "jpeg": b"\xff\xd8\xff\xe0"}


def uploaded_as(user: str, name: str, size: int = 2048) -> str:
	"""A private file uploaded by `user` (attachments must be the user's own uploads), with unique content that
	starts as a real file of its type does."""
	current = frappe.session.user
	frappe.set_user(user)
	try:
		header = HEADERS.get(name.rsplit(".", 1)[-1].lower(), b"")
		content = header + (f"{name}-{uuid.uuid4().hex}".encode() * size)[: max(0, size - len(header))]
		url = frappe.get_doc({"doctype": "File", "file_name": name, "is_private": 1, "content": content}).insert(
			ignore_permissions=True
		).file_url
		frappe.db.commit()
		return url
	finally:
		frappe.set_user(current)


def application_values(establishment: str, area: str | None, attachments: tuple[str, str, str], /, **values) -> dict:
	"""The fields of a complete joining application (BRD Table 3) of `establishment`: its head office in its licence's
	emirate, in `area`, and the files of T03-52 to T03-54."""
	structure, management, shareholders = attachments
	return {
		"doctype": "Joining Application",
		"establishment": establishment,
		"customs_code": f"CC-{establishment}",
		"establishment_date": "2015-03-01",
		"phone": "050 123 4567",
		"hq_emirate": frappe.db.get_value("Establishment", establishment, "emirate"),
		"hq_area": area,
		"hq_address": "Building 1, Street 2",
		"compliance_record_3_years": "Yes",
		"rejected_in_past_year": "No",
		"cancelled_in_past_3_years": "No",
		"has_branches": "No",
		"supply_chain_activities": [{"activity": "Importer"}],
		"activities_description": "Imports spare parts.",
		"number_of_employees": "11 – 50",
		"number_of_sites": 1,
		"part_of_group": "No",
		"main_accredited_abroad": "No",
		"branches_accredited_abroad": "No",
		"organizational_structure": structure,
		"executive_management_list": management,
		"shareholders_list": shareholders,
		"information_exchange_consent": 1,
		**values,
	}


def draft_application(establishment: str, owner: str, **values):
	"""A complete joining application saved as a Draft by `owner`, an Establishment User of it."""
	emirate = frappe.db.get_value("Establishment", establishment, "emirate")
	area = frappe.db.get_value("Area", {"emirate": emirate}) or frappe.get_doc(
		{"doctype": "Area", "area_name": f"Test Area {emirate}", "area_name_ar": "منطقة اختبار", "emirate": emirate}
	).insert(ignore_permissions=True).name
	files = tuple(uploaded_as(owner, name) for name in ("structure.pdf", "management.pdf", "shareholders.pdf"))
	doc = frappe.get_doc(application_values(establishment, area, files, **values))
	current = frappe.session.user
	frappe.set_user(owner)
	try:
		doc.insert(ignore_permissions=True)
	finally:
		frappe.set_user(current)
	frappe.db.commit()
	return doc.name


def rename_workflow_state(workflow_name: str, old: str, new: str) -> None:
	"""What an administrator does in the Workflow form: the state's label changes everywhere it is used."""
	frappe.get_doc({"doctype": "Workflow State", "workflow_state_name": new}).insert(ignore_if_duplicate=True)
	workflow = frappe.get_doc("Workflow", workflow_name)
	for row in workflow.states:
		row.state = new if row.state == old else row.state
	for row in workflow.transitions:
		row.state = new if row.state == old else row.state
		row.next_state = new if row.next_state == old else row.next_state
	workflow.save()
	frappe.db.commit()
