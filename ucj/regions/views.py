from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.shortcuts import get_object_or_404, render

from ucj.regions.models import Level, Region
from ucj.regions.selectors import ancestors, children_with_counts


@login_required
def region_list(request):
    """The region master: every province with its regencies/cities (public reference data)."""
    provinces = Region.objects.filter(level=Level.PROVINCE).order_by("code")
    counts = dict(Region.objects.values_list("level").annotate(n=Count("id")))
    return render(request, "regions/list.html", {
        "provinces": [(p, children_with_counts(p)) for p in provinces],
        "counts": counts,
    })


@login_required
def region_detail(request, code: str):
    region = get_object_or_404(Region, code=code)
    return render(request, "regions/detail.html", {
        "region": region, "ancestors": ancestors(region),
        "children": children_with_counts(region),
    })
