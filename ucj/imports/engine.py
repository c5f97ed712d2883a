"""The importer: read the header, validate every row, plan, and apply the plan in one
transaction. Nothing is written unless every row is valid.

``build_plan`` never writes. It returns a ``Plan``: the rows that create a record, those that
change one (with the old and new values) and those that change nothing; the row errors (row,
column, value, reason, in the user's language); and the plausibility warnings that the user
must confirm. ``apply_plan`` writes a valid plan with bulk queries, one audit event per record
created or changed, inside the caller's transaction.

The same rules as the forms apply (scope, approval lock, the models' ``clean()``, the
warnings), but answered from data loaded once (``BatchLookups``) rather than a query per row.
"""

from __future__ import annotations

import bisect
import contextlib
import datetime as dt
import functools
import gc
import hashlib
import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from ucj.accounts.scope import can_write
from ucj.audit.models import Action, AuditEvent
from ucj.audit.services import _plain
from ucj.budget.models import Allocation, ContributionPackage, TariffRate, payer_error
from ucj.core import bulk
from ucj.core.datasets import get_dataset
from ucj.core.formatting import format_date, format_decimal, format_int, format_month, format_rupiah
from ucj.core.lookups import NEARBY_MONTHS, DbLookups, month_shift
from ucj.core.models import PAYER_OF_FUND, payer_default
from ucj.coverage.models import ParticipationSnapshot, WorkforceDenominator
from ucj.imports import cells
from ucj.imports.readers import ReadError, Table, check_field_counts, column_letter
from ucj.imports.specs import (
    CHOICE,
    DATE,
    IGNORED_HEADERS,
    INT,
    MONEY,
    MONTH,
    MONTH_NUMBER,
    NAME,
    PACKAGE,
    PERCENT,
    REGION,
    TEXT,
    YEAR,
    Col,
    Spec,
    get_spec,
    normalize,
)
from ucj.regions.models import Level, Region
from ucj.submissions.models import EDITABLE_STATES
from ucj.submissions.selectors import states_for

# How many rows the header may be shifted down and still be recognised as shifted.
HEADER_SEARCH_ROWS = 15
# How much of each list a plan keeps for the preview; counts are always complete.
PREVIEW_LIMIT = 300
VALUE_SHOWN = 60  # characters of a bad value repeated in a message

FIELD_MAX = {
    "PositiveSmallIntegerField": 32_767,
    "PositiveIntegerField": 2_147_483_647,
    "PositiveBigIntegerField": 9_223_372_036_854_775_807,
}


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
                periods[value] = _period_key(value)
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


def _shown_value(raw) -> str:
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    if isinstance(raw, dt.datetime):
        raw = raw.date() if raw.time() == dt.time() else raw
    text = str(raw).strip()
    return text if len(text) <= VALUE_SHOWN else text[:VALUE_SHOWN] + "…"


# --- the header --------------------------------------------------------------------------------

def header_row_index(rows, recognised, *, search: int = HEADER_SEARCH_ROWS) -> int | None:
    """Where a table's header row is (0-based): row 1 when ``recognised(row)`` finds a known
    column name in it, else the first of the next rows (up to row ``search``) naming at least
    two (a title row or two above the header); None when no row does. The imports refuse a
    header below row 1 (a template is used unchanged); the beneficiary registry reads the
    rows below it."""
    if rows and recognised(rows[0]) > 0:
        return 0
    for index, row in enumerate(rows[1:search], start=1):
        if recognised(row) >= 2:
            return index
    return None


