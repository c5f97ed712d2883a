"""The budget calculator: what reaching a target costs, and what a budget buys (DESIGN §3, §6).

One implementation of the money: ``contribution_cost`` is also what the indicator engine's
``budget_need`` uses. Money is integer Rupiah; workers are rounded **up** to reach a target
(a fraction of a worker still has to be covered) and **down** for what a budget buys (a
fraction of a worker cannot be paid for). A split over funding sources uses the
largest-remainder method, so the parts always sum exactly to the total.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from decimal import Decimal

from ucj.budget.models import Allocation
from ucj.budget.selectors import tariff_in_force
from ucj.core.models import FundingSource
from ucj.indicators import selectors as ind
from ucj.regions.models import Level, Region

# A BPU participant who dies within the first 3 months of membership gets Rp 10 million
# instead of Rp 42 million: blocks shorter than this are flagged.
MIN_CONTINUOUS_MONTHS = 3


def contribution_cost(*, workers: int, monthly_tariff: int, months: int) -> int:
    """workers × monthly contribution × months, in integer Rupiah."""
    return workers * monthly_tariff * months


def months_covered(*, stage: str, start_month: int | None) -> tuple[int, int]:
    """(first month, number of months) a budget stage pays for: APBD murni from January,
    APBD perubahan from the chosen start month, both to December."""
    first = 1 if stage == "murni" and start_month is None else (start_month or 1)
    if not 1 <= first <= 12:
        raise ValueError("start month must be 1–12")
    return first, 13 - first


def split(total: int, shares: dict[str, Decimal]) -> dict[str, int]:
    """``total`` Rupiah over funding sources by their shares, summing exactly to ``total``."""
    weight = sum(shares.values())
    if not shares or weight <= 0:
        return {}
    exact = {source: Decimal(total) * share / weight for source, share in shares.items()}
    parts = {source: int(value) for source, value in exact.items()}
    left = total - sum(parts.values())
    # the remainder, a Rupiah each, to the largest fractions (ties: in the sources' order)
    for source in sorted(exact, key=lambda s: (parts[s] - exact[s], s))[:left]:
        parts[source] += 1
    return parts


@dataclass
class Plan:
    region: Region
    year: int
    stage: str
    first_month: int
    months: int
    monthly_tariff: int
    active: int | None  # P of the region, latest month
    workforce: int | None  # W(r, y)
    workers: int = 0
    monthly_cost: int = 0
    total_cost: int = 0
    budget: int | None = None
    left_over: int = 0  # of a budget, what does not buy a whole worker
    target_coverage: Decimal | None = None
    by_source: dict[str, int] = field(default_factory=dict)
    flags: list[str] = field(default_factory=list)

    @property
    def coverage_now(self) -> Decimal | None:
        return ind.ratio(self.active, self.workforce)

    @property
    def coverage_reached(self) -> Decimal | None:
        """Coverage once the funded workers are active: (P + workers) ÷ W."""
        if self.active is None:
            return None
        return ind.ratio(self.active + self.workers, self.workforce)

    def as_dict(self) -> dict:
        return {
            "region": self.region.code, "year": self.year, "stage": self.stage,
            "first_month": self.first_month, "months": self.months,
            "monthly_tariff": self.monthly_tariff, "active_participants": self.active,
            "workforce_potential": self.workforce, "target_coverage": self.target_coverage,
            "workers": self.workers, "monthly_cost": self.monthly_cost,
            "total_cost": self.total_cost, "budget": self.budget, "left_over": self.left_over,
            "by_source": self.by_source, "coverage_now": self.coverage_now,
            "coverage_reached": self.coverage_reached, "flags": self.flags,
        }


def _base(region: Region, year: int, stage: str, start_month: int | None) -> Plan:
    if region.level not in (Level.REGENCY, Level.PROVINCE):
        raise ValueError("a plan is made for a province or a regency/city")
    province = region if region.level == Level.PROVINCE else region.parent
    first, months = months_covered(stage=stage, start_month=start_month)
    month = ind.latest_month(province) or dt.date(year, first, 1)
    total, rows = ind.inputs_for(province, month)
    inputs = total if region.pk == province.pk else rows[region.pk]
    package = ind.need_package()
    rate = tariff_in_force(package=package, on=dt.date(year, first, 1)) if package else None
    if rate is None:
        raise ValueError("no tariff of the contribution package is in force then")
    plan = Plan(region=region, year=year, stage=stage, first_month=first, months=months,
                monthly_tariff=rate.monthly_amount, active=inputs.active,
                workforce=inputs.workforce)
    if months < MIN_CONTINUOUS_MONTHS:
        plan.flags.append("short_block")
    if stage == "perubahan" and first > 1:
        murni_end = max((a.start_month + a.months_covered - 1 for a in Allocation.objects.filter(
            region=region, fiscal_year=year, stage="murni")), default=None)
        if murni_end is not None and murni_end + 1 < first:
            plan.flags.append("gap_between_stages")
    return plan


def plan_for_target(*, region: Region, year: int, stage: str, start_month: int | None = None,
                    target_coverage: Decimal | None = None, target_workers: int | None = None,
                    shares: dict[str, Decimal] | None = None) -> Plan:
    """The workers to fund and what they cost to reach a coverage target (a fraction, 0.4)
    or to fund a number of workers."""
    plan = _base(region, year, stage, start_month)
    if target_workers is not None:
        plan.workers = max(0, target_workers)
    else:
        if plan.workforce is None or plan.active is None:
            raise ValueError("no workforce potential or participation figures for the region")
        plan.target_coverage = target_coverage
        plan.workers = max(0, math.ceil(target_coverage * plan.workforce) - plan.active)
    plan.monthly_cost = contribution_cost(workers=plan.workers,
                                          monthly_tariff=plan.monthly_tariff, months=1)
    plan.total_cost = contribution_cost(workers=plan.workers, monthly_tariff=plan.monthly_tariff,
                                        months=plan.months)
    plan.by_source = split(plan.total_cost, shares or default_shares(region))
    return plan


def plan_for_budget(*, region: Region, year: int, stage: str, budget: int,
                    start_month: int | None = None,
                    shares: dict[str, Decimal] | None = None) -> Plan:
    """The workers a budget covers for the stage's months, and the coverage that reaches."""
    plan = _base(region, year, stage, start_month)
    per_worker = contribution_cost(workers=1, monthly_tariff=plan.monthly_tariff,
                                   months=plan.months)
    plan.budget = budget
    plan.workers = budget // per_worker
    plan.monthly_cost = contribution_cost(workers=plan.workers,
                                          monthly_tariff=plan.monthly_tariff, months=1)
    plan.total_cost = plan.workers * per_worker
    plan.left_over = budget - plan.total_cost
    plan.by_source = split(plan.total_cost, shares or default_shares(region))
    return plan


def default_shares(region: Region) -> dict[str, Decimal]:
    """Without chosen shares: the province pays from APBD provinsi, a regency from its own
    APBD kabupaten/kota."""
    source = (FundingSource.APBD_PROVINSI if region.level == Level.PROVINCE
              else FundingSource.APBD_KABKOTA)
    return {str(source): Decimal(1)}
