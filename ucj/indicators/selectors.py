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
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import (
    BigIntegerField,
    Count,
    ExpressionWrapper,
    F,
    Max,
    Q,
    Sum,
    Value,
)
from django.db.models.functions import Greatest, Least
from django.utils.translation import gettext_lazy

from ucj.budget.costs import contribution_cost  # the one implementation of cost
from ucj.budget.models import Allocation, Commitment, ContributionPackage, Realization
from ucj.budget.selectors import tariff_in_force
from ucj.core.lookups import month_shift
from ucj.coverage.models import ParticipationSnapshot, WorkforceDenominator, funded_sum
from ucj.policy.selectors import need_package_code  # policy as data (issue 20)
from ucj.regions.hierarchy import province_of
from ucj.regions.models import Level, Region
from ucj.submissions.models import ReportingDeadline, State, Submission

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
STATUS_RANK = {"red": 0, "amber": 1, "green": 2}
MURNI, PERUBAHAN = "murni", "perubahan"


def ratio(numerator, denominator) -> Decimal | None:
    """numerator ÷ denominator as an exact Decimal; None ("no data") if either is missing or
    the denominator is zero."""
    if numerator is None or not denominator:
        return None
    return Decimal(numerator) / Decimal(denominator)


@dataclass
class Stake:
    """A region's own money in one budget stage (fiscal year × murni/perubahan)."""

    amount: int = 0
    workers: int = 0
    months: int = 0


@dataclass
class Inputs:
    """The raw counts of one region (or the province) for one month."""

    region: Region
    month: dt.date
    plan_year: int = 0  # the year evaluated: month's year, or the next when planning
    active: int | None = None  # P(r, m)
    funded: int | None = None
    own_funded: int | None = None  # of them paid by the region's own money
    province_funded: int | None = None  # (a regency) paid by the province's money
    workforce: int | None = None  # W(r, y)
    workforce_year: int | None = None
    vulnerable_target: int | None = None
    target_pct: Decimal | None = None  # T(r, y) in percent, from the commitment
    target_from: str = ""  # "commitment" | "province" | ""
    funded_target: int | None = None  # workers the commitment of y promises to fund
    funded_target_next: int | None = None  # … of y+1
    allocated: int = 0  # Σ allocations of year y enacted by m, every payer
    allocations: int = 0  # how many
    own: dict = field(default_factory=dict)  # (fiscal year, stage) → Stake of own money
    realized: int = 0  # Σ realizations of year y up to month m
    expected: int = 0  # what the allocations' linear schedule expects by month m
    planned_workers: int = 0  # workers the allocations covering month m plan to fund
    workers_paid: int | None = None  # workers whose contributions for month m were paid
    base_active: int | None = None  # P in December of y−1 (the start of the trajectory)
    base_workforce: int | None = None  # W of y−1
    history: dict = field(default_factory=dict)  # month → P of the twelve months before m
    carried_from: dt.date | None = None  # P(m) missing: the month carried into the province
    carried_active: int | None = None
    carried_funded: int | None = None
    tariff: int | None = None  # monthly contribution in force at month m
    next_tariff: int | None = None  # … on 1 January of y+1
    planning: bool = False  # a coming year: its target, denominator and allocations, 12 months
    synthetic: bool = False
    received: bool = False  # participation of month m reported
    approved: bool = False
    on_time: bool = False
    deadline: dt.date | None = None  # when participation of month m is due (reporting calendar)
    payments_expected: int = 0  # allocations paying for month m
    payments_received: int = 0  # realizations recorded for month m
    payments_approved: bool = False  # the month's realizations approved
    gaps: dict = field(default_factory=dict)  # for the province: G(r) of each regency
    gap_sum: int | None = None  # Σ of those gaps, once computed
    target_workers: int | None = None  # province: ⌈T·W⌉ of the province
    assigned_workers: int | None = None  # province: Σ ⌈T(r)·W(r)⌉ of its regencies
    completeness: dict = field(default_factory=dict)

    @property
    def year(self) -> int:
        return self.month.year

    @property
    def own_payer(self) -> str:
        return "province" if self.region.level == Level.PROVINCE else "regency"


# --- one function per indicator ---------------------------------------------------------------

def active_participants(i: Inputs) -> int | None:
    """P(r, m): active participants at the end of month m (all segments)."""
    return i.active


def workforce_potential(i: Inputs) -> int | None:
    """W(r, y): the UCJ denominator of year y, as published (or the latest earlier year)."""
    return i.workforce


def coverage(i: Inputs) -> Decimal | None:
    """P(r, m) ÷ W(r, y)."""
    return ratio(i.active, i.workforce)


