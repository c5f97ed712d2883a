"""The indicator engine's formulas: one small, documented function per indicator key, from
``Inputs`` (the raw counts of one region for one month) to the figure, and the status lights.
Ratios are exact ``Decimal``; money is integer Rupiah; a ratio whose denominator is missing or
zero is ``None`` ("no data"). Every key and formula: docs/indicators.md.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from ucj.budget.costs import contribution_cost  # the one implementation of cost
from ucj.core.formatting import format_ratio_pct
from ucj.core.lookups import month_shift
from ucj.regions.models import Level, Region

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

    return format_ratio_pct(value)


def coverage_light(i: Inputs, limits: dict) -> tuple[str | None, str]:
    """Coverage: the projected year-end coverage against the year's target (red below
    ``red-projection``, amber below ``amber-projection``); without a projection (no earlier
    month), the coverage against its trajectory (``red-trajectory``, ``amber-trajectory``)."""
    target, projected = target_coverage(i), projected_coverage(i)
    if target is None or coverage(i) is None:
        return None, ""
    # the reason is written only for a light that is not green (``lights`` shows no other):
    # formatting it for all 552 regions of the national board cost more than the light
    if projected is not None:
        share = projected / target if target else Decimal(1)
        status = ("red" if share < limits["red-projection"] else
                  "amber" if share < limits["amber-projection"] else "green")
        why = "" if status == "green" else _(
            "projected year-end coverage %(projected)s against the target %(target)s "
            "(%(share)s of it)") % {"projected": _pct(projected), "target": _pct(target),
                                     "share": _pct(share)}
        return status, why
    trajectory = target_trajectory(i)
    status = ("red" if coverage(i) < limits["red-trajectory"] * trajectory else
              "amber" if coverage(i) < limits["amber-trajectory"] * trajectory else "green")
    why = "" if status == "green" else _(
        "coverage %(coverage)s against the trajectory %(trajectory)s") % {
        "coverage": _pct(coverage(i)), "trajectory": _pct(trajectory)}
    return status, why


def stage_name(year: int, stage: str) -> str:
    return (_("APBD %(year)s") if stage == MURNI else _("APBD-P %(year)s")) % {"year": year}


def budget_light(i: Inputs, limits: dict) -> tuple[str | None, list[str]]:
    """Budgeting: red without own money in APBD murni of y; amber when a stage due by month m
    holds no own money (APBD-P of y from ``perubahan-due-month``, APBD murni of y+1 from
    ``murni-next-due-month``), when own workers of APBD murni dropped from a year before, or
    when the money not committed to funded workers is below ``amber-adequacy`` of the APBD
    need; green otherwise. No own money in a stage asked for is never green."""
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
    schedule = realization_schedule(i)
    if schedule is None:
        return None, ""
    status = ("red" if schedule < limits["red-schedule"] else
              "amber" if schedule < limits["amber-schedule"] else "green")
    why = "" if status == "green" else _(  # (only a light not green is explained)
        "realized %(share)s of what the schedule expects") % {"share": _pct(schedule)}
    return status, why


def lights(i: Inputs, limits: dict) -> dict:
    """The three lights, the overall one (the worst of those known) and the reasons of every
    light that is not green."""
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
