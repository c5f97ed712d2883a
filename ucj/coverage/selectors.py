from __future__ import annotations

import datetime as dt

from django.db.models import Sum

from ucj.coverage.models import ParticipationSnapshot, WorkforceDenominator


def denominator_for(*, region, year: int) -> WorkforceDenominator | None:
    return WorkforceDenominator.objects.filter(region=region, year=year).first()


def active_total(*, region, month: dt.date, exclude_segment: str | None = None) -> int:
    """Active participants of a region in a month, all segments (but ``exclude_segment``)."""
    qs = ParticipationSnapshot.objects.filter(region=region, month=month)
    if exclude_segment:
        qs = qs.exclude(segment=exclude_segment)
    return qs.aggregate(total=Sum("active"))["total"] or 0


def latest_active_in_year(*, region, year: int) -> tuple[dt.date | None, int]:
    latest = (
        ParticipationSnapshot.objects.filter(region=region, month__year=year)
        .order_by("-month").values_list("month", flat=True).first()
    )
    if latest is None:
        return None, 0
    return latest, active_total(region=region, month=latest)