def target_coverage(i: Inputs) -> Decimal | None:
    """T(r, y): the region's committed target (else the province's), as a fraction."""
    return i.target_pct / 100 if i.target_pct is not None else None


def target_attainment(i: Inputs) -> Decimal | None:
    """Capaian: coverage ÷ target ("49,3% of the target")."""
    return ratio(coverage(i), target_coverage(i))


def target_trajectory(i: Inputs) -> Decimal | None:
    """Where coverage should be in month m on a straight line from December of y−1 to T at
    December of y (in every month, December included). Without last December's coverage, the
    line starts at the target."""
    target = target_coverage(i)
    return trajectory_at(None if i.planning else ratio(i.base_active, i.base_workforce),
                         target, i.month.month)


def trajectory_at(base: Decimal | None, target: Decimal | None, month_number: int
                  ) -> Decimal | None:
    """The straight line from last December's coverage ``base`` to ``target`` in December,
    at month ``month_number`` (1–12); the target itself without a base."""
    if target is None:
        return None
    if base is None:
        return target
    return base + (target - base) * Decimal(month_number) / 12


def projected_coverage(i: Inputs) -> Decimal | None:
    """Year-end coverage if the recent monthly run-rate goes on: (P(m) + r · (12 − m)) ÷ W,
    r = (P(m) − P(m−k)) ÷ k with k the furthest of 3, 2, 1 months back that has data (across
    the turn of the year: January's rate comes from October–December). December: its
    coverage. No data without P(m), W or an earlier month; never below 0."""
    if i.active is None or not i.workforce:
        return None
    if i.month.month == 12 or i.planning:
        return coverage(i)
    for k in (3, 2, 1):
        before = i.history.get(month_shift(i.month, -k))
        if before is not None:
            break
    else:
        return None
    rate = Decimal(i.active - before) / k
    return max(Decimal(0), Decimal(i.active) + rate * (12 - i.month.month)) / Decimal(i.workforce)


def target_gap_workers(i: Inputs) -> int | None:
    """G = max(0, ⌈T · W⌉ − P): the workers still to cover to reach the target."""
    target = target_coverage(i)
    if target is None or i.workforce is None or i.active is None:
        return None
    return max(0, math.ceil(target * i.workforce) - i.active)


def target_unassigned_workers(i: Inputs) -> int | None:
    """Province only: ⌈T₅₂ · ΣW⌉ − Σ ⌈T(r) · W(r)⌉, the part of the province's target no
    regency's target carries (> 0: the regencies' targets cannot add up to it)."""
    if i.target_workers is None or i.assigned_workers is None:
        return None
    return i.target_workers - i.assigned_workers


def funded_workers(i: Inputs) -> int | None:
    """Active participants paid by government budgets, every payer and fund."""
    return i.funded


def vulnerable_coverage(i: Inputs) -> Decimal | None:
    """funded_workers ÷ the vulnerable-worker target population of year y."""
    return ratio(i.funded, i.vulnerable_target)


def months_left(i: Inputs) -> int:
    """Months of year y after month m (12 when planning a coming year)."""
    return 12 if i.planning else 12 - i.month.month


def _cost(workers: int, tariff: int, months: int) -> int:
    return contribution_cost(workers=workers, monthly_tariff=tariff, months=months)


def unfunded_committed(i: Inputs) -> int | None:
    """Workers the commitment of y promises to fund and not funded yet: max(0, F* − F)."""
    if i.funded_target is None:
        return None
    return max(0, i.funded_target - (0 if i.planning else (i.funded or 0)))


def apbd_need(i: Inputs) -> int | None:
    """The APBD need: the committed vulnerable workers not yet funded × the tariff in force ×
    the months left in y (planning: every committed worker of the planned year × 12). No data
    without a committed number or a tariff."""
    workers = unfunded_committed(i)
    if workers is None or i.tariff is None:
        return None
    return _cost(workers, i.tariff, months_left(i))


def apbd_need_next(i: Inputs) -> int | None:
    """What next year's APBD murni must hold: the workers committed for y+1 (else for y) ×
    the tariff in force on 1 January of y+1 × 12."""
    workers = i.funded_target_next if i.funded_target_next is not None else i.funded_target
    if workers is None or i.next_tariff is None:
        return None
    return _cost(workers, i.next_tariff, 12)


# From this month on, views price next year's APBD murni beside (or instead of) this year's
# need, which shrinks to nothing by December.
NEXT_NEED_FROM_MONTH = 10


