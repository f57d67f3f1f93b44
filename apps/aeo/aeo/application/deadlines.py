"""The joining application's deadlines, run daily by the scheduler (hooks.scheduler_events). Each job picks only
the records whose deadline has passed and that it has not handled yet (indexed status and date columns), so a second
run the same day changes nothing. The date filters skip Frappe's `ifnull(...)` wrapping (a record without a date is
never due), so that MariaDB reads the index's range of due records, not every record in the status (issue 12).

- BR.9: an application still under review after its review window is flagged overdue (highlighted in the desk's
  list) and its Administrator reminded.
- BR.10: a returned application not resubmitted in its window is rejected, with the notifications of a rejection.
- §5.3.4.1 step 7 (N36-7): a risk screening not sent by its due date is escalated to the federal authority.
- BR.7: a draft application nobody touched for the retention period is removed.
"""

from itertools import groupby

import frappe
from frappe import _
from frappe.translate import print_language
from frappe.utils import add_days, cint, format_date, get_url_to_form, today

from aeo.aeo.doctype.aeo_settings.aeo_settings import settings
from aeo.application.review import REVIEW_STATUSES, transitions_into

LAPSED_RETURN_REASON = "Not resubmitted within the deadline"


def run_all() -> None:
	flag_overdue_reviews()
	reject_lapsed_returns()
	escalate_late_screenings()
	remove_stale_drafts()


def flag_overdue_reviews() -> None:
	for name in frappe.get_all(
		"Joining Application",
		{"status": ("in", REVIEW_STATUSES), "review_due_date": ("<", today()), "review_overdue": 0},
		pluck="name",
		ignore_ifnull=True,  # a range on the (status, review_due_date) index, not a scan of every reviewed record
	):
		# db_set runs the "Value Change" notifications (the reminder) without re-validating the application
		frappe.get_doc("Joining Application", name).db_set("review_overdue", 1)
		frappe.db.commit()


def reject_lapsed_returns() -> None:
	"""BR.10, through the Workflow's own transition from the returned state to the state that sets "Rejected", so
	an administrator's renaming of states does not stop it."""
	reason = frappe.db.get_value("Reason", {"reason_type": "Application Rejection", "reason": LAPSED_RETURN_REASON})
	for name in frappe.get_all(
		"Joining Application", {"status": "Returned", "return_due_date": ("<", today())}, pluck="name", ignore_ifnull=True
	):
		doc = frappe.get_doc("Joining Application", name)
		try:
			doc.workflow_state = state_setting(doc, "Rejected")
			doc.status = "Rejected"
			doc.append("rejection_reasons", {"reason": reason})
			doc.save(ignore_permissions=True)
			frappe.db.commit()
		except Exception:
			frappe.db.rollback()
			frappe.log_error(f"BR.10: could not reject the returned application {name}", reference_doctype=doc.doctype, reference_name=name)


def state_setting(doc, status: str) -> str:
	"""The workflow state reachable from the document's current state that sets `status`."""
	transitions = transitions_into(doc, status)
	if not transitions:
		raise frappe.ValidationError(f"the workflow has no transition from the state of {doc.name} to a {status} state")
	return transitions[0].next_state


def escalate_late_screenings() -> None:
	"""N36-7: one message per application to the federal authority, naming every administration that is late, in
	each reader's language (issue 11: not one message per screening, nor both languages in one)."""
	late = frappe.get_all(
		"Risk Screening",
		{"status": "Open", "due_date": ("<", today()), "escalated": 0},
		["name", "joining_application", "customs_administration", "due_date"],
		order_by="joining_application, customs_administration",
		ignore_ifnull=True,
	)
	for application, rows in groupby(late, key=lambda row: row.joining_application):
		rows = list(rows)
		for row in rows:
			frappe.db.set_value("Risk Screening", row.name, "escalated", 1, update_modified=False)
		tell_federal_authority(application, rows)
		frappe.db.commit()


def tell_federal_authority(application: str, screenings: list) -> None:
	readers = frappe.get_all(
		"User",
		{"enabled": 1, "name": ("in", frappe.get_all("Has Role", {"role": "Federal Administrator",
			"parenttype": "User"}, pluck="parent") or [""])},
		["name", "language"],
	)
	link = get_url_to_form("Joining Application", application)
	for language, group in groupby(sorted(readers, key=lambda r: r.language or ""), key=lambda r: r.language or ""):
		with print_language(language or frappe.db.get_default("lang") or "ar"):
			administrations = ", ".join(_(row.customs_administration) for row in screenings)
			subject = _("Late risk screening of the joining application {0}").format(application)
			message = frappe.render_template(
				"aeo/templates/emails/late_risk_screening.html",
				{"lang": frappe.local.lang, "application": application, "administrations": administrations,
					"due": format_date(screenings[0].due_date), "link": link, "_": _},
			)
		frappe.sendmail(
			recipients=[row.name for row in group], subject=subject, message=message,
			reference_doctype="Joining Application", reference_name=application,
		)


def remove_stale_drafts() -> None:
	cutoff = add_days(today(), -cint(settings().draft_retention_days))
	for name in frappe.get_all("Joining Application", {"status": "Draft", "modified": ("<", cutoff)}, pluck="name",
			ignore_ifnull=True):
		frappe.delete_doc("Joining Application", name, ignore_permissions=True, force=True)
		frappe.db.commit()
