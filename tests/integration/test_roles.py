"""The 12 roles of BRD Table 18 (03_roles_portal.md §1): names, Arabic names, desk access."""

import json
from pathlib import Path

import frappe
import pytest
from frappe.translate import get_all_translations

from tests.support.factories import make_user

ROLES = json.loads((Path(frappe.get_app_path("aeo")) / "setup" / "data" / "roles.json").read_text())
ESTABLISHMENT_ROLES = {"Establishment Account Manager", "AEO Data Entry User"}


def test_all_twelve_roles_exist_with_their_desk_access():
	assert len(ROLES) == 12
	for row in ROLES:
		desk_access = frappe.db.get_value("Role", row["role_name"], "desk_access")
		assert desk_access == (0 if row["role_name"] in ESTABLISHMENT_ROLES else 1), row["role_name"]


@pytest.mark.parametrize("row", ROLES, ids=lambda r: r["role_name"])
def test_role_reads_in_arabic(row):
	assert get_all_translations("ar").get(row["role_name"]) == row["role_name_ar"]


def test_establishment_roles_make_website_users_and_staff_roles_system_users():
	portal = make_user("portal.only@test.example", ["Establishment Account Manager"])
	staff = make_user("staff.only@test.example", ["Customs Administrator"])
	assert frappe.db.get_value("User", portal, "user_type") == "Website User"
	assert frappe.db.get_value("User", staff, "user_type") == "System User"