def shows_next_need(month: dt.date) -> bool:
    """Whether a view of ``month`` prices next year's APBD murni (from October)."""
    return month.month >= NEXT_NEED_FROM_MONTH


def compliance_gap_workers(i: Inputs) -> int | None:
    """The part of the coverage gap that APBD does not buy (wage earners whose employers must
    register them, informal workers paying themselves): max(0, G − unfunded committed)."""
    gap = target_gap_workers(i)
    if gap is None:
        return None
    return max(0, gap - (unfunded_committed(i) or 0))


def budget_need(i: Inputs) -> int | None:
    """The budget need: the APBD need (kept under its old key for the charts)."""
    return apbd_need(i)


def allocated(i: Inputs) -> int:
    """Σ allocations of year y enacted by month m, every payer and fund (Rupiah): the money
    paying for the region's workers."""
    return i.allocated


def own_allocated(i: Inputs) -> int:
    """Σ of the region's own money in year y enacted by month m: payer = the regency for a
    regency, the province for the province (on its own row and on its regencies')."""
    return sum(stake.amount for (year, _stage), stake in i.own.items() if year == i.plan_year)


def due_stages(i: Inputs, limits: dict) -> list[bool]:
    """Whether each stage of the pair is asked for by month m: APBD murni of y always, APBD-P
    of y from ``perubahan-due-month``, APBD murni of y+1 from ``murni-next-due-month``
    (planning: only the planned year's murni)."""
    m = i.month.month
    return [True, not i.planning and m >= limits["perubahan-due-month"],
            not i.planning and m >= limits["murni-next-due-month"]]


def own_budgeted_stages(i: Inputs, limits: dict | None = None) -> list[dict]:
    """The Vice Governor's pair and the year's base: own money in APBD murni of y, APBD
    perubahan of y and APBD murni of y+1 (as enacted by month m), each with amount, workers,
    months, whether it holds own money, whether it is asked for by m (``due``) and whether its
    workers dropped from the same stage a year before."""
    y = i.plan_year
    due = due_stages(i, limits) if limits else [True, True, True]
    rows = []
    for year, stage in ((y, MURNI), (y, PERUBAHAN), (y + 1, MURNI)):
        stake = i.own.get((year, stage))
        before = i.own.get((year - 1, stage))
        rows.append({
            "fiscal_year": year, "stage": stage, "budgeted": stake is not None,
            "amount": stake.amount if stake else 0, "workers": stake.workers if stake else 0,
            "months": stake.months if stake else 0,
            "due": due[len(rows)],
            "workers_year_before": before.workers if before else None,
            # fewer own workers than the same stage a year before; none at all counts only for
            # the year's APBD murni (a revision or next year's budget may still come)
            "dropped": bool(before and before.workers and (
                stake.workers < before.workers if stake else (year, stage) == (y, MURNI))),
        })
    return rows


def realized(i: Inputs) -> int:
    """Σ realizations of year y up to month m (Rupiah)."""
    return i.realized


def free_money(i: Inputs) -> int | None:
    """Money of year y not already committed to the funded workers: allocated − realized −
    funded × tariff × months left (planning: the planned year's allocations)."""
    if i.planning:
        return i.allocated
    if i.tariff is None:
        return None
    keep = _cost(i.funded or 0, i.tariff, months_left(i))
    return max(0, i.allocated - i.realized - keep)


def adequacy(i: Inputs) -> Decimal | None:
    """free money ÷ APBD need; no data when nothing is needed."""
    return ratio(free_money(i), apbd_need(i))


def realization_rate(i: Inputs) -> Decimal | None:
    """realized ÷ allocated."""
    return ratio(i.realized, i.allocated)


def realization_schedule(i: Inputs) -> Decimal | None:
    """realized ÷ what the allocations' linear schedule expects by month m (each allocation
    spread evenly over the months it covers)."""
    return ratio(i.realized, i.expected)


def physical_realization(i: Inputs) -> Decimal | None:
    """Realisasi fisik: workers paid for month m ÷ workers the allocations covering m plan."""
    return ratio(i.workers_paid, i.planned_workers)


def _gap_sum(province: Inputs) -> int:
    """Σ G over the province's regencies (those with a gap), computed once."""
    if province.gap_sum is None:
        province.gap_sum = sum(v for v in province.gaps.values() if v)
    return province.gap_sum


def gap_share(i: Inputs, province: Inputs) -> Decimal | None:
    """G(r) ÷ Σ G over the province's regencies."""
    return ratio(target_gap_workers(i), _gap_sum(province) or None)


