"""Control Plan (BRD Table 12): the control actions on an AEO, one plan per certified licence or one for all (§5.3.7.3)."""

import frappe
from frappe import _
from frappe.model.document import Document

from aeo.utils import fail, label, require_date_order


class ControlPlan(Document):
	def validate(self):
		require_own_certificate(self)
		manager = main_account_manager(self)
		for action in self.actions:
			validate_action(action, manager)


def require_own_certificate(doc) -> None:
	if (
		doc.certificate
		and frappe.db.get_value("AEO Certificate", doc.certificate, "establishment") != doc.establishment
	):
		fail(doc, "certificate", _("this certificate belongs to another establishment"))


def main_account_manager(doc) -> str | None:
	"""Actions go to the main account manager by default (T12-03): the certificate's, else the establishment's."""
	manager = doc.certificate and frappe.db.get_value(
		"AEO Certificate", doc.certificate, "main_account_manager"
	)
	if not manager and doc.establishment:
		manager = frappe.get_doc("Establishment", doc.establishment).get("main_account_manager")
	return manager


def validate_action(action, manager: str | None) -> None:
	action.assigned_to = action.assigned_to or manager
	require_date_order(action, "start_date", "end_date")
	if action.action_status == "Closed" and not (action.closure_reason or "").strip():
		frappe.throw(
			_("Row {0}: {1} is mandatory when the action is closed.").format(
				action.idx, label(action, "closure_reason")
			),
			title=_("Missing Value"),
		)
	if action.template_section and frappe.db.get_value(
		"Template Section", action.template_section, "is_group"
	):
		fail(action, "template_section", _("choose a leaf section, one without sub-sections"))
