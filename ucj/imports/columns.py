"""The data rows of a table, parsed a column at a time: which rows hold data (not blank, not a
template row left unfilled), and each cell through the parser of its column (``make_parser``,
built once per column on ``ucj.imports.cells``). A cell in error leaves None and a problem
naming its row, column, value and reason."""

from __future__ import annotations

from django.utils.translation import gettext as _

from ucj.budget.models import ContributionPackage
from ucj.imports import cells
from ucj.imports.plan import Plan, Problem, shown_value
from ucj.imports.readers import Table
from ucj.imports.specs import (
    CHOICE,
    DATE,
    INT,
    MONEY,
    MONTH,
    MONTH_NUMBER,
    PACKAGE,
    PERCENT,
    REGION,
    YEAR,
    Col,
)

FIELD_MAX = {
    "PositiveSmallIntegerField": 32_767,
    "PositiveIntegerField": 2_147_483_647,
    "PositiveBigIntegerField": 9_223_372_036_854_775_807,
}
# Columns whose few distinct values repeat on every row: their parses are remembered.
REPEATING = {REGION, YEAR, MONTH, MONTH_NUMBER, CHOICE, PACKAGE}
# Columns parsed by a function of ``cells`` as it is.
PLAIN = {REGION: cells.region_code, YEAR: cells.year, MONTH: cells.month,
         MONTH_NUMBER: cells.month_number, DATE: cells.date, PERCENT: cells.percentage}


def _field_maximum(model, name: str) -> int | None:
    try:
        return FIELD_MAX.get(model._meta.get_field(name).get_internal_type())
    except Exception:
        return None


def make_parser(col: Col, *, model, packages: dict[str, ContributionPackage]):
    """A function parsing the cells of one column (raising CellError)."""
    parse = _column_parser(col, model=model, packages=packages)
    return _remembered(parse) if col.kind in REPEATING else parse


def _column_parser(col: Col, *, model, packages: dict[str, ContributionPackage]):
    plain = PLAIN.get(col.kind)
    if plain is not None:
        return plain
    if col.kind in (INT, MONEY):
        return _number_parser(col, model)
    if col.kind == CHOICE:
        options, shown = col.choice_options(), col.choice_labels()

        def parse_choice(raw):
            return cells.choice(raw, options, shown)
        return parse_choice
    if col.kind == PACKAGE:
        return _package_parser(packages)
    max_length = col.max_length

    def parse_text(raw):
        return cells.text(raw, max_length=max_length)
    return parse_text


def _number_parser(col: Col, model):
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
    return parse


def _package_parser(packages: dict[str, ContributionPackage]):
    def parse(raw):
        code = cells.text(raw).lower()
        if code not in packages:
            raise cells.CellError(_("not a contribution package; use one of: %(codes)s.")
                                  % {"codes": ", ".join(sorted(packages)) or "–"})
        return packages[code]
    return parse


def _remembered(parse):
    """``parse`` remembering each distinct value's result (or its error), for one column."""
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


def _blank(v) -> bool:
    return v is None or v == "" or (type(v) is str and v.isspace())


def data_rows(plan: Plan, table: Table, columns: dict[str, int],
              value_indexes: list[int]) -> tuple[list[int], list[list]]:
    """The rows that hold data, as (spreadsheet row numbers, padded rows): not blank, not a
    template row left unfilled (only its pre-filled cells). Counts them on the plan."""
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
        if value_indexes and all(_blank(raw_row[i]) for i in value_indexes):
            plan.rows_skipped += 1  # a template row left unfilled: only its pre-filled cells
            continue
        numbers.append(index + 1)
        data.append(raw_row)
    return numbers, data


def parse_rows(plan: Plan, table: Table, *, columns: dict[str, int], slots: list[Col],
               model, packages: dict[str, ContributionPackage]) -> list[tuple[int, dict]]:
    """Every data row as (row number, {column key: value}). Each cell is parsed on its own, a
    column at a time (one tight loop per column)."""
    filled = [columns[col.key] for col in slots if not col.prefill]
    numbers, data = data_rows(plan, table, columns, filled)
    parsed_columns = [_parse_column(plan, table, col, columns[col.key], numbers, data,
                                    model=model, packages=packages) for col in slots]
    keys = [col.key for col in slots]
    if not keys:
        return []
    return [(number, dict(zip(keys, values, strict=True)))
            for number, values in zip(numbers, zip(*parsed_columns, strict=True), strict=True)]


def _parse_column(plan: Plan, table: Table, col: Col, i: int, numbers: list[int],
                  data: list[list], *, model, packages) -> list:
    parse = make_parser(col, model=model, packages=packages)
    if col.kind == PERCENT and table.percent_cells:
        parse = _percent_parser(i, table.percent_cells)
    by_row = getattr(parse, "by_row", False)
    # An optional key column (the payer) left blank reads "" (derived later); None is an
    # error, already reported.
    default = None if col.required else ("" if col.natural_key else blank_value(col, model))
    problems = plan.problems
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
            problems.append(Problem(exc.reason, number, i, col.label, shown_value(value)))
            append(None)
    return out
