"""The province admin reads the Vice Governor's pair and the three lights on the dashboard,
opens a red region and reads why it is red (issue 16)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_allocation_flow import sign_in
from ucj.budget import services as budget
from ucj.budget.models import Commitment
from ucj.coverage.models import ParticipationSnapshot, WorkforceDenominator

pytestmark = pytest.mark.django_db(transaction=True)
JUNE = dt.date(2025, 6, 1)


@pytest.fixture
def figures(ntb, package, admin_user):
    Commitment.objects.create(region=ntb["52"], year=2025, target_coverage=Decimal("40"))
    for code, before, active, potential in [("52.01", 110_000, 120_000, 300_000),
                                            ("52.02", 60_000, 60_000, 360_000),
                                            ("52.03", 90_000, 92_000, 450_000),
                                            ("52.71", 55_000, 58_000, 150_000)]:
        WorkforceDenominator.objects.create(region=ntb[code], year=2025,
                                            workforce_potential=potential)
        for month, value in ((dt.date(2025, 3, 1), before), (JUNE, active)):
            ParticipationSnapshot.objects.create(region=ntb[code], month=month, segment="BPU",
                                                 active=value)
    for code in ("52.01", "52.03", "52.71"):
        budget.allocation_create(actor=admin_user, region=ntb[code], fiscal_year=2025,
                                 stage="murni", funding_source="apbd_kabkota",
                                 amount=100 * 16_800 * 12, workers_planned=100,
                                 months_covered=12, package=package, confirm_warnings=True)
    # Lombok Tengah's workers are paid by the province's DBHCHT only
    budget.allocation_create(actor=admin_user, region=ntb["52.02"], fiscal_year=2025,
                             stage="murni", funding_source="dbhcht", payer="province",
                             amount=500 * 16_800 * 12, workers_planned=500, months_covered=12,
                             package=package, confirm_warnings=True)
    return ntb


def test_the_admin_sees_the_pair_and_the_lights_and_reads_why_a_region_is_red(
        page: Page, live_server, figures, admin_user):
    sign_in(page, live_server.url, "admin.prov")
    page.goto(f"{live_server.url}/dasbor/?bulan=2025-06")
    pair = page.locator("section.pair")
    expect(pair).to_contain_text("Dana sendiri yang dianggarkan: APBD 2025, APBD-P 2025 dan "
                                 "APBD 2026")
    expect(pair.locator(".pair-missing")).to_contain_text("Lombok Tengah")
    expect(pair.locator(".pair-missing")).not_to_contain_text("Lombok Timur")
    tengah = pair.locator("tbody tr", has_text="Lombok Tengah")
    expect(tengah).to_contain_text("tidak ada dana sendiri")
    expect(tengah).to_contain_text("belum waktunya")  # APBD-P 2025 is not due in June
    # the three lights of every region in the ranking, with the numeric legend
    ranking = page.locator("table.data", has_text="Peringkat").or_(
        page.locator("table.data").last)
    row = page.locator("tr", has=page.locator("a", has_text="Lombok Tengah")).last
    for light in ("Cakupan:", "Penganggaran:", "Realisasi:"):
        expect(row).to_contain_text(light)
    expect(row).to_contain_text("merah")
    expect(ranking).to_have_count(1)
    expect(page.locator("details.legend")).to_contain_text("di bawah 80%")
    # open the red region and read why
    pair.locator(".pair-missing").get_by_role("link", name="Lombok Tengah").click()
    expect(page.locator("h1")).to_contain_text("Lombok Tengah")
    why = page.locator("section.status-why")
    expect(why.locator("h2")).to_contain_text("merah")
    expect(why.locator(".reasons")).to_contain_text(
        "Penganggaran: tidak ada dana sendiri di APBD 2025.")
    expect(why).to_contain_text("bukan sebagai penganggarannya")
