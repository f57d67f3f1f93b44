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

// Records that only a step of the process makes (an issuance from a membership decision, the decision itself): the
// desk's "new" form is not the way to them. It says so and offers no Save (the server refuses such a record anyway).
frappe.provide("aeo");
aeo.made_by_the_process = function (frm, message) {
	if (!frm.is_new()) return;
	frm.disable_save();
	frm.set_intro(message, "orange");
};
