"""HTML to PDF with WeasyPrint, needing no site, no database and no request: the certificate batch runs it in child
processes, one per core (issue 12), while the job's own process reads the records and reports progress."""

import os
from functools import partial
from pathlib import Path
from urllib.parse import urlparse

from aeo.certification.pdf_fonts import FONT_FOLDER, repair_text_layer


def pdf_from_html(html: str, base_url: str, sites_path: str) -> bytes:
	from weasyprint import HTML

	fetcher = partial(local_files_only, base_url=base_url, sites_path=sites_path)
	return repair_text_layer(HTML(string=html, base_url=base_url, url_fetcher=fetcher).write_pdf())


def local_files_only(url: str, base_url: str, sites_path: str) -> dict:
	"""WeasyPrint reads the site's assets and the system fonts from disk and never goes on the network: the page
	holds typed values, and a fetcher that followed any URL would let them reach internal addresses."""
	from weasyprint import default_url_fetcher

	parsed = urlparse(url)
	if parsed.scheme == "data":
		return default_url_fetcher(url)
	path = os.path.normpath(parsed.path)  # no way out of the two folders with ".."
	if parsed.scheme == "file" and path.startswith(FONT_FOLDER):
		file = Path(path)
	elif url.startswith(base_url.rstrip("/") + "/assets/") and path.startswith("/assets/"):
		file = Path(sites_path, path.lstrip("/"))
	else:
		raise ValueError(f"not a local file: {url}")
	return {"string": file.read_bytes(), "filename": file.name}
