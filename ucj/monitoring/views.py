from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from ucj.accounts.scope import root_codes
from ucj.core.datasets import all_datasets
from ucj.monitoring.selectors import home_summary
from ucj.regions.models import Level, Region
from ucj.submissions.selectors import approved_regions


@login_required
def home(request):
    """Province users land on the monev dashboard; everyone else on their regions' summary
    (the dashboard stays one click away for them)."""
    if request.user.is_province_user:
        from ucj.indicators.views import dashboard_page

        return dashboard_page(request)
    roots = root_codes(request.user)
    province_codes = sorted({code.split(".")[0] for code in roots})
    provinces = Region.objects.filter(code__in=province_codes, level=Level.PROVINCE)
    summaries = []
    for province in provinces:
        summary = home_summary(province=province)
        own = [row for row in summary.rows
               if any(row.region.code == c or row.region.code.startswith(c + ".") for c in roots)]
        # Unapproved figures are shown, labelled: which regions' figures are approved.
        approved = approved_regions({
            "participation": f"{summary.month:%Y-%m}" if summary.month else "",
            "allocations": str(summary.year)})
        for row in summary.rows:
            row.participation_approved = row.region.pk in approved["participation"]
            row.allocations_approved = row.region.pk in approved["allocations"]
        summaries.append({"province": province, "summary": summary, "own": own,
                          "own_codes": {row.region.code for row in own},
                          "approved_participation": len(approved["participation"]),
                          "approved_allocations": len(approved["allocations"])})
    return render(request, "monitoring/home.html", {
        "summaries": summaries, "datasets": all_datasets(),
        "is_province_user": request.user.is_province_user,
    })
