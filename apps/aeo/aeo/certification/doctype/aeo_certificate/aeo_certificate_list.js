// Several certificates at once: rendered in a background job that reports its progress through Frappe's realtime
// server (to this user only); the list shows it, then the link to the zip, which the notifications also announce.
frappe.listview_settings["AEO Certificate"] = {
	onload(listview) {
		listview.page.add_actions_menu_item(__("Download PDFs"), () => {
			const names = listview.get_checked_items(true);
			if (!names.length) return frappe.msgprint(__("Choose the certificates first."));
			const title = __("Rendering certificates");
			frappe.show_progress(title, 0, names.length, __("{0} of {1}", [0, names.length]));
			// what the job reports before the batch's name is known here is kept, then replayed
			const early = [];
			const keep = (event) => early.push(event);
			frappe.realtime.on("aeo_certificate_batch", keep);
			frappe
				.xcall("aeo.certification.certificate_pdf.download_batch", { names })
				.then((batch) => follow_batch(batch, title, early))
				.catch(() => frappe.hide_progress())
				.finally(() => frappe.realtime.off("aeo_certificate_batch", keep));
		});
	},
};

function follow_batch(batch, title, early) {
	const on_progress = ({ batch: id, done, total, file_url }) => {
		if (id !== batch) return;
		frappe.show_progress(title, done, total, __("{0} of {1}", [done, total]));
		if (!file_url) return;
		frappe.realtime.off("aeo_certificate_batch", on_progress);
		frappe.hide_progress();
		frappe.msgprint({
			title: __("{0} certificates are ready to download.", [total]),
			message: `<a class="aeo-batch-file" href="${encodeURI(file_url)}">${__("Download the certificates")}</a>`,
			indicator: "green",
		});
	};
	frappe.realtime.on("aeo_certificate_batch", on_progress);
	early.forEach(on_progress);
}
