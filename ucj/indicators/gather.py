"""The indicator engine's inputs: the raw counts of a province's regencies and of the province
for one month, gathered with a fixed number of aggregate queries whatever the number of regions
(``inputs_for``), the province built from sums over its regencies, and the monthly coverage
series (``coverage_series``).
"""

from __future__ import annotations

import datetime as dt
import math
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
from django.utils import timezone

from ucj.budget.models import (
    Allocation,
    Commitment,
    ContributionPackage,
    Realization,
    TariffRate,
)
from ucj.budget.selectors import enacted_by, period_among
from ucj.core import dataversion
from ucj.core.lookups import month_shift
from ucj.core.models import Payer
from ucj.coverage.models import (
    ParticipationMonth,
    ParticipationSnapshot,
    WorkforceDenominator,
)
from ucj.indicators.formulas import Inputs, Stake, ratio, target_gap_workers
from ucj.indicators.models import DEFAULT_VALUES, StatusThreshold
from ucj.policy.selectors import need_package_code  # policy as data (issue 20)
from ucj.policy.tenancy import (  # settings per province (issue 21)
    for_province,
    in_force_q,
    own_first,
    province_id_of,
)
from ucj.regions.hierarchy import province_of
from ucj.regions.models import Level, Region
from ucj.submissions.models import ReportingDeadline, State, Submission


def thresholds(province: Region | None = None) -> dict[str, Decimal]:
    """The status thresholds of ``province`` as stored: its own where its admin set them, else
    the national defaults (issue 21; None: the defaults alone). One query."""
    if province is None:
        rows = for_province(StatusThreshold.objects, None).values_list("key", "value")
        return {**DEFAULT_VALUES, **dict(rows)}
    return thresholds_of([province])[province.pk]


def thresholds_of(provinces: list[Region]) -> dict[int, dict[str, Decimal]]:
    """``thresholds(province)`` of every province at once, by province id, in one query (the
    national board's: a query per province would grow with provinces): the national defaults,
    overridden by a province's own rows."""
    defaults: dict[str, Decimal] = dict(DEFAULT_VALUES)
    own: dict[int, dict[str, Decimal]] = {p.pk: {} for p in provinces}
    for province_id, key, value in StatusThreshold.objects.filter(
            in_force_q(None) | Q(province__in=list(own))).values_list("province_id", "key",
                                                                      "value"):
        if province_id is None:
            defaults[key] = value
        else:
            own[province_id][key] = value
    return {pk: {**defaults, **values} for pk, values in own.items()}


def need_package(province: Region | str | None = None) -> ContributionPackage | None:
    """The contribution package budget need is priced with (the province's policy)."""
    return ContributionPackage.objects.filter(code=need_package_code(province)).first()


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


def reporting_deadline(month: dt.date, province: Region | None = None) -> dt.date:
    """The day by which month m's participation is due in ``province``, by the reporting
    calendar its admin keeps (``ReportingDeadline`` of participation: the province's own, else
    the national default; without one, the 15th of the month after). One query: ``inputs_for``
    asks it once and keeps it on every row (``deadline``)."""
    rule = own_first(ReportingDeadline.objects.filter(dataset="participation"), province).first()
    return _due(rule, month)


def _due(rule: ReportingDeadline | None, month: dt.date) -> dt.date:
    if rule is None:
        return month_shift(month, 1).replace(day=15)
    return rule.due_date(f"{month:%Y-%m}")


def reporting_deadlines(month: dt.date, provinces: list[Region]) -> dict[int, dt.date]:
    """``reporting_deadline`` of each of ``provinces`` by id, in one query."""
    rules = list(ReportingDeadline.objects.filter(dataset="participation").filter(
        Q(province__isnull=True) | Q(province__in=provinces)))
    default = next((r for r in rules if r.province_id is None), None)
    own = {r.province_id: r for r in rules if r.province_id is not None}
    return {p.pk: _due(own.get(p.pk, default), month) for p in provinces}


