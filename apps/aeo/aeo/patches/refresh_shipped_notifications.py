"""Notifications are created once from setup/data/notifications.json and then belong to the administrators; this
brings the fields the app changed since to sites that already have them: the certificates' notices also reach the
portal list (Tables 28, 44), and a return to the Administrator no longer repeats the stage-B notices (N36-4, N36-5)."""

import frappe

from aeo.setup.install import load

CHANGED = {
	"AEO Certificate Being Issued": ("send_system_notification",),
	"AEO Certificates Issued": ("send_system_notification",),
	"New AEO Circular": ("send_system_notification",),
	"Initial Risk Assessment Started": ("condition",),
	"Joining Application Accepted Notice (Federal)": ("condition",),
}


def execute():
	shipped = {row["name"]: row for row in load("notifications.json")}
	for name, fields in CHANGED.items():
		if frappe.db.exists("Notification", name):
			frappe.db.set_value("Notification", name, {field: shipped[name].get(field) for field in fields})
