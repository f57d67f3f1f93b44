"""Demo data for a development or demo site (never loaded by install): `fixtures/demo/*.json` at the repo root.

Idempotent: records that exist are left as they are.
"""

import json
from pathlib import Path

import frappe


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
	"""A demo user with its roles, scoped by User Permission to its customs administration or establishment."""
	if frappe.db.exists("User", row["email"]):
		return
	frappe.get_doc(
		{
			"doctype": "User",
			"email": row["email"],
			"first_name": row["first_name"],
			"last_name": row["last_name"],
			"language": row["language"],
			"send_welcome_email": 0,
			"new_password": password,
			"roles": [{"role": role} for role in row["roles"]],
		}
	).insert(ignore_permissions=True)
	for doctype, key in (("Customs Administration", "customs_administration"), ("Establishment", "establishment")):
		if row.get(key):
			frappe.get_doc(
				{"doctype": "User Permission", "user": row["email"], "allow": doctype, "for_value": row[key]}
			).insert(ignore_permissions=True)
