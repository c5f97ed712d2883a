"""Budget scenarios, the province view and the tariff rules of the planner (issue 5), against
figures computed by hand.

Lombok Timur (52.03) in June 2025: P = 300 active, W = 1000; Lombok Tengah (52.02): P = 500,
W = 1000. Tariff BPU JKK + JKM Rp 16.800 per worker per month (201.600 for 12 months).
"""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from ucj.audit.models import AuditEvent
from ucj.budget.models import Allocation, Commitment, ContributionPackage, TariffRate
from ucj.coverage.models import ParticipationSnapshot, WorkforceDenominator
from ucj.planner.models import Scenario
from ucj.planner.selectors import plan_for_budget, plan_for_target, province_need
from ucj.submissions.models import Submission

# a perubahan stage from October 2025 for 40% coverage: 100 workers × 16.800 × 3 months
OCTOBER = {"region": "52.03", "year": "2025", "stage": "perubahan", "start_month": "10",
           "mode": "coverage", "target_coverage": "40", "share_apbd_kabkota": "2",
           "share_dbhcht": "1"}
# a murni stage for 200 workers: 200 × 201.600
MURNI = {"region": "52.03", "year": "2025", "stage": "murni", "mode": "workers",
         "target_workers": "200"}


@pytest.fixture
def figures(ntb, package):
    for code, active in (("52.03", 300), ("52.02", 500)):
        ParticipationSnapshot.objects.create(region=ntb[code], month=dt.date(2025, 6, 1),
                                             segment="BPU", active=active)
        WorkforceDenominator.objects.create(region=ntb[code], year=2025,
                                            workforce_potential=1000)
    return ntb


def save(client, user, data, name):
    client.force_login(user)
    return client.post(reverse("scenario_save"), {**data, "name": name})


# --- tariffs: discounts, PU wages, budgets per source ------------------------------------------

def test_the_pp50_discount_applies_only_to_money_that_is_not_apbn_apbd(figures):
    both = {"apbd_kabkota": Decimal(1), "other": Decimal(1)}
    plan = plan_for_target(region=figures["52.03"], year=2026, stage="murni",
                           target_workers=10, shares=both, sector="transport")
    assert plan.discount is not None and plan.discount.legal_basis.startswith("PP 50/2025")
    # transport: relieved January 2026 – March 2027, JKK + JKM at 50%; never APBD money
    assert plan.tariff_by_source == {"apbd_kabkota": 16_800, "other": 8_400}
    assert plan.by_source == {"apbd_kabkota": 5 * 16_800 * 12, "other": 5 * 8_400 * 12}
    assert plan.relief_months_by_source == {"apbd_kabkota": 0, "other": 12}
    # 2025: no discount in force, CSR pays the full contribution
    assert plan_for_target(region=figures["52.03"], year=2025, stage="murni", target_workers=10,
                           shares={"other": Decimal(1)}).by_source == {"other": 10 * 201_600}


def test_the_pp50_relief_follows_the_sector_months(figures):
    other = {"other": Decimal(1)}
    # outside transport: April–December 2026 only: 3 × 16.800 + 9 × 8.400 = Rp 126.000 a worker
    plan = plan_for_target(region=figures["52.03"], year=2026, stage="murni", target_workers=10,
                           shares=other, sector="nontransport")
    assert plan.by_source == {"other": 10 * 126_000}
    assert plan.tariff_by_source == {"other": 16_800}  # January is not relieved
    assert plan.relief_months_by_source == {"other": 9}
    # 2027: transport still relieved January–March (3 × 8.400 + 9 × 16.800 = 176.400), the
    # other sectors no more
    assert plan_for_target(region=figures["52.03"], year=2027, stage="murni", target_workers=1,
                           shares=other, sector="transport").total_cost == 176_400
    assert plan_for_target(region=figures["52.03"], year=2027, stage="murni", target_workers=1,
                           shares=other, sector="nontransport").total_cost == 201_600
    # the sector not known: no relief, and the page says to choose it
    unknown = plan_for_target(region=figures["52.03"], year=2026, stage="murni",
                              target_workers=1, shares=other)
    assert unknown.total_cost == 201_600 and "relief_sector_unknown" in unknown.flags
    assert unknown.as_dict()["discount_basis"] == "PP 50/2025 Pasal 4 ayat (1)"


