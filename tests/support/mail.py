"""Read what the site sent: the SMTP sink (tests/support/mail_sink.py) writes each message to a folder."""

import email
import email.policy
import time
from pathlib import Path

import frappe
from frappe.email.queue import flush


class MailSink:
	def __init__(self, folder: Path):
		self.folder = folder

	def clear(self) -> None:
		for path in self.folder.glob("*.eml"):
			path.unlink()

	def messages(self) -> list[email.message.EmailMessage]:
		return [
			email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
			for path in sorted(self.folder.glob("*.eml"))
		]

	def wait_for(self, to: str, timeout: float = 15) -> list[email.message.EmailMessage]:
		"""Send the site's e-mail queue until the sink holds messages delivered to `to`. The queue is sent again while
		waiting: the background workers queue e-mails too (assignments, notification logs), in no fixed order."""
		frappe.db.commit()

		def delivered():
			flush()
			frappe.db.commit()
			return [m for m in self.messages() if to in (m["X-Envelope-To"] or m["To"] or "")]

		delivered.__name__ = f"an e-mail to {to}"
		return wait_until(delivered, timeout)


def body_text(message: email.message.EmailMessage) -> str:
	part = message.get_body(preferencelist=("html", "plain"))
	return part.get_content() if part else ""


def wait_until(check, timeout: float = 60):
	"""Poll `check` (reading what the web server and the background worker committed) until it returns a truthy
	value; the worker runs queued jobs such as Frappe's assignment notifications."""
	deadline = time.monotonic() + timeout
	while time.monotonic() < deadline:
		frappe.db.rollback()
		found = check()
		if found:
			return found
		time.sleep(0.3)
	raise AssertionError(f"{getattr(check, '__name__', 'condition')} did not happen within {timeout}s")
