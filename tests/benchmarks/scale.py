"""Scale benchmark (issue 12): the same requests at growing numbers of establishments, against bare Frappe in the
same run. Not a test: `python3 setup.py benchmark --sizes 1000,10000,50000` runs it on a site of its own
(scale.aeo.localhost, never the demo or the test site), which it fills up to each size in turn:

- per establishment, as a programme of that size holds them: its account request, 1–2 portal users (User, role,
  User Permission), a joining application in one of the statuses (its risk screenings, tasks and five files), and
  for about a third an AEO certificate; spread over the seven administrations as the emirates' trade is (Dubai 40%,
  Fujairah 3%);
- measured at each size: portal pages and lists as an establishment's manager, desk lists and counts as staff of a
  large (Dubai) and a small (Fujairah) administration and as a federal user, each beside the bare-Frappe request of
  the same kind for the same user; a portal save, submit and the first workflow step on a new application; the
  daily job idle and with records due. For each: median time, ratio to its baseline, SQL queries (Frappe's
  recorder) and rows read (MariaDB's Handler_read counters around one request).

Results: artifacts/benchmarks/scale-<size>.json, and a table of each size against the first (docs/performance.md).
"""

import argparse
import datetime
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

import frappe
from frappe.utils import add_days, now_datetime, today

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from tests.benchmarks.portal_requests import call, timed  # noqa: E402
from tests.support.factories import http_session  # noqa: E402

BASE = ""  # sessions on the site (tests.support.factories.SiteSession) take paths

PREFIX = "SC-"
ADMINISTRATIONS = (  # (administration, emirate, share of establishments in %)
	("Dubai Customs", "Dubai", 40), ("Abu Dhabi Customs", "Abu Dhabi", 25), ("Sharjah Customs", "Sharjah", 15),
	("Ajman Customs", "Ajman", 8), ("Ras Al Khaimah Customs", "Ras Al Khaimah", 6),
	("Umm Al Quwain Customs", "Umm Al Quwain", 3), ("Fujairah Customs", "Fujairah", 3),
)
STATUSES = (  # joining applications by status, in %
	("Draft", 15), ("Submitted", 5), ("Under Initial Review", 10), ("Under Risk Screening", 5),
	("Under Final Review", 5), ("Returned", 5), ("Approved", 40), ("Rejected", 10), ("Cancelled", 5),
)
STAFF_PER_ADMINISTRATION = 5
CHUNK = 2000


def weighted(choices, index: int):
	"""The same choice for the same index in every run (the fill is resumable)."""
	return random.Random(index).choices([c[:-1] for c in choices], weights=[c[-1] for c in choices])[0]


# ------------------------------------------------------------------------------------------- the data -----------


def people() -> dict:
	"""The staff who hold the generated tasks, and the users the benchmark signs in as (the tests' factories)."""
	from tests.support.factories import make_establishment, make_establishment_user, make_user

	staff = {
		administration: [
			make_user(f"scale.{emirate.lower().replace(' ', '')}.{k}@bench.example", ["Customs Administrator"],
				scope={"Customs Administration": administration})
			for k in range(STAFF_PER_ADMINISTRATION)
		]
		for administration, emirate, _share in ADMINISTRATIONS
	}
	make_establishment("SCALE-PORTAL", emirate="Dubai", establishment_name="Scale Portal Trading LLC")
	return {
		"staff": staff,
		"large": staff["Dubai Customs"][0],
		"small": staff["Fujairah Customs"][0],
		"federal": make_user("scale.federal@bench.example", ["Federal Administrator"]),
		"manager": make_establishment_user("SCALE-PORTAL", "scale.manager@bench.example",
			"Establishment Account Manager", main=True),
	}


