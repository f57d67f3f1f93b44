"""Mutual Recognition Agreement (BRD Table 15, §5.3.10.1): kept by the federal authority; its agreed benefits go
to every AEO of the partner country and of the UAE."""

import re

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import cint

from aeo.utils import fail, require_date_order, to_e164, validate_attachments

INTERNATIONAL_PHONE = re.compile(r"^\+[1-9]\d{7,14}$")


class MutualRecognitionAgreement(Document):
	def validate(self):
		require_date_order(self, "signing_date", "effective_date")
		if self.trial_period is not None and cint(self.trial_period) < 1:
			fail(self, "trial_period", _("must be at least 1 month"))
		if self.list_exchange_day is not None and not 1 <= cint(self.list_exchange_day) <= 28:
			fail(self, "list_exchange_day", _("give a day from 1 to 28, which every month has"))
		normalise_international_phone(self, "contact_phone")
		validate_attachments(self, ("agreement_document", "action_plan", "explanatory_notes"))
		require_one_agreement_per_country(self)

	def on_update(self):
		sync_partner_benefits(self)


def normalise_international_phone(doc, fieldname: str) -> None:
	"""The partner's contact may be abroad: any country code, stored as E.164."""
	value = doc.get(fieldname)
	if not value:
		return
	digits = to_e164(value, home_country_code=None)
	if not INTERNATIONAL_PHONE.match(digits):
		fail(doc, fieldname, _("enter the number with its country code, e.g. +966 11 234 5678"))
	doc.set(fieldname, digits)


def require_one_agreement_per_country(doc) -> None:
	if doc.status == "Cancelled":
		return
	other = frappe.db.get_value(
		"Mutual Recognition Agreement",
		{"partner_country": doc.partner_country, "status": ("!=", "Cancelled"), "name": ("!=", doc.name)},
	)
	if other:
		frappe.throw(
			_("{0} already has agreement {1}; cancel it before adding another.").format(
				_(doc.partner_country), other
			),
			title=_("Duplicate Agreement"),
		)


def sync_partner_benefits(doc) -> None:
	"""Edits of the agreed benefits apply to every partner operator (§5.3.10.1): an added benefit is granted to
	all of them, a removed one withdrawn; a benefit disabled for one operator stays disabled."""
	before = doc.get_doc_before_save()
	if not before:
		return
	old = {row.benefit for row in before.agreed_benefits}
	new = {row.benefit for row in doc.agreed_benefits}
	added, removed = new - old, old - new
	if not (added or removed):
		return
	for name in frappe.get_all("Partner Operator", filters={"mra": doc.name}, pluck="name"):
		operator = frappe.get_doc("Partner Operator", name)
		kept = [row.benefit for row in operator.benefits if row.benefit not in removed]
		operator.set("benefits", [{"benefit": b} for b in kept + sorted(added - set(kept))])
		operator.save(ignore_permissions=True)
