// The licences come from the establishment (the server lists them): the Main Account Manager only ticks branches.
frappe.ui.form.on("AEO Certificate Issuance", {
	refresh(frm) {
		aeo.made_by_the_process(
			frm,
			__("An AEO certificate issuance starts only from an approved membership decision.")
		);
		frm.set_df_property("licences", "cannot_add_rows", true);
		frm.set_df_property("licences", "cannot_delete_rows", true);
	},
});
