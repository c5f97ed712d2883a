"""The budget calculator against figures computed by hand (issue 5, calculator part).

Lombok Timur (52.03) in June 2025: P = 300 active, W = 1000; tariff Rp 16.800 per worker per
month (BPU JKK + JKM).
"""

from __future__ import annotations

import datetime as dt
import io
import json
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from ucj.budget.models import Allocation, Commitment
from ucj.coverage.models import ParticipationSnapshot, WorkforceDenominator
from ucj.indicators import selectors as ind
from ucj.planner.selectors import plan_for_budget, plan_for_target, split


@pytest.fixture
def lotim(ntb, package):
    region = ntb["52.03"]
    ParticipationSnapshot.objects.create(region=region, month=dt.date(2025, 6, 1),
                                         segment="BPU", active=300)
    WorkforceDenominator.objects.create(region=region, year=2025, workforce_potential=1000)
    return region


def test_a_murni_stage_target_costs_twelve_months(lotim):
    plan = plan_for_target(region=lotim, year=2025, stage="murni",
                           target_coverage=Decimal("0.40"))
    assert plan.workers == 100  # ⌈0.40 × 1000⌉ − 300
    assert (plan.first_month, plan.months) == (1, 12)
    assert plan.monthly_cost == 1_680_000  # 100 × 16.800
    assert plan.total_cost == 20_160_000
    assert plan.by_source == {"apbd_kabkota": 20_160_000}
    assert plan.coverage_reached == Decimal("0.4")


def test_a_perubahan_stage_from_october_costs_three_months(lotim):
    plan = plan_for_target(region=lotim, year=2025, stage="perubahan", start_month=10,
                           target_coverage=Decimal("0.40"))
    assert (plan.first_month, plan.months) == (10, 3)
    assert plan.total_cost == 100 * 16_800 * 3 == 5_040_000
    assert plan.flags == []  # three months: long enough


def test_a_target_already_met_needs_nothing(lotim):
    plan = plan_for_target(region=lotim, year=2025, stage="murni",
                           target_coverage=Decimal("0.25"))
    assert (plan.workers, plan.total_cost, plan.by_source) == (0, 0, {"apbd_kabkota": 0})
    assert plan.coverage_reached == Decimal("0.3")


def test_a_target_rounds_workers_up(lotim):
    plan = plan_for_target(region=lotim, year=2025, stage="murni",
                           target_coverage=Decimal("0.3333"))
    assert plan.workers == 34  # ⌈333,3⌉ − 300: a fraction of a worker still needs covering


def test_a_budget_buys_whole_workers_only(lotim):
    plan = plan_for_budget(region=lotim, year=2025, stage="murni", budget=1_000_000)
    # one worker for 12 months costs 201.600: 1.000.000 buys 4,96 → 4
    assert plan.workers == 4
    assert plan.total_cost == 806_400 and plan.left_over == 193_600
    assert plan.coverage_reached == Decimal("0.304")


def test_funding_sources_sum_exactly_to_the_total(lotim):
    plan = plan_for_target(region=lotim, year=2025, stage="murni",
                           target_coverage=Decimal("0.40"),
                           shares={"apbd_prov": Decimal(1), "apbd_kabkota": Decimal(1),
                                   "dbhcht": Decimal(1)})
    # 100 workers over three equal weights: 34 + 33 + 33 (the extra one to the first source)
    assert plan.workers_by_source == {"apbd_kabkota": 34, "apbd_prov": 33, "dbhcht": 33}
    assert plan.by_source == {"apbd_kabkota": 34 * 201_600, "apbd_prov": 33 * 201_600,
                              "dbhcht": 33 * 201_600}
    assert sum(plan.by_source.values()) == plan.total_cost == 20_160_000
    assert split(100, {"a": Decimal(1), "b": Decimal(1), "c": Decimal(1)}) == {
        "a": 34, "b": 33, "c": 33}  # the remainder goes to the largest fractions


def test_short_blocks_and_gaps_between_stages_are_flagged(lotim, package):
    assert "short_block" in plan_for_target(
        region=lotim, year=2025, stage="perubahan", start_month=11,
        target_coverage=Decimal("0.4")).flags
    Allocation.objects.create(region=lotim, fiscal_year=2025, stage="murni",
                              funding_source="apbd_kabkota", payer="regency", amount=1, workers_planned=1,
                              start_month=1, months_covered=6, package=package)
    flags = plan_for_target(region=lotim, year=2025, stage="perubahan", start_month=9,
                            target_coverage=Decimal("0.4")).flags
    assert "gap_between_stages" in flags  # murni pays January–June, perubahan from September


