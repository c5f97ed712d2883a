"""Who pays an allocation apart from its fund (issue 16, item 1), wherever allocations and
realizations are read or written: the import (derived, given, refused), the realization that
finds its allocation by payer, the form, the list filter and the planner's promotion."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import translation

from tests.import_helpers import sheet_rows, upload
from ucj.budget import services as budget
from ucj.budget.models import Allocation, Realization
from ucj.imports import services as imports
from ucj.imports.models import ImportStatus
from ucj.planner.models import Scenario

ALLOCATION_HEADER = ["Kode wilayah", "Tahun anggaran", "Tahap APBD", "Sumber dana", "Pembayar",
                     "Jumlah anggaran (Rp)", "Jumlah pekerja", "Jumlah bulan", "Paket iuran",
                     "Tanggal penetapan"]
REALIZATION_HEADER = ["Kode wilayah", "Tahun anggaran", "Tahap APBD", "Sumber dana", "Pembayar",
                      "Bulan", "Jumlah dibayar (Rp)", "Pekerja dibayar"]


def csv_file(rows: list[list]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")


def allocation_row(code: str, fund: str, payer: str = "", *, workers: int = 1_000,
                   enacted: str = "") -> list:
    return [code, 2026, "APBD murni", fund, payer, f"Rp {workers * 201_600:,}".replace(",", "."),
            workers, 12, "bpu-jkk-jkm", enacted]


def import_now(actor, dataset: str, rows: list[list]):
    return imports.import_file_now(actor=actor, dataset=dataset, file_name=f"{dataset}.csv",
                                   data=csv_file(rows), confirm_warnings=True)


def payers() -> set[tuple]:
    return set(Allocation.objects.values_list("region__code", "funding_source", "payer"))


# --- the import ----------------------------------------------------------------------------------

def test_the_import_derives_the_payer_from_the_fund_and_the_rows_region(ntb, admin_user,
                                                                        package):
    header = [h for h in ALLOCATION_HEADER if h != "Pembayar"]  # no payer column at all
    rows = [[v for i, v in enumerate(allocation_row(*r)) if i != 4] for r in (
        ("52.03", "APBD kabupaten/kota"), ("52.03", "DBHCHT"), ("52", "APBD provinsi"),
        ("52", "DBHCHT"), ("52.02", "Dana Desa/APBDes"))]
    import_now(admin_user, "allocations", [header, *rows])
    # and a payer column left empty in a row reads the same
    import_now(admin_user, "allocations",
               [ALLOCATION_HEADER, allocation_row("52.02", "CSR/lainnya")])
    assert payers() == {("52.03", "apbd_kabkota", "regency"), ("52.03", "dbhcht", "regency"),
                        ("52", "apbd_prov", "province"), ("52", "dbhcht", "province"),
                        ("52.02", "dana_desa", "village"), ("52.02", "other", "other")}


def test_a_dbhcht_row_paid_by_the_province_on_a_regency_row_is_the_provinces(ntb, op_a,
                                                                              package):
    import_now(op_a, "allocations", [ALLOCATION_HEADER, allocation_row(
        "52.03", "DBHCHT", "provinsi", enacted="20/12/2025")])
    allocation = Allocation.objects.get()
    assert (allocation.region.code, allocation.payer, allocation.enacted_on) == (
        "52.03", "province", dt.date(2025, 12, 20))


@pytest.mark.parametrize("payer", ["provinsi", "province", "PROVINSI "])
def test_it_refuses_apbd_kabupaten_paid_by_the_province_naming_row_and_column(client, ntb, op_a,
                                                                              package, payer):
    client.force_login(op_a)
    data = csv_file([ALLOCATION_HEADER, allocation_row("52.03", "DBHCHT", "kabupaten/kota"),
                     allocation_row("52.03", "APBD kabupaten/kota", payer)])
    _response, job = upload(client, "allocations", "alokasi.csv", data)
    assert job.status == ImportStatus.INVALID
    [error] = job.report["errors"]
    assert (error["row"], error["column"], error["label"], error["value"]) == (
        3, "E", "Pembayar", "provinsi")
    assert error["reason"] == "Sumber dana APBD kabupaten/kota dibayar oleh kabupaten/kota."
    assert error["message"].startswith("Baris 3, kolom E “Pembayar”")
    assert not Allocation.objects.exists()  # nothing half-written


def test_it_refuses_a_regency_paying_on_the_provinces_row(ntb, admin_user, package):
    with translation.override("en"), pytest.raises(Exception) as refused:
        import_now(admin_user, "allocations", [ALLOCATION_HEADER, allocation_row(
            "52", "DBHCHT", "kabupaten/kota")])
    assert "Row 2, column E “Pembayar” (value “regency/city”): A regency/city pays only " \
           "for its own workers" in str(refused.value)
    assert not Allocation.objects.exists()


def test_two_dbhcht_rows_of_one_regency_year_and_stage_with_different_payers_coexist(
        ntb, op_a, package):
    plan, job = import_now(op_a, "allocations", [
        ALLOCATION_HEADER, allocation_row("52.03", "DBHCHT", "provinsi", workers=13_000),
        allocation_row("52.03", "DBHCHT", "kabupaten/kota", workers=500)])
    assert job.rows_created == 2
    assert dict(Allocation.objects.values_list("payer", "workers_planned")) == {
        "province": 13_000, "regency": 500}
    # the same file again changes nothing: each row finds its own allocation by payer
    plan, job = import_now(op_a, "allocations", [
        ALLOCATION_HEADER, allocation_row("52.03", "DBHCHT", "provinsi", workers=13_000),
        allocation_row("52.03", "DBHCHT", "kabupaten/kota", workers=500)])
    assert (job.rows_created, job.rows_changed, job.rows_unchanged) == (0, 0, 2)


def test_a_realization_row_finds_its_allocation_by_payer(ntb, op_a, admin_user, package):
    lotim = ntb["52.03"]
    by_payer = {payer: budget.allocation_create(
        actor=admin_user, region=lotim, fiscal_year=2026, stage="murni", funding_source="dbhcht",
        payer=payer, amount=workers * 201_600, workers_planned=workers, months_covered=12,
        package=package, confirm_warnings=True) for payer, workers in (("province", 1_000),
                                                                        ("regency", 100))}
    import_now(op_a, "realizations", [
        REALIZATION_HEADER,
        ["52.03", 2026, "APBD murni", "DBHCHT", "provinsi", "2026-01", 16_800_000, 1_000],
        ["52.03", 2026, "APBD murni", "DBHCHT", "", "2026-01", 1_680_000, 100]])  # derived
    assert dict(Realization.objects.values_list("allocation_id", "workers_paid")) == {
        by_payer["province"].pk: 1_000, by_payer["regency"].pk: 100}


def test_a_realization_of_an_allocation_with_another_payer_is_refused(client, ntb, op_a,
                                                                      admin_user, package):
    budget.allocation_create(actor=admin_user, region=ntb["52.03"], fiscal_year=2026,
                             stage="murni", funding_source="dbhcht", payer="province",
                             amount=201_600_000, workers_planned=1_000, months_covered=12,
                             package=package, confirm_warnings=True)
    client.force_login(op_a)
    header = [h for h in REALIZATION_HEADER if h != "Pembayar"]
    _response, job = upload(client, "realizations", "r.csv", csv_file([
        header, ["52.03", 2026, "APBD murni", "DBHCHT", "2026-01", 16_800_000, 1_000]]))
    assert job.status == ImportStatus.INVALID
    assert [e["reason"] for e in job.report["errors"]] == [
        "belum ada alokasi Lombok Timur untuk tahun anggaran 2026, APBD murni, DBHCHT "
        "(kabupaten/kota). Isi alokasinya dulu."]


def test_the_template_of_realizations_carries_the_allocations_payer(client, ntb, op_a,
                                                                    admin_user, package):
    budget.allocation_create(actor=admin_user, region=ntb["52.03"], fiscal_year=2026,
                             stage="murni", funding_source="dbhcht", payer="province",
                             amount=201_600_000, workers_planned=1_000, months_covered=12,
                             package=package, confirm_warnings=True)
    client.force_login(op_a)
    data = client.get(reverse("import_template"),
                      {"dataset": "realizations", "period": "2026-01"}).content
    assert sheet_rows(data)[1][:7] == ["52.03", "Lombok Timur", 2026, "APBD murni", "DBHCHT",
                                       "provinsi", "2026-01"]


# --- the form, the list ----------------------------------------------------------------------------

def allocation_post(region, package, **overrides):
    data = {"region": region.pk, "fiscal_year": "2026", "stage": "murni",
            "funding_source": "apbd_kabkota", "payer": "", "package": package.pk,
            "amount": "Rp 201.600.000", "workers_planned": "1.000", "start_month": "1",
            "months_covered": "12", "enacted_on": "", "note": ""}
    return data | overrides


def test_the_form_refuses_a_payer_that_does_not_fit_the_fund(client, ntb, op_a, package):
    client.force_login(op_a)
    url = reverse("record_create", args=["allocations"])
    response = client.post(url, allocation_post(ntb["52.03"], package, payer="province"))
    assert response.status_code == 200
    assert response.context["form"].errors["payer"] == [
        "Sumber dana APBD kabupaten/kota dibayar oleh kabupaten/kota."]
    assert not Allocation.objects.exists()


def test_the_form_derives_an_empty_payer_and_stores_a_chosen_one_with_its_date(client, ntb, op_a,
                                                                              package):
    client.force_login(op_a)
    url = reverse("record_create", args=["allocations"])
    assert client.post(url, allocation_post(ntb["52.03"], package)).status_code == 302
    assert client.post(url, allocation_post(
        ntb["52.03"], package, funding_source="dbhcht", payer="province",
        enacted_on="2025-12-20")).status_code == 302
    assert set(Allocation.objects.values_list("funding_source", "payer", "enacted_on")) == {
        ("apbd_kabkota", "regency", None), ("dbhcht", "province", dt.date(2025, 12, 20))}


def test_the_payer_filter_narrows_the_list(client, ntb, admin_user, package):
    for payer, workers in (("province", 13_000), ("regency", 500)):
        budget.allocation_create(actor=admin_user, region=ntb["52.03"], fiscal_year=2026,
                                 stage="murni", funding_source="dbhcht", payer=payer,
                                 amount=workers * 201_600, workers_planned=workers,
                                 months_covered=12, package=package, confirm_warnings=True)
    client.force_login(admin_user)
    url = reverse("record_list", args=["allocations"])
    narrowed = client.get(url, {"payer": "province"})
    assert [a.payer for a in narrowed.context["page"].object_list] == ["province"]
    assert client.get(url).context["count"] == 2
    exported = b"".join(client.get(reverse("record_export", args=["allocations"]),
                                   {"payer": "province"}).streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(exported)))
    assert [(r["payer"], r["workers_planned"]) for r in rows] == [("province", "13000")]


# --- the planner's promotion -----------------------------------------------------------------------

OCTOBER = {"region": "52.03", "year": "2025", "stage": "perubahan", "start_month": "10",
           "mode": "workers", "target_workers": "30", "share_apbd_kabkota": "2",
           "share_dbhcht": "1"}


@pytest.mark.parametrize("chosen, expected", [("", "regency"), ("province", "province")])
def test_promoting_records_the_regencys_own_money_unless_told_whose_dbhcht(
        client, ntb, op_a, package, chosen, expected):
    client.force_login(op_a)
    client.post(reverse("scenario_save"), {**OCTOBER, "dbhcht_payer": chosen, "name": "x"})
    scenario = Scenario.objects.get()
    client.post(reverse("scenario_promote", args=[scenario.pk]))
    assert dict(Allocation.objects.values_list("funding_source", "payer")) == {
        "apbd_kabkota": "regency", "dbhcht": expected}


def test_the_calculator_refuses_a_regency_paying_for_the_provinces_workers(client, ntb,
                                                                           admin_user):
    client.force_login(admin_user)
    response = client.get(reverse("budget_calculator"), {
        **OCTOBER, "region": "52", "dbhcht_payer": "regency"})
    assert "dbhcht_payer" in response.context["form"].errors
