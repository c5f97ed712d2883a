"""The budget calculator: what reaching a target costs, and what a budget buys (DESIGN §3, §6).

One implementation of the money: ``contribution_cost`` (``ucj.budget.costs``) is also what the
indicator engine's ``budget_need`` uses. Money is integer Rupiah; workers are rounded **up** to reach a target
(a fraction of a worker still has to be covered) and **down** for what a budget buys (a
fraction of a worker cannot be paid for). A split over funding sources uses the
largest-remainder method, so the parts always sum exactly to the total.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q, Sum

from ucj.accounts.scope import can_read
from ucj.budget.costs import contribution_cost
from ucj.budget.models import (
    Allocation,
    Commitment,
    ContributionPackage,
    Stage,
    TariffDiscount,
    TariffRate,
)
from ucj.budget.selectors import discounts_overlapping, tariff_in_force
from ucj.core.models import PUBLIC_FUNDING_SOURCES, FundingSource
from ucj.indicators import selectors as ind
from ucj.regions.hierarchy import province_of
from ucj.regions.models import Level, Region

# A BPU participant who dies within the first 3 months of membership gets Rp 10 million
# instead of Rp 42 million: blocks shorter than this are flagged.
MIN_CONTINUOUS_MONTHS = 3
# An APBD perubahan is rarely enacted and its DPA-P issued before August: a plan paying from an
# earlier month is flagged (a rule of thumb of the province's practice, not a regulation date).
EARLIEST_PERUBAHAN_MONTH = 8


def months_covered(*, stage: str, start_month: int | None) -> tuple[int, int]:
    """(first month, number of months) a budget stage pays for: APBD murni from January,
    APBD perubahan from the chosen start month, both to December."""
    first = 1 if stage == Stage.MURNI and start_month is None else (start_month or 1)
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
    rate: TariffRate
    monthly_tariff: int  # the full contribution per worker per month
    active: int | None  # P of the region, latest month
    workforce: int | None  # W(r, y)
    data_month: dt.date | None = None  # the month P is from
    wage: int | None = None  # for a percentage-of-wage (PU) package
    # The discounts of the package valid in some month of the plan, and the sector of the
    # workers (a discount for one sector relieves only that sector's contributions).
    discounts: list[TariffDiscount] = field(default_factory=list)
    sector: str = ""
    workforce_year: int | None = None  # the year of the denominator W
    workers: int = 0
    # Of ``workers``: those the region funds now, who lapse on 1 January unless budgeted again
    # (a coming year's APBD murni), and the new ones.
    continuing_workers: int = 0
    new_workers: int = 0
    continuing_cost: int = 0
    new_cost: int = 0
    funded_now: int | None = None  # government-funded participants at ``data_month``
    continuing_due: int = 0  # of them, those lapsing on 1 January unless this plan pays them
    monthly_cost: int = 0
    total_cost: int = 0
    budget: int | None = None
    left_over: int = 0  # of a budget, what does not buy a whole worker
    target_coverage: Decimal | None = None
    target_workers: int | None = None
    by_source: dict[str, int] = field(default_factory=dict)
    workers_by_source: dict[str, int] = field(default_factory=dict)
    tariff_by_source: dict[str, int] = field(default_factory=dict)  # of the first month
    # per worker over the plan's months, after the relief of the months it covers
    cost_per_worker_by_source: dict[str, int] = field(default_factory=dict)
    relief_months_by_source: dict[str, int] = field(default_factory=dict)
    applied_discounts: set = field(default_factory=set)  # their ids
    flags: list[str] = field(default_factory=list)

    @property
    def discount(self) -> TariffDiscount | None:
        """A discount relieving some source's contribution in some month of the plan (the
        first), else the first valid in the plan's months (for the note that it does not
        apply), else None."""
        applied = [d for d in self.discounts if d.pk in self.applied_discounts]
        return next(iter(applied or self.discounts), None)

    @property
    def package(self) -> ContributionPackage:
        return self.rate.package

    @property
    def coverage_now(self) -> Decimal | None:
        return ind.ratio(self.active, self.workforce)

    @property
    def coverage_reached(self) -> Decimal | None:
        """Coverage once the funded workers are active: (P + new workers) ÷ W; the continuing
        workers are in P already, and stay only because the plan pays them again."""
        if self.active is None:
            return None
        lapsing = self.continuing_due - self.continuing_workers  # a budget too small for all
        return ind.ratio(self.active - lapsing + self.new_workers, self.workforce)

    @property
    def continuing_applies(self) -> bool:
        """A coming year's APBD murni: the workers funded now lapse on 1 January unless it
        pays for them again."""
        return (self.stage == Stage.MURNI and self.data_month is not None
                and self.year > self.data_month.year)

    def as_dict(self) -> dict:
        """Everything the plan says, JSON-safe but for Decimals and dates: what a saved
        scenario keeps, so a later tariff change never rewrites it."""
        discount = self.discount
        return {
            "region": self.region.code, "region_name": self.region.name, "year": self.year,
            "stage": self.stage, "first_month": self.first_month, "months": self.months,
            "package": self.package.code, "package_name": self.package.name,
            "monthly_tariff": self.monthly_tariff, "wage": self.wage,
            "percent_of_wage": self.rate.percent_of_wage,
            "tariff_valid_from": self.rate.valid_from,
            "tariff_legal_basis": self.rate.legal_basis, "tariff_source": self.rate.source,
            "discount": None if discount is None else {
                "percent": discount.percent, "legal_basis": discount.legal_basis,
                "applies_to_public_funds": discount.applies_to_public_funds,
                "base_amount": discount.base_amount, "sector": discount.sector,
                "valid_from": discount.valid_from, "valid_to": discount.valid_to},
            "sector": self.sector,
            "relief_months_by_source": self.relief_months_by_source,
            "cost_per_worker_by_source": self.cost_per_worker_by_source,
            "data_month": self.data_month, "workforce_year": self.workforce_year,
            "active_participants": self.active, "workforce_potential": self.workforce,
            "target_coverage": self.target_coverage, "target_workers": self.target_workers,
            "workers": self.workers, "continuing_workers": self.continuing_workers,
            "new_workers": self.new_workers, "continuing_cost": self.continuing_cost,
            "continuing_due": self.continuing_due,
            "new_cost": self.new_cost, "funded_now": self.funded_now,
            "discount_basis": "; ".join(dict.fromkeys(d.legal_basis for d in self.discounts
                                                      if d.legal_basis)) or None,
            "monthly_cost": self.monthly_cost,
            "total_cost": self.total_cost, "budget": self.budget, "left_over": self.left_over,
            "by_source": self.by_source, "workers_by_source": self.workers_by_source,
            "tariff_by_source": self.tariff_by_source, "coverage_now": self.coverage_now,
            "coverage_reached": self.coverage_reached, "flags": self.flags,
        }


def _base(region: Region, year: int, stage: str, start_month: int | None,
          package: ContributionPackage | None, wage: int | None, sector: str = "",
          as_of: dt.date | None = None) -> Plan:
    if region.level not in (Level.REGENCY, Level.PROVINCE):
        raise ValueError("a plan is made for a province or a regency/city")
    province = province_of(region)
    if province is None:
        raise ValueError("a regency/city without its province")
    defaulted = stage == Stage.PERUBAHAN and start_month is None
    if defaulted:
        # never a silent January–December: the month the province expects the APBD-P by
        start_month = int(ind.thresholds(province)["perubahan-due-month"])
    first, months = months_covered(stage=stage, start_month=start_month)
    # participation as of the reference month (the latest with data by then); the
    # denominator, target and allocations of the planned year
    data_month = ind.latest_month(province, until=as_of)
    total, rows = ind.inputs_for(province, data_month or dt.date(year, first, 1), year=year)
    inputs = total if region.pk == province.pk else rows[region.pk]
    package = package or ind.need_package(province)
    on = dt.date(year, first, 1)
    rate = tariff_in_force(package=package, on=on, province=province) if package else None
    if package is None or rate is None:
        raise ValueError("no tariff of the contribution package is in force then")
    monthly = rate.per_worker(wage=wage)
    if monthly is None:
        raise ValueError("this package is a percentage of the wage: give the monthly wage")
    plan = Plan(region=region, year=year, stage=stage, first_month=first, months=months,
                rate=rate, monthly_tariff=monthly, wage=wage if rate.percent_of_wage else None,
                active=inputs.active, workforce=inputs.workforce, funded_now=inputs.funded,
                workforce_year=inputs.workforce_year if inputs.workforce is not None else None,
                data_month=data_month if inputs.active is not None else None,
                discounts=discounts_overlapping(package=package, first=on,
                                                last=dt.date(year, 12, 1), province=province),
                sector=sector)
    if defaulted:
        plan.flags.append("perubahan_default_start")
    if stage == Stage.PERUBAHAN and first < EARLIEST_PERUBAHAN_MONTH:
        plan.flags.append("perubahan_early")
    if months < MIN_CONTINUOUS_MONTHS:
        plan.flags.append("short_block")
    if plan.workforce_year is not None and plan.workforce_year < year:
        plan.flags.append("denominator_older")
    if stage == Stage.PERUBAHAN and first > 1:
        murni_end = max((a.start_month + a.months_covered - 1 for a in Allocation.objects.filter(
            region=region, fiscal_year=year, stage="murni")), default=None)
        if murni_end is not None and murni_end + 1 < first:
            plan.flags.append("gap_between_stages")
    return plan


def _relief(plan: Plan, source: str, month: dt.date) -> int:
    """What a discount takes off one worker's contribution of ``month`` paid by ``source``:
    only where its rule lets it apply to that source (PP 50/2025 does not apply to money from
    APBN/APBD), in the months it covers, for its sector; the largest if several do."""
    best = 0
    for discount in plan.discounts:
        if not discount.covers(month):
            continue
        if not (discount.applies_to_public_funds or source not in PUBLIC_FUNDING_SOURCES):
            continue
        if discount.sector and discount.sector != plan.sector:
            if not plan.sector:
                _flag(plan, "relief_sector_unknown")
            continue
        relief = discount.relief(plan.monthly_tariff)
        if relief > best:
            best = relief
            plan.applied_discounts.add(discount.pk)
    return best


def _flag(plan: Plan, flag: str) -> None:
    if flag not in plan.flags:
        plan.flags.append(flag)


def _tariffs(plan: Plan, shares: dict[str, Decimal]) -> dict[str, int]:
    """The contribution per worker per month each funding source pays in the plan's first
    month; and (``plan.cost_per_worker_by_source``) over all its months, each month less the
    relief that applies to it."""
    tariffs = {}
    for source in shares:
        reliefs = [_relief(plan, source, dt.date(plan.year, m, 1))
                   for m in range(plan.first_month, plan.first_month + plan.months)]
        tariffs[source] = plan.monthly_tariff - reliefs[0]
        plan.cost_per_worker_by_source[source] = plan.monthly_tariff * plan.months - sum(reliefs)
        plan.relief_months_by_source[source] = sum(1 for r in reliefs if r)
    return tariffs


def _cost(plan: Plan, workers_by_source: dict[str, int],
          continuing_by_source: dict[str, int] | None = None) -> None:
    """The plan's costs from its workers by source (of them, ``continuing_by_source`` the
    continuing cohort's)."""
    continuing_by_source = continuing_by_source or {}
    plan.workers_by_source = workers_by_source
    plan.workers = sum(workers_by_source.values())
    per_worker = plan.cost_per_worker_by_source
    plan.by_source = {s: n * per_worker[s] for s, n in workers_by_source.items()}
    plan.monthly_cost = sum(contribution_cost(workers=n, monthly_tariff=plan.tariff_by_source[s],
                                              months=1) for s, n in workers_by_source.items())
    plan.total_cost = sum(plan.by_source.values())
    plan.continuing_workers = sum(continuing_by_source.values())
    plan.new_workers = plan.workers - plan.continuing_workers
    plan.continuing_cost = sum(n * per_worker[s] for s, n in continuing_by_source.items())
    plan.new_cost = plan.total_cost - plan.continuing_cost


