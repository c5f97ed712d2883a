"""The monev report PDF: its content model against the indicator engine, the numbers in the
PDF's text, the executive summary, the reference month of each kind of period, a period
without data, a regency's report, and the small SVG charts.

Data (written through the services, in a module-wide transaction rolled back at the end, so
that the PDFs are drawn once and shared by the tests): province 52 with four regencies,
participation in April and June 2026 (none in May or in the first quarter), denominators,
targets (the province's 62,22%, Lombok Timur's own 45%), allocations of 2026 in both stages
and several funding sources (none for Kota Mataram), one at province level, realizations up
to July (July is after the reference month and must not count), June's participation of
Lombok Timur approved, and forum action items agreed in a rakor of 15 May 2026 (one overdue on
30 June 2026, one done on 10 June, one due in August) and an open challenge.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from pypdf import PdfReader

from ucj.accounts.models import Role, User
from ucj.budget import services as budget
from ucj.budget.models import ContributionPackage, TariffDiscount, TariffRate
from ucj.budget.reference import seed as seed_tariffs
from ucj.core.formatting import format_date, format_int, format_ratio_pct, format_rupiah
from ucj.coverage import services as coverage
from ucj.forums import services as forums
from ucj.indicators import selectors as ind
from ucj.regions.models import Level, Region
from ucj.reports import charts
from ucj.reports.monev import monev_report, render_monev_pdf
from ucj.reports.periods import parse_period
from ucj.reports.summary import target_pct
from ucj.submissions import services as submissions

APRIL, MAY, JUNE, JULY = (dt.date(2026, m, 1) for m in (4, 5, 6, 7))
TODAY = timezone.localdate()
REGENCIES = {"52.01": ("Kabupaten Lombok Barat", 300_000, 70_000),
             "52.02": ("Kabupaten Lombok Tengah", 500_000, 101_000),
             "52.03": ("Kabupaten Lombok Timur", 453_748, 120_000),
             "52.71": ("Kota Mataram", 250_000, 110_000)}


def pdf_text(content: bytes) -> tuple[str, list[str]]:
    """The whole text (whitespace collapsed) and each page's text."""
    pages = [page.extract_text() or "" for page in PdfReader(io.BytesIO(content)).pages]
    return " ".join(" ".join(pages).split()), pages


