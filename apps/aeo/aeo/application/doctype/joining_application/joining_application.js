// BR.25: a customs reviewer's "Cancel" asks for the reason, which the server records before it applies the
// workflow's own transition (aeo.application.review.cancel_by_customs); the other actions go as Frappe takes them.
frappe.ui.form.on("Joining Application", {
	before_workflow_action(frm) {
		if (!is_cancel_by_customs(frm, frm.selected_workflow_action)) return;
		frappe.dom.unfreeze();
		return new Promise((resolve, reject) => {
			const dialog = frappe.prompt(
				{ fieldname: "remarks", fieldtype: "Small Text", label: __("Reason for Cancellation"), reqd: 1 },
				({ remarks }) =>
					frappe
						.xcall("aeo.application.review.cancel_by_customs", { name: frm.doc.name, remarks })
						.then(() => frm.reload_doc())
						.finally(() => reject()), // the server took the action: Frappe's own call must not run
				__("Cancel the application"),
				__("Cancel the application")
			);
			dialog.onhide = () => reject();
		});
	},
});

function is_cancel_by_customs(frm, action) {
	// the transition leads to a state that sets the status "Cancelled", whatever the administrators call it
	const workflow = frappe.workflow.workflows[frm.doctype];
	const cancelled = new Set(
		(workflow?.states || []).filter((s) => s.update_field === "status" && s.update_value === "Cancelled").map((s) => s.state)
	);
	return (workflow?.transitions || []).some(
		(t) => t.action === action && t.state === frm.doc.workflow_state && cancelled.has(t.next_state)
	);
}