def collective_effect_alone(i: Inputs, province: Inputs) -> Decimal | None:
    """Provincial coverage if region r alone met its target: (P₅₂ + G(r)) ÷ W₅₂."""
    gap = target_gap_workers(i)
    if gap is None or province.active is None:
        return None
    return ratio(province.active + gap, province.workforce)


def collective_effect_all(province: Inputs) -> Decimal | None:
    """Provincial coverage if every regency met its target: (P₅₂ + Σ G(r)) ÷ W₅₂."""
    if province.active is None:
        return None
    return ratio(province.active + _gap_sum(province), province.workforce)


# --- the status lights -------------------------------------------------------------------------

def _pct(value: Decimal | None) -> str:
    from ucj.core.formatting import format_ratio_pct

    return format_ratio_pct(value)


def coverage_light(i: Inputs, limits: dict) -> tuple[str | None, str]:
    """Coverage: the projected year-end coverage against the year's target (red below
    ``red-projection``, amber below ``amber-projection``); without a projection (no earlier
    month), the coverage against its trajectory (``red-trajectory``, ``amber-trajectory``)."""
    from django.utils.translation import gettext as _

    target, projected = target_coverage(i), projected_coverage(i)
    if target is None or coverage(i) is None:
        return None, ""
    if projected is not None:
        share = projected / target if target else Decimal(1)
        why = _("projected year-end coverage %(projected)s against the target %(target)s "
                "(%(share)s of it)") % {"projected": _pct(projected), "target": _pct(target),
                                         "share": _pct(share)}
        if share < limits["red-projection"]:
            return "red", why
        if share < limits["amber-projection"]:
            return "amber", why
        return "green", why
    trajectory = target_trajectory(i)
    why = _("coverage %(coverage)s against the trajectory %(trajectory)s") % {
        "coverage": _pct(coverage(i)), "trajectory": _pct(trajectory)}
    if coverage(i) < limits["red-trajectory"] * trajectory:
        return "red", why
    if coverage(i) < limits["amber-trajectory"] * trajectory:
        return "amber", why
    return "green", why


def stage_name(year: int, stage: str) -> str:
    from django.utils.translation import gettext as _

    return (_("APBD %(year)s") if stage == MURNI else _("APBD-P %(year)s")) % {"year": year}


def budget_light(i: Inputs, limits: dict) -> tuple[str | None, list[str]]:
    """Budgeting: red without own money in APBD murni of y; amber when a stage due by month m
    holds no own money (APBD-P of y from ``perubahan-due-month``, APBD murni of y+1 from
    ``murni-next-due-month``), when own workers of APBD murni dropped from a year before, or
    when the money not committed to funded workers is below ``amber-adequacy`` of the APBD
    need; green otherwise. No own money in a stage asked for is never green."""
    from django.utils.translation import gettext as _

    y = i.plan_year
    reasons: list[str] = []
    if (y, MURNI) not in i.own:
        return "red", [_("no own money in %(stage)s") % {"stage": stage_name(y, MURNI)}]
    asked = due_stages(i, limits)
    due = [stage for stage, is_due in list(zip(((y, MURNI), (y, PERUBAHAN), (y + 1, MURNI)),
                                               asked, strict=True))[1:] if is_due]
    for stage in due:
        if stage not in i.own:
            reasons.append(_("no own money in %(stage)s") % {"stage": stage_name(*stage)})
    now, before = i.own[(y, MURNI)], i.own.get((y - 1, MURNI))
    if before and now.workers < before.workers:
        reasons.append(_("%(stage)s funds %(now)s workers, fewer than %(before)s a year "
                         "before") % {"stage": stage_name(y, MURNI), "now": now.workers,
                                      "before": before.workers})
    enough = adequacy(i) if i.region.level != Level.PROVINCE else None
    if apbd_need(i) and enough is not None and enough < limits["amber-adequacy"]:
        reasons.append(_("money not yet committed covers %(share)s of the APBD need") % {
            "share": _pct(enough)})
    return ("amber" if reasons else "green"), reasons


def realization_light(i: Inputs, limits: dict) -> tuple[str | None, str]:
    """Realization: realized ÷ its schedule (red below ``red-schedule``, amber below
    ``amber-schedule``); no data when nothing is scheduled yet."""
    from django.utils.translation import gettext as _

    schedule = realization_schedule(i)
    if schedule is None:
        return None, ""
    why = _("realized %(share)s of what the schedule expects") % {"share": _pct(schedule)}
    if schedule < limits["red-schedule"]:
        return "red", why
    if schedule < limits["amber-schedule"]:
        return "amber", why
    return "green", why


