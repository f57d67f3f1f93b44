// Several certificates at once: rendered in a background job that shows its progress and leaves a zip file,
// announced in the notifications.
frappe.listview_settings["AEO Certificate"] = {
	onload(listview) {
		listview.page.add_actions_menu_item(__("Download PDFs"), () => {
			const names = listview.get_checked_items(true);
			if (!names.length) return frappe.msgprint(__("Choose the certificates first."));
			frappe.call("aeo.certification.certificate_pdf.download_batch", { names }).then(() => {
				frappe.show_alert({ message: __("Rendering {0} certificates; you will be notified when the file is ready.", [names.length]), indicator: "blue" });
			});
		});
	},
};
