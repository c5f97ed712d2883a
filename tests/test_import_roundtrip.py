"""Round trips through the import pages, for every dataset: download the template as the
user who fills it, fill it the way offices do (Rp 1.234.567, 1.234.567, 62,22, trailing
spaces, codes typed 5203, blank rows at the end), upload, check the preview, apply, check the
database, download again and find the uploaded values; uploading the same file again changes
nothing. And the CSV export, edited and uploaded as it is."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from tests.import_helpers import (
    DATASET_MODELS,
    apply,
    change_rows,
    sheet_rows,
    upload,
    workbook,
    xlsx_bytes,
)
from ucj.budget.models import Allocation, Commitment, Realization
from ucj.coverage.models import ParticipationSnapshot, WorkforceDenominator
from ucj.imports.models import ImportStatus

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def download(client, dataset: str, period: str) -> bytes:
    response = client.get(reverse("import_template"), {"dataset": dataset, "period": period})
    assert response.status_code == 200 and response["Content-Type"] == XLSX
    assert f"ucj-templat-{dataset}-{period}.xlsx" in response["Content-Disposition"]
    return response.content


def fill(data: bytes, edit) -> bytes:
    wb = workbook(data)
    edit(wb["Data"])
    return xlsx_bytes(wb)


def row_of(ws, *values) -> int:
    """The number of the template row whose first cells are ``values`` (e.g. code, name, …),
    compared as text; None matches anything."""
    for row in ws.iter_rows(min_row=2):
        cells = [c.value for c in row[:len(values)]]
        if all(v is None or str(c).strip() == str(v) for c, v in zip(cells, values, strict=True)):
            return row[0].row
    raise AssertionError(f"no row {values}")


def put(ws, row: int, values: dict[str, object]) -> None:
    for ref, value in values.items():
        ws[f"{ref}{row}"] = value


def blank_trailing_rows(ws, start: int) -> None:
    """What a user leaves below the data: cells holding only spaces."""
    for row in range(start, start + 3):
        ws[f"A{row}"] = "  "
        ws[f"E{row}"] = " "


def kpis(response) -> dict[str, int]:
    """The counts at the top of the preview: rows, new, changed, unchanged, with errors."""
    values = re.findall(r'<div class="value">([^<]*)</div>', response.content.decode())
    names = ["rows", "create", "update", "unchanged", "invalid"]
    return {n: int(v.replace(".", "")) for n, v in zip(names, values, strict=True)}


def preview(client, dataset: str, name: str, data: bytes, *, counts: dict[str, int]):
    response, job = upload(client, dataset, name, data)
    assert job.status == ImportStatus.STAGED, job.report.get("errors")
    assert kpis(response) == {"invalid": 0, **counts}
    return response, job


def apply_ok(client, job, *, warnings: bool):
    """Apply; when the preview has warnings, applying without the confirmation writes nothing
    and the confirmation is then given."""
    if warnings:
        assert job.rows_warned > 0 and 'name="confirm_warnings"' in client.get(
            reverse("import_detail", args=[job.pk])).content.decode()
        before = {m: list(m.objects.values_list("pk", "updated_at")) for m in DATASET_MODELS}
        apply(client, job)
        job.refresh_from_db()
        assert job.status == ImportStatus.STAGED
        assert {m: list(m.objects.values_list("pk", "updated_at")) for m in DATASET_MODELS} == before
    else:
        assert job.rows_warned == 0
    response = apply(client, job, confirm=warnings)
    assert response.status_code == 200
    job.refresh_from_db()
    assert job.status == ImportStatus.APPLIED and job.applied_at is not None
    return job


def reupload_changes_nothing(client, dataset: str, name: str, data: bytes, *, rows: int,
                             unchanged: int) -> None:
    stamps = {m: sorted(m.objects.values_list("pk", "updated_at")) for m in DATASET_MODELS}
    _response, job = preview(client, dataset, name, data,
                             counts={"rows": rows, "create": 0, "update": 0,
                                     "unchanged": unchanged})
    assert job.rows_warned == 0
    job = apply_ok(client, job, warnings=False)
    assert (job.rows_created, job.rows_changed, job.rows_unchanged) == (0, 0, unchanged)
    assert {m: sorted(m.objects.values_list("pk", "updated_at")) for m in DATASET_MODELS} == stamps


def fields(obj, *names) -> dict:
    return {n: getattr(obj, n) for n in names}


# --- the templates, filled -------------------------------------------------------------------

def test_denominators_round_trip(client, records, op_a):
    client.force_login(op_a)
    template = download(client, "denominators", "2025")

    def edit(ws):
        put(ws, 2, {"D": "460.000", "E": "433.000  ", "H": "BPS 2025 "})
        put(ws, 3, {"A": 5203, "C": "2026", "D": "470.000", "E": 450_000, "F": "  ",
                    "G": "72.000", "H": " BPS"})
        blank_trailing_rows(ws, 4)

    data = fill(template, edit)
    response, job = preview(client, "denominators", "penyebut.xlsx", data,
                            counts={"rows": 2, "create": 1, "update": 1, "unchanged": 0})
    assert change_rows(response.content) == [
        ["2", "Lombok Timur · 2025", "Potensi tenaga kerja", "453.748", "460.000"],
        ["2", "Lombok Timur · 2025", "Sumber", "BPS", "BPS 2025"],
    ]
    apply_ok(client, job, warnings=False)

    a = op_a.regions.get()
    assert fields(WorkforceDenominator.objects.get(region=a, year=2025), "workforce_potential",
                  "employed", "informal", "vulnerable_target", "source_note") == {
        "workforce_potential": 460_000, "employed": 433_000, "informal": 326_000,
        "vulnerable_target": 71_000, "source_note": "BPS 2025"}
    assert fields(WorkforceDenominator.objects.get(region=a, year=2026), "workforce_potential",
                  "employed", "informal", "vulnerable_target", "source_note") == {
        "workforce_potential": 470_000, "employed": 450_000, "informal": None,
        "vulnerable_target": 72_000, "source_note": "BPS"}
    assert sheet_rows(download(client, "denominators", "2025"))[1] == [
        "52.03", "Lombok Timur", 2025, 460_000, 433_000, 326_000, 71_000, "BPS 2025"]
    assert sheet_rows(download(client, "denominators", "2026"))[1] == [
        "52.03", "Lombok Timur", 2026, 470_000, 450_000, None, 72_000, "BPS"]
    reupload_changes_nothing(client, "denominators", "penyebut.xlsx", data, rows=2, unchanged=2)


def test_participation_round_trip(client, records, admin_user):
    client.force_login(admin_user)
    template = download(client, "participation", "2025-06")
    assert len(sheet_rows(template)) == 1 + 4 * 4  # every regency × segment

    def edit(ws):
        put(ws, row_of(ws, "52.03", None, "2025-06", "BPU (bukan penerima upah)"),
            {"E": "54.500", "J": "4.200 "})
        put(ws, row_of(ws, "52.03", None, "2025-06", "PU (penerima upah)"), {"E": "120.000 "})
        # Kota Mataram has no denominator for 2025 yet: a warning to confirm
        put(ws, row_of(ws, "52.71", None, "2025-06", "PU (penerima upah)"), {"E": "1.234.567"})
        put(ws, 18, {"A": "5201", "C": "Juli 2025", "D": "PU", "E": "1.000", "N": "BPJS "})
        blank_trailing_rows(ws, 19)

    data = fill(template, edit)
    response, job = preview(client, "participation", "kepesertaan.xlsx", data,
                            counts={"rows": 17, "create": 3, "update": 1, "unchanged": 0})
    assert job.report["counts"]["skipped"] == 13  # the template rows left unfilled
    assert change_rows(response.content) == [
        ["11", "Lombok Timur · Juni 2025 · BPU", "Peserta aktif", "54.298", "54.500"],
        ["11", "Lombok Timur · Juni 2025 · BPU", "Dibiayai DBHCHT", "4.000", "4.200"],
    ]
    apply_ok(client, job, warnings=True)

    regions = {r.code: r for r in admin_user.regions.get().children.all()}
    bpu = ParticipationSnapshot.objects.get(region=regions["52.03"], month=dt.date(2025, 6, 1),
                                            segment="BPU")
    assert fields(bpu, "active", "new", "lapsed", "funded_apbd_kabkota", "funded_dbhcht") == {
        "active": 54_500, "new": 1_200, "lapsed": 900, "funded_apbd_kabkota": 17_000,
        "funded_dbhcht": 4_200}
    created = {(s.region.code, s.month, s.segment): (s.active, s.source_note, bool(s.flags))
               for s in ParticipationSnapshot.objects.exclude(pk=bpu.pk)}
    assert created == {("52.03", dt.date(2025, 6, 1), "PU"): (120_000, "", False),
                       ("52.71", dt.date(2025, 6, 1), "PU"): (1_234_567, "", True),
                       ("52.01", dt.date(2025, 7, 1), "PU"): (1_000, "BPJS", True)}
    again = sheet_rows(download(client, "participation", "2025-06"))
    assert again[9][:5] == ["52.03", "Lombok Timur", "2025-06", "PU (penerima upah)", 120_000]
    assert again[10][4] == 54_500 and again[10][9] == 4_200
    assert again[13][:5] == ["52.71", "Kota Mataram", "2025-06", "PU (penerima upah)", 1_234_567]
    assert sheet_rows(download(client, "participation", "2025-07"))[1][:5] == [
        "52.01", "Lombok Barat", "2025-07", "PU (penerima upah)", 1_000]
    reupload_changes_nothing(client, "participation", "kepesertaan.xlsx", data, rows=17,
                             unchanged=4)


def test_commitments_round_trip(client, records, op_a):
    client.force_login(op_a)
    template = download(client, "commitments", "2025")

    def edit(ws):
        put(ws, 2, {"D": "62,22", "E": "21.000", "G": "25/07/2025", "K": "direvisi  "})
        put(ws, 3, {"A": "5203", "C": 2026, "D": "65,5 %", "E": "22.500", "F": "Perbup 3/2026",
                    "G": "2026-01-15", "J": "direncanakan"})
        blank_trailing_rows(ws, 4)

    data = fill(template, edit)
    response, job = preview(client, "commitments", "komitmen.xlsx", data,
                            counts={"rows": 2, "create": 1, "update": 1, "unchanged": 0})
    assert change_rows(response.content) == [
        ["2", "Lombok Timur · 2025", "Target cakupan (%)", "40,00", "62,22"],
        ["2", "Lombok Timur · 2025", "Tanggal Perkada", "–", "25 Juli 2025"],
        ["2", "Lombok Timur · 2025", "Catatan", "–", "direvisi"],
    ]
    apply_ok(client, job, warnings=False)

    a = op_a.regions.get()
    assert fields(Commitment.objects.get(region=a, year=2025), "target_coverage",
                  "target_funded_workers", "perkada_date", "note", "status") == {
        "target_coverage": Decimal("62.22"), "target_funded_workers": 21_000,
        "perkada_date": dt.date(2025, 7, 25), "note": "direvisi", "status": "planned"}
    assert fields(Commitment.objects.get(region=a, year=2026), "target_coverage",
                  "target_funded_workers", "perkada_number", "perkada_date", "status") == {
        "target_coverage": Decimal("65.5"), "target_funded_workers": 22_500,
        "perkada_number": "Perbup 3/2026", "perkada_date": dt.date(2026, 1, 15),
        "status": "planned"}
    assert sheet_rows(download(client, "commitments", "2025"))[1] == [
        "52.03", "Lombok Timur", 2025, 62.22, 21_000, "Perbup Lombok Timur No. 12 Tahun 2024",
        dt.datetime(2025, 7, 25), None, None, "direncanakan", "direvisi"]
    assert sheet_rows(download(client, "commitments", "2026"))[1] == [
        "52.03", "Lombok Timur", 2026, 65.5, 22_500, "Perbup 3/2026", dt.datetime(2026, 1, 15),
        None, None, "direncanakan", None]
    reupload_changes_nothing(client, "commitments", "komitmen.xlsx", data, rows=2, unchanged=2)


def test_allocations_round_trip(client, records, op_a, package):
    client.force_login(op_a)
    template = download(client, "allocations", "2025")

    def edit(ws):
        put(ws, 2, {"G": "Rp 151.200.000", "H": "3.000 ", "M": "dikoreksi "})
        # 10 workers × Rp 16.800 × 12 months would be Rp 2.016.000: a warning to confirm; the
        # payer left empty is derived (a regency's DBHCHT: the regency's)
        put(ws, 3, {"A": 5203, "C": 2025, "D": "APBD murni", "E": "DBHCHT", "G": "Rp 1.234.567",
                    "H": "10", "I": "Januari", "J": 12, "K": "bpu-jkk-jkm", "L": "20/12/2024"})
        blank_trailing_rows(ws, 4)

    data = fill(template, edit)
    response, job = preview(client, "allocations", "alokasi.xlsx", data,
                            counts={"rows": 2, "create": 1, "update": 1, "unchanged": 0})
    assert change_rows(response.content) == [
        ["2", "Lombok Timur · 2025 · APBD perubahan · APBD kabupaten/kota · kabupaten/kota",
         "Catatan", "–", "dikoreksi"]]
    apply_ok(client, job, warnings=True)

    a = op_a.regions.get()
    assert fields(Allocation.objects.get(pk=records["allocations"].pk),
                  "amount", "workers_planned", "start_month", "months_covered", "note") == {
        "amount": 151_200_000, "workers_planned": 3_000, "start_month": 10, "months_covered": 3,
        "note": "dikoreksi"}
    new = Allocation.objects.get(region=a, fiscal_year=2025, stage="murni",
                                 funding_source="dbhcht")
    assert fields(new, "payer", "enacted_on", "amount", "workers_planned", "start_month",
                  "months_covered", "package", "note") == {
        "payer": "regency", "enacted_on": dt.date(2024, 12, 20), "amount": 1_234_567,
        "workers_planned": 10, "start_month": 1, "months_covered": 12, "package": package,
        "note": ""}
    assert new.flags  # the confirmed warning is kept on the record
    assert sorted(sheet_rows(download(client, "allocations", "2025"))[1:], key=str) == sorted([
        ["52.03", "Lombok Timur", 2025, "APBD murni", "DBHCHT", "kabupaten/kota", 1_234_567, 10,
         1, 12, "bpu-jkk-jkm", dt.datetime(2024, 12, 20), None],
        ["52.03", "Lombok Timur", 2025, "APBD perubahan", "APBD kabupaten/kota",
         "kabupaten/kota", 151_200_000, 3_000, 10, 3, "bpu-jkk-jkm", None, "dikoreksi"]],
        key=str)
    reupload_changes_nothing(client, "allocations", "alokasi.xlsx", data, rows=2, unchanged=2)


def test_realizations_round_trip(client, records, op_a):
    client.force_login(op_a)
    template = download(client, "realizations", "2025-10")

    def edit(ws):
        put(ws, 2, {"H": "Rp 50.000.000", "I": "2.990", "N": "  "})
        put(ws, 3, {"A": "5203", "C": 2025, "D": "APBD perubahan", "E": "APBD kabupaten/kota",
                    "G": "2025-11", "H": "Rp 50.400.000", "I": 3_000,
                    "J": " 0012/SP2D-LS/5203/2025", "K": "12/11/2025",
                    "L": "TAG/5203/202511/0001", "N": "Nov "})
        blank_trailing_rows(ws, 4)

    data = fill(template, edit)
    response, job = preview(client, "realizations", "realisasi.xlsx", data,
                            counts={"rows": 2, "create": 1, "update": 1, "unchanged": 0})
    label = ("Lombok Timur · 2025 · APBD perubahan · APBD kabupaten/kota · kabupaten/kota · "
             "Oktober 2025")
    assert change_rows(response.content) == [
        ["2", label, "Jumlah dibayar (Rp)", "Rp 50.400.000", "Rp 50.000.000"],
        ["2", label, "Pekerja dibayar", "3.000", "2.990"]]
    apply_ok(client, job, warnings=False)

    allocation = records["allocations"]
    assert {(r.month, r.amount_paid, r.workers_paid, r.sp2d_number, r.sp2d_date,
             r.invoice_number, r.note)
            for r in Realization.objects.filter(allocation=allocation)} == {
        (dt.date(2025, 10, 1), 50_000_000, 2_990, "", None, "", ""),
        (dt.date(2025, 11, 1), 50_400_000, 3_000, "0012/SP2D-LS/5203/2025",
         dt.date(2025, 11, 12), "TAG/5203/202511/0001", "Nov")}
    assert sheet_rows(download(client, "realizations", "2025-10"))[1] == [
        "52.03", "Lombok Timur", 2025, "APBD perubahan", "APBD kabupaten/kota", "kabupaten/kota",
        "2025-10", 50_000_000, 2_990, None, None, None, None, None]
    assert sheet_rows(download(client, "realizations", "2025-11"))[1] == [
        "52.03", "Lombok Timur", 2025, "APBD perubahan", "APBD kabupaten/kota", "kabupaten/kota",
        "2025-11", 50_400_000, 3_000, "0012/SP2D-LS/5203/2025", dt.datetime(2025, 11, 12),
        "TAG/5203/202511/0001", None, "Nov"]
    reupload_changes_nothing(client, "realizations", "realisasi.xlsx", data, rows=2, unchanged=2)


# --- the CSV export, edited and uploaded --------------------------------------------------------

CSV_EDITS = {
    # dataset: (user, column, value written, field, value stored)
    "denominators": ("op_a", "workforce_potential", "460.000", "workforce_potential", 460_000),
    "participation": ("admin_user", "active", "54.500", "active", 54_500),
    "commitments": ("op_a", "target_coverage", "62,22", "target_coverage", Decimal("62.22")),
    "allocations": ("op_a", "note", "dikoreksi ", "note", "dikoreksi"),
    "realizations": ("op_a", "amount_paid", "Rp 50.000.000", "amount_paid", 50_000_000),
}


@pytest.mark.parametrize("dataset", list(CSV_EDITS))
def test_an_edited_csv_export_is_imported(client, records, request, dataset):
    username, column, written, field, stored = CSV_EDITS[dataset]
    client.force_login(request.getfixturevalue(username))
    exported = b"".join(client.get(reverse("record_export", args=[dataset])).streaming_content)
    rows = list(csv.reader(io.StringIO(exported.decode("utf-8-sig"))))
    assert rows[0][-2:] == ["synthetic", "approval_state"] and len(rows) == 2
    rows[1][rows[0].index(column)] = written
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    data = buffer.getvalue().encode("utf-8-sig")

    _response, job = preview(client, dataset, f"ucj-{dataset}.csv", data,
                             counts={"rows": 1, "create": 0, "update": 1, "unchanged": 0})
    assert job.file_format == "csv"
    apply_ok(client, job, warnings=False)
    record = records[dataset]
    record.refresh_from_db()
    assert getattr(record, field) == stored
    # exported again, the record is what was uploaded
    again = b"".join(client.get(reverse("record_export", args=[dataset])).streaming_content)
    exported_value = list(csv.reader(io.StringIO(again.decode("utf-8-sig"))))[1][
        rows[0].index(column)]
    assert exported_value == (format(stored, "f") if isinstance(stored, Decimal) else str(stored))
