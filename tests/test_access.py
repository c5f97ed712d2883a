"""Every URL, seen by a province admin, an operator of the record's region (A) and an
operator of another region (B). B gets 403/404 and sees nothing of A's records in lists,
exports or counts."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.test_authz_matrix import url_names
from ucj.core.datasets import all_datasets

DATASETS = [ds.slug for ds in all_datasets()]


def csv_rows(response) -> list[dict]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def detail_url(slug, record):
    return reverse("record_detail", args=[slug, record.pk])


# --- the record pages ------------------------------------------------------------------------

@pytest.mark.parametrize("slug", DATASETS)
def test_province_admin_and_own_operator_see_the_record(client, records, admin_user, op_a, slug):
    record = records[slug]
    for user in (admin_user, op_a):
        client.force_login(user)
        listing = client.get(reverse("record_list", args=[slug]))
        assert listing.status_code == 200
        assert detail_url(slug, record).encode() in listing.content
        assert listing.context["count"] == 1
        assert client.get(detail_url(slug, record)).status_code == 200
        rows = csv_rows(client.get(reverse("record_export", args=[slug])))
        assert len(rows) == 1 and rows[0]["region_code"] == "52.03"


@pytest.mark.parametrize("slug", DATASETS)
def test_province_admin_and_own_operator_may_edit(client, records, admin_user, op_a, slug):
    record = records[slug]
    # Participation figures come from BPJS Ketenagakerjaan: regency operators read them only.
    expected = {admin_user: 200, op_a: 403 if slug == "participation" else 200}
    for user, status in expected.items():
        client.force_login(user)
        assert client.get(reverse("record_edit", args=[slug, record.pk])).status_code == status
        assert client.get(reverse("record_delete", args=[slug, record.pk])).status_code == status
        assert client.get(reverse("record_create", args=[slug])).status_code == status


@pytest.mark.parametrize("slug", DATASETS)
def test_it_rejects_other_region(client, records, op_b, slug):
    record = records[slug]
    client.force_login(op_b)
    listing = client.get(reverse("record_list", args=[slug]))
    assert listing.status_code == 200
    assert listing.context["count"] == 0
    assert detail_url(slug, record).encode() not in listing.content
    assert b"Lombok Timur" not in listing.content
    filtered = client.get(reverse("record_list", args=[slug]), {"region": "52.03"})
    assert filtered.context["count"] == 0
    assert csv_rows(client.get(reverse("record_export", args=[slug]))) == []
    for name in ("record_detail", "record_edit", "record_delete"):
        assert client.get(reverse(name, args=[slug, record.pk])).status_code == 404
    assert client.post(reverse("record_delete", args=[slug, record.pk])).status_code == 404
    assert client.post(reverse("record_edit", args=[slug, record.pk]), {}).status_code == 404
    assert type(record).objects.filter(pk=record.pk).exists()


@pytest.mark.parametrize("slug", DATASETS)
def test_viewer_reads_but_cannot_write(client, records, viewer, slug):
    record = records[slug]
    client.force_login(viewer)
    assert client.get(reverse("record_list", args=[slug])).context["count"] == 1
    assert client.get(detail_url(slug, record)).status_code == 200
    assert client.get(reverse("record_create", args=[slug])).status_code == 403
    assert client.get(reverse("record_edit", args=[slug, record.pk])).status_code == 403
    assert client.post(reverse("record_delete", args=[slug, record.pk])).status_code == 403
    assert type(record).objects.filter(pk=record.pk).exists()


@pytest.mark.parametrize("slug", DATASETS)
def test_anonymous_is_sent_to_login(client, records, slug):
    record = records[slug]
    for url in (reverse("record_list", args=[slug]), reverse("record_export", args=[slug]),
                detail_url(slug, record), reverse("record_create", args=[slug])):
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_bpjs_operator_writes_participation_only_in_its_branch(client, records, bpjs):
    client.force_login(bpjs)
    assert client.get(reverse("record_create", args=["participation"])).status_code == 200
    assert client.get(reverse("record_create", args=["allocations"])).status_code == 403
    # Lombok Timur is not served by this branch: the participation record is invisible.
    response = client.get(detail_url("participation", records["participation"]))
    assert response.status_code == 404
    form = client.get(reverse("record_create", args=["participation"])).context["form"]
    assert sorted(form.fields["region"].queryset.values_list("code", flat=True)) == ["52.01",
                                                                                    "52.71"]


def test_the_region_choice_offers_only_writable_regions(client, ntb, op_a, admin_user, package):
    client.force_login(op_a)
    form = client.get(reverse("record_create", args=["allocations"])).context["form"]
    assert list(form.fields["region"].queryset.values_list("code", flat=True)) == ["52.03"]
    client.force_login(admin_user)
    form = client.get(reverse("record_create", args=["allocations"])).context["form"]
    assert list(form.fields["region"].queryset.values_list("code", flat=True)) == [
        "52", "52.01", "52.02", "52.03", "52.71"]


def test_operator_cannot_create_in_another_region_by_tampering(client, ntb, op_b, package):
    from ucj.budget.models import Allocation

    client.force_login(op_b)
    response = client.post(reverse("record_create", args=["allocations"]), {
        "region": ntb["52.03"].pk, "fiscal_year": 2026, "stage": "murni",
        "funding_source": "apbd_kabkota", "package": package.pk, "amount": "201.600.000",
        "workers_planned": "1.000", "start_month": 1, "months_covered": 12,
    })
    assert response.status_code == 200
    assert "region" in response.context["form"].errors
    assert not Allocation.objects.exists()


# --- documents ---------------------------------------------------------------------------

def test_signed_document_is_scoped(client, records, admin_user, op_a, op_b):
    from ucj.budget import services

    pdf = SimpleUploadedFile("perbup.pdf", b"%PDF-1.4\n%test\n", content_type="application/pdf")
    commitment = services.commitment_update(actor=admin_user, commitment=records["commitments"],
                                            document=pdf, status="signed")
    url = reverse("commitment_document", args=[commitment.pk])
    for user in (admin_user, op_a):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200
        assert b"".join(response.streaming_content).startswith(b"%PDF-")
    client.force_login(op_b)
    assert client.get(url).status_code == 404


# --- the other pages ---------------------------------------------------------------------

def test_home_shows_every_region_aggregate_to_every_user(client, records, admin_user, op_a, op_b,
                                                         viewer, bpjs):
    for user in (admin_user, op_a, op_b, viewer, bpjs):
        client.force_login(user)
        response = client.get(reverse("home"))
        assert response.status_code == 200
        # aggregates of every regency are visible (peer comparison) …
        assert b"Lombok Timur" in response.content and b"Lombok Tengah" in response.content
        # … but never a record of region A (the home page shows aggregates only).
        for slug, record in records.items():
            assert detail_url(slug, record).encode() not in response.content


def test_regions_pages_are_readable_by_all_signed_in_users(client, ntb, admin_user, op_a, op_b):
    for user in (admin_user, op_a, op_b):
        client.force_login(user)
        assert client.get(reverse("region_list")).status_code == 200
        assert client.get(reverse("region_detail", args=["52.03"])).status_code == 200
    assert client.get(reverse("region_detail", args=["99.99"])).status_code == 404


def test_audit_log_is_scoped(client, records, admin_user, op_a, op_b):
    allocation = records["allocations"]
    client.force_login(admin_user)
    assert allocation.__str__().encode() in client.get(reverse("audit_list")).content
    client.force_login(op_a)
    response = client.get(reverse("audit_list"))
    assert str(allocation).encode() in response.content
    assert response.context["count"] == 5  # the five records of region A
    client.force_login(op_b)
    response = client.get(reverse("audit_list"))
    assert response.context["count"] == 0
    assert b"Lombok Timur" not in response.content.split(b"<table")[-1]
    assert csv_rows(client.get(reverse("audit_export"))) == []


def test_user_management_is_for_the_province_admin_only(client, admin_user, op_a, op_b, viewer,
                                                        bpjs):
    urls = [reverse("user_list"), reverse("user_create"),
            reverse("user_edit", args=[op_a.pk])]
    client.force_login(admin_user)
    for url in urls:
        assert client.get(url).status_code == 200
    for user in (op_a, op_b, viewer, bpjs):
        client.force_login(user)
        for url in urls:
            assert client.get(url).status_code == 403
        assert client.post(reverse("user_password", args=[op_a.pk]),
                           {"password": "x", "password2": "x"}).status_code == 403


def test_password_change_page_for_every_user(client, admin_user, op_a, op_b):
    for user in (admin_user, op_a, op_b):
        client.force_login(user)
        assert client.get(reverse("password_change")).status_code == 200


# --- the inventory: every named URL is exercised above ---------------------------------------
# The generated matrix (tests/test_authz_matrix.py) checks every URL for all ten kinds of
# user from the capability table; this inventory names the hand-written tests behind each.

COVERED = {
    # national views (issue 21): tests/test_national_views.py, tests/test_national_public.py
    "national_dashboard", "national_export", "national_report", "public_national",
    "public_national_csv", "national_regency_map",
    # the API (issue 18): tests/test_api.py (every endpoint × role × own/other region)
    "api_schema", "api_docs", "api_tokens", "api_token_revoke", "api_regions", "api_region",
    "api_region_indicators", "api_submissions", "api_actions", "api_action",
    "api_commitment_document",  # tests/test_api_writes.py (every role)
    "api_imports", "api_import", "api_import_apply",  # tests/test_api_imports.py (every role)
    # BPJS exchange: tests/test_api_exchange.py (every endpoint × role × region)
    "api_registry_participants", "api_registry_participant", "api_registry_registration",
    *[f"api_{slug}{end}" for slug in ("denominators", "participation", "commitments",
                                      "allocations", "realizations") for end in ("", "_detail")],
    # budget cycle: tests/test_cycle.py (every role) and tests/test_authz_matrix.py
    "cycle_province", "cycle_followthrough", "cycle_calendar", "cycle_region", "cycle_record",
    "cycle_document", "cycle_deadline_edit",
    "policy_list", "policy_edit",  # province policy (issue 20): tests/test_policy.py
    "home", "login", "logout", "password_change", "user_list", "user_create", "user_edit",
    "user_password", "region_list", "region_detail", "audit_list", "audit_export",
    "commitment_document", "record_list", "record_export", "record_create", "record_detail",
    "record_edit", "record_delete", "set_language", "threshold_list", "threshold_edit",
    "dashboard", "dashboard_export", "dashboard_trend_export", "region_history_export",
    "region_realization_export", "budget_calculator",
    # the submission workflow: tests/test_submissions.py (admin, own and other operator, viewer)
    "submission_list", "submission_export", "submission_bulk_approve", "submission_detail",
    "submission_submit", "submission_approve", "submission_return", "submission_reopen",
    # the spreadsheet import: tests/test_imports.py::test_import_pages_for_every_role (admin,
    # own and other operator, viewer, anonymous) and the other tests of tests/test_imports.py
    "import_start", "import_template", "import_detail", "import_apply", "import_discard",
    "import_errors", "import_progress",
    # the budget planner: tests/test_scenarios.py (admin, own and other operator, viewer)
    "budget_province", "scenario_list", "scenario_save", "scenario_compare", "scenario_detail",
    "scenario_promote", "scenario_delete", "scenario_export",
    "budget_coding_list", "budget_coding", "budget_coding_save", "allocation_dpa",  # rka
    # the tariffs page: tests/test_tariffs.py (admin, own and other operator, viewer, anonymous)
    "tariff_list", "tariff_rate_create", "tariff_rate_edit", "tariff_discount_create",
    "tariff_discount_edit",
    # allocation evidence: tests/test_realization_evidence.py (every role)
    "allocation_document_upload", "allocation_document_download", "allocation_document_delete",
    # the beneficiary registry: tests/test_registry.py (admin, own and other operator, viewer,
    # BPJS, anonymous)
    "registry_home", "registry_list_upload", "registry_participants_upload", "registry_mapping",
    "registry_run", "registry_progress", "registry_cancel", "registry_export", "registry_row",
    "registry_fund", "registry_enrollments", "registry_registration_file",
    # coordination forums: tests/test_forum_meetings.py, tests/test_forum_actions.py and
    # tests/test_forum_brief.py (admin, own and other operator, viewer, BPJS, anonymous)
    "meeting_list", "meeting_create", "meeting_detail", "meeting_edit", "meeting_attendees",
    "attachment_upload", "attachment_download", "attachment_delete", "meeting_brief",
    "meeting_brief_pdf", "challenge_list", "challenge_create", "challenge_edit", "action_list",
    "action_create", "action_detail", "action_edit", "action_update", "evidence_download",
    "reminder_list", "reminder_email_toggle",
    "meeting_brief_pdf_order",  # tests/test_brief_pdf.py (issue 19: the brief's PDF queued)
    # reports: tests/test_reports.py; the public page: tests/test_public_page.py (anonymous too)
    "report_list", "report_create", "report_detail", "report_download", "public_page",
    "public_csv",
    # reconciliation with BPJS: tests/test_reconciliation.py (admin, viewer, own and other
    # operator, BPJS in and out of scope, anonymous)
    "reconciliation", "reconciliation_export", "reconciliation_lapsing",
    "reconciliation_lapsing_export",
    "health", "ready",  # public JSON: tests/test_health.py and tests/test_authz_matrix.py
    # home, approval inbox, reporting calendar, completeness (issue 19): tests/test_home.py,
    # tests/test_inbox.py, tests/test_completeness.py (every role)
    "submission_inbox", "reporting_calendar", "reporting_deadline_edit", "completeness",
    "completeness_export",
}


def test_every_url_is_covered_by_access_tests():
    names = url_names()
    assert names == COVERED, f"new URLs need access tests: {names - COVERED}"
