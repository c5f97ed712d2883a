"""Implausible values that are valid but probably wrong (issue 15, item 5; docs/decisions.md 51):
×1000 or ÷1000 against the same series' previous period, a percentage typed as a fraction,
months after today, fiscal years far from today, and an APBD perubahan that repeats the murni.
Each is a warning: in a form and in an import nothing is saved until the user confirms."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.import_helpers import apply, snapshot, upload
from ucj.budget import services as budget
from ucj.budget.models import Allocation, Commitment, Realization
from ucj.core import plausibility
from ucj.core.plausibility import today as real_today
from ucj.core.services import ConfirmationRequired
from ucj.coverage import services as coverage
from ucj.coverage.models import ParticipationSnapshot, WorkforceDenominator
from ucj.imports import services as imports
from ucj.imports.models import ImportStatus


@pytest.fixture
def freeze(monkeypatch):
    """Set the day the warnings take as today."""
    def set_day(day: dt.date) -> None:
        monkeypatch.setattr(plausibility, "today", lambda: day)
    return set_day


def warnings_of(fn) -> list[str]:
    """The warnings a service call raises (it must raise them)."""
    with pytest.raises(ConfirmationRequired) as raised:
        fn()
    return raised.value.warnings


def allocation(actor, region, package, *, confirm=False, **overrides):
    values = {"fiscal_year": 2026, "stage": "murni", "funding_source": "apbd_kabkota",
              "amount": 201_600_000, "workers_planned": 1_000, "start_month": 1,
              "months_covered": 12} | overrides
    return budget.allocation_create(actor=actor, region=region, package=package,
                                    confirm_warnings=confirm, **values)


# --- the time edges --------------------------------------------------------------------------

def test_today_is_the_day_in_the_projects_time_zone_not_utc(monkeypatch, settings):
    assert settings.TIME_ZONE == "Asia/Makassar"  # WITA, UTC+8
    late_evening_utc = dt.datetime(2026, 12, 31, 17, 0, tzinfo=dt.UTC)  # 01:00 WITA on 1 January
    monkeypatch.setattr(timezone, "now", lambda: late_evening_utc)
    assert real_today() == dt.date(2027, 1, 1)


@pytest.mark.parametrize("today, month, warned", [
    (dt.date(2026, 12, 31), dt.date(2026, 12, 1), False),  # the current month is being reported
    (dt.date(2026, 12, 31), dt.date(2027, 1, 1), True),  # December: January is after it
    (dt.date(2027, 1, 1), dt.date(2026, 12, 1), False),  # January: December is past
    (dt.date(2027, 1, 1), dt.date(2027, 1, 1), False),
    (dt.date(2027, 1, 1), dt.date(2027, 2, 1), True),
])
def test_a_month_is_after_today_only_once_the_current_month_is_past(today, month, warned):
    assert bool(plausibility.future_month_warning(month, today)) == warned


@pytest.mark.parametrize("today, year, warned", [
    (dt.date(2026, 6, 15), 2024, True),
    (dt.date(2026, 6, 15), 2025, False),  # last year
    (dt.date(2026, 6, 15), 2028, False),  # the year after next
    (dt.date(2026, 6, 15), 2029, True),
    (dt.date(2026, 12, 31), 2025, False),
    (dt.date(2027, 1, 1), 2025, True),  # a new year moves the window
    (dt.date(2027, 1, 1), 2029, False),
    (dt.date(2026, 6, 15), 2099, True),
])
def test_fiscal_years_from_last_year_to_the_year_after_next_need_no_confirmation(
        ntb, admin_user, package, freeze, today, year, warned):
    freeze(today)
    region = ntb["52.03"]
    amount = 201_600_000
    if warned:
        found = warnings_of(lambda: allocation(admin_user, region, package, fiscal_year=year,
                                               amount=amount))
        assert found == [f"Tahun anggaran {year} di luar {today.year - 1}–{today.year + 2} "
                         f"(tahun lalu sampai dua tahun lagi): periksa tahunnya."]
    else:
        assert allocation(admin_user, region, package, fiscal_year=year, amount=amount).flags == []


def test_the_hard_year_limits_stay_errors(ntb, admin_user, package):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        allocation(admin_user, ntb["52.03"], package, fiscal_year=2101, confirm=True)
    assert not Allocation.objects.exists()


# --- each rule through the services -------------------------------------------------------------

def test_a_denominator_1000_times_the_previous_years_is_warned(records, admin_user):
    found = warnings_of(lambda: coverage.denominator_create(
        actor=admin_user, region=records["denominators"].region, year=2026,
        workforce_potential=453_748_000))
    assert found == ["Potensi tenaga kerja 453.748.000 sama dengan 1.000 kali angka 2025 "
                     "(453.748): periksa apakah ada tiga nol berlebih (×1000)."]


def test_every_denominator_figure_is_compared_with_the_nearest_other_year(records, admin_user):
    region = records["denominators"].region
    found = warnings_of(lambda: coverage.denominator_create(
        actor=admin_user, region=region, year=2024, workforce_potential=450_000,
        employed=433, vulnerable_target=71_000))  # before 2025: 2025 is the nearest year
    assert found == ["Penduduk bekerja 433 hanya 1/1.000 dari angka 2025 (433.000): periksa "
                     "apakah ada tiga nol yang kurang (÷1000)."]


def test_ordinary_growth_is_not_warned(records, admin_user):
    region = records["denominators"].region
    saved = coverage.denominator_create(actor=admin_user, region=region, year=2026,
                                        workforce_potential=600_000, vulnerable_target=90_000)
    assert saved.flags == []
    small = coverage.participation_create(actor=admin_user, region=region, segment="PMI",
                                          month=dt.date(2025, 6, 1), active=3)
    grown = coverage.participation_create(actor=admin_user, region=region, segment="PMI",
                                          month=dt.date(2025, 7, 1), active=900)
    assert small.flags == [] and grown.flags == []  # 300×, and under a thousand: a new segment


def test_participation_is_compared_with_the_previous_month_of_the_same_segment(records,
                                                                                admin_user):
    region = records["participation"].region
    found = warnings_of(lambda: coverage.participation_create(
        actor=admin_user, region=region, month=dt.date(2025, 7, 1), segment="BPU", active=54))
    assert found == ["Peserta aktif 54 hanya 1/1.006 dari angka Juni 2025, BPU (54.298): periksa "
                     "apakah ada tiga nol yang kurang (÷1000)."]
    other_segment = coverage.participation_create(
        actor=admin_user, region=region, month=dt.date(2025, 7, 1), segment="PU", active=54)
    assert other_segment.flags == []


def test_a_month_more_than_a_year_away_is_not_compared(records, admin_user):
    region = records["participation"].region
    saved = coverage.participation_create(actor=admin_user, region=region, segment="BPU",
                                          month=dt.date(2026, 7, 1), active=54,
                                          confirm_warnings=True)
    assert saved.flags == ["Belum ada data potensi tenaga kerja untuk Lombok Timur tahun 2026, "
                           "sehingga cakupan belum dapat dihitung."]  # no comparison with June 2025


def test_participation_for_a_month_after_today_is_warned(records, admin_user, freeze):
    freeze(dt.date(2025, 6, 30))
    region = records["participation"].region
    found = warnings_of(lambda: coverage.participation_create(
        actor=admin_user, region=region, month=dt.date(2025, 7, 1), segment="BPU",
        active=54_500))
    assert found == ["Juli 2025 lebih lambat dari bulan berjalan (Juni 2025): angka untuk bulan "
                     "yang belum tiba."]


def test_a_payment_for_a_month_after_today_is_warned(records, admin_user, freeze):
    freeze(dt.date(2025, 10, 31))
    found = warnings_of(lambda: budget.realization_create(
        actor=admin_user, allocation=records["allocations"], month=dt.date(2025, 11, 1),
        amount_paid=50_400_000, workers_paid=3_000))
    assert found == ["November 2025 lebih lambat dari bulan berjalan (Oktober 2025): angka untuk "
                     "bulan yang belum tiba."]


def test_a_target_typed_as_a_fraction_is_warned(ntb, admin_user):
    found = warnings_of(lambda: budget.commitment_create(
        actor=admin_user, region=ntb["52.03"], year=2026, target_coverage=Decimal("0.45")))
    assert found == ["Target cakupan 0,45% di bawah 1%: maksudnya 45%? Tulis persennya (45 untuk "
                     "45%), bukan pecahan (0,45)."]
    for target in ("0", "1", "45"):
        saved = budget.commitment_create(actor=admin_user, region=ntb["52.02"], year=2026,
                                         target_coverage=Decimal(target))
        assert saved.flags == []
        saved.delete()


def test_a_perkada_signed_after_today_is_warned(ntb, admin_user, freeze):
    freeze(dt.date(2026, 3, 10))
    found = warnings_of(lambda: budget.commitment_create(
        actor=admin_user, region=ntb["52.03"], year=2026, target_coverage=Decimal("45"),
        perkada_date=dt.date(2026, 3, 11), pks_date=dt.date(2026, 3, 10)))
    assert found == ["Tanggal Perkada 11 Maret 2026 lebih lambat dari hari ini (10 Maret 2026)."]


def test_an_allocation_in_thousands_of_rupiah_is_warned_against_last_year(ntb, admin_user,
                                                                          package):
    region = ntb["52.03"]
    allocation(admin_user, region, package, fiscal_year=2025)
    found = warnings_of(lambda: allocation(admin_user, region, package, amount=201_600))
    assert ("Jumlah anggaran Rp 201.600 hanya 1/1.000 dari angka 2025, APBD murni, APBD "
            "kabupaten/kota (Rp 201.600.000): periksa apakah ada tiga nol yang kurang (÷1000)."
            in found)
    other_source = allocation(admin_user, region, package, funding_source="dbhcht",
                              amount=201_600, workers_planned=1, months_covered=12,
                              confirm=False)
    assert other_source.flags == []  # no DBHCHT allocation in 2025 to compare with


def test_a_perubahan_equal_to_the_murni_is_warned_with_what_the_indicators_do(ntb, admin_user,
                                                                              package):
    region = ntb["52.03"]
    allocation(admin_user, region, package)
    found = warnings_of(lambda: allocation(admin_user, region, package, stage="perubahan"))
    assert found == [
        "APBD murni dan APBD perubahan 2026, APBD kabupaten/kota, memiliki jumlah anggaran "
        "(Rp 201.600.000) dan jumlah pekerja (1.000) yang sama: tampaknya APBD murni dimasukkan "
        "lagi sebagai APBD perubahan. Indikator menjumlahkan kedua tahap, sehingga anggaran ini "
        "terhitung dua kali (dialokasikan: Rp 403.200.000)."]


def test_a_perubahan_restating_the_murni_is_warned_an_addition_is_not(ntb, admin_user, package):
    region = ntb["52.03"]
    allocation(admin_user, region, package)  # 1.000 workers, January–December
    found = warnings_of(lambda: allocation(admin_user, region, package, stage="perubahan",
                                           amount=302_400_000, workers_planned=1_500))
    assert len(found) == 1 and "mencakup semua bulan APBD murni" in found[0]
    assert "(Rp 302.400.000, 1.500 pekerja, Januari 2026–Desember 2026)" in found[0]
    assert "dialokasikan: Rp 504.000.000" in found[0]
    addition = allocation(admin_user, region, package, stage="perubahan", amount=25_200_000,
                          workers_planned=500, start_month=10, months_covered=3)
    assert addition.flags == []  # 500 more workers from October: what a perubahan is for


def test_a_murni_entered_after_an_equal_perubahan_is_warned_too(ntb, admin_user, package):
    region = ntb["52.03"]
    allocation(admin_user, region, package, stage="perubahan", confirm=True)
    found = warnings_of(lambda: allocation(admin_user, region, package))
    assert "terhitung dua kali" in found[0]


def test_editing_the_murni_itself_does_not_compare_it_with_itself(ntb, admin_user, package):
    murni = allocation(admin_user, ntb["52.03"], package)
    saved = budget.allocation_update(actor=admin_user, allocation=murni, note="dicek")
    assert saved.flags == []


# --- in the forms: shown, nothing saved, saved once confirmed -----------------------------------

def _allocation_form(region, package, **overrides):
    return {"region": region.pk, "fiscal_year": "2026", "stage": "murni",
            "funding_source": "apbd_kabkota", "package": package.pk, "amount": "201.600.000",
            "workers_planned": "1.000", "start_month": "1", "months_covered": "12",
            "note": ""} | overrides


ZERO_FUNDED = {name: "0" for name in ("new", "lapsed", "funded_apbd_prov", "funded_apbd_kabkota",
                                       "funded_dbhcht", "funded_dbhcht_prov", "funded_dana_desa",
                                       "funded_other")}


def _form_cases():
    # (dataset, data(records, package), the warning's words, model)
    yield ("denominators", lambda r, p: {
        "region": r["denominators"].region.pk, "year": "2026", "workforce_potential": "453.748.000",
        "source_note": ""}, "1.000 kali angka 2025", WorkforceDenominator)
    yield ("participation", lambda r, p: {
        "region": r["participation"].region.pk, "month": "2025-07", "segment": "BPU",
        "active": "54", **ZERO_FUNDED},
        "hanya 1/1.006 dari angka Juni 2025, BPU", ParticipationSnapshot)
    yield ("participation", lambda r, p: {
        "region": r["participation"].region.pk, "month": "2027-01", "segment": "BPU",
        "active": "54.300", **ZERO_FUNDED},
        "Januari 2027 lebih lambat dari bulan berjalan (Desember 2026)", ParticipationSnapshot)
    yield ("commitments", lambda r, p: {
        "region": r["commitments"].region.pk, "year": "2026", "target_coverage": "0,45",
        "status": "planned"}, "maksudnya 45%?", Commitment)
    yield ("allocations", lambda r, p: _allocation_form(r["allocations"].region, p,
                                                        fiscal_year="2099"),
           "Tahun anggaran 2099 di luar 2025–2028", Allocation)
    yield ("allocations", lambda r, p: _allocation_form(
        r["allocations"].region, p, fiscal_year="2025", stage="murni", amount="151.200.000",
        workers_planned="3.000", start_month="10", months_covered="3"),
        "tampaknya APBD murni dimasukkan lagi sebagai APBD perubahan", Allocation)
    yield ("realizations", lambda r, p: {
        "allocation": _allocation_2027(r, p).pk, "month": "2027-01", "amount_paid": "16.800.000",
        "workers_paid": "1.000"}, "Januari 2027 lebih lambat dari bulan berjalan", Realization)


def _allocation_2027(records, package):
    return allocation(records["allocations"].created_by, records["allocations"].region, package,
                      fiscal_year=2027)


@pytest.mark.parametrize("case", list(_form_cases()),
                         ids=["denominator-x1000", "participation-div1000",
                              "participation-future", "commitment-fraction",
                              "allocation-2099", "allocation-murni-again", "realization-future"])
def test_a_form_shows_the_warning_saves_nothing_and_saves_once_confirmed(
        client, records, admin_user, package, case):
    dataset, make, words, model = case
    data = make(records, package)
    before = model.objects.count()
    client.force_login(admin_user)
    url = reverse("record_create", args=[dataset])
    response = client.post(url, data)
    assert response.status_code == 200 and not response.context["form"].errors, \
        response.context["form"].errors
    shown = " ".join(response.context["warnings"])
    assert words in shown
    assert words in response.content.decode().replace("&#x27;", "'")
    assert "Belum ada yang disimpan" in response.content.decode()
    assert model.objects.count() == before
    response = client.post(url, data | {"confirm_warnings": "1"})
    assert response.status_code == 302
    assert model.objects.count() == before + 1
    saved = model.objects.latest("pk")
    assert any(words in flag for flag in saved.flags)


# --- in the imports: the row named, refused unconfirmed, applied once confirmed ----------------

def csv_bytes(rows: list[list]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")


ALLOCATION_KEYS = ["region_code", "fiscal_year", "stage", "funding_source", "amount",
                   "workers_planned", "start_month", "months_covered", "package"]


def _import_cases():
    # (dataset, file rows, {row number: words of its warning}, the rows without a warning)
    yield ("denominators", [
        ["region_code", "year", "workforce_potential", "vulnerable_target"],
        ["52.03", "2026", "453.748.000", "71.000"],
        ["52.02", "2026", "500.000", ""],
    ], {2: "Potensi tenaga kerja 453.748.000 sama dengan 1.000 kali angka 2025"}, [3])
    yield ("participation", [
        ["region_code", "month", "segment", "active"],
        ["52.03", "2025-07", "BPU", "54"],
        ["52.03", "2025-08", "BPU", "54.500"],
        ["52.03", "2027-01", "PU", "1.000"],
    ], {2: "hanya 1/1.006 dari angka Juni 2025, BPU",
        3: "sama dengan 1.009 kali angka Juli 2025, BPU (54)",  # the file's July, not the database's
        4: "Januari 2027 lebih lambat dari bulan berjalan (Desember 2026)"}, [])
    yield ("commitments", [
        ["region_code", "year", "target_coverage"],
        ["52.03", "2026", "0,45"],
        ["52.02", "2026", "45"],
    ], {2: "Target cakupan 0,45% di bawah 1%: maksudnya 45%?"}, [3])
    yield ("allocations", [
        ALLOCATION_KEYS,
        ["52.02", "2026", "murni", "apbd_kabkota", "201.600.000", "1.000", "1", "12",
         "bpu-jkk-jkm"],
        ["52.02", "2026", "perubahan", "apbd_kabkota", "201.600.000", "1.000", "1", "12",
         "bpu-jkk-jkm"],
        ["52.02", "2099", "murni", "dbhcht", "201.600.000", "1.000", "1", "12", "bpu-jkk-jkm"],
        ["52.02", "2026", "murni", "dbhcht", "201.600.000", "1.000", "1", "12", "bpu-jkk-jkm"],
    ], {2: "terhitung dua kali (dialokasikan: Rp 403.200.000)",
        3: "terhitung dua kali (dialokasikan: Rp 403.200.000)",
        4: "Tahun anggaran 2099 di luar 2025–2028"}, [5])
    yield ("realizations", [
        ["region_code", "fiscal_year", "stage", "funding_source", "month", "amount_paid",
         "workers_paid"],
        ["52.03", "2025", "perubahan", "apbd_kabkota", "2025-11", "50.400.000", "3.000"],
        ["52.03", "2025", "perubahan", "apbd_kabkota", "2025-12", "50.400.000", "3.000"],
    ], {}, [2, 3])


@pytest.mark.parametrize("case", list(_import_cases()),
                         ids=["denominators", "participation", "commitments", "allocations",
                              "realizations"])
def test_an_import_names_the_warned_rows_and_applies_only_once_confirmed(records, admin_user,
                                                                         case):
    dataset, rows, warned, quiet = case
    data = csv_bytes(rows)
    job = imports.import_stage(actor=admin_user, dataset=dataset, data=data, file_name="f.csv")
    assert job.status == ImportStatus.STAGED, job.report["errors"]
    by_row = {w["row"]: " ".join(w["warnings"]) for w in job.report["warnings"]}
    for row, words in warned.items():
        assert words in by_row.get(row, ""), (row, by_row)
    assert not set(quiet) & set(by_row), by_row
    assert job.rows_warned == len(warned)
    before = snapshot()
    if warned:
        with pytest.raises(ConfirmationRequired):
            imports.import_apply(actor=admin_user, job=job)
        job.refresh_from_db()
        assert job.status == ImportStatus.STAGED and snapshot() == before
    imports.import_apply(actor=admin_user, job=job, confirm_warnings=bool(warned))
    job.refresh_from_db()
    assert job.status == ImportStatus.APPLIED
    assert job.rows_created + job.rows_changed == len(rows) - 1


def test_a_realization_for_a_month_after_today_is_warned_in_an_import(records, admin_user,
                                                                      freeze):
    freeze(dt.date(2025, 10, 15))
    data = csv_bytes([
        ["region_code", "fiscal_year", "stage", "funding_source", "month", "amount_paid",
         "workers_paid"],
        ["52.03", "2025", "perubahan", "apbd_kabkota", "2025-10", "50.400.000", "3.000"],
        ["52.03", "2025", "perubahan", "apbd_kabkota", "2025-11", "50.400.000", "3.000"],
    ])
    plan, _table = imports.plan_file(actor=admin_user, dataset="realizations", data=data,
                                     file_name="r.csv")
    assert [(r.row, r.warnings) for r in plan.warned] == [(3, [
        "November 2025 lebih lambat dari bulan berjalan (Oktober 2025): angka untuk bulan yang "
        "belum tiba."])]


def test_the_upload_page_shows_the_warnings_and_the_confirmation(client, records, op_a):
    client.force_login(op_a)
    data = csv_bytes([
        ALLOCATION_KEYS,
        ["52.03", "2025", "murni", "apbd_kabkota", "151.200.000", "3.000", "10", "3",
         "bpu-jkk-jkm"],
    ])
    response, job = upload(client, "allocations", "a.csv", data)
    page = response.content.decode()
    assert "tampaknya APBD murni dimasukkan lagi sebagai APBD perubahan" in page
    assert 'name="confirm_warnings"' in page
    before = snapshot()
    apply(client, job)
    job.refresh_from_db()
    assert job.status == ImportStatus.STAGED and snapshot() == before
    apply(client, job, confirm=True)
    job.refresh_from_db()
    assert job.status == ImportStatus.APPLIED
    murni = Allocation.objects.get(stage="murni")
    assert "terhitung dua kali" in murni.flags[0]


def test_the_batch_answers_equal_the_one_by_one_answers(records, admin_user, package):
    """The import's loaded-once lookups give each row the warnings a form would give it."""
    region = records["allocations"].region
    allocation(admin_user, region, package, fiscal_year=2025, stage="murni",
               funding_source="dbhcht", confirm=True)
    data = csv_bytes([
        ALLOCATION_KEYS,
        ["52.03", "2026", "murni", "dbhcht", "201.600", "1", "1", "12", "bpu-jkk-jkm"],
        ["52.03", "2025", "murni", "apbd_kabkota", "151.200.000", "3.000", "10", "3",
         "bpu-jkk-jkm"],
    ])
    plan, _table = imports.plan_file(actor=admin_user, dataset="allocations", data=data,
                                     file_name="a.csv")
    assert len(plan.warned) == 2
    for row in plan.rows:
        assert row.warnings == budget.allocation_warnings(row.instance), row.row


