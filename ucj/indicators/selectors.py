"""The indicator engine: every indicator of DESIGN §6, under its key.

Two layers:

1. ``inputs_for`` gathers the raw counts of a province's regencies and of the province itself
   for one month, with a fixed number of aggregate queries whatever the number of regions (no
   loop over records). ``Inputs`` holds them: P (active participants), W (workforce
   potential), the target T, the funded workers, the allocations, realizations and what the
   allocations' linear schedule expects by the month, the tariff in force.
2. One small, documented function per indicator turns ``Inputs`` into the figure. Ratios are
   exact ``Decimal``; money is integer Rupiah; a ratio whose denominator is missing or zero is
   ``None`` ("no data"), never 0 and never an error.

The province (``52``) is built from sums over its regencies — numerators summed, denominators
summed, never an average of percentages — with the province's own target. A regency's pair
(P, W) counts in the province only when both are known, so that a region with no data does
not lower the province's coverage.

Periods: a month (stocks such as P are month-end figures; flows such as realizations are
year-to-date up to that month), a year (its latest month with participation data), and trend
series (``coverage_series``).

The engine is three modules: ``formulas.py`` (``Inputs``, one function per key, the lights),
``gather.py`` (``inputs_for``, ``coverage_series``: the queries) and this one, its public face
(the keys, their labels, ``figures`` and ``indicators``), which the pages, the reports, the
planner and the API read.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils.translation import gettext_lazy

from ucj.indicators.formulas import (
    Inputs,
    active_participants,
    adequacy,
    allocated,
    apbd_need,
    apbd_need_next,
    budget_need,
    collective_effect_all,
    collective_effect_alone,
    compliance_gap_workers,
    coverage,
    free_money,
    funded_workers,
    gap_share,
    lights,
    own_allocated,
    own_budgeted_stages,
    physical_realization,
    projected_coverage,
    ratio,
    realization_rate,
    realization_schedule,
    realized,
    shows_next_need,
    stage_name,
    target_attainment,
    target_coverage,
    target_gap_workers,
    target_trajectory,
    target_unassigned_workers,
    trajectory_at,
    vulnerable_coverage,
    workforce_potential,
)
from ucj.indicators.gather import (
    _regency_completeness,
    coverage_series,
    inputs_for,
    latest_month,
    need_package,
    reporting_deadline,
    thresholds,
    thresholds_of,
)
from ucj.regions.hierarchy import province_of
from ucj.regions.models import Region

# The engine's public names: what the pages, reports, planner, API and tests read from here.
__all__ = [
    "KEYS",
    "LABELS",
    "MONEY_KEYS",
    "RATIO_KEYS",
    "SCALAR_KEYS",
    "STATUS_KEYS",
    "STATUS_LABELS",
    "Inputs",
    "coverage_series",
    "figures",
    "indicators",
    "inputs_for",
    "latest_month",
    "need_package",
    "ratio",
    "reporting_deadline",
    "shows_next_need",
    "stage_name",
    "thresholds",
    "thresholds_of",
    "trajectory_at",
]

KEYS = [
    "active_participants", "workforce_potential", "coverage", "target_coverage",
    "target_attainment", "target_trajectory", "projected_coverage", "target_gap_workers",
    "target_unassigned_workers", "funded_workers", "own_funded_workers", "funded_target",
    "vulnerable_coverage",
    "apbd_need", "apbd_need_next", "compliance_gap_workers", "budget_need", "allocated",
    "own_allocated", "own_budgeted_stages", "realized", "free_money", "adequacy",
    "realization_rate",
    "realization_schedule", "planned_workers", "workers_paid", "physical_realization",
    "gap_share", "collective_effect_alone", "collective_effect_all",
    "coverage_status", "budget_status", "realization_status", "status", "status_reasons",
    "completeness",
]
# The keys of one value each (the others are the pair's stages, the reasons and completeness).
SCALAR_KEYS = [k for k in KEYS if k not in ("own_budgeted_stages", "status_reasons",
                                            "completeness")]
RATIO_KEYS = {"coverage", "target_coverage", "target_attainment", "target_trajectory",
              "projected_coverage", "vulnerable_coverage", "adequacy", "realization_rate",
              "realization_schedule", "physical_realization", "gap_share",
              "collective_effect_alone", "collective_effect_all"}
MONEY_KEYS = {"budget_need", "apbd_need", "apbd_need_next", "allocated", "own_allocated",
              "realized", "free_money"}
STATUS_KEYS = ("coverage_status", "budget_status", "realization_status", "status")
# Names of the indicators, e.g. for the indicators a forum challenge is linked to.
LABELS = {
    "active_participants": gettext_lazy("Active participants"),
    "workforce_potential": gettext_lazy("Workforce potential"),
    "coverage": gettext_lazy("Coverage"),
    "target_coverage": gettext_lazy("Target coverage"),
    "target_attainment": gettext_lazy("Attainment of the target"),
    "target_trajectory": gettext_lazy("Target trajectory"),
    "projected_coverage": gettext_lazy("Projected year-end coverage"),
    "target_gap_workers": gettext_lazy("Workers short of the target"),
    "target_unassigned_workers": gettext_lazy("Province target not assigned to regencies"),
    "funded_workers": gettext_lazy("Government-funded workers"),
    "funded_target": gettext_lazy("Vulnerable workers committed to fund"),
    "own_funded_workers": gettext_lazy("Funded by the region's own money"),
    "vulnerable_coverage": gettext_lazy("Vulnerable-worker coverage"),
    "apbd_need": gettext_lazy("APBD need"),
    "apbd_need_next": gettext_lazy("APBD need of next year's budget"),
    "compliance_gap_workers": gettext_lazy("Compliance gap (not priced as APBD)"),
    "budget_need": gettext_lazy("Budget need"),
    "allocated": gettext_lazy("Allocated"),
    "own_allocated": gettext_lazy("Own money allocated"),
    "own_budgeted_stages": gettext_lazy("Budget stages with own money"),
    "realized": gettext_lazy("Realized"),
    "free_money": gettext_lazy("Money not yet committed"),
    "adequacy": gettext_lazy("Budget adequacy"),
    "realization_rate": gettext_lazy("Realization rate"),
    "realization_schedule": gettext_lazy("Realization against schedule"),
    "planned_workers": gettext_lazy("Workers planned in the month's budgets"),
    "workers_paid": gettext_lazy("Workers paid for the month"),
    "physical_realization": gettext_lazy("Physical realization"),
    "gap_share": gettext_lazy("Share of the province's gap"),
    "collective_effect_alone": gettext_lazy("Province coverage if this region meets its target"),
    "collective_effect_all": gettext_lazy("Province coverage if all regions meet their targets"),
    "coverage_status": gettext_lazy("Coverage light"),
    "budget_status": gettext_lazy("Budgeting light"),
    "realization_status": gettext_lazy("Realization light"),
    "status": gettext_lazy("Status"),
    "status_reasons": gettext_lazy("Why"),
    "completeness": gettext_lazy("Reporting completeness"),
}
STATUS_LABELS = {"red": gettext_lazy("red"), "amber": gettext_lazy("amber"),
                 "green": gettext_lazy("green")}

def figures(i: Inputs, province: Inputs, limits: dict[str, Decimal]) -> dict:
    """Every indicator of DESIGN §6 for one region (or the province), under its key."""
    is_province = i is province
    return {
        "active_participants": active_participants(i),
        "workforce_potential": workforce_potential(i),
        "coverage": coverage(i),
        "target_coverage": target_coverage(i),
        "target_attainment": target_attainment(i),
        "target_trajectory": target_trajectory(i),
        "projected_coverage": projected_coverage(i),
        "target_gap_workers": target_gap_workers(i),
        "target_unassigned_workers": target_unassigned_workers(i) if is_province else None,
        "funded_workers": funded_workers(i),
        "own_funded_workers": i.own_funded,
        "funded_target": i.funded_target,
        "vulnerable_coverage": vulnerable_coverage(i),
        "apbd_need": apbd_need(i),
        "apbd_need_next": apbd_need_next(i),
        "compliance_gap_workers": compliance_gap_workers(i),
        "budget_need": budget_need(i),
        "allocated": allocated(i),
        "own_allocated": own_allocated(i),
        "own_budgeted_stages": own_budgeted_stages(i, limits),
        "realized": realized(i),
        "free_money": free_money(i),
        # Money left in one regency's budget does not pay another's workers: the province has
        # no adequacy of its own (each regency's says where money falls short).
        "adequacy": None if is_province else adequacy(i),
        "realization_rate": realization_rate(i),
        "realization_schedule": realization_schedule(i),
        "planned_workers": i.planned_workers,
        "workers_paid": i.workers_paid,
        "physical_realization": physical_realization(i),
        "gap_share": Decimal(1) if is_province and any(province.gaps.values())
        else (None if is_province else gap_share(i, province)),
        "collective_effect_alone": None if is_province else collective_effect_alone(i, province),
        "collective_effect_all": collective_effect_all(province),
        **lights(i, limits),
        "completeness": i.completeness if is_province else _regency_completeness(i),
    }


def indicators(region: Region, month: dt.date, *, planning: bool = False) -> dict:
    """All indicators of a regency, or of a province (``52``), for a month."""
    province = province_of(region)
    if province is None:
        raise ValueError("indicators are of a province or a regency/city")
    total, rows = inputs_for(province, month, planning=planning)
    inputs = total if region.pk == province.pk else rows[region.pk]
    return figures(inputs, total, thresholds(province))
