"""An establishment's users and authorized contacts, managed on the portal by its Account Managers (BRD §5.2.2.3;
T02, T13), over HTTP as the real portal users: each action does what it says, and each refusal says why in the
user's language and changes nothing. Establishments never reach each other's users."""

import json
import re

import frappe
import pytest

from tests.support.factories import (
	PASSWORD,
	SiteSession,
	account_request,
	http_session,
	make_establishment,
	make_establishment_user,
	make_user,
	unique,
)
from tests.support.mail import body_text

MANAGER, DATA_ENTRY = "Establishment Account Manager", "AEO Data Entry User"
NEW_USER = {
	"full_name_ar": "سارة أحمد", "full_name": "Sara Ahmed", "job_title": "Compliance Officer", "mobile_no": "050 765 4321",
}
CONTACT = {
	"contact_name_ar": "منى خليل", "contact_name": "Mona Khalil", "job_title": "Customs Manager",
	"email": "mona@contact.example", "mobile_no": "04 123 4567",
}


@pytest.fixture
def est():
	"""A new establishment with its main Account Manager and two Data Entry Users, all able to sign in."""
	name = make_establishment(unique("AM"))
	key = name.lower()
	return frappe._dict(
		name=name,
		manager=make_establishment_user(name, f"manager.{key}@test.example", MANAGER, main=True),
		entry=make_establishment_user(name, f"entry.{key}@test.example"),
		other=make_establishment_user(name, f"other.{key}@test.example", full_name="Other User"),
	)


def call(user: str, method: str, **data):
	return http_session(user).post(f"/api/method/aeo.registry.account_management.{method}", data=data)


def said(response) -> str:
	"""The message the portal shows for a response: the method's answer, or why it was refused."""
	body = response.json()
	if response.ok:
		return body["message"]
	return " ".join(json.loads(m)["message"] for m in json.loads(body.get("_server_messages") or "[]"))


def state(est) -> dict:
	"""Everything these actions may change, read fresh from the database (after what the web server committed)."""
	frappe.db.rollback()
	fields = ["name", "portal_role", "enabled", "full_name_ar", "full_name", "job_title", "mobile_no"]
	users = frappe.get_all("Establishment User", {"establishment": est.name}, fields)
	return {
		"users": sorted(users, key=lambda u: u.name),
		"managers": frappe.db.get_value("Establishment", est.name, ["account_manager", "backup_account_manager"]),
		"contacts": frappe.get_all("Authorized Contact", {"parent": est.name}, ["contact_name", "email"], order_by="idx"),
		"user_enabled": {u: frappe.db.get_value("User", u, "enabled") for u in (est.manager, est.entry, est.other)},
	}


def role(user: str) -> str:
	frappe.db.rollback()
	return frappe.db.get_value("Establishment User", {"user": user}, "portal_role")


def can_sign_in(user: str) -> bool:
	return SiteSession().post("/api/method/login", json={"usr": user, "pwd": PASSWORD}).status_code == 200


def refused(est, user, method, status, message, **data):
	"""The call is refused with `message` and nothing of the establishment changes."""
	before = state(est)
	response = call(user, method, **data)
	assert response.status_code == status, response.text[:500]
	assert message in said(response)
	assert state(est) == before


# ---------------------------------------------------------------- adding users (T02) --------------------------------


def test_a_manager_adds_a_data_entry_user_who_gets_a_set_password_link(est, mail):
	email = f"new.{est.name.lower()}@test.example"
	response = call(est.manager, "add_user", email=email, **NEW_USER)
	assert response.status_code == 200, response.text[:500]
	assert said(response) == f"Sara Ahmed was added. An e-mail with a link to set a password was sent to {email}."
	frappe.db.rollback()
	doc = frappe.get_doc("Establishment User", email)
	assert (doc.establishment, doc.portal_role, doc.enabled, doc.mobile_no) == (est.name, DATA_ENTRY, 1, "+971507654321")
	assert frappe.db.get_value("User", doc.user, "user_type") == "Website User" and doc.username
	assert set(frappe.get_roles(doc.user)) & {MANAGER, DATA_ENTRY} == {DATA_ENTRY}
	assert frappe.db.exists("User Permission", {"user": doc.user, "allow": "Establishment", "for_value": est.name})
	[welcome] = mail.wait_for(email)
	assert "update-password?key=" in body_text(welcome)
	# issue 11: from the programme, not the clicking manager; the user's language; the username (BR.4) given
	assert est.manager not in (welcome["From"] or "") and welcome["Subject"] == "Your AEO Portal account"
	assert "The AEO Programme" in body_text(welcome) and doc.username in body_text(welcome)


