"""The national dashboard in a browser (issue 21): a national viewer signs in, opens the
national dashboard, clicks a province (its name in the table, then its shape on the map) and
lands on that province's own dashboard."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.conftest import PASSWORD
from tests.test_national_views import national_dataset
from ucj.regions.models import Region

pytestmark = pytest.mark.django_db(transaction=True)


def square(x: float, y: float) -> dict:
    return {"type": "Polygon", "coordinates": [[[x, y], [x + 1, y], [x + 1, y - 1], [x, y - 1],
                                                [x, y]]]}


@pytest.fixture
def provinces(ntb, ntt, package):
    regions = national_dataset(ntb, ntt, package)
    for code, x in (("51", 114), ("52", 116), ("53", 120)):
        Region.objects.filter(code=code).update(geometry=square(x, -8))
    for n, region in enumerate(Region.objects.filter(level="regency").order_by("code")):
        Region.objects.filter(pk=region.pk).update(geometry=square(100 + 2 * n, 0))
    return regions


def test_a_national_viewer_clicks_a_province_and_lands_on_its_dashboard(
        page: Page, live_server, provinces, national):
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(f"{live_server.url}/masuk/")
    page.get_by_label("Nama pengguna").fill("nasional")
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    expect(page).not_to_have_url(re.compile(r"/masuk/"))  # signed in
    page.goto(f"{live_server.url}/nasional/")
    expect(page.locator("h1")).to_contain_text("Indonesia")
    page.locator("#regency-map").scroll_into_view_if_needed()  # loads the regencies' map
    expect(page.locator("#map-regencies svg a.map-region")).to_have_count(7)
    table = page.locator("#national-table")
    expect(table.locator("tbody tr")).to_have_count(3)  # Bali, NTB, NTT
    table.get_by_role("link", name="Nusa Tenggara Timur").click()
    expect(page).to_have_url(re.compile(r"/dasbor/\?provinsi=53&bulan=2025-06$"))
    expect(page.locator("h1")).to_contain_text("Nusa Tenggara Timur")
    expect(page.locator("main")).to_contain_text("Kupang")  # its regencies, not NTB's
    page.go_back()
    shapes = page.locator("#map-provinces svg.chart-wide a.map-region")
    expect(shapes).to_have_count(3)
    shapes.nth(1).click()  # in code order: 51, 52, 53
    expect(page).to_have_url(re.compile(r"/dasbor/\?provinsi=52&bulan=2025-06$"))
    expect(page.locator("h1")).to_contain_text("Nusa Tenggara Barat")
    assert errors == []