def lights(i: Inputs, limits: dict) -> dict:
    """The three lights, the overall one (the worst of those known) and the reasons of every
    light that is not green."""
    from django.utils.translation import gettext as _

    cov, cov_why = coverage_light(i, limits)
    bud, bud_why = budget_light(i, limits)
    rea, rea_why = realization_light(i, limits)
    known = [s for s in (cov, bud, rea) if s]
    overall = min(known, key=STATUS_RANK.__getitem__) if known else None
    reasons = []
    if cov in ("red", "amber"):
        reasons.append(_("Coverage: %(why)s.") % {"why": cov_why})
    reasons += [_("Budgeting: %(why)s.") % {"why": why} for why in bud_why]
    if rea in ("red", "amber"):
        reasons.append(_("Realization: %(why)s.") % {"why": rea_why})
    return {"coverage_status": cov, "budget_status": bud, "realization_status": rea,
            "status": overall, "status_reasons": reasons}


# --- gathering the inputs ----------------------------------------------------------------------

def thresholds() -> dict[str, Decimal]:
    """The status thresholds as stored (the province admin edits them)."""
    from ucj.indicators.models import DEFAULT_VALUES, StatusThreshold

    return {**DEFAULT_VALUES, **dict(StatusThreshold.objects.values_list("key", "value"))}


def need_package() -> ContributionPackage | None:
    """The contribution package budget need is priced with (the province's policy)."""
    return ContributionPackage.objects.filter(code=need_package_code()).first()


def latest_month(province: Region, year: int | None = None, *,
                 until: dt.date | None = None) -> dt.date | None:
    """The latest month with participation data in the province (in ``year`` if given, not
    after the month ``until`` if given)."""
    qs = ParticipationSnapshot.objects.filter(region__parent=province)
    if year:
        qs = qs.filter(month__year=year)
    if until:
        qs = qs.filter(month__lte=until)
    return qs.aggregate(m=Max("month"))["m"]


def reporting_deadline(month: dt.date) -> dt.date:
    """The day by which month m's participation is due, by the reporting calendar the province
    admin keeps (``ReportingDeadline`` of participation; without one, the 15th of the month
    after). One query: ``inputs_for`` asks it once and keeps it on every row (``deadline``)."""
    rule = ReportingDeadline.objects.filter(dataset="participation").first()
    if rule is None:
        return month_shift(month, 1).replace(day=15)
    return rule.due_date(f"{month:%Y-%m}")


def inputs_for(province: Region, month: dt.date, *, planning: bool = False,
               year: int | None = None) -> tuple[Inputs, dict[int, Inputs]]:
    """The inputs of the province and of each of its regencies (by region id) for a month,
    as of that month. ``planning``: for the year after the month's (its target, denominator,
    commitment and allocations; participation of the month); ``year``: for that year (the
    planner's planned year). Cached until the next write (ucj/core/dataversion.py; issue 18):
    every caller gets its own copy."""
    from django.utils import timezone

    from ucj.core import dataversion

    return dataversion.cached(
        "inputs", (province.pk, month, planning, year, timezone.localdate()),
        lambda: _inputs_for(province, month, planning=planning, year=year))


