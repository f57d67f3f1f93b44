"""Appendix 5: the 5×5 risk matrix, checked cell by cell against the spec (05_rules_appendices.md §2.5)."""

import os
import re
from pathlib import Path

import frappe
import pytest
from aeo.assessment.risk import risk_level

CONSEQUENCES = ["Insignificant", "Minor", "Moderate", "Major", "Severe"]
# The spec's English table, rows = likelihood, columns = consequence (page 135 of the BRD).
SPEC_TABLE = {
	"Almost certain": ["Medium", "High", "High", "Extreme", "Extreme"],
	"Likely": ["Medium", "Medium", "High", "High", "Extreme"],
	"Possible": ["Low", "Medium", "Medium", "High", "Extreme"],
	"Unlikely": ["Low", "Low", "Medium", "Medium", "High"],
	"Rare": ["Low", "Low", "Low", "Medium", "High"],
}
CELLS = [(lk, cq, level) for lk, row in SPEC_TABLE.items() for cq, level in zip(CONSEQUENCES, row, strict=True)]


def test_embedded_table_is_the_spec_table():
	spec = Path(os.environ["AEO_SPEC"]) / "05_rules_appendices.md"
	if not spec.exists():
		pytest.skip("the spec is not beside the checkout")
	rows = re.findall(r"^\| \*\*(Almost certain|Likely|Possible|Unlikely|Rare)\*\* \|(.+)\|$", spec.read_text(), re.M)
	assert {lk: [c.strip() for c in cells.split("|")] for lk, cells in rows} == SPEC_TABLE


@pytest.mark.parametrize("likelihood,consequence,level", CELLS)
def test_cell(likelihood, consequence, level):
	assert risk_level(likelihood, consequence) == level


def test_level_counts_match_the_spec():
	levels = [level for *_, level in CELLS]
	assert [levels.count(x) for x in ("Low", "Medium", "High", "Extreme")] == [6, 8, 7, 4]


def test_unknown_pair_is_refused():
	with pytest.raises(frappe.ValidationError, match="no cell"):
		risk_level("Certain", "Severe")


def test_an_edit_of_the_matrix_takes_effect_at_once():
	cell = frappe.get_doc("Risk Matrix Cell", "Rare-Insignificant")
	cell.risk_level = "Medium"
	cell.save()
	try:
		assert risk_level("Rare", "Insignificant") == "Medium"
	finally:
		cell.risk_level = "Low"
		cell.save()
		frappe.db.commit()
	assert risk_level("Rare", "Insignificant") == "Low"
