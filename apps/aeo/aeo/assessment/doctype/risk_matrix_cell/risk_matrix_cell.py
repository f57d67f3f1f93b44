from frappe.model.document import Document


class RiskMatrixCell(Document):
	def on_update(self):
		from aeo.assessment.risk import clear_matrix_cache

		clear_matrix_cache()

	on_trash = on_update
