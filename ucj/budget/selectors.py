from __future__ import annotations

import datetime as dt

from django.db.models import Q, Sum

from ucj.budget.models import Allocation, ContributionPackage, TariffDiscount, TariffRate


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


def realized_total(*, allocation: Allocation, exclude_month: dt.date | None = None) -> int:
    """Paid so far against an allocation (all months but ``exclude_month``)."""
    qs = allocation.realizations.all()
    if exclude_month:
        qs = qs.exclude(month=exclude_month)
    return qs.aggregate(total=Sum("amount_paid"))["total"] or 0