def test_the_set_password_e_mail_is_in_the_users_language(est, mail):
	"""An Arabic-speaking manager adds a user: the e-mail is in correct Arabic, right to left (issue 11)."""
	email = f"new.ar.{est.name.lower()}@test.example"
	response = call(est.manager, "add_user", email=email, _lang="ar", **NEW_USER)
	assert response.status_code == 200, response.text[:500]
	[welcome] = mail.wait_for(email)
	body = body_text(welcome)
	assert welcome["Subject"] == "حسابك في بوابة المشغل الاقتصادي المعتمد"
	assert 'dir="rtl"' in body and "تعيين كلمة المرور" in body and "برنامج المشغل الاقتصادي المعتمد" in body


@pytest.mark.parametrize("language,message", [
	("en", "Only an Account Manager of the establishment can manage its users and contacts."),
	("ar", "لا يدير مستخدمي المنشأة والأشخاص المخولين بالتواصل عنها إلا مدير حسابها."),
])
def test_a_data_entry_user_cannot_add_users(est, language, message):
	email = f"refused.{est.name.lower()}@test.example"
	refused(est, est.entry, "add_user", 403, message, email=email, _lang=language, **NEW_USER)
	assert not frappe.db.exists("User", email)


@pytest.mark.parametrize("ref,values,message", [
	("T02-01", {"full_name_ar": "Sara"}, "Name (Arabic) must be written in Arabic letters."),
	("T02-02", {"full_name": "سارة"}, "Name (English) must be written in English letters."),
	("T02-04", {"mobile_no": "12345"}, "Phone Number: enter a UAE number"),
	("T02-05", {"email": "{manager}"}, "E-mail Address: this e-mail is already linked to another user"),
])
def test_bad_user_data_is_refused(est, ref, values, message):
	values = {**NEW_USER, "email": f"bad.{est.name.lower()}@test.example", **values}
	values["email"] = values["email"].format(manager=est.manager)
	refused(est, est.manager, "add_user", 417, message, **values)
	if ref != "T02-05":
		assert not frappe.db.exists("User", values["email"])


def test_br1_no_user_for_an_e_mail_with_an_open_account_request(est):
	"""BR.1: the e-mail of a pending account request is not given to a new portal user (its acceptance would fail)."""
	email = f"pending.{est.name.lower()}@test.example"
	account_request(email=email).insert()
	frappe.db.commit()
	refused(est, est.manager, "add_user", 417, "an account or an open account request already uses this e-mail",
		**{**NEW_USER, "email": email})
	assert not frappe.db.exists("User", email) and not frappe.db.exists("Establishment User", {"email": email})


def test_a_portal_user_resets_a_forgotten_password_from_the_e_mailed_link(est, mail):
	"""The portal's "forgot password": Frappe's reset e-mail reaches the establishment's user through the queue; its
	link sets a new password, the old one stops working and the new one opens the portal."""
	guest = SiteSession()  # from an address of its own: Frappe caps resets per address
	assert guest.post("/api/method/frappe.core.doctype.user.user.reset_password", data={"user": est.entry}).ok
	link = next(
		found.group(0)
		for message in mail.wait_for(est.entry)
		if (found := re.search(r"update-password\?key=(\w+)", body_text(message)))
	)
	new_password = "Aeo-Reset-2026-Strong!"
	updated = guest.post("/api/method/frappe.core.doctype.user.user.update_password",
		data={"new_password": new_password, "key": link.split("=", 1)[1]})
	assert updated.ok, updated.text[:300]
	assert SiteSession().post("/api/method/login", json={"usr": est.entry, "pwd": PASSWORD}).status_code == 401
	signed_in = SiteSession()
	assert signed_in.post("/api/method/login", json={"usr": est.entry, "pwd": new_password}).ok
	assert signed_in.get("/aeo/home").status_code == 200


