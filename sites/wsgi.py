"""The development / demo / test web server's WSGI application: Frappe's, with its static files (`/assets`,
`/files`) served as `bench serve` serves them.

- Frappe's static-file middleware raises NotFound for a folder or a missing file outside any request handling,
  which gunicorn answers with a 500: here it is its own 404.
- Static files never reach Frappe's after_request hooks: the app's security headers are added here too.
- Pages, JSON, scripts and styles are sent gzip-compressed to clients that accept it (issue 12: a page is about
  330 KB of HTML), as nginx does in production (bench's nginx config turns gzip on).

In production nginx serves the static files (docs/security.md: it should send the same headers) and gunicorn runs
`frappe.app:application`, where neither arises.
"""

import gzip

from aeo.security.requests import HEADERS
from frappe.app import application_with_statics
from werkzeug.exceptions import HTTPException

_application = application_with_statics()
COMPRESSIBLE = ("text/", "application/json", "application/javascript", "application/xml", "image/svg+xml")
SMALLEST_COMPRESSED = 1024


def compressed(app):
	"""gzip a compressible response when the client accepts it; anything else (files, PDFs) streams as it is."""

	def wrapped(environ, start_response):
		if "gzip" not in environ.get("HTTP_ACCEPT_ENCODING", ""):
			return app(environ, start_response)
		response = {}

		def capture(status, headers, exc_info=None):
			response.update(status=status, headers=list(headers), exc_info=exc_info)
			return response.setdefault("written", []).append

		body = app(environ, capture)
		fields = {name.lower(): value for name, value in response["headers"]}
		if "content-encoding" in fields or not fields.get("content-type", "").startswith(COMPRESSIBLE):
			start_response(response["status"], response["headers"], response["exc_info"])
			return [*response.get("written", []), *body] if response.get("written") else body
		try:
			content = b"".join([*response.get("written", []), *body])
		finally:
			if hasattr(body, "close"):
				body.close()
		headers = response["headers"]
		if len(content) >= SMALLEST_COMPRESSED:
			content = gzip.compress(content, compresslevel=6)
			headers = [(name, value) for name, value in headers if name.lower() != "content-length"]
			headers += [("Content-Encoding", "gzip"), ("Content-Length", str(len(content))), ("Vary", "Accept-Encoding")]
		start_response(response["status"], headers, response["exc_info"])
		return [content]

	return wrapped


_application = compressed(_application)


def application(environ, start_response):
	def with_security_headers(status, headers, exc_info=None):
		present = {name.lower() for name, _value in headers}
		headers = list(headers) + [(name, value) for name, value in HEADERS.items() if name.lower() not in present]
		return start_response(status, headers, exc_info)

	try:
		return _application(environ, with_security_headers)
	except HTTPException as error:
		return error(environ, with_security_headers)
