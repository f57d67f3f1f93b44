"""Issue 12: a save or a workflow step costs a fixed number of SQL queries, whatever the data, counted in-process on
the steps people take most; the benchmark (tests/benchmarks/scale.py) shows the same counts at 1k and at larger
sizes. A count, never a time.

The issue's target is 60 for every step. A staff save meets it. Start Review does not yet: Frappe loads the
application and its nine child tables three times per step (the request's copy, the copy before saving, and the
workflow's reload), and it writes its Workflow Action. Confirm Completeness does not either: it opens a risk
screening for each other administration, with its task, notice and e-mails (six administrations, about 70 queries
each). The budgets below are today's counts with a margin, so that a change that adds queries per step fails here
(docs/performance.md)."""

from contextlib import contextmanager
from unittest.mock import patch

import frappe
from frappe.model.workflow import apply_workflow

from tests.integration.test_application_review import establishment, staff, submitted  # noqa: F401 (fixtures)

QUERY_TARGET = 60
BUDGETS = {"a staff save": QUERY_TARGET, "Start Review": 115, "Confirm Completeness": 480}


@contextmanager
def counted_queries():
	"""Every statement sent through frappe.db.sql while the block runs."""
	statements = []
	original = frappe.db.sql

	def counting(query, *args, **kwargs):
		statements.append(str(query)[:160])
		return original(query, *args, **kwargs)

	frappe.db.sql = counting
	try:
		yield statements
	finally:
		del frappe.db.sql


def as_user(user: str, action, *args):
	frappe.set_user(user)
	try:
		with counted_queries() as statements:
			action(*args)
	finally:
		frappe.set_user("Administrator")
	return statements


def test_saves_and_workflow_steps_stay_within_their_query_budgets(staff, establishment):  # noqa: F811
	name = submitted(establishment)
	frappe.db.rollback()
	doc = frappe.get_doc("Joining Application", name)
	administrator = doc.assigned_administrator
	steps = {
		"Start Review": as_user(administrator, lambda: apply_workflow(frappe.get_doc("Joining Application", name),
			"Start Review")),
		"a staff save": as_user(administrator, lambda: frappe.get_doc("Joining Application", name).save()),
		"Confirm Completeness": as_user(administrator, lambda: apply_workflow(
			frappe.get_doc("Joining Application", name), "Confirm Completeness")),
	}
	frappe.db.rollback()
	over = {step: len(statements) for step, statements in steps.items() if len(statements) > BUDGETS[step]}
	assert not over, over


def test_a_save_evaluates_only_the_notifications_whose_field_changed(staff, establishment):  # noqa: F811
	"""aeo/notifications.py: Frappe would load and evaluate every Value Change notification of the DocType on each
	save; those whose field kept its value are skipped, the one whose field changed is still evaluated."""
	from frappe.email.doctype.notification import notification

	name = submitted(establishment)
	frappe.db.rollback()
	watched = frappe.get_all("Notification", {"document_type": "Joining Application", "event": "Value Change",
		"enabled": 1}, ["name", "value_changed"])
	assert len(watched) > 1
	with patch.object(notification, "evaluate_alert", wraps=notification.evaluate_alert) as evaluated:
		doc = frappe.get_doc("Joining Application", name)
		doc.activities_description = (doc.activities_description or "") + " (updated)"
		doc.flags.ignore_permissions = True
		doc.save()
		assert not [c for c in evaluated.call_args_list if c.args[2] == "Value Change"]
		doc = frappe.get_doc("Joining Application", name)
		doc.review_overdue = 1
		doc.save()
		changed = {c.args[1] for c in evaluated.call_args_list if c.args[2] == "Value Change"}
	frappe.db.rollback()
	assert changed == {row.name for row in watched if row.value_changed == "review_overdue"}
