"""Demo data for a development or demo site (never loaded by install): `fixtures/demo/*.json` at the repo root.

Idempotent: records that exist are left as they are.
"""

import json
from pathlib import Path

import frappe
from frappe.model.workflow import apply_workflow
from frappe.utils.password import update_password

from aeo.certification.membership import approve_membership


def load(path: str, password: str) -> None:
	folder = Path(path)
	ensure_public_information(read(folder / "public_information.json"))
	for row in read(folder / "establishments.json"):
		if not frappe.db.exists("Establishment", row["licence_number"]):
			frappe.get_doc({"doctype": "Establishment", **row}).insert(ignore_permissions=True)
	for row in read(folder / "users.json"):
		ensure_user(row, password)
	frappe.db.commit()
	for row in read(folder / "account_requests.json"):
		ensure_account_request(row)
	for row in read(folder / "applications.json"):
		ensure_application(row)
	for row in read(folder / "benefits.json"):
		ensure_benefit_group(row)
	for row in read(folder / "certificates.json"):
		ensure_certificate(row)


def ensure_public_information(values: dict) -> None:
	"""The programme page's e-learning link and contact details (AEO Settings), where the demo site has none yet."""
	config = frappe.get_single("AEO Settings")
	missing = {field: value for field, value in values.items() if not config.get(field)}
	if missing:
		config.update(missing)
		config.save(ignore_permissions=True)


def read(path: Path) -> list[dict] | dict:
	return json.loads(path.read_text(encoding="utf-8"))


def ensure_user(row: dict, password: str) -> None:
	"""A demo user with its roles: local staff scoped by User Permission to their customs administration (federal
	staff see all), establishment users made as the portal makes them (an Establishment User record, which owns the
	User and its scope)."""
	if frappe.db.exists("User", row["email"]):
		return
	if row.get("establishment"):
		ensure_establishment_user(row)
	else:
		frappe.get_doc(
			{
				"doctype": "User",
				"email": row["email"],
				"first_name": row["first_name"],
				"last_name": row["last_name"],
				"send_welcome_email": 0,
				"roles": [{"role": role} for role in row["roles"]],
			}
		).insert(ignore_permissions=True)
		administration = row.get("customs_administration")
		if administration and not frappe.db.get_value("Customs Administration", administration, "is_federal"):
			frappe.get_doc(
				{
					"doctype": "User Permission",
					"user": row["email"],
					"allow": "Customs Administration",
					"for_value": administration,
				}
			).insert(ignore_permissions=True)
	frappe.db.set_value("User", row["email"], "language", row["language"])
	update_password(row["email"], password)


def ensure_establishment_user(row: dict) -> None:
	[role] = row["roles"]
	frappe.get_doc(
		{
			"doctype": "Establishment User",
			"establishment": row["establishment"],
			"portal_role": role,
			"full_name": f"{row['first_name']} {row['last_name']}",
			"full_name_ar": row["full_name_ar"],
			"job_title": row["job_title"],
			"mobile_no": row["mobile_no"],
			"email": row["email"],
		}
	).insert(ignore_permissions=True)
	if role == "Establishment Account Manager":
		frappe.db.set_value("Establishment", row["establishment"], "account_manager", row["email"])


def ensure_account_request(row: dict) -> None:
	"""An account request waiting for its customs administration, as a guest sends it (with its files)."""
	if frappe.db.exists("Account Request", {"email": row["email"]}):
		return
	files = {field: demo_file(f"{row['licence_number']}-{field}.pdf") for field in ("valid_licence", "emirates_id_copy")}
	if row["applicant_role"] != "Owner / Founder":
		files["authorization_document"] = demo_file(f"{row['licence_number']}-authorization.pdf")
	frappe.get_doc({"doctype": "Account Request", **row, **files}).insert(ignore_permissions=True)
	frappe.db.commit()


def ensure_application(row: dict) -> None:
	"""A joining application prepared by a Data Entry User, then moved along by the people the actions name."""
	if frappe.db.exists("Joining Application", {"establishment": row["establishment"]}):
		return
	area = row["hq_area"]
	area_name = frappe.db.get_value("Area", {"area_name": area["area_name"], "emirate": area["emirate"]}) or (
		frappe.get_doc({"doctype": "Area", **area}).insert(ignore_permissions=True).name
	)
	emirate = frappe.db.get_value("Establishment", row["establishment"], "emirate")
	frappe.set_user(row["prepared_by"])
	try:
		doc = frappe.get_doc(
			{
				"doctype": "Joining Application",
				"establishment": row["establishment"],
				"hq_emirate": emirate,
				"hq_area": area_name,
				"compliance_record_3_years": "Yes",
				"rejected_in_past_year": "No",
				"cancelled_in_past_3_years": "No",
				"has_branches": "No",
				"part_of_group": "No",
				"main_accredited_abroad": "No",
				"branches_accredited_abroad": "No",
				"information_exchange_consent": 1,
				**{field: demo_file(f"{row['establishment']}-{field}.pdf") for field in
					("organizational_structure", "executive_management_list", "shareholders_list")},
				**row["values"],
			}
		).insert(ignore_permissions=True)
	finally:
		frappe.set_user("Administrator")
	take_actions(doc.doctype, doc.name, row["actions"])


def take_actions(doctype: str, name: str, actions: list) -> None:
	"""Each [user, action] as that user picks the workflow action in the desk or on the portal."""
	try:
		for user, action in actions:
			frappe.set_user(user)
			apply_workflow(frappe.get_doc(doctype, name).as_dict(), action)
	finally:
		frappe.set_user("Administrator")
	frappe.db.commit()


def ensure_benefit_group(row: dict) -> None:
	if frappe.db.exists("Benefit Group", row["group_name"]):
		return
	benefits = []
	for benefit in row["benefits"]:
		name = frappe.db.get_value("Benefit", {"benefit_code": benefit["benefit_code"]}) or frappe.get_doc(
			{"doctype": "Benefit", **benefit}
		).insert(ignore_permissions=True).name
		benefits.append({"benefit": name})
	is_default = row.get("is_default") and not frappe.db.exists("Benefit Group", {"is_default": 1})
	frappe.get_doc({"doctype": "Benefit Group", **row, "is_default": is_default, "benefits": benefits}).insert(
		ignore_permissions=True
	)
	frappe.db.commit()


def ensure_certificate(row: dict) -> None:
	"""An establishment certified as the spec says: the Main Account Manager approves, the federal authority issues."""
	if frappe.db.exists("AEO Certificate", {"establishment": row["establishment"]}):
		return
	frappe.db.set_value("Establishment", row["establishment"], "main_account_manager", row["main_account_manager"])
	take_actions("AEO Certificate Issuance", approve_membership(row["establishment"]), row["actions"])


def demo_file(name: str) -> str:
	"""A small private PDF uploaded by the current user."""
	content = b"%PDF-1.4\n% AEO Portal demo document " + name.encode() + b"\n%%EOF\n"
	return frappe.get_doc({"doctype": "File", "file_name": name, "is_private": 1, "content": content}).insert(
		ignore_permissions=True
	).file_url
