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

	def wait_for(self, to: str, timeout: float = 60) -> list[email.message.EmailMessage]:
		"""Send the site's e-mail queue until the sink holds messages delivered to `to`, once the background workers
		have done what the steps before handed them: they queue e-mails too (the notifications of a step,
		aeo/notifications.py, assignments, notification logs), in no fixed order."""
		frappe.db.commit()

		def delivered():
			if not background_jobs_done():
				return None
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


def background_jobs_done() -> bool:
	"""No job waits or runs in the site's queues: what the steps before handed to the workers (their notifications,
	aeo/notifications.py) has been done."""
	from frappe.utils.background_jobs import get_queues
	from rq.registry import StartedJobRegistry

	return all(not queue.count and not StartedJobRegistry(queue=queue).count for queue in get_queues())
