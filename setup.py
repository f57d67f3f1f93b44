#!/usr/bin/env python3
"""AEO Portal developer setup: one command for a running demo site, one for the tests.

    python3 setup.py up       # install, create the bench and the demo site, load demo data, serve on 127.0.0.1
    python3 setup.py test     # the same ground, a fresh test site, then pytest (extra args go to pytest)
    python3 setup.py stop     # stop the web server, workers, scheduler, mail sink and UAE PASS stand-in
    python3 setup.py status   # what runs where

This is not the app's installer: a customs authority installs `apps/aeo` into its own Frappe v15 bench with
`bench get-app` and `bench --site <site> install-app aeo`. This script builds a development / demo / CI bench.
It is idempotent: a second run with everything in place checks and returns.

Run it as root on a fresh machine (it installs Debian packages and creates the bench's OS user, since bench refuses
to run as root) or as the bench user once the machine is provisioned. Settings come from the environment; see
README.md ("Setup") for the list.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import pwd
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent
CA_BUNDLE = "/etc/ssl/certs/ca-certificates.crt"
FRAPPE_UPSTREAM = "https://github.com/frappe/frappe"
BENCH_CLI = "frappe-bench==5.31.1"
SETUPTOOLS_PIN = "setuptools<81"  # Frappe v15 still imports pkg_resources
YARN_VERSION = "1.22.22"
DEBIAN_PACKAGES = [
	"git", "curl", "pkg-config", "build-essential", "python3-dev", "python3-venv", "python3-pip",
	"libmariadb-dev", "mariadb-client", "redis-tools",
	"libpango-1.0-0", "libpangoft2-1.0-0", "libharfbuzz0b", "fonts-hosny-amiri", "fonts-noto-core",
	"chromium", "poppler-utils", "zbar-tools", "libzbar0",
]
MARIADB_CONF = "/etc/mysql/mariadb.conf.d/99-aeo.cnf"
MARIADB_CONF_TEXT = """# written by AEO Portal setup.py: Frappe needs utf8mb4 / utf8mb4_unicode_ci
[mysqld]
character-set-client-handshake = FALSE
character-set-server = utf8mb4
collation-server = utf8mb4_unicode_ci

