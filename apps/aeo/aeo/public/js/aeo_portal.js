// AEO portal pages: the language switch and calls to the app's whitelisted methods, with the server's (translated)
// message shown in the page's alert instead of a dialog.
window.aeo = window.aeo || {};

aeo.remember_language = (lang) => {
	document.cookie = "preferred_language=" + lang + "; path=/; max-age=31536000; SameSite=Lax";
};

// a language chosen by link (?_lang=) or by the switch stays chosen on the next pages
const chosen_language = new URLSearchParams(location.search).get("_lang");
if (chosen_language) aeo.remember_language(chosen_language);
// the switch keeps the page's other parameters (an applicant's UAE PASS identity, the application being edited)
document.querySelectorAll(".aeo-lang-link").forEach((link) => {
	link.addEventListener("click", () => {
		aeo.remember_language(link.dataset.lang);
		const url = new URL(location.href);
		url.searchParams.set("_lang", link.dataset.lang);
		link.href = url.toString();
	});
});

aeo.alert = (message, kind = "danger") => {
	const box = document.querySelector(".aeo-alert");
	box.className = `aeo-alert alert alert-${kind}`;
	box.textContent = message;
	box.scrollIntoView({ block: "nearest" });
};

aeo.clear_alert = () => {
	document.querySelector(".aeo-alert").className = "aeo-alert alert d-none";
};

aeo.server_message = (body) => {
	try {
		const messages = JSON.parse(body._server_messages || "[]").map((m) => JSON.parse(m).message);
		return messages.join(" ").replace(/<[^>]+>/g, "") || body.exception || body.exc_type;
	} catch (e) {
		return body.exc_type || String(e);
	}
};

// Frappe writes the session's CSRF token at the end of the page, after the page's own scripts: a click made while
// the page is still loading waits for it.
aeo.page_ready = new Promise((resolve) =>
	document.readyState === "loading" ? document.addEventListener("DOMContentLoaded", resolve) : resolve());

// POST `args` (FormData or a plain object) to /api/method/<method>; resolves with `message`, rejects after showing
// the server's message.
aeo.call = async (method, args = {}) => {
	await aeo.page_ready;
	const body = args instanceof FormData ? args : new URLSearchParams(
		Object.entries(args).map(([k, v]) => [k, typeof v === "object" ? JSON.stringify(v) : v ?? ""]));
	const response = await fetch(`/api/method/${method}`, {
		method: "POST",
		headers: { Accept: "application/json", "X-Frappe-CSRF-Token": window.frappe?.csrf_token || "" },
		body,
	});
	const data = await response.json().catch(() => ({}));
	if (!response.ok || data.exc_type) {
		const message = aeo.server_message(data) || response.statusText;
		aeo.alert(message);
		throw new Error(message);
	}
	aeo.clear_alert();
	return data.message;
};

// The values of a form's named fields as an object (files excluded).
aeo.form_values = (form) => {
	const values = {};
	new FormData(form).forEach((value, key) => {
		if (!(value instanceof File)) values[key] = value;
	});
	return values;
};

// Reload the page, or open `url` (to show what an action changed), then show `message` in its alert (a success
// unless `kind` says otherwise).
aeo.reload_with = (message, url = null, kind = "success") => {
	sessionStorage.setItem("aeo-notice", JSON.stringify({ message, kind }));
	if (url) location.assign(url);
	else location.reload();
};

if (sessionStorage.getItem("aeo-notice")) {
	const { message, kind } = JSON.parse(sessionStorage.getItem("aeo-notice"));
	sessionStorage.removeItem("aeo-notice");
	aeo.alert(message, kind);
}
