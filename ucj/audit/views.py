import json

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_safe

from ucj.accounts.scope import Cap, allows, visible_audit_events
from ucj.audit.filters import AuditFilter
from ucj.audit.labels import label_events
from ucj.audit.models import AuditEvent, AuditSeal
from ucj.core.csvexport import csv_response


def _events(request):
    events = visible_audit_events(request.user, AuditEvent.objects.select_related("region"))
    filterset = AuditFilter(request.GET or None, queryset=events, user=request.user)
    if filterset.is_bound and not filterset.is_valid():
        return filterset, events.none()
    return filterset, filterset.qs.order_by("-at", "-id")


@login_required
@require_safe
def audit_list(request):
    filterset, events = _events(request)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    page.object_list = label_events(page.object_list)
    # The last sealed day's digest, for the province admin to note or compare (an inspector
    # receives it elsewhere too): ucj.audit.seals.
    reads_all = allows(request.user, Cap.READ_ALL_AUDIT)
    return render(request, "audit/list.html", {
        "filter": filterset, "page": page, "count": page.paginator.count,
        "reads_all": reads_all,
        "last_seal": AuditSeal.objects.order_by("-day").first() if reads_all else None,
    })


@login_required
@require_safe
def audit_export(request):
    _, events = _events(request)
    header = ["time", "actor", "action", "object_type", "object_id", "object", "region_code",
              "changes", "note", "client_address"]
    rows = ([e.at.isoformat(), e.actor_name, e.action, e.object_type, e.object_id,
             e.object_repr, e.region.code if e.region else "",
             json.dumps(e.changes, ensure_ascii=False), e.note, e.client_address or ""]
            for e in events.iterator(chunk_size=2000))
    return csv_response("ucj-audit.csv", header, rows)