def _inputs_for(province: Region, month: dt.date, *, planning: bool = False,
                year: int | None = None) -> tuple[Inputs, dict[int, Inputs]]:
    from django.utils import timezone

    from ucj.budget.selectors import enacted_by

    if year is None:
        year = month.year + 1 if planning else month.year
    regencies = list(Region.objects.filter(parent=province, level=Level.REGENCY)
                     .defer("geometry").order_by("code"))

    def new(region: Region) -> Inputs:
        return Inputs(region=region, month=month, plan_year=year, planning=planning)

    rows = {r.pk: new(r) for r in regencies}
    province_row = new(province)
    # The province's regencies by their parent (a join), not by a list of hundreds of ids.
    in_regencies = Q(region__parent=province, region__level=Level.REGENCY)
    in_province = in_regencies | Q(region=province)
    in_province_allocation = (Q(allocation__region__parent=province,
                                allocation__region__level=Level.REGENCY)
                              | Q(allocation__region=province))
    funded = funded_sum()

    synthetic = Count("id", filter=Q(is_synthetic=True))
    last_december = dt.date(month.year - 1, 12, 1)
    # Participation of the month and of the twelve before (run-rate, last December, and the
    # last value of a regency that has not reported this month).
    for item in (ParticipationSnapshot.objects
                 .filter(in_regencies, month__gte=month_shift(month, -12), month__lte=month)
                 .values("region_id", "month")
                 .annotate(active=Sum("active"), funded=funded, synthetic=synthetic,
                           by_regency=funded_sum("regency"),
                           by_province=funded_sum("province"))):
        row = rows[item["region_id"]]
        if item["month"] == month:
            row.active, row.funded, row.received = item["active"], item["funded"], True
            row.own_funded, row.province_funded = item["by_regency"], item["by_province"]
            row.synthetic |= bool(item["synthetic"])
        else:
            row.history[item["month"]] = (item["active"], item["funded"])
    for row in rows.values():
        if row.active is None and row.history:
            row.carried_from = max(row.history)
            row.carried_active, row.carried_funded = row.history[row.carried_from]
        base = row.history.get(last_december)
        row.base_active = base[0] if base else None
        row.history = {k: v[0] for k, v in row.history.items()}
    deadline = reporting_deadline(month)
    for row in rows.values():
        row.deadline = deadline
    for region_id, dataset, state, submitted_at in (Submission.objects.filter(
            in_regencies, dataset__in=["participation", "realizations"],
            period=f"{month:%Y-%m}").values_list("region_id", "dataset", "state",
                                                 "submitted_at")):
        row = rows[region_id]
        if dataset == "realizations":
            row.payments_approved = state == State.APPROVED
            continue
        row.approved = state == State.APPROVED
        row.on_time = bool(submitted_at and row.received
                           and timezone.localtime(submitted_at).date() <= deadline)
    # Workforce potential of year y (or the latest earlier), and of y−1 for the trajectory.
    for d in (WorkforceDenominator.objects.filter(in_regencies, year__lte=year)
              .order_by("region_id", "-year")
              .values_list("region_id", "year", "workforce_potential", "vulnerable_target",
                           "is_synthetic")):
        region_id, d_year, potential, vulnerable, is_synthetic = d
        row = rows[region_id]
        if row.workforce_year is None:
            row.workforce, row.workforce_year = potential, d_year
            row.vulnerable_target = vulnerable
            row.synthetic |= is_synthetic
        if d_year <= month.year - 1 and row.base_workforce is None:
            row.base_workforce = potential
    commitments = {(region_id, c_year): (target, workers) for region_id, c_year, target, workers
                   in Commitment.objects.filter(in_province, year__in=[year, year + 1])
                   .values_list("region_id", "year", "target_coverage", "target_funded_workers")}
    for row in [*rows.values(), province_row]:
        target, row.funded_target = commitments.get((row.region.pk, year), (None, None))
        row.funded_target_next = commitments.get((row.region.pk, year + 1), (None, None))[1]
        if target is not None:
            row.target_pct, row.target_from = target, "commitment"
    for row in rows.values():
        if row.target_pct is None and province_row.target_pct is not None:
            row.target_pct, row.target_from = province_row.target_pct, "province"
    # Allocations enacted by the month: of years y−1…y+1 (own money by stage), and of y (all
    # payers) with what their schedule expects by month m, each allocation's amount spread
    # over its months and counted for the months already elapsed (in SQL, per allocation).
    whole = BigIntegerField()
    elapsed = Least(Greatest(ExpressionWrapper(Value(month.month + 1) - F("start_month"),
                                               output_field=whole), Value(0), output_field=whole),
                    F("months_covered"), output_field=whole)
    expected = ExpressionWrapper(F("amount") * elapsed / F("months_covered"), output_field=whole)
    covers = Q(start_month__lte=month.month) & Q(
        months_covered__gt=ExpressionWrapper(Value(month.month) - F("start_month"),
                                             output_field=whole))
    for item in (Allocation.objects.filter(in_province, enacted_by(month),
                                           fiscal_year__in=[year - 1, year, year + 1])
                 .values("region_id", "fiscal_year", "stage", "payer")
                 .annotate(total=Sum("amount"), n=Count("id"), workers=Sum("workers_planned"),
                           months=Max("months_covered"), expected=Sum(expected),
                           covering=Sum("workers_planned", filter=covers),
                           paying=Count("id", filter=covers))):
        row = rows.get(item["region_id"], province_row)
        if item["fiscal_year"] == year:
            row.allocated += item["total"] or 0
            row.allocations += item["n"]
            if not planning:
                row.expected += item["expected"] or 0
                row.planned_workers += item["covering"] or 0
                row.payments_expected += item["paying"] or 0
        owner = row if item["payer"] == row.own_payer else (
            province_row if item["payer"] == "province" else None)
        if owner is not None:
            stake = owner.own.setdefault((item["fiscal_year"], item["stage"]), Stake())
            stake.amount += item["total"] or 0
            stake.workers += item["workers"] or 0
            stake.months = max(stake.months, item["months"] or 0)
    if not planning:
        for item in (Realization.objects.filter(in_province_allocation,
                                                allocation__fiscal_year=year, month__lte=month)
                     .values("allocation__region_id")
                     .annotate(total=Sum("amount_paid"),
                               workers=Sum("workers_paid", filter=Q(month=month)),
                               paid=Count("id", filter=Q(month=month)))):
            row = rows.get(item["allocation__region_id"], province_row)
            row.realized, row.workers_paid = item["total"] or 0, item["workers"]
            row.payments_received = item["paid"] or 0
    package = need_package()
    rate = tariff_in_force(package=package, on=dt.date(year, 1, 1) if planning else month) \
        if package else None
    next_rate = tariff_in_force(package=package, on=dt.date(month.year + 1, 1, 1)) \
        if package else None
    for row in [*rows.values(), province_row]:
        row.tariff = rate.per_worker() if rate else None
        row.next_tariff = next_rate.per_worker() if next_rate else None
    return _province_totals(province_row, list(rows.values())), rows