def inputs_for(province: Region, month: dt.date, *, planning: bool = False,
               year: int | None = None) -> tuple[Inputs, dict[int, Inputs]]:
    """The inputs of the province and of each of its regencies (by region id) for a month,
    as of that month. ``planning``: for the year after the month's (its target, denominator,
    commitment and allocations; participation of the month); ``year``: for that year (the
    planner's planned year). Cached until the next write (ucj/core/dataversion.py; issue 18):
    every caller gets its own copy."""
    return dataversion.cached(
        "inputs", (province.pk, month, planning, year, timezone.localdate()),
        lambda: _gather([province], month, planning=planning, year=year)[province.pk])


def inputs_for_all(month: dt.date, *, provinces: list[Region] | None = None,
                   planning: bool = False, year: int | None = None
                   ) -> dict[int, tuple[Inputs, dict[int, Inputs]]]:
    """``inputs_for`` of many provinces at once (every province of the region master when
    ``provinces`` is None), by province id: the same ``Inputs`` as ``inputs_for`` gives for
    each, gathered in one pass with the same fixed number of queries whatever the number of
    provinces and regencies (issue 21: the national dashboard). Not kept by itself: its
    readers keep what they build from it until the next write (the national board), and
    keeping the inputs of 552 regions too cost more than it saved (decision 185)."""
    return _gather(provinces, month, planning=planning, year=year)


def _gather(provinces: list[Region] | None, month: dt.date, *, planning: bool = False,
            year: int | None = None) -> dict[int, tuple[Inputs, dict[int, Inputs]]]:
    """The inputs of ``provinces`` (None: every province), by province id."""
    if year is None:
        year = month.year + 1 if planning else month.year
    if provinces is None:
        provinces = list(Region.objects.filter(level=Level.PROVINCE).defer("geometry")
                         .order_by("code"))
    ids = [p.pk for p in provinces]
    regencies = list(Region.objects.filter(parent__in=ids, level=Level.REGENCY)
                     .defer("geometry").order_by("code"))

    def new(region: Region) -> Inputs:
        return Inputs(region=region, month=month, plan_year=year, planning=planning)

    rows = {r.pk: new(r) for r in regencies}
    totals = {p.pk: new(p) for p in provinces}
    # The provinces' regencies by their parent (a join), not by a list of hundreds of ids.
    in_regencies = Q(region__parent__in=ids, region__level=Level.REGENCY)
    in_provinces = in_regencies | Q(region__in=ids)
    _participation(rows, in_regencies, month)
    _completeness(rows, in_regencies, month, provinces)
    _workforce(rows, in_regencies, month, year)
    _commitments(rows, totals, in_provinces, year)
    _allocations(rows, totals, in_provinces, month, year, planning)
    if not planning:
        _realizations(rows, totals, ids, month, year)
    _tariffs([*rows.values(), *totals.values()], month, year, planning)
    by_province: dict[int, list[Inputs]] = {pk: [] for pk in ids}
    for row in rows.values():
        by_province[row.region.parent_id].append(row)
    return {pk: (_province_totals(totals[pk], by_province[pk]),
                 {row.region.pk: row for row in by_province[pk]}) for pk in ids}


def _participation(rows: dict[int, Inputs], in_regencies: Q, month: dt.date) -> None:
    """Participation of the month and of the twelve before (run-rate, last December, and the
    last value of a regency that has not reported this month)."""
    last_december = dt.date(month.year - 1, 12, 1)
    # the segments' sums, kept by the database (ParticipationMonth, decision 186)
    for region_id, at, active, funded, synthetic, by_regency, by_province in (
            ParticipationMonth.objects
            .filter(in_regencies, month__gte=month_shift(month, -12), month__lte=month)
            .values_list("region_id", "month", "active", "funded", "synthetic",
                         "funded_regency", "funded_province")):
        row = rows[region_id]
        if at == month:
            row.active, row.funded, row.received = active, funded, True
            row.own_funded, row.province_funded = by_regency, by_province
            row.synthetic |= bool(synthetic)
        else:
            row.history[at] = (active, funded)
    for row in rows.values():
        if row.active is None and row.history:
            row.carried_from = max(row.history)
            row.carried_active, row.carried_funded = row.history[row.carried_from]
        base = row.history.get(last_december)
        row.base_active = base[0] if base else None
        row.history = {k: v[0] for k, v in row.history.items()}


