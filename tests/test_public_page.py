"""The public transparency page (``/publik/``) and its CSV: open to anyone, the same for every
role, the indicator engine's figures for the month, aggregates only (no personal data, no
record, nothing of another province), cached for anonymous visitors per language, and a table
that needs no script.

Data: NTB (52) with participation of regencies A (Lombok Timur, 52.03), B (Lombok Tengah,
52.02) and Lombok Barat (52.01) in two months, denominators, commitments with Perkada/PKS
numbers, allocations and a realization, written through the services; Kota Mataram (52.71)
has no data. A second province (53) has a regency with figures in a later month.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from tests.conftest import make_user
from ucj.accounts.models import Role
from ucj.budget import services as budget
from ucj.core.formatting import format_int, format_ratio_pct, format_rupiah
from ucj.core.templatetags.ucj import rupiah  # as the page writes it: Rp, no-break space
from ucj.coverage import services as coverage
from ucj.indicators import selectors as ind
from ucj.indicators.selectors import STATUS_LABELS
from ucj.regions.models import Level, Region
from ucj.reports.public import KEYS
from ucj.submissions.services import submission_approve

EARLIER = dt.date(2025, 5, 1)
MONTH = dt.date(2025, 6, 1)  # the latest month with participation in NTB
YEAR = 2025
PAGE = "/publik/"
CSV = "/publik/data.csv"
ROLES = ["admin_user", "op_a", "op_b", "viewer"]
PERKADA = "Perbup Lombok Timur No. 12 Tahun 2025"
PKS = "PKS/045/BPJSTK-5202"
NIK = "5203014107900001"


def square(x: float, y: float) -> dict:
    return {"type": "MultiPolygon", "coordinates": [[[[x, y], [x + .3, y], [x + .3, y + .3],
                                                      [x, y + .3], [x, y]]]]}


@pytest.fixture(autouse=True)
def _fresh_cache(db):
    """Every test starts with an empty cache and the status thresholds' rows."""
    from ucj.indicators.models import DEFAULT_VALUES, StatusThreshold

    for key, value in DEFAULT_VALUES.items():
        StatusThreshold.objects.get_or_create(key=key, defaults={"label": key, "value": value})
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def figures(ntb, admin_user, package):
    a, b, c = ntb["52.03"], ntb["52.02"], ntb["52.01"]
    for code, region in (("52.03", a), ("52.02", b), ("52.01", c), ("52.71", ntb["52.71"])):
        region.geometry = square(116 + int(code[-2:]) / 100, -8.8)
        region.save(update_fields=["geometry"])
    for region, workforce in ((a, 453_748), (b, 500_000), (c, 300_000)):
        coverage.denominator_create(actor=admin_user, region=region, year=YEAR,
                                    workforce_potential=workforce, vulnerable_target=50_000,
                                    source_note="BPS NTB", confirm_warnings=True)
    for month, factor in ((EARLIER, 1), (MONTH, 1.1)):
        for region, active in ((a, 120_000), (b, 101_000), (c, 70_000)):
            coverage.participation_create(
                actor=admin_user, region=region, month=month, segment="BPU",
                active=int(active * factor), funded_apbd_kabkota=17_000 if region == a else 0,
                confirm_warnings=True)
    budget.commitment_create(actor=admin_user, region=ntb["52"], year=YEAR,
                             target_coverage=Decimal("62.22"), confirm_warnings=True)
    budget.commitment_create(actor=admin_user, region=a, year=YEAR,
                             target_coverage=Decimal("45.00"), target_funded_workers=21_000,
                             perkada_number=PERKADA, confirm_warnings=True)
    budget.commitment_create(actor=admin_user, region=b, year=YEAR,
                             target_coverage=Decimal("50.00"), target_funded_workers=9_000,
                             pks_number=PKS, confirm_warnings=True)
    allocation = budget.allocation_create(
        actor=admin_user, region=a, fiscal_year=YEAR, stage="murni",
        funding_source="apbd_kabkota", amount=3_427_200_000, workers_planned=17_000,
        months_covered=12, package=package, confirm_warnings=True)
    budget.allocation_create(
        actor=admin_user, region=b, fiscal_year=YEAR, stage="murni",
        funding_source="dbhcht", amount=1_209_600_000, workers_planned=6_000,
        months_covered=12, package=package, confirm_warnings=True)
    budget.realization_create(actor=admin_user, allocation=allocation, month=dt.date(YEAR, 3, 1),
                              amount_paid=856_800_000, workers_paid=17_000,
                              confirm_warnings=True)
    return ntb


