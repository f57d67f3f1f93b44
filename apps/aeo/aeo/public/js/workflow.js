// The Workflow form's "Move Records" (aeo/workflow_admin.py): before removing a state that holds records, an
// administrator moves them to another state of the workflow; the move is confirmed, audited and routed.
//
// A state renamed in the States table is not an orphan: the server (before_validate) carries the rename into the
// transitions and moves its records. Frappe's own "states that do not exist" warning is kept for removed states;
// for renamed ones the administrator confirms the move instead ("Save Anyway" would not say what happens).
frappe.ui.form.on("Workflow", {
	refresh(frm) {
		frm.aeo_saved_states = {};
		(frm.doc.states || []).forEach((row) => (frm.aeo_saved_states[row.name] = row.state));
		frm.aeo_moves_confirmed = false;
		if (frm.doc.document_type) {
			frappe.model.with_doctype(frm.doc.document_type, () => aeo_keep_form_rows(frm));
		}
		if (frm.is_new()) return;
		frm.add_custom_button(__("Move Records"), () => aeo_move_records(frm));
	},
	get_orphaned_states_and_count(frm) {
		// runs after Frappe's handler of the same event, which fills frm.states with the orphans and their counts
		if (!frm.states || !frm.states.length) return;
		const renamed = aeo_renamed_states(frm).map((move) => move.from);
		const field = frm.doc.workflow_state_field;
		frm.states = frm.states.filter((row) => !renamed.includes(row[field]));
		if (frm.states.length) return frm.trigger("set_table_html");
	},
	async validate(frm) {
		if (frm.is_new() || frappe.validated === false || frm.aeo_moves_confirmed) return;
		const renames = aeo_renamed_states(frm);
		if (!renames.length) return;
		const counts = await frappe.xcall("aeo.workflow_admin.state_counts", { workflow: frm.doc.name });
		const moves = renames
			.map((move) => ({ ...move, count: (counts.find((row) => row.state === move.from) || {}).count || 0 }))
			.filter((move) => move.count);
		if (!moves.length) return;
		frappe.validated = false;
		const lines = moves
			.map((move) => `<li>${__("{0} → {1}, records: {2}", [__(move.from), __(move.to), move.count])}</li>`)
			.join("");
		frappe.confirm(
			`<p>${__("Records are in the states you renamed. They will move to the new names and keep their tasks:")}</p><ul class="aeo-state-moves">${lines}</ul>`,
			() => {
				frm.aeo_moves_confirmed = true;
				frm.save();
			}
		);
	},
	after_save(frm) {
		frm.aeo_moves_confirmed = false;
	},
});

function aeo_keep_form_rows(frm) {
	// Loading a DocType's meta syncs its workflows into locals (meta.__workflow_docs) as new objects under the same
	// row names. In a fresh session that happens after the form has loaded (the form asks for the meta itself), so
	// the grid would then edit rows the form does not save ("… not a valid State", edits lost). Point locals back at
	// the form's own rows.
	if (locals.Workflow && !frm.is_new()) locals.Workflow[frm.doc.name] = frm.doc;
	["states", "transitions"].forEach((table) =>
		(frm.doc[table] || []).forEach((row) => {
			locals[row.doctype] = locals[row.doctype] || {};
			locals[row.doctype][row.name] = row;
		})
	);
}

function aeo_renamed_states(frm) {
	// rows saved under one name and now under another, whose old name no row keeps (as before_validate reads them)
	const current = new Set((frm.doc.states || []).map((row) => row.state));
	return (frm.doc.states || [])
		.filter((row) => {
			const before = (frm.aeo_saved_states || {})[row.name];
			return before && before !== row.state && !current.has(before);
		})
		.map((row) => ({ from: frm.aeo_saved_states[row.name], to: row.state }));
}

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