def test_the_pp50_relief_never_touches_jht(figures):
    jht = ContributionPackage.objects.get(code="bpu-jkk-jkm-jht")  # Rp 36.800 = 16.800 + 20.000
    plan = plan_for_target(region=figures["52.03"], year=2026, stage="murni", target_workers=2,
                           shares={"other": Decimal(1)}, sector="transport", package=jht)
    assert plan.tariff_by_source == {"other": 28_400}  # 36.800 − 50% × 16.800
    assert plan.total_cost == 2 * 28_400 * 12


def test_a_saved_scenario_shows_the_relieved_months_and_its_cohorts(client, figures, op_a):
    ParticipationSnapshot.objects.filter(region=figures["52.03"]).update(funded_apbd_kabkota=20)
    data = {"region": "52.03", "year": "2026", "stage": "murni", "mode": "workers",
            "target_workers": "100", "share_apbd_kabkota": "1", "share_other": "1",
            "sector": "nontransport"}
    assert save(client, op_a, data, "CSR outside transport").status_code == 302
    scenario = Scenario.objects.get(name="CSR outside transport")
    page = client.get(reverse("scenario_detail", args=[scenario.pk])).content.decode()
    page = page.replace("\xa0", " ")  # "Rp" and its number are joined by a no-break space
    # CSR: 50 workers × (3 × 16.800 + 9 × 8.400) = 50 × 126.000 for the 12 months
    assert "50 × Rp 126.000 untuk 12 bulan" in page and "Rp 6.300.000" in page
    assert "50 × Rp 16.800 × 12" in page  # the regency's APBD: no relief
    # a coming year's murni: the 20 funded now come first
    assert scenario.result["continuing_workers"] == 20 and "lanjutan" in page


def test_a_pu_package_costs_the_employers_share_with_the_jp_wage_cap(figures):
    # employer: JKK 0,24 + JKM 0,30 + JHT 3,7 = 4,24% of the wage, + JP 2% of the wage up to
    # Rp 10.042.300; the worker's JHT 2% and JP 1% come from the wage; JKP is not the employer's
    pu = ContributionPackage.objects.get(code="pu-risiko-1")
    plan = plan_for_target(region=figures["52.03"], year=2025, stage="murni", target_workers=3,
                           package=pu, wage=2_500_000)
    assert plan.monthly_tariff == 106_000 + 50_000
    assert plan.total_cost == 3 * 156_000 * 12
    high = plan_for_target(region=figures["52.03"], year=2025, stage="murni", target_workers=1,
                           package=pu, wage=15_000_000)
    assert high.monthly_tariff == 636_000 + 200_846  # JP on Rp 10.042.300 only
    with pytest.raises(ValueError, match="wage"):
        plan_for_target(region=figures["52.03"], year=2025, stage="murni", target_workers=3,
                        package=pu)


def test_each_funding_source_buys_whole_workers_with_its_part_of_a_budget(figures):
    plan = plan_for_budget(region=figures["52.03"], year=2025, stage="murni", budget=604_800,
                           shares={"apbd_kabkota": Decimal(1), "dbhcht": Decimal(1)})
    # 302.400 each: one worker (201.600) each, not three from the whole
    assert plan.workers_by_source == {"apbd_kabkota": 1, "dbhcht": 1}
    assert (plan.workers, plan.total_cost, plan.left_over) == (2, 403_200, 201_600)


# --- saving, listing, comparing ----------------------------------------------------------------

def test_an_operator_saves_a_scenario_with_its_tariff_and_figures(client, figures, op_a):
    response = save(client, op_a, OCTOBER, "40% dari Oktober")
    scenario = Scenario.objects.get()
    assert response.url == reverse("scenario_detail", args=[scenario.pk])
    assert (scenario.workers, scenario.total_cost) == (100, 5_040_000)
    assert scenario.result["by_source"] == {"apbd_kabkota": 67 * 16_800 * 3,
                                            "dbhcht": 33 * 16_800 * 3}
    assert scenario.result["monthly_tariff"] == 16_800
    assert scenario.result["tariff_legal_basis"].startswith("PP 44/2015")
    assert scenario.inputs["start_month"] == "10"
    assert AuditEvent.objects.filter(object_type="planner.scenario", action="create").count() == 1


