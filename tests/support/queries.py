"""SQL queries of one request to the served site, counted by Frappe's own recorder (issue 12's query budgets).

The recorder runs in the site's web workers: started by the Administrator, it keeps every statement of the requests
that follow, until stopped. A count, never a time."""

import os
import re
from collections import Counter

from tests.support.factories import http_session


def recorded_queries(session, method: str, path: str, **kwargs) -> tuple[object, list[str]]:
	"""Send one request through `session` with the recorder on; its response and the SQL statements it ran."""
	admin = http_session("Administrator", os.environ.get("AEO_ADMIN_PASSWORD", "admin"))
	admin.post("/api/method/frappe.recorder.delete").raise_for_status()
	admin.post("/api/method/frappe.recorder.start", data={"explain": 0, "capture_stack": 0, "record_jobs": 0,
		"request_filter": path}).raise_for_status()
	try:
		response = session.request(method, path, **kwargs)
	finally:
		admin.post("/api/method/frappe.recorder.stop").raise_for_status()
	recorded = [r for r in admin.get("/api/method/frappe.recorder.get").json()["message"] if r["path"] == path]
	assert len(recorded) == 1, f"{len(recorded)} requests to {path} recorded"
	detail = admin.get("/api/method/frappe.recorder.get", params={"uuid": recorded[0]["uuid"]}).json()["message"]
	admin.post("/api/method/frappe.recorder.delete")
	return response, [call["query"] for call in detail["calls"]]


def summary(statements: list[str], top: int = 25) -> str:
	"""The tables the statements read and wrote most, for a failure message."""
	tables = Counter(
		(match.group(1) if (match := re.search(r"(?:from|into|update)\s+`(tab[^`]+)`", s, re.IGNORECASE)) else s[:40])
		for s in statements
	)
	return "  ".join(f"{n} {table}" for table, n in tables.most_common(top))
