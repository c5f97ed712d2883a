"""The shared mechanics of record services: validate, check plausibility, save, audit.

Each domain app exposes one named service per use case (``allocation_create`` …) that
checks permission through ``ucj.accounts.scope`` and then calls these helpers inside its
transaction.
"""

from __future__ import annotations

from typing import Any

from ucj.accounts.scope import require_write
from ucj.audit.models import Action
from ucj.audit.services import audit_log, diff, snapshot
from ucj.core.datasets import get_dataset
from ucj.core.services import ConfirmationRequired, WarningsFn
from ucj.submissions.services import ensure_editable

# A record: a TrackedModel, or another model with its fields (flags, created_by, updated_by),
# and a region for the scoped services. Typed loosely: the services of every dataset pass theirs.
Record = Any


def _apply(instance: Record, fields: dict) -> None:
    for name, value in fields.items():
        setattr(instance, name, value)


def record_save(
    *, actor, instance: Record, before: dict | None, warnings: WarningsFn,
    confirm: bool,
) -> Record:
    """Validate, refuse unconfirmed warnings, save and audit. Call inside a transaction."""
    instance.full_clean()
    found = [str(w) for w in warnings(instance)]
    if found and not confirm:
        raise ConfirmationRequired(found)
    instance.flags = found
    if before is None:
        instance.created_by = actor
    after = snapshot(instance)
    changes = diff(before, after)
    if before is not None and not changes:
        return instance  # nothing changed: no write, no audit event
    instance.updated_by = actor
    instance.save()
    audit_log(
        actor=actor,
        action=Action.CREATE if before is None else Action.UPDATE,
        obj=instance,
        changes=changes,
        note="\n".join(found),
    )
    return instance


def record_create(*, actor, instance: Record, warnings: WarningsFn, confirm: bool):
    return record_save(actor=actor, instance=instance, before=None, warnings=warnings,
                       confirm=confirm)


def record_update(*, actor, instance: Record, fields: dict, warnings: WarningsFn,
                  confirm: bool):
    before = snapshot(instance)
    _apply(instance, fields)
    return record_save(actor=actor, instance=instance, before=before, warnings=warnings,
                       confirm=confirm)


def record_delete(*, actor, instance: Record) -> None:
    audit_log(actor=actor, action=Action.DELETE, obj=instance, changes=diff(snapshot(instance), None))
    instance.delete()


# --- region-scoped record services -----------------------------------------------------------
# The named services of the domain apps (``allocation_create`` …) are thin wrappers around
# these three: permission through the scoping helper, the approval lock, then validate, save
# and audit.

def _ensure_writable(actor, dataset: str, instance: Record) -> None:
    require_write(actor, instance.region, dataset=dataset)
    ensure_editable(region=instance.region, dataset=dataset,
                    period=get_dataset(dataset).period_key(instance))

def scoped_create(*, actor, dataset: str, instance: Record, warnings: WarningsFn,
                  confirm: bool):
    _ensure_writable(actor, dataset, instance)
    return record_create(actor=actor, instance=instance, warnings=warnings, confirm=confirm)


def scoped_update(*, actor, dataset: str, instance: Record, fields: dict,
                  warnings: WarningsFn, confirm: bool):
    _ensure_writable(actor, dataset, instance)
    before = snapshot(instance)
    _apply(instance, fields)
    _ensure_writable(actor, dataset, instance)  # the new region or period, if it moved
    return record_save(actor=actor, instance=instance, before=before, warnings=warnings,
                       confirm=confirm)


def scoped_delete(*, actor, dataset: str, instance: Record) -> None:
    _ensure_writable(actor, dataset, instance)
    record_delete(actor=actor, instance=instance)
