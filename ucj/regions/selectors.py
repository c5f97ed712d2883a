from django.db.models import Count, QuerySet

from ucj.regions.hierarchy import ancestor_codes
from ucj.regions.models import Level, Region


def regencies(*, province_code: str | None = None) -> QuerySet[Region]:
    qs = Region.objects.filter(level=Level.REGENCY)
    if province_code:
        qs = qs.filter(parent__code=province_code)
    return qs.order_by("code")


def children_with_counts(region: Region) -> QuerySet[Region]:
    return region.children.annotate(n_children=Count("children")).order_by("code")


def ancestors(region: Region) -> list[Region]:
    """The regions above this one, from the top (one query)."""
    return list(Region.objects.filter(code__in=ancestor_codes(region.code)).order_by("code"))