def _continuing(plan: Plan) -> int:
    """The workers a coming year's APBD murni must pay again (those funded now), else 0."""
    plan.continuing_due = (plan.funded_now or 0) if plan.continuing_applies else 0
    return plan.continuing_due


def plan_for_target(*, region: Region, year: int, stage: str, start_month: int | None = None,
                    target_coverage: Decimal | None = None, target_workers: int | None = None,
                    shares: dict[str, Decimal] | None = None,
                    package: ContributionPackage | None = None, wage: int | None = None,
                    sector: str = "", as_of: dt.date | None = None) -> Plan:
    """The workers to fund and what they cost to reach a coverage target (a fraction, 0.4)
    or to fund a number of workers. The workers are split over the funding sources by their
    weights (largest remainder), and each source pays for its workers."""
    plan = _base(region, year, stage, start_month, package, wage, sector, as_of)
    continuing = _continuing(plan)
    if target_workers is not None:
        # N workers to fund in all: the continuing cohort first, the rest new
        plan.target_workers = max(0, target_workers)
        continuing = min(continuing, plan.target_workers)
        new = plan.target_workers - continuing
    else:
        if plan.workforce is None or plan.active is None:
            raise ValueError("no workforce potential or participation figures for the region")
        if target_coverage is None:  # None * workforce would raise the same error
            raise TypeError("give target_coverage or target_workers")
        plan.target_coverage = target_coverage
        # P counts the continuing cohort: it stays only if paid again, on top of the new ones
        new = max(0, math.ceil(target_coverage * plan.workforce) - plan.active)
    shares = shares or default_shares(region)
    plan.tariff_by_source = _tariffs(plan, shares)
    kept, added = split(continuing, shares), split(new, shares)
    _cost(plan, {s: kept.get(s, 0) + added.get(s, 0) for s in shares}, kept)
    return plan


