"""E-mail leaves through Frappe's queue and reaches the local SMTP sink."""

import frappe

from tests.support.mail import body_text


def test_queued_mail_reaches_the_sink(mail):
	frappe.sendmail(recipients=["someone@test.example"], subject="AEO mail check", message="<p>مرحبا / Hello</p>")
	assert frappe.db.count("Email Queue", {"status": "Not Sent"}) >= 1
	[message] = mail.wait_for("someone@test.example")
	assert message["Subject"] == "AEO mail check"
	assert "مرحبا" in body_text(message)
	assert frappe.db.count("Email Queue", {"status": "Not Sent"}) == 0
