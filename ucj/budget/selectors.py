from __future__ import annotations

import datetime as dt

from django.db.models import Prefetch, Q, Sum

from ucj.budget.models import Allocation, ContributionPackage, TariffDiscount, TariffRate
from ucj.core.lookups import month_shift
from ucj.policy.tenancy import in_force_q, own_first
from ucj.regions.models import Region

# Rates and discounts per province (issue 21): a period with a province applies there alone
# and, where one is valid, wins over the national periods (BPJS TK's rates are national by
# regulation; a province may grant its own relief). ``province`` None: the national ones only.


def tariff_in_force(*, package: ContributionPackage, on: dt.date,
                    province: Region | None = None) -> TariffRate | None:
    """The package's rate valid on a date in ``province`` (the latest one starting on or before
    it; the province's own before the national one)."""
    return own_first(
        TariffRate.objects.filter(package=package, valid_from__lte=on)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on)), province, "-valid_from",
    ).first()


def discount_in_force(*, package: ContributionPackage, on: dt.date,
                      province: Region | None = None) -> TariffDiscount | None:
    """A discount of the package's contribution valid on a date in ``province``, if any (the
    province's own before the national one)."""
    return own_first(
        TariffDiscount.objects.filter(package=package, valid_from__lte=on)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on)), province, "-valid_from",
    ).first()


def discounts_overlapping(*, package: ContributionPackage, first: dt.date, last: dt.date,
                          province: Region | None = None) -> list[TariffDiscount]:
    """The package's discounts valid in some month from ``first`` to ``last`` (any sector) in
    ``province``: its own, and the national ones none of its own overlaps."""
    return own_over_national(list(
        TariffDiscount.objects.filter(in_force_q(province), package=package, valid_from__lte=last)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=first))
        .order_by("sector", "valid_from")))


def own_over_national(discounts: list[TariffDiscount]) -> list[TariffDiscount]:
    """Of discounts of one package (a province's own and national ones), the province's own
    and the national ones that none of its own overlaps (in time, for the same sector or for
    every sector): the province's relief replaces the national one where both apply. In the
    order given."""
    own = [d for d in discounts if d.province_id is not None]

    def replaced(d: TariffDiscount) -> bool:
        return any((o.sector == d.sector or "" in (o.sector, d.sector))
                   and o.valid_from <= (d.valid_to or dt.date.max)
                   and d.valid_from <= (o.valid_to or dt.date.max) for o in own)

    return [d for d in discounts if d.province_id is not None or not replaced(d)]


def period_among(periods, *, on: dt.date, province_id: int | None = None):
    """Of dated periods (rates or discounts) ordered newest first, the one valid on a date in
    the province of ``province_id``: its own before the national one (no query)."""
    valid = [p for p in periods if p.province_id in (None, province_id)
             and p.valid_from <= on and (p.valid_to is None or p.valid_to >= on)]
    return next((p for p in valid if p.province_id is not None), None) or next(iter(valid), None)


def realized_total(*, allocation: Allocation, exclude_month: dt.date | None = None) -> int:
    """Paid so far against an allocation (all months but ``exclude_month``)."""
    qs = allocation.realizations.all()
    if exclude_month:
        qs = qs.exclude(month=exclude_month)
    return qs.aggregate(total=Sum("amount_paid"))["total"] or 0


def tariff_overview(*, on: dt.date, province: Region | None = None) -> list[ContributionPackage]:
    """Every package with ``rate_list`` and ``discount_list`` (newest first: the national
    periods and ``province``'s own, never another province's) and the rate and discount in
    force on a date in the province (``rate_now``, ``discount_now``; every sector's in force:
    ``discount_now_list``): three queries."""
    packages = list(ContributionPackage.objects.prefetch_related(
        Prefetch("rates", queryset=TariffRate.objects.filter(in_force_q(province))
                 .select_related("updated_by").order_by("-valid_from"), to_attr="rate_list"),
        Prefetch("discounts", queryset=TariffDiscount.objects.filter(in_force_q(province))
                 .order_by("-valid_from"), to_attr="discount_list"),
    ))
    pid = province.pk if province is not None else None
    # rate_now, discount_now and discount_now_list are attributes for the tariffs page, set on
    # the instances here and declared nowhere else: mypy cannot know them (ignored below).
    for package in packages:
        rates, discounts = package.rate_list, package.discount_list
        package.rate_now = period_among(  # type: ignore[attr-defined]
            rates, on=on, province_id=pid)
        package.discount_now = period_among(  # type: ignore[attr-defined]
            discounts, on=on, province_id=pid)
        package.discount_now_list = _discounts_now(discounts, on)  # type: ignore[attr-defined]
    return list(packages)


def _discounts_now(discounts: list[TariffDiscount], on: dt.date) -> list[TariffDiscount]:
    """Every sector's discount in force on a date: the province's own where it has one."""
    return own_over_national([d for d in discounts if d.valid_from <= on
                              and (d.valid_to is None or d.valid_to >= on)])


def enacted_by(month: dt.date, *, prefix: str = "") -> Q:
    """Allocations enacted by the end of ``month`` (see ``enacted_by_day``)."""
    return enacted_by_day(month_shift(month, 1) - dt.timedelta(days=1), prefix=prefix)


def enacted_by_day(end: dt.date, *, prefix: str = "") -> Q:
    """Allocations enacted by the day ``end``: their ``enacted_on`` (Perda APBD/APBD-P or DPA)
    on or before it. Without a recorded date, an APBD murni counts as enacted by 31 December of
    the year before its fiscal year, an APBD perubahan from the first day of the first month it
    pays for (``start_month``). ``prefix`` reaches allocations from another model
    (``"allocation__"``)."""
    def q(**lookups) -> Q:
        return Q(**{f"{prefix}{key}": value for key, value in lookups.items()})

    undated = q(enacted_on__isnull=True)
    last_of_year = end.month == 12 and end.day == 31
    return (q(enacted_on__lte=end)
            | (undated & q(stage="murni", fiscal_year__lte=end.year + last_of_year))
            | (undated & q(stage="perubahan")
               & (q(fiscal_year__lt=end.year) | q(fiscal_year=end.year,
                                                  start_month__lte=end.month))))
