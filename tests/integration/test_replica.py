"""Issue 12: the read-replica set-up of docs/deployment.md, exercised on loopback by its script
(tests/deployment/replica_loopback.py, also `python3 setup.py replica`): a primary and a replica of their own, a copy
of the test site served by the running bench with Frappe's replica settings; a record written through the API is read
back from the primary, the list leaves it out while replication is paused and shows it once the replica caught up."""

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_lists_are_read_from_the_replica_and_records_from_the_primary():
	sites = Path(os.environ["AEO_SITES_PATH"])
	run = subprocess.run(
		[sys.executable, str(REPO / "tests" / "deployment" / "replica_loopback.py"), "--bench", str(sites.parent),
			"--source-site", os.environ["AEO_TEST_SITE"], "--site", "replica-test.aeo.localhost",
			"--base-url", f"http://127.0.0.1:{os.environ['AEO_PORT']}",
			"--admin-password", os.environ.get("AEO_ADMIN_PASSWORD", "admin")],
		capture_output=True, text=True, timeout=900,
	)
	assert run.returncode == 0, run.stdout + run.stderr
	assert "absent while paused, present after" in run.stdout
	assert not (sites / "replica-test.aeo.localhost").exists()  # the script leaves no site behind
