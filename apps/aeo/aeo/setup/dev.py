"""Development and test sites only: outgoing mail to the local SMTP sink (tests/support/mail_sink.py)."""

import frappe

ACCOUNT = "AEO Outgoing (local sink)"


def configure_outgoing_mail(port: int) -> None:
	"""Send the site's mail, through Frappe's queue, to the SMTP sink on 127.0.0.1."""
	values = {
		"email_id": "noreply@aeo.localhost",
		"enable_outgoing": 1,
		"default_outgoing": 1,
		"smtp_server": "127.0.0.1",
		"smtp_port": port,
		"use_tls": 0,
		"use_ssl_for_outgoing": 0,
		"no_smtp_authentication": 1,
		"awaiting_password": 0,
		"always_use_account_email_id_as_sender": 1,
		"always_use_account_name_as_sender_name": 1,
		"send_unsubscribe_message": 0,
		"track_email_status": 0,
	}
	if frappe.db.exists("Email Account", ACCOUNT):
		account = frappe.get_doc("Email Account", ACCOUNT)
		account.update(values)
		account.save(ignore_permissions=True)
	else:
		frappe.get_doc({"doctype": "Email Account", "email_account_name": ACCOUNT, **values}).insert(
			ignore_permissions=True
		)


def complete_setup_wizard() -> None:
	"""Finish Frappe's first-run wizard with the UAE's country, time zone and currency."""
	from frappe.desk.page.setup_wizard.setup_wizard import setup_complete

	setup_complete(
		{"language": "English", "country": "United Arab Emirates", "timezone": "Asia/Dubai", "currency": "AED"}
	)
