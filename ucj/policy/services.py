"""Changing a policy value (``Cap.MANAGE_POLICY``: the province admin): validated against its
key, written in one transaction with its audit event (the key, the old and the new value);
an unchanged value writes nothing. Every process reads the new value after the commit
(``selectors``: a new stamp in the shared cache)."""

from __future__ import annotations

import uuid
from typing import Any

from django.apps import apps
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils.translation import gettext as _

from ucj.accounts.scope import Cap
from ucj.audit.models import Action
from ucj.audit.services import audit_log
from ucj.policy import selectors
from ucj.policy.keys import KEYS, Key, Kind
from ucj.policy.models import PolicyValue
from ucj.policy.tenancy import own_first, write_province
from ucj.regions.models import Region


def choices(spec: Key) -> list[tuple[str, str]]:
    """(code, name) of the rows a CHOICE/CHOICES key may name, in their table's order."""
    model = apps.get_model(spec.model)
    return [(row.code, getattr(row, "name", "") or row.code) for row in model.objects.all()]


def _number(spec: Key, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError(_("%(field)s: enter a whole number.") % {"field": spec.label})
    if not spec.minimum <= value <= spec.maximum:  # type: ignore[operator]
        raise ValidationError(_("%(field)s: enter a whole number from %(low)s to %(high)s.")
                              % {"field": spec.label, "low": spec.minimum,
                                 "high": spec.maximum})
    return value


def _texts(spec: Key, value: Any) -> list[str]:
    texts = [str(text).strip() for text in value or [] if str(text).strip()]
    if not texts:
        raise ValidationError(_("%(field)s: give at least one.") % {"field": spec.label})
    seen: set[str] = set()
    for text in texts:
        if text.casefold() in seen:
            raise ValidationError(_("%(field)s: “%(value)s” is listed twice.")
                                  % {"field": spec.label, "value": text})
        seen.add(text.casefold())
        if len(text) > 60:
            raise ValidationError(_("%(field)s: “%(value)s” is longer than 60 characters.")
                                  % {"field": spec.label, "value": text[:60]})
    return texts


def _codes(spec: Key, value: Any) -> str | list[str]:
    known = [code for code, _name in choices(spec)]
    wanted = [value] if spec.kind == Kind.CHOICE else list(value or [])
    unknown = [str(code) for code in wanted if code not in known]
    if unknown:
        raise ValidationError(_("%(field)s: “%(value)s” is not one of the choices.")
                              % {"field": spec.label, "value": ", ".join(unknown)})
    if spec.kind == Kind.CHOICE:
        if not value:
            raise ValidationError(_("%(field)s: choose one.") % {"field": spec.label})
        return str(value)
    return [code for code in known if code in wanted]  # the table's order, no duplicates


def clean_value(spec: Key, value: Any) -> Any:
    """The value as stored, or a ValidationError naming the field."""
    if spec.kind == Kind.NUMBER:
        return _number(spec, value)
    if spec.kind == Kind.TEXTS:
        return _texts(spec, value)
    return _codes(spec, value)


def _check_together(key: str, value: Any, province: Region | None) -> None:
    """Rules between keys: the working-age range must not be empty (the province's range: its
    own values over the national defaults)."""
    pair = {"working-age-min": "working-age-max", "working-age-max": "working-age-min"}
    if key not in pair:
        return
    other = own_first(PolicyValue.objects.filter(key=pair[key]), province).values_list(
        "value", flat=True).first()
    other = KEYS[pair[key]].default if other is None else other
    low, high = (value, other) if key == "working-age-min" else (other, value)
    if low > high:
        raise ValidationError(_("%(field)s: the lowest working age (%(low)s) is above the "
                                "highest (%(high)s).")
                              % {"field": KEYS[key].label, "low": low, "high": high})


def _published() -> None:
    cache.set(selectors.STAMP_KEY, uuid.uuid4().hex, timeout=None)
    selectors.forget()
    if not connection.in_atomic_block:  # else a test ran the callback inside its transaction
        setattr(connection, selectors.MARK, None)


@transaction.atomic
def policy_set(*, actor, key: str, value: Any, province: Region | None = None) -> PolicyValue:
    """Set the policy value ``key`` (its key's kind: a whole number, a list of texts, a code or
    a list of codes) for the actor's province (issue 21: a user's own province, or
    ``province`` within their scope); the system (``actor`` None) sets ``province``'s, or with
    None the national default."""
    province = write_province(actor, Cap.MANAGE_POLICY, province)
    spec = KEYS.get(key)
    if spec is None:
        raise ValidationError(_("Unknown policy value “%(key)s”.") % {"key": key})
    value = clean_value(spec, value)
    row = PolicyValue.objects.select_for_update().filter(key=key, province=province).first()
    inherited = (None if row is not None or province is None else
                 PolicyValue.objects.filter(key=key, province=None).first())
    current = row if row is not None else inherited
    before = current.value if current is not None else spec.default
    _check_together(key, value, province)
    if before == value and (row is not None or province is not None):
        return current or PolicyValue(key=key, value=value)  # unchanged: nothing written
    if row is None:
        row = PolicyValue(key=key, province=province)
    row.value, row.updated_by = value, actor
    row.save()
    audit_log(actor=actor, action=Action.UPDATE, obj=row, region=province,
              object_repr=str(spec.label), changes={key: [before, value]})
    # This transaction reads the database from now on and keeps nothing; everyone else loads
    # the values again once it commits.
    selectors.forget()
    setattr(connection, selectors.MARK, connection.atomic_blocks[0])
    transaction.on_commit(_published)
    return row
