"""What checking a file finds: the ``Plan`` that every step of the importer fills (the rows
that create a record, those that change one with the old and new values, those that change
nothing), its problems (``Problem``: row, column, value, reason, in the user's language), the
warnings to confirm, the digest the apply compares with the preview's, and the preview's
report. The values are shown as the pages show them (``display``)."""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import gc
import hashlib
from dataclasses import dataclass, field

from django.db import models
from django.utils.translation import gettext as _

from ucj.core.datasets import get_dataset
from ucj.core.formatting import format_date, format_decimal, format_int, format_month, format_rupiah
from ucj.imports.readers import column_letter
from ucj.imports.specs import CHOICE, DATE, INT, MONEY, MONTH, PERCENT, TEXT, Col, Spec
from ucj.regions.models import Region

# How much of each list a plan keeps for the preview; counts are always complete.
PREVIEW_LIMIT = 300
VALUE_SHOWN = 60  # characters of a bad value repeated in a message

@dataclass
class Problem:
    """One error: of the whole file (row None) or of a row, and then maybe of one cell."""

    reason: str
    row: int | None = None  # spreadsheet row number, 1 = the first row
    column: int | None = None  # 0-based column index
    label: str = ""
    value: str = ""

    @property
    def letter(self) -> str:
        return column_letter(self.column) if self.column is not None else ""

    @property
    def message(self) -> str:
        if self.row is None:
            return self.reason
        if self.column is not None:
            return _("Row %(row)s, column %(letter)s “%(column)s” (value “%(value)s”): "
                     "%(reason)s") % {"row": self.row, "letter": self.letter,
                                      "column": self.label, "value": self.value,
                                      "reason": self.reason}
        return _("Row %(row)s: %(reason)s") % {"row": self.row, "reason": self.reason}

    def as_dict(self) -> dict:
        return {"row": self.row, "column": self.letter, "label": self.label,
                "value": self.value, "reason": self.reason, "message": self.message}


@dataclass
class PlannedRow:
    row: int
    key: tuple
    label: str  # e.g. "Lombok Timur · Juni 2025 · BPU"
    values: dict[str, object]  # model field → new value (present columns only)
    instance: models.Model | None = None
    action: str = ""  # create | update | unchanged
    changes: dict[str, tuple] = field(default_factory=dict)  # field → (old, new)
    warnings: list[str] = field(default_factory=list)
    region: Region | None = None
    existing: tuple | None = None  # (pk, updated_at, compared values…) of the record it names