# --- loaded once: the queries do not grow with the rows -----------------------------------------

def _count_plan_queries(actor, dataset: str, rows: list[list]) -> int:
    data = csv_bytes(rows)
    with CaptureQueriesContext(connection) as context:
        plan, _table = imports.plan_file(actor=actor, dataset=dataset, data=data,
                                         file_name="q.csv")
    assert plan.is_valid, [p.message for p in plan.problems]
    return len(context.captured_queries)


def _rows(dataset: str, n: int) -> list[list]:
    codes = ["52.01", "52.02", "52.03", "52.71"]
    if dataset == "denominators":
        return [["region_code", "year", "workforce_potential"],
                *[[codes[i % 4], str(2010 + i // 4), "400.000"] for i in range(n)]]
    if dataset == "participation":
        return [["region_code", "month", "segment", "active"],
                *[[codes[i % 4], f"2024-{1 + i // 4:02d}", "BPU", "50.000"] for i in range(n)]]
    return [ALLOCATION_KEYS,
            *[[codes[i % 4], str(2015 + i // 8), ["murni", "perubahan"][i // 4 % 2],
               "apbd_kabkota", "201.600.000", "1.000", "1", "12", "bpu-jkk-jkm"]
              for i in range(n)]]


@pytest.mark.parametrize("dataset", ["denominators", "participation", "allocations"])
def test_planning_an_import_does_not_query_per_row(records, admin_user, dataset):
    few = _count_plan_queries(admin_user, dataset, _rows(dataset, 4))
    many = _count_plan_queries(admin_user, dataset, _rows(dataset, 40))
    assert many == few
