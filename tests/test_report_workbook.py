"""The data workbook of a report period (``ucj.reports.workbook.build_workbook``): every figure
of "Indikator" equals the indicator engine's for the same region and month, the record sheets
hold the records of the scope (counts and sums), cells are typed with number and date formats,
every sheet has a styled, frozen header and a filter, a regency's workbook holds no other
regency's rows, and no personal data is written.

Data, written through the services: four regencies of NTB. Period 2025-Q2 has participation in
April and May (none in June); December 2024 is the trajectory's start. Lombok Timur (A, 52.03),
Lombok Tengah (B, 52.02) and Lombok Barat (52.01) have denominators; Kota Mataram (52.71) has
participation but no denominator (its ratios are "no data"). Commitments of the province and of
A; allocations of A in both budget stages from two sources, of B, and one at province level;
realizations of A up to June (in the period) and July (after it); forum action items of a
province meeting and of B's meeting; A's May participation approved.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from decimal import Decimal

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from ucj.budget import services as budget
from ucj.budget.models import Allocation, Realization
from ucj.coverage import services as coverage
from ucj.coverage.models import ParticipationSnapshot, WorkforceDenominator
from ucj.forums import services as forums
from ucj.forums.models import ActionItem, ActionUpdate
from ucj.indicators import selectors as ind
from ucj.reports.periods import parse_period
from ucj.reports.selectors import data_versions
from ucj.reports.workbook import SHEETS, build_workbook
from ucj.submissions import services as submissions

TODAY = timezone.localdate()
APRIL, MAY, JUNE, JULY = (dt.date(2025, m, 1) for m in (4, 5, 6, 7))
DECEMBER = dt.date(2024, 12, 1)
PERIOD = parse_period("2025-Q2")
DUE_LATE = dt.date(2025, 6, 20)  # overdue on 30 June 2025, the quarter's end
ATTENDEE = "Baiq Nurul Hidayati"
NIK = "5203014506900001"
MONTH_FORMATS = {"[$-421]mmm yyyy"}
DATE_FORMATS = {"[$-421]d mmm yyyy"}


@pytest.fixture(autouse=True)
def _threshold_rows(db):
    """The status thresholds' rows (a browser test run before may have flushed them)."""
    from ucj.indicators.models import DEFAULT_VALUES, StatusThreshold

    for key, value in DEFAULT_VALUES.items():
        StatusThreshold.objects.get_or_create(key=key, defaults={"label": key, "value": value})


