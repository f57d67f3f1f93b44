"""Website (portal) context shared by every page the app serves."""

import frappe
from frappe.translate import get_preferred_language_cookie
from frappe.utils.jinja_globals import is_rtl

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
	switch (`_lang`, then Frappe's preferred_language cookie); the browser's Accept-Language does not override it.
	Signed-in users keep their own language."""
	if frappe.session.user == "Guest" and not frappe.form_dict._lang and not get_preferred_language_cookie():
		frappe.local.lang = "ar"