def test_a_second_scenario_with_the_same_name_is_refused(client, figures, op_a):
    save(client, op_a, OCTOBER, "Rencana A")
    response = save(client, op_a, MURNI, " rencana  a ")
    assert Scenario.objects.count() == 1
    assert "Rencana A" in str(list(response.wsgi_request._messages)[0])


def test_another_region_and_the_viewer_cannot_save(client, figures, op_b, viewer):
    save(client, op_b, OCTOBER, "X")  # 52.03 is not a region op_b may choose
    assert save(client, viewer, OCTOBER, "Y").status_code == 403
    assert not Scenario.objects.exists()


def test_a_tariff_change_never_rewrites_a_saved_scenario(client, figures, op_a):
    save(client, op_a, OCTOBER, "Lama")
    TariffRate.objects.filter(package__code="bpu-jkk-jkm").update(monthly_amount=20_000)
    scenario = Scenario.objects.get()
    page = client.get(reverse("scenario_detail", args=[scenario.pk]))
    assert page.context["s"]["total_cost"] == 5_040_000 and "Rp\xa05.040.000" in page.content.decode()
    fresh = client.get(reverse("budget_calculator"), OCTOBER).context["plan"]
    assert fresh.total_cost == 100 * 20_000 * 3


@pytest.mark.parametrize("who,sees", [("admin_user", 2), ("op_a", 2), ("op_b", 0)])
def test_the_list_shows_what_the_user_may_see(client, request, figures, op_a, who, sees):
    save(client, op_a, OCTOBER, "A")
    save(client, op_a, MURNI, "B")
    client.force_login(request.getfixturevalue(who))
    page = client.get(reverse("scenario_list"))
    assert page.status_code == 200 and page.context["count"] == sees
    rows = b"".join(client.get(reverse("scenario_list"),
                               {"format": "csv"}).streaming_content).decode("utf-8-sig")
    assert len(rows.strip().splitlines()) == 1 + sees
    assert client.get(reverse("scenario_list"), {"tahun": "2026"}).context["count"] == 0


@pytest.mark.parametrize("who,read,write", [("admin_user", 200, 302), ("op_a", 200, 302),
                                            ("viewer", 200, 403), ("op_b", 404, 404)])
def test_the_scenario_pages_by_role(client, request, figures, op_a, who, read, write):
    save(client, op_a, OCTOBER, "A")
    scenario = Scenario.objects.get()
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("scenario_detail", args=[scenario.pk])).status_code == read
    assert client.get(reverse("scenario_export", args=[scenario.pk])).status_code == read
    assert client.get(reverse("scenario_promote", args=[scenario.pk])).status_code == 405
    assert client.post(reverse("scenario_promote", args=[scenario.pk])).status_code == write
    assert Allocation.objects.exists() == (write == 302)
    assert client.post(reverse("scenario_delete", args=[scenario.pk])).status_code == write
    assert Scenario.objects.exists() == (write != 302)


def test_two_scenarios_compare_side_by_side_with_the_difference(client, figures, op_a, op_b):
    save(client, op_a, OCTOBER, "Oktober")
    save(client, op_a, MURNI, "Murni")
    ids = list(Scenario.objects.order_by("name").values_list("pk", flat=True))  # Murni, Okt.
    page = client.get(reverse("scenario_compare"), {"id": [ids[1], ids[0]]})
    rows = {row.label: row for row in page.context["rows"]}
    assert rows["Biaya total"].values == [5_040_000, 200 * 201_600]
    assert rows["Biaya total"].difference == 40_320_000 - 5_040_000
    assert rows["Pekerja yang dibiayai"].difference == 100
    assert rows["· DBHCHT"].values == [33 * 16_800 * 3, 0]
    client.force_login(op_b)  # sees neither: back to the list
    assert client.get(reverse("scenario_compare"), {"id": ids}).status_code == 302


# --- putting a scenario into the budget --------------------------------------------------------

