from frappe.model.document import Document


class AEOCertificateIssuanceLicence(Document):
	pass
