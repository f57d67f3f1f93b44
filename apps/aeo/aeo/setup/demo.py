"""Demo data for a development or demo site (never loaded by install): `fixtures/demo/*.json` at the repo root.

Idempotent: records that exist are left as they are.
"""

import json
from pathlib import Path

import frappe
from frappe.utils.password import update_password


def load(path: str, password: str) -> None:
	folder = Path(path)
	for row in read(folder / "establishments.json"):
		if not frappe.db.exists("Establishment", row["licence_number"]):
			frappe.get_doc({"doctype": "Establishment", **row}).insert(ignore_permissions=True)
	for row in read(folder / "users.json"):
		ensure_user(row, password)
	frappe.db.commit()


def read(path: Path) -> list[dict]:
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
