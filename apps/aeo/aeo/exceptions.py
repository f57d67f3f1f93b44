"""The app's typed exceptions: tests check the type, not the wording; Frappe answers each with its HTTP status."""

import frappe


class BadRequest(frappe.ValidationError):
	"""A request whose arguments are missing, malformed or of the wrong type (400)."""

	http_status_code = 400


class NotPermitted(frappe.PermissionError):
	"""A record, field or method the caller may not reach, or a record that does not exist: the same answer for
	both, so that no one learns what exists by asking (403)."""


class UnsafeUpload(frappe.ValidationError):
	"""A file whose content is not what its name says, or of a type the programme does not accept (415)."""

	http_status_code = 415


class TooManyRequests(frappe.TooManyRequestsError):
	"""Past a per-address or per-recipient hourly limit of AEO Settings (429)."""

	http_status_code = 429


class StrandedRecords(frappe.ValidationError):
	"""A workflow change that would leave records in a state the workflow no longer has (409)."""

	http_status_code = 409