def test_promoting_creates_a_planned_commitment_and_draft_allocations(client, figures, op_a):
    save(client, op_a, OCTOBER, "Oktober")
    scenario = Scenario.objects.get()
    client.post(reverse("scenario_promote", args=[scenario.pk]))
    commitment = Commitment.objects.get(region=figures["52.03"], year=2025)
    assert (commitment.status, commitment.target_coverage, commitment.target_funded_workers) \
        == ("planned", Decimal("40.00"), 100)
    allocations = {a.funding_source: a for a in Allocation.objects.all()}
    assert {s: (a.amount, a.workers_planned, a.start_month, a.months_covered, a.stage)
            for s, a in allocations.items()} == {
        "apbd_kabkota": (3_376_800, 67, 10, 3, "perubahan"),
        "dbhcht": (1_663_200, 33, 10, 3, "perubahan")}
    scenario.refresh_from_db()
    assert scenario.promoted_by == op_a
    assert AuditEvent.objects.filter(action="promote").count() == 1
    assert not Submission.objects.exists()  # drafts: nothing submitted


def test_promoting_again_changes_the_allocations_and_keeps_the_commitment(client, figures, op_a):
    save(client, op_a, OCTOBER, "Oktober")
    first = Scenario.objects.get()
    client.post(reverse("scenario_promote", args=[first.pk]))
    save(client, op_a, {**OCTOBER, "target_coverage": "45"}, "45%")
    second = Scenario.objects.get(name="45%")
    client.post(reverse("scenario_promote", args=[second.pk]))
    assert Allocation.objects.count() == 2
    assert Allocation.objects.get(funding_source="apbd_kabkota").workers_planned == 100  # of 150
    assert Commitment.objects.get().target_coverage == Decimal("40.00")  # left as it was


def test_promoting_into_a_locked_period_writes_nothing(client, figures, op_a, admin_user):
    save(client, op_a, OCTOBER, "Oktober")
    scenario = Scenario.objects.get()
    Submission.objects.create(region=figures["52.03"], dataset="allocations", period="2025",
                              state="approved")
    response = client.post(reverse("scenario_promote", args=[scenario.pk]), follow=True)
    assert "dikunci" in response.content.decode()
    assert not Allocation.objects.exists() and not Commitment.objects.exists()
    scenario.refresh_from_db()
    assert scenario.promoted_at is None


def test_the_export_states_the_figures_tariff_and_legal_basis(client, figures, op_a):
    save(client, op_a, OCTOBER, "Oktober")
    scenario = Scenario.objects.get()
    response = client.get(reverse("scenario_export", args=[scenario.pk]))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    ws = load_workbook(io.BytesIO(response.content)).active
    values = {row[0]: row[1] for row in ws.iter_rows(values_only=True) if row[0]}
    assert values["Pekerja yang dibiayai"] == 100
    assert values["Biaya total"] == 5_040_000
    assert values["Iuran per pekerja per bulan"] == 16_800
    assert values["Dasar hukum"].startswith("PP 44/2015")
    sources = {row[0]: row[1:5] for row in ws.iter_rows(values_only=True)
               if row[0] in ("APBD kabupaten/kota", "DBHCHT", "Jumlah")}
    assert sources == {"APBD kabupaten/kota": (67, 16_800, 3, 3_376_800),
                       "DBHCHT": (33, 16_800, 3, 1_663_200), "Jumlah": (100, None, None,
                                                                       5_040_000)}


# --- the province view -------------------------------------------------------------------------

def test_the_province_view_prices_the_target_against_allocations(figures, admin_user, package):
    Allocation.objects.create(region=figures["52.03"], fiscal_year=2025, stage="murni",
                              funding_source="apbd_kabkota", payer="regency", amount=1_000_000,
                              workers_planned=5, months_covered=12, package=package)
    need = province_need(province=figures["52"], year=2025, target=Decimal("0.6222"))
    # June data: July–December, 6 months. 52.03: ⌈622,2⌉ − 300 = 323; 52.02: 623 − 500 = 123
    assert (need.first_month, need.months, need.monthly_tariff) == (7, 6, 16_800)
    rows = {r.region.code: r for r in need.rows}
    assert (rows["52.03"].workers, rows["52.03"].need) == (323, 323 * 16_800 * 6)
    assert rows["52.03"].gap == 323 * 16_800 * 6 - 1_000_000
    assert (rows["52.02"].workers, rows["52.02"].gap) == (123, 123 * 16_800 * 6)
    # the province as one: ⌈0,6222 × 2000⌉ − 800 = 445 (the two regencies of the fixture)
    assert need.whole.workers == 1245 - 800
    assert need.total_gap == need.net_gap == rows["52.03"].gap + rows["52.02"].gap
    assert need.total_allocated == 1_000_000 and need.total_workers == 323 + 123
    # a surplus in one region does not fill another's gap in the "short of money" total
    Allocation.objects.create(region=figures["52.02"], fiscal_year=2025, stage="murni",
                              funding_source="apbd_kabkota", payer="regency", amount=20_000_000,
                              workers_planned=99, months_covered=12, package=package)
    need = province_need(province=figures["52"], year=2025, target=Decimal("0.6222"))
    rows = {r.region.code: r for r in need.rows}
    assert rows["52.02"].gap == 123 * 16_800 * 6 - 20_000_000 == -7_601_600
    assert need.total_gap == rows["52.03"].gap
    assert need.net_gap == rows["52.03"].gap - 7_601_600
    # a coming year: all 12 months
    assert province_need(province=figures["52"], year=2026, target=Decimal("0.4")).months == 12


