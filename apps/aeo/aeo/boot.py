"""What the desk learns at boot (hooks.boot_session)."""

import frappe
from frappe.utils import cint


def boot_session(bootinfo) -> None:
	"""A bench served without a reverse proxy (dev, demo, CI: setup.py sets `aeo_realtime_direct`) has Frappe's
	realtime server on its own port; the desk connects to it there (aeo_desk.js)."""
	bootinfo.aeo_realtime_direct = cint(frappe.conf.get("aeo_realtime_direct"))