@pytest.fixture
def data(ntb, admin_user, package, agency):
    a, b, c, d = ntb["52.03"], ntb["52.02"], ntb["52.01"], ntb["52.71"]
    for region, workforce, vulnerable in ((a, 453_748, 71_000), (b, 500_000, None),
                                          (c, 300_000, 20_000)):
        for year in (2024, 2025):
            coverage.denominator_create(actor=admin_user, region=region, year=year,
                                        workforce_potential=workforce, employed=workforce - 20_000,
                                        vulnerable_target=vulnerable, source_note="BPS NTB",
                                        confirm_warnings=True)
    active = {a: 120_000, b: 101_000, c: 70_000, d: 45_000}
    for month, factor in ((DECEMBER, 0.9), (APRIL, 1), (MAY, 1.05)):
        for region, base in active.items():
            if region == d and month != MAY:
                continue
            coverage.participation_create(
                actor=admin_user, region=region, month=month, segment="BPU",
                active=int(base * factor), new=1_000, lapsed=400,
                funded_apbd_kabkota=17_000 if region == a else 0,
                funded_dbhcht=4_000 if region == a else 0, source_note="BPJS TK NTB",
                confirm_warnings=True)
            if region == a:
                coverage.participation_create(
                    actor=admin_user, region=region, month=month, segment="PU",
                    active=int(30_000 * factor), confirm_warnings=True)
    budget.commitment_create(actor=admin_user, region=ntb["52"], year=2025,
                             target_coverage=Decimal("62.22"), confirm_warnings=True)
    budget.commitment_create(actor=admin_user, region=a, year=2025,
                             target_coverage=Decimal("45.00"), target_funded_workers=21_000,
                             perkada_number="Perbup Lombok Timur No. 12 Tahun 2024",
                             perkada_date=dt.date(2024, 12, 20), confirm_warnings=True)
    alloc = lambda region, stage, source, amount, workers, start, months: (  # noqa: E731
        budget.allocation_create(actor=admin_user, region=region, fiscal_year=2025, stage=stage,
                                 funding_source=source, amount=amount, workers_planned=workers,
                                 start_month=start, months_covered=months, package=package,
                                 confirm_warnings=True))
    allocations = {
        "a_murni": alloc(a, "murni", "apbd_kabkota", 3_427_200_000, 17_000, 1, 12),
        "a_perubahan": alloc(a, "perubahan", "dbhcht", 201_600_000, 4_000, 10, 3),
        "b_murni": alloc(b, "murni", "dbhcht", 604_800_000, 3_000, 1, 12),
        "province": alloc(ntb["52"], "murni", "apbd_prov", 100_800_000, 500, 7, 6),
    }
    for month in (APRIL, MAY, JUNE, JULY):
        budget.realization_create(actor=admin_user, allocation=allocations["a_murni"],
                                  month=month, amount_paid=285_600_000, workers_paid=17_000,
                                  confirm_warnings=True)
    budget.realization_create(actor=admin_user, allocation=allocations["b_murni"], month=MAY,
                              amount_paid=50_400_000, workers_paid=3_000, confirm_warnings=True)
    rakor = forums.meeting_create(
        actor=admin_user, title="Rakor UCJ NTB Triwulan II", date=dt.date(2025, 5, 10),
        level="province", region=ntb["52"], place="Aula Bappeda NTB",
        attendees=[{"region": a, "agency": agency["bpkad"], "name": ATTENDEE,
                    "position": "Kepala Bidang Anggaran"}])
    local_b = forums.meeting_create(
        actor=admin_user, title="Rapat Tim UCJ Lombok Tengah", date=dt.date(2025, 5, 30),
        level="region", region=b, place="Praya")
    actions = {
        "a_overdue": forums.action_create(
            actor=admin_user, meeting=rakor, title="Usulkan iuran dalam APBD-P",
            due_date=DUE_LATE, owner_region=a, owner_agency=agency["bpkad"]),
        "b_local": forums.action_create(
            actor=admin_user, meeting=local_b, title="Tetapkan SK tim koordinasi",
            due_date=dt.date(2025, 7, 30), owner_region=b, owner_agency=agency["setda"]),
        "province": forums.action_create(
            actor=admin_user, meeting=rakor, title="Susun Pergub perlindungan pekerja rentan",
            due_date=dt.date(2025, 9, 30), owner_region=ntb["52"],
            owner_agency=agency["hukum"]),
    }
    forums.action_update(actor=admin_user, action=actions["a_overdue"], progress=40,
                         comment=f"Dibahas dengan TAPD; NIK contoh {NIK}")
    # the update was recorded in June 2025 (the workbook shows the items as of the quarter)
    ActionUpdate.objects.filter(action=actions["a_overdue"]).update(
        at=timezone.make_aware(dt.datetime(2025, 6, 5, 10, 0)))
    submissions.submission_submit(actor=admin_user, region=a, dataset="participation",
                                  period="2025-05")
    submissions.submission_approve(actor=admin_user, region=a, dataset="participation",
                                   period="2025-05")
    return {"regions": ntb, "allocations": allocations, "actions": actions}


def load(content: bytes):
    return load_workbook(io.BytesIO(content))


def table(ws, header_row: int = 1) -> tuple[list[str], list[list]]:
    header = [c.value for c in ws[header_row]]
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=header_row + 1)]
    return header, [r for r in rows if any(v is not None for v in r)]


def column(header: list[str], rows: list[list], name: str) -> list:
    index = header.index(name)
    return [r[index] for r in rows]


# --- "Indikator": the engine's figures --------------------------------------------------------

def test_every_indicator_cell_equals_the_engine_for_its_region_and_month(data):
    wb = load(build_workbook(period=PERIOD))
    header, rows = table(wb[SHEETS["indicators"]])
    regions = data["regions"]
    codes = ["52.01", "52.02", "52.03", "52.71", "52"]
    # April and May have data, June none: 2 months × (4 regencies and the province total).
    assert [(r[0], r[3].date()) for r in rows] == [(c, m) for m in (APRIL, MAY) for c in codes]
    checked = 0
    for row in rows:
        code, month = row[0], row[3].date()
        engine = ind.indicators(regions[code], month)
        for key in ind.SCALAR_KEYS:
            value = row[header.index(str(ind.LABELS[key]))]
            expected = engine[key]
            if expected is None:
                assert value is None, (code, month, key)
            elif key in ind.STATUS_KEYS:
                assert value == str(ind.STATUS_LABELS[expected])
            elif key in ind.RATIO_KEYS:
                # A real number (0.0 reads back as the integer 0), not a string.
                assert isinstance(value, int | float) and abs(Decimal(value) - expected) < Decimal(
                    "1e-9"), (code, month, key, value, expected)
            else:
                assert isinstance(value, int) and value == expected, (code, month, key)
            checked += 1
    assert checked == len(rows) * len(ind.SCALAR_KEYS)
    # The data exercises what it claims: no-data ratios, money, a province total.
    by_code = {(r[0], r[3].date()): r for r in rows}
    assert by_code[("52.71", MAY)][header.index(str(ind.LABELS["coverage"]))] is None
    assert by_code[("52.71", MAY)][header.index(str(ind.LABELS["active_participants"]))] == 47_250
    assert by_code[("52.71", APRIL)][header.index(str(ind.LABELS["active_participants"]))] is None
    # the APBD-P paying from October (no enactment date) did not exist in May: not counted
    assert by_code[("52", MAY)][header.index(str(ind.LABELS["allocated"]))] == 4_132_800_000
    assert by_code[("52.03", MAY)][header.index(str(ind.LABELS["realized"]))] == 571_200_000


