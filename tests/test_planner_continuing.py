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


# --- the planned year's denominator, the participation of a reference month ------------------

def test_a_plan_uses_the_planned_years_denominator_and_says_which_data(lotim):
    WorkforceDenominator.objects.create(region=lotim, year=2026, workforce_potential=1200)
    plan = plan_for_target(region=lotim, year=2026, stage="murni",
                           target_coverage=Decimal("0.40"))
    # new: ⌈0.40 × 1200⌉ − 300 = 180 (with 2025's 1000 it would be 100)
    assert (plan.workforce, plan.workforce_year, plan.new_workers) == (1200, 2026, 180)
    assert "denominator_older" not in plan.flags
    data = plan.as_dict()
    assert (data["data_month"], data["workforce_year"]) == (dt.date(2025, 6, 1), 2026)
    # 2027 has no denominator yet: the latest earlier one, flagged
    later = plan_for_target(region=lotim, year=2027, stage="murni",
                            target_coverage=Decimal("0.40"))
    assert (later.workforce_year, later.workforce) == (2026, 1200)
    assert "denominator_older" in later.flags


def test_a_plan_starts_from_the_participation_of_its_reference_month(lotim):
    ParticipationSnapshot.objects.create(region=lotim, month=dt.date(2025, 9, 1), segment="BPU",
                                         active=350, funded_apbd_kabkota=70)
    latest = plan_for_target(region=lotim, year=2026, stage="murni",
                             target_coverage=Decimal("0.40"))
    assert (latest.data_month, latest.active, latest.continuing_workers) == (
        dt.date(2025, 9, 1), 350, 70)
    june = plan_for_target(region=lotim, year=2026, stage="murni",
                           target_coverage=Decimal("0.40"), as_of=dt.date(2025, 8, 1))
    assert (june.data_month, june.active, june.continuing_workers) == (
        dt.date(2025, 6, 1), 300, 50)
    out = io.StringIO()
    call_command("budget_plan", region="52.03", year=2026, stage="murni", target_coverage="40",
                 as_of="2025-07", format="json", stdout=out)
    data = json.loads(out.getvalue())
    assert (data["data_month"], data["active_participants"]) == ("2025-06-01", 300)


def test_the_calculator_lists_the_legal_and_budgeting_bases(client, op_a, lotim):
    from ucj.planner.bases import budgeting_bases

    client.force_login(op_a)
    page = client.get("/anggaran/kalkulator/", {
        "region": "52.03", "year": "2027", "stage": "murni", "mode": "workers",
        "target_workers": "10", "share_apbd_kabkota": "1", "share_dbhcht": "1"})
    html = page.content.decode()
    assert page.status_code == 200
    assert "PP 49/2023" in html and "Instruksi Presiden 2/2021" in html
    assert "DBH Cukai Hasil Tembakau" in html and "Dana Desa" not in html.split('id="bases"')[1]
    # a year whose APBD guideline was checked is cited by number, else named for the region
    assert any("Permendagri 84/2022" in b for b in budgeting_bases(year=2023, sources=[]))
    assert not any("Permendagri 8" in b for b in budgeting_bases(year=2027, sources=[]))