def fill(target: int, staff: dict) -> None:
	"""Add generated establishments (and all that comes with each) until there are `target` of them."""
	issuers = {row.emirate: row.name for row in frappe.get_all("Licence Issuer", ["name", "emirate"])}
	have = frappe.db.count("Establishment", {"name": ("like", f"{PREFIX}%")})
	for start in range(have, target, CHUNK):
		rows = {}
		for i in range(start, min(start + CHUNK, target)):
			for doctype, values in establishment_rows(i, issuers, staff):
				rows.setdefault(doctype, []).append(values)
		for doctype, values in rows.items():
			frappe.db.bulk_insert(doctype, list(values[0]), [tuple(v.values()) for v in values], chunk_size=5000)
		frappe.db.commit()
		print(f"  {min(start + CHUNK, target)} establishments", flush=True)
	# the optimizer's statistics as they are after the fill, not recalculated by InnoDB in the background while the
	# requests are measured
	for doctype in ("Establishment", "Account Request", "User", "Has Role", "User Permission", "Establishment User",
			"Joining Application", "Risk Screening", "ToDo", "File", "AEO Certificate"):
		frappe.db.sql(f"analyze table `tab{doctype}`")


def establishment_rows(i: int, issuers: dict, staff: dict):
	"""The rows one generated establishment brings, as (DocType, {column: value})."""
	administration, emirate = weighted(ADMINISTRATIONS, i)
	(status,) = weighted(STATUSES, i + 1)
	licence, application = f"{PREFIX}{i:06d}", f"AEO-{PREFIX}{i:06d}"
	rng = random.Random(i)  # made over the last two months (not in the last day: Frappe caps new users per hour)
	when = now_datetime() - datetime.timedelta(days=rng.randint(1, 60), seconds=rng.randint(0, 86399))
	base = {"creation": when, "modified": when, "owner": "Administrator", "modified_by": "Administrator", "docstatus": 0}
	yield "Establishment", {"name": licence, **base, "establishment_name": f"Scale Trading {i} LLC",
		"establishment_name_ar": f"شركة القياس {i}", "email": f"info{i}@scale.example", "emirate": emirate,
		"licence_issuer": issuers.get(emirate), "licence_number": licence, "customs_administration": administration,
		"aeo_status": "Authorized Economic Operator" if status == "Approved" else "Applicant"}
	yield "Account Request", {"name": f"ACR-{PREFIX}{i:06d}", **base, "status": "Approved", "workflow_state": "Approved",
		"email": f"manager{i}@scale.example", "licence_number": licence, "emirate": emirate, "establishment": licence,
		"establishment_name": f"Scale Trading {i} LLC", "customs_administration": administration}
	for k in range(1 + i % 2):  # 1.5 portal users per establishment
		user = f"{'manager' if k == 0 else 'entry'}{i}@scale.example"
		yield "User", {"name": user, **base, "email": user, "first_name": f"Scale {i}", "user_type": "Website User",
			"enabled": 1, "username": f"SCU-{i:06d}-{k}"}
		yield "Has Role", {"name": f"HR-{i}-{k}", **base, "parent": user, "parenttype": "User", "parentfield": "roles",
			"role": "Establishment Account Manager" if k == 0 else "AEO Data Entry User"}
		yield "User Permission", {"name": f"UP-{i}-{k}", **base, "user": user, "allow": "Establishment",
			"for_value": licence, "apply_to_all_doctypes": 1}
		yield "Establishment User", {"name": user, **base, "establishment": licence, "user": user, "email": user,
			"portal_role": "Establishment Account Manager" if k == 0 else "AEO Data Entry User", "enabled": 1,
			"full_name": f"Scale User {i}", "full_name_ar": f"مستخدم {i}", "customs_administration": administration}
	yield "Joining Application", {"name": application, **base, "establishment": licence, "licence_number": licence,
		"customs_administration": administration, "status": status, "workflow_state": status,
		"hq_emirate": emirate, "review_due_date": add_days(today(), 20), "return_due_date": add_days(today(), 20)}
	if status not in ("Draft", "Cancelled"):
		for other, _emirate, _share in ADMINISTRATIONS[:4]:
			if other != administration:
				yield "Risk Screening", {"name": f"RS-{application}-{other}", **base, "joining_application": application,
					"customs_administration": other, "status": "Closed", "due_date": add_days(today(), 5)}
		for k in range(3):
			yield "ToDo", {"name": f"TD-{i}-{k}", **base, "reference_type": "Joining Application",
				"reference_name": application, "allocated_to": staff[administration][(i + k) % STAFF_PER_ADMINISTRATION],
				"status": "Open" if k == 2 and status.startswith(("Under", "Submitted")) else "Closed",
				"description": f"Review {application}"}
	for k in range(5):
		yield "File", {"name": f"FL-{i}-{k}", **base, "file_name": f"document-{k}.pdf",
			"file_url": f"/private/files/scale-{i}-{k}.pdf", "is_private": 1, "attached_to_doctype": "Joining Application",
			"attached_to_name": application, "content_hash": f"{i:012d}{k:04d}", "file_size": 2048}
	if status == "Approved":
		yield "AEO Certificate", {"name": f"AEO-CRT-{PREFIX}{i:06d}", **base, "establishment": licence,
			"licence_scope": "Head Office", "licence_number": licence, "establishment_name": f"Scale Trading {i} LLC",
			"establishment_name_ar": f"شركة القياس {i}", "issuing_country": "United Arab Emirates",
			"issuing_authority": "General Administration of Customs", "status": "Active",
			"customs_administration": administration}


