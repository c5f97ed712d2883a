"""Coverage by segment and of informal workers (issue 16, item 7): ``segment_coverage`` of a
regency and of the province (sums of the regencies, numerators over denominators), its
template include, and the segment table in the monev report.

Data, June 2025 (hand-computed figures in the tests):

| regency | PU | BPU | Jakon | PMI | all | informal workers |
|---|---|---|---|---|---|---|
| 52.03 Lombok Timur | 30.000 | 54.000 | 2.000 | 4.000 | 90.000 | 324.000 (2025) |
| 52.02 Lombok Tengah | 20.000 | 36.000 | 1.000 | 3.000 | 60.000 | 276.000 (2024; 2025 has none) |
| 52.01 Lombok Barat | 10.000 | 15.000 | – | – | 25.000 | none up to 2025 (2026: 200.000) |
| 52.71 Kota Mataram | – | – | – | – | – | 100.000 (2025) |
"""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.template.loader import render_to_string
from pypdf import PdfReader

from ucj.coverage import services as coverage
from ucj.coverage.selectors import segment_coverage, segment_coverages
from ucj.indicators import selectors as ind

JUNE = dt.date(2025, 6, 1)
SEGMENTS = {
    "52.03": {"PU": 30_000, "BPU": 54_000, "JAKON": 2_000, "PMI": 4_000},
    "52.02": {"PU": 20_000, "BPU": 36_000, "JAKON": 1_000, "PMI": 3_000},
    "52.01": {"PU": 10_000, "BPU": 15_000},
}
# (region, year, workforce potential, employed, informal)
DENOMINATORS = [
    ("52.03", 2025, 453_748, 433_000, 324_000),
    ("52.02", 2024, 480_000, 400_000, 276_000),
    ("52.02", 2025, 500_000, 410_000, None),
    ("52.01", 2025, 300_000, 280_000, None),
    ("52.01", 2026, 305_000, 285_000, 200_000),  # after June 2025: must not count
    ("52.71", 2025, 250_000, 240_000, 100_000),
]


@pytest.fixture
def data(ntb, admin_user):
    for code, year, potential, employed, informal in DENOMINATORS:
        coverage.denominator_create(actor=admin_user, region=ntb[code], year=year,
                                    workforce_potential=potential, employed=employed,
                                    informal=informal, source_note="BPS Sakernas",
                                    confirm_warnings=True)
    for code, segments in SEGMENTS.items():
        for segment, active in segments.items():
            coverage.participation_create(actor=admin_user, region=ntb[code], month=JUNE,
                                          segment=segment, active=active,
                                          confirm_warnings=True)
    return ntb


def test_the_segments_of_a_regency_add_up_to_its_active_participants(data):
    lotim = segment_coverage(region=data["52.03"], month=JUNE)
    assert [(line.segment, line.active) for line in lotim.lines] == [
        ("PU", 30_000), ("BPU", 54_000), ("JAKON", 2_000), ("PMI", 4_000)]
    assert lotim.active == 90_000
    assert lotim.active == ind.indicators(data["52.03"], JUNE)["active_participants"]
    assert lotim.share("PU") == Decimal(30_000) / Decimal(90_000)
    assert lotim.share("BPU") == Decimal("0.6")
    # Exact quotients of 28 digits: thirds do not add back to exactly 1.
    assert abs(sum(share for _line, share in lotim.rows) - 1) < Decimal("1e-25")


def test_bpu_active_over_informal_workers_is_exact_for_a_regency(data):
    lotim = segment_coverage(region=data["52.03"], month=JUNE)
    assert (lotim.bpu_paired, lotim.informal, lotim.informal_year) == (54_000, 324_000, "2025")
    assert lotim.bpu_informal == Decimal(1) / Decimal(6)  # 54.000 ÷ 324.000


def test_informal_workers_of_an_earlier_year_serve_when_the_months_year_has_none(data):
    loteng = segment_coverage(region=data["52.02"], month=JUNE)
    assert (loteng.informal, loteng.informal_year) == (276_000, "2024")
    assert loteng.bpu_informal == Decimal(36_000) / Decimal(276_000)


