"""Notifications decided with the step, delivered after it commits (issue 12).

Frappe evaluates a DocType's Notification records inside the save that fires them: for each "Value Change" one it
loads the Notification with its recipients and evaluates its condition, and for each one that applies it renders the
message, makes a Communication (looking up contacts, re-reading the record to link it) and queues the e-mail, all
before the step answers. A submitted joining application spent over a hundred of its queries there, and a broken
template or a failing channel failed the step itself.

Here the save only decides. In the record's after_insert ("New" notifications) and on_change ("Value Change"), which
run just before Frappe's own evaluation, each enabled notification of the event is settled the way Frappe would
settle it (the watched field changed, the condition holds, with the same context): those that do not apply are marked
as evaluated, and those that do are marked too and handed to one background job, queued once the step has committed
(a step that fails or is rolled back sends nothing). The job sends them through Frappe's own Notification.send with
the record as it was at the step, so recipients, templates and channels stay the administrators' to edit in the desk.
A notification that fails in the job is logged (Error Log) and does not stop the others; the step is already done.
A condition that cannot be evaluated is left to Frappe, which reports it as before.
"""

import frappe
from frappe.email.doctype.notification.notification import get_context
from frappe.utils import cast

CACHE = "aeo:deferred_notifications"
EVENTS = {"after_insert": "New", "on_change": "Value Change"}


def notifications_of(doctype: str) -> list:
	"""(name, event, watched field, condition) of the DocType's enabled New and Value Change notifications, cached
	until a Notification changes."""

	def load():
		return frappe.get_all(
			"Notification",
			{"enabled": 1, "document_type": doctype, "event": ("in", list(EVENTS.values()))},
			["name", "event", "value_changed", "condition"],
			as_list=True,
		)

	return frappe.cache.hget(CACHE, doctype, load)


def defer(doc, method=None) -> None:
	"""doc_events "*" after_insert and on_change: settle this event's notifications, queue those that apply."""
	event = EVENTS.get(method)
	if not event or doc.meta.istable or (event == "Value Change" and doc.flags.in_insert):
		return
	notifications = [row for row in notifications_of(doc.doctype) if row[1] == event]
	if not notifications:
		return
	before = doc.get_doc_before_save() if event == "Value Change" else None
	if event == "Value Change" and not before:
		return
	executed = doc.flags.notifications_executed
	if executed is None:
		executed = doc.flags.notifications_executed = []
	due, context = [], None
	for name, _event, field, condition in notifications:
		if name in executed:
			continue
		if event == "Value Change":
			df = doc.meta.get_field(field)
			if not df:
				continue  # Frappe disables a notification whose field is gone
			if cast(df.fieldtype, doc.get(field)) == cast(df.fieldtype, before.get(field)):
				executed.append(name)
				continue
		if condition:
			context = context or get_context(doc)
			try:
				holds = frappe.safe_eval(condition, None, context)
			except Exception:
				continue  # Frappe evaluates it again and reports the error
			if not holds:
				executed.append(name)
				continue
		executed.append(name)
		due.append(name)
	if due:
		frappe.enqueue(
			"aeo.notifications.deliver", queue="short", enqueue_after_commit=True, doc=doc, notifications=due
		)


def deliver(doc, notifications: list) -> None:
	"""The background job: send each notification for the record as it was at the step."""
	for name in notifications:
		try:
			notification = frappe.get_doc("Notification", name)
			if notification.enabled:
				notification.send(doc)
			frappe.db.commit()
		except Exception:
			frappe.db.rollback()
			frappe.log_error(f"Notification {name} for {doc.doctype} {doc.name} could not be sent",
				reference_doctype=doc.doctype, reference_name=doc.name)


def clear_cache(doc=None, method=None) -> None:
	"""Notification on_update / on_trash: the next save reads the notifications again."""
	frappe.cache.delete_value(CACHE)
