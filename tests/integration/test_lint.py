"""ruff is clean on the app, the tests and the setup script."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_ruff_check_is_clean():
	result = subprocess.run(
		[sys.executable, "-m", "ruff", "check", "--no-cache", "--output-format", "concise", "apps/aeo", "tests", "setup.py", "sites"],
		cwd=ROOT, capture_output=True, text=True, check=False,
	)
	assert result.returncode == 0, result.stdout + result.stderr
