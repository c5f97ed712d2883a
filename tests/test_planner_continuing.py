"""The continuing cohort (issue 17, item 1): a coming year's APBD murni pays again for the
workers the region funds now — they lapse on 1 January otherwise — besides the new ones.

Lombok Timur (52.03) in June 2025: P = 300 active (of them 50 government-funded), W = 1000;
tariff Rp 16.800 per worker per month.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from decimal import Decimal

import pytest
from django.core.management import call_command

from ucj.coverage.models import ParticipationSnapshot, WorkforceDenominator
from ucj.planner.selectors import plan_for_budget, plan_for_target

TARIFF = 16_800


@pytest.fixture
def lotim(ntb, package):
    region = ntb["52.03"]
    ParticipationSnapshot.objects.create(region=region, month=dt.date(2025, 6, 1),
                                         segment="BPU", active=300, funded_apbd_kabkota=40,
                                         funded_dbhcht_prov=10)
    WorkforceDenominator.objects.create(region=region, year=2025, workforce_potential=1000)
    return region


def test_a_coming_years_murni_pays_the_continuing_cohort_and_the_new_workers(lotim):
    plan = plan_for_target(region=lotim, year=2026, stage="murni",
                           target_coverage=Decimal("0.40"))
    # new: ⌈0.40 × 1000⌉ − 300 = 100; continuing: the 50 funded now
    assert (plan.continuing_workers, plan.new_workers, plan.workers) == (50, 100, 150)
    assert plan.continuing_cost == 50 * TARIFF * 12 == 10_080_000
    assert plan.new_cost == 100 * TARIFF * 12 == 20_160_000
    assert plan.total_cost == 30_240_000  # not the 20.160.000 of the new workers alone
    assert plan.coverage_reached == Decimal("0.4")


def test_the_running_years_budgets_have_no_continuing_cohort(lotim):
    for stage, start in (("murni", None), ("perubahan", 10)):
        plan = plan_for_target(region=lotim, year=2025, stage=stage, start_month=start,
                               target_coverage=Decimal("0.40"))
        assert (plan.continuing_workers, plan.new_workers) == (0, 100), stage


def test_a_number_of_workers_counts_the_continuing_cohort_first(lotim):
    plan = plan_for_target(region=lotim, year=2026, stage="murni", target_workers=30)
    assert (plan.continuing_workers, plan.new_workers) == (30, 0)
    assert plan.coverage_reached == Decimal("0.28")  # 20 of the 50 lapse: (300 − 20) / 1000


def test_a_budget_pays_the_continuing_cohort_before_buying_new_workers(lotim):
    enough = plan_for_budget(region=lotim, year=2026, stage="murni", budget=80 * TARIFF * 12)
    assert (enough.continuing_workers, enough.new_workers) == (50, 30)
    assert enough.coverage_reached == Decimal("0.33")  # (300 + 30) / 1000
    short = plan_for_budget(region=lotim, year=2026, stage="murni", budget=20 * TARIFF * 12)
    assert (short.continuing_workers, short.new_workers) == (20, 0)
    assert short.coverage_reached == Decimal("0.27")  # 30 lapse: (300 − 30) / 1000


def test_the_command_prints_the_cohorts_as_json(lotim):
    out = io.StringIO()
    call_command("budget_plan", region="52.03", year=2026, stage="murni",
                 target_coverage="40", format="json", stdout=out)
    data = json.loads(out.getvalue())
    assert (data["continuing_workers"], data["new_workers"]) == (50, 100)
    assert (data["continuing_cost"], data["new_cost"]) == (10_080_000, 20_160_000)
    assert data["data_month"] == "2025-06-01"
    assert "discount_basis" in data


def test_an_apbd_perubahan_without_a_start_month_is_never_january_to_december(lotim):
    plan = plan_for_target(region=lotim, year=2025, stage="perubahan",
                           target_coverage=Decimal("0.40"))
    # the province's perubahan-due-month (10): October–December, and said so
    assert (plan.first_month, plan.months) == (10, 3)
    assert "perubahan_default_start" in plan.flags
    assert plan.total_cost == 100 * TARIFF * 3


def test_an_apbd_perubahan_before_august_is_flagged(lotim):
    early = plan_for_target(region=lotim, year=2025, stage="perubahan", start_month=5,
                            target_coverage=Decimal("0.40"))
    assert "perubahan_early" in early.flags
    august = plan_for_target(region=lotim, year=2025, stage="perubahan", start_month=8,
                             target_coverage=Decimal("0.40"))
    assert "perubahan_early" not in august.flags and "perubahan_default_start" not in august.flags
