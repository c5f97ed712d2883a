"""Every funded count of participation says who pays (issue 16, item 1): the province's DBHCHT
(``funded_dbhcht_prov``) apart from the regency's own (``funded_dbhcht``), through the import,
the form, the CSV export, the report workbook and the migration of existing rows.

Data: conftest's ``records``, Lombok Timur (52.03) BPU June 2025, 54,298 active, 17,000 funded
by APBD kabupaten/kota and 4,000 by (the regency's) DBHCHT, written by the admin."""

from __future__ import annotations

import csv
import datetime as dt
import importlib
import io

from django.apps import apps
from django.urls import reverse

from tests.import_helpers import apply, upload
from ucj.coverage import services as coverage
from ucj.coverage.models import (
    FUNDED_BY_PAYER,
    FUNDED_FIELDS,
    ParticipationSnapshot,
    funded_field,
)
from ucj.imports.models import ImportStatus
from ucj.reports.periods import parse_period
from ucj.reports.workbook import SHEETS, build_workbook

JUNE = dt.date(2025, 6, 1)
HEADER = ["Kode wilayah", "Nama wilayah", "Bulan", "Segmen", "Peserta aktif", "Peserta baru",
          "Peserta tidak aktif (berhenti)", "Dibiayai APBD provinsi",
          "Dibiayai APBD kabupaten/kota", "Dibiayai DBHCHT"]