# -------------------------------------------------------------------------------------- measuring ------------


def rows_read() -> int:
	return sum(int(value) for _name, value in frappe.db.sql("show global status like 'Handler_read%'"))


def measured(s, base: str, method: str, path: str, data, repeat: int, recorder) -> dict:
	"""Median time, SQL queries (one recorded request) and rows read (one request) of a request."""
	median = timed(s, base, method, path, data, repeat)
	before = rows_read()
	status = call(s, base, method, path, data)
	read = rows_read() - before
	if status >= 400:
		raise SystemExit(f"{method} {path} answered {status}: the benchmark measures working requests only")
	return {"median_ms": round(median, 1), "queries": recorder(s, method, path, data)[0], "rows_read": read}


def recorder_for(base: str, admin_password: str):
	administrator = http_session("Administrator", admin_password)

	def queries(s, method: str, path: str, data, files=None):
		"""The request's SQL queries (Frappe's recorder) and its response; a refused request stops the benchmark."""
		administrator.post(f"{base}/api/method/frappe.recorder.delete")
		administrator.post(f"{base}/api/method/frappe.recorder.start", data={"explain": 0, "capture_stack": 0,
			"record_jobs": 0})
		response = s.request(method, base + path, data=data, files=files, timeout=60)
		administrator.post(f"{base}/api/method/frappe.recorder.stop")
		if response.status_code >= 400:
			raise SystemExit(f"{method} {path} answered {response.status_code}: the benchmark counts working requests "
				f"only ({response.text[:300]})")
		recorded = administrator.get(f"{base}/api/method/frappe.recorder.get").json()["message"]
		administrator.post(f"{base}/api/method/frappe.recorder.delete")
		mine = [r for r in recorded if r["path"] == path.split("?")[0]]
		return (mine[0]["queries"] if mine else None), response

	return queries


def list_path(doctype: str) -> str:
	return f"/api/resource/{doctype}?limit_page_length=20&order_by=modified%20desc"


def count_path(doctype: str) -> str:
	return f"/api/method/frappe.client.get_count?doctype={doctype}"


def cases(who: dict) -> list[tuple]:
	"""(label, user, method, path, baseline label): reads, each beside bare Frappe's request of the same kind."""
	out = [
		("portal: bare Frappe /me", "manager", "GET", "/me", None),
		("portal: home /aeo/home", "manager", "GET", "/aeo/home", "portal: bare Frappe /me"),
		("portal: my applications", "manager", "GET", "/aeo/applications", "portal: bare Frappe /me"),
		("portal: certificates", "manager", "GET", "/aeo/certificates", "portal: bare Frappe /me"),
		("portal: bare Frappe ToDo list", "manager", "GET", list_path("ToDo"), None),
		("portal: joining applications (REST)", "manager", "GET", list_path("Joining Application"),
			"portal: bare Frappe ToDo list"),
	]
	for user in ("large", "small", "federal"):
		out += [
			(f"{user}: bare Frappe ToDo list", user, "GET", list_path("ToDo"), None),
			(f"{user}: bare Frappe ToDo count", user, "GET", count_path("ToDo"), None),
		]
		for doctype in ("Joining Application", "Account Request", "Establishment", "AEO Certificate"):
			out += [
				(f"{user}: {doctype} list", user, "GET", list_path(doctype), f"{user}: bare Frappe ToDo list"),
				(f"{user}: {doctype} count", user, "GET", count_path(doctype), f"{user}: bare Frappe ToDo count"),
			]
	return out


