"""Risk level from likelihood and consequence: the 5×5 matrix of BRD Appendix 5 (page 135).

The BRD defines no score, only a lookup table; the table is data (Risk Matrix Cell) that the federal authority
may edit, and this is the one place that reads it.
"""

import frappe
from frappe import _

CACHE_KEY = "aeo:risk_matrix"


def risk_matrix() -> dict[tuple[str, str], str]:
	def load():
		cells = frappe.get_all("Risk Matrix Cell", fields=["likelihood", "consequence", "risk_level"])
		return {f"{c.likelihood}|{c.consequence}": c.risk_level for c in cells}

	return {tuple(k.split("|")): v for k, v in frappe.cache.get_value(CACHE_KEY, load).items()}


def risk_level(likelihood: str, consequence: str) -> str:
	"""The risk level ("Low", "Medium", "High" or "Extreme") of a likelihood and a consequence."""
	level = risk_matrix().get((likelihood, consequence))
	if not level:
		frappe.throw(
			_("The risk matrix has no cell for likelihood {0} and consequence {1}.").format(
				_(likelihood), _(consequence)
			),
			title=_("Invalid Value"),
		)
	return level


def clear_matrix_cache() -> None:
	frappe.cache.delete_value(CACHE_KEY)
