"""Reading imports: which jobs a user sees (the pages and the API alike)."""

from __future__ import annotations

from django.db.models import QuerySet

from ucj.accounts.scope import may_see_all_audit
from ucj.imports.models import ImportJob


def visible_jobs(user) -> QuerySet[ImportJob]:
    """The imports a user sees: their own; every import for whoever reads the whole audit log
    (the province admin, read-only)."""
    jobs = ImportJob.objects.select_related("actor")
    return jobs if may_see_all_audit(user) else jobs.filter(actor=user)
