// The Workflow form's "Move Records" (aeo/workflow_admin.py): before removing a state that holds records, an
// administrator moves them to another state of the workflow; the move is confirmed, audited and routed.
frappe.ui.form.on("Workflow", {
	refresh(frm) {
		if (frm.is_new()) return;
		frm.add_custom_button(__("Move Records"), () => aeo_move_records(frm));
	},
});

async function aeo_move_records(frm) {
	const counts = await frappe.xcall("aeo.workflow_admin.state_counts", { workflow: frm.doc.name });
	if (!counts.length) {
		frappe.msgprint(__("No record is in any state of this workflow yet."));
		return;
	}
	const targets = [...new Set(frm.doc.states.map((row) => row.state))];
	const dialog = new frappe.ui.Dialog({
		title: __("Move Records"),
		fields: [
			{
				fieldname: "from_state",
				fieldtype: "Select",
				label: __("From State"),
				reqd: 1,
				options: counts.map((row) => ({
					value: row.state,
					label: `${__(row.state)} (${row.count})`,
				})),
			},
			{
				fieldname: "to_state",
				fieldtype: "Select",
				label: __("To State"),
				reqd: 1,
				options: targets.map((state) => ({ value: state, label: __(state) })),
			},
		],
		primary_action_label: __("Move"),
		primary_action(values) {
			const count = counts.find((row) => row.state === values.from_state).count;
			frappe.confirm(
				__("Move {0} records from {1} to {2}? Their tasks follow the new state.", [
					count,
					__(values.from_state),
					__(values.to_state),
				]),
				async () => {
					const moved = await frappe.xcall("aeo.workflow_admin.move_records", {
						workflow: frm.doc.name,
						...values,
					});
					dialog.hide();
					frappe.show_alert({ message: __("{0} records moved.", [moved]), indicator: "green" });
					frm.reload_doc();
				}
			);
		},
	});
	dialog.show();
}
