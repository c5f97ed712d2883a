"""Audit events as a reader understands them (issue 19): each changed field under the label its
record page uses (``verbose_name``), each value as the pages show it (a choice's label, a
region's or an agency's name, a date as "25 Juli 2025", money as "Rp 1.234", a count as
"1.234"), never a model name, a field name or a raw code. The events keep what was written
(``changes`` JSON, field → [old, new]); this is only how they are shown, computed per page with
one query per kind of named record (regions, agencies)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ucj.core.datasets import all_datasets
from ucj.core.formatting import format_date, format_decimal, format_int, format_rupiah
from ucj.indicators.selectors import LABELS as INDICATOR_LABELS
from ucj.regions.models import Region

# Fields whose whole numbers are Rupiah, besides the datasets' money columns.
MONEY_FIELDS = {"amount", "amount_paid", "total_cost", "base_amount", "wage_cap", "cost",
                "monthly_wage", "continuing_cost", "new_cost"}


@dataclass(frozen=True)
class Change:
    label: str
    old: str
    new: str


def _model(object_type: str) -> type[models.Model] | None:
    try:
        return apps.get_model(object_type) if "." in object_type else None
    except (LookupError, ValueError):
        return None


def _money_keys() -> dict[type[models.Model], set[str]]:
    return {ds.model: {c.key for c in ds.columns if c.kind == "money"} for ds in all_datasets()}


def _field(model, key: str):
    if model is None:
        return None
    try:
        return model._meta.get_field(key)
    except FieldDoesNotExist:
        return None


# Keys some services write beside the model's own fields.
EXTRA_LABELS = {"evidence": gettext_noop("evidence"), "state": gettext_noop("state")}


def label_of(model, key: str) -> str:
    field = _field(model, key)
    name = getattr(field, "verbose_name", None)
    if name:
        return capfirst(str(name))
    return capfirst(_(EXTRA_LABELS[key]) if key in EXTRA_LABELS else key.replace("_", " "))


def _number(value: Any) -> str:
    try:
        d = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    if d == d.to_integral_value():
        return format_int(d)
    places = min(max(-d.normalize().as_tuple().exponent, 1), 6)
    return format_decimal(d, places)


def _when(value: str, field) -> str:
    """An ISO date ("2026-10-06") or date-time as the pages show it, in local time."""
    moment = parse_datetime(value) if "T" in value or isinstance(field, models.DateTimeField) else None
    if moment is not None:
        if timezone.is_aware(moment):
            moment = timezone.localtime(moment)
        return f"{format_date(moment.date())} {moment:%H:%M}"
    day = parse_date(value[:10])
    return format_date(day) if day else value


class _Shower:
    """Shows the values of one page of events; the region names come in one query."""

    def __init__(self, events: list):
        self.money = _money_keys()
        wanted: dict[type[models.Model], set[str]] = {}
        for event in events:
            model = _model(event.object_type)
            for key, pair in (event.changes or {}).items():
                related = _coded_relation(_field(model, key))
                if related is not None:
                    wanted.setdefault(related, set()).update(v for v in pair if isinstance(v, str))
        # one query per kind of related record on the page (regions, agencies, packages)
        self.names = {related: {obj.code: str(obj.name if related is Region else obj)
                                for obj in related.objects.filter(code__in=codes)}
                      for related, codes in wanted.items() if codes}

    def value(self, model, key: str, value: Any) -> str:
        if value is None or value == "" or value == []:
            return "–"
        field = _field(model, key)
        if isinstance(value, bool):
            return _("yes") if value else _("no")
        if isinstance(value, list):
            if key == "indicators":
                return ", ".join(str(INDICATOR_LABELS.get(v, v)) for v in value)
            return ", ".join(self.value(model, "", v) for v in value)
        if isinstance(value, dict):
            return ", ".join(f"{capfirst(str(k).replace('_', ' '))}: {self.value(None, '', v)}"
                             for k, v in value.items())
        if field is not None and getattr(field, "choices", None):
            return str(dict(field.flatchoices).get(value, value))
        related = _coded_relation(field)
        if related is not None:
            return self.names.get(related, {}).get(value, str(value))
        if key in MONEY_FIELDS or (model is not None and key in self.money.get(model, ())):
            try:
                return format_rupiah(Decimal(str(value)))
            except (InvalidOperation, ValueError):
                return str(value)
        if isinstance(value, (int, float, Decimal)) or (
                isinstance(field, (models.IntegerField, models.DecimalField, models.FloatField))):
            return _number(value)
        if isinstance(value, str) and (isinstance(field, (models.DateField, models.TimeField))
                                       or _looks_like_date(value)):
            return _when(value, field)
        return str(value)

    def changes(self, event) -> list[Change]:
        model = _model(event.object_type)
        return [Change(label_of(model, key), self.value(model, key, pair[0]),
                       self.value(model, key, pair[1]))
                for key, pair in (event.changes or {}).items()
                if isinstance(pair, (list, tuple)) and len(pair) == 2]


def _coded_relation(field) -> type[models.Model] | None:
    """The related model of a foreign key that the audit snapshot wrote as its ``code``."""
    if isinstance(field, models.ForeignKey):
        related = field.related_model
        if any(f.name == "code" for f in related._meta.concrete_fields):
            return related
    return None


def _looks_like_date(text: str) -> bool:
    try:
        dt.date.fromisoformat(text[:10])
    except ValueError:
        return False
    return len(text) == 10 or (len(text) > 10 and text[10] == "T")


def kind_of(object_type: str) -> str:
    """What kind of record an event is about ("Alokasi anggaran"), not its model's name."""
    model = _model(object_type)
    return capfirst(str(model._meta.verbose_name)) if model else ""


def label_events(events: Iterable) -> list:
    """The events with ``.labelled`` (their changes as ``Change`` rows) and ``.kind``."""
    events = list(events)
    shower = _Shower(events)
    for event in events:
        event.labelled = shower.changes(event)
        event.kind = kind_of(event.object_type)
    return events
