"""Notifications evaluated only where they can fire (issue 12).

On every save Frappe evaluates each enabled "Value Change" Notification of the DocType: it loads the Notification
with its recipients, evaluates its condition, and only then looks whether the watched field changed. A joining
application has ten of them, so a save or a workflow step spent dozens of queries deciding that nine of them do not
apply. Before Frappe evaluates them (the document's on_change), the ones whose field did not change or whose
condition is false are marked as evaluated, which is what Frappe's own evaluation would conclude (the same condition,
evaluated with the same context); the others are evaluated and sent by Frappe as before. A condition that fails to
evaluate is left to Frappe, which reports it.
"""

import frappe
from frappe.email.doctype.notification.notification import get_context
from frappe.utils import cast

CACHE = "aeo:value_change_notifications"


def value_change_notifications(doctype: str) -> list:
	"""(name, watched field, condition) of the DocType's enabled Value Change notifications, cached until a Notification changes."""

	def load():
		return frappe.get_all(
			"Notification",
			{"enabled": 1, "document_type": doctype, "event": "Value Change"},
			["name", "value_changed", "condition"],
			as_list=True,
		)

	return frappe.cache.hget(CACHE, doctype, load)


def skip_unchanged(doc, method=None) -> None:
	"""doc_events "*" on_change: mark the Value Change notifications that cannot fire as evaluated."""
	if doc.flags.in_insert or doc.meta.istable:
		return
	notifications = value_change_notifications(doc.doctype)
	before = notifications and doc.get_doc_before_save()
	if not before:
		return
	executed = doc.flags.notifications_executed
	if executed is None:
		executed = doc.flags.notifications_executed = []
	context = None
	for name, field, condition in notifications:
		df = doc.meta.get_field(field)
		if not df or name in executed:
			continue
		if cast(df.fieldtype, doc.get(field)) == cast(df.fieldtype, before.get(field)):
			executed.append(name)
		elif condition:
			context = context or get_context(doc)
			try:
				holds = frappe.safe_eval(condition, None, context)
			except Exception:
				continue  # Frappe evaluates it again and reports the error
			if not holds:
				executed.append(name)


def clear_cache(doc=None, method=None) -> None:
	"""Notification on_update / on_trash: the next save reads the notifications again."""
	frappe.cache.delete_value(CACHE)
