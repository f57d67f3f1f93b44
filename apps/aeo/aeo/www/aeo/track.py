"""Track an account request (BRD §5.2.2.2) by its reference number and e-mail. Open to guests."""

from frappe import _

no_cache = 1


def get_context(context):
	context.title = _("Track your account request")