def measure_reads(base: str, sessions: dict, recorder, repeat: int) -> dict:
	results = {}
	for label, who, method, path, _baseline in cases(sessions):
		results[label] = measured(sessions[who], base, method, path, None, repeat, recorder)
	for label, *_rest, baseline in cases(sessions):
		results[label]["ratio"] = round(results[label]["median_ms"] / results[baseline]["median_ms"], 2) if baseline else 1.0
	return results


def measure_steps(base: str, who: dict, size: int, recorder, repeat: int = 3) -> dict:
	"""On new applications of new establishments (Dubai, the large administration): the portal's save and submit,
	then Start Review, Confirm Completeness and a save by the staff. The establishments and their users are made
	first (Frappe clears its caches whenever a user is saved), one untimed round warms the caches, then each step is
	timed once per repetition and its queries counted on the last."""
	from tests.integration.test_application_portal import ATTACHMENTS, form, pdf
	from tests.support.factories import make_establishment, make_establishment_user

	area = frappe.db.get_value("Area", {"emirate": "Dubai"}) or frappe.get_doc({"doctype": "Area",
		"area_name": "Scale Area Dubai", "area_name_ar": "منطقة القياس", "emirate": "Dubai"}).insert().name
	managers = []
	for k in range(repeat + 1):
		licence = make_establishment(f"SCM-{size}-{k}-{os.getpid()}", emirate="Dubai")
		managers.append(make_establishment_user(licence, f"m.{licence.lower()}@bench.example",
			"Establishment Account Manager", main=True))
	frappe.db.commit()
	labels = ("portal: save a draft", "portal: submit", "large: Start Review", "large: Confirm Completeness",
		"large: save")
	samples, queries = {label: [] for label in labels}, {}
	staff = http_session(who["large"])

	def take(label: str, s, request: tuple, k: int):
		"""Time the step (the warm-up round untimed), or on the last round count its queries; a refused step stops
		the benchmark."""
		method, path, data, files = request
		if k == repeat:
			queries[label], response = recorder(s, method, path, data, files=files)
			return response
		start = time.perf_counter()
		response = s.request(method, base + path, data=data, files=files, timeout=60)
		if response.status_code >= 400:
			raise SystemExit(f"{label} answered {response.status_code}: {response.text[:600]}")
		if k:
			samples[label].append((time.perf_counter() - start) * 1000)
		return response

	def workflow(name: str, action: str) -> tuple:
		doc = staff.get(f"/api/resource/Joining Application/{name}").json()["data"]
		return ("POST", "/api/method/frappe.model.workflow.apply_workflow",
			{"doc": json.dumps(doc), "action": action}, None)

	for k, manager in enumerate(managers):
		portal = http_session(manager)
		values = json.dumps(form(frappe._dict(area=area), hq_emirate="Dubai"))
		files = {field: pdf(field) for field in ATTACHMENTS}
		saved = take("portal: save a draft", portal, ("POST", "/api/method/aeo.application.portal.save_draft",
			{"data": values}, files), k)
		name = saved.json()["message"]["name"]
		take("portal: submit", portal, ("POST", "/api/method/aeo.application.portal.submit", {"name": name}, None), k)
		take("large: Start Review", staff, workflow(name, "Start Review"), k)
		take("large: Confirm Completeness", staff, workflow(name, "Confirm Completeness"), k)
		take("large: save", staff, ("PUT", f"/api/resource/Joining Application/{name}",
			json.dumps({"activities_description": f"Imports and exports spare parts ({k})."}), None), k)
	return {label: {"median_ms": round(statistics.median(times), 1) if times else None,
		"queries": queries.get(label)} for label, times in samples.items()}


