"""Fonts of the certificate PDF, and the repair of its text layer.

WeasyPrint draws Arabic correctly but maps each glyph of a right-to-left run to the wrong slice of the text
(Kozea/WeasyPrint#1686, #2841): the page looks right while the text a reader copies, searches or reads aloud is
garbage. `repair_text_layer` rebuilds each embedded font's ToUnicode map from the original font file: a glyph of a
letter is that letter, a contextual form or ligature is the letters the font's substitutions make it from.
"""

import io
import re
from functools import cache
from pathlib import Path

from fontTools.ttLib import TTFont
from pypdf import PdfReader, PdfWriter

FONT_FOLDER = "/usr/share/fonts/"
# (CSS family, weight, file): Debian's fonts-noto-core, installed by setup.py; WeasyPrint embeds what is used
FONTS = (
	("AEO Naskh", "normal", "/usr/share/fonts/truetype/noto/NotoNaskhArabic-Regular.ttf"),
	("AEO Naskh", "bold", "/usr/share/fonts/truetype/noto/NotoNaskhArabic-Bold.ttf"),
	("AEO Serif", "normal", "/usr/share/fonts/truetype/noto/NotoSerif-Regular.ttf"),
	("AEO Serif", "bold", "/usr/share/fonts/truetype/noto/NotoSerif-Bold.ttf"),
)
PRESENTATION_FORMS = range(0xFB00, 0xFF00)  # ligature and contextual forms: their text comes from the base letters


def font_faces() -> str:
	"""@font-face rules for the font files; a browser (the desk's print view) falls back to the installed family."""
	return "\n".join(
		f'@font-face {{ font-family: "{family}"; font-weight: {weight}; src: url("file://{path}"), '
		f'local("{Path(path).stem}"); }}'
		for family, weight, path in FONTS
	)


def repair_text_layer(pdf: bytes) -> bytes:
	"""The PDF with the ToUnicode map of each embedded font of FONTS rebuilt (see the module's docstring)."""
	writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
	for page in writer.pages:
		for reference in page["/Resources"]["/Font"].values():
			font = reference.get_object()
			descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
			embedded = TTFont(io.BytesIO(descriptor["/FontFile2"].get_object().get_data()), lazy=True)
			texts = glyph_texts(embedded["name"].getDebugName(6))
			if texts:
				cmap = font["/ToUnicode"].get_object()
				cmap.set_data(to_unicode(cmap.get_data(), texts))
	output = io.BytesIO()
	writer.write(output)
	return output.getvalue()


def to_unicode(cmap: bytes, texts: dict[int, str]) -> bytes:
	"""The ToUnicode CMap for the glyphs the present one names (WeasyPrint keeps the fonts' glyph ids)."""
	entries = [
		f"<{glyph}> <{texts[int(glyph, 16)].encode('utf-16-be').hex() if int(glyph, 16) in texts else text}>"
		for glyph, text in re.findall(r"<([0-9a-f]{4})>\s*<([0-9a-f]*)>", cmap.decode())
	]
	lines = [
		"/CIDInit /ProcSet findresource begin 12 dict begin begincmap",
		"/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
		"/CMapName /Adobe-Identity-UCS def /CMapType 2 def",
		"1 begincodespacerange <0000> <ffff> endcodespacerange",
		f"{len(entries)} beginbfchar",
		*entries,
		"endbfchar endcmap CMapName currentdict /CMap defineresource pop end end",
	]
	return "\n".join(lines).encode()


@cache
def glyph_texts(postscript_name: str) -> dict[int, str]:
	"""{glyph id: text} of one of FONTS: a glyph of a letter is that letter; a contextual form or a ligature that
	the font's substitutions (GSUB) make from letters is those letters."""
	path = next((path for *_, path in FONTS if TTFont(path, lazy=True)["name"].getDebugName(6) == postscript_name), None)
	if not path:
		return {}
	font = TTFont(path, lazy=True)
	cmap = font.getBestCmap()
	texts = {name: chr(code) for code, name in sorted(cmap.items(), reverse=True) if code not in PRESENTATION_FORMS}
	substitutions = list(gsub_pairs(font))
	while True:
		found = {}
		for sources, target in substitutions:
			if target not in texts and all(source in texts for source in sources):
				text = "".join(texts[source] for source in sources)
				found[target] = min(found.get(target, text), text)  # a glyph several letters share: the basic one
		if not found:
			break
		texts.update(found)
	for code, name in cmap.items():
		texts.setdefault(name, chr(code))
	return {font.getGlyphID(name): text for name, text in texts.items()}


def gsub_pairs(font):
	"""(source glyphs, result glyph) of the font's single, alternate and ligature substitutions."""
	if "GSUB" not in font:
		return
	for lookup in font["GSUB"].table.LookupList.Lookup:
		for table in lookup.SubTable:
			kind = lookup.LookupType
			if kind == 7:  # extension: the real subtable inside
				kind, table = table.ExtensionLookupType, table.ExtSubTable
			if kind == 1:
				yield from (((source,), target) for source, target in table.mapping.items())
			elif kind == 3:
				yield from (((source,), target) for source, targets in table.alternates.items() for target in targets)
			elif kind == 4:
				for first, ligatures in table.ligatures.items():
					yield from (((first, *ligature.Component), ligature.LigGlyph) for ligature in ligatures)
