"""N36-7 is now one message per application, in each reader's language (aeo.application.deadlines): the shipped
per-screening Notification is switched off on sites that have it (kept, not deleted, as an administrator may have
edited it)."""

import frappe


def execute():
	if frappe.db.exists("Notification", "Late Response from Customs Administrations"):
		frappe.db.set_value("Notification", "Late Response from Customs Administrations", "enabled", 0)