def build_data() -> dict:
    from ucj.forums.models import ActionItem, ActionUpdate, Agency
    from ucj.forums.reference import seed as seed_agencies
    from ucj.indicators.models import DEFAULT_VALUES, StatusThreshold

    for key, value in DEFAULT_VALUES.items():
        StatusThreshold.objects.get_or_create(key=key, defaults={"label": key, "value": value})
    seed_tariffs(ContributionPackage, TariffRate, TariffDiscount)
    seed_agencies(Agency)
    package = ContributionPackage.objects.get(code="bpu-jkk-jkm")
    province = Region.objects.create(code="52", name="Nusa Tenggara Barat", level=Level.PROVINCE)
    regions = {"52": province}
    for code, (name, _w, _p) in REGENCIES.items():
        regions[code] = Region.objects.create(code=code, name=name, level=Level.REGENCY,
                                              parent=province)
    admin = User.objects.create_user(username="admin.monev", password="a-long-test-password-1",
                                     role=Role.PROVINSI_ADMIN, full_name="Admin Monev")
    admin.regions.set([province])
    for code, (_name, workforce, active) in REGENCIES.items():
        region = regions[code]
        coverage.denominator_create(actor=admin, region=region, year=2026,
                                    workforce_potential=workforce, vulnerable_target=40_000,
                                    confirm_warnings=True)
        for month, factor in ((APRIL, 1), (JUNE, 1.05)):
            coverage.participation_create(
                actor=admin, region=region, month=month, segment="BPU",
                active=int(active * factor), funded_apbd_kabkota=5_000 if code == "52.03" else 0,
                confirm_warnings=True)
    budget.commitment_create(actor=admin, region=province, year=2026,
                             target_coverage=Decimal("62.22"), confirm_warnings=True)
    budget.commitment_create(actor=admin, region=regions["52.03"], year=2026,
                             target_coverage=Decimal("45.00"), confirm_warnings=True)

    def allocate(region, stage, source, workers, start=1, months=12):
        return budget.allocation_create(
            actor=admin, region=region, fiscal_year=2026, stage=stage, funding_source=source,
            amount=workers * 16_800 * months, workers_planned=workers, start_month=start,
            months_covered=months, package=package, confirm_warnings=True)

    lotim_murni = allocate(regions["52.03"], "murni", "apbd_kabkota", 5_000)
    allocate(regions["52.03"], "perubahan", "dbhcht", 1_000, start=10, months=3)
    loteng = allocate(regions["52.02"], "murni", "dbhcht", 2_000)
    allocate(regions["52.01"], "murni", "apbd_kabkota", 700)
    allocate(province, "murni", "apbd_prov", 1_500)  # not yet assigned to a regency
    for number in range(1, 8):  # January … July; July lies after the reference month
        budget.realization_create(actor=admin, allocation=lotim_murni,
                                  month=dt.date(2026, number, 1), amount_paid=5_000 * 16_800,
                                  workers_paid=5_000, confirm_warnings=True)
    for number in range(1, 4):
        budget.realization_create(actor=admin, allocation=loteng, month=dt.date(2026, number, 1),
                                  amount_paid=1_900 * 16_800, workers_paid=1_900,
                                  confirm_warnings=True)
    submissions.submission_approve(actor=admin, region=regions["52.03"],
                                   dataset="participation", period="2026-06")
    meeting = forums.meeting_create(actor=admin, title="Rakor UCJ NTB Triwulan II",
                                    date=dt.date(2026, 5, 15), level="province",
                                    region=province, place="Mataram")
    forums.challenge_create(actor=admin, meeting=meeting, region=regions["52.02"],
                            category="budget", title="Efisiensi anggaran memangkas iuran")
    agency = Agency.objects.get(code="bpkad")
    overdue = forums.action_create(actor=admin, meeting=meeting, title="Usulkan iuran APBD-P",
                                   due_date=dt.date(2026, 6, 18),  # 12 days late on 30 June
                                   owner_region=regions["52.03"], owner_agency=agency)
    done = forums.action_create(actor=admin, meeting=meeting, title="Anggarkan iuran 2026",
                                due_date=dt.date(2026, 5, 31),
                                owner_region=regions["52.02"], owner_agency=agency)
    finished = forums.action_update(actor=admin, action=done, status="done",
                                    comment="Teranggarkan", allocation=loteng)
    ActionUpdate.objects.filter(pk=finished.pk).update(  # done on 10 June (``at`` is automatic)
        at=timezone.make_aware(dt.datetime(2026, 6, 10, 10, 0)))
    ActionItem.objects.filter(pk=done.pk).update(done_at=dt.date(2026, 6, 10))
    forums.action_create(actor=admin, meeting=meeting, title="Tetapkan SK tim koordinasi",
                         due_date=dt.date(2026, 8, 9), owner_region=regions["52.71"])
    return {"regions": regions, "overdue": overdue}


@pytest.fixture(scope="module")
def monev(django_db_setup, django_db_blocker):
    """The data, three reports and their PDFs' text, made once for the module and rolled back
    after it."""
    translation.activate("id")
    with django_db_blocker.unblock(), transaction.atomic():
        data = build_data()
        province_pdf = render_monev_pdf(period="2026-Q2")
        regency_pdf = render_monev_pdf(period="2026-Q2", region=data["regions"]["52.03"])
        empty_pdf = render_monev_pdf(period="2026-Q1")
        data.update(province_pdf=province_pdf, province=pdf_text(province_pdf),
                    regency=pdf_text(regency_pdf), empty=pdf_text(empty_pdf))
        yield data
        transaction.set_rollback(True)
    translation.deactivate()


@pytest.fixture
def report(monev, db):
    return monev_report(period="2026-Q2")


# --- the content model against the engine ----------------------------------------------------

def test_each_regency_page_holds_the_engines_figures_of_the_reference_month(monev, report):
    assert report.month == JUNE
    assert [page.region.code for page in report.pages] == sorted(REGENCIES)
    for page in report.pages:
        assert page.values == ind.indicators(page.region, JUNE)


def test_the_province_line_is_the_engines_province(monev, report):
    assert report.total == ind.indicators(monev["regions"]["52"], JUNE)
    assert report.total["target_coverage"] == Decimal("0.6222")


