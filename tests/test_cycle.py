"""The budget cycle (ucj/cycle): every role on the province's grid and the record views, the
operator records only its own region and never the Governor's evaluation, lateness at its
edges, the CSV, refused uploads that leave nothing behind, the calendar kept by the province,
commitments followed through, and the demo's steps."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ucj.audit.models import AuditEvent
from ucj.budget import services as budget
from ucj.cycle import selectors
from ucj.cycle.calendar import PROVINCE_BASIS, default_due, seed
from ucj.cycle.models import CalendarDeadline, Kind, Milestone
from ucj.cycle.selectors import LATE, MISSING, ON_TIME, PENDING, step_state
from ucj.cycle.services import deadline_set, milestone_record

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
GRID = reverse("cycle_province")


def pdf(name="dokumen.pdf", data=PDF):
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def record_url(code, kind, year=2026, stage="murni"):
    return reverse("cycle_record", args=[code, year, stage, kind])


@pytest.fixture
def steps(ntb, op_a, op_b, admin_user):
    """Lombok Timur (A) on time up to the Perda, Lombok Tengah (B) late on the RAPBD."""
    a, b = ntb["52.03"], ntb["52.02"]
    for kind, day in [("usulan", dt.date(2025, 8, 1)), ("rapbd", dt.date(2025, 9, 30)),
                      ("persetujuan", dt.date(2025, 11, 28))]:
        milestone_record(actor=op_a, region=a, fiscal_year=2026, stage="murni", kind=kind,
                         date=day)
    milestone_record(actor=admin_user, region=a, fiscal_year=2026, stage="murni",
                     kind="evaluasi", date=dt.date(2025, 12, 10), outcome="sesuai",
                     province_note="Sesuai.")
    milestone_record(actor=op_a, region=a, fiscal_year=2026, stage="murni", kind="perda",
                     date=dt.date(2025, 12, 20), document=pdf("perda.pdf"))
    milestone_record(actor=op_b, region=b, fiscal_year=2026, stage="murni", kind="rapbd",
                     date=dt.date(2025, 10, 14))
    return a, b


# --- lateness ------------------------------------------------------------------------------------

def test_a_step_on_its_due_day_is_on_time_and_a_day_after_is_late():
    due = dt.date(2025, 11, 30)
    assert step_state(due, due, dt.date(2026, 1, 5)) == ON_TIME
    assert step_state(due + dt.timedelta(days=1), due, dt.date(2026, 1, 5)) == LATE


def test_a_missing_step_is_not_missing_on_its_due_day_but_the_day_after():
    due = dt.date(2025, 11, 30)
    assert step_state(None, due, due) == PENDING
    assert step_state(None, due, due + dt.timedelta(days=1)) == MISSING


def test_december_to_january_the_perda_of_the_murni_budget_turns_missing_on_new_year():
    due = default_due(2026, "murni", "perda")
    assert due == dt.date(2025, 12, 31)
    assert step_state(None, due, dt.date(2025, 12, 31)) == PENDING
    assert step_state(None, due, dt.date(2026, 1, 1)) == MISSING


def test_a_past_year_viewed_today_shows_every_unrecorded_step_missing(ntb, admin_user, steps):
    grid = selectors.grid(admin_user, year=2026, stage="murni", as_of=dt.date(2026, 12, 6))
    row_a = next(r for r in grid.rows if r.region.code == "52.03")
    states = {c.due.kind: c.state for c in row_a.cells}
    assert states == {"usulan": ON_TIME, "rapbd": ON_TIME, "persetujuan": ON_TIME,
                      "evaluasi": ON_TIME, "perda": ON_TIME, "dpa": MISSING, "sp2d": MISSING}
    row_b = next(r for r in grid.rows if r.region.code == "52.02")
    assert row_b.cells[1].state == LATE and row_b.cells[1].days_late == 14
    assert row_b.status == "tertinggal"


def test_a_step_dated_after_the_day_looked_at_had_not_happened_then(ntb, admin_user, steps):
    grid = selectors.grid(admin_user, year=2026, stage="murni", as_of=dt.date(2025, 11, 1))
    row_a = next(r for r in grid.rows if r.region.code == "52.03")
    assert [c.state for c in row_a.cells[:3]] == [ON_TIME, ON_TIME, PENDING]
    assert row_a.status == "berjalan"


def test_a_region_with_every_step_on_time_is_complete(ntb, op_a, admin_user, steps):
    a = ntb["52.03"]
    for kind, day in [("dpa", dt.date(2026, 1, 10)), ("sp2d", dt.date(2026, 2, 2))]:
        milestone_record(actor=op_a, region=a, fiscal_year=2026, stage="murni", kind=kind,
                         date=day, today=dt.date(2026, 12, 6))
    row = selectors.region_cycle(a, year=2026, stage="murni", as_of=dt.date(2026, 12, 6))
    assert row.status == "lengkap" and row.recorded == 7


def test_the_calendar_the_province_set_decides_lateness(ntb, admin_user, steps):
    deadline_set(actor=admin_user, fiscal_year=2026, stage="murni", kind="rapbd",
                 due_date=dt.date(2025, 10, 15), legal_basis="Surat Edaran Gubernur")
    grid = selectors.grid(admin_user, year=2026, stage="murni", as_of=dt.date(2026, 12, 6))
    row_b = next(r for r in grid.rows if r.region.code == "52.02")
    assert row_b.cells[1].state == ON_TIME


# --- the province's grid for every role --------------------------------------------------------

@pytest.mark.parametrize("who, codes", [
    ("admin_user", {"52.01", "52.02", "52.03", "52.71"}),
    ("viewer", {"52.01", "52.02", "52.03", "52.71"}),
    ("op_a", {"52.03"}),
    ("bpjs", {"52.01", "52.71"}),
])
def test_the_grid_shows_the_regencies_in_the_users_scope(client, request, steps, who, codes):
    client.force_login(request.getfixturevalue(who))
    response = client.get(GRID, {"tahun": "2026", "tahap": "murni", "tanggal": "2026-12-06"})
    assert response.status_code == 200
    assert {r.region.code for r in response.context["rows"]} == codes
    if "52.03" in codes:
        assert reverse("cycle_document", args=[
            Milestone.objects.get(region__code="52.03", kind="perda").pk]) in response.text


def test_anonymous_is_sent_to_sign_in_from_every_cycle_page(client, steps):
    m = Milestone.objects.get(region__code="52.03", kind="perda")
    for url in [GRID, reverse("cycle_followthrough"), reverse("cycle_calendar"),
                reverse("cycle_region", args=["52.03"]), record_url("52.03", "dpa"),
                reverse("cycle_document", args=[m.pk]),
                reverse("cycle_deadline_edit", args=[2026, "murni", "dpa"])]:
        response = client.get(url)
        assert response.status_code == 302 and reverse("login") in response.url, url


def test_the_grid_filters_by_status_with_counts(client, admin_user, steps):
    client.force_login(admin_user)
    response = client.get(GRID, {"tahun": "2026", "status": "tertinggal",
                                 "tanggal": "2026-12-06"})
    assert {r.region.code for r in response.context["rows"]} == {"52.01", "52.02", "52.03",
                                                                  "52.71"}
    response = client.get(GRID, {"tahun": "2026", "status": "lengkap", "tanggal": "2026-12-06"})
    assert response.context["rows"] == []
    assert "Tidak ada daerah dengan status ini." in response.text


def test_the_csv_has_a_row_per_region_and_step_and_is_audited(client, admin_user, steps):
    client.force_login(admin_user)
    response = client.get(GRID, {"tahun": "2026", "tahap": "murni", "tanggal": "2026-12-06",
                                 "format": "csv"})
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content)
                                           .decode("utf-8-sig"))))
    assert len(rows) == 4 * 7
    b_rapbd = next(r for r in rows if r["region_code"] == "52.02" and r["step"] == "rapbd")
    assert (b_rapbd["date"], b_rapbd["due_date"], b_rapbd["state"], b_rapbd["days_late"]) == (
        "2025-10-14", "2025-09-30", "late", "14")
    a_perda = next(r for r in rows if r["region_code"] == "52.03" and r["step"] == "perda")
    assert a_perda["document"] == "1" and a_perda["recorded_by"] == "op.lotim"
    assert AuditEvent.objects.filter(action="export", object_type="cycle.milestone").exists()


def test_the_operator_csv_holds_only_its_region(client, op_a, steps):
    client.force_login(op_a)
    response = client.get(GRID, {"tahun": "2026", "format": "csv"})
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content)
                                           .decode("utf-8-sig"))))
    assert {r["region_code"] for r in rows} == {"52.03"}


# --- recording --------------------------------------------------------------------------------

def test_the_operator_records_its_own_regions_step(client, op_a, ntb):
    client.force_login(op_a)
    assert client.get(record_url("52.03", "dpa")).status_code == 200
    response = client.post(record_url("52.03", "dpa"), {"date": "2026-01-20", "note": "DPA",
                                                         "document": pdf("dpa.pdf")})
    assert response.status_code == 302
    m = Milestone.objects.get(region__code="52.03", kind="dpa")
    assert m.created_by == op_a and m.document_name == "dpa.pdf"
    assert AuditEvent.objects.filter(action="create", object_type="cycle.milestone").exists()


def test_the_operator_cannot_record_another_regions_step(client, op_a, ntb):
    client.force_login(op_a)
    assert client.get(record_url("52.02", "dpa")).status_code == 404
    assert client.post(record_url("52.02", "dpa"), {"date": "2026-01-20"}).status_code == 404
    assert client.get(reverse("cycle_region", args=["52.02"])).status_code == 404
    with pytest.raises(PermissionDenied):
        milestone_record(actor=op_a, region=ntb["52.02"], fiscal_year=2026, stage="murni",
                         kind="dpa", date=dt.date(2026, 1, 20))
    assert not Milestone.objects.exists()


def test_the_operator_never_records_the_governors_evaluation(client, op_a, ntb):
    client.force_login(op_a)
    assert client.get(record_url("52.03", "evaluasi")).status_code == 403
    assert client.post(record_url("52.03", "evaluasi"), {
        "date": "2025-12-10", "outcome": "sesuai"}).status_code == 403
    with pytest.raises(PermissionDenied):
        milestone_record(actor=op_a, region=ntb["52.03"], fiscal_year=2026, stage="murni",
                         kind="evaluasi", date=dt.date(2025, 12, 10), outcome="sesuai")
    page = client.get(reverse("cycle_region", args=["52.03"]), {"tahun": "2026"})
    assert record_url("52.03", "evaluasi") not in page.text
    assert record_url("52.03", "usulan") in page.text
    assert not Milestone.objects.exists()


def test_the_province_admin_records_the_evaluation_and_its_note(client, admin_user, op_a, ntb):
    client.force_login(admin_user)
    response = client.post(record_url("52.03", "evaluasi"), {
        "date": "2025-12-10", "outcome": "penyempurnaan",
        "province_note": "Tambahkan belanja iuran 2.000 pekerja."})
    assert response.status_code == 302
    m = Milestone.objects.get(kind="evaluasi")
    assert (m.outcome, m.province_note) == ("penyempurnaan",
                                            "Tambahkan belanja iuran 2.000 pekerja.")
    client.force_login(op_a)
    page = client.get(reverse("cycle_region", args=["52.03"]), {"tahun": "2026"})
    assert "Tambahkan belanja iuran 2.000 pekerja." in page.text


def test_an_evaluation_needs_its_outcome(client, admin_user, ntb):
    client.force_login(admin_user)
    response = client.post(record_url("52.03", "evaluasi"), {"date": "2025-12-10"})
    assert response.status_code == 400
    assert not Milestone.objects.exists()


@pytest.mark.parametrize("who, status", [("viewer", 403), ("bpjs", 403)])
def test_readers_do_not_record(client, request, ntb, who, status):
    client.force_login(request.getfixturevalue(who))
    code = "52.01"  # in the BPJS branch's scope and the viewer's
    assert client.get(record_url(code, "usulan")).status_code == status
    assert client.post(record_url(code, "usulan"), {"date": "2025-08-01"}).status_code == status
    assert client.get(reverse("cycle_region", args=[code])).status_code == 200
    assert not Milestone.objects.exists()


def test_bpjs_out_of_scope_gets_404(client, bpjs, ntb):
    client.force_login(bpjs)
    assert client.get(reverse("cycle_region", args=["52.03"])).status_code == 404
    assert client.get(record_url("52.03", "usulan")).status_code == 404


def test_correcting_a_step_replaces_it_and_keeps_one_row(ntb, op_a):
    a = ntb["52.03"]
    milestone_record(actor=op_a, region=a, fiscal_year=2026, stage="murni", kind="usulan",
                     date=dt.date(2025, 8, 1))
    milestone_record(actor=op_a, region=a, fiscal_year=2026, stage="murni", kind="usulan",
                     date=dt.date(2025, 8, 3), note="Dikoreksi")
    assert Milestone.objects.get().date == dt.date(2025, 8, 3)
    assert AuditEvent.objects.filter(action="update", object_type="cycle.milestone").exists()


def test_a_future_date_and_a_date_outside_the_budget_years_are_refused(ntb, op_a):
    a = ntb["52.03"]
    with pytest.raises(ValidationError, match="belum terjadi"):
        milestone_record(actor=op_a, region=a, fiscal_year=2027, stage="murni", kind="usulan",
                         date=dt.date(2026, 12, 20), today=dt.date(2026, 12, 6))
    with pytest.raises(ValidationError, match="bukan tanggal"):
        milestone_record(actor=op_a, region=a, fiscal_year=2026, stage="murni", kind="usulan",
                         date=dt.date(2024, 8, 1))
    assert not Milestone.objects.exists()


# --- documents --------------------------------------------------------------------------------

def _stored_files(settings):
    root = settings.MEDIA_ROOT / "cycle"
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def test_a_pdf_over_the_size_limit_is_refused_in_indonesian_and_nothing_is_written(
        client, op_a, ntb, settings):
    settings.UCJ_MAX_DOCUMENT_BYTES = 1024
    client.force_login(op_a)
    response = client.post(record_url("52.03", "perda"), {
        "date": "2025-12-20", "document": pdf("perda.pdf", PDF + b"0" * 2048)})
    assert response.status_code == 400
    assert "batasnya" in response.text or "batas" in response.text
    assert not Milestone.objects.exists() and _stored_files(settings) == []


def test_a_file_that_is_not_a_pdf_is_refused_and_nothing_is_written(client, op_a, ntb,
                                                                    settings):
    client.force_login(op_a)
    response = client.post(record_url("52.03", "perda"), {
        "date": "2025-12-20", "document": SimpleUploadedFile("perda.pdf", b"PK\x03\x04 zip")})
    assert response.status_code == 400
    assert "bukan dokumen PDF" in response.text
    response = client.post(record_url("52.03", "perda"), {
        "date": "2025-12-20", "document": SimpleUploadedFile("perda.docx", b"PK\x03\x04")})
    assert "bukan PDF" in response.text
    assert not Milestone.objects.exists() and _stored_files(settings) == []


def test_a_refused_correction_keeps_the_stored_step_and_its_file(ntb, op_a, settings):
    a = ntb["52.03"]
    m = milestone_record(actor=op_a, region=a, fiscal_year=2026, stage="murni", kind="perda",
                         date=dt.date(2025, 12, 20), document=pdf("perda.pdf"))
    settings.UCJ_MAX_DOCUMENT_BYTES = 10
    with pytest.raises(ValidationError):
        milestone_record(actor=op_a, region=a, fiscal_year=2026, stage="murni", kind="perda",
                         date=dt.date(2025, 12, 21), document=pdf("baru.pdf"))
    m.refresh_from_db()
    assert (m.date, m.document_name) == (dt.date(2025, 12, 20), "perda.pdf")
    assert len(_stored_files(settings)) == 1


def test_the_document_is_served_in_scope_and_audited(client, op_a, op_b, bpjs, viewer, steps):
    m = Milestone.objects.get(region__code="52.03", kind="perda")
    url = reverse("cycle_document", args=[m.pk])
    for user, status in [(op_a, 200), (viewer, 200), (op_b, 404), (bpjs, 404)]:
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == status, user.username
        if status == 200:
            assert b"".join(response.streaming_content).startswith(b"%PDF")
            assert response["Content-Type"] == "application/pdf"
    assert AuditEvent.objects.filter(action="download", object_type="cycle.milestone").count() == 2


# --- the calendar -----------------------------------------------------------------------------

def test_the_migration_seeded_the_calendar_and_seeding_never_overwrites_an_edit(admin_user):
    row = CalendarDeadline.objects.get(fiscal_year=2026, stage="murni", kind="persetujuan")
    assert (row.due_date, row.legal_basis) == (dt.date(2025, 11, 30), PROVINCE_BASIS)
    deadline_set(actor=admin_user, fiscal_year=2026, stage="murni", kind="persetujuan",
                 due_date=dt.date(2025, 11, 28), legal_basis="Diubah provinsi")
    assert seed(CalendarDeadline) == 0
    row.refresh_from_db()  # issue 21: the national date stays; the province has its own
    assert (row.due_date, row.legal_basis) == (dt.date(2025, 11, 30), PROVINCE_BASIS)
    own = CalendarDeadline.objects.get(fiscal_year=2026, stage="murni", kind="persetujuan",
                                       province__code="52")
    assert (own.due_date, own.legal_basis) == (dt.date(2025, 11, 28), "Diubah provinsi")


def test_only_the_province_admin_edits_the_calendar(client, admin_user, viewer, op_a, bpjs):
    url = reverse("cycle_deadline_edit", args=[2026, "murni", "dpa"])
    for user in (viewer, op_a, bpjs):
        client.force_login(user)
        assert client.get(url).status_code == 403
        assert client.post(url, {"due_date": "2026-02-15"}).status_code == 403
        assert client.get(reverse("cycle_calendar"), {"tahun": "2026"}).status_code == 200
    client.force_login(admin_user)
    response = client.post(url, {"due_date": "2026-02-15", "legal_basis": "Ditetapkan provinsi"})
    assert response.status_code == 302
    assert CalendarDeadline.objects.get(fiscal_year=2026, stage="murni", kind="dpa",
                                        province__code="52").due_date == dt.date(2026, 2, 15)
    response = client.post(url, {"due_date": "2030-02-15"})
    assert response.status_code == 400 and "jatuh pada tahun" in response.text


def test_a_year_without_a_calendar_uses_the_defaults(db):
    CalendarDeadline.objects.filter(fiscal_year=2031).delete()
    dues = selectors.calendar(2031, "perubahan")
    assert [d.kind for d in dues] == [k.value for k in Kind]
    assert all(d.is_default for d in dues)
    assert dues[2].date == dt.date(2031, 9, 30)


# --- commitments followed through -------------------------------------------------------------

def test_commitments_are_followed_through_to_the_funded(client, ntb, op_a, admin_user, package):
    from ucj.coverage import services as coverage
    from ucj.planner.models import Scenario

    a = ntb["52.03"]
    budget.commitment_create(actor=op_a, region=a, year=2026, target_coverage=Decimal("40"),
                             target_funded_workers=1_000, confirm_warnings=True)
    for name, workers, promoted in [("A", 900, True), ("B", 950, False)]:
        Scenario.objects.create(region=a, year=2026, name=name, stage="murni", mode="workers",
                                inputs={}, result={}, workers=workers, total_cost=1,
                                promoted_at=dt.datetime(2026, 1, 2, tzinfo=dt.UTC)
                                if promoted else None)
    budget.allocation_create(actor=op_a, region=a, fiscal_year=2026, stage="murni",
                             funding_source="apbd_kabkota", amount=800 * 16_800 * 12,
                             workers_planned=800, start_month=1, months_covered=12,
                             package=package, enacted_on=dt.date(2025, 12, 20))
    coverage.participation_create(actor=admin_user, region=a, month=dt.date(2026, 3, 1),
                                  segment="BPU", active=5_000, funded_apbd_kabkota=700,
                                  confirm_warnings=True)
    rows = selectors.followthrough(op_a, year=2026, as_of=dt.date(2026, 12, 6))
    (row,) = rows
    assert (row.committed, row.planned, row.plan_promoted, row.budgeted, row.funded_bpjs) == (
        1_000, 900, True, 800, 700)
    assert row.gaps == {"planned": -100, "budgeted": -200, "funded": -300}
    # As of a day before the budget was enacted and BPJS reported: nothing budgeted or funded.
    (early,) = selectors.followthrough(op_a, year=2026, as_of=dt.date(2025, 12, 1))
    assert (early.budgeted, early.funded_bpjs) == (None, None)
    client.force_login(op_a)
    response = client.get(reverse("cycle_followthrough"), {"tahun": "2026", "format": "csv"})
    (line,) = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content)
                                              .decode("utf-8-sig"))))
    assert (line["committed"], line["gap_funded"]) == ("1000", "-300")


def test_the_followthrough_takes_the_last_month_reported_in_a_fixed_number_of_queries(
        client, ntb, admin_user, django_assert_num_queries, django_assert_max_num_queries):
    from ucj.coverage.models import ParticipationSnapshot

    def snapshot(code, month, funded, segment="BPU"):
        ParticipationSnapshot.objects.create(region=ntb[code], month=month, segment=segment,
                                             active=5_000, funded_apbd_kabkota=funded,
                                             funded_dbhcht_prov=10)

    snapshot("52.03", dt.date(2026, 3, 1), 700)
    snapshot("52.03", dt.date(2026, 6, 1), 750)
    snapshot("52.03", dt.date(2026, 6, 1), 5, segment="PU")
    rows = {r.region.code: r for r in selectors.followthrough(
        admin_user, year=2026, as_of=dt.date(2026, 12, 6))}
    # June's, every segment and payer: 750 + 10 + 5 + 10
    assert (rows["52.03"].funded_bpjs, rows["52.03"].bpjs_month) == (775, dt.date(2026, 6, 1))
    # as of May, March's
    (march,) = [r for r in selectors.followthrough(admin_user, year=2026,
                                                   as_of=dt.date(2026, 5, 31))
                if r.region.code == "52.03"]
    assert (march.funded_bpjs, march.bpjs_month) == (710, dt.date(2026, 3, 1))
    client.force_login(admin_user)
    url = reverse("cycle_followthrough")
    client.get(url, {"tahun": "2026"})
    with django_assert_max_num_queries(15) as few:
        client.get(url, {"tahun": "2026"})
    for code in ("52.01", "52.02", "52.71"):  # more regions reporting: the same number
        snapshot(code, dt.date(2026, 6, 1), 100)
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(url, {"tahun": "2026"})


# --- the demo ---------------------------------------------------------------------------------

def test_the_demo_has_a_complete_a_late_and_a_behind_region_in_both_stages(db, settings):
    from django.core.management import call_command

    settings.DEBUG = True
    call_command("load_demo")
    from ucj.accounts.models import User

    admin = User.objects.get(username="admin.prov")
    day = dt.date(2026, 12, 6)
    for year, stage in [(2025, "perubahan"), (2026, "murni")]:
        grid = selectors.grid(admin, year=year, stage=stage, as_of=day)
        assert len(grid.rows) == 10
        assert grid.counts["lengkap"] >= 1 and grid.counts["terlambat"] >= 1
        assert grid.counts["tertinggal"] >= 1
    assert Milestone.objects.filter(is_synthetic=False).count() == 0
    assert Milestone.objects.exclude(kind="usulan").filter(document="").filter(
        kind__in=["evaluasi", "perda", "dpa"]).count() == 0
