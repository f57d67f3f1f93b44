"""The joining application form (BRD §5.2.3.1, §5.2.3.3, §5.2.3.5; T03 groups A–H): start an application of the
user's establishment, complete a draft or a returned one, or view one under review. Labels and descriptions come from
the DocType, choices are in the reader's language; saving and submitting are aeo.application.portal's methods, which
check everything again."""

import os
import re

import frappe
from babel import Locale
from frappe import _
from frappe.utils import cint

from aeo import portal_forms
from aeo.aeo.doctype.aeo_settings.aeo_settings import settings
from aeo.application.doctype.joining_application.joining_application import (
	ESTABLISHMENT_STATUSES,
	fill_applicant,
	unified_application_allowed,
)
from aeo.application.portal import (
	ATTACHMENT_TYPES,
	DOCTYPE,
	branch_fields,
	can_move_to,
	decision_notes,
	find_application,
	form_sections,
	impediment,
	item_link_field,
	new_application,
	status_label,
)
from aeo.registry.account_management import page_user, show_not_permitted

no_cache = 1

# Link targets offered as choices: their English and Arabic name fields
MASTERS = {
	"Legal Form": ("legal_form_name", "legal_form_name_ar"),
	"Emirate": ("emirate_name", "emirate_name_ar"),
	"Area": ("area_name", "area_name_ar"),
	"Licence Issuer": ("issuer_name", "issuer_name_ar"),
	"Supply Chain Activity": ("activity_name", "activity_name_ar"),
	"Customs Administration": ("administration_name", "administration_name_ar"),
}
# choices narrowed to the emirate chosen beside them (T03-14, T03-24, T03-33)
FILTERED_BY = {"hq_area": "hq_emirate", "area": "location_emirate", "licence_issuer": "emirate"}
HINTED = {"information_exchange_consent"}  # besides the attachments, whose descriptions say what to attach
LATIN_FIELDS = {"establishment_name", "branch_name", "applicant_name", "licence_number", "customs_code"}


def get_context(context):
	me = page_user(context)
	if not me:
		return
	name = frappe.form_dict.get("name")
	found = name and find_application(me, name)
	if name and not found:
		show_not_permitted(context, _("This application is not one of your establishment's applications."))
		return
	doc = frappe.get_doc(DOCTYPE, found) if found else new_application(me)
	context.title = _("Joining application {0}").format(doc.name) if found else _("New joining application")
	context.refusal = None if found else impediment(me)
	if context.refusal:
		return
	context.editable = doc.status in ESTABLISHMENT_STATUSES
	if context.editable:
		fill_applicant(doc)  # as saving will: the establishment's current account manager
	context.doc_name = found
	context.status_label = status_label(doc.status)
	context.notes = decision_notes(doc)
	context.can_submit = context.editable and can_move_to(doc, "Submitted")
	context.unified = unified_application_allowed(doc.emirate)
	choices = Choices()
	# the form is the DocType's (aeo.portal_forms); BR.13: branches only where one application covers them
	context.sections = [
		{
			"key": section["key"],
			"title": translated(section),
			"has_branches": "branches" in section["fieldnames"],
			"fields": [
				field(doc, fieldname, choices)
				for fieldname in section["fieldnames"]
				if fieldname != "branches" and (context.unified or "branches" not in section["fieldnames"])
			],
		}
		for section in form_sections(doc.meta)
	]
	context.branches = [{"name": row.name, "fields": row_fields(row, doc, choices)} for row in doc.branches]
	context.branches_shown_when = show_when(doc.meta.get_field("branches"))
	new_row = frappe.new_doc("Application Branch", parent_doc=doc, parentfield="branches")
	context.new_branch = {"name": "", "fields": row_fields(new_row, doc, choices)}
	# the record's own values, over which the page evaluates the DocType's conditions (with the form's values)
	context.doc_values = {df.fieldname: doc.get(df.fieldname) for df in doc.meta.fields
		if df.permlevel == 0 and df.fieldtype in ("Check", "Data", "Select", "Link", "Int")}
	context.texts = {
		"branch": _("Branch {0}"),
		"confirm_submit": _("Submit the application for review? It can no longer be changed while customs review it."),
	}


def translated(section: dict) -> str:
	label = section.get("label") or ""
	return _(label)


def row_fields(row, parent, choices) -> list[dict]:
	return [field(row, df.fieldname, choices, parent) for df in branch_fields()]


