"""Website (portal) context shared by every page the app serves."""

import frappe
from frappe.translate import get_all_languages, get_preferred_language_cookie
from frappe.utils.jinja_globals import is_rtl

from aeo.permissions import is_portal_user
from aeo.registry.uae_pass import bind_login_page
from aeo.security.requests import give_csrf_token


def update_website_context(context):
	"""Frappe v15's website base template sets no text direction: set it before the page paints. On /login, the
	UAE PASS button's sign-in is bound to the browser (aeo.registry.uae_pass)."""
	direction = "rtl" if is_rtl() else "ltr"
	script = f'<script>document.documentElement.dir = "{direction}";</script>'
	context.head_include = (context.get("head_include") or "") + script
	bind_login_page(context)
	give_csrf_token()


def default_guest_language() -> None:
	"""before_request: the portal speaks Arabic (the BRD's default) to a guest until they choose a language with the
	switch (`_lang`, then Frappe's preferred_language cookie, which the switch sets); the browser's Accept-Language
	does not override it. A signed-in portal user's choice with the switch becomes their User language, so it lasts beyond
	the page (Frappe reads `_lang` for one request only)."""
	if frappe.session.user == "Guest":
		if not frappe.form_dict._lang and not get_preferred_language_cookie():
			frappe.local.lang = "ar"
		return
	remember_chosen_language(frappe.form_dict._lang)


def remember_chosen_language(lang: str | None) -> None:
	"""A portal user's choice; staff choose their language in the desk's settings."""
	request = getattr(frappe.local, "request", None)
	if not lang or not is_portal_user() or not request or request.method != "GET" or request.path.startswith("/api/"):
		return
	if lang not in get_all_languages() or frappe.db.get_value("User", frappe.session.user, "language") == lang:
		return
	frappe.db.set_value("User", frappe.session.user, "language", lang, update_modified=False)
	frappe.db.commit()
	frappe.local.lang = lang