def test_the_ranking_runs_from_the_highest_coverage_to_the_lowest(monev, report):
    coverages = [row.values["coverage"] for row in report.ranking]
    assert coverages == sorted(coverages, reverse=True)
    assert [page.rank for page in sorted(report.pages, key=lambda p: p.rank)] == [1, 2, 3, 4]


def test_budget_tables_split_the_engines_allocated_and_realized_by_stage_and_source(monev,
                                                                                    report):
    lotim = next(p for p in report.pages if p.region.code == "52.03")
    assert {(line.stage, line.source): (line.allocated, line.realized)
            for line in lotim.budget.lines} == {
        ("murni", "apbd_kabkota"): (5_000 * 16_800 * 12, 6 * 5_000 * 16_800)}  # not July
    # the APBD-P paying from October (no enactment date recorded) did not exist in June
    for page in report.pages:
        assert page.budget.allocated == page.values["allocated"]
        assert page.budget.realized == page.values["realized"]
    # the province's table counts its own allocation too, as the engine does
    assert report.budget.allocated == report.total["allocated"]
    assert report.budget.realized == report.total["realized"]
    assert ("murni", "apbd_prov") in {(line.stage, line.source) for line in report.budget.lines}


def test_the_change_is_counted_from_the_first_month_with_data_when_none_precedes_the_period(
        monev, report):
    assert report.base_month == APRIL
    assert report.base_total == ind.indicators(monev["regions"]["52"], APRIL)


def test_forum_follow_up_counts_overdue_items_and_open_challenges(monev, report):
    assert report.forum.total == 3 and report.forum.done == 1
    assert [line.item.pk for line in report.forum.overdue] == [monev["overdue"].pk]
    assert report.forum.overdue[0].days_late == 12
    lotim = next(p for p in report.pages if p.region.code == "52.03")
    assert len(lotim.forum.overdue) == 1
    loteng = next(p for p in report.pages if p.region.code == "52.02")
    assert [c.title for c in loteng.forum.challenges] == ["Efisiensi anggaran memangkas iuran"]


def test_sources_count_the_approval_states_of_the_data_used(monev, report):
    participation = report.source("participation")
    assert (participation.pairs, participation.approved, participation.draft) == (4, 1, 3)
    realizations = report.source("realizations")
    assert realizations.records == 6 + 3  # January … June only
    assert report.source("allocations").pairs == 4  # three regencies and the province
    assert not report.synthetic


@pytest.mark.parametrize(("period", "month"), [
    ("2026-04", APRIL), ("2026-06", JUNE), ("2026-Q2", JUNE), ("2026", JUNE),
    ("2026-05", None), ("2026-Q1", None), ("2025", None)])
def test_each_kind_of_period_takes_its_latest_month_with_data(monev, db, period, month):
    assert monev_report(period=period).month == month


def test_a_monthly_report_compares_with_the_last_month_before_it(monev, db):
    assert monev_report(period="2026-06").base_month == APRIL
    assert monev_report(period="2026-04").base_month is None


# --- the PDF -----------------------------------------------------------------------------------

def ranking_line(values: dict) -> str:
    """A ranking row's figures as the PDF shows them, from status to realization rate."""
    allocated = format_rupiah(values["allocated"]) if values["allocated"] else "belum ada"
    return (f"● {ind.STATUS_LABELS[values['status']]} {format_ratio_pct(values['coverage'])} "
            f"{target_pct(values['target_coverage'])} {format_int(values['target_gap_workers'])} "
            f"{format_ratio_pct(values['gap_share'])} {allocated} "
            f"{format_rupiah(values['realized'])} {format_ratio_pct(values['realization_rate'])}")


def test_the_ranking_in_the_pdf_shows_each_regions_engine_figures_and_the_province_total(
        monev, report):
    _text, pages = monev["province"]
    ranking = next(" ".join(page.split()) for page in pages
                   if "Peta dan peringkat" in page and "Daftar isi" not in page)
    for rank, row in enumerate(report.ranking, start=1):
        mark = "" if row.region.code == "52.03" else "*"  # * participation not yet approved
        assert f"{rank} {row.region.short_name}{mark} {ranking_line(row.values)}" in ranking
    mataram = next(r for r in report.rows if r.region.code == "52.71")
    assert mataram.values["allocated"] == 0 and mataram.values["status"] == "red"
    assert f"Provinsi Nusa Tenggara Barat {ranking_line(report.total)}" in ranking
    assert "62,22%" in ranking_line(report.total)