[mysql]
default-character-set = utf8mb4
"""
DEMO_PASSWORD = "Aeo-Demo-2026"
SERVICES = ("web", "worker", "worker-long", "schedule", "socketio", "mailsink", "oidc")
APP_SERVICES = ("web", "worker", "worker-long", "schedule")  # run the app's code: restarted when it changes
OIDC_DIR = Path("tests") / "support" / "oidc"  # the local OpenID Connect provider standing in for UAE PASS


class SetupError(Exception):
	"""A problem the user must fix; printed as one line."""


def log(msg: str) -> None:
	print(f"[aeo-setup] {msg}", flush=True)


# ------------------------------------------------------------------ configuration


class Config:
	def __init__(self) -> None:
		env = os.environ.get
		self.is_root = os.geteuid() == 0
		default_user = "aeo" if self.is_root else pwd.getpwuid(os.geteuid()).pw_name
		self.user = env("AEO_BENCH_USER", default_user)
		self.home = Path(env("AEO_BENCH_HOME", f"/home/{self.user}" if self.is_root else str(Path.home())))
		self.bench = Path(env("AEO_BENCH", str(self.home / "aeo-bench")))
		self.frappe_path = env("FRAPPE_PATH", "")
		self.frappe_branch = env("FRAPPE_BRANCH", "version-15")
		self.air_datepicker_path = env("AIR_DATEPICKER_PATH", "")
		self.site = env("AEO_SITE", "aeo.localhost")
		self.test_site = env("AEO_TEST_SITE", "test.aeo.localhost")
		self.scale_site = env("AEO_SCALE_SITE", "scale.aeo.localhost")  # the benchmarks' own (tests/benchmarks)
		self.port = int(env("AEO_PORT", "8000"))
		self.smtp_port = int(env("AEO_SMTP_PORT", "2525"))
		self.socketio_port = int(env("AEO_SOCKETIO_PORT", "9000"))  # Frappe's realtime server
		self.oidc_port = int(env("AEO_OIDC_PORT", "9090"))
		# the portal's client secret at the local UAE PASS stand-in (loopback only, dev and tests)
		self.oidc_client_secret = env("AEO_OIDC_CLIENT_SECRET", "aeo-dev-oidc-secret")
		self.redis_url = env("AEO_REDIS_URL", "redis://127.0.0.1:6379")
		self.db_port = int(env("AEO_DB_PORT", "3306"))
		self.admin_password = env("AEO_ADMIN_PASSWORD", "admin")
		self.tools = self.home / ".aeo-tools"  # venv with the bench CLI and uv
		self.state_file = self.home / ".aeo-setup.json"
		self.yarn_mirror = self.home / ".cache" / "aeo-yarn-mirror"

	@property
	def python(self) -> Path:
		return self.bench / "env" / "bin" / "python"

	@property
	def oidc_url(self) -> str:
		return f"http://127.0.0.1:{self.oidc_port}"

	@property
	def sites(self) -> Path:
		return self.bench / "sites"

	@property
	def mail_dir(self) -> Path:
		return self.bench / "mail"

	@property
	def run_dir(self) -> Path:
		return self.bench / "config" / "pids"

	def user_env(self) -> dict:
		path = f"{self.tools}/bin:{self.bench}/env/bin:/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin"
		return {
			"HOME": str(self.home),
			"USER": self.user,
			"LOGNAME": self.user,
			"PATH": path,
			"LANG": "C.UTF-8",
			"LC_ALL": "C.UTF-8",
			"SSL_CERT_FILE": CA_BUNDLE,
			"UV_SYSTEM_CERTS": "1",
			"NODE_EXTRA_CA_CERTS": CA_BUNDLE,
			"PIP_DISABLE_PIP_VERSION_CHECK": "1",
			"PYTHONDONTWRITEBYTECODE": "1",
			"CI": os.environ.get("CI", ""),
		}


# ------------------------------------------------------------------ running things


def run(cmd: list[str], *, check=True, capture=False, timeout=None, env=None, cwd=None, stdin=None, stdout=None):
	try:
		return subprocess.run(
			cmd, check=check, text=True, timeout=timeout, env=env, cwd=cwd,
			stdout=subprocess.PIPE if capture else stdout,
			stderr=subprocess.PIPE if capture else (subprocess.STDOUT if stdout else None),
			stdin=stdin if stdin is not None else subprocess.DEVNULL,
		)
	except FileNotFoundError as e:
		raise SetupError(f"command not found: {cmd[0]}") from e


def user_cmd(cfg: Config, cmd: list[str]) -> list[str]:
	"""Prefix a command so that it runs as the bench user (bench refuses root)."""
	if not cfg.is_root:
		return cmd
	return ["setpriv", f"--reuid={cfg.user}", f"--regid={cfg.user}", "--init-groups", "--", *cmd]


def as_user(cfg: Config, cmd: list[str], *, cwd=None, check=True, capture=False, timeout=None, extra_env=None):
	env = cfg.user_env() | (extra_env or {})
	return run(user_cmd(cfg, cmd), check=check, capture=capture, timeout=timeout, env=env, cwd=cwd or cfg.home)


def bench(cfg: Config, *args: str, **kw):
	return as_user(cfg, ["bench", *args], cwd=cfg.bench, **kw)


def bench_logged(cfg: Config, *args: str) -> None:
	"""A long bench command whose progress output goes to logs/aeo-setup.log; its tail is shown if it fails."""
	logfile = cfg.bench / "logs" / "aeo-setup.log"
	with open(logfile, "a") as out:
		out.write(f"\n$ bench {' '.join(args)}\n")
		out.flush()
		res = run(user_cmd(cfg, ["bench", *args]), check=False, env=cfg.user_env(), cwd=cfg.bench, stdout=out)
	if res.returncode != 0:
		print("".join(logfile.read_text(errors="replace").splitlines(keepends=True)[-30:]), file=sys.stderr)
		raise subprocess.CalledProcessError(res.returncode, ["bench", args[0]])


def site_python(cfg: Config, site: str, code: str, **kw):
	"""Run a Python snippet connected to a site, as the bench user."""
	prog = (
		"import frappe, sys\n"
		f"frappe.init(site={site!r}, sites_path={str(cfg.sites)!r})\n"
		"frappe.connect()\n"
		"try:\n" + "".join(f"    {line}\n" for line in code.strip().splitlines()) + "    frappe.db.commit()\n"
		"finally:\n    frappe.destroy()\n"
	)
	return as_user(cfg, [str(cfg.python), "-c", prog], cwd=cfg.sites, **kw)


def load_state(cfg: Config) -> dict:
	try:
		return json.loads(cfg.state_file.read_text())
	except (FileNotFoundError, ValueError):
		return {}


def save_state(cfg: Config, state: dict) -> None:
	cfg.state_file.write_text(json.dumps(state, indent=1))
	os.chmod(cfg.state_file, 0o600)
	if cfg.is_root:
		shutil.chown(cfg.state_file, cfg.user, cfg.user)


def fingerprint(*paths: Path) -> str:
	"""Content hash of source trees: decides when sites need a migrate and processes a restart."""
	h = hashlib.sha256()
	for root in paths:
		for p in sorted(root.rglob("*")):
			if p.is_file() and "__pycache__" not in p.parts and not p.name.endswith(".pyc"):
				h.update(str(p.relative_to(root)).encode())
				h.update(p.read_bytes())
	return h.hexdigest()[:16]


def fingerprint_files(*paths: Path) -> str:
	return hashlib.sha256(b"".join(p.read_bytes() for p in paths)).hexdigest()[:16]


# ------------------------------------------------------------------ preflight


def check_mariadb(cfg: Config) -> None:
	# `ping` exits 0 whenever the server answers, even when the account is refused
	res = run(["mariadb-admin", "--connect-timeout=5", "--protocol=tcp", "-h127.0.0.1", f"-P{cfg.db_port}", "ping"],
		check=False, capture=True, timeout=30)
	if res.returncode != 0:
		detail = (res.stderr or "").strip().splitlines()[-1:] or ["no answer"]
		raise SetupError(
			f"MariaDB does not answer on 127.0.0.1:{cfg.db_port} ({detail[0]}): start it, e.g. "
			"`start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd`, then run again"
		)


def check_redis(cfg: Config) -> None:
	host_port = cfg.redis_url.split("//", 1)[1].split("/")[0]
	host, port = host_port.rsplit(":", 1)
	try:
		with socket.create_connection((host, int(port)), timeout=5) as s:
			s.sendall(b"PING\r\n")
			ok = s.recv(16).startswith(b"+PONG")
	except OSError:
		ok = False
	if not ok:
		raise SetupError(f"Redis does not answer at {cfg.redis_url}: start redis-server, then run again")


def install_system_packages(cfg: Config) -> None:
	if not cfg.is_root:
		return
	installed = run(["dpkg-query", "-W", "-f=${Package} ${Status}\n", *DEBIAN_PACKAGES], check=False, capture=True).stdout
	have = {line.split()[0] for line in installed.splitlines() if line.endswith("install ok installed")}
	missing = [p for p in DEBIAN_PACKAGES if p not in have]
	if missing:
		log(f"installing Debian packages: {' '.join(missing)}")
		env = os.environ | {"DEBIAN_FRONTEND": "noninteractive"}
		run(["apt-get", "update", "-q"], env=env)
		run(["apt-get", "install", "-y", "-q", "--no-install-recommends", *missing], env=env)
	if not shutil.which("node") or not shutil.which("npm"):
		log("installing Node.js from Debian")
		run(["apt-get", "install", "-y", "-q", "nodejs", "npm"], env=os.environ | {"DEBIAN_FRONTEND": "noninteractive"})
	yarn = run(["yarn", "--version"], check=False, capture=True) if shutil.which("yarn") else None
	if not yarn or not yarn.stdout.startswith("1."):
		log(f"installing yarn {YARN_VERSION} (Frappe needs yarn 1)")
		run(["npm", "install", "-g", f"yarn@{YARN_VERSION}"], env=os.environ | {"NODE_EXTRA_CA_CERTS": CA_BUNDLE})


def configure_mariadb(cfg: Config) -> None:
	"""utf8mb4 / utf8mb4_unicode_ci, persistently and (without a restart) for the running server."""
	if not cfg.is_root:
		return
	conf = Path(MARIADB_CONF)
	if conf.parent.is_dir() and (not conf.exists() or conf.read_text() != MARIADB_CONF_TEXT):
		conf.write_text(MARIADB_CONF_TEXT)
	mysql = ["mariadb", "--protocol=socket", "-uroot", "-N", "-e"]
	current = run([*mysql, "SELECT @@character_set_server, @@collation_server"], capture=True).stdout.split()
	if current != ["utf8mb4", "utf8mb4_unicode_ci"]:
		log("setting MariaDB's server character set to utf8mb4 / utf8mb4_unicode_ci")
		run([*mysql, "SET GLOBAL character_set_server='utf8mb4'; SET GLOBAL collation_server='utf8mb4_unicode_ci'"])


def ensure_db_admin(cfg: Config, state: dict) -> None:
	"""A MariaDB account the bench user creates sites with (root only answers over root's own socket)."""
	if not cfg.is_root:
		if "db_admin_password" not in state:
			raise SetupError("no MariaDB admin account yet: run `sudo python3 setup.py up` once")
		return
	password = state.setdefault("db_admin_password", secrets.token_urlsafe(18))
	sql = "".join(
		f"CREATE USER IF NOT EXISTS 'aeo_admin'@'{host}' IDENTIFIED BY '{password}';"
		f"ALTER USER 'aeo_admin'@'{host}' IDENTIFIED BY '{password}';"
		f"GRANT ALL PRIVILEGES ON *.* TO 'aeo_admin'@'{host}' WITH GRANT OPTION;"
		for host in ("localhost", "127.0.0.1")
	)
	run(["mariadb", "--protocol=socket", "-uroot", "-e", sql])


def ensure_user(cfg: Config) -> None:
	if not cfg.is_root:
		return
	try:
		pwd.getpwnam(cfg.user)
	except KeyError:
		log(f"creating the OS user {cfg.user!r} that runs the bench")
		run(["useradd", "--create-home", "--shell", "/bin/bash", cfg.user])
	cfg.home.mkdir(parents=True, exist_ok=True)
	shutil.chown(cfg.home, cfg.user, cfg.user)
	# the checkout belongs to root: let the bench user's git read it
	as_user(cfg, ["git", "config", "--global", "--replace-all", "safe.directory", "*"])


def ensure_tools(cfg: Config) -> None:
	if (cfg.tools / "bin" / "bench").exists() and (cfg.tools / "bin" / "uv").exists():
		return
	log("installing the bench CLI and uv for the bench user")
	as_user(cfg, ["/usr/bin/python3", "-m", "venv", str(cfg.tools)])
	as_user(cfg, [f"{cfg.tools}/bin/pip", "install", "-q", BENCH_CLI, "uv"])


# ------------------------------------------------------------------ bench


def frappe_source(cfg: Config) -> str:
	if "://" in cfg.frappe_path:
		return cfg.frappe_path
	if cfg.frappe_path:
		src = Path(cfg.frappe_path).expanduser().resolve()
		if not (src / "frappe" / "__init__.py").exists() and not (src / "HEAD").exists():
			raise SetupError(f"FRAPPE_PATH={cfg.frappe_path} is not a Frappe checkout")
		return str(src)
	return FRAPPE_UPSTREAM


def check_frappe_source(cfg: Config, src: str) -> None:
	res = as_user(cfg, ["git", "ls-remote", "--heads", "--tags", src, cfg.frappe_branch],
		check=False, capture=True, timeout=60)
	if res.returncode != 0 or not res.stdout.strip():
		raise SetupError(
			f"Frappe source unreachable ({src} @ {cfg.frappe_branch}): "
			"set FRAPPE_PATH to a local Frappe v15 checkout (and FRAPPE_BRANCH to its branch or tag)"
		)


def prepare_yarn_mirror(cfg: Config, src: str) -> None:
	"""Frappe's yarn.lock takes air-datepicker from GitHub; offline, a local checkout feeds yarn's mirror."""
	cfg.yarn_mirror.mkdir(parents=True, exist_ok=True)
	if cfg.is_root:
		shutil.chown(cfg.yarn_mirror, cfg.user, cfg.user)
		shutil.chown(cfg.yarn_mirror.parent, cfg.user, cfg.user)
	yarnrc = cfg.home / ".yarnrc"
	yarnrc.write_text(f'yarn-offline-mirror "{cfg.yarn_mirror}"\nyarn-offline-mirror-pruning false\n')
	if cfg.is_root:
		shutil.chown(yarnrc, cfg.user, cfg.user)
	lock = as_user(cfg, ["git", "-C", src, "show", f"{cfg.frappe_branch}:yarn.lock"], check=False, capture=True).stdout
	marker = "codeload.github.com/frappe/air-datepicker/tar.gz/"
	commit = next((line.split(marker, 1)[1].strip().strip('"') for line in lock.splitlines() if marker in line), None)
	if not commit or (cfg.yarn_mirror / commit).exists():
		return
	if cfg.air_datepicker_path:
		log(f"feeding yarn's offline mirror with air-datepicker {commit[:10]} from {cfg.air_datepicker_path}")
		tar = cfg.yarn_mirror / commit
		res = as_user(cfg, ["git", "-C", cfg.air_datepicker_path, "archive", "--format=tar.gz", "--prefix=package/",
			"-o", str(tar), commit], check=False, capture=True)
		if res.returncode != 0:
			tar.unlink(missing_ok=True)
			raise SetupError(f"AIR_DATEPICKER_PATH has no commit {commit}: {res.stderr.strip()}")
		return
	try:
		urllib.request.urlopen(f"https://{marker}{commit}", timeout=20).close()
	except OSError as e:
		raise SetupError(
			f"air-datepicker (a Frappe front-end dependency on GitHub) is unreachable ({e}): "
			"set AIR_DATEPICKER_PATH to a local checkout of frappe/air-datepicker"
		) from e


def ensure_bench(cfg: Config) -> None:
	ready = cfg.bench / ".aeo-bench-ready"
	if ready.exists():
		return
	src = frappe_source(cfg)
	check_frappe_source(cfg, src)
	prepare_yarn_mirror(cfg, src)
	if cfg.bench.exists():
		log(f"removing the unfinished bench at {cfg.bench}")
		shutil.rmtree(cfg.bench)
	log(f"creating the bench at {cfg.bench} with Frappe {cfg.frappe_branch} from {src} (takes several minutes)")
	try:
		as_user(cfg, ["bench", "init", str(cfg.bench), "--frappe-path", src, "--frappe-branch", cfg.frappe_branch,
			"--python", "/usr/bin/python3", "--skip-redis-config-generation", "--no-procfile", "--no-backups",
			"--skip-assets"])
		as_user(cfg, ["uv", "pip", "install", "-q", SETUPTOOLS_PIN, "--python", str(cfg.python)])
		bench(cfg, "build", "--app", "frappe")
	except (subprocess.CalledProcessError, SetupError) as e:
		shutil.rmtree(cfg.bench, ignore_errors=True)
		raise SetupError(f"bench creation failed ({e}, output above); nothing was kept: fix the cause and run again") from e
	ready.write_text(time.strftime("%Y-%m-%d %H:%M:%S\n"))


def source_root(cfg: Config) -> Path:
	"""The checkout the bench runs: this one when the bench user can read it, else a synced copy."""
	probe = ["test", "-r", str(REPO / "apps/aeo/aeo/hooks.py"), "-a", "-x", str(REPO / "apps/aeo/aeo")]
	if as_user(cfg, probe, check=False).returncode == 0:
		return REPO
	copy = cfg.home / "aeo-src"
	log(f"the bench user cannot read {REPO}; running a synced copy at {copy}")
	if copy.exists():
		shutil.rmtree(copy)
	shutil.copytree(REPO, copy, ignore=shutil.ignore_patterns(".git", "__pycache__", "artifacts"), symlinks=True)
	run(["chown", "-R", f"{cfg.user}:{cfg.user}", str(copy)])
	return copy


def ensure_app(cfg: Config, src: Path) -> None:
	link = cfg.bench / "apps" / "aeo"
	target = src / "apps" / "aeo"
	if not (link.is_symlink() and Path(os.readlink(link)) == target):
		if link.is_symlink() or link.is_file():
			link.unlink()
		elif link.exists():
			shutil.rmtree(link)
		link.symlink_to(target)
		if cfg.is_root:
			os.lchown(link, pwd.getpwnam(cfg.user).pw_uid, pwd.getpwnam(cfg.user).pw_gid)
	# (re)installed when missing, when it runs another checkout's code (the installer records the link's target, so a
	# checkout elsewhere would otherwise import the first one's code), or when its pyproject.toml changed
	probe = as_user(cfg, [str(cfg.python), "-c", "import aeo, os; print(os.path.realpath(aeo.__file__))"],
		check=False, capture=True)
	installed = probe.returncode == 0 and probe.stdout.strip() == str((target / "aeo" / "__init__.py").resolve())
	app_marker = cfg.bench / ".aeo-app-pyproject"
	app_digest = hashlib.sha256((target / "pyproject.toml").read_bytes()).hexdigest()
	if not installed or not app_marker.exists() or app_marker.read_text() != app_digest:
		log("installing the aeo app and its dependencies into the bench (editable)")
		as_user(cfg, ["uv", "pip", "install", "-q", "-e", str(link), "--python", str(cfg.python)])
		write_as_user(cfg, app_marker, app_digest)
	reqs = src / "tests" / "requirements.txt"
	marker = cfg.bench / ".aeo-test-requirements"
	digest = hashlib.sha256(reqs.read_bytes()).hexdigest()
	if not marker.exists() or marker.read_text() != digest:
		log("installing the test requirements into the bench")
		as_user(cfg, ["uv", "pip", "install", "-q", "-r", str(reqs), "--python", str(cfg.python)])
		write_as_user(cfg, marker, digest)
	apps_txt = cfg.sites / "apps.txt"
	apps = apps_txt.read_text().split()
	if "aeo" not in apps:
		write_as_user(cfg, apps_txt, "\n".join([*apps, "aeo"]) + "\n")
	assets = cfg.sites / "assets" / "aeo"
	if not assets.is_symlink() or Path(os.readlink(assets)) != link / "aeo" / "public":
		if assets.is_symlink():
			assets.unlink()
		assets.symlink_to(link / "aeo" / "public")
		if cfg.is_root:
			os.lchown(assets, pwd.getpwnam(cfg.user).pw_uid, pwd.getpwnam(cfg.user).pw_gid)
	common = cfg.sites / "common_site_config.json"
	conf = json.loads(common.read_text())
	wanted = {
		"db_host": "127.0.0.1",
		"db_port": cfg.db_port,
		"redis_cache": f"{cfg.redis_url}/1",
		"redis_queue": f"{cfg.redis_url}/2",
		"redis_socketio": f"{cfg.redis_url}/2",
		"webserver_port": cfg.port,
		"default_site": cfg.site,
		"serve_default_site": True,
		"mute_emails": 0,
		# Frappe's realtime server on its own port: with no reverse proxy in front (dev, demo, CI), the desk
		# connects to it directly (aeo/public/js/aeo_desk.js); production proxies /socket.io as bench's nginx does
		"socketio_port": cfg.socketio_port,
		"aeo_realtime_direct": 1,
		# a dev and test bench: the workers keep pace with the web server while a browser test loads both cores
		# (Frappe lowers their priority by default, which production keeps)
		"background_process_niceness": 0,
	}
	if any(conf.get(k) != v for k, v in wanted.items()):
		write_as_user(cfg, common, json.dumps(conf | wanted, indent=1))


def ensure_oidc_provider(cfg: Config, src: Path) -> None:
	"""The UAE PASS stand-in's npm packages, exactly as its package-lock.json says."""
	oidc = src / OIDC_DIR
	modules = oidc / "node_modules"
	marker = modules / ".aeo-lock"
	digest = hashlib.sha256((oidc / "package-lock.json").read_bytes()).hexdigest()
	if marker.exists() and marker.read_text() == digest:
		return
	log("installing the local OpenID Connect provider's npm packages")
	modules.mkdir(exist_ok=True)
	if cfg.is_root:
		shutil.chown(modules, cfg.user, cfg.user)
	res = as_user(cfg, ["npm", "ci", "--no-audit", "--no-fund", "--no-update-notifier", "--loglevel=error"],
		cwd=oidc, check=False, capture=True, timeout=600)
	if res.returncode != 0:
		detail = ((res.stderr or res.stdout).strip().splitlines() or ["no output"])[-1]
		raise SetupError(f"npm ci in {oidc} failed ({detail}): check that the npm registry is reachable")
	write_as_user(cfg, marker, digest)


def write_as_user(cfg: Config, path: Path, text: str) -> None:
	path.write_text(text)
	if cfg.is_root:
		shutil.chown(path, cfg.user, cfg.user)


# ------------------------------------------------------------------ sites


def site_exists(cfg: Config, site: str) -> bool:
	return (cfg.sites / site / "site_config.json").exists()


def create_site(cfg: Config, site: str, state: dict) -> None:
	log(f"creating site {site} and installing aeo (a few minutes)")
	for marker in (cfg.sites / site).glob(".aeo-*"):  # what setup did to an earlier site of that name
		marker.unlink()
	try:
		bench_logged(cfg, "new-site", site, "--force", "--no-mariadb-socket", "--db-root-username", "aeo_admin",
			"--db-root-password", state["db_admin_password"], "--admin-password", cfg.admin_password,
			"--install-app", "aeo")
		bench(cfg, "--site", site, "set-config", "host_name", f"http://{site}:{cfg.port}")
		site_python(cfg, site, "from aeo.setup.dev import complete_setup_wizard; complete_setup_wizard()")
		site_python(cfg, site, f"from aeo.setup.dev import configure_outgoing_mail; configure_outgoing_mail({cfg.smtp_port})")
		configure_uae_pass(cfg, site)
	except subprocess.CalledProcessError as e:
		drop_site(cfg, site, state)
		raise SetupError(f"creating {site} failed (exit {e.returncode}, output above); it was removed: fix the cause and run again") from e


def uae_pass_digest(cfg: Config) -> str:
	return hashlib.sha256(f"{cfg.oidc_url} {cfg.oidc_client_secret}".encode()).hexdigest()


def configure_uae_pass(cfg: Config, site: str) -> None:
	"""The site's UAE PASS sign-in (a Social Login Key) points at the local provider; redone when its address or
	secret change."""
	marker = cfg.sites / site / ".aeo-uae-pass"
	wanted = uae_pass_digest(cfg)
	if marker.exists() and marker.read_text() == wanted:
		return
	site_python(cfg, site, "from aeo.setup.dev import configure_uae_pass; "
		f"configure_uae_pass({cfg.oidc_url!r}, {cfg.oidc_client_secret!r})")
	write_as_user(cfg, marker, wanted)


def drop_site(cfg: Config, site: str, state: dict) -> None:
	bench(cfg, "drop-site", site, "--force", "--no-backup", "--db-root-username", "aeo_admin",
		"--db-root-password", state["db_admin_password"], check=False)
	shutil.rmtree(cfg.sites / site, ignore_errors=True)


def migrate_if_changed(cfg: Config, site: str, app_fp: str) -> None:
	key = cfg.sites / site / ".aeo-fingerprint"
	if key.exists() and key.read_text() == app_fp:
		return
	log(f"migrating {site} to the app's current code")
	bench_logged(cfg, "--site", site, "migrate")
	write_as_user(cfg, key, app_fp)


def ensure_demo_site(cfg: Config, state: dict, app_fp: str, src: Path) -> None:
	if not site_exists(cfg, cfg.site):
		create_site(cfg, cfg.site, state)
		write_as_user(cfg, cfg.sites / cfg.site / ".aeo-fingerprint", app_fp)
		bench(cfg, "--site", cfg.site, "enable-scheduler")
	migrate_if_changed(cfg, cfg.site, app_fp)
	configure_uae_pass(cfg, cfg.site)
	demo = src / "fixtures" / "demo"
	demo_fp = fingerprint(demo)
	marker = cfg.sites / cfg.site / ".aeo-demo"
	if not marker.exists() or marker.read_text() != demo_fp:
		log("loading demo data")
		site_python(cfg, cfg.site, f"from aeo.setup.demo import load; load({str(demo)!r}, {DEMO_PASSWORD!r})")
		write_as_user(cfg, marker, demo_fp)


def reset_test_site(cfg: Config, state: dict, app_fp: str) -> None:
	"""A fresh test site per run: restored from a baseline dump made right after install of this code, with the
	UAE PASS key as configured now (the key lives in the database the dump restores)."""
	baseline = cfg.bench / "test-baselines" / f"{cfg.test_site}-{app_fp}-{uae_pass_digest(cfg)[:12]}.sql"
	db_admin = ["mariadb", "-h127.0.0.1", "-uaeo_admin", f"-p{state['db_admin_password']}"]
	if not (baseline.exists() and site_exists(cfg, cfg.test_site)):
		create_site(cfg, cfg.test_site, state)
		bench(cfg, "--site", cfg.test_site, "set-config", "allow_tests", "1", "--parse")
		# tests make far more users an hour than Frappe's sign-up throttle (60) allows
		bench(cfg, "--site", cfg.test_site, "set-config", "throttle_user_limit", "100000", "--parse")
		bench(cfg, "--site", cfg.test_site, "disable-scheduler")  # tests run scheduled jobs themselves
		baseline.parent.mkdir(exist_ok=True)
		for old in baseline.parent.glob(f"{cfg.test_site}-*.sql"):
			old.unlink()
		db_name = json.loads((cfg.sites / cfg.test_site / "site_config.json").read_text())["db_name"]
		with open(baseline, "w") as out:
			subprocess.run(["mariadb-dump", *db_admin[1:], "--single-transaction", db_name], stdout=out, check=True)
		log(f"test site {cfg.test_site} created; baseline saved")
		return
	db_name = json.loads((cfg.sites / cfg.test_site / "site_config.json").read_text())["db_name"]
	log(f"resetting test site {cfg.test_site} from its baseline")
	with open(baseline) as dump:
		subprocess.run([*db_admin, db_name], stdin=dump, check=True)
	bench(cfg, "--site", cfg.test_site, "clear-cache")


# ------------------------------------------------------------------ services


def services(cfg: Config, src: Path) -> dict[str, list[str]]:
	env_bin = cfg.bench / "env" / "bin"
	return {
		"mailsink": [str(cfg.python), str(src / "tests" / "support" / "mail_sink.py"),
			"--port", str(cfg.smtp_port), "--dir", str(cfg.mail_dir)],
		"web": [str(env_bin / "gunicorn"), "--config", str(src / "sites" / "gunicorn_conf.py"),
			"--bind", f"127.0.0.1:{cfg.port}", "--workers", "2", "--threads", "4", "--timeout", "120",
			"--graceful-timeout", "10", "--pythonpath", str(src / "sites"), "wsgi:application", "--preload"],
		# two workers as bench's production config has them: a long job never holds up e-mails and notifications
		"worker": ["bench", "worker", "--queue", "short,default"],
		"worker-long": ["bench", "worker", "--queue", "long,default,short"],
		"schedule": ["bench", "schedule"],
		"oidc": ["node", str(src / OIDC_DIR / "server.js")],
		"socketio": ["node", str(cfg.bench / "apps" / "frappe" / "socketio.js")],
	}


def service_env(cfg: Config) -> dict[str, str]:
	"""The services' environment: the bench user's, without CI. Under CI Frappe's workers run every job as a test
	(frappe.flags.in_test): e-mails from background jobs are marked sent and never delivered."""
	env = cfg.user_env() | {
		"AEO_SITES_PATH": str(cfg.sites),
		"AEO_DEFAULT_SITE": cfg.site,
		"AEO_PORT": str(cfg.port),
		"AEO_OIDC_PORT": str(cfg.oidc_port),
		"AEO_OIDC_CLIENT_SECRET": cfg.oidc_client_secret,
	}
	env.pop("CI")
	return env


def pid_of(cfg: Config, name: str) -> int | None:
	try:
		pid = int((cfg.run_dir / f"aeo-{name}.pid").read_text())
		os.kill(pid, 0)
		return pid
	except (FileNotFoundError, ValueError, ProcessLookupError):
		return None
	except PermissionError:
		return pid


def stop_services(cfg: Config, names=None) -> None:
	for name in names or SERVICES:
		pid = pid_of(cfg, name)
		if pid:
			with contextlib.suppress(ProcessLookupError):
				os.killpg(pid, signal.SIGTERM)
			for _ in range(50):
				if pid_of(cfg, name) is None:
					break
				time.sleep(0.2)
			else:
				with contextlib.suppress(ProcessLookupError):
					os.killpg(pid, signal.SIGKILL)
		(cfg.run_dir / f"aeo-{name}.pid").unlink(missing_ok=True)


def start_services(cfg: Config, src: Path, app_fp: str) -> None:
	cfg.run_dir.mkdir(parents=True, exist_ok=True)
	commands, env = services(cfg, src), service_env(cfg)
	# what the app's services run: its code, their commands and environment; a change restarts them
	run_fp = app_fp + "-" + hashlib.sha256(json.dumps([commands, env], sort_keys=True).encode()).hexdigest()[:16]
	stamp = cfg.run_dir / "aeo-code.fingerprint"
	if stamp.exists() and stamp.read_text() != run_fp:
		log("app code or service settings changed: restarting web server, workers and scheduler")
		stop_services(cfg, APP_SERVICES)
	helpers = {  # the test helpers the app's code does not cover: restarted when their own code changes
		"oidc": fingerprint_files(src / OIDC_DIR / "server.js", src / OIDC_DIR / "package-lock.json"),
		"mailsink": fingerprint_files(src / "tests" / "support" / "mail_sink.py"),
	}
	for name, helper_fp in helpers.items():
		helper_stamp = cfg.run_dir / f"aeo-{name}.fingerprint"
		if helper_stamp.exists() and helper_stamp.read_text() != helper_fp:
			log(f"{name} changed: restarting it")
			stop_services(cfg, [name])
	for name, cmd in commands.items():
		if pid_of(cfg, name):
			continue
		logfile = open(cfg.bench / "logs" / f"aeo-{name}.log", "a")
		cwd = cfg.sites if name == "web" else cfg.bench
		proc = subprocess.Popen(user_cmd(cfg, cmd), cwd=cwd, env=env, stdout=logfile,
			stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True)
		write_as_user(cfg, cfg.run_dir / f"aeo-{name}.pid", str(proc.pid))
	write_as_user(cfg, stamp, run_fp)
	for name, helper_fp in helpers.items():
		write_as_user(cfg, cfg.run_dir / f"aeo-{name}.fingerprint", helper_fp)
	wait_for_web(cfg)


def wait_for_web(cfg: Config) -> None:
	url = f"http://127.0.0.1:{cfg.port}/api/method/ping"
	for _ in range(120):
		try:
			urllib.request.urlopen(url, timeout=5).close()
			return
		except urllib.error.HTTPError:
			return  # it answers; the site may not exist yet
		except OSError:
			time.sleep(0.5)
	raise SetupError(f"the web server did not answer at {url}; see {cfg.bench}/logs/aeo-web.log")


# ------------------------------------------------------------------ commands


def prepare(cfg: Config) -> tuple[dict, Path, str]:
	"""Everything both `up` and `test` stand on, each step skipped when already in place."""
	if cfg.is_root:
		install_system_packages(cfg)
	check_mariadb(cfg)
	check_redis(cfg)
	configure_mariadb(cfg)
	ensure_user(cfg)
	state = load_state(cfg)
	ensure_db_admin(cfg, state)
	save_state(cfg, state)
	ensure_tools(cfg)
	ensure_bench(cfg)
	src = source_root(cfg)
	ensure_app(cfg, src)
	ensure_oidc_provider(cfg, src)
	ensure_hosts(cfg)
	for d in (cfg.mail_dir, src / "artifacts"):
		d.mkdir(exist_ok=True)
		if cfg.is_root:
			shutil.chown(d, cfg.user, cfg.user)
	return state, src, fingerprint(src / "apps" / "aeo")


def ensure_hosts(cfg: Config) -> None:
	"""The sites' names resolve to this machine for every program (as `bench add-to-hosts` does): Frappe's realtime
	server calls back the site by the name the browser used, and Node does not resolve *.localhost itself."""
	hosts = Path("/etc/hosts")
	wanted = [name for name in (cfg.site, cfg.test_site, cfg.scale_site) if name not in hosts.read_text().split()]
	if not wanted:
		return
	if not cfg.is_root:
		log(f"add '127.0.0.1 {' '.join(wanted)}' to /etc/hosts for Frappe's realtime server")
		return
	with hosts.open("a") as out:
		out.write(f"127.0.0.1 {' '.join(wanted)}\n")


def cmd_up(cfg: Config, _args) -> int:
	started = time.time()
	state, src, app_fp = prepare(cfg)
	start_services(cfg, src, app_fp)  # the mail sink must answer before sites configure outgoing mail
	ensure_demo_site(cfg, state, app_fp, src)
	print(
		f"\nAEO Portal is up ({time.time() - started:.0f}s).\n"
		f"  Portal: http://127.0.0.1:{cfg.port}/aeo   (or http://{cfg.site}:{cfg.port}/aeo)\n"
		f"  Desk:   http://127.0.0.1:{cfg.port}/app/aeo\n"
		f"  Administrator / {cfg.admin_password}; every demo user's password: {DEMO_PASSWORD}\n"
		f"  Demo users: see README.md (Demo logins); e-mails land in {cfg.mail_dir}\n"
	)
	return 0


def cmd_test(cfg: Config, args) -> int:
	state, src, app_fp = prepare(cfg)
	start_services(cfg, src, app_fp)
	if os.environ.get("AEO_TEST_RESET") == "0" and site_exists(cfg, cfg.test_site):
		log(f"AEO_TEST_RESET=0: running on {cfg.test_site} as it is (migrate it after changing DocTypes)")
	else:
		reset_test_site(cfg, state, app_fp)
	configure_uae_pass(cfg, cfg.test_site)
	env = {
		"AEO_TEST_SITE": cfg.test_site,
		"AEO_SITES_PATH": str(cfg.sites),
		"AEO_BASE_URL": f"http://{cfg.test_site}:{cfg.port}",
		"AEO_PORT": str(cfg.port),
		"AEO_MAIL_DIR": str(cfg.mail_dir),
		"AEO_ARTIFACTS": str(src / "artifacts"),
		"AEO_ADMIN_PASSWORD": cfg.admin_password,
		"AEO_SPEC": str(REPO.parent / "shared" / "spec"),
		"AEO_OIDC_URL": cfg.oidc_url,
	}
	# Frappe logs relative to the working directory, so pytest runs in sites/: paths given here become absolute
	extra = [str(Path(a).resolve()) if not a.startswith("-") and Path(a).exists() else a for a in args.pytest_args]
	targets = [] if any(not a.startswith("-") and Path(a).exists() for a in args.pytest_args) else [str(src / "tests")]
	pytest = [str(cfg.python), "-m", "pytest", *targets, "-p", "no:cacheprovider", "--rootdir", str(src), *extra]
	res = as_user(cfg, pytest, cwd=cfg.sites, check=False, extra_env=env)
	if res.returncode == 5:
		log("pytest ran no test: that is a failure")
		return 1
	return res.returncode


def cmd_benchmark(cfg: Config, args) -> int:
	"""The scale benchmark (tests/benchmarks/scale.py) on a site of its own, never the demo or the test site: made
	once (again with --fresh), then filled up to each size the run asks for (other arguments go to the script, e.g.
	--sizes 1000,50000)."""
	state, src, app_fp = prepare(cfg)
	start_services(cfg, src, app_fp)
	if "--fresh" in args.pytest_args:  # start again from an empty site
		args.pytest_args.remove("--fresh")
		if site_exists(cfg, cfg.scale_site):
			drop_site(cfg, cfg.scale_site, state)
	if not site_exists(cfg, cfg.scale_site):
		create_site(cfg, cfg.scale_site, state)
		write_as_user(cfg, cfg.sites / cfg.scale_site / ".aeo-fingerprint", app_fp)
	migrate_if_changed(cfg, cfg.scale_site, app_fp)
	script = [str(cfg.python), str(src / "tests" / "benchmarks" / "scale.py"), "--site", cfg.scale_site,
		"--admin-password", cfg.admin_password, *args.pytest_args]
	env = {"AEO_ARTIFACTS": str(src / "artifacts"), "AEO_PORT": str(cfg.port), "PYTHONPATH": str(src)}
	return as_user(cfg, script, cwd=cfg.sites, check=False, extra_env=env).returncode


def cmd_replica(cfg: Config, args) -> int:
	"""A MariaDB read replica behind a copy of the demo site, on loopback (tests/deployment/replica_loopback.py):
	two private MariaDB servers, the running bench serving the copy; arguments go to the script (e.g. --keep)."""
	state, src, app_fp = prepare(cfg)
	start_services(cfg, src, app_fp)
	script = [str(cfg.python), str(src / "tests" / "deployment" / "replica_loopback.py"), "--bench", str(cfg.bench),
		"--source-site", cfg.site, "--base-url", f"http://127.0.0.1:{cfg.port}", "--admin-password",
		cfg.admin_password, *args.pytest_args]
	return as_user(cfg, script, cwd=cfg.bench, check=False).returncode


def cmd_stop(cfg: Config, _args) -> int:
	stop_services(cfg)
	log("stopped")
	return 0


def cmd_status(cfg: Config, _args) -> int:
	for name in SERVICES:
		pid = pid_of(cfg, name)
		print(f"{name:11} {'running, pid ' + str(pid) if pid else 'stopped'}")
	print(f"bench       {cfg.bench} ({'ready' if (cfg.bench / '.aeo-bench-ready').exists() else 'missing'})")
	for site in (cfg.site, cfg.test_site):
		print(f"site        {site} ({'present' if site_exists(cfg, site) else 'missing'})")
	return 0


def main() -> int:
	parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
	sub = parser.add_subparsers(dest="command", required=True)
	sub.add_parser("up", help="bring up the demo site")
	sub.add_parser("test", help="run the test suite against a fresh test site; other arguments go to pytest")
	sub.add_parser("benchmark", help="fill the scale site and measure it (tests/benchmarks/scale.py; arguments go to it)")
	sub.add_parser("replica", help="show a MariaDB read replica behind a copy of the demo site, on loopback")
	sub.add_parser("stop", help="stop the services")
	sub.add_parser("status", help="show what runs")
	args, extra = parser.parse_known_args()
	if extra and args.command not in ("test", "benchmark", "replica"):
		parser.error(f"unrecognized arguments: {' '.join(extra)}")
	args.pytest_args = extra
	cfg = Config()
	try:
		commands = {"up": cmd_up, "test": cmd_test, "benchmark": cmd_benchmark, "replica": cmd_replica, "stop": cmd_stop, "status": cmd_status}
		return commands[args.command](cfg, args)
	except SetupError as e:
		print(f"aeo-setup: error: {e}", file=sys.stderr)
		return 1
	except subprocess.CalledProcessError as e:
		print(f"aeo-setup: error: command failed ({e.returncode}): {' '.join(map(str, e.cmd))}", file=sys.stderr)
		return 1


if __name__ == "__main__":
	sys.exit(main())
