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


def test_a_long_arabic_subject_keeps_its_spaces(mail):
	"""Issue 11 (e-mails read like a government service): Python re-folds a long non-ASCII Subject when Frappe
	re-serialises the queued message, and drops the space at each fold; the app stores it folded (aeo/mail.py)."""
	subject = "بوابة المشغل الاقتصادي المعتمد: مهمة لك على طلب الحساب ACR-2026-00012 من مؤسسة الخليج للتجارة العامة"
	frappe.sendmail(recipients=["arabic.subject@test.example"], subject=subject, message="<p>مرحبا</p>")
	[message] = mail.wait_for("arabic.subject@test.example")
	assert message["Subject"] == subject
	assert "الاقتصادي المعتمد" in message["Subject"]