def test_indicator_cells_are_typed_with_percent_rupiah_count_and_month_formats(data):
    ws = load(build_workbook(period=PERIOD))[SHEETS["indicators"]]
    header = [c.value for c in ws[1]]
    first = list(ws[2])
    for key in ind.SCALAR_KEYS:
        cell = first[header.index(str(ind.LABELS[key]))]
        if key in ind.RATIO_KEYS:
            assert cell.number_format in ("0.0%", "0.00%"), key
        elif key in ind.MONEY_KEYS:
            assert cell.number_format == '"Rp" #,##0', key
        elif key not in ind.STATUS_KEYS:
            assert cell.number_format == "#,##0", key
    month = first[header.index("Bulan")]
    assert month.is_date and month.number_format in MONTH_FORMATS
    coverage_cell = first[header.index(str(ind.LABELS["coverage"]))]
    assert isinstance(coverage_cell.value, float) and 0 < coverage_cell.value < 1


def test_indicator_rows_carry_the_participation_approval_and_the_target_source(data):
    ws = load(build_workbook(period=PERIOD))[SHEETS["indicators"]]
    header, rows = table(ws)
    by_code = {(r[0], r[3].date()): r for r in rows}
    approval = header.index("Persetujuan kepesertaan")
    assert by_code[("52.03", MAY)][approval] == "disetujui"
    assert by_code[("52.03", APRIL)][approval] == "draf"
    assert by_code[("52", MAY)][approval] == "1 dari 4 daerah disetujui"
    source = header.index("Asal target")
    assert by_code[("52.03", MAY)][source] == "komitmen daerah"
    assert by_code[("52.02", MAY)][source] == "target provinsi"


# --- the record sheets --------------------------------------------------------------------------

def test_participation_sheet_holds_the_snapshots_of_the_period_months(data):
    header, rows = table(load(build_workbook(period=PERIOD))[SHEETS["participation"]])
    records = ParticipationSnapshot.objects.filter(month__gte=APRIL, month__lte=JUNE)
    assert len(rows) == records.count() == 9  # April: 3 regencies (A twice), May: 4 (A twice)
    assert sum(column(header, rows, "Peserta aktif")) == sum(r.active for r in records)
    assert sum(column(header, rows, "Dibiayai APBD kabupaten/kota")) == 2 * 17_000
    assert sum(column(header, rows, "Dibiayai DBHCHT kabupaten/kota")) == 2 * 4_000
    assert sum(column(header, rows, "Dibiayai DBHCHT provinsi")) == 0
    assert sum(column(header, rows, "Dibiayai pemerintah, jumlah")) == 2 * 21_000
    assert {m.date() for m in column(header, rows, "Bulan")} == {APRIL, MAY}
    states = {(r[0], r[2].date(), r[3]): r[header.index("Status persetujuan")] for r in rows}
    assert states[("52.03", MAY, "BPU (bukan penerima upah)")] == "disetujui"
    assert states[("52.03", APRIL, "BPU (bukan penerima upah)")] == "draf"


