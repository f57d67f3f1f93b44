"""A MariaDB read replica behind a Frappe site, shown on loopback (issue 12, docs/deployment.md).

`python3 setup.py replica` runs it. It starts two MariaDB servers of its own beside the machine's (whose binary log is
off, so it cannot be a primary without a restart): a primary on 127.0.0.1:3310 with its binary log, and a replica on
127.0.0.1:3311 replicating it by GTID, read-only. The replica follows the primary from its first event, so the copy
of the site's database loaded into the primary reaches the replica through replication itself. A site folder of its
own (replica.aeo.localhost by default) points Frappe at them with Frappe's own settings (`db_host`, `db_port`,
`read_from_replica`, `replica_host`, `replica_db_port`); the running bench serves it by its host name.

Then, over HTTP, as a user of the site would:
1. with replication paused, a ToDo created through the REST API is in the primary (GET of the record, which Frappe
   reads from the primary) and not in the list (`frappe.desk.reportview.get`, which Frappe reads from the replica);
2. replication resumed, once the replica has applied the primary's position (MASTER_GTID_WAIT, no sleeping), the list
   shows it.

Each run starts from scratch; `--keep` leaves the servers and the site running for a look, the next run replaces them.
Exit status 0 only if both checks held.
"""

import argparse
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

import redis
import requests

SERVERS = {"primary": (3310, 10, ["--log-bin=aeo-bin", "--binlog-format=ROW"]),
	"replica": (3311, 11, ["--read-only=1", "--relay-log=aeo-relay", "--skip-slave-start"])}
REPLICATION_USER, REPLICATION_PASSWORD = "aeo_repl", "aeo_repl"


def server_dir(root: Path, name: str) -> Path:
	return root / name


def sql(root: Path, name: str, statement: str, database: str | None = None) -> str:
	"""A statement run as the private server's root, over its socket; tab-separated rows."""
	cmd = ["mariadb", "--no-defaults", f"--socket={server_dir(root, name) / 'mysqld.sock'}", "-uroot", "-N", "-B"]
	res = subprocess.run([*cmd, *([database] if database else []), "-e", statement], capture_output=True, text=True)
	if res.returncode:
		raise SystemExit(f"{name}: {statement[:80]}…: {res.stderr.strip()}")
	return res.stdout.strip()


def stop(root: Path) -> None:
	"""Stop the servers a previous run left (mariadb-admin shutdown returns once the server is down) and forget
	their data."""
	for name in SERVERS:
		socket = server_dir(root, name) / "mysqld.sock"
		if socket.exists():
			subprocess.run(["mariadb-admin", "--no-defaults", f"--socket={socket}", "-uroot", "shutdown"],
				capture_output=True, timeout=120)
	shutil.rmtree(root, ignore_errors=True)


