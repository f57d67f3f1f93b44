"""My applications (BRD §5.2.3.2, Table 21): the establishment's joining applications, each with its status, the
decisions and returns with their reasons, and what is expected of the establishment next and by when. The actions
(submit, cancel, delete a draft) are aeo.application.portal's methods, which check each again."""

from frappe import _

from aeo.application.portal import applications_of, impediment
from aeo.registry.account_management import establishment_title, page_establishment

no_cache = 1


def get_context(context):
	me, establishment = page_establishment(context)
	if not me:
		return
	context.title = _("My applications")
	context.establishment = establishment_title(establishment)
	context.applications = applications_of(me)
	context.impediment = impediment(me)
	context.texts = {
		"confirm_submit": _("Submit the application {0} for review? It can no longer be changed while customs review it."),
		"confirm_delete": _("Delete the draft {0}? Its data and files are deleted for good."),
	}
