"""Writing audit events: the one entry point. Every service that changes state calls
``audit_log`` inside its transaction, so the change and its audit row commit or roll back
together; a writer of many records at once (the importer) calls ``audit_log_many``, which
writes the same rows with one set of statements. Nothing else creates an ``AuditEvent``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db import models
from django.utils import timezone

from ucj.audit.models import AuditEvent
from ucj.core import bulk

# Bookkeeping fields that are not part of what a user changed.
IGNORED_FIELDS = {"id", "created_at", "updated_at", "created_by", "updated_by", "password", "flags",
                  "last_login", "import_job"}


def _plain(value: Any) -> Any:
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if hasattr(value, "name") and hasattr(value, "storage"):  # FieldFile
        return value.name or None
    return value


def change_value(value: Any) -> Any:
    """A value as a change records it, JSON-safe: a related record by its code (else its
    text), dates in ISO form, Decimals as text."""
    if type(value) in (int, str):
        return value
    if isinstance(value, models.Model):
        return getattr(value, "code", None) or str(value)
    return _plain(value)


def snapshot(instance: models.Model) -> dict[str, Any]:
    """The user-visible field values of a model instance, JSON-safe."""
    data: dict[str, Any] = {}
    for field in instance._meta.concrete_fields:
        if field.name in IGNORED_FIELDS:
            continue
        if isinstance(field, models.ForeignKey):
            related = getattr(instance, field.name, None)
            value = getattr(related, "code", None) or (str(related) if related else None)
        else:
            value = _plain(getattr(instance, field.attname))
        data[field.name] = value
    return data


def diff(before: dict[str, Any] | None, after: dict[str, Any] | None) -> dict[str, list]:
    """{field: [old, new]} for the fields that differ."""
    before = before or {}
    after = after or {}
    changes = {}
    for key in sorted(set(before) | set(after)):
        old, new = before.get(key), after.get(key)
        if old != new and not (old in (None, "") and new in (None, "")):
            changes[key] = [old, new]
    return changes


def _actor(actor, actor_name: str | None):
    """The user who acted (None for no user) and the name the event keeps."""
    actor_obj = actor if getattr(actor, "is_authenticated", False) else None
    name = (actor_name if actor_name is not None
            else getattr(actor_obj, "username", "") or "system")
    return actor_obj, name


def _subject(*, obj: models.Model | None = None, region=None, changes: dict | None = None,
             note: str = "", object_type: str = "", object_repr: str = "",
             address: str | None = None) -> dict[str, Any]:
    """The fields of one event that describe what it is about."""
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_repr = object_repr or str(obj)
        if region is None:
            region = getattr(obj, "region", None)
    return {
        "object_type": object_type,
        "object_id": str(obj.pk) if obj is not None and obj.pk is not None else "",
        "object_repr": object_repr[:300],
        "region": region if getattr(region, "pk", None) else None,
        "changes": changes or {},
        "note": note,
        "client_address": address or None,
    }


def audit_log(
    *,
    actor,
    action: str,
    obj: models.Model | None = None,
    region=None,
    changes: dict | None = None,
    note: str = "",
    object_type: str = "",
    object_repr: str = "",
    address: str | None = None,
    actor_name: str | None = None,
) -> AuditEvent:
    """Write one event. ``address`` is the client's (sign-ins); ``actor_name`` names an actor
    that is no user (default: the actor's username, else "system")."""
    actor_obj, name = _actor(actor, actor_name)
    return AuditEvent.objects.create(
        actor=actor_obj, actor_name=name, action=action,
        **_subject(obj=obj, region=region, changes=changes, note=note, object_type=object_type,
                   object_repr=object_repr, address=address),
    )


def audit_log_many(*, actor, action: str, events: Iterable[dict[str, Any]],
                   at: dt.datetime | None = None, actor_name: str | None = None) -> None:
    """Write many events of one actor and action at once: each of ``events`` holds what
    ``audit_log`` takes about its object (``obj``, ``region``, ``changes``, ``note``,
    ``object_type``, ``object_repr``, ``address``), and its row is the one ``audit_log`` would
    write, stamped ``at`` (default: now). For the thousands of records an import changes:
    the rows go to the driver in chunks (``ucj.core.bulk``), never all held at once. Call
    inside the writer's transaction."""
    actor_obj, name = _actor(actor, actor_name)
    stamp = {"at": at or timezone.now(), "actor_id": getattr(actor_obj, "pk", None),
             "actor_name": name, "action": action}

    def rows():
        for event in events:
            row = _subject(**event)
            region = row.pop("region")
            yield {**stamp, **row, "region_id": region.pk if region is not None else None}

    bulk.insert(AuditEvent, rows())