def csv_bytes(rows: list[list]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")


def lotim_bpu(ntb) -> ParticipationSnapshot:
    return ParticipationSnapshot.objects.get(region=ntb["52.03"], month=JUNE, segment="BPU")


def test_every_funded_count_has_one_payer():
    by_payer = [name for names in FUNDED_BY_PAYER.values() for name in names]
    assert sorted(by_payer) == sorted(FUNDED_FIELDS) and len(set(by_payer)) == len(by_payer)
    assert set(FUNDED_BY_PAYER) == {"province", "regency", "village", "other"}
    assert funded_field("dbhcht", "province") == "funded_dbhcht_prov"
    assert funded_field("dbhcht", "regency") == "funded_dbhcht"
    assert funded_field("apbd_kabkota", "regency") == "funded_apbd_kabkota"


def test_the_import_stores_the_provinces_dbhcht_apart_from_the_regencys(
        client, records, admin_user, ntb):
    client.force_login(admin_user)
    data = csv_bytes([[*HEADER, "Dibiayai DBHCHT provinsi"],
                      ["52.03", "", "2025-06", "BPU", "54.298", "1.200", "900", "0", "17.000",
                       "1.500", "2.500"]])
    _response, job = upload(client, "participation", "kepesertaan.csv", data)
    assert job.status == ImportStatus.STAGED, job.report.get("errors")
    apply(client, job)
    job.refresh_from_db()
    assert job.status == ImportStatus.APPLIED
    bpu = lotim_bpu(ntb)
    assert (bpu.funded_apbd_kabkota, bpu.funded_dbhcht, bpu.funded_dbhcht_prov) == (
        17_000, 1_500, 2_500)
    assert bpu.funded_total == 21_000

    export = b"".join(client.get(reverse("record_export",
                                         args=["participation"])).streaming_content)
    rows = list(csv.DictReader(io.StringIO(export.decode("utf-8-sig"))))
    [row] = [r for r in rows if r["region_code"] == "52.03" and r["segment"] == "BPU"]
    assert (row["funded_dbhcht"], row["funded_dbhcht_prov"]) == ("1500", "2500")


def test_a_file_without_the_provinces_dbhcht_column_still_imports_it_as_zero(
        client, records, admin_user, ntb):
    client.force_login(admin_user)
    data = csv_bytes([HEADER, ["52.03", "", "2025-07", "BPU", "55.000", "0", "0", "0",
                               "17.000", "4.000"]])
    _response, job = upload(client, "participation", "lama.csv", data)
    assert job.status == ImportStatus.STAGED, job.report.get("errors")
    apply(client, job)
    july = ParticipationSnapshot.objects.get(region=ntb["52.03"], month=dt.date(2025, 7, 1),
                                             segment="BPU")
    assert (july.funded_dbhcht, july.funded_dbhcht_prov, july.funded_total) == (4_000, 0, 21_000)


def test_the_form_saves_the_provinces_dbhcht(client, records, admin_user, ntb):
    client.force_login(admin_user)
    snapshot = lotim_bpu(ntb)
    url = reverse("record_edit", args=["participation", snapshot.pk])
    page = client.get(url)
    assert "DBHCHT provinsi" in page.content.decode()
    response = client.post(url, {
        "region": snapshot.region.pk, "month": "2025-06", "segment": "BPU", "active": "54.298",
        "new": "1.200", "lapsed": "900", "funded_apbd_prov": "0",
        "funded_apbd_kabkota": "17.000", "funded_dbhcht": "0", "funded_dbhcht_prov": "4.000",
        "funded_dana_desa": "0", "funded_other": "0", "source_note": ""})
    assert response.status_code == 302, response.context["form"].errors
    snapshot.refresh_from_db()
    assert (snapshot.funded_dbhcht, snapshot.funded_dbhcht_prov, snapshot.funded_total) == (
        0, 4_000, 21_000)


def test_the_form_refuses_more_funded_workers_than_active(client, records, admin_user, ntb):
    client.force_login(admin_user)
    snapshot = lotim_bpu(ntb)
    response = client.post(reverse("record_edit", args=["participation", snapshot.pk]), {
        "region": snapshot.region.pk, "month": "2025-06", "segment": "BPU", "active": "54.298",
        "new": "0", "lapsed": "0", "funded_apbd_prov": "0", "funded_apbd_kabkota": "17.000",
        "funded_dbhcht": "4.000", "funded_dbhcht_prov": "40.000", "funded_dana_desa": "0",
        "funded_other": "0", "source_note": ""})
    assert response.status_code == 200
    assert "(61000)" in " ".join(str(e) for e in response.context["form"].errors.get(
        "funded_apbd_prov", []))
    snapshot.refresh_from_db()
    assert snapshot.funded_dbhcht_prov == 0


def test_the_migration_gives_the_demos_dbhcht_to_the_province_and_keeps_users_rows(
        records, admin_user, ntb):
    migration = importlib.import_module("ucj.coverage.migrations.0003_funded_dbhcht_by_payer")
    users = lotim_bpu(ntb)  # is_synthetic False: the regency's own DBHCHT
    demo = coverage.participation_create(
        actor=admin_user, region=ntb["52.02"], month=JUNE, segment="BPU", active=40_000,
        funded_apbd_kabkota=12_000, funded_dbhcht=2_700, is_synthetic=True,
        confirm_warnings=True)
    demo_pu = coverage.participation_create(
        actor=admin_user, region=ntb["52.02"], month=JUNE, segment="PU", active=90_000,
        is_synthetic=True, confirm_warnings=True)

    migration.synthetic_dbhcht_to_province(apps, None)
    for row in (users, demo, demo_pu):
        row.refresh_from_db()
    assert (users.funded_dbhcht, users.funded_dbhcht_prov) == (4_000, 0)
    assert (demo.funded_dbhcht, demo.funded_dbhcht_prov, demo.funded_apbd_kabkota) == (
        0, 2_700, 12_000)
    assert (demo_pu.funded_dbhcht, demo_pu.funded_dbhcht_prov) == (0, 0)

    migration.province_dbhcht_back(apps, None)  # backwards: one DBHCHT count again
    demo.refresh_from_db()
    assert (demo.funded_dbhcht, demo.funded_dbhcht_prov) == (2_700, 0)


def test_the_workbook_shows_each_dbhcht_count_in_its_column(records, admin_user, ntb):
    from openpyxl import load_workbook

    snapshot = lotim_bpu(ntb)
    coverage.participation_update(actor=admin_user, snapshot=snapshot, funded_dbhcht=1_000,
                                  funded_dbhcht_prov=3_000, confirm_warnings=True)
    ws = load_workbook(io.BytesIO(build_workbook(period=parse_period("2025-Q2"))))[
        SHEETS["participation"]]
    header = [c.value for c in ws[1]]
    [row] = [[c.value for c in r] for r in ws.iter_rows(min_row=2) if r[0].value == "52.03"]
    values = dict(zip(header, row, strict=True))
    assert values["Dibiayai DBHCHT kabupaten/kota"] == 1_000
    assert values["Dibiayai DBHCHT provinsi"] == 3_000
    assert values["Dibiayai pemerintah, jumlah"] == 21_000