def test_denominator_commitment_allocation_and_realization_sheets_equal_the_records(data):
    Allocation.objects.filter(pk=data["allocations"]["a_murni"].pk).update(
        enacted_on=dt.date(2024, 12, 20))
    wb = load(build_workbook(period=PERIOD))
    header, rows = table(wb[SHEETS["denominators"]])
    assert sorted(column(header, rows, "Kode wilayah")) == ["52.01", "52.02", "52.03"]
    assert set(column(header, rows, "Tahun")) == {2025}
    assert sum(column(header, rows, "Potensi tenaga kerja")) == sum(
        WorkforceDenominator.objects.filter(year=2025).values_list("workforce_potential",
                                                                   flat=True))
    assert column(header, rows, "Populasi sasaran pekerja rentan").count(None) == 1  # B's

    header, rows = table(wb[SHEETS["commitments"]])
    targets = dict(zip(column(header, rows, "Kode wilayah"),
                       column(header, rows, "Target cakupan"), strict=True))
    assert targets == {"52": pytest.approx(0.6222), "52.03": pytest.approx(0.45)}
    perkada = column(header, rows, "Tanggal Perkada")
    assert perkada[1] == dt.datetime(2024, 12, 20) and perkada[0] is None

    header, rows = table(wb[SHEETS["allocations"]])
    # as of June 2025: the APBD-P paying from October (not enacted by then) is not listed yet
    assert len(rows) == Allocation.objects.count() - 1 == 3
    assert sum(column(header, rows, "Nilai alokasi")) == 4_132_800_000
    assert set(column(header, rows, "Tahap anggaran")) == {"APBD murni"}
    q4 = table(load(build_workbook(period=parse_period("2025-Q4")))[SHEETS["allocations"]])[1]
    assert len(q4) == 4
    assert set(column(header, rows, "Sumber dana")) == {"APBD kabupaten/kota", "DBHCHT",
                                                       "APBD provinsi"}
    realized = dict(zip(column(header, rows, "Sumber dana"),
                        column(header, rows, "Terealisasi s.d. Juni 2025"), strict=True))
    assert realized["APBD kabupaten/kota"] == 3 * 285_600_000  # April–June, not July
    # who pays apart from the fund, and when the stage was enacted
    assert sorted(zip(column(header, rows, "Sumber dana"), column(header, rows, "Pembayar"),
                      column(header, rows, "Tanggal penetapan"), strict=True), key=str) == [
        ("APBD kabupaten/kota", "kabupaten/kota", dt.datetime(2024, 12, 20)),
        ("APBD provinsi", "provinsi", None),
        ("DBHCHT", "kabupaten/kota", None)]

    header, rows = table(wb[SHEETS["realizations"]])
    in_period = Realization.objects.filter(month__lte=JUNE)
    assert len(rows) == in_period.count() == 4
    assert set(column(header, rows, "Pembayar")) == {"kabupaten/kota"}
    assert sum(column(header, rows, "Jumlah dibayar")) == sum(r.amount_paid for r in in_period)
    assert sum(column(header, rows, "Pekerja dibayar")) == 3 * 17_000 + 3_000
    assert max(column(header, rows, "Bulan")).date() == JUNE


def test_action_sheet_lists_the_scope_items_with_status_progress_and_overdue(data):
    header, rows = table(load(build_workbook(period=PERIOD))[SHEETS["actions"]])
    assert len(rows) == ActionItem.objects.count() == 3
    titles = column(header, rows, "Langkah strategis")
    overdue = header[[i for i, h in enumerate(header) if h.startswith("Terlambat per")][0]]
    item = rows[titles.index("Usulkan iuran dalam APBD-P")]
    assert item[header.index("Kemajuan")] == pytest.approx(0.40)
    assert item[header.index(overdue)] == "ya"
    assert item[header.index("Status")] == "sedang berjalan"
    assert item[header.index("Tenggat")] == dt.datetime.combine(DUE_LATE, dt.time())
    other = rows[titles.index("Tetapkan SK tim koordinasi")]
    assert other[header.index(overdue)] == "tidak"


# --- every sheet --------------------------------------------------------------------------------

def test_every_sheet_has_a_bold_filled_header_frozen_below_it_and_a_filter(data):
    wb = load(build_workbook(period=PERIOD))
    assert wb.sheetnames == list(SHEETS.values())
    for ws in wb.worksheets:
        assert ws.freeze_panes, ws.title
        assert ws.auto_filter.ref, ws.title
        first = ws.auto_filter.ref.split(":")[0]
        header_row = int(re.sub(r"[A-Z]+", "", first))
        header = ws.cell(header_row, 1)
        assert header.font.b and header.fill.fgColor.rgb.endswith("1F4E79"), ws.title
        frozen_row = int(re.sub(r"[A-Z]+", "", ws.freeze_panes))
        if ws.title != SHEETS["about"]:
            assert frozen_row == header_row + 1 == 2, ws.title
        else:  # frozen below its title block
            assert frozen_row == 3
        assert all(ws.column_dimensions[c].width for c in "ABC"), ws.title


