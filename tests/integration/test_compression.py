"""Issue 12: pages, JSON, scripts and styles travel gzip-compressed to clients that accept it (sites/wsgi.py, as
nginx does in production); files and PDFs are sent as they are."""

import re

import requests

from tests.conftest import BASE_URL


def test_pages_and_assets_are_compressed_for_clients_that_accept_gzip():
	page = requests.get(f"{BASE_URL}/aeo", headers={"Accept-Encoding": "gzip"}, stream=True, timeout=30)
	raw = page.raw.read(decode_content=False)
	assert page.status_code == 200 and page.headers["Content-Encoding"] == "gzip"
	assert "Accept-Encoding" in page.headers["Vary"] and int(page.headers["Content-Length"]) == len(raw)
	assert len(raw) * 3 < len(requests.get(f"{BASE_URL}/aeo", headers={"Accept-Encoding": "identity"}).content)
	plain = requests.get(f"{BASE_URL}/aeo", headers={"Accept-Encoding": "identity"}, timeout=30)
	assets = sorted(set(re.findall(r'/assets/[^"\'?]+\.(?:css|js)', plain.text)))  # the page's own bundles
	assert assets
	for asset in assets[:3]:
		sent = requests.get(f"{BASE_URL}{asset}", headers={"Accept-Encoding": "gzip"}, stream=True, timeout=30)
		assert sent.status_code == 200 and sent.headers["Content-Encoding"] == "gzip", asset
	assert "Content-Encoding" not in plain.headers and "<html" in plain.text
	assert page.headers["X-Content-Type-Options"] == "nosniff"  # the security headers still go with it