def _province_totals(total: Inputs, rows: list[Inputs]) -> Inputs:
    """The province from its regencies: sums of numerators over sums of denominators. A
    regency that has not reported month m counts with its last value of the twelve months
    before (``carried_from``), so that a missing report never raises the province's coverage;
    one with no value at all leaves the province incomplete."""
    def active_of(r: Inputs) -> int | None:
        return r.active if r.active is not None else r.carried_active

    paired = [r for r in rows if active_of(r) is not None and r.workforce]
    if paired:
        total.active = sum(active_of(r) for r in paired)
        total.workforce = sum(r.workforce for r in paired)
        total.workforce_year = max(r.workforce_year for r in paired)
        # The province's run-rate from the same regencies, each carried the same way.
        for k in (1, 2, 3):
            at = month_shift(total.month, -k)
            values = [r.history.get(at) if r.history.get(at) is not None
                      else _carried_at(r, at) for r in paired]
            if all(v is not None for v in values):
                total.history[at] = sum(values)
    reported = [r.province_funded for r in rows if r.province_funded is not None]
    total.own_funded = sum(reported) if reported else None
    with_funded = [r for r in rows if r.funded is not None or r.carried_funded is not None]
    total.funded = (sum(r.funded if r.funded is not None else r.carried_funded
                        for r in with_funded) if with_funded else None)
    with_vulnerable = [r for r in rows if r.vulnerable_target]
    total.vulnerable_target = (sum(r.vulnerable_target for r in with_vulnerable)
                               if with_vulnerable else None)
    base = [r for r in rows if r.base_active is not None and r.base_workforce]
    if base:
        total.base_active = sum(r.base_active for r in base)
        total.base_workforce = sum(r.base_workforce for r in base)
    # Province-level allocations (not yet assigned to a regency) count in the province only.
    total.allocated += sum(r.allocated for r in rows)
    total.allocations += sum(r.allocations for r in rows)
    total.realized += sum(r.realized for r in rows)
    total.expected += sum(r.expected for r in rows)
    total.planned_workers += sum(r.planned_workers for r in rows)
    paid = [r.workers_paid for r in [total, *rows] if r.workers_paid is not None]
    total.workers_paid = sum(paid) if paid else None
    total.synthetic = any(r.synthetic for r in rows)
    total.gaps = {r.region.pk: target_gap_workers(r) for r in rows}
    # Can the regencies' targets add up to the province's?
    with_target = [r for r in rows if r.workforce and r.target_pct is not None]
    if total.target_pct is not None and with_target:
        total.target_workers = math.ceil(total.target_pct / 100
                                         * sum(r.workforce for r in with_target))
        total.assigned_workers = sum(math.ceil(r.target_pct / 100 * r.workforce)
                                     for r in with_target)
    carried = [r for r in rows if r.active is None and r.carried_active is not None]
    missing = [r for r in rows if active_of(r) is None]
    total.received = not missing and not carried
    total.deadline = next((r.deadline for r in rows if r.deadline), None)
    total.completeness = {
        "dataset": "participation", "month": f"{total.month:%Y-%m}",
        "deadline": (total.deadline or reporting_deadline(total.month)).isoformat(),
        "expected": len(rows), "received": sum(r.received for r in rows),
        "on_time": sum(r.on_time for r in rows), "approved": sum(r.approved for r in rows),
        "carried": [{"region": r.region.code, "name": r.region.short_name,
                     "from": f"{r.carried_from:%Y-%m}"} for r in carried],
        "missing": [{"region": r.region.code, "name": r.region.short_name} for r in missing],
        "complete": not missing and not carried,
        "realizations": _payments_completeness(rows),
    }
    return total