def test_dates_are_date_cells_in_every_record_sheet(data):
    wb = load(build_workbook(period=PERIOD))
    for name, headers in ((SHEETS["participation"], ["Bulan"]),
                          (SHEETS["realizations"], ["Bulan"]),
                          (SHEETS["commitments"], ["Tanggal Perkada"]),
                          (SHEETS["actions"], ["Tanggal rapat", "Tenggat"])):
        ws = wb[name]
        header = [c.value for c in ws[1]]
        for title in headers:
            cell = ws.cell(2 if name != SHEETS["commitments"] else 3, header.index(title) + 1)
            assert cell.is_date and isinstance(cell.value, dt.datetime), (name, title)
            assert cell.number_format in MONTH_FORMATS | DATE_FORMATS


def test_about_sheet_states_the_period_reference_month_and_data_versions(data):
    ws = load(build_workbook(period=PERIOD))[SHEETS["about"]]
    values = {r[0]: r[1] for r in ws.iter_rows(values_only=True) if r[0]}
    assert values["Kode periode"] == "2025-Q2"
    assert values["Periode"] == "Triwulan II 2025"
    assert values["Bulan acuan"] == dt.datetime(2025, 5, 1)  # May: the latest month with data
    assert values["Bulan berdata"] == "April 2025, Mei 2025"
    assert isinstance(values["Dibuat pada"], dt.datetime)
    assert "Data sintetis" not in values
    assert "1 dari 4 daerah disetujui" in values["Persetujuan"]
    versions = data_versions(period=PERIOD, region=data["regions"]["52"])
    assert values["Kepesertaan"] == versions["participation"]["count"]
    assert values["Realisasi"] == versions["realizations"]["count"]
    assert values["Langkah strategis forum"] == versions["action_items"]["count"]


def test_about_sheet_says_when_the_data_is_synthetic(data):
    ParticipationSnapshot.objects.filter(region__code="52.01").update(is_synthetic=True)
    ws = load(build_workbook(period=PERIOD))[SHEETS["about"]]
    values = {r[0]: r[1] for r in ws.iter_rows(values_only=True) if r[0]}
    assert values["Data sintetis"] == "Memuat data sintetis untuk demonstrasi: bukan angka resmi."


# --- scope and personal data --------------------------------------------------------------------

def all_text(wb) -> str:
    return "\n".join(str(v) for ws in wb.worksheets for row in ws.iter_rows(values_only=True)
                     for v in row if v is not None)


def test_regency_workbook_holds_that_regency_and_the_province_total_only(data):
    wb = load(build_workbook(period=PERIOD, region=data["regions"]["52.03"]))
    header, rows = table(wb[SHEETS["indicators"]])
    assert [(r[0], r[3].date()) for r in rows] == [
        (c, m) for m in (APRIL, MAY) for c in ("52.03", "52")]
    for name in ("participation", "denominators", "commitments", "allocations",
                 "realizations"):
        header, rows = table(wb[SHEETS[name]])
        assert rows and set(column(header, rows, "Kode wilayah")) == {"52.03"}, name
    header, rows = table(wb[SHEETS["allocations"]])
    assert sum(column(header, rows, "Nilai alokasi")) == 3_427_200_000  # APBD-P not yet
    header, rows = table(wb[SHEETS["actions"]])
    assert column(header, rows, "Langkah strategis") == ["Usulkan iuran dalam APBD-P"]
    text = all_text(wb)
    for other in ("Lombok Tengah", "Lombok Barat", "Kota Mataram", "52.02", "52.01", "52.71"):
        assert other not in text


def test_no_personal_data_in_the_workbook(data, admin_user):
    text = all_text(load(build_workbook(period=PERIOD)))
    for personal in (ATTENDEE, "Kepala Bidang Anggaran", NIK, admin_user.full_name,
                     admin_user.username, "Dibahas dengan TAPD"):
        assert personal not in text
    # no NIK-like number (the data fingerprint, 64 hex digits, may hold 16 digits in a row)
    assert not re.search(r"(?<![\d.])\d{16}(?!\d)", re.sub(r"\b[0-9a-f]{64}\b", "", text))


def test_report_generation_archives_the_workbook(data, admin_user):
    from ucj.reports.services import report_request
    from ucj.reports.tasks import report_generate

    report = report_request(actor=admin_user, kind="workbook", period="2025-Q2",
                            region=data["regions"]["52"], enqueue=False)
    report = report_generate(report.pk)
    assert report.status == "done", report.error
    with report.file.open("rb") as handle:
        wb = load(handle.read())
    assert wb.sheetnames[:2] == [SHEETS["about"], SHEETS["indicators"]]
    assert report.file_name.endswith("52-2025-Q2.xlsx")
