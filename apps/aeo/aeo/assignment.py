"""Routing a record to the staff of its customs administration (BR.3, BR.8): shared fairly, through Frappe's
assignments (ToDo), to the enabled user of the role with the fewest open assignments of that DocType."""

import frappe
from frappe.desk.form.assign_to import add as add_assignment
from frappe.query_builder import DocType


def staff_of(role: str, customs_administration: str) -> list[str]:
	"""Enabled users holding `role` and scoped to `customs_administration` by User Permission."""
	user, has_role, scope = DocType("User"), DocType("Has Role"), DocType("User Permission")
	return (
		frappe.qb.from_(user)
		.join(has_role)
		.on((has_role.parent == user.name) & (has_role.parenttype == "User"))
		.join(scope)
		.on(scope.user == user.name)
		.select(user.name)
		.distinct()
		.where(
			(user.enabled == 1)
			& (has_role.role == role)
			& (scope.allow == "Customs Administration")
			& (scope.for_value == customs_administration)
		)
		.orderby(user.name)
		.run(pluck=True)
	)


def assign_fairly(doc, role: str, description: str, prefer: str | None = None) -> str | None:
	"""Assign `doc` to `prefer` if that user still holds `role` in the record's customs administration, else to the
	least-loaded holder; None when there is nobody."""
	candidates = staff_of(role, doc.customs_administration)
	if not candidates:
		return None
	if prefer in candidates:
		return add_to(doc, prefer, description)
	open_counts = dict(
		frappe.get_all(
			"ToDo",
			{"reference_type": doc.doctype, "status": "Open", "allocated_to": ("in", candidates)},
			["allocated_to", "count(name) as open"],
			group_by="allocated_to",
			as_list=True,
		)
	)
	user = min(candidates, key=lambda candidate: (open_counts.get(candidate, 0), candidate))
	return add_to(doc, user, description)


def add_to(doc, user: str, description: str) -> str:
	"""The system routes, whoever triggered it (a guest's submission included); Frappe tells the assignee."""
	add_assignment(
		{"assign_to": [user], "doctype": doc.doctype, "name": doc.name, "description": description},
		ignore_permissions=True,
	)
	return user
