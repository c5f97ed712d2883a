"""Writing audit events. Every service that changes state calls ``audit_log`` inside its
transaction, so the change and its audit row commit or roll back together."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import models

from ucj.audit.models import AuditEvent

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
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_repr = object_repr or str(obj)
        if region is None:
            region = getattr(obj, "region", None)
    actor_obj = actor if getattr(actor, "is_authenticated", False) else None
    return AuditEvent.objects.create(
        actor=actor_obj,
        actor_name=(actor_name if actor_name is not None
                    else getattr(actor_obj, "username", "") or "system"),
        action=action,
        object_type=object_type,
        object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
        object_repr=object_repr[:300],
        region=region if getattr(region, "pk", None) else None,
        changes=changes or {},
        note=note,
        client_address=address or None,
    )
