"""AEO Settings: the programme's parameters (BRD §6, Table 47 and §5.3.13). Code reads them through `settings()`."""

import calendar
import ipaddress
import re

import frappe
from frappe import _
from frappe.model.document import Document

from aeo.utils import fail

REFERENCE_FORMATS = (
	"account_request_ref_format",
	"joining_application_ref_format",
	"username_format",
	"certificate_number_format",
)
DATE_TOKENS = re.compile(r"\.(YYYY|YY|MM|DD)\.")


class AEOSettings(Document):
	def validate(self):
		self.validate_reference_formats()
		self.validate_periods()
		self.validate_weekend_days()
		self.validate_attachment_types()
		self.validate_emirate_rules()
		self.validate_trusted_proxies()

	def validate_reference_formats(self):
		for fieldname in REFERENCE_FORMATS:
			value = (self.get(fieldname) or "").strip()
			bare = DATE_TOKENS.sub("", value)
			if "###" not in bare or not re.fullmatch(r"[A-Za-z0-9\-/.#]+", bare):
				self.fail(fieldname, _("use letters, digits, - / . and at least three # for the running number, e.g. ACR-.YYYY.-.#####"))
			self.set(fieldname, value)

	def validate_periods(self):
		for df in self.meta.get("fields", {"fieldtype": "Int"}):
			if (self.get(df.fieldname) or 0) < 1:
				self.fail(df.fieldname, _("must be at least 1"))

	def validate_weekend_days(self):
		days = [d.strip().capitalize() for d in (self.weekend_days or "").split(",") if d.strip()]
		unknown = [d for d in days if d not in calendar.day_name]
		if unknown or len(days) > 6:
			self.fail("weekend_days", _("give English day names separated by commas, e.g. Saturday, Sunday"))
		self.weekend_days = ", ".join(days)

	def validate_attachment_types(self):
		types = [t.strip().lower().lstrip(".") for t in (self.allowed_attachment_extensions or "").split(",") if t.strip()]
		if not types or not all(re.fullmatch(r"[a-z0-9]{1,8}", t) for t in types):
			self.fail("allowed_attachment_extensions", _("give file extensions separated by commas, e.g. pdf, png"))
		self.allowed_attachment_extensions = ", ".join(types)

	def validate_emirate_rules(self):
		seen = set()
		for row in self.emirate_rules:
			if row.emirate in seen:
				frappe.throw(_("Row {0}: {1} appears twice in Emirate Rules.").format(row.idx, _(row.emirate)), title=_("Invalid Value"))
			seen.add(row.emirate)

	def validate_trusted_proxies(self):
		entries = [e.strip() for e in (self.trusted_proxies or "").replace(",", "\n").splitlines() if e.strip()]
		for entry in entries:
			try:
				ipaddress.ip_network(entry, strict=False)
			except ValueError:
				self.fail("trusted_proxies", _("{0} is not an address or network, e.g. 10.0.0.5 or 10.0.0.0/24").format(entry))
		self.trusted_proxies = "\n".join(entries)

	def fail(self, fieldname, reason):
		fail(self, fieldname, reason)


def settings() -> "AEOSettings":
	return frappe.get_cached_doc("AEO Settings")