def measure_daily_job(size: int, due: int = 10) -> dict:
	"""The daily job idle (nothing due), then per due record: `due` lapsed returns to reject (BR.10) and `due` stale
	drafts to delete, each a complete application made as the portal makes it (with its three files)."""
	from aeo.aeo.doctype.aeo_settings.aeo_settings import settings
	from aeo.application.deadlines import reject_lapsed_returns, remove_stale_drafts, run_all

	from tests.support.factories import draft_application, make_establishment, make_establishment_user

	run_all()  # whatever was due before is handled first
	frappe.db.commit()
	idle = []
	for _ in range(5):
		start = time.perf_counter()
		run_all()
		idle.append((time.perf_counter() - start) * 1000)
	made = []
	for k in range(2 * due):
		licence = make_establishment(f"SCD-{size}-{k}-{os.getpid()}", emirate="Dubai")
		clerk = make_establishment_user(licence, f"d.{licence.lower()}@bench.example", "Establishment Account Manager",
			main=True)
		made.append(draft_application(licence, clerk))
	stale = add_days(today(), -(int(settings().draft_retention_days) + 2))
	for name in made[:due]:
		frappe.db.set_value("Joining Application", name, {"status": "Returned", "workflow_state": "Returned",
			"return_due_date": add_days(today(), -1)}, update_modified=False)
	for name in made[due:]:
		frappe.db.set_value("Joining Application", name, "modified", stale, update_modified=False)
	frappe.db.commit()
	per_record = {}
	for label, job, names in (("reject a lapsed return", reject_lapsed_returns, made[:due]),
			("delete a stale draft", remove_stale_drafts, made[due:])):
		start = time.perf_counter()
		job()
		per_record[label] = round((time.perf_counter() - start) * 1000 / len(names), 1)
	handled = frappe.db.count("Joining Application", {"name": ("in", made[:due]), "status": "Rejected"})
	left = frappe.db.count("Joining Application", {"name": ("in", made[due:])})
	if handled != due or left:
		raise SystemExit(f"the daily job handled {handled} of {due} lapsed returns and left {left} stale drafts")
	return {"idle_ms": round(statistics.median(idle), 1), "due_per_kind": due, "per_due_record_ms": per_record}


def main() -> None:
	parser = argparse.ArgumentParser()
	parser.add_argument("--site", required=True)
	parser.add_argument("--admin-password", default="admin")
	parser.add_argument("--sizes", default="1000,10000,50000")
	parser.add_argument("--repeat", type=int, default=10)
	args = parser.parse_args()
	frappe.init(site=args.site, sites_path=".")
	frappe.connect()
	who = people()
	frappe.db.commit()
	recorder = recorder_for(BASE, args.admin_password)
	out = Path(os.environ.get("AEO_ARTIFACTS", REPO / "artifacts")) / "benchmarks"
	out.mkdir(parents=True, exist_ok=True)
	results = {}
	for size in (int(s) for s in args.sizes.split(",")):
		print(f"filling to {size} establishments", flush=True)
		fill(size, who["staff"])
		sessions = {key: http_session(who[key]) for key in ("manager", "large", "small", "federal")}
		results[size] = {"reads": measure_reads(BASE, sessions, recorder, args.repeat),
			"steps": measure_steps(BASE, who, size, recorder), "daily_job": measure_daily_job(size)}
		(out / f"scale-{size}.json").write_text(json.dumps(results[size], indent=1, default=str))
		report(results, size)
	frappe.destroy()


def report(results: dict, size: int) -> None:
	first = min(results)
	print(f"\n== {size} establishments (growth against {first}) ==")
	for label, row in results[size]["reads"].items():
		then = results[first]["reads"][label]
		print(f"{label:48} {row['median_ms']:8.1f} ms x{row['ratio']:5.2f} {row['queries']!s:>4} q "
			f"{row['rows_read']:>8} rows | growth x{row['median_ms'] / then['median_ms']:4.2f} "
			f"(queries {then['queries']} → {row['queries']})")
	for label, row in results[size]["steps"].items():
		print(f"{label:48} {row['median_ms']!s:>8} ms {row['queries']!s:>4} q")
	print(f"daily job: {results[size]['daily_job']}")


if __name__ == "__main__":
	main()
