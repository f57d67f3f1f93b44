"""AEO Settings: every programme parameter of 05_rules_appendices.md §1.1 with the spec's default, validated."""

import frappe
import pytest

SPEC_DEFAULTS = {
	"otp_validity_minutes": 3,  # BR.5
	"customs_review_sla_days": 30,  # BR.9
	"returned_application_completion_days": 30,  # BR.10
	"saq_completion_working_days": 15,  # BR.16
	"licence_default_validity_years": 2,  # BR.17
	"corrective_action_period_days": 90,  # BR.19
	"corrective_action_extension_days": 90,  # BR.20
	"appeal_window_days": 30,  # BR.21
	"hearing_scheduling_sla_days": 15,  # BR.22
	"post_hearing_arguments_days": 7,  # BR.23
	"periodic_reassessment_max_years": 5,  # BR.24
	"reassessment_notice_lead_months": 6,  # BR.24
	"assessment_team_min_size": 2,  # BR.28
}
OPEN_IN_BRD = ["account_request_ref_format", "joining_application_ref_format", "username_format",  # BR.2, BR.11, BR.4
	"certificate_number_format",  # §5.3.9
	"draft_retention_days", "meeting_min_notice_days", "other_administrations_response_days"]  # BR.7, BR.26, T1


def settings():
	return frappe.get_doc("AEO Settings")


@pytest.mark.parametrize("fieldname,value", SPEC_DEFAULTS.items())
def test_spec_default(fieldname, value):
	assert settings().get(fieldname) == value


@pytest.mark.parametrize("fieldname", OPEN_IN_BRD)
def test_parameters_the_brd_leaves_open_have_a_value(fieldname):
	assert settings().get(fieldname)


def test_per_emirate_rules_br13_br27():
	rules = {row.emirate: row for row in settings().emirate_rules}
	assert set(rules) == {"Abu Dhabi", "Dubai", "Sharjah", "Ajman", "Umm Al Quwain", "Ras Al Khaimah", "Fujairah"}
	assert {e for e, r in rules.items() if r.allow_account_requests} == {"Abu Dhabi", "Dubai"}  # BR.27
	assert {e for e, r in rules.items() if r.issues_certificates} == {"Abu Dhabi", "Dubai"}
	assert all(r.unified_application for r in rules.values())  # BR.13 default: one application per head office


BAD_INPUTS = [
	("account_request_ref_format", "ACR-.YYYY.", "at least three #"),
	("joining_application_ref_format", "AEO 2026 ###", "at least three #"),
	("certificate_number_format", "CERT-.YYYY.", "at least three #"),
	("customs_review_sla_days", 0, "at least 1"),
	("otp_validity_minutes", -5, None),
	("weekend_days", "Funday", "day names"),
	("allowed_attachment_extensions", "pdf; exe!", "file extensions"),
]


@pytest.mark.parametrize("fieldname,value,message", BAD_INPUTS)
def test_bad_input_is_refused_with_a_clear_message_and_changes_nothing(fieldname, value, message):
	before = settings().get(fieldname)
	doc = settings()
	doc.set(fieldname, value)
	with pytest.raises(frappe.ValidationError) as raised:
		doc.save()
	label = doc.meta.get_label(fieldname)
	text = str(raised.value)
	assert message is None or message in text
	assert message is None or label in text
	frappe.db.rollback()
	assert settings().get(fieldname) == before


def test_duplicate_emirate_rule_is_refused():
	doc = settings()
	doc.append("emirate_rules", {"emirate": "Dubai"})
	with pytest.raises(frappe.ValidationError, match="appears twice"):
		doc.save()
	frappe.db.rollback()


def test_good_edit_is_saved_and_normalised():
	doc = settings()
	doc.weekend_days = "friday,saturday"
	doc.allowed_attachment_extensions = ".PDF, png"
	doc.save()
	frappe.db.commit()
	fresh = settings()
	assert (fresh.weekend_days, fresh.allowed_attachment_extensions) == ("Friday, Saturday", "pdf, png")
	fresh.weekend_days, fresh.allowed_attachment_extensions = "Saturday, Sunday", "pdf, png, jpg, jpeg"
	fresh.save()
	frappe.db.commit()
