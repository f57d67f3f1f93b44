"""Website (portal) context shared by every page the app serves."""

from frappe.utils.jinja_globals import is_rtl


def update_website_context(context):
	"""Frappe v15's website base template sets no text direction: set it before the page paints."""
	direction = "rtl" if is_rtl() else "ltr"
	script = f'<script>document.documentElement.dir = "{direction}";</script>'
	context.head_include = (context.get("head_include") or "") + script
