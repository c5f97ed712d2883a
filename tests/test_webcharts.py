"""The web pages' charts and map, drawn on the server as SVG (issue 19, item 4; docs/decisions.md):
what a reader gets without any script (a tooltip per point and bar in Indonesian formats, a
link per region, the legend), escaped text, and pages that ship no chart library."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from ucj.regions.services import boundaries_load
from ucj.reports import webcharts

BOUNDARIES = Path(__file__).resolve().parents[1] / "data/reference/ntb_kabkota.geojson"

TREND = {"traces": [
    {"type": "scatter", "mode": "lines+markers", "name": "Nusa Tenggara Barat",
     "x": ["2025-04", "2025-05", "2025-06"], "y": [30.0, None, 32.5],
     "line": {"color": "#05603a", "width": 3}},
    {"type": "scatter", "mode": "lines", "name": "Lintasan <target>",
     "x": ["2025-04", "2025-05", "2025-06"], "y": [31.0, 33.0, 35.0],
     "line": {"color": "#b54708", "dash": "dash"}},
], "layout": {"yaxis": {"ticksuffix": "%", "rangemode": "tozero"}}}

REGIONS = [f"Daerah {n}" for n in range(10)]
BUDGET = {"traces": [
    {"type": "bar", "name": "Kebutuhan APBD", "x": REGIONS, "y": [n * 1_000_000 for n in range(10)],
     "marker": {"color": "#fdb022"}},
    {"type": "bar", "name": "Dialokasikan", "x": REGIONS, "y": [2_500_000_000] * 10,
     "marker": {"color": "#12b76a"}},
], "layout": {"barmode": "group", "yaxis": {"tickprefix": "Rp ", "tickformat": ",.0f"}}}

SQUARE = {"type": "Polygon", "coordinates": [[[116, -8], [117, -8], [117, -9], [116, -9],
                                              [116, -8]]]}
MAP = {"mode": "coverage", "geojson": {"type": "FeatureCollection", "features": [
    {"type": "Feature", "properties": {"code": "52.03", "name": "Lombok Timur"},
     "geometry": SQUARE},
    {"type": "Feature", "properties": {"code": "52.01", "name": "Lombok <Barat>"},
     "geometry": {"type": "MultiPolygon", "coordinates": [[[[115, -8], [115.9, -8], [115.9, -9],
                                                              [115, -8]]]]}}]},
    "codes": ["52.03", "52.01"], "values": [20.0, None], "zmin": 20, "zmax": 20,
    "status_values": [0, None], "status_names": ["merah", "kuning", "hijau"],
    "labels": ["Lombok Timur<br>Cakupan: 20,0%", "Lombok Barat<br>Cakupan: tidak ada data"],
    "urls": ["/wilayah/52.03/", "/wilayah/52.01/"], "unit": "Cakupan"}


SVG = re.compile(r"<svg .*?</svg>", re.S)


def _titles(svg: str) -> list[str]:
    return re.findall(r"<title>([^<]*)</title>", svg)


def test_a_line_chart_gives_every_point_a_tooltip_with_month_and_percent():
    html = webcharts.chart_html(TREND, "Cakupan per bulan")
    wide, narrow = SVG.findall(html)
    assert 'class="chart-svg chart-wide"' in wide and 'class="chart-svg chart-narrow"' in narrow
    assert 'role="img" aria-label="Cakupan per bulan"' in wide
    titles = _titles(wide)
    assert "Nusa Tenggara Barat · Juni 2025: 32,5%" in titles
    assert "Nusa Tenggara Barat · April 2025: 30,0%" in titles
    assert not any("Mei 2025" in t and "Nusa" in t for t in titles)  # no data: no point
    # the missing month breaks the line: two pieces of one point each draw no polyline …
    province = wide.split('data-series="0"')[1].split("</g>")[0]
    assert province.count("<polyline") == 2 and province.count('class="marker"') == 2
    assert 'stroke-dasharray="6 4"' in wide.split('data-series="1"')[1].split("</g>")[0]
    assert "Apr 2025" in wide and "Jun 2025" in wide  # month labels, never 2025-06
    assert "2025-06" not in html


def test_chart_text_is_escaped_and_the_legend_toggles_each_series():
    html = webcharts.chart_html(TREND, 'a "label" <b>')
    assert "<target>" not in html and "Lintasan &lt;target&gt;" in html
    assert 'aria-label="a &quot;label&quot; &lt;b&gt;"' in html
    buttons = re.findall(r'<button type="button" class="legend-item" data-series="(\d)" '
                         r'aria-pressed="true">', html)
    assert buttons == ["0", "1"]
    assert "<script" not in html


def test_bars_of_many_regions_are_drawn_in_rows_with_rupiah_tooltips():
    html = webcharts.chart_html(BUDGET, "Anggaran")
    assert html.count('data-kind="rows"') == 2
    wide = SVG.findall(html)[0]
    for name in REGIONS:
        assert f">{name}</text>" in wide
    assert "Dialokasikan · Daerah 3: Rp 2.500.000.000" in _titles(wide)
    assert "Kebutuhan APBD · Daerah 0: Rp 0" in _titles(wide)
    assert ">Rp 2 M<" in wide or ">Rp 2,5 M<" in wide  # the axis in short Rupiah


def test_a_chart_of_few_months_draws_bars_and_a_line_on_one_axis():
    spec = {"traces": [
        {"type": "bar", "name": "Iuran", "x": ["2026-01", "2026-02"], "y": [100_800, 100_800]},
        {"type": "scatter", "mode": "lines+markers", "name": "Sampai saat ini",
         "x": ["2026-01", "2026-02"], "y": [100_800, 201_600]}],
        "layout": {"yaxis": {"tickprefix": "Rp "}}}
    wide = SVG.findall(webcharts.chart_html(spec, "Realisasi"))[0]
    assert 'data-kind="columns"' in wide and wide.count("<rect") == 2
    assert "Sampai saat ini · Februari 2026: Rp 201.600" in _titles(wide)


def test_without_data_a_chart_says_so():
    spec = {"traces": [{"type": "scatter", "name": "x", "x": ["2025-06"], "y": [None]}],
            "layout": {"yaxis": {"ticksuffix": "%"}}}
    assert ">tidak ada data</text>" in webcharts.chart_html(spec, "x")


def test_the_funnel_shows_each_step_with_its_share_of_the_first():
    spec = {"traces": [{"type": "funnel", "y": ["baris", "valid", "layak"], "x": [200, 150, 0],
                        "marker": {"color": "#0f6b4b"}}]}
    html = webcharts.chart_html(spec, "Corong")
    assert "valid: 150 (75,0%)" in _titles(html) and "layak: 0 (0,0%)" in _titles(html)


def test_the_map_links_each_region_to_its_page_with_a_tooltip():
    html = webcharts.map_html(MAP, "Peta")
    wide = SVG.findall(html)[0]
    links = re.findall(r'<a href="([^"]+)" class="map-region" aria-label="([^"]+)"><path '
                       r'[^>]*data-code="([^"]+)"', wide)
    assert links == [("/wilayah/52.03/", "Lombok Timur, Cakupan: 20,0%", "52.03"),
                     ("/wilayah/52.01/", "Lombok Barat, Cakupan: tidak ada data", "52.01")]
    assert 'role="group" aria-label="Peta"' in wide  # links may not sit inside an image
    assert "Lombok Timur\nCakupan: 20,0%" in _titles(wide)
    assert "Lombok &lt;Barat&gt;" in wide and "<Barat>" not in wide
    assert f'fill="{webcharts.svgmap.NO_DATA}"' in wide  # no value: grey, and the legend says so
    assert "tidak ada data" in html.split("map-legend")[1]
    by_status = webcharts.map_html({**MAP, "mode": "status"}, "Peta")
    assert f'fill="{webcharts.STATUS_FILL[0]}"' in by_status and ">merah</li>" in by_status


def _scripts(html: str) -> list[str]:
    return re.findall(r'<script[^>]* src="/static/([^"]+)"', html)


@pytest.mark.parametrize("page", ["dashboard", "region"])
def test_chart_pages_draw_on_the_server_and_ship_under_1_mb_of_javascript(
        client, admin_user, records, page):
    collection = json.loads(BOUNDARIES.read_text(encoding="utf-8"))
    collection["features"] = [f for f in collection["features"]
                              if f["properties"]["code"] in ("52.01", "52.02", "52.03", "52.71")]
    boundaries_load(text=json.dumps(collection))
    client.force_login(admin_user)
    url = reverse("dashboard") if page == "dashboard" else reverse("region_detail",
                                                                   args=["52.03"])
    html = client.get(url).content.decode()
    assert "plotly" not in html.lower()
    assert not re.search(r'<(script|link)[^>]+(src|href)="(https?:)?//', html)  # nothing from afar
    assert 'class="chart-svg chart-wide"' in html
    if page == "dashboard":
        assert html.count('<a href="/wilayah/52.03/" class="map-region"') == 2  # wide, narrow
    scripts = _scripts(html)
    assert "ucj/charts.js" in scripts
    total = sum(len(open(finders.find(path), "rb").read()) for path in scripts)
    assert total < 1_000_000
