"""The demo data `setup.py up` loads (fixtures/demo): the logins the README lists work, with the right scope."""

import json
from pathlib import Path

import frappe
import pytest
from aeo.setup.demo import load

from tests.support.factories import http_session
from tests.support.mail import background_jobs_done, wait_until

DEMO = Path(__file__).resolve().parents[2] / "fixtures" / "demo"
PASSWORD = "Aeo-Demo-2026"  # the README's demo password


@pytest.fixture(scope="module")
def demo():
	load(str(DEMO), PASSWORD)
	load(str(DEMO), PASSWORD)  # a second load changes nothing
	return json.loads((DEMO / "users.json").read_text())


def test_every_demo_user_exists_with_its_roles(demo):
	for row in demo:
		roles = set(frappe.get_roles(row["email"]))
		assert set(row["roles"]) <= roles, row["email"]
	assert frappe.db.count("Establishment", {"name": ("like", "%")}) >= 4
	portal_users = [row["email"] for row in demo if row.get("establishment")]
	assert frappe.db.count("Establishment User", {"email": ("in", portal_users)}) == len(portal_users) == 8


def test_staff_and_portal_users_see_their_own_scope(demo):
	def establishments(user):
		session = http_session(user, PASSWORD)
		return {row["name"] for row in session.get("/api/resource/Establishment", params={"limit_page_length": 0}).json()["data"]}

	demo_licences = {"CN-1001234", "KZ-20455", "DXB-778812", "JAFZA-11892"}
	assert establishments("ad.admin@aeo.localhost") & demo_licences == {"CN-1001234", "KZ-20455"}
	assert establishments("dxb.admin@aeo.localhost") & demo_licences == {"DXB-778812", "JAFZA-11892"}
	assert establishments("gac.admin@aeo.localhost") >= demo_licences
	assert establishments("manager@aldhafra.example") == {"CN-1001234"}
	assert frappe.db.get_value("User", "manager@aldhafra.example", "user_type") == "Website User"
	assert frappe.db.get_value("Establishment", "CN-1001234", "account_manager") == "manager@aldhafra.example"


def test_the_demo_has_requests_and_applications_to_review(demo):
	statuses = dict(frappe.get_all("Joining Application", {"establishment": ("in", ["CN-1001234", "KZ-20455", "DXB-778812"])},
		["establishment", "status"], as_list=True))
	assert statuses == {"CN-1001234": "Under Risk Screening", "KZ-20455": "Submitted", "DXB-778812": "Draft"}
	wait_until(background_jobs_done)  # the screenings are opened by a worker after the step
	frappe.db.rollback()
	assert frappe.db.count("Risk Screening", {"joining_application": frappe.db.get_value(
		"Joining Application", {"establishment": "CN-1001234"})}) >= 2
	assert frappe.db.get_value("Account Request", {"email": "saeed@saadiyatmarine.example"}, "status") == "Submitted"


def test_the_demo_has_a_certified_establishment(demo):
	assert frappe.db.get_value("AEO Certificate", {"establishment": "JAFZA-11892"}, "status") == "Active"
	assert frappe.db.get_value("Establishment", "JAFZA-11892", "aeo_status") == "Authorized Economic Operator"