def _payments_completeness(rows: list[Inputs]) -> dict:
    """Realizations of month m: the regions whose allocations pay for m (expected), those that
    recorded a payment for each such allocation (received), and those approved."""
    due = [r for r in rows if r.payments_expected]
    late = [r for r in due if r.payments_received < r.payments_expected]
    return {"expected": len(due), "received": len(due) - len(late),
            "approved": sum(r.payments_approved for r in due),
            "missing": [{"region": r.region.code, "name": r.region.short_name} for r in late]}


def _carried_at(r: Inputs, at: dt.date) -> int | None:
    """A regency's P at an earlier month, or its last value before it within the window."""
    earlier = [k for k in r.history if k <= at]
    return r.history[max(earlier)] if earlier else None


def _regency_completeness(i: Inputs) -> dict:
    return {"dataset": "participation", "month": f"{i.month:%Y-%m}",
            "deadline": (i.deadline or reporting_deadline(i.month)).isoformat(), "expected": 1,
            "received": int(i.received), "on_time": int(i.on_time),
            "approved": int(i.approved),
            "carried": ([{"region": i.region.code, "name": i.region.short_name,
                          "from": f"{i.carried_from:%Y-%m}"}] if i.carried_from else []),
            "missing": [] if i.received or i.carried_from else [
                {"region": i.region.code, "name": i.region.short_name}],
            "complete": i.received, "realizations": _payments_completeness([i])}


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
    total, rows = inputs_for(province, month, planning=planning)
    inputs = total if region.pk == province.pk else rows[region.pk]
    return figures(inputs, total, thresholds())


def coverage_series(province: Region, start: dt.date, end: dt.date,
                    codes: set[str] | None = None) -> dict[str, list]:
    """Monthly coverage from ``start`` to ``end`` (first days of months) of the province and of
    its regencies (only those in ``codes`` if given), by region code: [(month, P, W,
    coverage)]. The province counts a regency that has not reported a month with its last value
    of the twelve months before, as ``inputs_for`` does. Three queries (regions,
    participation, denominators)."""
    regencies = dict(Region.objects.filter(parent=province, level=Level.REGENCY)
                     .values_list("pk", "code"))  # not the boundaries
    active: dict[tuple[int, dt.date], int] = {
        (row["region_id"], row["month"]): row["active"] for row in
        ParticipationSnapshot.objects.filter(region__parent=province,
                                             month__gte=month_shift(start, -12), month__lte=end)
        .values("region_id", "month").annotate(active=Sum("active"))}
    published: dict[int, list[tuple[int, int]]] = {}
    for region_id, year, potential in (WorkforceDenominator.objects
                                       .filter(region__parent=province, year__lte=end.year)
                                       .order_by("region_id", "year")
                                       .values_list("region_id", "year", "workforce_potential")):
        published.setdefault(region_id, []).append((year, potential))
    # W of each region for each year shown: that year's, else the latest earlier one.
    by_year: dict[tuple[int, int], int | None] = {}
    for region_id in regencies:
        for year in range(start.year, end.year + 1):
            found = [p for y, p in published.get(region_id, []) if y <= year]
            by_year[(region_id, year)] = found[-1] if found else None

    def potential_of(region_id: int, year: int) -> int | None:
        return by_year[(region_id, year)]

    months = []
    month = start
    while month <= end:
        months.append(month)
        month = dt.date(month.year + (month.month == 12), month.month % 12 + 1, 1)
    shown = {region_id: code for region_id, code in regencies.items()
             if codes is None or code in codes}
    series: dict[str, list] = {code: [] for code in shown.values()}
    series[province.code] = []
    def last_value(region_id: int, month: dt.date) -> int | None:
        for k in range(13):
            if (found := active.get((region_id, month_shift(month, -k)))) is not None:
                return found
        return None

    for month in months:
        p_total = w_total = 0
        paired = False
        for region_id, code in regencies.items():
            p, w = active.get((region_id, month)), potential_of(region_id, month.year)
            if region_id in shown:
                series[code].append((month, p, w, ratio(p, w)))
            p = last_value(region_id, month)  # a missing month never raises the province
            if p is not None and w:
                p_total, w_total, paired = p_total + p, w_total + w, True
        series[province.code].append(
            (month, p_total if paired else None, w_total if paired else None,
             ratio(p_total, w_total) if paired else None))
    return series