@pytest.fixture
def other_province(db, package):
    """Province 53 with a regency holding figures, in a later month than NTB's."""
    province = Region.objects.create(code="53", name="Nusa Tenggara Timur", level=Level.PROVINCE)
    kupang = Region.objects.create(code="53.01", name="Kabupaten Kupang", level=Level.REGENCY,
                                   parent=province, geometry=square(123.5, -10.2))
    admin = make_user("admin.ntt", Role.PROVINSI_ADMIN, [province])
    coverage.denominator_create(actor=admin, region=kupang, year=YEAR,
                                workforce_potential=200_000, confirm_warnings=True)
    coverage.participation_create(actor=admin, region=kupang, month=dt.date(YEAR, 9, 1),
                                  segment="BPU", active=77_777, confirm_warnings=True)
    budget.allocation_create(actor=admin, region=kupang, fiscal_year=YEAR, stage="murni",
                             funding_source="apbd_kabkota", amount=999_999_000,
                             workers_planned=4_000, months_covered=12, package=package,
                             confirm_warnings=True)
    return province


class Cells(HTMLParser):
    """The text of every cell of the figures table's body and foot rows (the table with a
    caption; the own-money table above it is read by its own test)."""

    def __init__(self):
        super().__init__()
        self.rows: list[list[str]] = []
        self.in_table = self.in_cell = False
        self.section = ""

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.in_table = False
            self.pending = True  # a figures table has a caption
        elif tag == "caption" and getattr(self, "pending", False):
            self.in_table, self.pending = True, False
        elif self.in_table and tag in ("tbody", "tfoot", "thead"):
            self.section = tag
        elif self.in_table and tag == "tr" and self.section in ("tbody", "tfoot"):
            self.rows.append([])
        elif self.in_table and tag == "td" and self.section in ("tbody", "tfoot"):
            self.in_cell = True
            self.rows[-1].append("")

    def handle_endtag(self, tag):
        if tag == "td":
            self.in_cell = False
        elif tag == "table":
            self.in_table = False

    def handle_data(self, data):
        if self.in_cell:
            self.rows[-1][-1] += data


def table_cells(content: bytes) -> list[list[str]]:
    parser = Cells()
    parser.feed(content.decode())
    return [[" ".join(cell.split()) for cell in row] for row in parser.rows]


# The CSV's Indonesian headers (issue 19) → the engine's keys the assertions use.
ENGLISH = {"kode_wilayah": "region_code", "nama_wilayah": "region_name", "jenis_baris": "row",
           "bulan": "month", "cakupan_persen": "coverage", "target_cakupan_persen":
           "target_coverage", "peserta_aktif": "active_participants", "potensi_tenaga_kerja":
           "workforce_potential", "status": "status", "alokasi_rp": "allocated",
           "realisasi_rp": "realized", "realisasi_persen": "realization_rate",
           "kepesertaan_disetujui": "participation_approved",
           "alokasi_disetujui": "allocations_approved", "data_sintetis": "synthetic"}
ROW_KINDS = {"kabupaten_kota": "regency", "tingkat_provinsi": "province_level", "total": "total"}