def read_header(spec: Spec, table: Table) -> tuple[dict[str, int], list[Problem]]:
    """Map each column key to its index, from row 1. Problems if row 1 is not the header."""
    rows = table.rows
    if not rows or all(cells.is_blank(v) for row in rows for v in row):
        return {}, [Problem(_("The file holds no data: the sheet is empty."))]

    def recognised(row) -> int:
        return sum(1 for v in row if normalize(v) in spec.by_header)

    header = rows[0]
    at = header_row_index(rows, recognised)
    if at != 0:
        if at is not None:
            return {}, [Problem(_(
                "The column headers are in row %(row)s, not in row 1. Delete the rows above "
                "the headers (or use the template unchanged) and upload again."
            ) % {"row": at + 1})]
        return {}, [Problem(_(
            "Row 1 does not hold the column headers of the template (e.g. “%(example)s”). Use "
            "the template of this dataset, or put its column headers in row 1."
        ) % {"example": "”, “".join(c.label for c in spec.required[:3])})]
    first = next(i for i, v in enumerate(header) if not cells.is_blank(v))
    problems: list[Problem] = []
    if first > 0:
        return {}, [Problem(_(
            "The column headers start in column %(letter)s instead of column A: the columns have "
            "shifted. Delete the empty columns before them and upload again."
        ) % {"letter": column_letter(first)})]
    found: dict[str, int] = {}
    for index, value in enumerate(header):
        if cells.is_blank(value):
            continue
        name = normalize(value)
        if name in IGNORED_HEADERS:
            continue
        col = spec.by_header.get(name)
        if col is None:
            problems.append(Problem(_(
                "Column %(letter)s has the header “%(header)s”, which this dataset does not have. "
                "Known columns: %(known)s."
            ) % {"letter": column_letter(index), "header": _shown_value(value),
                 "known": ", ".join(f"“{c.label}”" for c in spec.columns)}))
        elif col.key in found:
            problems.append(Problem(_(
                "The column “%(header)s” appears twice (columns %(first)s and %(second)s)."
            ) % {"header": col.label, "first": column_letter(found[col.key]),
                 "second": column_letter(index)}))
        else:
            found[col.key] = index
    missing = [c.label for c in spec.required if c.key not in found]
    if missing:
        problems.append(Problem(_(
            "Required columns are missing from row 1: %(columns)s."
        ) % {"columns": ", ".join(f"“{m}”" for m in missing)}))
    return found, problems


# --- cells -------------------------------------------------------------------------------------

def _field_maximum(model, name: str) -> int | None:
    try:
        return FIELD_MAX.get(model._meta.get_field(name).get_internal_type())
    except Exception:
        return None


def parse_cell(col: Col, raw, *, model, packages: dict[str, ContributionPackage]):
    """The value of one filled cell, or CellError."""
    return make_parser(col, model=model, packages=packages)(raw)


# Columns whose few distinct values repeat on every row: their parses are remembered.
REPEATING = {REGION, YEAR, MONTH, MONTH_NUMBER, CHOICE, PACKAGE}


def make_parser(col: Col, *, model, packages: dict[str, ContributionPackage]):
    """A function parsing the cells of one column (raising CellError)."""
    if col.kind == REGION:
        parse = cells.region_code
    elif col.kind in (INT, MONEY):
        maximum = col.maximum if col.maximum is not None else _field_maximum(model, col.key)
        minimum = col.minimum

        def parse(raw):
            kind = type(raw)  # fast paths for what most cells hold; the rest, and every
            if kind is str and raw.isdigit() and raw.isascii():  # error, go the long way
                number = int(raw)
            elif kind is float and raw.is_integer():
                number = int(raw)
            elif kind is int:
                number = raw
            else:
                return cells.whole_number(raw, minimum=minimum, maximum=maximum)
            if minimum <= number and (maximum is None or number <= maximum):
                return number
            return cells.whole_number(raw, minimum=minimum, maximum=maximum)
    elif col.kind == YEAR:
        parse = cells.year
    elif col.kind == MONTH:
        parse = cells.month
    elif col.kind == MONTH_NUMBER:
        parse = cells.month_number
    elif col.kind == DATE:
        parse = cells.date
    elif col.kind == PERCENT:
        parse = cells.percentage
    elif col.kind == CHOICE:
        options, shown = col.choice_options(), col.choice_labels()

        def parse(raw):
            return cells.choice(raw, options, shown)
    elif col.kind == PACKAGE:
        def parse(raw):
            code = cells.text(raw).lower()
            if code not in packages:
                raise cells.CellError(_("not a contribution package; use one of: %(codes)s.")
                                      % {"codes": ", ".join(sorted(packages)) or "–"})
            return packages[code]
    else:
        max_length = col.max_length

        def parse(raw):
            return cells.text(raw, max_length=max_length)
    if col.kind not in REPEATING:
        return parse
    memo: dict = {}

    def remembered(raw):
        try:
            key = (type(raw), raw)
            found = memo.get(key)
        except TypeError:  # unhashable: parse it each time
            return parse(raw)
        if found is None:
            try:
                found = memo[key] = (parse(raw), None)
            except cells.CellError as exc:
                found = memo[key] = (None, exc)
        if found[1] is not None:
            raise found[1]
        return found[0]

    return remembered


def _percent_parser(column: int, percent_cells: set[tuple[int, int]]):
    """A percentage column of a workbook: a cell formatted as a percentage holds the fraction
    it shows (1 shows 100%), any other cell the percentage itself. The row is found from the
    value's place, so the parser is called with (row index, value)."""

    def parse(raw, *, row_index: int):
        return cells.percentage(raw, percent_cell=(row_index, column) in percent_cells)

    parse.by_row = True
    return parse


