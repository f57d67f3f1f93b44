"""The establishment user's notifications on the portal (BRD Tables 22, 24, …: the "Portal" channel): Frappe's
Notification Log entries for the user, newest first; opening the page marks them read."""

import frappe
from frappe import _
from frappe.utils import format_datetime, strip_html

from aeo.registry.account_management import redirect

no_cache = 1
PORTAL_LINKS = {
	"Joining Application": "/aeo/applications",
	"AEO Certificate Issuance": "/aeo/certificates",
	"AEO Certificate": "/aeo/certificates",
}


def get_context(context):
	if frappe.session.user == "Guest":
		redirect("/login?redirect-to=/aeo/notifications")
	context.title = _("Notifications")
	logs = frappe.get_all(
		"Notification Log",
		{"for_user": frappe.session.user},
		["name", "subject", "creation", "read", "document_type"],
		order_by="creation desc",
		limit=50,
	)
	context.notifications = [
		{
			"subject": strip_html(log.subject or ""),
			"when": format_datetime(log.creation),
			"unread": not log.read,
			"link": PORTAL_LINKS.get(log.document_type),
		}
		for log in logs
	]
	unread = [log.name for log in logs if not log.read]
	if unread:
		frappe.db.set_value("Notification Log", {"name": ("in", unread)}, "read", 1)
		frappe.db.commit()  # a GET request is not committed by Frappe
