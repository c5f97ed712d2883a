from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from ucj.accounts.scope import root_codes
from ucj.core.datasets import all_datasets
from ucj.monitoring.selectors import home_summary
from ucj.regions.models import Level, Region


@login_required
def home(request):
    roots = root_codes(request.user)
    province_codes = sorted({code.split(".")[0] for code in roots})
    provinces = Region.objects.filter(code__in=province_codes, level=Level.PROVINCE)
    summaries = []
    for province in provinces:
        summary = home_summary(province=province)
        own = [row for row in summary.rows
               if any(row.region.code == c or row.region.code.startswith(c + ".") for c in roots)]
        summaries.append({"province": province, "summary": summary, "own": own,
                          "own_codes": {row.region.code for row in own}})
    return render(request, "monitoring/home.html", {
        "summaries": summaries, "datasets": all_datasets(),
        "is_province_user": request.user.is_province_user,
    })