def test_the_planner_and_the_indicator_engine_agree(lotim, ntb):
    commitment = Commitment.objects.create(region=lotim, year=2025,
                                           target_coverage=Decimal("40"))
    june = dt.date(2025, 6, 1)
    values = ind.indicators(lotim, june)
    plan = plan_for_target(region=lotim, year=2025, stage="perubahan", start_month=7,
                           target_coverage=Decimal("0.40"))
    # the planner prices the whole gap to the target, as the engine's gap at the tariff
    assert values["target_gap_workers"] * 16_800 * 6 == plan.total_cost == 100 * 16_800 * 6
    # the engine's APBD need prices only committed workers not yet funded: when the region
    # commits to fund the whole gap through APBD, the two agree
    commitment.target_funded_workers = 100 + (values["funded_workers"] or 0)
    commitment.save()
    assert ind.indicators(lotim, june)["apbd_need"] == plan.total_cost


def test_the_command_prints_json(lotim):
    out = io.StringIO()
    call_command("budget_plan", region="52.03", year=2025, stage="perubahan", start_month=10,
                 target_coverage="40", format="json", stdout=out)
    data = json.loads(out.getvalue())
    assert (data["workers"], data["months"], data["monthly_cost"], data["total_cost"]) == (
        100, 3, 1_680_000, 5_040_000)
    assert data["by_source"] == {"apbd_kabkota": 5_040_000}
    assert data["coverage_reached"] == 0.4
    out = io.StringIO()
    call_command("budget_plan", region="52.03", year=2025, stage="murni",
                 budget="Rp 1.000.000", format="json", stdout=out)
    assert json.loads(out.getvalue())["workers"] == 4
    with pytest.raises(CommandError):
        call_command("budget_plan", region="52.03", year=2025, stage="murni",
                     target_workers="10", share=["apbn=1"], stdout=io.StringIO())
    out = io.StringIO()  # a PU package, the employer's share: 4,24% + JP 2% of Rp 2.500.000
    call_command("budget_plan", region="52.03", year=2025, stage="murni", target_workers="2",
                 package="pu-risiko-1", wage="2.500.000", format="json", stdout=out)
    data = json.loads(out.getvalue())
    assert (data["monthly_tariff"], data["total_cost"]) == (156_000, 2 * 156_000 * 12)
    assert data["tariff_legal_basis"].startswith("PP 44/2015")


@pytest.mark.parametrize("who", ["admin_user", "op_a"])
def test_the_calculator_page_shows_the_plan_and_its_rounding_rules(client, request, lotim, who):
    from django.urls import reverse

    client.force_login(request.getfixturevalue(who))
    page = client.get(reverse("budget_calculator"), {
        "region": "52.03", "year": "2025", "stage": "perubahan", "start_month": "10",
        "mode": "coverage", "target_coverage": "40", "share_apbd_kabkota": "2",
        "share_dbhcht": "1"})
    assert page.status_code == 200
    plan = page.context["plan"]
    assert (plan.workers, plan.total_cost) == (100, 5_040_000)
    # 100 workers weighted 2:1 → 66,67 and 33,33 → 67 and 33, each for 3 months
    assert plan.by_source == {"apbd_kabkota": 67 * 16_800 * 3, "dbhcht": 33 * 16_800 * 3}
    text = page.content.decode()
    assert "Rp\xa05.040.000" in text and "40,00%" in text  # "Rp" never breaks from its number
    assert client.get(reverse("budget_calculator")).context["plan"] is None  # the empty form


def test_it_rejects_other_region(client, lotim, op_b):
    from django.urls import reverse

    client.force_login(op_b)
    page = client.get(reverse("budget_calculator"), {
        "region": "52.03", "year": "2025", "stage": "murni", "mode": "workers",
        "target_workers": "10"})
    assert page.status_code == 200 and page.context["plan"] is None
    assert "region" in page.context["form"].errors  # not a region op_b may choose
    assert "Lombok Timur" not in page.content.decode()


def test_the_calculator_page_says_what_is_missing(client, lotim, op_a):
    from django.urls import reverse

    client.force_login(op_a)
    page = client.get(reverse("budget_calculator"), {
        "region": "52.03", "year": "2025", "stage": "murni", "mode": "budget"})
    assert page.context["plan"] is None and "budget" in page.context["form"].errors


def test_anonymous_users_cannot_use_the_calculator(client, db):
    from django.urls import reverse

    assert client.get(reverse("budget_calculator")).status_code == 302
