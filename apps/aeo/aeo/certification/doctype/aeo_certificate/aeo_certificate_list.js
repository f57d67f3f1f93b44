// Several certificates at once: rendered in a background job; the list shows its progress (polled, so no realtime
// server is needed) and then the link to the zip file, which is also announced in the notifications.
frappe.listview_settings["AEO Certificate"] = {
	onload(listview) {
		listview.page.add_actions_menu_item(__("Download PDFs"), () => {
			const names = listview.get_checked_items(true);
			if (!names.length) return frappe.msgprint(__("Choose the certificates first."));
			frappe
				.xcall("aeo.certification.certificate_pdf.download_batch", { names })
				.then((batch) => follow_batch(batch));
		});
	},
};

function follow_batch(batch) {
	const title = __("Rendering certificates");
	frappe.xcall("aeo.certification.certificate_pdf.batch_progress", { batch }).then(({ done, total, file_url }) => {
		frappe.show_progress(title, done, total, __("{0} of {1}", [done, total]));
		if (!file_url) return setTimeout(() => follow_batch(batch), 1000);
		frappe.hide_progress();
		frappe.msgprint({
			title: __("{0} certificates are ready to download.", [total]),
			message: `<a class="aeo-batch-file" href="${encodeURI(file_url)}">${__("Download the certificates")}</a>`,
			indicator: "green",
		});
	});
}
