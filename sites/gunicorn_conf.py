"""Gunicorn settings for the development / demo / test web server started by `setup.py`.

Frappe picks the site from the Host header. A request to a bare address (http://127.0.0.1:8000) names no site,
so it is served by the default site (AEO_DEFAULT_SITE), as nginx does in production with `serve_default_site`.
"""

import os

SITES = os.environ.get("AEO_SITES_PATH", ".")
DEFAULT_SITE = os.environ.get("AEO_DEFAULT_SITE", "")


def pre_request(worker, req):
	host = next((value for name, value in req.headers if name == "HOST"), "")
	site = host.split(":")[0]
	if DEFAULT_SITE and not os.path.isfile(os.path.join(SITES, site, "site_config.json")):
		req.headers.append(("X-FRAPPE-SITE-NAME", DEFAULT_SITE))
