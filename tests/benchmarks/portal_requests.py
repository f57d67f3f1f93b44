"""Requests of the onboarding and joining-application flows against a bare-Frappe request of the same kind, in the
same run: median time over repeated requests, the ratio to the baseline, and the SQL queries one request makes
(Frappe's recorder). Not a test: run it by hand against the served demo site after `python3 setup.py up`:

    /home/aeo/aeo-bench/env/bin/python tests/benchmarks/portal_requests.py [--base http://127.0.0.1:8000] [--repeat 20]

It writes artifacts/benchmarks/portal_requests.json and prints a table.
"""

import argparse
import json
import statistics
import time
from pathlib import Path

import requests

DEMO_PASSWORD = "Aeo-Demo-2026"
MANAGER = "manager@aldhafra.example"
ADMIN = "ad.admin@aeo.localhost"

# label, who, method, path, data, baseline label
CASES = [
	("bare Frappe: /login (guest page)", "guest", "GET", "/login", None, None),
	("programme page /aeo", "guest", "GET", "/aeo", None, "bare Frappe: /login (guest page)"),
	("account request page", "guest", "GET", "/aeo/account-request", None, "bare Frappe: /login (guest page)"),
	("track page", "guest", "GET", "/aeo/track", None, "bare Frappe: /login (guest page)"),
	("bare Frappe: get_logged_user (API)", "guest", "GET", "/api/method/frappe.auth.get_logged_user", None, None),
	("track a request (API)", "guest", "POST", "/api/method/aeo.registry.onboarding.track_account_request",
		{"reference_number": "ACR-0000-00000", "email": "nobody@example.com"}, "bare Frappe: get_logged_user (API)"),
	("bare Frappe: /me (signed-in page)", "manager", "GET", "/me", None, None),
	("portal home /aeo/home", "manager", "GET", "/aeo/home", None, "bare Frappe: /me (signed-in page)"),
	("users page /aeo/users", "manager", "GET", "/aeo/users", None, "bare Frappe: /me (signed-in page)"),
	("notifications /aeo/notifications", "manager", "GET", "/aeo/notifications", None, "bare Frappe: /me (signed-in page)"),
	("my applications /aeo/applications", "manager", "GET", "/aeo/applications", None, "bare Frappe: /me (signed-in page)"),
	("bare Frappe: list of ToDo (desk API)", "admin", "GET", "/api/resource/ToDo?limit_page_length=20", None, None),
	("joining applications list (desk API)", "admin", "GET",
		"/api/resource/Joining Application?limit_page_length=20&fields=[\"name\",\"status\",\"review_overdue\"]",
		None, "bare Frappe: list of ToDo (desk API)"),
	("account requests list (desk API)", "admin", "GET", "/api/resource/Account Request?limit_page_length=20", None,
		"bare Frappe: list of ToDo (desk API)"),
]


def session(base: str, user: str | None, password: str | None) -> requests.Session:
	s = requests.Session()
	if user:
		s.post(f"{base}/api/method/login", json={"usr": user, "pwd": password}).raise_for_status()
	return s


def call(s: requests.Session, base: str, method: str, path: str, data) -> int:
	response = s.request(method, base + path, data=data, timeout=60)
	return response.status_code


def timed(s, base, method, path, data, repeat: int) -> float:
	call(s, base, method, path, data)  # warm
	samples = []
	for _ in range(repeat):
		start = time.perf_counter()
		call(s, base, method, path, data)
		samples.append((time.perf_counter() - start) * 1000)
	return statistics.median(samples)


def query_counts(base: str, sessions: dict, admin_password: str, cases=CASES) -> dict[str, int]:
	"""One recorded request per case (label, who, method, path, data, …): the number of SQL queries Frappe's
	recorder saw."""
	administrator = session(base, "Administrator", admin_password)
	administrator.post(f"{base}/api/method/frappe.recorder.delete")
	administrator.post(f"{base}/api/method/frappe.recorder.start", data={"explain": 0, "capture_stack": 0, "record_jobs": 0})
	for _label, who, method, path, data, *_rest in cases:
		call(sessions[who], base, method, path, data)
	administrator.post(f"{base}/api/method/frappe.recorder.stop")
	recorded = administrator.get(f"{base}/api/method/frappe.recorder.get").json()["message"]
	administrator.post(f"{base}/api/method/frappe.recorder.delete")
	counts = {}
	for request in sorted(recorded, key=lambda r: r["time"]):
		counts.setdefault((request["method"], request["path"]), request["queries"])
	return {label: counts.get((method, path.split("?")[0])) for label, _w, method, path, *_rest in cases}


def main() -> None:
	parser = argparse.ArgumentParser()
	parser.add_argument("--base", default="http://127.0.0.1:8000")
	parser.add_argument("--repeat", type=int, default=20)
	parser.add_argument("--admin-password", default="admin")
	args = parser.parse_args()
	sessions = {
		"guest": session(args.base, None, None),
		"manager": session(args.base, MANAGER, DEMO_PASSWORD),
		"admin": session(args.base, ADMIN, DEMO_PASSWORD),
	}
	medians = {label: timed(sessions[who], args.base, method, path, data, args.repeat)
		for label, who, method, path, data, _b in CASES}
	queries = query_counts(args.base, sessions, args.admin_password)
	rows = []
	for label, _who, _method, _path, _data, baseline in CASES:
		ratio = medians[label] / medians[baseline] if baseline else 1.0
		rows.append({"request": label, "median_ms": round(medians[label], 1), "ratio_to_baseline": round(ratio, 2),
			"baseline": baseline or "(baseline)", "sql_queries": queries[label]})
		print(f"{label:45} {medians[label]:8.1f} ms  x{ratio:5.2f}  {queries[label]!s:>5} queries")
	out = Path(__file__).resolve().parents[2] / "artifacts" / "benchmarks" / "portal_requests.json"
	out.parent.mkdir(parents=True, exist_ok=True)
	out.write_text(json.dumps(rows, indent=1))


if __name__ == "__main__":
	main()