# ---------------------------------------------------------------- editing, disabling ----------------------------------


def test_a_manager_edits_a_user_but_not_the_e_mail(est):
	edited = {"full_name_ar": "خالد سالم", "full_name": "Khalid Salem", "job_title": "Broker", "mobile_no": "+971 50 999 8877"}
	response = call(est.manager, "edit_user", name=est.entry, email="moved@test.example", **edited)
	assert response.status_code == 200 and said(response) == "Khalid Salem was saved."
	frappe.db.rollback()
	doc = frappe.get_doc("Establishment User", est.entry)
	assert (doc.full_name_ar, doc.full_name, doc.job_title, doc.mobile_no, doc.email) == (
		"خالد سالم", "Khalid Salem", "Broker", "+971509998877", est.entry)
	assert frappe.db.get_value("User", est.entry, "first_name") == "Khalid Salem"


@pytest.mark.parametrize("values,message", [
	({"full_name_ar": "Khalid"}, "must be written in Arabic letters"),
	({"mobile_no": "+44 20 7946 0000"}, "enter a UAE number"),
	({"job_title": ""}, "Job Title"),
])
def test_a_bad_edit_is_refused(est, values, message):
	values = {"full_name_ar": "خالد", "full_name": "Khalid", "job_title": "Broker", "mobile_no": "0501112233", **values}
	refused(est, est.manager, "edit_user", 417, message, name=est.entry, **values)


def test_a_disabled_user_cannot_sign_in_until_enabled_again(est):
	response = call(est.manager, "set_user_enabled", name=est.entry, enabled=0)
	assert response.status_code == 200 and said(response) == "Test User can no longer sign in."
	assert state(est)["user_enabled"][est.entry] == 0 and not can_sign_in(est.entry)
	assert call(est.manager, "set_user_enabled", name=est.entry, enabled=1).status_code == 200
	assert state(est)["user_enabled"][est.entry] == 1 and can_sign_in(est.entry)


def test_nobody_disables_the_main_manager_or_themselves(est):
	assert call(est.manager, "make_backup_manager", name=est.entry).status_code == 200
	refused(est, est.entry, "set_user_enabled", 417,
		"The main Account Manager cannot be disabled: hand the role over to another user first.", name=est.manager, enabled=0)
	refused(est, est.entry, "set_user_enabled", 417, "You cannot disable your own account.", name=est.entry, enabled=0)
	refused(est, est.manager, "set_user_enabled", 417, "You cannot disable your own account.", name=est.manager, enabled=0)


# ---------------------------------------------------------------- backup and hand-over (§5.2.2.3) -----------------


def test_one_backup_manager_at_a_time(est):
	assert said(call(est.manager, "make_backup_manager", name=est.entry)) == "Test User is now the backup Account Manager."
	assert state(est)["managers"] == (est.manager, est.entry) and role(est.entry) == MANAGER
	assert call(est.entry, "add_user", email=f"by.backup.{est.name.lower()}@test.example", **NEW_USER).status_code == 200
	assert call(est.manager, "make_backup_manager", name=est.other).status_code == 200
	assert state(est)["managers"] == (est.manager, est.other)
	assert (role(est.entry), role(est.other)) == (DATA_ENTRY, MANAGER)
	assert call(est.manager, "set_user_enabled", name=est.other, enabled=0).status_code == 200
	assert state(est)["managers"] == (est.manager, None) and role(est.other) == DATA_ENTRY  # a disabled user is no backup
	refused(est, est.manager, "make_backup_manager", 417, "is disabled; enable the user first", name=est.other)
	refused(est, est.manager, "make_backup_manager", 417, "is the main Account Manager", name=est.manager)


