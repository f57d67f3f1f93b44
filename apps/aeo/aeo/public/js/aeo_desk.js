// Frappe's realtime server listens on its own port (socketio_port). Behind a reverse proxy (production, as bench's
// nginx config does) the desk reaches it on the page's own origin; a bench served without one (dev, demo, CI:
// `aeo_realtime_direct` in the site config) has the desk connect to the port directly, as Frappe's dev server does.
if (frappe.realtime && frappe.boot && frappe.boot.aeo_realtime_direct) {
	frappe.realtime.get_host = function (port = 9000) {
		const url = new URL(window.location.origin);
		url.port = String(frappe.boot.socketio_port || port);
		return `${url.origin}/${frappe.boot.sitename}`;
	};
}
