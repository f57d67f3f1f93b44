// The federal authority registers a membership granted before the system (aeo.certification.membership,
// issue 11): the reason, the evidence and the date are recorded on a Membership Decision, and the issuance of the
// establishment's certificates starts from it. Every other membership comes from the assessment's decision.
frappe.ui.form.on("Establishment", {
	refresh(frm) {
		// the server's rule (aeo.certification.membership.may_register_existing_aeo), sent with the form
		if (frm.is_new() || !frm.doc.__onload?.can_register_existing_aeo) return;
		frm.add_custom_button(__("Register Existing AEO"), () => aeo_register_existing(frm));
	},
});

function aeo_register_existing(frm) {
	const dialog = new frappe.ui.Dialog({
		title: __("Register Existing AEO"),
		fields: [
			{
				fieldtype: "HTML",
				options: `<p class="text-muted">${__(
					"For a membership granted before the system. The reason and the evidence are kept with the decision."
				)}</p>`,
			},
			{ fieldname: "reason", fieldtype: "Small Text", label: __("Reason"), reqd: 1 },
			{ fieldname: "evidence", fieldtype: "Attach", label: __("Evidence"), reqd: 1 },
			{ fieldname: "granted_on", fieldtype: "Date", label: __("Granted On"), reqd: 1 },
		],
		primary_action_label: __("Register"),
		async primary_action(values) {
			const made = await frappe.xcall("aeo.certification.membership.register_existing_aeo", {
				establishment: frm.doc.name,
				...values,
			});
			dialog.hide();
			frappe.show_alert({ message: __("Registered; the certificates' issuance has started."), indicator: "green" });
			frappe.set_route("Form", "AEO Certificate Issuance", made.issuance);
		},
	});
	dialog.show();
}
