import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import add_days, cint, today

from aeo.aeo.doctype.aeo_settings.aeo_settings import settings
from aeo.assessment.records import inherit_ownership, keep_customs_fields, require
from aeo.utils import fail, validate_attachments

# T10-08…11: what the establishment fills when it reviews the draft
PORTAL_FIELDS = {"has_comments", "establishment_remarks", "compliance_improvement_plan", "implementation_deadline_days"}
# statuses from the establishment's approval of the draft on: a required plan must then be attached
CIP_STATUSES = ("CIP Under Review", "CIP Under Implementation", "CIP Implementation Confirmed",
	"Assessment File Pending Approval", "Membership Grant Approved", "Membership Grant Rejected")
DECISION_OF_STATUS = {
	"Membership Grant Approved": "Accept granting membership",
	"Membership Grant Rejected": "Reject granting membership",
}


class AssessmentReport(Document):
	def before_insert(self):
		collect_findings(self)

	def validate(self):
		keep_customs_fields(self, PORTAL_FIELDS)
		inherit_ownership(self)
		describe_establishment(self)
		validate_corrective_actions(self)
		validate_review(self)
		validate_decision(self)


def collect_findings(doc) -> None:
	"""T10-03/04: the findings and recommendations the assessment files share, with their sections; the team
	leader may remove some before the draft is shared (§5.3.7.2)."""
	if doc.findings or doc.recommendations:
		return
	files = frappe.get_all("Assessment File", {"joining_application": doc.joining_application}, pluck="name",
		order_by="template_section")
	for name in files:
		assessment_file = frappe.get_doc("Assessment File", name)
		for source, target in (("findings", "findings"), ("recommendations", "recommendations")):
			for row in assessment_file.get(source):
				if row.share_with_establishment:
					doc.append(target, {"template_section": assessment_file.template_section, "title": row.title,
						"content": row.content})


def describe_establishment(doc) -> None:
	"""T10-01: the establishment's registered data, filled in once."""
	if doc.establishment_details or not doc.establishment:
		return
	fields = ("establishment_name", "establishment_name_ar", "licence_number", "legal_form", "emirate")
	values = frappe.db.get_value("Establishment", doc.establishment, fields, as_dict=True)
	meta = frappe.get_meta("Establishment")
	doc.establishment_details = "\n".join(f"{_(meta.get_label(f))}: {_(values[f])}" for f in fields)


def validate_corrective_actions(doc) -> None:
	"""T10-06 (A-30): corrective actions are described when the team leader requires them; BR.19 sets the longest
	implementation period (90 days unless customs change it)."""
	if not doc.corrective_actions_required:
		return
	require(doc, ["corrective_actions"], _("required when corrective actions are required"))
	doc.allowed_period_days = doc.allowed_period_days or settings().corrective_action_period_days
	if cint(doc.allowed_period_days) < 1:
		fail(doc, "allowed_period_days", _("must be at least 1"))


def validate_review(doc) -> None:
	"""T10-08…11: remarks when the establishment has comments; the compliance improvement plan (PDF) and its
	deadline, within the allowed period, once a draft that requires corrective actions is approved."""
	if doc.has_comments == "Yes":
		require(doc, ["establishment_remarks"], _("required when you have comments"))
	if doc.corrective_actions_required and doc.status in CIP_STATUSES:
		require(doc, ["compliance_improvement_plan", "implementation_deadline_days"],
			_("required when corrective actions are required"))
	allowed = cint(doc.allowed_period_days) or settings().corrective_action_period_days
	days = cint(doc.implementation_deadline_days)
	if days and not 1 <= days <= allowed:
		fail(doc, "implementation_deadline_days", _("must be between 1 and {0} days").format(allowed))
	validate_attachments(doc, ["compliance_improvement_plan"], extensions=["pdf"])
	if doc.compliance_improvement_plan and doc.has_value_changed("compliance_improvement_plan"):
		doc.cip_submitted_on = today()
	doc.deadline_date = cip_deadline(doc)


def validate_decision(doc) -> None:
	"""T10-07: the programme manager's decision matches the membership status it leads to."""
	expected = DECISION_OF_STATUS.get(doc.status)
	if expected and doc.decision != expected:
		fail(doc, "decision", _("must be {0} when the status is {1}").format(_(expected), _(doc.status)))


def cip_deadline(report):
	"""The plan's deadline: its submission date plus the agreed days plus every approved extension (BR.19, BR.20)."""
	if not (report.cip_submitted_on and cint(report.implementation_deadline_days)):
		return None
	extensions = frappe.get_all("Deadline Extension Request",
		{"assessment_report": report.name, "decision": "Approved"}, pluck="extension_days")
	return add_days(report.cip_submitted_on, cint(report.implementation_deadline_days) + sum(map(cint, extensions)))
