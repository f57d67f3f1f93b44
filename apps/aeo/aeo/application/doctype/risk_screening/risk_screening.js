// Risk Screening: the screening administration sends its findings to the deciding administration.
frappe.ui.form.on("Risk Screening", {
	refresh(frm) {
		if (frm.doc.status === "Open" && frm.perm[0] && frm.perm[0].write && !frm.is_new()) {
			frm.add_custom_button(__("Send to the Deciding Administration"), () => {
				frm.save().then(() => frm.call("send").then(() => frm.reload_doc()));
			}).addClass("btn-primary");
		}
	},
});
