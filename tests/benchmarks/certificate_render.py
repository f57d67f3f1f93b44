"""How long a certificate PDF takes: one render (cold, then warm), and a batch of 100 in the background job the
desk's list action queues, with its progress events. Not a test: run it by hand on a site with a worker running
(`python3 setup.py up` or `test` starts one), as the bench user:

    cd /home/aeo/aeo-bench/sites && ../env/bin/python /work/main/tests/benchmarks/certificate_render.py --site cert.localhost

The first run issues 100 certificates (a head office and 99 branches) to a benchmark establishment; later runs reuse them.
"""

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

import frappe
import redis

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

LICENCE = "BENCH-CRT-1"


def certificates(count: int) -> list[str]:
	from tests.support.certification import add_branches, default_benefit_group, issue
	from tests.support.factories import make_establishment, make_user

	names = frappe.get_all("AEO Certificate", {"establishment": LICENCE, "status": "Active"}, pluck="name")
	if len(names) >= count:
		return names[:count]
	default_benefit_group()
	make_establishment(LICENCE, establishment_name="Benchmark Trading LLC", establishment_name_ar="شركة القياس للتجارة ذ.م.م")
	kam = make_user("bench.kam@test.example", ["Main Account Manager"], scope={"Customs Administration": "Abu Dhabi Customs"})
	gac = make_user("bench.gac@test.example", ["Federal Administrator"])
	frappe.db.set_value("Establishment", LICENCE, "main_account_manager", kam)
	branches = add_branches(LICENCE, count - 1)
	issue(LICENCE, kam, gac, tuple(branches))
	return frappe.get_all("AEO Certificate", {"establishment": LICENCE, "status": "Active"}, pluck="name")[:count]


def single_renders(name: str, repeat: int) -> None:
	from aeo.certification.certificate_pdf import render_pdf

	doc = frappe.get_doc("AEO Certificate", name)
	timings = []
	for _ in range(repeat + 1):
		start = time.perf_counter()
		pdf = render_pdf(doc)
		timings.append(time.perf_counter() - start)
	warm = timings[1:]
	print(f"one certificate ({len(pdf)} bytes): cold {timings[0]:.3f} s (first in the process: imports, fonts)")
	print(f"  warm, {repeat} renders: median {statistics.median(warm):.3f} s, min {min(warm):.3f} s, max {max(warm):.3f} s")


def batch(names: list[str]) -> None:
	"""The desk's list action (download_batch): the job renders on every core and reports each certificate done
	through Frappe's realtime; timed from the request to the event that carries the zip file."""
	from aeo.certification.certificate_pdf import BATCH_EVENT, download_batch

	events = redis.Redis.from_url(frappe.conf.redis_queue).pubsub()
	events.subscribe("events")
	started = time.perf_counter()
	batch_id = download_batch(names)
	frappe.db.commit()
	progress, link = [], None
	while not link and time.perf_counter() - started < 600:
		message = events.get_message(timeout=1)
		if message and message["type"] == "message":
			event = json.loads(message["data"])
			if event["event"] == BATCH_EVENT and event["message"].get("batch") == batch_id:
				progress.append(event["message"]["done"])
				link = event["message"].get("file_url")
	elapsed = time.perf_counter() - started
	print(f"batch of {len(names)} in the background job: {elapsed:.1f} s ({elapsed / len(names):.3f} s a certificate), "
		f"{len(progress)} progress events, the last {progress[-1] if progress else 'none'} done; file {link}")


def main() -> None:
	parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
	parser.add_argument("--site", required=True)
	parser.add_argument("--repeat", type=int, default=20)
	parser.add_argument("--batch", type=int, default=100)
	args = parser.parse_args()
	frappe.init(site=args.site, sites_path=".")
	frappe.connect()
	frappe.set_user("Administrator")
	try:
		names = certificates(args.batch)
		single_renders(names[0], args.repeat)
		batch(names)
	finally:
		frappe.destroy()


if __name__ == "__main__":
	main()
