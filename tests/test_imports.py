"""The importer's rules, through its services, the pages and the command: all rows or none,
the user's regions, locked periods, warnings to confirm, the check that nothing changed
since the preview, the record it keeps (ImportJob, audit events), the error workbook, the
template, formula injection, and who may see which import page."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation

from tests.import_helpers import (
    apply,
    error_rows,
    record_events,
    sheet_rows,
    snapshot,
    text_of,
    upload,
    workbook,
    xlsx_bytes,
)
from ucj.audit.models import Action, AuditEvent
from ucj.budget.models import Allocation, Commitment
from ucj.coverage.models import ParticipationSnapshot, WorkforceDenominator
from ucj.imports import services
from ucj.imports.models import ImportJob, ImportStatus
from ucj.submissions import services as submissions
from ucj.submissions.models import Submission

DENOMINATOR_KEYS = ["region_code", "region_name", "year", "workforce_potential", "employed",
                    "informal", "vulnerable_target", "source_note"]
PARTICIPATION_KEYS = ["region_code", "region_name", "month", "segment", "active", "new"]


def csv_file(rows: list[list], *, delimiter: str = ",") -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter).writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")


def denominators_csv(*rows: list) -> bytes:
    return csv_file([DENOMINATOR_KEYS, *rows])


def participation_csv(*rows: list) -> bytes:
    return csv_file([PARTICIPATION_KEYS, *rows])


def english(client) -> None:
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def write_file(tmp_path: Path, name: str, data: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


@pytest.fixture
def lotim(ntb):
    return ntb["52.03"]


# --- all rows or none -----------------------------------------------------------------------

def fifty_denominator_rows(bad_row: int | None = None) -> bytes:
    rows = []
    for i in range(50):
        code = ["52.01", "52.02", "52.03", "52.71"][i % 4]
        potential = "sekitar 400 ribu" if i + 2 == bad_row else f"{400_000 + i:,}".replace(",", ".")
        rows.append([code, "", 2010 + i // 4, potential, "", "", "", "BPS"])
    return denominators_csv(*rows)


def test_one_invalid_row_in_fifty_writes_nothing(client, records, admin_user):
    before = snapshot()
    with pytest.raises(ValidationError) as raised:
        services.import_file_now(actor=admin_user, dataset="denominators",
                                 data=fifty_denominator_rows(bad_row=37), file_name="50.csv")
    assert len(raised.value.messages) == 1 and "37" in raised.value.messages[0]
    assert snapshot() == before and not ImportJob.objects.exists()

    client.force_login(admin_user)
    _response, job = upload(client, "denominators", "50.csv", fifty_denominator_rows(bad_row=37))
    assert job.status == ImportStatus.INVALID
    assert (job.rows_total, job.rows_invalid, job.rows_created) == (50, 1, 49)
    assert [e["row"] for e in job.report["errors"]] == [37]
    assert snapshot() == before

    _response, job = upload(client, "denominators", "50.csv", fifty_denominator_rows())
    apply(client, job)
    job.refresh_from_db()
    assert job.status == ImportStatus.APPLIED and job.rows_created == 50
    assert WorkforceDenominator.objects.count() == 51


def test_a_failure_while_applying_rolls_every_row_back(records, admin_user, monkeypatch):
    job = services.import_stage(actor=admin_user, dataset="denominators",
                                data=fifty_denominator_rows(), file_name="50.csv")
    before, events = snapshot(), AuditEvent.objects.count()

    def disk_full(**kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(services, "audit_log", disk_full)  # after the records were written
    with pytest.raises(OSError):
        services.import_apply(actor=admin_user, job=job)
    assert snapshot() == before and AuditEvent.objects.count() == events
    job.refresh_from_db()
    assert job.status == ImportStatus.STAGED


def test_it_refuses_to_apply_after_the_uploaders_role_lost_the_dataset(records, op_a):
    """Apply asks the capability table again: a role changed since the upload writes nothing."""
    from ucj.accounts.models import Role

    job = services.import_stage(actor=op_a, dataset="denominators",
                                data=denominators_csv(["52.03", "", 2021, "430.000", "", "", "",
                                                       "BPS"]), file_name="d.csv")
    assert job.status == ImportStatus.STAGED
    before = snapshot()
    op_a.role = Role.PROVINSI_VIEWER
    op_a.save(update_fields=["role"])
    with pytest.raises(PermissionDenied):
        services.import_apply(actor=op_a, job=job)
    assert snapshot() == before
    job.refresh_from_db()
    assert job.status == ImportStatus.STAGED


# --- the user's regions ------------------------------------------------------------------------

def test_bpjs_operator_imports_participation_for_its_branch_regions_only(client, records, bpjs):
    client.force_login(bpjs)
    template = client.get(reverse("import_template"),
                          {"dataset": "participation", "period": "2025-06"}).content
    assert sorted({row[0] for row in sheet_rows(template)[1:]}) == ["52.01", "52.71"]

    own = participation_csv(["52.01", "", "2025-06", "PU", "1.000", 0],
                            ["5271", "", "2025-06", "BPU", "2.000", 0])
    _response, job = upload(client, "participation", "cabang.csv", own)
    assert job.status == ImportStatus.STAGED
    apply(client, job, confirm=True)  # no denominators yet for these regions: warnings
    assert sorted(ParticipationSnapshot.objects.values_list("region__code", flat=True)) == [
        "52.01", "52.03", "52.71"]

    before = snapshot()
    other = participation_csv(["52.03", "", "2025-07", "PU", "1.000", 0])
    _response, job = upload(client, "participation", "lotim.csv", other)
    assert job.status == ImportStatus.INVALID
    assert job.report["errors"][0]["row"] == 2 and job.report["errors"][0]["column"] == "A"
    assert "Lombok Timur" in job.report["errors"][0]["reason"]
    assert snapshot() == before


def test_it_rejects_rows_outside_the_users_regions(client, records, op_b):
    before = snapshot()
    client.force_login(op_b)
    english(client)
    data = denominators_csv(["52.02", "", 2026, 300_000, "", "", "", ""],
                            ["52.03", "", 2026, 460_000, "", "", "", ""])
    response, job = upload(client, "denominators", "dua.csv", data)
    assert job.status == ImportStatus.INVALID
    assert error_rows(response.content) == [
        ["3", "A · Kode wilayah", "52.03",
         "Lombok Timur is outside the regions you may enter data for."]]
    assert snapshot() == before


def test_it_refuses_import_pages_to_viewers_and_datasets_the_role_does_not_write(
        client, records, viewer, op_a, tmp_path):
    client.force_login(viewer)
    assert client.get(reverse("import_start")).status_code == 403
    assert client.post(reverse("import_start"), {"dataset": "denominators"}).status_code == 403
    assert client.get(reverse("import_template"),
                      {"dataset": "denominators", "period": "2025"}).status_code == 403

    # Regency operators read participation (BPJS figures) but do not write it.
    client.force_login(op_a)
    assert client.get(reverse("import_template"),
                      {"dataset": "participation", "period": "2025-06"}).status_code == 403
    data = participation_csv(["52.03", "", "2025-06", "PU", "1.000", 0])
    response, job = upload(client, "participation", "p.csv", data)
    assert job is None and "dataset" in response.context["form"].errors
    with pytest.raises(CommandError, match="may not enter participation"):
        call_command("import_data", "participation", write_file(tmp_path, "p.csv", data),
                     user="op.lotim", stdout=io.StringIO(), stderr=io.StringIO())
    assert not ParticipationSnapshot.objects.exclude(pk=records["participation"].pk).exists()


# --- locked periods ----------------------------------------------------------------------------

def test_it_refuses_rows_in_submitted_or_approved_periods(records, op_a, admin_user, lotim):
    submissions.submission_submit(actor=op_a, region=lotim, dataset="denominators", period="2025")
    submissions.submission_approve(actor=admin_user, region=lotim, dataset="allocations",
                                   period="2025")
    before = snapshot()
    with translation.override("en"):
        plan, _table = services.plan_file(
            actor=op_a, dataset="denominators", file_name="d.csv",
            data=denominators_csv(["52.03", "", 2025, 460_000, "", "", "", ""]))
        assert [p.message for p in plan.problems] == [
            "Row 2: the figures of Lombok Timur for 2025 are submitted and locked; ask the "
            "province to return or reopen them."]
        plan, _table = services.plan_file(
            actor=op_a, dataset="allocations", file_name="a.csv", data=csv_file([
                ["region_code", "fiscal_year", "stage", "funding_source", "amount",
                 "workers_planned", "start_month", "months_covered", "package"],
                ["52.03", 2025, "murni", "dbhcht", 2_016_000, 10, 1, 12, "bpu-jkk-jkm"]]))
        assert [p.message for p in plan.problems] == [
            "Row 2: the figures of Lombok Timur for 2025 are approved and locked; ask the "
            "province to return or reopen them."]
    assert snapshot() == before


def test_unchanged_rows_in_a_locked_period_are_fine(client, records, op_a, admin_user, lotim):
    submissions.submission_approve(actor=admin_user, region=lotim, dataset="allocations",
                                   period="2025")
    client.force_login(op_a)
    template = client.get(reverse("import_template"),
                          {"dataset": "allocations", "period": "2025"}).content
    wb = workbook(template)
    for column, value in zip("ACDEGHIJK", ["5203", 2026, "APBD murni", "APBD kabupaten/kota",
                                           "Rp 201.600.000", "1.000", 1, 12, "bpu-jkk-jkm"],
                             strict=True):
        wb["Data"][f"{column}3"] = value
    _response, job = upload(client, "allocations", "alokasi.xlsx", xlsx_bytes(wb))
    assert job.status == ImportStatus.STAGED
    assert (job.rows_created, job.rows_changed, job.rows_unchanged) == (1, 0, 1)
    apply(client, job)
    assert Allocation.objects.filter(fiscal_year=2026).count() == 1
    assert Submission.objects.get().state == "approved"


def test_returned_figures_can_be_imported_again(client, records, op_a, admin_user, lotim):
    submission = submissions.submission_submit(actor=op_a, region=lotim, dataset="denominators",
                                               period="2025")
    submissions.submission_return(actor=admin_user, submission=submission, reason="cek BPS")
    client.force_login(op_a)
    _response, job = upload(client, "denominators", "d.csv",
                            denominators_csv(["52.03", "", 2025, 460_000, "", "", "", ""]))
    assert job.status == ImportStatus.STAGED
    apply(client, job)
    assert WorkforceDenominator.objects.get(year=2025).workforce_potential == 460_000


# --- warnings ----------------------------------------------------------------------------------

# Lombok Barat has no denominator for 2025: coverage cannot be computed, a warning.
WARNED = participation_csv(["52.01", "", "2025-06", "PU", "1.000", 0])


def test_warnings_must_be_confirmed_on_the_page(client, records, bpjs):
    client.force_login(bpjs)
    english(client)
    response, job = upload(client, "participation", "p.csv", WARNED)
    assert job.status == ImportStatus.STAGED and job.rows_warned == 1
    page = response.content.decode()
    assert "There is no workforce denominator for Lombok Barat in 2025" in page
    assert 'name="confirm_warnings"' in page
    before = snapshot()
    response = apply(client, job)
    assert "tick the confirmation to apply" in " ".join(messages_of(response))
    job.refresh_from_db()
    assert job.status == ImportStatus.STAGED and snapshot() == before
    apply(client, job, confirm=True)
    job.refresh_from_db()
    assert job.status == ImportStatus.APPLIED
    snapshot_ = ParticipationSnapshot.objects.get(region__code="52.01")
    assert snapshot_.flags == [job.report["warnings"][0]["warnings"][0]]


def test_warnings_must_be_confirmed_on_the_command_line(records, bpjs, tmp_path):
    path = write_file(tmp_path, "p.csv", WARNED)
    before = snapshot()
    err = io.StringIO()
    with pytest.raises(CommandError, match="--confirm-warnings"):
        call_command("import_data", "participation", path, user="bpjs.mataram", lang="en",
                     stdout=io.StringIO(), stderr=err)
    assert "! Lombok Barat" in err.getvalue() and "no workforce denominator" in err.getvalue()
    assert snapshot() == before and not ImportJob.objects.exists()
    out = io.StringIO()
    call_command("import_data", "participation", path, user="bpjs.mataram", lang="en",
                 confirm_warnings=True, stdout=out, stderr=io.StringIO())
    assert "Applied import" in out.getvalue()
    assert ParticipationSnapshot.objects.filter(region__code="52.01", active=1_000).exists()


# --- nothing changed since the preview ---------------------------------------------------------

CHANGE_2025 = denominators_csv(["52.03", "", 2025, "460.000", 433_000, 326_000, 71_000, "BPS"])


def test_it_refuses_to_apply_when_the_data_changed_since_the_preview(client, records, op_a,
                                                                     admin_user):
    from ucj.coverage import services as coverage

    client.force_login(op_a)
    english(client)
    _response, job = upload(client, "denominators", "d.csv", CHANGE_2025)
    assert job.report["changed"][0]["changes"] == [["Potensi tenaga kerja", "453,748", "460,000"]]
    coverage.denominator_update(actor=admin_user, denominator=records["denominators"],
                                workforce_potential=455_000)
    before, events = snapshot(), record_events().count()
    response = apply(client, job)  # the worker finds the plan changed: the page says so
    assert "The data changed since the preview" in text_of(response.content.decode())
    assert snapshot() == before and record_events().count() == events
    job.refresh_from_db()
    assert job.status == ImportStatus.STAGED  # still valid: the preview now shows the new plan
    assert job.error.startswith("The data changed since the preview")
    assert job.report["changed"][0]["changes"] == [["Potensi tenaga kerja", "455,000", "460,000"]]
    assert "455,000" in response.content.decode()
    apply(client, job)  # applying what the new preview shows
    job.refresh_from_db()
    assert job.status == ImportStatus.APPLIED and job.error == ""
    assert WorkforceDenominator.objects.get(year=2025).workforce_potential == 460_000


def test_a_period_locked_since_the_preview_makes_the_import_invalid(client, records, op_a, lotim):
    client.force_login(op_a)
    _response, job = upload(client, "denominators", "d.csv", CHANGE_2025)
    submissions.submission_submit(actor=op_a, region=lotim, dataset="denominators", period="2025")
    before = snapshot()
    apply(client, job)
    job.refresh_from_db()
    assert job.status == ImportStatus.INVALID and job.rows_invalid == 1 and not job.plan_digest
    assert job.report["errors"][0]["row"] == 2
    assert snapshot() == before


# --- the command line --------------------------------------------------------------------------

def test_dry_run_writes_nothing(records, op_a, tmp_path):
    path = write_file(tmp_path, "d.csv", denominators_csv(
        ["52.03", "", 2025, "460.000", 433_000, 326_000, 71_000, "BPS"],
        ["5203", "", 2026, "470.000", "", "", "", ""]))
    before, events = snapshot(), AuditEvent.objects.count()
    out = io.StringIO()
    call_command("import_data", "denominators", path, user="op.lotim", dry_run=True, lang="en",
                 stdout=out, stderr=io.StringIO())
    assert "2 rows read, 0 left unfilled; 1 new, 1 changed, 0 unchanged" in out.getvalue()
    assert "workforce_potential: 453748 → 460000" in out.getvalue()
    assert "Dry run: nothing was written." in out.getvalue()
    assert snapshot() == before and AuditEvent.objects.count() == events
    assert not ImportJob.objects.exists()


def test_the_command_imports_and_keeps_the_same_record_as_the_page(records, op_a, tmp_path):
    data = denominators_csv(["52.03", "", 2026, "470.000", "", "", "", "BPS"])
    path = write_file(tmp_path, "penyebut-2026.csv", data)
    call_command("import_data", "denominators", path, user="op.lotim", stdout=io.StringIO(),
                 stderr=io.StringIO())
    job = ImportJob.objects.get()
    assert (job.status, job.actor, job.file_name, job.file_format) == (
        ImportStatus.APPLIED, op_a, "penyebut-2026.csv", "csv")
    assert job.checksum == hashlib.sha256(data).hexdigest() and job.size == len(data)
    assert (job.rows_total, job.rows_created, job.rows_changed) == (1, 1, 0)
    created = WorkforceDenominator.objects.get(year=2026)
    assert (created.import_job, created.created_by, created.updated_by) == (job, op_a, op_a)
    assert AuditEvent.objects.filter(action=Action.IMPORT, object_id=str(job.pk)).count() == 1


def test_the_command_requires_a_known_user_and_file(records, op_a, tmp_path):
    with pytest.raises(CommandError, match="No active user"):
        call_command("import_data", "denominators", write_file(tmp_path, "d.csv", CHANGE_2025),
                     user="nobody", stdout=io.StringIO(), stderr=io.StringIO())
    with pytest.raises(CommandError, match="File not found"):
        call_command("import_data", "denominators", str(tmp_path / "missing.csv"),
                     user="op.lotim", stdout=io.StringIO(), stderr=io.StringIO())


# --- what an import keeps ----------------------------------------------------------------------

def test_every_import_records_its_file_counts_actor_and_an_audit_event_per_change(
        client, records, bpjs, django_capture_on_commit_callbacks):
    client.force_login(bpjs)
    data = participation_csv(["52.01", "", "2025-06", "PU", "1.000", 10],
                             ["52.71", "", "2025-06", "PU", "2.000", 20])
    fixture_events = set(record_events().values_list("pk", flat=True))
    with django_capture_on_commit_callbacks(execute=True):
        _response, job = upload(client, "participation", "kepesertaan-juni.csv", data)
    stored = Path(job.stored_path)
    assert stored.read_bytes() == data
    assert (job.file_name, job.file_format, job.size, job.actor) == (
        "kepesertaan-juni.csv", "csv", len(data), bpjs)
    assert job.checksum == hashlib.sha256(data).hexdigest()
    assert (job.rows_total, job.rows_created, job.rows_changed, job.rows_unchanged,
            job.rows_invalid, job.rows_warned) == (2, 2, 0, 0, 0, 2)
    upload_event = AuditEvent.objects.get(action=Action.UPLOAD)
    assert (upload_event.object_type, upload_event.object_id) == ("imports.importjob", str(job.pk))
    assert set(record_events().values_list("pk", flat=True)) == fixture_events  # none yet

    with django_capture_on_commit_callbacks(execute=True):
        apply(client, job, confirm=True)
    job.refresh_from_db()
    assert job.status == ImportStatus.APPLIED and job.applied_at and job.stored_path == ""
    assert not stored.exists()  # the file is kept only until applied
    created = ParticipationSnapshot.objects.filter(region__code__in=["52.01", "52.71"])
    # New records point to the import that made them (its file, checksum, actor, time);
    # their values are the file's, so they need no event each.
    assert [(s.import_job_id, s.created_by) for s in created] == [(job.pk, bpjs)] * 2
    assert not record_events().exclude(pk__in=fixture_events).exists()
    summary = AuditEvent.objects.get(action=Action.IMPORT)
    assert (summary.object_type, summary.object_id, summary.actor) == (
        "imports.importjob", str(job.pk), bpjs)
    assert summary.changes["checksum"] == [None, job.checksum]
    assert summary.changes["create"] == [None, 2]

    # A second file changes one record: one "update" event with the old and new value.
    _response, job = upload(client, "participation", "koreksi.csv",
                            participation_csv(["52.01", "", "2025-06", "PU", "1.100", 10]))
    apply(client, job, confirm=True)
    event = record_events().get(action=Action.UPDATE)
    assert event.changes == {"active": [1_000, 1_100]}
    assert event.object_id == str(created.get(region__code="52.01").pk)
    assert "koreksi.csv" in event.note and event.region.code == "52.01"
    assert created.get(region__code="52.01").import_job == job


def test_a_job_applied_or_discarded_cannot_be_applied_again(client, records, op_a):
    client.force_login(op_a)
    english(client)
    data = denominators_csv(["52.03", "", 2026, "470.000", "", "", "", ""])
    _response, job = upload(client, "denominators", "d.csv", data)
    apply(client, job)
    response = apply(client, job)
    assert "cannot be applied: it is applied" in " ".join(messages_of(response))
    assert WorkforceDenominator.objects.filter(year=2026).count() == 1

    _response, job = upload(client, "denominators", "d2.csv",
                            denominators_csv(["52.03", "", 2027, "480.000", "", "", "", ""]))
    response = client.post(reverse("import_discard", args=[job.pk]), follow=True)
    assert response.request["PATH_INFO"] == reverse("import_start")
    job.refresh_from_db()
    assert job.status == ImportStatus.DISCARDED
    response = apply(client, job)
    assert "cannot be applied: it is discarded" in " ".join(messages_of(response))
    assert not WorkforceDenominator.objects.filter(year=2027).exists()


# --- the error workbook ------------------------------------------------------------------------

def test_the_error_workbook_marks_the_bad_cells_and_once_corrected_can_be_uploaded(
        client, records, op_a):
    client.force_login(op_a)
    header = ["Kode wilayah *", "Nama wilayah", "Tahun anggaran *", "Tahap APBD *",
              "Sumber dana *", "Jumlah anggaran (Rp) *", "Jumlah pekerja *", "Bulan mulai",
              "Jumlah bulan *", "Paket iuran *", "Catatan"]
    ok = ["52.03", "Lombok Timur", 2026, "APBD murni", "APBD kabupaten/kota", "Rp 201.600.000",
          "1.000", 1, 12, "bpu-jkk-jkm", "baik"]
    bad_amount = [*ok[:4], "DBHCHT", "banyak", "500", 1, 12, "bpu-jkk-jkm", ""]
    bad_region = ["52.99", "", *ok[2:4], "Dana Desa/APBDes", "Rp 100.800.000", "500", 1, 12,
                  "bpu-jkk-jkm", ""]
    wb = workbook(xlsx_bytes(_plain_workbook([header, ok, bad_amount, bad_region])))
    response, job = upload(client, "allocations", "alokasi.xlsx", xlsx_bytes(wb))
    assert job.status == ImportStatus.INVALID
    assert reverse("import_errors", args=[job.pk]) in response.content.decode()

    response = client.get(reverse("import_errors", args=[job.pk]))
    assert response.status_code == 200
    assert "alokasi-kesalahan-" in response["Content-Disposition"]
    marked = workbook(b"".join(response.streaming_content))
    ws = marked["Data"]
    assert ws["L1"].value == "Kesalahan"
    for ref, reason_cell in (("F3", "L3"), ("A4", "L4")):
        cell = ws[ref]
        assert cell.fill.fgColor.rgb.endswith("F8CBAD"), ref
        assert cell.comment is not None and cell.comment.text
        assert ws[reason_cell].value.startswith(f"{ref[0]} ")
        assert cell.comment.text in ws[reason_cell].value
    assert ws["L2"].value is None and ws["F2"].fill.fgColor.rgb != ws["F3"].fill.fgColor.rgb
    assert [c.value for c in ws[2]][:11] == [
        "52.03", "Lombok Timur", 2026, "APBD murni", "APBD kabupaten/kota", "Rp 201.600.000",
        "1.000", 1, 12, "bpu-jkk-jkm", "baik"]

    # Corrected in the marked-up copy, which is uploaded as it is (its "Kesalahan" column too).
    ws["F3"] = "Rp 100.800.000"
    ws["A4"] = 5203
    _response, job = upload(client, "allocations", "alokasi-kesalahan.xlsx", xlsx_bytes(marked))
    assert job.status == ImportStatus.STAGED, job.report["errors"]
    assert job.rows_created == 3
    apply(client, job, confirm=job.rows_warned > 0)
    assert Allocation.objects.filter(fiscal_year=2026).count() == 3


def _plain_workbook(rows):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Data"
    for row in rows:
        ws.append(row)
    return wb


def test_a_file_that_cannot_be_read_has_no_error_workbook(client, records, op_a):
    client.force_login(op_a)
    response, job = upload(client, "denominators", "laporan.pdf", b"%PDF-1.4\n%%EOF\n")
    assert job.status == ImportStatus.INVALID and job.stored_path == ""
    assert reverse("import_errors", args=[job.pk]) not in response.content.decode()
    response = client.get(reverse("import_errors", args=[job.pk]))
    assert response.status_code == 302  # back to the preview, with a message


# --- the template ------------------------------------------------------------------------------

def validations(ws) -> dict[str, str]:
    """column letter → the list of a drop-down."""
    return {str(dv.sqref).split(":")[0].rstrip("0123456789"): dv.formula1
            for dv in ws.data_validations.dataValidation if dv.type == "list"}


def test_the_template_protects_its_header_offers_lists_and_explains_itself(client, records,
                                                                             op_a):
    client.force_login(op_a)
    data = client.get(reverse("import_template"),
                      {"dataset": "allocations", "period": "2025"}).content
    wb = workbook(data)
    assert wb.sheetnames == ["Data", "Petunjuk"]
    ws = wb["Data"]
    assert ws.protection.sheet and not ws.protection.password
    assert all(cell.protection.locked for cell in ws[1])
    assert not any(cell.protection.locked for cell in ws[2])
    assert not ws["A50"].protection.locked  # room for more rows
    lists = validations(ws)
    assert "APBD murni" in lists["D"] and "APBD perubahan" in lists["D"]
    assert "APBD kabupaten/kota" in lists["E"] and "DBHCHT" in lists["E"]
    assert lists["F"] == '"provinsi,kabupaten/kota,desa,lainnya"'  # the payer
    assert lists["K"] == '"bpu-jkk-jkm,bpu-jkk-jkm-jht,{}"'.format(",".join(
        f"pu-risiko-{n}" for n in range(1, 6)))
    assert lists["A"] == '"52.03"'
    # only the operator's region, with its current figures
    assert sheet_rows(data)[1:] == [["52.03", "Lombok Timur", 2025, "APBD perubahan",
                                     "APBD kabupaten/kota", "kabupaten/kota", 151_200_000,
                                     3_000, 10, 3, "bpu-jkk-jkm", None, None]]
    instructions = [c.value for c in wb["Petunjuk"]["A"] if c.value]
    assert instructions[0].startswith("UCJ Monitor")
    assert "Jumlah anggaran (Rp)" in instructions


def test_the_template_holds_only_the_users_regions(client, records, bpjs, admin_user):
    client.force_login(bpjs)
    data = client.get(reverse("import_template"),
                      {"dataset": "participation", "period": "2025-06"}).content
    rows = sheet_rows(data)[1:]
    assert sorted({r[0] for r in rows}) == ["52.01", "52.71"] and len(rows) == 8
    lists = validations(workbook(data)["Data"])
    assert "PU (penerima upah)" in lists["D"] and "PMI (pekerja migran)" in lists["D"]

    client.force_login(admin_user)
    data = client.get(reverse("import_template"),
                      {"dataset": "commitments", "period": "2025"}).content
    assert [r[0] for r in sheet_rows(data)[1:]] == ["52", "52.01", "52.02", "52.03", "52.71"]
    assert sheet_rows(data)[4][3] == 40  # Lombok Timur's current target

    data = client.get(reverse("import_template"),
                      {"dataset": "realizations", "period": "2025-10"}).content
    lists = validations(workbook(data)["Data"])
    assert "APBD murni" in lists["D"] and "DBHCHT" in lists["E"] and "desa" in lists["F"]


def test_the_template_needs_a_valid_period_and_dataset(client, records, op_a):
    client.force_login(op_a)
    for period in ("", "2025-13", "1999", "25"):
        response = client.get(reverse("import_template"),
                              {"dataset": "denominators", "period": period})
        assert response.status_code == 302 and response.url == reverse("import_start")
    assert client.get(reverse("import_template"),
                      {"dataset": "realizations", "period": "2025"}).status_code == 302
    assert client.get(reverse("import_template"),
                      {"dataset": "users", "period": "2025"}).status_code == 404


# --- formula injection -------------------------------------------------------------------------

def test_the_csv_export_neutralises_formulas_and_the_importer_reads_them_back(
        client, records, op_a, admin_user):
    from ucj.budget import services as budget

    budget.commitment_update(actor=admin_user, commitment=records["commitments"], note="=1+1")
    client.force_login(op_a)
    exported = b"".join(client.get(reverse("record_export",
                                           args=["commitments"])).streaming_content)
    rows = list(csv.reader(io.StringIO(exported.decode("utf-8-sig"))))
    note = rows[0].index("note")
    assert rows[1][note] == "'=1+1"

    _response, job = upload(client, "commitments", "komitmen.csv", exported)
    assert job.status == ImportStatus.STAGED
    assert (job.rows_created, job.rows_changed, job.rows_unchanged) == (0, 0, 1)

    rows[1][rows[0].index("target_coverage")] = "41,5"
    _response, job = upload(client, "commitments", "komitmen.csv", csv_file(rows))
    assert job.report["changed"][0]["changes"] == [["Target cakupan (%)", "40,00", "41,50"]]
    apply(client, job)
    commitment = Commitment.objects.get(pk=records["commitments"].pk)
    assert (commitment.note, str(commitment.target_coverage)) == ("=1+1", "41.50")

    # The template keeps it as text, not as a formula, and reads back the same.
    template = client.get(reverse("import_template"),
                          {"dataset": "commitments", "period": "2025"}).content
    cell = workbook(template)["Data"]["K2"]
    assert (cell.value, cell.data_type) == ("=1+1", "s")
    _response, job = upload(client, "commitments", "templat.xlsx", template)
    assert job.status == ImportStatus.STAGED and job.rows_unchanged == 1


# --- who may see which import page -------------------------------------------------------------

def test_import_pages_for_every_role(client, records, admin_user, op_a, op_b, viewer,
                                     django_capture_on_commit_callbacks):
    client.force_login(op_a)
    _response, invalid = upload(client, "denominators", "salah.csv",
                                denominators_csv(["52.03", "", "2025", "banyak", "", "", "", ""]))
    _response, staged = upload(client, "denominators", "d.csv", CHANGE_2025)
    assert invalid.status == ImportStatus.INVALID and staged.status == ImportStatus.STAGED
    template = (reverse("import_template"), {"dataset": "denominators", "period": "2025"})

    def status(user, method, url, data=None):
        client.force_login(user)
        return getattr(client, method)(url, data or {}).status_code

    detail = reverse("import_detail", args=[staged.pk])
    progress = reverse("import_progress", args=[staged.pk])
    errors = reverse("import_errors", args=[invalid.pk])
    for user in (admin_user, op_a, op_b):
        assert status(user, "get", reverse("import_start")) == 200
        assert status(user, "get", *template) == 200
    assert status(viewer, "get", reverse("import_start")) == 403
    assert status(viewer, "get", *template) == 403

    # the uploader and the province see a job; another operator and a viewer do not
    for user, expected in ((op_a, 200), (admin_user, 200), (op_b, 404), (viewer, 404)):
        assert status(user, "get", detail) == expected, user
        assert status(user, "get", progress) == expected, user
        assert status(user, "get", errors) == expected, user
    for user in (op_b, viewer):
        assert status(user, "post", reverse("import_apply", args=[staged.pk])) == 404
        assert status(user, "post", reverse("import_discard", args=[staged.pk])) == 404
    # the province may look, but only the uploader applies or discards
    assert status(admin_user, "post", reverse("import_apply", args=[staged.pk])) == 403
    assert status(admin_user, "post", reverse("import_discard", args=[staged.pk])) == 403
    assert status(op_a, "get", reverse("import_apply", args=[staged.pk])) == 405
    staged.refresh_from_db()
    assert staged.status == ImportStatus.STAGED
    assert WorkforceDenominator.objects.get(year=2025).workforce_potential == 453_748

    client.force_login(op_b)
    listing = client.get(reverse("import_start")).content.decode()
    assert "d.csv" not in listing and str(staged.pk) not in listing
    client.force_login(admin_user)
    assert str(staged.pk) in client.get(reverse("import_start")).content.decode()

    with django_capture_on_commit_callbacks(execute=True):  # the worker applies it
        assert status(op_a, "post", reverse("import_apply", args=[staged.pk])) == 302
    staged.refresh_from_db()
    assert staged.status == ImportStatus.APPLIED
    assert status(op_a, "post", reverse("import_discard", args=[invalid.pk])) == 302

    client.logout()
    for url in (reverse("import_start"), detail, progress, errors):
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_a_month_in_a_date_cell_is_read(client, records, op_a):
    """Excel turns 2025-11 typed into a cell into a date: the month is read from it."""
    client.force_login(op_a)
    wb = _plain_workbook([
        ["Kode wilayah", "Tahun anggaran", "Tahap APBD", "Sumber dana", "Bulan",
         "Jumlah dibayar (Rp)", "Pekerja dibayar"],
        ["52.03", 2025, "APBD perubahan", "APBD kabupaten/kota", dt.datetime(2025, 11, 1),
         50_400_000, 3_000]])
    _response, job = upload(client, "realizations", "r.xlsx", xlsx_bytes(wb))
    assert job.status == ImportStatus.STAGED and job.rows_created == 1
