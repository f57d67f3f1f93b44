"""Development and test sites only: outgoing mail to the local SMTP sink (tests/support/mail_sink.py), UAE PASS
sign-in against the local OpenID Connect provider (tests/support/oidc)."""

import json

import frappe

ACCOUNT = "AEO Outgoing (local sink)"
UAE_PASS_SCOPE = "urn:uae:digitalid:profile:general"  # UAE PASS's own scope for a person's profile


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


def configure_uae_pass(base_url: str, client_secret: str) -> None:
	"""UAE PASS sign-in against the local OpenID Connect provider (tests/support/oidc/server.js). A production site
	fills the same Social Login Key with the real UAE PASS endpoints from the desk (docs/settings.md)."""
	values = {
		"provider_name": "UAE PASS",
		"social_login_provider": "Custom",
		"enable_social_login": 1,
		"client_id": "aeo-portal",
		"client_secret": client_secret,
		"base_url": base_url,
		"custom_base_url": 0,
		"authorize_url": f"{base_url}/auth",
		"access_token_url": f"{base_url}/token",
		"api_endpoint": f"{base_url}/me",
		"redirect_url": "/api/method/aeo.registry.uae_pass.callback",
		"auth_url_data": json.dumps({"response_type": "code", "scope": f"openid {UAE_PASS_SCOPE}"}),
		"user_id_property": "email",
		"sign_ups": "Deny",
	}
	if frappe.db.exists("Social Login Key", "uae_pass"):
		key = frappe.get_doc("Social Login Key", "uae_pass")
		key.update(values)
		key.save(ignore_permissions=True)
	else:
		frappe.get_doc({"doctype": "Social Login Key", **values}).insert(ignore_permissions=True)
