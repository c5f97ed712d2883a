from __future__ import annotations

import datetime as dt

from django.db.models import Prefetch, Q, Sum

from ucj.budget.models import Allocation, ContributionPackage, TariffDiscount, TariffRate
from ucj.core.lookups import month_shift


def tariff_in_force(*, package: ContributionPackage, on: dt.date) -> TariffRate | None:
    """The package's rate valid on a date (the latest one starting on or before it)."""
    return (
        TariffRate.objects.filter(package=package, valid_from__lte=on)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on))
        .order_by("-valid_from").first()
    )


def discount_in_force(*, package: ContributionPackage, on: dt.date) -> TariffDiscount | None:
    """A discount of the package's contribution valid on a date, if any."""
    return (
        TariffDiscount.objects.filter(package=package, valid_from__lte=on)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on))
        .order_by("-valid_from").first()
    )


def discounts_overlapping(*, package: ContributionPackage, first: dt.date,
                          last: dt.date) -> list[TariffDiscount]:
    """The package's discounts valid in some month from ``first`` to ``last`` (any sector)."""
    return list(
        TariffDiscount.objects.filter(package=package, valid_from__lte=last)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=first))
        .order_by("sector", "valid_from"))


def realized_total(*, allocation: Allocation, exclude_month: dt.date | None = None) -> int:
    """Paid so far against an allocation (all months but ``exclude_month``)."""
    qs = allocation.realizations.all()
    if exclude_month:
        qs = qs.exclude(month=exclude_month)
    return qs.aggregate(total=Sum("amount_paid"))["total"] or 0


def _in_force(periods, on: dt.date):
    """Of periods ordered newest first, the one valid on a date (as ``tariff_in_force``)."""
    return next((p for p in periods
                 if p.valid_from <= on and (p.valid_to is None or p.valid_to >= on)), None)


def tariff_overview(*, on: dt.date) -> list[ContributionPackage]:
    """Every package with ``rate_list`` and ``discount_list`` (newest first) and the rate and
    discount in force on a date (``rate_now``, ``discount_now``; every sector's in force:
    ``discount_now_list``): three queries."""
    packages = list(ContributionPackage.objects.prefetch_related(
        Prefetch("rates", queryset=TariffRate.objects.select_related("updated_by")
                 .order_by("-valid_from"), to_attr="rate_list"),
        Prefetch("discounts", queryset=TariffDiscount.objects.order_by("-valid_from"),
                 to_attr="discount_list"),
    ))
    # rate_now, discount_now and discount_now_list are attributes for the tariffs page, set on
    # the instances here and declared nowhere else: mypy cannot know them (ignored below).
    for package in packages:
        package.rate_now = _in_force(package.rate_list, on)  # type: ignore[attr-defined]
        package.discount_now = _in_force(package.discount_list, on)  # type: ignore[attr-defined]
        package.discount_now_list = [  # type: ignore[attr-defined]
            d for d in package.discount_list
            if d.valid_from <= on and (d.valid_to is None or d.valid_to >= on)]
    return list(packages)


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