def test_each_regency_page_of_the_pdf_shows_its_figures_beside_the_provinces(monev, report):
    text, _pages = monev["province"]
    total = report.total
    for page in report.pages:
        values = page.values
        assert (f"Cakupan Juni 2026 {format_ratio_pct(values['coverage'])} "
                f"{format_ratio_pct(total['coverage'])}") in text
        assert (f"Dialokasikan 2026 {format_rupiah(values['allocated'])} "
                f"{format_rupiah(total['allocated'])}") in text
        assert (f"Terealisasi s.d. Juni 2026 {format_rupiah(values['realized'])} "
                f"{format_rupiah(total['realized'])}") in text
        if values["allocated"]:  # its budget table's total line is the engine's
            assert (f"Jumlah 2026 {format_rupiah(values['allocated'])} "
                    f"{format_rupiah(values['realized'])} "
                    f"{format_ratio_pct(values['realization_rate'])}") in text


def test_every_page_is_a4_with_its_number_and_the_generation_date(monev):
    reader = PdfReader(io.BytesIO(monev["province_pdf"]))
    _text, pages = monev["province"]
    assert len(pages) >= 1 + 1 + 1 + len(REGENCIES) + 3
    for number, (page, text) in enumerate(zip(reader.pages, pages, strict=True), start=1):
        assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)
        assert f"Halaman {number} dari {len(pages)}" in text
        assert f"Dibuat {format_date(TODAY)}" in text


def test_the_cover_names_the_report_the_province_the_period_and_the_data_month(monev):
    _text, pages = monev["province"]
    cover = " ".join(pages[0].split())
    assert "Laporan Monitoring dan Evaluasi Universal Coverage Jamsostek" in cover
    assert "Provinsi Nusa Tenggara Barat" in cover and "Triwulan II 2026" in cover
    assert "Kepesertaan per akhir Juni 2026" in cover
    assert "Kepesertaan Juni 2026: 1 dari 4 disetujui" in cover
    assert "sintetis" not in cover  # the test data is not synthetic


def test_the_executive_summary_is_written_from_the_engines_numbers(monev, report):
    total = report.total
    first, regions, money, forum = report.summary
    assert first.startswith(
        f"Cakupan UCJ Nusa Tenggara Barat per Juni 2026 mencapai "
        f"{format_ratio_pct(total['coverage'])}, capaian "
        f"{format_ratio_pct(total['target_attainment'])} dari target 62,22% tahun 2026: "
        f"{format_int(total['active_participants'])} peserta aktif")
    assert f"tambahan {format_int(total['target_gap_workers'])} pekerja" in first
    before = ind.indicators(monev["regions"]["52"], APRIL)
    assert f"Dibandingkan April 2026 ({format_ratio_pct(before['coverage'])}), cakupan naik" \
           in first
    grew = total["active_participants"] - before["active_participants"]
    assert f"peserta aktif bertambah {format_int(grew)} orang" in first
    best, lowest = report.ranking[0], report.ranking[-1]
    assert (f"cakupan tertinggi di {best.region.short_name} "
            f"({format_ratio_pct(best.values['coverage'])}) dan terendah di "
            f"{lowest.region.short_name} ({format_ratio_pct(lowest.values['coverage'])})"
            in regions)
    counts = report.status_counts
    assert (f"Status daerah: {counts['red']} merah, {counts['amber']} kuning, dan "
            f"{counts['green']} hijau.") in regions
    regencies_own = sum(r.values["own_allocated"] for r in report.rows)
    assert (f"Anggaran tahun 2026 yang ditetapkan per Juni 2026 mengalokasikan "
            f"{format_rupiah(total['allocated'])} (dana sendiri kabupaten/kota "
            f"{format_rupiah(regencies_own)}, dana provinsi "
            f"{format_rupiah(total['own_allocated'])}); {format_rupiah(total['realized'])} "
            f"telah dibayarkan sampai Juni 2026, realisasi "
            f"{format_ratio_pct(total['realization_rate'])}") in money
    assert "1 kabupaten/kota tidak menganggarkan dana sendiri di APBD 2026: Kota Mataram." \
           in money
    assert forum.startswith("Dari 3 langkah strategis yang disepakati dalam forum koordinasi, "
                            "1 telah selesai dan 1 melewati tenggat")
    text, _pages = monev["province"]
    for paragraph in report.summary:
        assert paragraph in text


