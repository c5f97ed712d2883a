"""Reading imports: which jobs a user sees (the pages and the API alike)."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from ucj.accounts.scope import may_see_all_audit, users_within
from ucj.imports.models import ImportJob


def visible_jobs(user) -> QuerySet[ImportJob]:
    """The imports a user sees: their own; for whoever reads the whole audit log (the province
    admin, read-only), every import of their province's users (issue 21)."""
    jobs = ImportJob.objects.select_related("actor")
    if not may_see_all_audit(user):
        return jobs.filter(actor=user)
    return jobs.filter(Q(actor=user) | Q(actor__in=users_within(user)))
