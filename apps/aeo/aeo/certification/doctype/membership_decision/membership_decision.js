// A decision is made by the programme's decision steps (aeo.certification.membership), never typed in the desk.
frappe.ui.form.on("Membership Decision", {
	refresh(frm) {
		aeo.made_by_the_process(frm, __("A membership decision is made by the programme's decision steps only."));
	},
});
