"""The development / demo / test web server's WSGI application: Frappe's, with its static files (`/assets`,
`/files`) served as `bench serve` serves them.

- Frappe's static-file middleware raises NotFound for a folder or a missing file outside any request handling,
  which gunicorn answers with a 500: here it is its own 404.
- Static files never reach Frappe's after_request hooks: the app's security headers are added here too.

In production nginx serves the static files (docs/security.md: it should send the same headers) and gunicorn runs
`frappe.app:application`, where neither arises.
"""

from aeo.security.requests import HEADERS
from frappe.app import application_with_statics
from werkzeug.exceptions import HTTPException

_application = application_with_statics()


def application(environ, start_response):
	def with_security_headers(status, headers, exc_info=None):
		present = {name.lower() for name, _value in headers}
		headers = list(headers) + [(name, value) for name, value in HEADERS.items() if name.lower() not in present]
		return start_response(status, headers, exc_info)

	try:
		return _application(environ, with_security_headers)
	except HTTPException as error:
		return error(environ, with_security_headers)
