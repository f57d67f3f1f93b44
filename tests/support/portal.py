"""Steps people take on the portal and in the desk, shared by the browser tests."""

import re

from playwright.sync_api import expect

from tests.conftest import BASE_URL, screenshot
from tests.support.factories import PASSWORD
from tests.support.mail import body_text


def sign_in(page, user: str, password: str, lands_on: str = "**/aeo/home") -> None:
	page.goto("/login")
	page.fill("#login_email", user)
	page.fill("#login_password", password)
	page.click(".btn-login")
	page.wait_for_url(lands_on)


def set_password_link(mail, email: str) -> str:
	"""The set-password link of the welcome e-mail Frappe sent to `email`."""
	for message in mail.wait_for(email):
		found = re.search(r"https?://[^\s\"'<>]+/update-password\?key=\w+", body_text(message))
		if found:
			return found.group(0)
	raise AssertionError(f"no set-password link was mailed to {email}")


def set_password(page, link: str, password: str) -> None:
	"""Frappe's /update-password page checks the password as it is typed, so type it."""
	page.goto(link)
	for field in ("#new_password", "#confirm_password"):
		page.locator(field).press_sequentially(password)
	page.locator("#update").click()
	page.wait_for_url("**/aeo/home", timeout=30_000)


def add_user(page, full_name_ar: str, full_name: str, job_title: str, mobile_no: str, email: str) -> None:
	"""On /aeo/users: the Account Manager adds a Data Entry User."""
	for field, value in (("full_name_ar", full_name_ar), ("full_name", full_name), ("job_title", job_title),
			("mobile_no", mobile_no), ("email", email)):
		page.fill(f"#{field}", value)
	page.click('#user-form button[type="submit"]')
	expect(page.locator(f'tr[data-name="{email}"]')).to_be_visible()


def workflow_action(page, route: str, name: str, action: str) -> None:
	"""In the desk: open the record and pick a workflow action from its Actions menu."""
	page.goto(f"/app/{route}/{name}")
	page.wait_for_function("(name) => window.cur_frm && cur_frm.doc.name === name && !cur_frm.is_dirty()", arg=name)
	page.locator(".actions-btn-group > button").click()
	# the action is done when the server has answered (an acceptance creates the account: it may take seconds)
	with page.expect_response(lambda response: "frappe.model.workflow.apply_workflow" in response.url) as answer:
		page.locator(".actions-btn-group .dropdown-menu").get_by_text(action, exact=True).click()
	assert answer.value.ok, f"{action}: {answer.value.status} {answer.value.text()[:300]}"
	page.wait_for_function("(name) => window.cur_frm && cur_frm.doc.name === name && !cur_frm.is_dirty()", arg=name)


def desk_session(browser, user: str):
	"""A browser context in which `user` signed in to the desk, and its page."""
	context = browser.new_context(base_url=BASE_URL, locale="en-US", viewport={"width": 1366, "height": 900})
	page = context.new_page()
	sign_in(page, user, PASSWORD, lands_on="**/app/**")
	return context, page


def review_in_desk(browser, route: str, name: str, steps, screenshot_name: str) -> None:
	"""Each reviewer of `steps` ((user, actions, language), …) signs in to the desk and takes their workflow actions on
	the record; the desk each leaves is kept as the screenshot `<screenshot_name>-<language>`."""
	for user, actions, language in steps:
		context, page = desk_session(browser, user)
		for action in actions:
			workflow_action(page, route, name, action)
		screenshot(page, f"{screenshot_name}-{language}")
		context.close()
