"""The development / demo / test web server's WSGI application: Frappe's, with its static files (`/assets`,
`/files`) served as `bench serve` serves them. Frappe's static-file middleware raises NotFound for a folder or a
missing file outside any request handling, which gunicorn answers with a 500; here it becomes its own 404.
In production nginx serves the static files and gunicorn runs `frappe.app:application`, where this does not arise.
"""

from frappe.app import application_with_statics
from werkzeug.exceptions import HTTPException

_application = application_with_statics()


def application(environ, start_response):
	try:
		return _application(environ, start_response)
	except HTTPException as error:
		return error(environ, start_response)