def _completeness(rows: dict[int, Inputs], in_regencies: Q, month: dt.date,
                  provinces: list[Region]) -> None:
    """The reporting deadline of the month (its province's) and each regency's submissions
    of it."""
    deadlines = reporting_deadlines(month, provinces)
    for row in rows.values():
        row.deadline = deadlines[row.region.parent_id]
    for region_id, dataset, state, submitted_at in (Submission.objects.filter(
            in_regencies, dataset__in=["participation", "realizations"],
            period=f"{month:%Y-%m}").order_by()  # (no sort: each row is looked up)
            .values_list("region_id", "dataset", "state", "submitted_at")):
        row = rows[region_id]
        if dataset == "realizations":
            row.payments_approved = state == State.APPROVED
            continue
        row.approved = state == State.APPROVED
        row.on_time = bool(submitted_at and row.received
                           and timezone.localtime(submitted_at).date() <= row.deadline)


def _workforce(rows: dict[int, Inputs], in_regencies: Q, month: dt.date, year: int) -> None:
    """Workforce potential of year y (or the latest earlier), and of y−1 for the trajectory."""
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


def _commitments(rows: dict[int, Inputs], totals: dict[int, Inputs], in_provinces: Q,
                 year: int) -> None:
    """The targets of year y and y+1; a regency without its own takes its province's."""
    commitments = {(region_id, c_year): (target, workers) for region_id, c_year, target, workers
                   in Commitment.objects.filter(in_provinces, year__in=[year, year + 1])
                   .order_by().values_list("region_id", "year", "target_coverage",
                                           "target_funded_workers")}
    for row in [*rows.values(), *totals.values()]:
        target, row.funded_target = commitments.get((row.region.pk, year), (None, None))
        row.funded_target_next = commitments.get((row.region.pk, year + 1), (None, None))[1]
        if target is not None:
            row.target_pct, row.target_from = target, "commitment"
    for row in rows.values():
        province_row = totals[row.region.parent_id]
        if row.target_pct is None and province_row.target_pct is not None:
            row.target_pct, row.target_from = province_row.target_pct, "province"


def _allocations(rows: dict[int, Inputs], totals: dict[int, Inputs], in_provinces: Q,
                 month: dt.date, year: int, planning: bool) -> None:
    """Allocations enacted by the month: of years y−1…y+1 (own money by stage), and of y (all
    payers) with what their schedule expects by month m, each allocation's amount spread
    over its months and counted for the months already elapsed (in SQL, per allocation)."""
    whole = BigIntegerField()
    elapsed = Least(Greatest(ExpressionWrapper(Value(month.month + 1) - F("start_month"),
                                               output_field=whole), Value(0), output_field=whole),
                    F("months_covered"), output_field=whole)
    expected = ExpressionWrapper(F("amount") * elapsed / F("months_covered"), output_field=whole)
    covers = Q(start_month__lte=month.month) & Q(
        months_covered__gt=ExpressionWrapper(Value(month.month) - F("start_month"),
                                             output_field=whole))
    for item in (Allocation.objects.filter(in_provinces, enacted_by(month),
                                           fiscal_year__in=[year - 1, year, year + 1])
                 .values("region_id", "fiscal_year", "stage", "payer")
                 .annotate(total=Sum("amount"), n=Count("id"), workers=Sum("workers_planned"),
                           months=Max("months_covered"), expected=Sum(expected),
                           covering=Sum("workers_planned", filter=covers),
                           paying=Count("id", filter=covers))):
        row = rows.get(item["region_id"]) or totals[item["region_id"]]
        if item["fiscal_year"] == year:
            _count_allocation(row, item, planning)
        owner = row if item["payer"] == row.own_payer else (
            totals[row.region.parent_id] if item["payer"] == Payer.PROVINCE else None)
        if owner is not None:
            stake = owner.own.setdefault((item["fiscal_year"], item["stage"]), Stake())
            stake.amount += item["total"] or 0
            stake.workers += item["workers"] or 0
            stake.months = max(stake.months, item["months"] or 0)


