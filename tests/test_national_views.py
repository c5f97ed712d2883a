"""The national dashboard (issue 21): every province's aggregates for the national viewers, and
403 for everyone else; its CSV; the as-of month; a fixed number of queries."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ucj.budget.models import Allocation, Commitment, Realization
from ucj.coverage.models import ParticipationSnapshot, WorkforceDenominator
from ucj.indicators import national as board_of
from ucj.indicators import selectors as ind
from ucj.regions.models import Level, Region

MAY, JUNE = dt.date(2025, 5, 1), dt.date(2025, 6, 1)


def add_province(code: str, name: str, regencies: int) -> dict[str, Region]:
    province = Region.objects.create(code=code, name=name, level=Level.PROVINCE)
    out = {code: province}
    for n in range(1, regencies + 1):
        out[f"{code}.{n:02d}"] = Region.objects.create(
            code=f"{code}.{n:02d}", name=f"Kabupaten {name} {n}", level=Level.REGENCY,
            parent=province)
    return out


@pytest.fixture
def two_provinces(ntb, ntt, package):
    return national_dataset(ntb, ntt, package)


def national_dataset(ntb, ntt, package) -> dict[str, Region]:
    """NTB: Lombok Barat and Lombok Tengah report (90.000 of 600.000 in June, 15%), Lombok
    Barat alone has its own money in APBD 2025; NTT: Kupang reports (10.000 of 100.000, 10%).
    A third province, Bali, has a regency and no figure at all."""
    add_province("51", "Bali", 1)
    for code, may, june, potential in [("52.01", 25_000, 30_000, 240_000),
                                       ("52.02", 55_000, 60_000, 360_000),
                                       ("53.01", 8_000, 10_000, 100_000)]:
        region = Region.objects.get(code=code)
        for month, active in [(MAY, may), (JUNE, june)]:
            ParticipationSnapshot.objects.create(region=region, month=month, segment="BPU",
                                                 active=active)
        WorkforceDenominator.objects.create(region=region, year=2025,
                                            workforce_potential=potential)
    Commitment.objects.create(region=ntb["52"], year=2025, target_coverage=Decimal("30.00"))
    Commitment.objects.create(region=ntt["53"], year=2025, target_coverage=Decimal("20.00"))
    own = Allocation.objects.create(
        region=ntb["52.01"], fiscal_year=2025, stage="murni", funding_source="apbd_kabkota",
        payer="regency", amount=120_000_000, workers_planned=1_000, start_month=1,
        months_covered=12, package=package, enacted_on=dt.date(2024, 12, 20))
    Realization.objects.create(allocation=own, month=JUNE, amount_paid=60_000_000,
                               workers_paid=1_000)
    return {**ntb, **ntt}


def rows_of(response) -> list[dict]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def test_a_national_viewer_sees_every_province_with_the_engines_figures(
        client, two_provinces, national):
    client.force_login(national)
    response = client.get(reverse("national_dashboard"), {"bulan": "2025-06"})
    assert response.status_code == 200
    page = response.content.decode()
    for name in ("Nusa Tenggara Barat", "Nusa Tenggara Timur", "Bali"):
        assert name in page
    assert "15,0%" in page and "10,0%" in page  # 90.000 ÷ 600.000; 10.000 ÷ 100.000
    assert "1 / 4" in page  # one of NTB's four regencies has its own money in APBD 2025
    assert "APBD 2025: 1 · APBD-P 2025: 0 · APBD 2026: 0" in page  # nationally, per stage
    assert f'{reverse("dashboard")}?provinsi=53&amp;bulan=2025-06' in page
    board = board_of.national_board(JUNE)
    by_code = {r.region.code: r for r in board.rows}
    for code in ("52", "53"):  # each province exactly as its own dashboard computes it
        engine = ind.indicators(two_provinces[code], JUNE)
        for key in ("coverage", "target_coverage", "target_attainment", "realization_rate",
                    "coverage_status", "budget_status", "realization_status", "status"):
            assert by_code[code].values[key] == engine[key], (code, key)
    assert by_code["52"].budgeted == [1, 0, 0]
    assert not by_code["51"].has_data and by_code["51"].values["coverage"] is None
    assert board.total["coverage"] == Decimal(100_000) / Decimal(700_000)
    assert board.total["regencies"] == 4 + 2 + 1
    assert board.total["realization_rate"] == Decimal("0.5")


def test_every_figure_is_as_of_the_month_asked(client, two_provinces, national):
    client.force_login(national)
    page = client.get(reverse("national_dashboard")).content.decode()
    assert "Juni 2025" in page and "15,0%" in page  # the latest month by default
    may = client.get(reverse("national_dashboard"), {"bulan": "2025-05"}).content.decode()
    assert "13,3%" in may  # NTB in May: 80.000 ÷ 600.000
    assert "8,0%" in may  # NTT in May


@pytest.mark.parametrize("who", ["admin_user", "viewer", "op_a", "bpjs", "admin_ntt"])
@pytest.mark.parametrize("name", ["national_dashboard", "national_export", "national_report",
                                  "national_regency_map"])
def test_it_refuses_the_national_pages_to_province_users(client, two_provinces, who, name,
                                                          request):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse(name)).status_code == 403


@pytest.mark.parametrize("name", ["national_dashboard", "national_export", "national_report",
                                  "national_regency_map"])
def test_it_sends_anonymous_visitors_to_the_login_page(client, two_provinces, name):
    response = client.get(reverse(name))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_the_csv_holds_the_table_its_filters_and_the_national_total(
        client, two_provinces, national):
    client.force_login(national)
    rows = rows_of(client.get(reverse("national_export"), {"bulan": "2025-06"}))
    assert [r["province_code"] for r in rows] == ["51", "52", "53", ""]
    ntb = rows[1]
    assert (ntb["coverage"], ntb["regencies"], ntb["own_budgeted_murni_year"]) == \
        ("0.150000", "4", "1")
    assert ntb["realized"] == "60000000" and ntb["stage_due"] == "2025-murni"
    assert rows[0]["coverage"] == "" and rows[0]["status"] == ""  # no data: never 0, unlit
    assert rows[-1]["province_name"] == "Indonesia" and rows[-1]["regencies"] == "7"
    # filtered like the page (a text, a light): no total row then
    only = rows_of(client.get(reverse("national_export"), {"cari": "timur"}))
    assert [r["province_code"] for r in only] == ["53"]
    status = board_of.national_board(JUNE).rows[1].values["status"]
    lit = rows_of(client.get(reverse("national_export"), {"lampu": status}))
    assert "52" in [r["province_code"] for r in lit] and "" not in [
        r["province_code"] for r in lit]


def test_the_table_sorts_like_the_province_dashboard(client, two_provinces, national):
    client.force_login(national)
    page = client.get(reverse("national_dashboard"), {"urut": "-coverage"}).content.decode()
    ntb, ntt, bali = (page.index('data-code="52"'), page.index('data-code="53"'),
                      page.index('data-code="51"'))
    assert ntb < ntt < bali  # 15% before 10%; no data last


def test_the_maps_draw_the_boundaries_held_and_list_the_others(client, two_provinces,
                                                               national):
    square = {"type": "Polygon", "coordinates": [[[116, -8], [117, -8], [117, -9], [116, -9],
                                                  [116, -8]]]}
    Region.objects.filter(code__in=["52", "52.01"]).update(geometry=square)
    client.force_login(national)
    page = client.get(reverse("national_dashboard")).content.decode()
    assert 'data-code="52"' in page and 'data-code="52.01"' not in page  # provinces here
    assert f'href="{reverse("dashboard")}?provinsi=52&amp;bulan=2025-06"' in page
    assert "Nusa Tenggara Timur" in page.split("map-provinces")[1].split("</section>")[0]
    # the regencies' map: loaded into the page when shown (htmx), or a page of its own
    url = reverse("national_regency_map")
    assert f'hx-get="{url}' in page
    part = client.get(url, {"bulan": "2025-06"}, HTTP_HX_REQUEST="true").content.decode()
    assert 'data-code="52.01"' in part and "<html" not in part
    assert 'href="/wilayah/52.01/?bulan=2025-06"' in part
    assert "Kupang" in part.split("</svg>")[-1]  # without a boundary: listed
    whole = client.get(url).content.decode()
    assert "<html" in whole and 'data-code="52.01"' in whole


def test_each_province_is_lit_by_its_own_thresholds(two_provinces):
    from ucj.indicators.models import StatusThreshold

    default = StatusThreshold.objects.filter(province=None).first()
    if default is None:  # (a flushed database: the migration's rows are gone)
        default = StatusThreshold.objects.create(key="red-projection", value=Decimal("0.8"))
    StatusThreshold.objects.create(key=default.key, value=Decimal("0.3333"),
                                   province=two_provinces["53"])
    provinces = list(Region.objects.filter(code__in=["51", "52", "53"]))
    limits = ind.thresholds_of(provinces)
    for province in provinces:  # the engine's rule, for every province in one query
        assert limits[province.pk] == ind.thresholds(province), province.code
    assert limits[two_provinces["53"].pk][default.key] == Decimal("0.3333")


def test_the_query_count_does_not_grow_with_provinces(client, two_provinces, national):
    client.force_login(national)
    url = reverse("national_dashboard")
    client.get(url)  # what a process reads once (the province policy) is not counted
    cache.clear()  # counted as computed, not as kept
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    # the session and user, the data version, the latest month, every province's inputs
    # (inputs_for_all), their thresholds (one query), the provinces' shapes, the page around
    assert len(few.captured_queries) == 22, [q["sql"][:80] for q in few.captured_queries]
    for n in range(61, 65):
        add_province(str(n), f"Provinsi {n}", 3)
    cache.clear()
    with CaptureQueriesContext(connection) as more:
        assert client.get(url).status_code == 200
    assert len(more.captured_queries) == len(few.captured_queries)


def test_the_map_shapes_are_kept_until_the_region_master_is_loaded_again(two_provinces):
    import json

    from ucj.regions.services import boundaries_load

    def square(size: float) -> dict:
        return {"type": "Polygon", "coordinates": [[[116, -8], [116 + size, -8],
                                                    [116 + size, -9], [116, -9], [116, -8]]]}

    boundaries_load(text=json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"code": "52"}, "geometry": square(1)}]}))
    before = board_of.shapes(Level.PROVINCE)["52"]
    ParticipationSnapshot.objects.filter(region__code="52.01").update(active=1)  # any write
    assert board_of.shapes(Level.PROVINCE)["52"] == before
    boundaries_load(text=json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"code": "52"}, "geometry": square(2)}]}))
    after = board_of.shapes(Level.PROVINCE)["52"]
    assert after != before and after["coordinates"][0][0][1] == [118, -8]


def test_the_menu_offers_the_national_dashboard_to_national_viewers_only(
        client, two_provinces, national, admin_user):
    url = reverse("national_dashboard")
    client.force_login(national)
    assert f'href="{url}"' in client.get(reverse("dashboard"), {"provinsi": "52"}).content.decode()
    client.force_login(admin_user)
    assert f'href="{url}"' not in client.get(reverse("dashboard")).content.decode()
