"""The province dashboard in a browser: the map is SVG drawn on the server (no chart library in
the browser), and clicking a region on it opens that region's page."""

from __future__ import annotations

import datetime as dt
import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_allocation_flow import sign_in
from ucj.budget.models import Commitment
from ucj.coverage.models import ParticipationSnapshot, WorkforceDenominator
from ucj.regions.services import boundaries_load

pytestmark = pytest.mark.django_db(transaction=True)
BOUNDARIES = Path(__file__).resolve().parents[2] / "data/reference/ntb_kabkota.geojson"


@pytest.fixture
def figures(ntb):
    collection = json.loads(BOUNDARIES.read_text(encoding="utf-8"))
    collection["features"] = [f for f in collection["features"]
                              if f["properties"]["code"] in ntb]  # the fixture's regencies
    boundaries_load(text=json.dumps(collection))
    Commitment.objects.create(region=ntb["52"], year=2025, target_coverage=Decimal("62.22"))
    for code, active, potential in [("52.01", 30_000, 240_000), ("52.02", 60_000, 360_000),
                                    ("52.03", 90_000, 450_000), ("52.71", 70_000, 150_000)]:
        ParticipationSnapshot.objects.create(region=ntb[code], month=dt.date(2025, 6, 1),
                                             segment="BPU", active=active)
        WorkforceDenominator.objects.create(region=ntb[code], year=2025,
                                            workforce_potential=potential)
    return ntb


def test_a_province_user_clicks_a_region_on_the_map_and_lands_on_its_page(
        page: Page, live_server, figures, viewer):
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    sign_in(page, live_server.url, "viewer.prov")
    page.goto(f"{live_server.url}/dasbor/")
    regions = page.locator("#map svg.chart-wide a.map-region")
    expect(regions).to_have_count(4)
    expect(page.locator("main")).to_contain_text("20,8%")  # 250.000 / 1.200.000
    # The paths are in the order of the region codes: the third is Lombok Timur (52.03).
    regions.nth(2).click()
    expect(page).to_have_url(re.compile(r"/wilayah/52\.03/$"))
    expect(page.locator("h1")).to_contain_text("Lombok Timur")
    assert errors == []


def test_a_regency_operator_sees_its_region_page_and_the_province_aggregates(
        page: Page, live_server, figures, op_a):
    sign_in(page, live_server.url, "op.lotim")
    page.goto(f"{live_server.url}/wilayah/52.03/")
    expect(page.locator("h1")).to_contain_text("Lombok Timur")
    cards = page.locator(".kpis").first
    expect(cards).to_contain_text("20,0%")  # Lombok Timur: 90.000 / 450.000
    expect(cards).to_contain_text("provinsi 20,8%")  # the province beside it
    expect(page.locator("#chart-coverage svg.chart-wide")).to_be_visible()  # the history
    page.locator("#main-nav summary", has_text="Pantau").click()  # the Monitor group
    page.locator("#main-nav").get_by_role("link", name="Dasbor").click()
    expect(page.locator("main")).to_contain_text("Lombok Tengah")  # every region's aggregates
