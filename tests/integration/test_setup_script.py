"""setup.py fails early, in one clear line, in a bad environment, and leaves nothing half-made behind."""

import os
import subprocess
import sys
from pathlib import Path

SETUP = Path(__file__).resolve().parents[2] / "setup.py"


def run_setup(tmp_path, **env):
	environ = {k: v for k, v in os.environ.items() if k != "FRAPPE_PATH"} | {"AEO_BENCH": str(tmp_path / "bench")} | env
	result = subprocess.run([sys.executable, str(SETUP), "up"], env=environ, capture_output=True, text=True, timeout=120)
	errors = [line for line in result.stderr.splitlines() if line.strip()]
	return result.returncode, errors


def test_redis_down(tmp_path):
	code, errors = run_setup(tmp_path, AEO_REDIS_URL="redis://127.0.0.1:6399")
	assert code == 1
	assert errors == ["aeo-setup: error: Redis does not answer at redis://127.0.0.1:6399: start redis-server, then run again"]


def test_mariadb_down(tmp_path):
	code, errors = run_setup(tmp_path, AEO_DB_PORT="3399")
	assert code == 1
	assert len(errors) == 1 and errors[0].startswith("aeo-setup: error: MariaDB does not answer on 127.0.0.1:3399")


def test_frappe_source_unreachable_leaves_no_bench(tmp_path):
	code, errors = run_setup(tmp_path, FRAPPE_PATH="http://127.0.0.1:9/frappe.git")
	assert code == 1
	assert len(errors) == 1 and "Frappe source unreachable" in errors[0] and "FRAPPE_PATH" in errors[0]
	assert not (tmp_path / "bench").exists()


def test_frappe_path_that_is_not_frappe(tmp_path):
	code, errors = run_setup(tmp_path, FRAPPE_PATH=str(tmp_path))
	assert code == 1
	assert errors == [f"aeo-setup: error: FRAPPE_PATH={tmp_path} is not a Frappe checkout"]
	assert not (tmp_path / "bench").exists()