def test_a_missing_informal_denominator_gives_no_data_never_zero(data):
    lobar = segment_coverage(region=data["52.01"], month=JUNE)
    assert lobar.active == 25_000 and lobar.bpu_active == 15_000
    # Its 2026 figure exists but is later than the month: not used.
    assert lobar.informal is None and lobar.bpu_informal is None
    html = render_to_string("coverage/_segments.html", {"segments": lobar})
    informal_line = html.split('class="segments-informal"')[1].split("</p>")[0]
    assert "tidak ada data" in informal_line
    assert "%" not in informal_line  # no 0% and no ratio
    assert "jumlah pekerja informal tahun 2025 atau sebelumnya belum dicatat" in informal_line


def test_a_regency_without_participation_in_the_month_has_no_figures(data):
    mataram = segment_coverage(region=data["52.71"], month=JUNE)
    assert mataram.active is None and not mataram.has_data
    assert mataram.share("PU") is None and mataram.bpu_informal is None


def test_the_province_sums_its_regencies_numerators_over_denominators(data):
    ntb = segment_coverage(region=data["52"], month=JUNE)
    assert {line.segment: line.active for line in ntb.lines} == {
        "PU": 60_000, "BPU": 105_000, "JAKON": 3_000, "PMI": 7_000}
    assert ntb.active == 175_000
    assert ntb.share("BPU") == Decimal(105_000) / Decimal(175_000)
    assert (ntb.reported, ntb.expected) == (3, 4)
    # BPU ÷ informal over the regencies with both figures (Lombok Timur and Lombok Tengah):
    # (54.000 + 36.000) ÷ (324.000 + 276.000) = 0,15 — not the average of their ratios
    # (0,1485…), and Lombok Barat's BPU without a denominator does not raise it (0,175).
    assert (ntb.paired, ntb.bpu_paired, ntb.informal) == (2, 90_000, 600_000)
    assert ntb.bpu_informal == Decimal("0.15")
    assert ntb.informal_year == "2024–2025"


def test_the_province_and_its_regencies_come_from_a_fixed_number_of_queries(
        data, django_assert_num_queries):
    with django_assert_num_queries(3):
        total, rows = segment_coverages(province=data["52"], month=JUNE)
    assert len(rows) == 4
    assert total.active == sum(r.active for r in rows.values() if r.active is not None)
    with django_assert_num_queries(2):
        segment_coverage(region=data["52.03"], month=JUNE)


def test_the_include_shows_the_table_the_informal_line_the_source_and_the_month(data):
    html = render_to_string("coverage/_segments.html",
                            {"segments": segment_coverage(region=data["52"], month=JUNE)})
    assert "Kepesertaan per segmen, Juni 2025" in html
    assert "PU (penerima upah)" in html and "105.000" in html and "175.000" in html
    assert "15,0%" in html  # BPU active ÷ informal workers of the province
    assert "90.000 peserta BPU dari 600.000 pekerja informal" in html
    assert "akhir Juni 2025" in html
    assert "3 dari 4 kabupaten/kota" in html


def test_a_regency_section_of_the_quarter_report_holds_its_segment_table(data, package):
    from ucj.reports.monev import monev_report, render_monev_pdf

    report = monev_report(period="2025-Q2")
    lotim = next(page for page in report.pages if page.region.code == "52.03")
    assert lotim.segments.active == 90_000
    assert report.segments.active == 175_000
    pdf = render_monev_pdf(period="2025-Q2", region=data["52.03"])
    text = " ".join(" ".join(page.extract_text() or "" for page
                             in PdfReader(io.BytesIO(pdf)).pages).split())
    assert "Kepesertaan per segmen, Juni 2025" in text
    assert "54.000" in text and "60,0%" in text  # BPU and its share of all active
    assert "16,7%" in text  # 54.000 ÷ 324.000
