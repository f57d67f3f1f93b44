"""Outgoing e-mail as the reader sees it.

Frappe stores each queued message as MIME text and, when it sends it, parses and re-serialises it (attachments are
added then). Python's e-mail package re-folds a Subject line longer than 78 characters, and in doing so moves the
space between two words out of the encoded words, where readers drop it: a long Arabic subject arrives as
"الاقتصاديالمعتمد". The subject is therefore stored already folded, in short encoded words that keep every space
inside them, so that re-serialising leaves it as it is.
"""

import re
from email.header import Header
from email.parser import Parser
from email.policy import SMTP

SUBJECT = re.compile(r"^Subject:[^\r\n]*(?:\r?\n[ \t][^\r\n]*)*", re.IGNORECASE | re.MULTILINE)


def fold_subject(doc, method=None) -> None:
	"""Email Queue before_insert: fold a non-ASCII Subject into lines Python will not fold again."""
	message = doc.message
	if not message or not isinstance(message, str):
		return
	head, blank, body = message.partition("\r\n\r\n")
	if not blank:
		head, blank, body = message.partition("\n\n")
	subject = Parser(policy=SMTP).parsestr(head + blank, headersonly=True)["Subject"]
	if not subject or str(subject).isascii():
		return
	folded = Header(str(subject), "utf-8", maxlinelen=76, header_name="Subject").encode(linesep="\r\n")
	linesep = "\r\n" if "\r\n" in head else "\n"
	head = SUBJECT.sub(lambda _match: "Subject: " + folded.replace("\r\n", linesep), head, count=1)
	doc.message = head + blank + body