def blank_value(col: Col, model):
    """What a blank cell of an optional column means: no value, or the field's default."""
    try:
        model_field = model._meta.get_field(col.key)
    except Exception:
        return None
    if model_field.null:
        return None
    if model_field.has_default():
        return model_field.get_default()
    return ""


# --- what the warnings need, loaded once ------------------------------------------------------

class BatchLookups(DbLookups):
    """Answers the plausibility checks from the database as it is plus the rows of the file."""

    def __init__(self):
        self.denominators: dict[tuple[int, int], WorkforceDenominator | None] = {}
        self.active: dict[tuple[int, dt.date], dict[str, int]] = defaultdict(dict)
        self.realized: dict[int, dict[dt.date, int]] = defaultdict(dict)
        self.realized_totals: dict[int, int] = {}  # filled on first use, after loading
        self.active_totals: dict[tuple, int] = {}  # likewise
        self.rates: dict[int, list[TariffRate]] = defaultdict(list)
        self._latest: dict[tuple[int, int], tuple[dt.date | None, int]] = {}
        # for the plausibility rules (ucj/core/plausibility.py), the file's rows laid over:
        self._today: dt.date | None = None  # one day for the whole import
        self.denominator_years: dict[int, dict[int, WorkforceDenominator]] = defaultdict(dict)
        self.series: dict[tuple[int, str], dict[dt.date, int]] = defaultdict(dict)
        self._series_months: dict[tuple[int, str], list[dt.date]] = {}  # sorted, on first use
        self.allocations: dict[tuple, Allocation] = {}  # natural key → allocation

    def load_denominators(self, region_ids, years) -> None:
        for d in WorkforceDenominator.objects.filter(region_id__in=region_ids, year__in=years):
            self.denominators[(d.region_id, d.year)] = d

    def load_active(self, region_ids, months) -> None:
        rows = (ParticipationSnapshot.objects.filter(region_id__in=region_ids, month__in=months)
                .values_list("region_id", "month", "segment", "active"))
        for region_id, month, segment, active in rows:
            self.active[(region_id, month)][segment] = active

    def load_latest_active(self, region_ids, years) -> None:
        rows = (ParticipationSnapshot.objects
                .filter(region_id__in=region_ids, month__year__in=years)
                .values("region_id", "month").annotate(total=Sum("active")))
        for row in rows:
            key = (row["region_id"], row["month"].year)
            if key not in self._latest or row["month"] > self._latest[key][0]:
                self._latest[key] = (row["month"], row["total"] or 0)

    def load_realized(self, allocation_ids) -> None:
        from ucj.budget.models import Realization

        rows = (Realization.objects.filter(allocation_id__in=allocation_ids)
                .values_list("allocation_id", "month", "amount_paid"))
        for allocation_id, month, amount in rows:
            self.realized[allocation_id][month] = amount

    def load_rates(self) -> None:
        for rate in TariffRate.objects.order_by("-valid_from"):
            self.rates[rate.package_id].append(rate)

    def load_denominator_years(self, region_ids) -> None:
        """Every year's denominator of the regions (a region has one a year: a small table)."""
        for d in WorkforceDenominator.objects.filter(region_id__in=region_ids):
            self.denominator_years[d.region_id][d.year] = d

    def load_active_series(self, region_ids, months) -> None:
        """Active participants per region, segment and month, NEARBY_MONTHS around the file's."""
        first = month_shift(min(months), -NEARBY_MONTHS)
        last = month_shift(max(months), NEARBY_MONTHS)
        rows = (ParticipationSnapshot.objects
                .filter(region_id__in=region_ids, month__gte=first, month__lte=last)
                .values_list("region_id", "segment", "month", "active"))
        for region_id, segment, month, active in rows:
            self.series[(region_id, segment)][month] = active

    def load_allocations(self, region_ids, years) -> None:
        fields = ("id", "region_id", "fiscal_year", "stage", "funding_source", "payer", "amount",
                  "workers_planned", "start_month", "months_covered")
        for a in Allocation.objects.filter(region_id__in=region_ids,
                                           fiscal_year__in=years).only(*fields):
            self.allocations[(a.region_id, a.fiscal_year, a.stage, a.funding_source, a.payer)] = a

    # the DbLookups interface
    def denominator(self, region, year: int):
        return self.denominators.get((region.id, year))

    def active_total(self, region, month, exclude_segment=None) -> int:
        key = (region.id, month)
        by_segment = self.active.get(key)
        if not by_segment:
            return 0
        total = self.active_totals.get(key)
        if total is None:
            total = self.active_totals[key] = sum(by_segment.values())
        return total - by_segment.get(exclude_segment, 0)

    def latest_active_in_year(self, region, year: int):
        return self._latest.get((region.id, year), (None, 0))

    def realized_total(self, allocation, exclude_month=None) -> int:
        if not allocation.id:
            return 0
        by_month = self.realized.get(allocation.id)
        if not by_month:
            return 0
        total = self.realized_totals.get(allocation.id)
        if total is None:
            total = self.realized_totals[allocation.id] = sum(by_month.values())
        return total - by_month.get(exclude_month, 0)

    def tariff(self, package, on):
        for rate in self.rates.get(package.id, []):  # newest first
            if rate.valid_from <= on and (rate.valid_to is None or rate.valid_to >= on):
                return rate
        return None

    def today(self) -> dt.date:
        if self._today is None:
            self._today = super().today()
        return self._today

    def denominator_nearby(self, region, year: int):
        years = self.denominator_years.get(region.id)
        if not years:
            return None
        earlier = [y for y in years if y < year]
        if earlier:
            return years[max(earlier)]
        later = [y for y in years if y > year]
        return years[min(later)] if later else None

    def active_nearby(self, region, segment: str, month: dt.date):
        key = (region.id, segment)
        by_month = self.series.get(key)
        if not by_month:
            return None, 0
        months = self._series_months.get(key)
        if months is None:
            months = self._series_months[key] = sorted(by_month)
        at = bisect.bisect_left(months, month)
        if at > 0 and months[at - 1] >= month_shift(month, -NEARBY_MONTHS):
            return months[at - 1], by_month[months[at - 1]]
        at = bisect.bisect_right(months, month)
        if at < len(months) and months[at] <= month_shift(month, NEARBY_MONTHS):
            return months[at], by_month[months[at]]
        return None, 0

    def allocation_of(self, region, fiscal_year, stage, funding_source, payer, exclude_pk=None):
        found = self.allocations.get((region.id, fiscal_year, stage, funding_source, payer))
        if found is None or (exclude_pk is not None and found.pk == exclude_pk):
            return None
        return found


