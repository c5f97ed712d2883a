"""Writing a valid plan: the records created and changed with bulk queries
(``ucj.core.bulk``: Django's bulk methods cost tens of seconds at 100,000 rows), and one audit
event per record changed, with its old and new values, through ``audit_log_many``. Inside the
caller's transaction."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from ucj.audit.models import Action
from ucj.audit.services import audit_log_many, change_value
from ucj.core import bulk
from ucj.core.datasets import get_dataset
from ucj.imports.plan import Plan, PlannedRow, no_gc


def apply_plan(*, actor, plan: Plan, job) -> dict[str, int]:
    """Write a valid plan. Call inside a transaction (the caller's), with the saved ImportJob.

    Every record created or changed points to the job (its file name, checksum, actor, time);
    each change also gets an audit event with the old and new values. A record created by an
    import needs no event of its own: its values are the file's, and the job says which."""
    if not plan.is_valid:
        raise ValidationError(_("The file has errors; nothing was written."))
    with no_gc():
        return _apply_plan(actor=actor, plan=plan, job=job)


def _apply_plan(*, actor, plan: Plan, job) -> dict[str, int]:
    ds = get_dataset(plan.dataset)
    model = ds.model
    now = timezone.now()
    created = [r for r in plan.rows if r.action == "create"]
    changed = [r for r in plan.rows if r.action == "update"]
    stamp = {"updated_by_id": actor.pk, "updated_at": now, "import_job_id": job.pk}
    for r in created:
        r.instance.__dict__.update(stamp, created_by_id=actor.pk, created_at=now,
                                   flags=r.warnings)
    bulk.insert(model, (bulk.instance_row(r.instance) for r in created))
    fields: set[str] = set()
    for r in changed:
        r.instance.__dict__.update(stamp, flags=r.warnings)
        fields.update(r.changes)
    bulk.update(model, [r.instance for r in changed],
                fields | {"updated_by", "updated_at", "flags", "import_job"})
    note = _("Import of “%(file)s” (import %(job)s)") % {"file": job.file_name, "job": job.pk}
    audit_log_many(actor=actor, action=Action.UPDATE, at=now,
                   events=_audit_events(ds, changed, note=note))
    return {"create": len(created), "update": len(changed), "unchanged": len(plan.unchanged)}


def _audit_events(ds, rows: list[PlannedRow], *, note: str):
    """One audit event per record changed (old and new values), for ``audit_log_many``."""
    label = str(ds.label_singular)
    for r in rows:
        yield {
            "obj": r.instance, "object_repr": f"{label}: {r.label}", "region": r.region,
            "changes": {k: [change_value(old), change_value(new)]
                        for k, (old, new) in r.changes.items()},
            "note": "\n".join([note, *r.warnings]).strip(),
        }