def field(doc, fieldname: str, choices, parent=None) -> dict:
	"""What the form needs to show a field: its label and hint in the reader's language, its choices, its value."""
	df = doc.meta.get_field(fieldname)
	value = doc.get(fieldname)
	options = []
	if df.fieldtype == "Select":
		options = [{"value": option, "label": _(option)} for option in (df.options or "").split("\n")]
	elif df.fieldtype == "Link":
		options = choices.of(df.options, fieldname)
	elif df.fieldtype == "Table MultiSelect":
		link = item_link_field(df.options)
		target = frappe.get_meta(df.options).get_field(link).options
		options = choices.of(target, fieldname)
		value = [row.get(link) for row in value]
	shown = next((option["label"] for option in options if option["value"] == value), value)
	return {
		"name": fieldname,
		"label": _(df.label),
		"type": df.fieldtype,
		"input": input_type(df),
		"dir": "rtl" if fieldname.endswith("_ar") else "ltr" if latin(df) else "auto",
		"reqd": df.reqd or bool(df.mandatory_depends_on and portal_forms.mandatory_now(df, doc, parent)),
		"read_only": portal_forms.read_only_now(df, doc, parent),
		"value": value,
		"shown": shown,
		"options": options,
		"filter_by": FILTERED_BY.get(fieldname),
		"show_when": show_when(df),
		"depends_on": condition_for_browser(df),
		"hint": _(df.description) if df.description and (fieldname in HINTED or df.fieldtype == "Attach" or df.get("is_custom_field")) else "",
		"file_name": os.path.basename(value) if df.fieldtype == "Attach" and value else "",
		**(attachment_types(fieldname) if df.fieldtype == "Attach" else {}),
	}


def input_type(df) -> str:
	if df.fieldtype == "Data":
		return {"Phone": "tel", "URL": "url", "Email": "email"}.get(df.options, "text")
	return {"Date": "date", "Datetime": "datetime-local", "Int": "number", "Float": "number", "Currency": "number",
		"Percent": "number"}.get(df.fieldtype, "text")


def condition_for_browser(df) -> str:
	"""A depends_on the simple rule of `show_when` cannot carry: the page evaluates it over the form's values, as
	Frappe's own web forms do."""
	expression = (df.depends_on or "").strip()
	if not expression or show_when(df) or df.fieldname == "branches":
		return ""
	return expression


def latin(df) -> bool:
	return df.fieldname in LATIN_FIELDS or df.options in ("Phone", "URL", "Email") or df.fieldtype in ("Date", "Int")


def show_when(df) -> dict | None:
	"""The answer that shows a field (the DocType's `depends_on`, and T03-37a's activities that need a description)."""
	if df.fieldname == "other_services_description":
		needing = frappe.get_all("Supply Chain Activity", {"requires_description": 1}, pluck="name")
		return {"field": "supply_chain_activities", "values": needing}
	simple = re.fullmatch(r"eval:doc\.(\w+)\s*===?\s*['\"]([^'\"]*)['\"]", (df.depends_on or "").strip())
	return {"field": simple.group(1), "values": [simple.group(2)]} if simple else None


def attachment_types(fieldname: str) -> dict:
	"""The file types and size a file input takes: AEO Settings', or the field's own types (T03-54)."""
	config = settings()
	types = ATTACHMENT_TYPES.get(fieldname) or [t.strip() for t in config.allowed_attachment_extensions.split(",")]
	return {
		"accept": ",".join("." + extension for extension in types),
		"accept_hint": _("{0}; up to {1} MB").format(", ".join(types).upper(), cint(config.max_attachment_size_mb)),
	}


class Choices:
	"""Choices of Link and multi-select fields in the reader's language, read once per page."""

	def __init__(self):
		self.cache = {}
		self.arabic = frappe.local.lang == "ar"

	def of(self, doctype: str, fieldname: str) -> list[dict]:
		if doctype not in self.cache:
			self.cache[doctype] = self.countries() if doctype == "Country" else self.master(doctype)
		options = self.cache[doctype]
		if fieldname == "hq_emirate":  # T03-13: the head office is in an emirate whose customs process applications
			processing = set(frappe.get_all("Customs Administration", {"can_process_applications": 1}, pluck="emirate"))
			options = [option for option in options if option["value"] in processing]
		return options

	def master(self, doctype: str) -> list[dict]:
		if doctype not in MASTERS:
			return self.other(doctype)
		english, arabic = MASTERS[doctype]
		meta = frappe.get_meta(doctype)
		fields = ["name", english, arabic] + (["emirate"] if meta.has_field("emirate") else [])
		order = "sort_order asc, name asc" if meta.has_field("sort_order") else "name asc"
		return [
			{
				"value": row.name,
				"label": (row.get(arabic) if self.arabic else row.get(english)) or row.name,
				"emirate": row.get("emirate"),
			}
			for row in frappe.get_all(doctype, fields=fields, order_by=order)
		]

	def other(self, doctype: str) -> list[dict]:
		"""A Link an administrator added to another DocType: the records the user may read, by title."""
		if not frappe.has_permission(doctype, "read"):
			return []
		meta = frappe.get_meta(doctype)
		title = meta.title_field if meta.title_field and meta.has_field(meta.title_field) else "name"
		return [
			{"value": row.name, "label": _(row.get(title) or row.name), "emirate": None}
			for row in frappe.get_list(doctype, fields=list({"name", title}), order_by=f"{title} asc", limit=500)
		]

	def countries(self) -> list[dict]:
		"""T03-44/46: programmes abroad, so every country but the UAE; Arabic names from the Unicode CLDR (Babel)."""
		names = Locale.parse(frappe.local.lang).territories
		options = [
			{"value": row.name, "label": names.get((row.code or "").upper(), row.name) if self.arabic else row.name}
			for row in frappe.get_all("Country", fields=["name", "code"])
			if row.name != "United Arab Emirates"
		]
		return sorted(options, key=lambda option: option["label"])
