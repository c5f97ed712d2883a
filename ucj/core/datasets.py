"""Datasets: the core monitoring records described once, served by the generic record views.

A ``Dataset`` says which model holds the records, how a record reaches its region (for the
scoping helper), which form and filters it uses, which columns its list and CSV export show,
and which named services write it. The domain apps register theirs in ``datasets.py``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import models
from django.http import Http404

from ucj.core import formatting


@dataclass(frozen=True)
class Column:
    """One column of a list, a detail page and the CSV export."""

    key: str  # dotted attribute path, e.g. "region.code" or "amount"
    label: Any  # lazy translated label
    kind: str = "text"  # text | int | money | month | date | decimal | choice | bool
    csv: str | None = None  # CSV header; None = not exported
    sort: str | None = None  # ORM field to sort by; None = not sortable
    total: bool = False  # sum it under the list
    in_list: bool = True
    csv_key: str | None = None  # another path for the CSV (a package's code; its name is shown)

    @property
    def is_numeric(self) -> bool:
        return self.kind in ("int", "money", "decimal")

    def raw(self, obj, key: str | None = None) -> Any:
        value = obj
        for part in (key or self.key).split("."):
            if value is None:
                return None
            value = getattr(value, part)
            if callable(value) and not isinstance(value, models.Model):
                value = value()
        return value

    def display(self, obj) -> str:
        owner = obj  # the object that holds the last attribute, for get_FOO_display()
        for part in self.key.split(".")[:-1]:
            owner = getattr(owner, part, None) if owner is not None else None
        return display_value(self.raw(obj), self.kind, obj=owner, key=self.key)

    def display_total(self, value) -> str:
        return display_value(value, self.kind)

    def csv_value(self, obj) -> Any:
        value = self.raw(obj, self.csv_key)
        if value is None:
            return ""
        if self.kind == "month" and isinstance(value, dt.date):
            return f"{value:%Y-%m}"
        if isinstance(value, (dt.date, dt.datetime)):
            return value.isoformat()
        if isinstance(value, Decimal):
            return format(value, "f")
        if isinstance(value, bool):
            return "1" if value else "0"
        if isinstance(value, models.Model):
            return str(value)
        return value


def display_value(value, kind: str, *, obj=None, key: str = "") -> str:
    if value is None or value == "":
        return "–"
    if kind == "money":
        return formatting.format_rupiah(value)
    if kind == "int":
        return formatting.format_int(value)
    if kind == "month":
        return formatting.format_month(value)
    if kind == "date":
        return formatting.format_date(value)
    if kind == "decimal":
        return formatting.format_decimal(value, 2)
    if kind == "choice" and obj is not None:
        getter = getattr(obj, f"get_{key.rsplit('.', 1)[-1]}_display", None)
        return str(getter()) if getter else str(value)
    if kind == "bool":
        from django.utils.translation import gettext

        return gettext("yes") if value else gettext("no")
    return str(value)


@dataclass(frozen=True)
class Dataset:
    slug: str
    model: type[models.Model]
    label: Any
    label_singular: Any
    description: Any
    region_path: str  # ORM path from the record to its Region, for the scoping helper
    region_levels: tuple[str, ...]  # levels a record may be kept at
    period_label: Any
    period_field: str  # "year", "fiscal_year" (an int) or "month" (a date, the 1st)
    columns: tuple[Column, ...]
    form_class: type
    filterset_class: type
    create: Callable[..., models.Model]
    update: Callable[..., models.Model]
    delete: Callable[..., None]
    instance_kwarg: str  # keyword the update/delete services take the record by
    default_sort: tuple[str, ...]
    select_related: tuple[str, ...] = ()
    # What tells a dataset's records of one region and period apart (e.g. the segment).
    row_key: tuple[str, ...] = ()
    detail_extra_template: str = ""  # a template shown under the detail table, if any

    # --- periods: a year ("2025") or a month ("2025-06"), the unit of submission --------------
    @property
    def is_monthly(self) -> bool:
        return self.period_field == "month"

    def period_key(self, record) -> str:
        value = getattr(record, self.period_field)
        return f"{value:%Y-%m}" if isinstance(value, dt.date) else str(int(value))

    def period_filter(self, key: str) -> dict:
        """ORM filter selecting the records of a period key."""
        if self.is_monthly:
            year, month = key.split("-")
            return {self.period_field: dt.date(int(year), int(month), 1)}
        return {self.period_field: int(key)}

    def row_label(self, record) -> str:
        """A record's name within its region and period, e.g. "BPU" or "murni · dbhcht"."""
        parts = []
        for path in self.row_key:
            value = record
            for attr in path.split("."):
                value = getattr(value, attr)
            parts.append(str(value))
        return " · ".join(parts) or "–"

    @property
    def region_id_path(self) -> str:
        return f"{self.region_path}_id"

    @property
    def list_columns(self) -> list[Column]:
        return [c for c in self.columns if c.in_list]

    @property
    def csv_columns(self) -> list[Column]:
        return [c for c in self.columns if c.csv]

    @property
    def sortable(self) -> dict[str, str]:
        return {c.sort: c.sort for c in self.columns if c.sort}


_REGISTRY: dict[str, Dataset] = {}


def register(dataset: Dataset) -> Dataset:
    _REGISTRY[dataset.slug] = dataset
    return dataset


def get_dataset(slug: str) -> Dataset:
    try:
        return _REGISTRY[slug]
    except KeyError:
        raise Http404 from None


def all_datasets() -> list[Dataset]:
    order = ["denominators", "participation", "commitments", "allocations", "realizations"]
    return sorted(_REGISTRY.values(), key=lambda d: order.index(d.slug) if d.slug in order else 99)
