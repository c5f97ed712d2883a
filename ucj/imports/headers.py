"""The header row of an uploaded table: where it is, and which column of the dataset each of
its cells names. The imports want it in row 1 from column A (a template used unchanged); the
beneficiary registry also reads a header a few rows down (``header_row_index``)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from ucj.imports import cells
from ucj.imports.plan import Problem, shown_value
from ucj.imports.readers import Table, column_letter
from ucj.imports.specs import IGNORED_HEADERS, Spec, normalize

# How many rows the header may be shifted down and still be recognised as shifted.
HEADER_SEARCH_ROWS = 15


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
            ) % {"letter": column_letter(index), "header": shown_value(value),
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
