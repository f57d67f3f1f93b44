from aeo.permissions import ESTABLISHMENT_OWNED, WORKFLOW_DOCTYPES

app_name = "aeo"
app_title = "AEO Portal"
app_publisher = "AEO Portal developers"
app_description = "Authorized Economic Operator programme portal for a customs authority"
app_email = "aeo-portal@example.invalid"
app_license = "Proprietary"

add_to_apps_screen = [
	{
		"name": "aeo",
		"logo": "/assets/aeo/images/aeo-logo.svg",
		"title": "AEO Portal",
		"route": "/app/aeo",
		"has_permission": "aeo.permissions.has_app_permission",
	}
]

app_include_css = "/assets/aeo/css/aeo_desk.css"
app_include_js = "/assets/aeo/js/aeo_desk.js"
boot_session = "aeo.boot.boot_session"
web_include_css = "/assets/aeo/css/aeo_portal.css"

after_install = "aeo.setup.install.after_install"
after_migrate = "aeo.setup.install.after_migrate"

update_website_context = "aeo.website.update_website_context"
# the app's permission layer over Frappe's own endpoints (aeo/security, docs/security.md): the client's address behind
# a trusted proxy, then every whitelisted call's arguments checked before Frappe runs it; headers on every response
before_request = [
	"aeo.security.requests.set_client_address",
	"aeo.website.default_guest_language",
	"aeo.security.gate.before_request",
]
after_request = ["aeo.security.requests.after_request"]

# after login, an establishment's users land on their portal home (staff: the desk)
role_home_page = {"Establishment Account Manager": "aeo/home", "AEO Data Entry User": "aeo/home"}


# Record-level scoping (aeo/permissions.py); portal users also never see surprise visits or unshared reports.
permission_query_conditions = {doctype: ["aeo.permissions.portal_scope_query"] for doctype in ESTABLISHMENT_OWNED}
# a child table queried directly shows only the rows of parent records the user may read (Frappe checks the DocType)
permission_query_conditions["*"] = ["aeo.security.scope.child_rows", "aeo.permissions.indexed_scope"]
has_permission = {doctype: ["aeo.permissions.has_portal_scope"] for doctype in ESTABLISHMENT_OWNED}
for _doctype in ("Assessment Meeting", "Assessment Report"):
	permission_query_conditions[_doctype].append("aeo.assessment.access.query_conditions")
	has_permission[_doctype].append("aeo.assessment.access.has_permission")

doc_events = {doctype: {"before_validate": ["aeo.permissions.guard_read_only_fields"]} for doctype in ESTABLISHMENT_OWNED}
# the records the app's Workflows move: staff change their status only through the workflow's transitions
for _doctype in WORKFLOW_DOCTYPES:
	doc_events.setdefault(_doctype, {"before_validate": []})["before_validate"].append(
		"aeo.permissions.guard_workflow_records"
	)

# routing follows each workflow (aeo/assignment.py); an administrator's edits of a Workflow hold (aeo/workflow_admin.py)
for _doctype in WORKFLOW_DOCTYPES:
	doc_events[_doctype].setdefault("on_update", []).append("aeo.assignment.route")
doc_events["Workflow"] = {
	"before_validate": ["aeo.workflow_admin.before_validate"],
	"on_update": ["aeo.workflow_admin.on_update"],
}
doctype_js = {"Workflow": "public/js/workflow.js"}

# uploads: content sniffed against the file's type; the scope's meta cache follows DocType edits
doc_events["File"] = {"before_insert": ["aeo.security.uploads.check_upload"]}
# notifications are decided with the step and delivered after it commits, by a background job (aeo/notifications.py)
doc_events["*"] = {"after_insert": ["aeo.notifications.defer"], "on_change": ["aeo.notifications.defer"]}
doc_events["Notification"] = {"on_update": ["aeo.notifications.clear_cache"], "on_trash": ["aeo.notifications.clear_cache"]}
# long Arabic subjects keep their spaces when Frappe re-serialises the message to send it (aeo/mail.py)
doc_events["Email Queue"] = {"before_insert": ["aeo.mail.fold_subject"]}
for _doctype in ("DocType", "Custom Field", "Customize Form"):
	doc_events.setdefault(_doctype, {})["on_update"] = ["aeo.security.scope.clear_cache"]

# the desk's PDF button renders an AEO certificate with WeasyPrint (Arabic shaping); other documents as Frappe does.
# Frappe endpoints that trust what they should check are answered by the app (aeo/security/overrides.py).
override_whitelisted_methods = {
	"frappe.utils.print_format.download_pdf": "aeo.certification.certificate_pdf.download_print_pdf",
	"frappe.client.get_count": "aeo.security.overrides.get_count",
	"frappe.client.validate_link": "aeo.security.overrides.validate_link",
	"run_doc_method": "aeo.security.overrides.run_doc_method",
	"runserverobj": "aeo.security.overrides.run_doc_method",
	"frappe.handler.run_doc_method": "aeo.security.overrides.run_doc_method",
	"frappe.handler.runserverobj": "aeo.security.overrides.run_doc_method",
	"frappe.utils.change_log.get_versions": "aeo.security.overrides.get_versions",
}

# pending e-mail codes and verified applicants (aeo/registry/onboarding.py) outlive a `bench clear-cache`
persistent_cache_keys = ["aeo:otp:*", "aeo:otp-cooldown:*", "aeo:otp-recipients:*", "aeo:applicant:*"]

# deadlines (BR.9, BR.10, the risk-screening escalation): idempotent daily jobs over indexed columns
scheduler_events = {"daily": ["aeo.application.deadlines.run_all"]}
