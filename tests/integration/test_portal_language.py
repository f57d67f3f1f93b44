"""The language a portal user picks with the switch sticks (issue 11): a signed-in user's choice becomes their User
language; a guest's is kept by the preferred_language cookie the switch sets."""

import re

import frappe

from tests.support.factories import http_session, make_establishment, make_establishment_user, unique


def page_language(html: str) -> str:
	return re.search(r'class="aeo-programme" dir="(\w+)" lang="(\w+)"', html).group(2)


def test_a_signed_in_users_language_choice_lasts_beyond_the_page():
	establishment = make_establishment(unique("LNG"))
	user = make_establishment_user(establishment, f"lang.{establishment.lower()}@test.example",
		"Establishment Account Manager", main=True)
	frappe.db.set_value("User", user, "language", "ar")
	frappe.db.commit()
	session = http_session(user)
	assert page_language(session.get("/aeo/home").text) == "ar"
	assert page_language(session.get("/aeo/home", params={"_lang": "en"}).text) == "en"
	assert page_language(session.get("/aeo/applications").text) == "en"  # the next page, without _lang
	frappe.db.rollback()
	assert frappe.db.get_value("User", user, "language") == "en"
	assert page_language(session.get("/aeo/home", params={"_lang": "xx"}).text) == "en"  # not a language: ignored
	assert page_language(session.get("/aeo/home", params={"_lang": "ar"}).text) == "ar"
	assert page_language(session.get("/aeo/home").text) == "ar"


def test_a_guests_choice_is_kept_by_the_cookie_and_arabic_is_the_default():
	guest = http_session()
	guest.cookies.pop("preferred_language", None)  # a guest who has not chosen yet
	assert page_language(guest.get("/aeo").text) == "ar"
	guest.cookies.set("preferred_language", "en")  # what the switch sets (aeo_portal.js)
	assert page_language(guest.get("/aeo").text) == "en"
