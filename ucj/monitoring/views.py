from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_safe

from ucj.accounts.scope import can_read, is_province_wide, province_codes
from ucj.core.datasets import all_datasets
from ucj.monitoring.selectors import home_summary
from ucj.regions.models import Level, Region
from ucj.submissions.selectors import approved_regions


@login_required
@require_safe
def home(request):
    """Users bound to a whole province land on the monev dashboard; everyone else on their
    regions' summary (the dashboard stays one click away for them)."""
    if is_province_wide(request.user):
        from ucj.indicators.views import dashboard_page

        return dashboard_page(request)
    provinces = Region.objects.filter(code__in=province_codes(request.user),
                                      level=Level.PROVINCE)
    summaries = []
    for province in provinces:
        summary = home_summary(province=province)
        own = [row for row in summary.rows if can_read(request.user, row.region)]
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
    })