def test_hand_over_moves_the_main_role_and_the_new_manager_may_disable_the_old(est):
	response = call(est.manager, "hand_over_account", name=est.entry)
	assert response.status_code == 200 and said(response) == "Test User is now the main Account Manager."
	assert state(est)["managers"] == (est.entry, None)
	assert (role(est.entry), role(est.manager)) == (MANAGER, DATA_ENTRY)
	refused(est, est.manager, "add_user", 403, "Only an Account Manager", email=f"late.{est.name.lower()}@test.example", **NEW_USER)
	assert call(est.entry, "add_user", email=f"fresh.{est.name.lower()}@test.example", **NEW_USER).status_code == 200
	assert call(est.entry, "set_user_enabled", name=est.manager, enabled=0).status_code == 200
	assert not can_sign_in(est.manager)


def test_the_backup_takes_over_when_the_main_manager_is_gone(est):
	call(est.manager, "make_backup_manager", name=est.entry)
	assert call(est.entry, "hand_over_account", name=est.entry).status_code == 200
	assert state(est)["managers"] == (est.entry, None) and role(est.manager) == DATA_ENTRY


# ---------------------------------------------------------------- authorized contacts (T13) ------------------------


def test_a_manager_replaces_the_authorized_contacts(est):
	second = {**CONTACT, "contact_name": "Omar Saeed", "contact_name_ar": "عمر سعيد", "email": "omar@contact.example"}
	response = call(est.manager, "save_authorized_contacts", contacts=json.dumps([CONTACT, second]))
	assert response.status_code == 200 and said(response) == "The authorized contact persons were saved."
	frappe.db.rollback()
	rows = frappe.get_doc("Establishment", est.name).authorized_contacts
	assert [(r.contact_name, r.mobile_no) for r in rows] == [("Mona Khalil", "+97141234567"), ("Omar Saeed", "+97141234567")]
	assert call(est.manager, "save_authorized_contacts", contacts=json.dumps([second])).status_code == 200
	assert [r.contact_name for r in state(est)["contacts"]] == ["Omar Saeed"]


@pytest.mark.parametrize("ref,values,message", [
	("T13-01", {"contact_name_ar": "Mona"}, "must be written in Arabic letters"),
	("T13-02", {"contact_name": "منى"}, "must be written in English letters"),
	("T13-03", {"email": "mona@"}, "not a valid Email Address"),
	("T13-04", {"mobile_no": "123"}, "enter a UAE number"),
	("T13-05", {"job_title": ""}, "Job Title"),
])
def test_bad_authorized_contacts_are_refused(est, ref, values, message):
	refused(est, est.manager, "save_authorized_contacts", 417, message, contacts=json.dumps([{**CONTACT, **values}]))


def test_only_managers_keep_the_authorized_contacts(est):
	refused(est, est.entry, "save_authorized_contacts", 403, "Only an Account Manager", contacts=json.dumps([CONTACT]))


# ---------------------------------------------------------------- establishments stay apart ------------------------


@pytest.mark.parametrize("method,data", [
	("edit_user", {**NEW_USER}),
	("set_user_enabled", {"enabled": 0}),
	("make_backup_manager", {}),
	("hand_over_account", {}),
])
def test_a_manager_of_another_establishment_cannot_touch_its_users(est, method, data):
	other = make_establishment(unique("AM"), emirate="Dubai")
	intruder = make_establishment_user(other, f"manager.{other.lower()}@test.example", MANAGER, main=True)
	for target in (est.entry, est.manager):
		refused(est, intruder, method, 403, "This user is not one of your establishment's users.", name=target, **data)


