"""Every message of the app (labels, descriptions, options, server and page strings) reads in Arabic."""

import frappe
from frappe.translate import get_all_translations, get_messages_for_app


def app_messages() -> set[str]:
	"""The app's own messages (the desk navbar's come from Frappe)."""
	return {message for context, message, *_ in get_messages_for_app("aeo") if context != "Navbar:"}


def test_every_app_message_has_an_arabic_translation():
	arabic = get_all_translations("ar")
	messages = app_messages()
	missing = sorted(m for m in messages if m not in arabic)
	assert not missing, f"{len(missing)} messages without Arabic: {missing[:20]}"


def test_arabic_translations_carry_their_placeholders():
	arabic = get_all_translations("ar")
	for source in app_messages():
		for placeholder in ("{0}", "{1}"):
			if placeholder in source:
				assert placeholder in arabic[source], source


def test_workspace_and_doctypes_are_in_the_app_modules():
	modules = frappe.get_all("Module Def", {"app_name": "aeo"}, pluck="name")
	assert set(modules) == {"AEO", "Registry", "Application", "Self Assessment", "Assessment", "Certification",
		"Monitoring", "Appeals", "MRA"}
	assert frappe.db.get_value("Workspace", "AEO", "module") == "AEO"
