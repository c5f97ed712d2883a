"""A regency operator builds two budget scenarios in the calculator, compares them, puts one
into the budget as draft allocations and exports it; the .xlsx shows the same figures."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from tests.browser.test_allocation_flow import sign_in
from ucj.budget.models import Allocation
from ucj.coverage.models import ParticipationSnapshot, WorkforceDenominator

pytestmark = pytest.mark.django_db(transaction=True)


def calculate(page: Page, base: str, *, stage: str, start_month: str = "", mode: str,
              value: str, shares: dict[str, str]) -> None:
    page.goto(f"{base}/anggaran/kalkulator/")
    page.get_by_label("Daerah").select_option("52.03")
    page.get_by_label("Tahun anggaran").fill("2026")
    page.get_by_label("Tahap anggaran").select_option(stage)
    page.get_by_label("Bulan pertama dibayar").fill(start_month)
    if mode == "coverage":
        page.get_by_role("radio", name="target cakupan").check()
        page.get_by_label("Target cakupan (%)").fill(value)
    else:
        page.get_by_role("radio", name="jumlah pekerja").check()
        page.get_by_label("Pekerja yang dibiayai").fill(value)
    for source, weight in shares.items():
        page.locator(f"#id_share_{source}").fill(weight)
    page.get_by_role("button", name="Hitung").click()


def save(page: Page, name: str) -> None:
    page.get_by_label("Simpan sebagai skenario bernama").fill(name)
    page.get_by_role("button", name="Simpan skenario").click()
    expect(page.locator("h1")).to_have_text(name)


def test_operator_builds_compares_budgets_and_exports_scenarios(
        page: Page, live_server, ntb, op_a, package, tmp_path):
    ParticipationSnapshot.objects.create(region=ntb["52.03"], month=dt.date(2025, 12, 1),
                                         segment="BPU", active=300)
    WorkforceDenominator.objects.create(region=ntb["52.03"], year=2025, workforce_potential=1000)
    base = live_server.url
    sign_in(page, base, "op.lotim")

    # A: 40% from October (perubahan): ⌈400⌉ − 300 = 100 workers × 16.800 × 3 months,
    # 2:1 over APBD kabupaten/kota and DBHCHT → 67 and 33 workers
    calculate(page, base, stage="perubahan", start_month="10", mode="coverage", value="40",
              shares={"apbd_kabkota": "2", "dbhcht": "1"})
    expect(page.locator("table.kv")).to_contain_text("Rp 5.040.000")
    save(page, "40% mulai Oktober")
    # B: 150 workers for the whole year (murni): 150 × 201.600 = 30.240.000
    calculate(page, base, stage="murni", mode="workers", value="150",
              shares={"apbd_kabkota": "1"})
    expect(page.locator("table.kv")).to_contain_text("Rp 30.240.000")
    save(page, "150 pekerja murni")

    page.get_by_role("link", name="Skenario anggaran").click()
    expect(page.locator("table.data tbody tr")).to_have_count(2)
    page.get_by_label("Bandingkan 40% mulai Oktober").check()
    page.get_by_label("Bandingkan 150 pekerja murni").check()
    page.get_by_role("button", name="Bandingkan skenario yang dicentang").click()
    table = page.locator("table.compare")
    total = table.locator("tr", has_text="Biaya total")
    expect(total).to_contain_text("Rp 5.040.000")
    expect(total).to_contain_text("Rp 30.240.000")
    expect(total).to_contain_text("−Rp 25.200.000")  # the list order: B, then A
    expect(table.locator("tr", has_text="Pekerja yang dibiayai")).to_contain_text("−50")

    # put A into the budget
    page.get_by_role("link", name="40% mulai Oktober").click()
    page.get_by_role("button", name="Masukkan ke anggaran sebagai draf").click()
    expect(page.locator(".msg-success")).to_contain_text("2 draf alokasi")
    allocations = {a.funding_source: (a.amount, a.workers_planned, a.start_month,
                                      a.months_covered) for a in Allocation.objects.all()}
    assert allocations == {"apbd_kabkota": (3_376_800, 67, 10, 3),
                           "dbhcht": (1_663_200, 33, 10, 3)}
    expect(page.locator("section.card", has_text="Alokasi saat ini")).to_contain_text(
        "Rp 3.376.800")

    # export it: the workbook holds the figures the page shows
    shown_total = page.locator("#s-total").inner_text()
    shown_workers = page.locator("#s-workers").inner_text()
    with page.expect_download() as info:
        page.get_by_role("link", name=re.compile("Excel untuk RKA")).click()
    path = tmp_path / info.value.suggested_filename
    info.value.save_as(path)
    ws = load_workbook(path).active
    values = {row[0]: row[1] for row in ws.iter_rows(values_only=True) if row[0]}
    shown_total = shown_total.replace("\xa0", " ")  # the page joins Rp and its number
    assert f"Rp {values['Biaya total']:,}".replace(",", ".") == shown_total == "Rp 5.040.000"
    assert str(values["Pekerja yang dibiayai"]) == shown_workers == "100"
    assert values["Iuran per pekerja per bulan"] == 16_800
    assert values["Dasar hukum"].startswith("PP 44/2015")
    assert values["APBD kabupaten/kota"] == 67 and values["DBHCHT"] == 33