def plan_for_budget(*, region: Region, year: int, stage: str, budget: int,
                    start_month: int | None = None,
                    shares: dict[str, Decimal] | None = None,
                    package: ContributionPackage | None = None, wage: int | None = None,
                    sector: str = "", as_of: dt.date | None = None) -> Plan:
    """The workers a budget covers for the stage's months, and the coverage that reaches. The
    budget is split over the funding sources by their weights; each source's part buys whole
    workers (one budget line cannot pay part of a worker with another's money)."""
    plan = _base(region, year, stage, start_month, package, wage, sector, as_of)
    plan.budget = budget
    shares = shares or default_shares(region)
    plan.tariff_by_source = _tariffs(plan, shares)
    parts = split(budget, shares)
    bought = {s: parts[s] // plan.cost_per_worker_by_source[s] for s in parts}
    # the money pays the continuing cohort first; what is left buys new workers
    due = split(_continuing(plan), shares)
    _cost(plan, bought, {s: min(n, due.get(s, 0)) for s, n in bought.items()})
    plan.left_over = budget - plan.total_cost
    return plan


def default_shares(region: Region) -> dict[str, Decimal]:
    """Without chosen shares: the province pays from APBD provinsi, a regency from its own
    APBD kabupaten/kota."""
    source = (FundingSource.APBD_PROVINSI if region.level == Level.PROVINCE
              else FundingSource.APBD_KABKOTA)
    return {str(source): Decimal(1)}


# --- saved scenarios ---------------------------------------------------------------------------

DECIMALS = ("target_coverage", "coverage_now", "coverage_reached", "percent_of_wage")
DATES = ("data_month", "tariff_valid_from")


def scenario_figures(scenario) -> dict:
    """A saved scenario's result as it was computed, with its numbers typed again."""
    figures = dict(scenario.result)
    for key in DECIMALS:
        if figures.get(key) is not None:
            figures[key] = Decimal(str(figures[key]))
    for key in DATES:
        if figures.get(key):
            figures[key] = dt.date.fromisoformat(str(figures[key])[:10])
    figures["last_month"] = figures["first_month"] + figures["months"] - 1
    figures["scenario"] = scenario
    per_worker = figures.get("cost_per_worker_by_source") or {}
    figures["sources"] = [
        {"source": source, "label": FundingSource(source).label,
         "workers": figures["workers_by_source"].get(source, 0),
         "tariff": figures["tariff_by_source"].get(source), "amount": amount,
         # a relief in some months only: the price of a worker over all the months instead
         "per_worker": per_worker.get(source) if per_worker.get(source, 0) != (
             (figures["tariff_by_source"].get(source) or 0) * figures["months"]) else None}
        for source, amount in sorted(figures["by_source"].items(),
                                     key=lambda item: FundingSource.values.index(item[0]))]
    return figures


def scenario_budget_now(scenario) -> list[Allocation]:
    """The allocations of the scenario's region, year and stage as they are now: what putting
    the scenario into the budget would create or change."""
    return list(Allocation.objects.filter(region=scenario.region, fiscal_year=scenario.year,
                                          stage=scenario.stage).select_related("package"))


@dataclass
class Row:
    label: str
    kind: str  # text, int, rupiah, pct
    values: list
    difference: object = None


def comparison_rows(figures: list[dict]) -> list[Row]:
    """The scenarios side by side, a row per figure; with two, the second minus the first."""
    from django.utils.translation import gettext as _

    def row(label, kind, key=None, values=None):
        values = values if values is not None else [f.get(key) for f in figures]
        item = Row(label=label, kind=kind, values=values)
        if len(values) == 2 and kind in ("int", "rupiah", "pct") and None not in values:
            item.difference = values[1] - values[0]
        return item

    sources = [s for s in FundingSource.values if any(s in f["by_source"] for f in figures)]
    rows = [
        row(_("Region"), "text", "region_name"),
        row(_("Fiscal year"), "text", "year"),
        row(_("Budget stage"), "text", values=[f["scenario"].get_stage_display()
                                               for f in figures]),
        row(_("Months paid"), "text", values=[f"{f['months']} ({f['first_month']}–12)"
                                              for f in figures]),
        row(_("Contribution package"), "text", "package_name"),
        row(_("Contribution per worker per month"), "rupiah", "monthly_tariff"),
        row(_("Start from"), "text", values=[f["scenario"].get_mode_display() for f in figures]),
        row(_("Target coverage"), "pct", "target_coverage"),
        row(_("Workers to fund"), "int", "workers"),
        row("· " + _("continuing (lanjutan)"), "int",
            values=[f.get("continuing_workers", 0) for f in figures]),
        row("· " + _("new (baru)"), "int",
            values=[f.get("new_workers", f["workers"]) for f in figures]),
        row(_("Cost per month"), "rupiah", "monthly_cost"),
        row(_("Total cost"), "rupiah", "total_cost"),
    ]
    for source in sources:
        rows.append(row("· " + str(FundingSource(source).label), "rupiah",
                        values=[f["by_source"].get(source, 0) for f in figures]))
    rows += [
        row(_("Coverage now"), "pct", "coverage_now"),
        row(_("Coverage reached"), "pct", "coverage_reached"),
    ]
    return rows


# --- the province view -------------------------------------------------------------------------

def province_target(*, province: Region, year: int) -> Decimal | None:
    """The province's committed target coverage of ``year`` in percent (its commitment), or
    None: never a constant."""

    return (Commitment.objects.filter(region=province, year=year)
            .values_list("target_coverage", flat=True).first())


@dataclass
class RegionNeed:
    region: Region
    active: int | None
    workforce: int | None
    workforce_year: int | None
    coverage: Decimal | None
    workers: int | None  # to add to reach the target
    need: int | None  # their contributions to the year's end (Rupiah)
    allocated: int  # Σ allocations of the year, all stages and sources
    gap: int | None  # need − allocated; negative: more allocated than needed


@dataclass
class ProvinceNeed:
    province: Region
    year: int
    target: Decimal
    data_month: dt.date | None
    first_month: int
    months: int
    monthly_tariff: int | None
    rows: list[RegionNeed]
    province_allocated: int  # the province's own allocations (APBD provinsi)
    whole: RegionNeed | None = None  # the province as one: ⌈T · ΣW⌉ − ΣP

    @property
    def total_need(self) -> int:
        return sum(r.need or 0 for r in self.rows)

    @property
    def total_workers(self) -> int:
        return sum(r.workers or 0 for r in self.rows)

    @property
    def regencies_allocated(self) -> int:
        return sum(r.allocated for r in self.rows)

    @property
    def total_allocated(self) -> int:
        return self.regencies_allocated + self.province_allocated

    @property
    def net_gap(self) -> int:
        """The gap column's sum: surpluses offset shortfalls."""
        return sum(r.gap for r in self.rows if r.gap is not None)

    @property
    def total_gap(self) -> int:
        """What the regions short of money lack, surpluses elsewhere not counted."""
        return sum(max(0, r.gap) for r in self.rows if r.gap is not None)


def province_need(*, province: Region, year: int, target: Decimal, user=None) -> ProvinceNeed:
    """What reaching ``target`` (a fraction) by December of ``year`` costs per regency, against
    what is allocated: the engine's target gap and budget need with a chosen target. Months:
    from the month after the latest participation data when it is of ``year``, else all 12."""

    data_month = ind.latest_month(province, year) or ind.latest_month(province)
    if data_month and data_month > dt.date(year, 12, 1):
        data_month = None
    first = data_month.month + 1 if data_month and data_month.year == year else 1
    months = max(0, 13 - first)
    total, inputs = ind.inputs_for(province, data_month or dt.date(year, 1, 1))
    package = ind.need_package(province)
    rate = (tariff_in_force(package=package, on=dt.date(year, min(first, 12), 1),
                            province=province) if package else None)
    tariff = rate.per_worker() if rate else None
    allocated = dict(Allocation.objects.filter(fiscal_year=year)
                     .filter(Q(region__parent=province) | Q(region=province))
                     .values("region_id").annotate(total=Sum("amount"))
                     .values_list("region_id", "total"))

    def need_of(i: ind.Inputs, region: Region, money: int) -> RegionNeed:
        i.target_pct = target * 100
        workers = ind.target_gap_workers(i)
        need = (contribution_cost(workers=workers, monthly_tariff=tariff, months=months)
                if workers is not None and tariff is not None else None)
        return RegionNeed(region=region, active=i.active, workforce=i.workforce,
                          workforce_year=i.workforce_year, coverage=ind.coverage(i),
                          workers=workers, need=need, allocated=money,
                          gap=None if need is None else need - money)

    rows = [need_of(i, i.region, allocated.get(i.region.pk, 0)) for i in inputs.values()
            if user is None or can_read(user, i.region)]
    result = ProvinceNeed(province=province, year=year, target=target, data_month=data_month,
                          first_month=first, months=months, monthly_tariff=tariff, rows=rows,
                          province_allocated=allocated.get(province.pk, 0))
    if user is None or can_read(user, province):
        result.whole = need_of(total, province, result.total_allocated)
    else:
        result.province_allocated = 0
    return result
