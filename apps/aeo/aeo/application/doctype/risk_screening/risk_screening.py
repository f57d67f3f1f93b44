"""Risk Screening (BRD §5.3.4.1 stage B): a joining application's head office and branches shared with another
customs administration, whose Administrators add violations, branches not mentioned and remarks, then send them to
the deciding administration (N36-6). After its due date the federal authority is alerted (N36-7, aeo.application.deadlines)."""

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import cint, now_datetime

from aeo.aeo.doctype.aeo_settings.aeo_settings import settings
from aeo.utils import attach_files, fail, validate_attachments


class RiskScreening(Document):
	def validate(self):
		if self.undeclared_branches_found != "Yes" and self.undeclared_branches:
			fail(self, "undeclared_branches", _("answer Yes to the question above to add branches"))
		for row in self.violations:
			validate_attachments(row, ["violation_document"])
		for row in self.undeclared_branches:
			validate_attachments(row, ["branch_licence"])
		for row in self.remarks:
			validate_attachments(
				row, ["document"], max_size_mb=cint(settings().max_remarks_document_size_mb), extensions=["pdf"]
			)

	@frappe.whitelist()
	def send(self):
		"""Add the findings to the application and tell its Administrator; the screening is then closed to edits."""
		self.check_permission("write")
		if self.status != "Open":
			frappe.throw(_("This screening was already sent or closed."), title=_("Not Allowed"))
		send_findings(self)


def send_findings(screening) -> None:
	application = frappe.get_doc("Joining Application", screening.joining_application)
	if application.status in ("Approved", "Rejected", "Cancelled"):
		frappe.throw(_("The application was already decided; its screening is closed."), title=_("Not Allowed"))
	for row in screening.undeclared_branches:
		application.append("undeclared_branches", {**child_values(row), "added_by_customs": 1})
	if screening.undeclared_branches:
		application.undeclared_branches_found = "Yes"
	for row in screening.violations:
		application.append("violations", {**child_values(row), "added_by": screening.modified_by})
	for row in screening.remarks:
		application.append("general_remarks", child_values(row))
	attach_files(
		[row.violation_document for row in screening.violations]
		+ [row.branch_licence for row in screening.undeclared_branches]
		+ [row.document for row in screening.remarks],
		application.doctype,
		application.name,
	)
	application.append(
		"general_remarks",
		{
			"remarks": _("Risk screening of {0} sent; branches' data verified: {1}.").format(
				_(screening.customs_administration), _("Yes") if screening.branches_verified else _("No")
			),
			"added_by": frappe.session.user,
			"added_on": now_datetime(),
		},
	)
	application.flags.ignore_permissions = True
	application.save()
	screening.status = "Sent"
	screening.sent_by = frappe.session.user
	screening.sent_on = now_datetime()
	screening.save()


def child_values(row) -> dict:
	skip = {"name", "parent", "parentfield", "parenttype", "idx", "doctype", "owner", "creation", "modified", "modified_by", "docstatus"}
	return {key: value for key, value in row.as_dict().items() if key not in skip}


def on_doctype_update():
	"""The escalation of late screenings picks open ones past their date (aeo.application.deadlines, issue 12)."""
	frappe.db.add_index("Risk Screening", ["status", "due_date"])
