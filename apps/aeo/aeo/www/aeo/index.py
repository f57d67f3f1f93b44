"""The programme's public information page (BRD §5.2.1): open to guests, in Arabic and English."""

from frappe import _

from aeo.aeo.doctype.aeo_settings.aeo_settings import settings

no_cache = 1


def get_context(context):
	context.title = _("Authorized Economic Operator Programme")
	context.public = settings()  # e-learning link and contact details, kept by the administrators (§5.2.1 items 9–11)
	context.eligibility = [
		(_("Compliance record"), _("At least three years of compliance with customs laws, regulations and procedures.")),
		(_("Records and internal control"), _("A record-keeping and accounting system that lets customs trace goods and operations.")),
		(_("Financial solvency"), _("Fees, taxes and dues settled without delay, and a sound financial position.")),
		(_("Supply-chain security"), _("Safety and security measures and risk assessment in line with the WCO SAFE Framework.")),
	]
	context.steps = [
		(_("Account and application"), _("Request an establishment account, then submit the joining application with its documents.")),
		(_("Self-assessment"), _("Answer the self-assessment questionnaire your customs administration shares with you.")),
		(_("Assessment"), _("Meet the assessment team, review the assessment report and carry out any corrective actions.")),
		(_("Certification and monitoring"), _("Receive the AEO certificate and its benefits; the programme monitors and re-assesses members.")),
	]
	context.benefits = [
		_("Faster clearance and fewer physical inspections."),
		_("Priority treatment and a dedicated account manager at customs."),
		_("Recognition by partner countries under mutual recognition agreements."),
		_("Benefits shared by the GCC AEO programmes."),
	]