@dataclass
class Plan:
    dataset: str
    rows_total: int = 0  # data rows read (blank rows not counted)
    rows_skipped: int = 0  # template rows left unfilled
    problems: list[Problem] = field(default_factory=list)
    rows: list[PlannedRow] = field(default_factory=list)
    columns: dict[str, int] = field(default_factory=dict)  # present column key → index

    @property
    def file_errors(self) -> list[Problem]:
        return [p for p in self.problems if p.row is None]

    @property
    def is_valid(self) -> bool:
        return not self.problems

    @property
    def invalid_rows(self) -> int:
        return len({p.row for p in self.problems if p.row is not None})

    # The lists below are read after the plan is built (and then never change).
    def of(self, action: str) -> list[PlannedRow]:
        return [r for r in self.rows if r.action == action]

    @functools.cached_property
    def created(self) -> list[PlannedRow]:
        return self.of("create")

    @functools.cached_property
    def changed(self) -> list[PlannedRow]:
        return self.of("update")

    @functools.cached_property
    def unchanged(self) -> list[PlannedRow]:
        return self.of("unchanged")

    @functools.cached_property
    def warned(self) -> list[PlannedRow]:
        return [r for r in self.rows if r.warnings]

    @functools.cached_property
    def digest(self) -> str:
        """What applying would do, compared at apply time with what the preview showed. The
        file is the same stored file, so the plan can only differ through the database: the
        action of each row, the version of the record it changes, and the warnings."""
        h = hashlib.sha256(self.dataset.encode())
        lines = []
        for r in self.rows:
            instance = r.instance
            if r.action == "create":
                lines.append(f"{r.row}c{len(r.warnings)}")
            elif r.action == "update":
                lines.append(f"{r.row}u{instance.pk}:{instance.updated_at}:{len(r.warnings)}")
            else:
                lines.append(f"{r.row}=")
        h.update("\n".join(lines).encode())
        return h.hexdigest()

    def report(self, spec: Spec) -> dict:
        """A JSON-safe summary for the preview page (lists capped at PREVIEW_LIMIT)."""
        labels = {c.key: c.label for c in spec.columns}
        labels["region"] = labels["region_code"]

        by_key = {c.key: c for c in spec.columns}
        memo: dict = {}

        def shown(row: PlannedRow, key: str, value) -> str:
            try:
                return memo[(key, value)]
            except (KeyError, TypeError):
                col = by_key.get(key)
                text = display(col, value) if col else str(value)
                try:
                    memo[(key, value)] = text
                except TypeError:  # unhashable
                    pass
                return text

        return {
            "valid": self.is_valid,
            "counts": {"rows": self.rows_total, "skipped": self.rows_skipped,
                       "create": len(self.created), "update": len(self.changed),
                       "unchanged": len(self.unchanged), "invalid": self.invalid_rows,
                       "errors": len(self.problems), "warned": len(self.warned)},
            "errors": [p.as_dict() for p in self.problems[:PREVIEW_LIMIT]],
            "created": [{"row": r.row, "label": r.label,
                         "values": [[labels.get(k, k), shown(r, k, v)] for k, v in r.values.items()
                                    if k not in ("region", "allocation") and v not in (None, "")]}
                        for r in self.created[:PREVIEW_LIMIT]],
            "changed": [{"row": r.row, "label": r.label,
                         "changes": [[labels.get(k, k), shown(r, k, old), shown(r, k, new)]
                                     for k, (old, new) in r.changes.items()]}
                        for r in self.changed[:PREVIEW_LIMIT]],
            "warnings": [{"row": r.row, "label": r.label, "warnings": r.warnings}
                         for r in self.warned[:PREVIEW_LIMIT]],
            "submissions": self.submissions(limit=PREVIEW_LIMIT),
        }

    def submissions(self, limit: int | None = None) -> list[dict]:
        """The region × period units of submission the file's rows belong to (the first
        ``limit`` in code and period order)."""
        ds = get_dataset(self.dataset)
        found, periods = {}, {}
        for r in self.rows:
            value = r.values[ds.period_field]
            if value not in periods:
                periods[value] = period_key(value)
            found.setdefault((r.region.code, periods[value]), r.region.short_name)
        return [{"region": code, "name": found[(code, period)], "period": period}
                for code, period in sorted(found)[:limit]]


def display(col: Col | None, value) -> str:
    if value is None or value == "":
        return "–"
    if isinstance(value, models.Model):
        return getattr(value, "code", None) or str(value)
    kind = col.kind if col else TEXT
    if kind == MONEY:
        return format_rupiah(value)
    if kind in (INT,):
        return format_int(value)
    if kind == MONTH:
        return format_month(value)
    if kind == DATE:
        return format_date(value)
    if kind == PERCENT:
        return format_decimal(value, 2)
    if kind == CHOICE and col.choices:
        return str(col.choices(value).label) if value in col.choices.values else str(value)
    return str(value)


def shown_value(raw) -> str:
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    if isinstance(raw, dt.datetime):
        raw = raw.date() if raw.time() == dt.time() else raw
    text = str(raw).strip()
    return text if len(text) <= VALUE_SHOWN else text[:VALUE_SHOWN] + "…"


def period_key(value) -> str:
    """The period of submission a value names: ``2025-06`` for a month, ``2025`` for a year."""
    return f"{value:%Y-%m}" if isinstance(value, dt.date) else str(int(value))


@contextlib.contextmanager
def no_gc():
    """Pause the cyclic garbage collector while a plan is built or applied: with 100,000 rows
    alive, its repeated full scans cost more than the import itself. Nothing here makes
    reference cycles worth collecting."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