def _count_allocation(row: Inputs, item: dict, planning: bool) -> None:
    """Year y's allocations of a region (all payers), and by the month what they expect."""
    row.allocated += item["total"] or 0
    row.allocations += item["n"]
    if not planning:
        row.expected += item["expected"] or 0
        row.planned_workers += item["covering"] or 0
        row.payments_expected += item["paying"] or 0


def _realizations(rows: dict[int, Inputs], totals: dict[int, Inputs], ids: list[int],
                  month: dt.date, year: int) -> None:
    """Realizations of year y up to the month; the workers paid and payments of the month."""
    in_provinces_allocation = (Q(allocation__region__parent__in=ids,
                                 allocation__region__level=Level.REGENCY)
                               | Q(allocation__region__in=ids))
    for item in (Realization.objects.filter(in_provinces_allocation,
                                            allocation__fiscal_year=year, month__lte=month)
                 .values("allocation__region_id")
                 .annotate(total=Sum("amount_paid"),
                           workers=Sum("workers_paid", filter=Q(month=month)),
                           paid=Count("id", filter=Q(month=month)))):
        row = rows.get(item["allocation__region_id"]) or totals[item["allocation__region_id"]]
        row.realized, row.workers_paid = item["total"] or 0, item["workers"]
        row.payments_received = item["paid"] or 0


def _tariffs(rows: list[Inputs], month: dt.date, year: int, planning: bool) -> None:
    """The need package's tariff in force now (January of y when planning) and next January,
    each row's province's (issue 21: its policy's package; its own rate before the national
    one): three queries whatever the number of provinces."""
    by_province = {province_id_of(r.region): r.region for r in rows}
    codes = {pid: need_package_code(region) for pid, region in by_province.items()}
    packages = {p.code: p.pk for p in ContributionPackage.objects.filter(
        code__in=set(codes.values())).only("code")}
    for field, on in (("tariff", dt.date(year, 1, 1) if planning else month),
                      ("next_tariff", dt.date(month.year + 1, 1, 1))):
        rates: dict[int, list[TariffRate]] = {}
        for rate in (TariffRate.objects.filter(package__in=packages.values(), valid_from__lte=on)
                     .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on))
                     .filter(Q(province__isnull=True) | Q(province__in=by_province))
                     .order_by("-valid_from")):
            rates.setdefault(rate.package_id, []).append(rate)
        for row in rows:
            pid = province_id_of(row.region)
            rate = period_among(rates.get(packages.get(codes[pid], 0), []), on=on,
                                province_id=pid)
            setattr(row, field, rate.per_worker() if rate else None)


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
        "deadline": (total.deadline or reporting_deadline(total.month, total.region)).isoformat(),
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
            "deadline": (i.deadline or reporting_deadline(
                i.month, province_of(i.region))).isoformat(), "expected": 1,
            "received": int(i.received), "on_time": int(i.on_time),
            "approved": int(i.approved),
            "carried": ([{"region": i.region.code, "name": i.region.short_name,
                          "from": f"{i.carried_from:%Y-%m}"}] if i.carried_from else []),
            "missing": [] if i.received or i.carried_from else [
                {"region": i.region.code, "name": i.region.short_name}],
            "complete": i.received, "realizations": _payments_completeness([i])}


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
        ParticipationMonth.objects.filter(region__parent=province,
                                          month__gte=month_shift(start, -12), month__lte=end)
        .values("region_id", "month", "active")}
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
