import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate

from aeo.registry.doctype.customs_administration.customs_administration import administration_of_emirate
from aeo.utils import require_arabic


class Establishment(Document):
	def validate(self):
		require_arabic(self, "establishment_name_ar")
		if getdate(self.licence_expiry_date) <= getdate(self.licence_issue_date):
			frappe.throw(_("The licence expiry date must come after its issue date."), title=_("Invalid Dates"))
		issuer_emirate = frappe.db.get_value("Licence Issuer", self.licence_issuer, "emirate")
		if issuer_emirate != self.emirate:
			frappe.throw(
				_("{0} does not issue licences in {1}.").format(_(self.licence_issuer), _(self.emirate)),
				title=_("Invalid Value"),
			)
		self.customs_administration = administration_of_emirate(self.emirate)