@pytest.mark.parametrize("who,codes", [("admin_user", {"52.03", "52.02"}), ("op_a", {"52.03"}),
                                       ("op_b", {"52.02"})])
def test_the_province_page_shows_each_user_their_regions(client, request, figures, who, codes):
    client.force_login(request.getfixturevalue(who))
    page = client.get(reverse("budget_province"), {"year": "2025", "target": "62,22"})
    assert page.status_code == 200
    shown = {r.region.code for r in page.context["need"].rows if r.workforce}
    assert shown == codes
    assert (page.context["need"].whole is not None) == (who == "admin_user")
    rows = b"".join(client.get(reverse("budget_province"), {
        "year": "2025", "target": "62,22", "format": "csv"}).streaming_content)
    assert (b"52.03" in rows) == ("52.03" in codes)


# --- queries do not grow with rows -------------------------------------------------------------

def count_queries(client, url, params=None) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as context:
        assert client.get(url, params).status_code == 200
    return len(context.captured_queries)


def test_the_scenario_list_and_comparison_queries_do_not_grow(client, figures, op_a):
    for n in range(2):
        save(client, op_a, {**MURNI, "target_workers": str(10 + n)}, f"S{n}")
    ids = list(Scenario.objects.values_list("pk", flat=True))
    client.get(reverse("scenario_list"))  # warm up
    few = count_queries(client, reverse("scenario_list"))
    few_compared = count_queries(client, reverse("scenario_compare"), {"id": ids})
    for n in range(2, 8):
        save(client, op_a, {**MURNI, "target_workers": str(10 + n)}, f"S{n}")
    ids = list(Scenario.objects.values_list("pk", flat=True))
    client.get(reverse("scenario_list"))  # the "saved" messages are read once
    assert count_queries(client, reverse("scenario_list")) == few
    assert count_queries(client, reverse("scenario_compare"), {"id": ids[:4]}) == few_compared


def test_the_province_view_queries_do_not_grow_with_regencies(client, figures, admin_user):
    from django.core.cache import cache

    from ucj.regions.models import Level, Region

    client.force_login(admin_user)
    url, params = reverse("budget_province"), {"year": "2025", "target": "40"}
    client.get(url, params)
    cache.clear()  # counted as computed, not as cached (issue 18)
    few = count_queries(client, url, params)
    for i in range(5):
        region = Region.objects.create(code=f"52.{80 + i}", name=f"Kabupaten X{i}",
                                       level=Level.REGENCY, parent=figures["52"])
        WorkforceDenominator.objects.create(region=region, year=2025, workforce_potential=100)
    cache.clear()
    assert count_queries(client, url, params) == few
    regencies = Region.objects.filter(parent=figures["52"], level=Level.REGENCY).count()
    assert len(client.get(url, params).context["need"].rows) == regencies == 4 + 5


def test_deleting_a_scenario_asks_first(client, figures, op_a):
    save(client, op_a, OCTOBER, "Oktober")
    scenario = Scenario.objects.get()
    page = client.get(reverse("scenario_detail", args=[scenario.pk])).content.decode()
    action = reverse("scenario_delete", args=[scenario.pk])
    # the delete button sits behind a question that names the scenario (no script needed)
    opened = page.index('<details class="confirm-delete">')
    assert opened < page.index(f'action="{action}"') < page.index("</details>", opened)
    assert f"Hapus “{scenario.name}” untuk selamanya?" in page