def raw_csv(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def csv_rows(response) -> list[dict]:
    """The CSV's rows under the engine's keys, row kinds in English."""
    rows = [{ENGLISH[k]: v for k, v in row.items()} for row in raw_csv(response)]
    for row in rows:
        row["row"] = ROW_KINDS[row["row"]]
    return rows


def main_of(content: bytes) -> str:
    text = content.decode()
    return text[text.index("<main"):text.index("</main>")]


# --- who may see it -----------------------------------------------------------------------------

def test_anonymous_and_every_role_see_the_same_page(client, figures, request):
    anonymous = client.get(PAGE)
    assert anonymous.status_code == 200
    assert "Lombok Timur" in anonymous.content.decode()
    anonymous_csv = client.get(CSV)
    assert anonymous_csv.status_code == 200 and len(csv_rows(anonymous_csv)) == 5
    for role in ROLES:
        client.force_login(request.getfixturevalue(role))
        signed_in = client.get(PAGE)
        assert signed_in.status_code == 200
        assert signed_in.content == anonymous.content, role
        assert client.get(CSV).content == anonymous_csv.content, role
        client.logout()


def test_a_province_without_figures_says_so(client, ntb):
    response = client.get(PAGE)
    assert response.status_code == 200
    assert "Belum ada data kepesertaan yang diterbitkan." in response.content.decode()
    assert client.get(CSV).status_code == 404


def test_an_empty_database_answers_too(client, db):
    assert client.get(PAGE).status_code == 200


# --- the figures --------------------------------------------------------------------------------

def test_figures_are_the_engines_for_the_latest_month(client, figures):
    response = client.get(PAGE)
    shown = response.context["figures"]
    assert shown.month == MONTH
    assert shown.total == {k: ind.indicators(figures["52"], MONTH)[k] for k in KEYS}
    assert [r.code for r in shown.rows] == ["52.01", "52.02", "52.03", "52.71"]
    for row in shown.rows:
        engine = ind.indicators(figures[row.code], MONTH)
        assert row.values == {k: engine[k] for k in KEYS}, row.code
    total = shown.total
    assert total["active_participants"] == int(120_000 * 1.1) + int(101_000 * 1.1) + 77_000
    assert total["allocated"] == 3_427_200_000 + 1_209_600_000
    assert total["realized"] == 856_800_000
    page = response.content.decode()
    for text in (format_ratio_pct(total["coverage"]), "62,22%",
                 format_int(total["active_participants"]), format_int(1_253_748),
                 rupiah(total["allocated"]), rupiah(total["realized"]),
                 format_ratio_pct(total["realization_rate"]), "Juni 2025"):
        assert text in page, text


def test_an_earlier_month_is_chosen_by_parameter(client, figures):
    response = client.get(PAGE, {"bulan": "2025-05"})
    shown = response.context["figures"]
    assert shown.month == EARLIER
    engine = ind.indicators(figures["52.03"], EARLIER)
    row = next(r for r in shown.rows if r.code == "52.03")
    assert row.values["active_participants"] == engine["active_participants"] == 120_000
    assert row.values["coverage"] == engine["coverage"]
    assert "Mei 2025" in response.content.decode()
    # CSV of that month too
    rows = csv_rows(client.get(CSV, {"bulan": "2025-05"}))
    assert {r["month"] for r in rows} == {"2025-05"}


@pytest.mark.parametrize("month", ["2025-13", "juni", "2025-6", "2024-12", "2030-01"])
def test_a_month_without_figures_is_not_found(client, figures, month):
    assert client.get(PAGE, {"bulan": month}).status_code == 404
    assert client.get(CSV, {"bulan": month}).status_code == 404


def test_the_csv_rows_equal_the_table(client, figures, package, admin_user):
    # an allocation kept at the province (not yet per regency): its own row, so that the
    # table adds up to the province's total
    budget.allocation_create(actor=admin_user, region=figures["52"], fiscal_year=YEAR,
                             stage="murni", funding_source="apbd_prov", amount=604_800_000,
                             workers_planned=3_000, months_covered=12, package=package,
                             confirm_warnings=True)
    page = client.get(PAGE)
    cells = table_cells(page.content)
    assert list(raw_csv(client.get(CSV))[0]) == [
        "kode_wilayah", "nama_wilayah", "jenis_baris", "bulan", "cakupan_persen",
        "target_cakupan_persen", "peserta_aktif", "potensi_tenaga_kerja", "status", "alokasi_rp",
        "realisasi_rp", "realisasi_persen", "kepesertaan_disetujui", "alokasi_disetujui",
        "data_sintetis"]
    rows = csv_rows(client.get(CSV))
    assert list(rows[0]) == ["region_code", "region_name", "row", "month", *KEYS,
                             "participation_approved", "allocations_approved", "synthetic"]
    assert [r["row"] for r in rows] == ["regency"] * 4 + ["province_level", "total"]
    assert len(cells) == len(rows) == 6

    def ratio(text):  # the CSV's percentage (30.7000) as the engine's ratio
        return Decimal(text) / 100 if text else None

    for row, shown in zip(rows, cells, strict=True):
        money = [format_rupiah(int(row["allocated"])), format_rupiah(int(row["realized"])),
                 format_ratio_pct(ratio(row["realization_rate"]))]
        approval = "disetujui" if row["allocations_approved"] == "1" and row[
            "participation_approved"] in ("1", "") else "belum disetujui"
        if row["row"] == "province_level":
            assert shown == ["Tingkat provinsi (belum dirinci per kabupaten/kota)", "", *money,
                             approval]
            continue
        name = row["region_name"]
        assert shown[0] == name
        target = format_ratio_pct(ratio(row["target_coverage"]), 2).replace(",00%", "%")
        active = format_int(int(row["active_participants"])) if row["active_participants"] \
            else "–"
        potential = format_int(int(row["workforce_potential"])) if row[
            "workforce_potential"] else "–"
        status = f"● {row['status']}" if row["status"] else "–"
        assert not row["status"] or row["status"] in {str(v) for v in STATUS_LABELS.values()}
        assert shown[1:] == [format_ratio_pct(ratio(row["coverage"])), target, active,
                             potential, status, *money, approval], name
    # the CSV's machine values are the engine's: ratios as decimals, money in whole Rupiah
    total = ind.indicators(figures["52"], MONTH)
    assert rows[-1]["region_code"] == "52"
    assert Decimal(rows[-1]["coverage"]) == (total["coverage"] * 100).quantize(Decimal("0.0001"))
    assert int(rows[-1]["allocated"]) == total["allocated"] == 3_427_200_000 + 1_209_600_000 \
        + 604_800_000
    assert sum(int(r["allocated"]) for r in rows[:-1]) == total["allocated"]
    assert sum(int(r["realized"]) for r in rows[:-1]) == total["realized"]
    mataram = next(r for r in rows if r["region_code"] == "52.71")
    assert mataram["coverage"] == "" and mataram["active_participants"] == ""


def test_approval_is_shown_per_region_and_overall(client, figures, admin_user):
    a = figures["52.03"]
    submission_approve(actor=admin_user, region=a, dataset="participation", period="2025-06")
    submission_approve(actor=admin_user, region=a, dataset="allocations", period="2025")
    submission_approve(actor=admin_user, region=figures["52.02"], dataset="participation",
                       period="2025-06")
    response = client.get(PAGE)
    cells = {row[0]: row[-1] for row in table_cells(response.content)}
    assert cells["Lombok Timur"] == "disetujui"
    assert cells["Lombok Tengah"] == "belum disetujui alokasi 2025"  # participation only
    assert cells["Lombok Barat"] == "belum disetujui"
    assert cells["Nusa Tenggara Barat"] == "belum disetujui"
    assert "kepesertaan Juni 2025 disetujui untuk 2 dari 4 daerah" in response.content.decode()
    rows = {r["region_code"]: r for r in csv_rows(client.get(CSV))}
    assert (rows["52.03"]["participation_approved"], rows["52.03"]["allocations_approved"]) \
        == ("1", "1")
    assert (rows["52.02"]["participation_approved"], rows["52.02"]["allocations_approved"]) \
        == ("1", "0")
    assert rows["52"]["participation_approved"] == "0"


def test_last_update_and_synthetic_label(client, figures):
    from ucj.coverage.models import ParticipationSnapshot

    page = client.get(PAGE)
    shown = page.context["figures"]
    latest = max(ParticipationSnapshot.objects.filter(month=MONTH)
                 .values_list("updated_at", flat=True))
    assert shown.updated_at >= latest
    assert not shown.synthetic
    assert "data demo sintetis" not in page.content.decode()
    ParticipationSnapshot.objects.filter(region=figures["52.01"]).update(is_synthetic=True)
    cache.clear()
    page = client.get(PAGE).content.decode()
    assert "data demo sintetis" in page and "Data demonstrasi sintetis" in page


# --- nothing but aggregates ---------------------------------------------------------------------

def test_no_personal_data_documents_records_or_forum_content(client, figures, request,
                                                             admin_user):
    from ucj.forums import services as forums

    users = [request.getfixturevalue(role) for role in ROLES]
    for user in users:
        user.email = f"{user.username}@ntbprov.go.id"
        user.save(update_fields=["email"])
    meeting = forums.meeting_create(actor=admin_user, title="Rakor UCJ rahasia",
                                    date=dt.date(YEAR, 7, 1), level="province",
                                    region=figures["52"], place="Aula Bappeda",
                                    minutes=f"Catatan: NIK {NIK} dibahas")
    forums.challenge_create(actor=admin_user, meeting=meeting, region=figures["52.03"],
                            category="budget", title="Efisiensi anggaran memangkas iuran")
    for url in (PAGE, CSV):
        text = client.get(url).content.decode("utf-8-sig")
        for user in users:
            assert user.username not in text
            assert user.email not in text
            assert user.full_name not in text
        assert not re.search(r"(?<!\d)\d{16}(?!\d)", text), "a NIK-like number"
        for secret in (PERKADA, PKS, "Perbup", "Rakor UCJ rahasia", "Efisiensi", "Aula Bappeda",
                       "BPS NTB", "/dokumen/", "/data/", "/wilayah/", "/forum/", "/registri/",
                       "/pengiriman/", "/audit/"):
            assert secret not in text, (url, secret)


def test_another_province_does_not_appear(client, figures, other_province):
    response = client.get(PAGE)
    page = response.content.decode()
    shown = response.context["figures"]
    assert shown.province.code == "52" and shown.month == MONTH  # not 53's later month
    for text in ("Kupang", "53.01", "Nusa Tenggara Timur", format_int(77_777),
                 rupiah(999_999_000)):
        assert text not in page, text
    assert 'data-code="52.03"' in page and 'data-code="53.01"' not in page  # the map
    assert shown.total["allocated"] == 3_427_200_000 + 1_209_600_000
    rows = csv_rows(client.get(CSV))
    assert {r["region_code"] for r in rows} == {"52", "52.01", "52.02", "52.03", "52.71"}
    assert client.get(PAGE, {"bulan": "2025-09"}).status_code == 404


# --- cache, language, no script ------------------------------------------------------------------

def test_anonymous_responses_are_cached_per_language(client, figures, settings,
                                                     django_assert_num_queries, admin_user):
    settings.UCJ_PUBLIC_CACHE_SECONDS = 300
    first = client.get(PAGE)
    assert "max-age=300" in first["Cache-Control"] and "Cookie" in first["Vary"]
    with django_assert_num_queries(0):
        again = client.get(PAGE)
    assert again.content == first.content
    first_csv = client.get(CSV)
    with django_assert_num_queries(0):
        assert client.get(CSV).content == first_csv.content
    # English is its own entry, and Indonesian stays Indonesian
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(PAGE).content.decode()
    assert "Coverage by regency and city" in english and "Cakupan per kabupaten" not in english
    with django_assert_num_queries(0):
        assert client.get(PAGE).content.decode() == english
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "id"
    with django_assert_num_queries(0):
        assert client.get(PAGE).content == first.content
    # a change shows for signed-in users at once (never cached), for anonymous ones on expiry
    coverage.participation_create(actor=admin_user, region=figures["52.71"], month=MONTH,
                                  segment="BPU", active=54_321, confirm_warnings=True)
    assert format_int(54_321) not in client.get(PAGE).content.decode()
    client.force_login(admin_user)
    signed_in = client.get(PAGE)
    assert format_int(54_321) in signed_in.content.decode()
    assert "no-cache" in signed_in["Cache-Control"] or "private" in signed_in["Cache-Control"]
    client.logout()
    cache.clear()
    assert format_int(54_321) in client.get(PAGE).content.decode()


def test_no_cache_when_the_setting_is_zero(client, figures, settings):
    settings.UCJ_PUBLIC_CACHE_SECONDS = 0
    client.get(PAGE)
    with CaptureQueriesContext(connection) as queries:
        client.get(PAGE)
    assert len(queries) > 0


def test_the_language_link_sets_the_cookie_and_keeps_the_month(client, figures):
    response = client.get(PAGE, {"bulan": "2025-05", "bahasa": "en"})
    assert response.status_code == 302
    assert response["Location"] == "/publik/?bulan=2025-05"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    page = client.get(response["Location"]).content.decode()
    assert '<html lang="en">' in page and "May 2025" in page
    assert 'href="?bulan=2025-05&amp;bahasa=id"' in page
    refused = client.get(PAGE, {"bahasa": "fr"})
    assert refused.status_code == 302 and settings.LANGUAGE_COOKIE_NAME not in refused.cookies


def test_the_page_needs_no_script_and_keeps_the_security_policy(client, figures):
    response = client.get(PAGE)
    page = response.content.decode()
    assert "<script" not in page
    assert 'class="data responsive"' in page and 'data-label="Cakupan"' in page
    assert "<svg" in page and "<form" in page and 'method="get"' in page
    assert "csrfmiddlewaretoken" not in page  # nothing personal in a cached page
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy.split("script-src")[1] \
        .split(";")[0]
    assert reverse("login") in page  # the way in for officials
    assert not response.cookies  # no session or CSRF cookie for a visitor


def test_the_map_and_status_in_english(client, figures):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(PAGE).content.decode()
    with translation.override("en"):
        assert format_ratio_pct(ind.indicators(figures["52"], MONTH)["coverage"]) in page
    assert "How to read these figures" in page and "Sign in" in page


def test_the_public_page_names_the_regencies_without_their_own_money(client, figures):
    page = client.get(PAGE).content.decode()
    section = page.split('class="card pair"')[1].split("</section>")[0]
    assert "Dana sendiri yang dianggarkan" in section
    assert "/wilayah/" not in section  # no links into the signed-in pages
    from ucj.indicators.dashboard import dashboard
    from ucj.indicators.selectors import latest_month

    board = dashboard(province=figures["52"], month=latest_month(figures["52"]))
    missing = section.split('class="alert-red pair-missing"')[1].split("</p>")[0]
    assert board.without_own_money  # the fixture has a regency without its own money
    for row in board.without_own_money:
        assert row.region.short_name in missing