def test_a_period_without_data_gives_a_pdf_that_says_so(monev):
    text, pages = monev["empty"]
    assert "Tidak ada data kepesertaan untuk Triwulan I 2026" in text
    assert "Kabupaten Lombok Timur" not in text  # no regency pages
    # the forum's follow-up is still reported, as of the quarter's end: the rakor of May is not
    assert "Usulkan iuran APBD-P" not in text
    assert ("Hingga 31 Maret 2026 belum ada langkah strategis yang disepakati dalam forum "
            "koordinasi.") in text
    assert len(pages) <= 4


def test_a_regency_report_holds_only_its_own_page_with_the_province_for_context(monev, report):
    text, _pages = monev["regency"]
    assert "Kabupaten Lombok Timur" in text
    for other in ("Lombok Barat", "Lombok Tengah", "Mataram"):
        assert other not in text
    lotim = next(p for p in report.pages if p.region.code == "52.03")
    assert "Cakupan UCJ Lombok Timur per Juni 2026 mencapai " \
           f"{format_ratio_pct(lotim.values['coverage'])}, capaian " \
           f"{format_ratio_pct(lotim.values['target_attainment'])} dari target 45%" in text
    assert f"peringkat {lotim.rank} dari 4 kabupaten/kota" in text
    assert format_ratio_pct(report.total["coverage"]) in text  # the province's line
    assert format_rupiah(lotim.values["allocated"]) in text
    assert "Usulkan iuran APBD-P" in text  # its overdue action item


def test_synthetic_figures_are_labelled_on_the_cover(monev, db):
    from ucj.coverage.models import ParticipationSnapshot

    ParticipationSnapshot.objects.filter(region__code="52.01", month=JUNE).update(
        is_synthetic=True)
    synthetic = monev_report(period="2026-Q2")
    assert synthetic.synthetic
    cover = render_to_string("reports/_monev_cover.html", {"report": synthetic})
    assert "Data demo sintetis" in cover


# --- the charts ----------------------------------------------------------------------------------

def test_short_rupiah_abbreviates_in_indonesian():
    assert [charts.short_rupiah(v) for v in (0, 750_000, 12_500_000, 1_200_000_000,
                                             2_000_000_000, 3 * 10**12)] == [
        "Rp 0", "Rp 750 rb", "Rp 12,5 jt", "Rp 1,2 M", "Rp 2 M", "Rp 3 T"]


def test_charts_are_valid_svg_with_escaped_names_and_indonesian_ticks():
    line = charts.line_chart_svg(labels=["Jan", "Feb", "Mar"], lines=[
        charts.Line(name="<b>Cakupan</b> & co", values=[Decimal("0.3"), None, Decimal("0.32")],
                    label_last=True)])
    root = ET.fromstring(str(line))
    texts = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert "<b>Cakupan</b> & co" in texts  # escaped in the markup, intact in the text
    assert "32,0%" in texts and "30%" in texts
    # the missing February splits the line in two
    assert len(root.findall("{http://www.w3.org/2000/svg}polyline")) == 2
    bars = charts.bar_chart_svg(groups=["APBD murni 2026"], bars=[
        charts.Bars(name="Dialokasikan", values=[1_008_000_000])])
    assert "Rp 1 M" in [t.text for t in ET.fromstring(str(bars)).iter(
        "{http://www.w3.org/2000/svg}text")]
    empty = charts.bar_chart_svg(groups=["APBD murni 2026"], bars=[
        charts.Bars(name="Dialokasikan", values=[0])])
    assert "belum ada alokasi anggaran" in str(empty)


def test_nice_steps_are_round_numbers():
    assert [charts.nice_step(span) for span in (0.7, 0.05, 23, 5_000_000_000)] == [
        0.2, 0.01, 5, 1_000_000_000]


def test_the_period_label_is_indonesian():
    assert parse_period("2026-Q2").label == "Triwulan II 2026"
    assert re.fullmatch(r"Tahun 2026", parse_period("2026").label)
