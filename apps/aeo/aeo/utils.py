"""Small validations shared by the app's DocTypes."""

import re

import frappe
from frappe import _

ARABIC_LETTER = re.compile(r"[\u0600-\u06FF\u0750-\u077F\uFB50-\uFDFF\uFE70-\uFEFF]")


def require_arabic(doc, fieldname: str) -> None:
	"""A bilingual master's Arabic name must be written in Arabic script."""
	value = doc.get(fieldname)
	if value and not ARABIC_LETTER.search(value):
		frappe.throw(
			_("{0} must be written in Arabic letters.").format(_(doc.meta.get_label(fieldname))),
			title=_("Invalid Value"),
		)
