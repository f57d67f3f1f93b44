"""Existing sites: error responses stop carrying the server's traceback (new sites: aeo.setup.install)."""

from aeo.setup.install import hide_error_tracebacks


def execute():
	hide_error_tracebacks()
