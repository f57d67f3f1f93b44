"""Test harness: a real Frappe test site (reset by `python3 setup.py test`), its SMTP sink and headless Chromium.

Integration tests call Frappe's API in-process, connected to the test site; browser tests drive the served site.
Run through `python3 setup.py test [pytest args]`, which prepares the site and sets the AEO_* variables.
"""

import os
import re
from pathlib import Path

import pytest

from tests.support.mail import MailSink

if "AEO_TEST_SITE" not in os.environ:
	pytest.exit("run the tests with `python3 setup.py test` (it prepares the test site)", returncode=4)

import frappe  # noqa: E402

from tests.support.factories import make_user  # noqa: E402

SITE = os.environ["AEO_TEST_SITE"]
BASE_URL = os.environ["AEO_BASE_URL"]
ARTIFACTS = Path(os.environ["AEO_ARTIFACTS"])
CHROMIUM_ARGS = [
	"--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
	"--disable-component-update", "--disable-sync", "--font-render-hinting=none",
]


def pytest_sessionstart(session):
	"""Connect this process to the test site as Administrator before collection (test modules may use Frappe)."""
	frappe.init(site=SITE, sites_path=os.environ["AEO_SITES_PATH"])
	frappe.connect()
	frappe.set_user("Administrator")
	# as on every live site, an IT administrator besides Administrator: Frappe refuses to disable any user without one
	make_user("it.admin@test.example", ["System Manager"])


def pytest_sessionfinish(session, exitstatus):
	frappe.destroy()


@pytest.fixture
def mail():
	sink = MailSink(Path(os.environ["AEO_MAIL_DIR"]))
	sink.clear()
	return sink


@pytest.fixture(scope="session")
def browser():
	from playwright.sync_api import expect, sync_playwright

	# assertions wait as long as actions do: on two cores with the workers busy, a desk form can take over 5 s
	expect.set_options(timeout=20_000)

	with sync_playwright() as playwright:
		chromium = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
		yield chromium
		chromium.close()


@pytest.fixture
def page(browser, request):
	"""A fresh browser context per test; its last screen is saved under artifacts/screenshots/."""
	context = browser.new_context(base_url=BASE_URL, viewport={"width": 1366, "height": 900}, locale="en-US")
	context.set_default_timeout(20_000)
	tab = context.new_page()
	yield tab
	shots = ARTIFACTS / "screenshots"
	shots.mkdir(parents=True, exist_ok=True)
	tab.screenshot(path=str(shots / f"{re.sub(r'[^A-Za-z0-9_.-]+', '_', request.node.name)}-final.png"), full_page=True)
	context.close()


def screenshot(page, name: str) -> Path:
	"""Save a named screenshot for a person to look at; returns its path."""
	path = ARTIFACTS / "screenshots" / f"{name}.png"
	path.parent.mkdir(parents=True, exist_ok=True)
	page.screenshot(path=str(path), full_page=True)
	return path