def start(root: Path, name: str) -> None:
	port, server_id, extra = SERVERS[name]
	home = server_dir(root, name)
	(home / "data").mkdir(parents=True)
	subprocess.run(["mariadb-install-db", "--no-defaults", f"--datadir={home / 'data'}", "--skip-test-db",
		"--auth-root-authentication-method=normal"], check=True, capture_output=True)
	subprocess.Popen(
		["mariadbd", "--no-defaults", f"--datadir={home / 'data'}", f"--port={port}", "--bind-address=127.0.0.1",
			f"--socket={home / 'mysqld.sock'}", f"--pid-file={home / 'mysqld.pid'}", f"--log-error={home / 'error.log'}",
			f"--server-id={server_id}", "--skip-name-resolve", "--character-set-server=utf8mb4",
			"--collation-server=utf8mb4_unicode_ci", "--innodb-buffer-pool-size=256M", *extra],
		stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
	deadline = time.monotonic() + 60
	while subprocess.run(["mariadb-admin", "--no-defaults", f"--socket={home / 'mysqld.sock'}", "-uroot",
			"--connect-timeout=2", "ping"], capture_output=True).returncode:
		if time.monotonic() > deadline:
			raise SystemExit(f"{name} did not start: see {home / 'error.log'}")
		time.sleep(0.2)  # polling the server's socket until it answers


def replicate(root: Path) -> None:
	"""The replica follows the primary from its first event (both are empty now)."""
	sql(root, "primary", f"create user '{REPLICATION_USER}'@'127.0.0.1' identified by '{REPLICATION_PASSWORD}';"
		f" grant replication slave on *.* to '{REPLICATION_USER}'@'127.0.0.1'")
	sql(root, "replica", f"change master to master_host='127.0.0.1', master_port={SERVERS['primary'][0]},"
		f" master_user='{REPLICATION_USER}', master_password='{REPLICATION_PASSWORD}', master_use_gtid=slave_pos;"
		" start slave")


def caught_up(root: Path, timeout: int = 600) -> None:
	"""Wait until the replica has applied everything the primary has written so far."""
	position = sql(root, "primary", "select @@gtid_binlog_pos")
	if sql(root, "replica", f"select master_gtid_wait('{position}', {timeout})") != "0":
		status = sql(root, "replica", "show slave status\\G")
		raise SystemExit(f"the replica did not reach {position} in {timeout} s:\n{status}")


def copy_site_database(root: Path, source: dict, target: dict) -> None:
	"""The source site's database, dumped with its own user from the machine's server, loaded into the primary as a
	database and user of the replica site's name (replication carries both to the replica)."""
	name, password = target["db_name"], target["db_password"]
	sql(root, "primary", f"create database `{name}` character set utf8mb4 collate utf8mb4_unicode_ci;"
		f" create user '{name}'@'127.0.0.1' identified by '{password}';"
		f" grant all privileges on `{name}`.* to '{name}'@'127.0.0.1'")
	dump = subprocess.Popen(["mariadb-dump", "--no-defaults", "-h", source.get("db_host") or "127.0.0.1",
		"-P", str(source.get("db_port") or 3306), "-u", source["db_name"], f"-p{source['db_password']}",
		"--single-transaction", "--quick", "--skip-lock-tables", source["db_name"]], stdout=subprocess.PIPE)
	load = subprocess.run(["mariadb", "--no-defaults", f"--socket={server_dir(root, 'primary') / 'mysqld.sock'}",
		"-uroot", name], stdin=dump.stdout, capture_output=True, text=True)
	dump.stdout.close()
	if dump.wait() or load.returncode:
		raise SystemExit(f"copying the site's database failed: {load.stderr.strip()}")


def site_config(source: dict) -> dict:
	return {**source, "db_name": "aeo_replica_demo", "db_host": "127.0.0.1", "db_port": SERVERS["primary"][0],
		"read_from_replica": 1, "replica_host": "127.0.0.1", "replica_db_port": SERVERS["replica"][0]}


def forget_cache(bench: Path, config: dict) -> None:
	"""The site's keys in Frappe's Redis cache (prefixed with its database name): an earlier run's cached hooks and
	documents must not serve this one."""
	common = json.loads((bench / "sites" / "common_site_config.json").read_text())
	cache = redis.Redis.from_url(config.get("redis_cache") or common["redis_cache"])
	keys = list(cache.scan_iter(f"{config['db_name']}|*"))
	if keys:
		cache.delete(*keys)


def check_reads(base: str, host: str, password: str, root: Path) -> list[str]:
	"""The two checks of the module's docstring, over HTTP; the failures found."""
	s = requests.Session()
	s.headers["Host"] = host
	s.post(f"{base}/api/method/login", data={"usr": "Administrator", "pwd": password}).raise_for_status()
	marker = f"replica check {time.time_ns()}"

	def listed() -> bool:
		response = s.get(f"{base}/api/method/frappe.desk.reportview.get", params={"doctype": "ToDo",
			"fields": json.dumps(["`tabToDo`.`name`"]), "filters": json.dumps([["ToDo", "description", "=", marker]])})
		response.raise_for_status()
		return bool(response.json()["message"])

	failures = []
	sql(root, "replica", "stop slave")
	created = s.post(f"{base}/api/resource/ToDo", json={"description": marker})
	created.raise_for_status()
	name = created.json()["data"]["name"]
	if s.get(f"{base}/api/resource/ToDo/{name}").status_code != 200:
		failures.append("the new record is not read back from the primary")
	if listed():
		failures.append("the list shows a record the paused replica does not have: lists are not read from it")
	sql(root, "replica", "start slave")
	caught_up(root)
	if not listed():
		failures.append("the list still lacks the record after the replica caught up")
	print(f"  record {name}: read from the primary; list from the replica: absent while paused, present after"
		if not failures else "\n".join(failures), flush=True)
	return failures


def main() -> int:
	parser = argparse.ArgumentParser()
	parser.add_argument("--bench", required=True, help="the bench folder (its sites/ holds the source site)")
	parser.add_argument("--source-site", required=True)
	parser.add_argument("--site", default="replica.aeo.localhost")
	parser.add_argument("--base-url", default="http://127.0.0.1:8000")
	parser.add_argument("--admin-password", default="admin")
	parser.add_argument("--keep", action="store_true")
	args = parser.parse_args()
	bench = Path(args.bench)
	root, site_dir = bench / "replica-loopback", bench / "sites" / args.site
	source = json.loads((bench / "sites" / args.source_site / "site_config.json").read_text())
	stop(root)
	shutil.rmtree(site_dir, ignore_errors=True)
	failures = ["not run"]
	try:
		for name in SERVERS:
			start(root, name)
		replicate(root)
		print(f"primary 127.0.0.1:{SERVERS['primary'][0]} → replica 127.0.0.1:{SERVERS['replica'][0]}", flush=True)
		config = site_config(source)
		started = time.monotonic()
		copy_site_database(root, source, config)
		caught_up(root)
		print(f"  {args.source_site}'s database copied to the primary and replicated in "
			f"{time.monotonic() - started:.0f} s", flush=True)
		for folder in ("logs", "locks", "private/files", "public/files"):
			(site_dir / folder).mkdir(parents=True)
		(site_dir / "site_config.json").write_text(json.dumps(config, indent=1))
		forget_cache(bench, config)
		failures = check_reads(args.base_url, args.site, args.admin_password, root)
	finally:
		if not args.keep:
			shutil.rmtree(site_dir, ignore_errors=True)
			stop(root)
	print("replica set-up: " + ("works" if not failures else "FAILED"), flush=True)
	return 1 if failures else 0


if __name__ == "__main__":
	sys.exit(main())
