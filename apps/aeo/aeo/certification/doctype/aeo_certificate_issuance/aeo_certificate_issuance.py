"""AEO Certificate Issuance (BRD §5.3.8, P-3.3.1; status tables 27 and 43): an establishment's certificates on their
way from its Main Account Manager to the federal authority.

When the AEO Programme Manager approves the membership (or the federal authority registers a membership granted
before the system), the Membership Decision's step calls `start_issuance`, which makes the record (Being Prepared): the
establishment's benefit group (the default one for its first issuance) and every licence of the establishment, the
head office always certified. The Main Account Manager may change the group, ticks the branches and approves (Under
Issuance); a Federal Administrator reviews and issues (Issued), which makes one Active certificate per ticked licence.
The steps are the states of an editable Workflow; what happens follows `status`, never a state's label.
"""

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import today

from aeo.certification.doctype.aeo_certificate.aeo_certificate import IN_FORCE, default_benefit_group
from aeo.exceptions import NotPermitted
from aeo.registry.doctype.establishment.establishment import HEAD_OFFICE
from aeo.utils import fail

BEING_PREPARED, ISSUED = "Being Prepared", "Issued"


class AEOCertificateIssuance(Document):
	def before_insert(self):
		require_membership_decision(self)

	def validate(self):
		require_single_open_issuance(self)
		if self.status == BEING_PREPARED:
			list_licences(self)
		keep_what_was_approved(self)
		self.benefit_group = self.benefit_group or starting_benefit_group(self.establishment)
		if not self.benefit_group:
			fail(self, "benefit_group", _("no benefit group is the default; choose one"))
		if self.status == ISSUED and not self.issued_on:
			self.issued_on, self.issued_by = today(), frappe.session.user

	def on_update(self):
		if self.has_value_changed("status") and self.status == ISSUED:
			issue_certificates(self)


def start_issuance(membership_decision: str) -> str:
	"""The issuance step an approved membership decision starts (Table 25 → Table 27: "certificate being issued");
	aeo.certification.membership calls it, nothing else does."""
	decision = frappe.get_doc("Membership Decision", membership_decision)
	doc = frappe.get_doc(
		{
			"doctype": "AEO Certificate Issuance",
			"establishment": decision.establishment,
			"application": decision.joining_application,
			"membership_decision": decision.name,
		}
	)
	doc.flags.started_by_decision = True
	return doc.insert(ignore_permissions=True).name


def require_membership_decision(doc) -> None:
	"""No certificate without a decision: an issuance is started by an approved membership decision of the same
	establishment, once (never created by hand, over REST or in the desk)."""
	decision = doc.membership_decision and frappe.db.get_value(
		"Membership Decision", doc.membership_decision, ["establishment", "decision"], as_dict=True
	)
	if (
		not doc.flags.started_by_decision
		or not decision
		or decision.decision != "Approved"
		or decision.establishment != doc.establishment
		or frappe.db.exists("AEO Certificate Issuance", {"membership_decision": doc.membership_decision})
	):
		frappe.throw(
			_("An AEO certificate issuance starts only from an approved membership decision."), NotPermitted
		)


def starting_benefit_group(establishment: str | None) -> str | None:
	"""The group a new issuance starts with: the establishment's own once it has one (an AEO's head office benefits
	flow to the branches certified later, and a group the Main Account Manager chose stays), else the default."""
	current = establishment and frappe.db.get_value("Establishment", establishment, "benefit_group")
	return current or default_benefit_group()


def require_single_open_issuance(doc) -> None:
	other = frappe.db.get_value(
		"AEO Certificate Issuance",
		{"establishment": doc.establishment, "status": ("!=", ISSUED), "name": ("!=", doc.name)},
	)
	if other:
		frappe.throw(
			_("{0} already has the certificate issuance {1} under way.").format(doc.establishment_name, other),
			title=_("Duplicate Certificate"),
		)


def keep_what_was_approved(doc) -> None:
	"""The federal authority issues what the Main Account Manager approved (the workflow's editing rights are not
	checked on the server): after approval, the group and the ticked licences change only through a return."""
	before = doc.get_doc_before_save()
	if before and before.status != BEING_PREPARED and (
		before.benefit_group != doc.benefit_group or ticked_licences(before) != ticked_licences(doc)
	):
		frappe.throw(
			_("Return the issuance to the Main Account Manager to change its benefit group or licences."),
			title=_("Not Allowed"),
		)


def ticked_licences(doc) -> list[str]:
	return [row.licence_number for row in doc.licences if row.include]


def list_licences(doc) -> None:
	"""The establishment's licences as they are now, keeping the branches already ticked; the head office is always
	certified, only the establishment's own licences can be (review finding C3), and a licence that holds a
	certificate in force keeps it (a branch added to an AEO later gets a certificate of its own)."""
	establishment = frappe.get_doc("Establishment", doc.establishment)
	ticked = {row.licence_number: row.include for row in doc.licences}
	in_force = dict(
		frappe.get_all(
			"AEO Certificate",
			{"establishment": doc.establishment, "status": ("in", IN_FORCE)},
			["licence_number", "name"],
			as_list=True,
		)
	)
	doc.set("licences", [])
	for licence in establishment.licences:
		head_office = licence.licence_type == HEAD_OFFICE
		certificate = in_force.get(licence.licence_number)
		doc.append(
			"licences",
			{
				"licence_type": licence.licence_type,
				"licence_number": licence.licence_number,
				"licence_name": (not head_office and licence.branch_name) or establishment.establishment_name,
				"licence_name_ar": (not head_office and licence.branch_name_ar) or establishment.establishment_name_ar,
				"emirate": licence.emirate,
				"include": 1 if head_office or certificate else ticked.get(licence.licence_number, 0),
				"certificate": certificate,
			},
		)


def issue_certificates(doc) -> None:
	"""§5.3.8 step 3: one Active certificate per ticked licence, all with the head office's benefit group; the
	establishment becomes an Authorized Economic Operator with that group. Its notifications (Tables 28 and 44)
	are Notifications on this record; the public list of AEOs reads the active certificates."""
	for row in doc.licences:
		if not row.include or row.certificate:
			continue
		certificate = frappe.get_doc(
			{
				"doctype": "AEO Certificate",
				"establishment": doc.establishment,
				"application": doc.application,
				"issuance": doc.name,
				"licence_scope": row.licence_type,
				"licence_number": row.licence_number,
				"benefit_group": doc.benefit_group,
				"main_account_manager": doc.main_account_manager,
				"date_of_issue": doc.issued_on,
			}
		).insert(ignore_permissions=True)
		row.db_set("certificate", certificate.name)
	frappe.db.set_value(
		"Establishment",
		doc.establishment,
		{"aeo_status": "Authorized Economic Operator", "benefit_group": doc.benefit_group},
	)
