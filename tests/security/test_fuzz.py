"""A fuzz pass over every whitelisted method of the app (issue 10): missing, empty, huge, wrongly typed and non-JSON
arguments, as a guest and as a portal user of another establishment, over HTTP. No answer is a 500, and none shows
a traceback.

The methods are found, not listed: every module of the app is imported and Frappe's register of whitelisted
functions read, so a new method is fuzzed without editing this file. Controller methods are reached through
run_doc_method, as the desk reaches them.
"""

import importlib
import inspect
import json
import pkgutil

import aeo
import frappe
import pytest

from tests.support.factories import http_session, make_establishment, make_establishment_user

VALUES = {
	"empty": "",
	"huge": "x" * 100_000,
	"broken JSON": '[1, {"a": ',
	"object": json.dumps({"name": {"$ne": 1}, "doctype": "User", "nested": [[1, "x"]]}),
	"list": json.dumps([["name", "like", "%"], 1, None]),
	"number": "-1",
	"null": "null",
	"control characters": "\x00\x1b[31m\u202e",
	"SQL": "' or 1=1 -- ",
	"path": "../../../../etc/passwd",
}


def app_methods() -> list:
	for module in pkgutil.walk_packages(aeo.__path__, "aeo."):
		if ".test_" not in module.name:
			importlib.import_module(module.name)
	methods = []
	for fn in frappe.whitelisted:
		module = getattr(fn, "__module__", "") or ""
		if module.startswith("aeo.") and "." not in fn.__qualname__:
			methods.append(fn)
	return sorted(methods, key=lambda fn: f"{fn.__module__}.{fn.__qualname__}")


def controller_methods() -> list[tuple[str, str]]:
	"""(DocType, method) of the app's whitelisted controller methods."""
	found = []
	for fn in frappe.whitelisted:
		module = getattr(fn, "__module__", "") or ""
		if module.startswith("aeo.") and "." in fn.__qualname__ and "doctype" in module:
			doctype = frappe.unscrub(module.rsplit(".", 1)[1]).title()
			doctype = frappe.db.get_value("DocType", {"name": ("like", doctype)}) or doctype
			found.append((doctype, fn.__qualname__.rsplit(".", 1)[1]))
	return sorted(set(found))


METHODS = app_methods()


def parameters(fn) -> list[str]:
	return [p.name for p in inspect.signature(fn).parameters.values()
		if p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD) and p.name != "self"]


@pytest.fixture(scope="module")
def callers():
	est = make_establishment("FUZZ-DXB-1", emirate="Dubai")
	user = make_establishment_user(est, "fuzz.portal@test.example", portal_role="Establishment Account Manager", main=True)
	return {"guest": http_session(), "portal user": http_session(user)}


def call(session, fn, data):
	path = f"/api/method/{fn.__module__}.{fn.__qualname__}"
	allowed = frappe.allowed_http_methods_for_whitelisted_func.get(fn) or ["POST"]
	if "POST" in allowed:
		return session.post(path, data=data, allow_redirects=False)
	return session.get(path, params=data, allow_redirects=False)


def verdict(label: str, response) -> str | None:
	if response.status_code >= 500:
		return f"{label}: HTTP {response.status_code} {response.text[:240]}"
	if "Traceback" in response.text:
		return f"{label}: traceback shown"
	return None


@pytest.mark.parametrize("fn", METHODS, ids=[f"{fn.__module__}.{fn.__qualname__}" for fn in METHODS])
def test_no_argument_makes_an_app_method_fail_with_500(callers, fn):
	names = parameters(fn)
	failures = []
	for who, session in callers.items():
		failures.append(verdict(f"{who}, no arguments", call(session, fn, {})))
		for kind, value in VALUES.items():
			failures.append(verdict(f"{who}, every argument {kind}", call(session, fn, {n: value for n in names})))
			for name in names:  # one argument wrong at a time, the others plausible
				data = {other: "1" for other in names} | {name: value}
				failures.append(verdict(f"{who}, {name} {kind}", call(session, fn, data)))
	failures = [f for f in failures if f]
	assert not failures, "\n".join(failures[:20])


@pytest.mark.parametrize("doctype,method", controller_methods())
def test_no_document_makes_a_controller_method_fail_with_500(callers, doctype, method):
	failures = []
	documents = {
		"missing": None,
		"not JSON": "{doctype",
		"a list": "[1, 2]",
		"unsaved": json.dumps({"doctype": doctype, "__islocal": 1}),
		"someone else's": json.dumps({"doctype": doctype, "name": "does-not-exist"}),
		"another DocType": json.dumps({"doctype": "User", "name": "Administrator"}),
	}
	for who, session in callers.items():
		for kind, docs in documents.items():
			data = {"method": method} | ({"docs": docs} if docs is not None else {})
			failures.append(verdict(f"{who}, {kind}", session.post("/api/method/run_doc_method", data=data)))
		failures.append(verdict(f"{who}, dt/dn", session.post("/api/method/run_doc_method",
			data={"method": method, "dt": doctype, "dn": "does-not-exist"})))
	failures = [f for f in failures if f]
	assert not failures, "\n".join(failures)