# --- the plan ----------------------------------------------------------------------------------

def _warnings_function(slug: str):
    from ucj.budget import services as budget
    from ucj.coverage import services as coverage

    return {
        "denominators": coverage.denominator_warnings,
        "participation": coverage.participation_warnings,
        "commitments": budget.commitment_warnings,
        "allocations": budget.allocation_warnings,
        "realizations": budget.realization_warnings,
    }[slug]


def _period_key(value) -> str:
    return f"{value:%Y-%m}" if isinstance(value, dt.date) else str(int(value))


@contextlib.contextmanager
def _no_gc():
    """Pause the cyclic garbage collector: with 100,000 rows alive, its repeated full scans
    cost more than the import itself. Nothing here makes reference cycles worth collecting."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def build_plan(*, actor, dataset: str, table: Table) -> Plan:
    with _no_gc():
        return _build_plan(actor=actor, dataset=dataset, table=table)


def _build_plan(*, actor, dataset: str, table: Table) -> Plan:
    spec = get_spec(dataset)
    ds = get_dataset(dataset)
    model = ds.model
    plan = Plan(dataset=dataset)
    columns, problems = read_header(spec, table)
    plan.columns = columns
    if not problems:
        try:
            check_field_counts(table, 0)
        except ReadError as exc:
            problems = [Problem(exc.message)]
    if problems:
        plan.problems = problems
        return plan

    packages = {p.code.lower(): p for p in ContributionPackage.objects.all()}
    present = [spec.column(k) for k in columns]
    slots = [c for c in present if c.kind != NAME]
    value_indexes = [columns[c.key] for c in present if not c.prefill and c.kind != NAME]
    problems = plan.problems

    def blank(v) -> bool:
        return v is None or v == "" or (type(v) is str and v.isspace())

    # 1. The rows that hold data: not blank, not a template row left unfilled.
    rows = table.rows
    width = max(columns.values()) + 1
    numbers: list[int] = []
    data: list[list] = []
    for index in range(1, len(rows)):
        raw_row = rows[index]
        if len(raw_row) < width:  # CSV lines may stop early
            raw_row = list(raw_row) + [None] * (width - len(raw_row))
        if cells.row_is_blank(raw_row):
            continue  # blank rows, e.g. trailing ones
        plan.rows_total += 1
        if value_indexes and all(blank(raw_row[i]) for i in value_indexes):
            plan.rows_skipped += 1  # a template row left unfilled: only its pre-filled cells
            continue
        numbers.append(index + 1)
        data.append(raw_row)

    # Every cell parsed on its own, a column at a time (one tight loop per column). A cell in
    # error leaves None and a problem naming its row, column, value and reason.
    parsed_columns = []
    for col in slots:
        i = columns[col.key]
        parse = make_parser(col, model=model, packages=packages)
        if col.kind == PERCENT and table.percent_cells:
            parse = _percent_parser(i, table.percent_cells)
        by_row = getattr(parse, "by_row", False)
        # An optional key column (the payer) left blank reads "" (derived below); None is an
        # error, already reported.
        default = None if col.required else ("" if col.natural_key else blank_value(col, model))
        out: list = []
        append = out.append
        for number, raw_row in zip(numbers, data, strict=True):
            value = raw_row[i]
            if value is None or value == "" or (value.__class__ is str and value.isspace()):
                if col.required:
                    problems.append(Problem(_("must be filled in."), number, i, col.label, ""))
                append(default)
                continue
            try:
                append(parse(value, row_index=number - 1) if by_row else parse(value))
            except cells.CellError as exc:
                problems.append(Problem(exc.reason, number, i, col.label, _shown_value(value)))
                append(None)
        parsed_columns.append(out)
    keys = [col.key for col in slots]
    parsed = [(number, dict(zip(keys, values, strict=True)))
              for number, values in zip(numbers, zip(*parsed_columns, strict=True), strict=True)
              ] if keys else []
    del data

    # 2. Regions: known, at the right level, and in the user's scope.
    codes = {v["region_code"] for _, v in parsed if "region_code" in v}
    regions = {r.code: r for r in Region.objects.filter(code__in=codes).defer("geometry")}
    region_col = columns["region_code"]
    region_label = spec.column("region_code").label
    level_names = ", ".join(str(Level(level).label) for level in ds.region_levels)
    writable: dict[str, bool] = {}
    key_keys = [c.key for c in spec.natural_key if c.key != "region_code"]
    payer_col = next((c for c in spec.columns if c.key == "payer"), None)
    rows: list[PlannedRow] = []
    seen: dict[tuple, int] = {}
    for number, values in parsed:
        code = values.get("region_code")
        if code is None:
            continue
        region = regions.get(code)
        reason = None
        if region is None:
            reason = _("no region has this Kemendagri code.")
        elif region.level not in ds.region_levels:
            reason = _("this dataset is kept per %(levels)s, and this code is a %(level)s.") % {
                "levels": level_names, "level": Level(region.level).label}
        else:
            if code not in writable:
                writable[code] = can_write(actor, region, dataset=dataset)
            if not writable[code]:
                reason = _("%(region)s is outside the regions you may enter data for.") % {
                    "region": region.short_name}
        if reason:
            plan.problems.append(Problem(reason, number, region_col, region_label, code))
            continue
        if payer_col is not None and not _settle_payer(values, region, number, columns,
                                                       payer_col, plan):
            continue
        key = (region.id, *[values.get(k) for k in key_keys])
        if any(k is None for k in key):
            continue  # a key cell had an error, already reported
        if key in seen:
            plan.problems.append(Problem(_(
                "the same record appears twice in the file (also in row %(row)s)."
            ) % {"row": seen[key]}, number))
            continue
        seen[key] = number
        values["region"] = region
        rows.append(PlannedRow(row=number, key=key, label="", values=values, region=region))

    bad_rows = {p.row for p in plan.problems}
    rows = [r for r in rows if r.row not in bad_rows]
    lookups = BatchLookups()
    settable = [c.key for c in present if c.settable and _is_field(model, c.key)]
    if payer_col is not None and "payer" not in settable and _is_field(model, "payer"):
        settable.append("payer")  # no column: the derived payer is written
    _attach_existing(spec, rows, plan, settable)
    bad_rows = {p.row for p in plan.problems}
    rows = [r for r in rows if r.row not in bad_rows]

    # 3. Build each new record, compare each existing one, clean, check the lock.
    _LABELS.clear()
    compared = _compared(model, settable)
    factory = bulk.Factory(model)
    for r in rows:
        _plan_row(r, spec, settable, compared, factory)
    _load_changed(ds, [r for r in rows if r.action == "update"])
    for r in rows:
        if r.action != "unchanged":
            _clean(r, plan, columns, spec)
    _check_locks(ds, rows, plan)

    # 4. Plausibility warnings, for what would be written.
    _load_lookups(dataset, rows, lookups)
    warn = _warnings_function(dataset)
    bad_rows = {p.row for p in plan.problems}
    rows = [r for r in rows if r.row not in bad_rows]
    for r in rows:
        if r.action in ("create", "update"):
            r.warnings = [*_sheet_warnings(r, table, columns, spec),
                          *(str(w) for w in warn(r.instance, lookups))]
    plan.rows = rows
    plan.problems.sort(key=lambda p: (p.row or 0, p.column if p.column is not None else -1))
    return plan


def _settle_payer(values: dict, region: Region, number: int, columns: dict[str, int],
                  col: Col, plan: Plan) -> bool:
    """The row's payer before it is matched: a blank (or absent) payer becomes the one its fund
    implies (DBHCHT: the level of the row's region); a payer that does not fit the fund or the
    region is refused, naming the row and column. False when the row cannot be matched."""
    payer, fund = values.get("payer", ""), values.get("funding_source")
    if payer is None or fund is None:
        return False  # a cell error, already reported
    if payer == "":
        values["payer"] = payer_default(funding_source=fund, region_level=region.level)
        return True
    message = payer_error(payer=payer, funding_source=fund, region_level=region.level)
    if message:
        plan.problems.append(Problem(str(message).rstrip(".") + ".", number,
                                     columns.get("payer"), col.label, display(col, payer)))
        return False
    return True


_REGION_WORDS = re.compile(r"^(kabupaten|kab\.?|kota|provinsi|prov\.?)\s+")


def _name_key(name) -> str:
    """A region name compared without case, spacing, punctuation or its kind (Kabupaten,
    Kab., Kota, Provinsi)."""
    text = re.sub(r"\s+", " ", str(name)).strip().lower()
    text = _REGION_WORDS.sub("", text)
    return re.sub(r"[^0-9a-z]", "", text)


def _sheet_warnings(r: PlannedRow, table: Table, columns: dict[str, int], spec: Spec) -> list[str]:
    """What the row says besides its values: a region name that is not the coded region's,
    a hidden row, a filled cell in a hidden column."""
    warnings = []
    raw = table.rows[r.row - 1]
    name_at = columns.get("region_name")
    if name_at is not None and name_at < len(raw) and not cells.is_blank(raw[name_at]):
        written = _shown_value(raw[name_at])
        if _name_key(written) not in {_name_key(r.region.name), _name_key(r.region.short_name)}:
            warnings.append(_(
                "the region name “%(name)s” is not that of code %(code)s (%(region)s); the row "
                "is entered for %(region)s. Check the code."
            ) % {"name": written, "code": r.region.code, "region": r.region.name})
    if r.row - 1 in table.hidden_rows:
        warnings.append(_("row %(row)s is hidden in the spreadsheet; check that it belongs in the "
                          "file.") % {"row": r.row})
    for key, index in columns.items():
        if index in table.hidden_columns and index < len(raw) and not cells.is_blank(raw[index]):
            warnings.append(_("column %(letter)s (“%(label)s”) is hidden in the spreadsheet; "
                              "check its value.") % {"letter": column_letter(index),
                                                     "label": spec.column(key).label})
    return warnings


def _is_field(model, name: str) -> bool:
    try:
        model._meta.get_field(name)
    except Exception:
        return False
    return True


def _compared(model, settable: list[str]) -> list[str]:
    """The columns read to compare a record with its row: attnames of the settable fields."""
    return [model._meta.get_field(k).attname for k in settable]


def _attach_existing(spec: Spec, rows: list[PlannedRow], plan: Plan, settable: list[str]) -> None:
    """Find the record each row names (one query, lean: its key, version and the compared
    values only), and for realizations its allocation."""
    if not rows:
        return
    ds = get_dataset(spec.slug)
    lean = ["pk", "updated_at", *_compared(ds.model, settable)]
    region_ids = {r.region.id for r in rows}
    if spec.slug == "realizations":
        allocations = {
            (a.region_id, a.fiscal_year, a.stage, a.funding_source, a.payer): a
            for a in Allocation.objects.filter(
                region_id__in=region_ids, fiscal_year__in={r.key[1] for r in rows}
            ).select_related("package")
        }
        for r in rows:
            allocation = allocations.get(r.key[:5])
            if allocation is None:
                source = display(spec.column("funding_source"), r.key[3])
                if r.key[3] not in PAYER_OF_FUND:  # DBHCHT: whose
                    source += f" ({display(spec.column('payer'), r.key[4])})"
                plan.problems.append(Problem(_(
                    "there is no allocation of %(region)s for fiscal year %(year)s, %(stage)s, "
                    "%(source)s. Enter the allocation first."
                ) % {"region": r.region.short_name, "year": r.key[1],
                     "stage": display(spec.column("stage"), r.key[2]),
                     "source": source}, r.row))
                continue
            allocation._state.fields_cache["region"] = r.region  # the same region object
            r.values["allocation"] = allocation
        existing = {
            (row[0], row[1]): row[2:] for row in ds.model.objects.filter(
                allocation_id__in={a.pk for a in allocations.values()},
                month__in={r.key[5] for r in rows}).values_list("allocation_id", "month", *lean)
        }
        for r in rows:
            if "allocation" in r.values:
                r.existing = existing.get((r.values["allocation"].id, r.key[5]))
        return
    key_fields = [c.key for c in spec.natural_key if c.key != "region_code"]
    filters = {"region_id__in": region_ids}
    for i, name in enumerate(key_fields, start=1):
        filters[f"{name}__in"] = {r.key[i] for r in rows}
    width = 1 + len(key_fields)
    existing = {row[:width]: row[width:] for row in ds.model.objects.filter(**filters)
                .values_list("region_id", *key_fields, *lean)}
    for r in rows:
        r.existing = existing.get(r.key)


def _load_changed(ds, rows: list[PlannedRow]) -> None:
    """The full records of the rows that change them (in batches of ids), with the objects the
    rules read (region, allocation, package) attached from memory, and the changes applied.
    ``flags`` and ``import_job`` are not read: applying sets them."""
    if not rows:
        return
    packages = ContributionPackage.objects.in_bulk() if ds.slug == "allocations" else {}
    ids = [r.existing[0] for r in rows]
    found = {}
    for start in range(0, len(ids), 5000):
        found.update((x.pk, x) for x in ds.model.objects.filter(pk__in=ids[start:start + 5000])
                     .defer("flags", "import_job"))
    for r in rows:
        instance = found[r.existing[0]]
        cache = instance._state.fields_cache
        if "allocation" in r.values:
            cache["allocation"] = r.values["allocation"]
        else:
            cache["region"] = r.region
        if packages:
            cache["package"] = packages[instance.package_id]
        for name, (_old, new) in list(r.changes.items()):
            r.changes[name] = (getattr(instance, name), new)
            setattr(instance, name, new)
        r.instance = instance


_LABELS: dict = {}  # (column key, value) → its display, within one plan


def _label(spec: Spec, r: PlannedRow) -> str:
    region_id = r.region.id
    if region_id not in _LABELS:
        _LABELS[region_id] = r.region.short_name
    parts = [_LABELS[region_id]]
    for col in spec.key_columns:
        value = r.values.get(col.key)
        if col.key == "segment":
            parts.append(str(value))  # PU, BPU …: the codes are the names
        elif col.key != "region_code":
            key = (col.key, value)
            if key not in _LABELS:
                _LABELS[key] = display(col, value)
            parts.append(_LABELS[key])
    return " · ".join(parts)


def _plan_row(r: PlannedRow, spec: Spec, settable: list[str], compared: list[str],
              factory) -> None:
    """Decide what a row does: create a record, change it (which values), or nothing."""
    r.label = _label(spec, r)
    values = r.values
    new_values = {k: values[k] for k in settable if k in values}
    if r.existing is None:
        extra = {"allocation": values["allocation"]} if "allocation" in values else {
            "region": r.region}
        r.instance = factory(**extra, **new_values)
        r.action = "create"
        r.values = {**new_values, **extra}
        return
    old_values = r.existing[2:]
    for name, attname, old in zip(settable, compared, old_values, strict=True):
        if name not in new_values:
            continue
        new = new_values[name]
        if attname != name:  # a foreign key: compare the ids
            if old != (new.pk if new is not None else None):
                r.changes[name] = (old, new)
        elif _differs(old, new):
            r.changes[name] = (old, new)
    r.action = "update" if r.changes else "unchanged"


def _clean(r: PlannedRow, plan: Plan, columns: dict, spec: Spec) -> None:
    """The model's own rules, on the record as it would be saved."""
    try:
        r.instance.clean()
    except ValidationError as exc:
        for name, messages in (exc.message_dict.items() if hasattr(exc, "error_dict")
                               else [("", exc.messages)]):
            index = columns.get(name)
            value = r.values.get(name, "")
            plan.problems.append(Problem(
                " ".join(str(m) for m in messages).rstrip(".") + ".", r.row,
                index, spec.column(name).label if index is not None else "",
                _shown_value(display(spec.column(name), value)) if index is not None else ""))


def _differs(old, new) -> bool:
    if old == new:  # the common case first: equal ints, texts, dates, Decimals
        return False
    if isinstance(old, models.Model) or isinstance(new, models.Model):
        return getattr(old, "pk", None) != getattr(new, "pk", None)
    if (old is None or old == "") and (new is None or new == ""):
        return False
    if isinstance(old, Decimal) or isinstance(new, Decimal):
        return old is None or new is None or Decimal(old) != Decimal(new)
    return old != new


def _check_locks(ds, rows: list[PlannedRow], plan: Plan) -> None:
    """Rows that would change submitted or approved figures are refused."""
    touched = [r for r in rows if r.action in ("create", "update")]
    period_keys: dict = {}
    keys = []
    for r in touched:
        value = getattr(r.instance, ds.period_field)
        if value not in period_keys:
            period_keys[value] = _period_key(value)
        keys.append((r.region.id, period_keys[value]))
    states = states_for(ds.slug, set(keys))
    if not states:
        return
    for r, key in zip(touched, keys, strict=True):
        submission = states.get(key)
        if submission and submission.state not in EDITABLE_STATES:
            plan.problems.append(Problem(_(
                "the figures of %(region)s for %(period)s are %(state)s and locked; ask the "
                "province to return or reopen them."
            ) % {"region": r.region.short_name, "period": key[1],
                 "state": submission.get_state_display()}, r.row))


def _load_lookups(slug: str, rows: list[PlannedRow], lookups: BatchLookups) -> None:
    written = [r for r in rows if r.action in ("create", "update")]
    if not written:
        return
    region_ids = {r.region.pk for r in written}
    if slug == "denominators":
        lookups.load_latest_active(region_ids, {r.instance.year for r in written})
        lookups.load_denominator_years(region_ids)
        for r in written:  # the file's figures replace the database's
            lookups.denominator_years[r.region.id][r.instance.year] = r.instance
    elif slug == "participation":
        months = {r.instance.month for r in written}
        lookups.load_denominators(region_ids, {m.year for m in months})
        lookups.load_active(region_ids, months)
        lookups.load_active_series(region_ids, months)
        for r in rows:  # the file's figures replace the database's
            values = r.values
            lookups.active[(r.region.id, values["month"])][values["segment"]] = values["active"]
            lookups.series[(r.region.id, values["segment"])][values["month"]] = values["active"]
    elif slug == "commitments":
        lookups.load_denominators(region_ids, {r.instance.year for r in written})
    elif slug == "allocations":
        lookups.load_rates()
        lookups.load_realized({r.instance.pk for r in written if r.instance.pk})
        years = {r.instance.fiscal_year for r in written}
        lookups.load_allocations(region_ids, years | {y - 1 for y in years})
        for r in written:  # the file's figures replace the database's
            a = r.instance
            lookups.allocations[(r.region.id, a.fiscal_year, a.stage, a.funding_source,
                                 a.payer)] = a
    elif slug == "realizations":
        lookups.load_rates()
        lookups.load_realized({r.instance.allocation_id for r in written})
        for r in rows:
            values = r.values
            lookups.realized[values["allocation"].id][values["month"]] = values["amount_paid"]


# --- applying ----------------------------------------------------------------------------------

def apply_plan(*, actor, plan: Plan, job) -> dict[str, int]:
    """Write a valid plan. Call inside a transaction (the caller's), with the saved ImportJob.

    Every record created or changed points to the job (its file name, checksum, actor, time);
    each change also gets an audit event with the old and new values. A record created by an
    import needs no event of its own: its values are the file's, and the job says which."""
    if not plan.is_valid:
        raise ValidationError(_("The file has errors; nothing was written."))
    with _no_gc():
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
    bulk.insert(AuditEvent, _audit_rows(ds, changed, actor=actor, now=now, note=note))
    return {"create": len(created), "update": len(changed), "unchanged": len(plan.unchanged)}


def _audit_rows(ds, rows: list[PlannedRow], *, actor, now, note: str):
    """One audit event per record changed (old and new values), as rows for ``bulk.insert``."""
    object_type = ds.model._meta.label_lower
    label = str(ds.label_singular)
    for r in rows:
        changes = {k: [_json(old), _json(new)] for k, (old, new) in r.changes.items()}
        yield {
            "at": now, "actor_id": actor.pk, "actor_name": actor.username,
            "action": Action.UPDATE,
            "object_type": object_type, "object_id": str(r.instance.pk),
            "object_repr": f"{label}: {r.label}"[:300], "region_id": r.region.id,
            "changes": changes, "note": "\n".join([note, *r.warnings]).strip(),
            "client_address": None,
        }


def _json(value):
    if type(value) in (int, str):
        return value
    if isinstance(value, models.Model):
        return getattr(value, "code", None) or str(value)
    return _plain(value)