def test_a_portal_user_cannot_change_users_over_rest(est):
	"""The portal's methods are the only way: REST gives an establishment's users read access only."""
	session = http_session(est.manager)
	before = state(est)
	assert session.put(f"/api/resource/Establishment User/{est.manager}", json={"enabled": 0}).status_code == 403
	assert session.put(f"/api/resource/Establishment User/{est.entry}", json={"portal_role": MANAGER}).status_code == 403
	assert session.get(f"/api/resource/Establishment User/{est.entry}").status_code == 200
	assert state(est) == before


# ---------------------------------------------------------------- pages --------------------------------------------


def test_pages_are_for_their_users(est):
	guest = SiteSession().get("/aeo/home", allow_redirects=False)
	assert guest.status_code == 302 and guest.headers["Location"].startswith("/login?redirect-to=")
	entry, manager = http_session(est.entry), http_session(est.manager)
	home = entry.get("/aeo/home?_lang=en")
	assert home.status_code == 200 and f"Test Establishment {est.name}" in home.text and 'href="/aeo/users"' not in home.text
	assert 'href="/aeo/users"' in manager.get("/aeo/home").text
	users = entry.get("/aeo/users")
	assert users.status_code == 403 and "This page is for the Account Managers of the establishment." in users.text
	listed = manager.get("/aeo/users")
	assert listed.status_code == 200 and est.entry in listed.text and est.other in listed.text
	assert entry.get("/aeo/contact").status_code == 200
	unlinked = http_session(make_user("am.unlinked@test.example", [DATA_ENTRY])).get("/aeo/home?_lang=en")
	assert unlinked.status_code == 403 and "Your user is not linked to an establishment." in unlinked.text
	staff = http_session(make_user("am.staff@test.example", ["Customs Administrator"], scope={"Customs Administration": "Abu Dhabi Customs"}))
	assert staff.get("/aeo/home", allow_redirects=False).headers.get("Location") == "/app"
	# redirects are temporary (302): a browser must not remember them for the next person at the same computer
	asked = manager.get("/aeo/account-request", allow_redirects=False)
	assert (asked.status_code, asked.headers.get("Location")) == (302, "/aeo/home")
	notifications = SiteSession().get("/aeo/notifications", allow_redirects=False)
	assert notifications.status_code == 302 and notifications.headers["Location"].startswith("/login?redirect-to=")


def establishment_user(est, email: str):
	return frappe.get_doc({"doctype": "Establishment User", "establishment": est.name, "portal_role": "AEO Data Entry User",
		"full_name_ar": "مستخدم الاختبار", "full_name": "Test User", "job_title": "Customs Clerk",
		"mobile_no": "+971501234567", "email": email}).insert(ignore_permissions=True)


def test_a_busy_hour_of_new_accounts_is_not_throttled(est):
	"""Issue 12: Frappe refuses a new User once more than 60 were created in the last hour ("Throttled"), which stopped
	a day of account approvals; the programme's own creations follow AEO Settings' New Portal Users per Hour."""
	now = frappe.utils.now()
	batch = frappe.generate_hash(length=8)
	frappe.db.bulk_insert("User", ["name", "email", "first_name", "user_type", "enabled", "creation", "modified"],
		[(f"burst{i}.{batch}@test.example",) * 2 + ("Burst", "Website User", 0, now, now) for i in range(200)])
	site_limit = frappe.local.conf.pop("throttle_user_limit", None)  # the test site lifts it: here a default site's
	try:
		assert frappe.db.get_creation_count("User", 60) > 200  # 200 accounts in the hour, as after a busy morning
		assert establishment_user(est, f"after.{batch}@test.example").user
		frappe.db.set_single_value("AEO Settings", "new_users_per_hour", 60)  # the setting decides, both ways
		frappe.clear_document_cache("AEO Settings", "AEO Settings")
		with pytest.raises(frappe.ValidationError, match="Throttled"):
			establishment_user(est, f"refused.{batch}@test.example")
	finally:
		frappe.db.rollback()
		frappe.clear_document_cache("AEO Settings", "AEO Settings")
		if site_limit is not None:
			frappe.local.conf.throttle_user_limit = site_limit
