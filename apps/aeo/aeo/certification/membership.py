"""Membership decisions (BRD §5.3.7, P-3.2 step 10; Tables 25 and 27): the one way into certificate issuance.

An AEO Certificate Issuance starts only from an approved Membership Decision, made here by one of two steps:
- `approve_membership`: the AEO Programme Manager's approval at the end of the assessment (the assessment flow
  calls it);
- `register_existing_aeo`: the federal authority registers a membership granted before the system, with the reason
  and the evidence, restricted to the federal roles of AEO Settings' rule below (docs/decisions.md).
Neither record can be created or changed over REST or in the desk: the controllers refuse any record these steps did
not make, so nothing is e-mailed ("certificate being issued") before the approval that warrants it.
"""

import frappe
from frappe import _
from frappe.utils import cstr, getdate, now_datetime, today

from aeo.exceptions import BadRequest, NotPermitted

APPROVED = "Approved"
# who may register a membership granted before the system (the federal authority)
REGISTERING_ROLES = ("Federal Administrator", "Federal First Administrator")
# an issuance in these statuses no longer stands in the way of a new one
CLOSED = ("Issued",)


def guard_decision(doc) -> None:
	"""A decision is made by this module's steps and then kept as made."""
	if doc.is_new() and not doc.flags.made_by_decision_step:
		frappe.throw(_("A membership decision is made by the programme's decision steps only."), NotPermitted)
	if not doc.is_new() and not doc.flags.made_by_decision_step:
		frappe.throw(_("A membership decision cannot be changed."), NotPermitted)


def make_decision(establishment: str, decision: str, basis: str, **details) -> "frappe.model.document.Document":
	doc = frappe.get_doc(
		{
			"doctype": "Membership Decision",
			"establishment": establishment,
			"decision": decision,
			"basis": basis,
			"decided_by": frappe.session.user,
			"decided_on": now_datetime(),
			**details,
		}
	)
	doc.flags.made_by_decision_step = True
	return doc.insert(ignore_permissions=True)


def approve_membership(establishment: str, joining_application: str | None = None) -> str:
	"""The AEO Programme Manager approves the membership (Table 25 state 8): the decision is recorded and the
	certificates' issuance starts (Table 27 state 1). Returns the issuance's name."""
	decision = make_decision(establishment, APPROVED, "Assessment", joining_application=joining_application)
	return start_from(decision)


def start_from(decision) -> str:
	from aeo.certification.doctype.aeo_certificate_issuance.aeo_certificate_issuance import start_issuance

	issuance = start_issuance(decision.name)
	decision.db_set("issuance", issuance)
	return issuance


def is_registrar() -> bool:
	return bool(set(REGISTERING_ROLES) & set(frappe.get_roles()))


def awaits_membership(establishment: str) -> bool:
	"""Neither an AEO already nor with its certificates being issued."""
	return frappe.db.get_value("Establishment", establishment, "aeo_status") != "Authorized Economic Operator" and not (
		frappe.db.exists("AEO Certificate Issuance", {"establishment": establishment, "status": ("not in", CLOSED)})
	)


def may_register_existing_aeo(establishment: str) -> bool:
	"""What the Establishment form shows the "Register Existing AEO" button on (the same rules the step checks)."""
	return is_registrar() and awaits_membership(establishment)


@frappe.whitelist(methods=["POST"])
def register_existing_aeo(establishment: str, reason: str, evidence: str, granted_on: str) -> dict:
	"""A membership granted before the system: the federal authority records why and on what evidence, and the
	issuance of the establishment's certificates starts as after an approval."""
	if not is_registrar():
		frappe.throw(_("Only the federal authority can register an existing AEO."), NotPermitted)
	if not frappe.db.exists("Establishment", cstr(establishment)) or not frappe.has_permission(
		"Establishment", "read", cstr(establishment)
	):
		frappe.throw(_("The establishment could not be found."), NotPermitted)
	if not awaits_membership(establishment):
		frappe.throw(_("The establishment is already an AEO or its certificates are being issued."), BadRequest)
	reason = cstr(reason).strip()
	if not reason:
		frappe.throw(_("Give the reason for registering the establishment as an existing AEO."), BadRequest)
	if not frappe.db.exists("File", {"file_url": cstr(evidence), "owner": frappe.session.user}):
		frappe.throw(_("Attach the original certificate or decision as evidence."), BadRequest)
	try:
		granted = getdate(granted_on)
	except Exception:
		granted = None
	if not granted or granted > getdate(today()):
		frappe.throw(_("Give the date the membership was granted (not in the future)."), BadRequest)
	decision = make_decision(
		establishment, APPROVED, "Existing AEO", reason=reason, evidence=evidence, granted_on=granted
	)
	return {"decision": decision.name, "issuance": start_from(decision)}
