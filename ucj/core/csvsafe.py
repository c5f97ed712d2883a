"""CSV within bounds: ``csv_rows`` (the importer: rows, columns, cells, cell length) and
``csv_header`` (the registry reads only the header row here; its engine streams the rest)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from django.utils.translation import gettext as _

from ucj.core.filelimits import Limits, UnsafeFile, column_letter, not_a_text
from ucj.core.formatting import format_int

# --- CSV ---------------------------------------------------------------------------------------

def csv_rows(text: str, delimiter: str, lim: Limits | None = None) -> list[list[str]]:
    """The records of a CSV text, each cell stripped, within the limits: rows, columns, cells
    (counted first from the delimiters, so that no record of millions of cells is built) and
    the length of a cell. Read strictly: a quotation mark that never closes, text after a
    closing one, a NUL byte, or a quoted cell running over several lines that holds the
    delimiter (rows swallowed by a stray quote) is refused, naming its row."""
    lim = lim or Limits.from_settings()
    if text.count(delimiter) > lim.cells:
        raise UnsafeFile(_("The file has more than %(limit)s cells. Split it into smaller "
                           "files.") % {"limit": format_int(lim.cells)})
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise UnsafeFile(_("Line %(line)s holds a NUL byte: this is not a CSV text file. Save "
                           "the file again as CSV UTF-8 and upload it again.")
                         % {"line": format_int(line)})
    rows: list[list[str]] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    while True:
        number = len(rows) + 1
        first_line = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            return rows
        except csv.Error as exc:
            raise _csv_error(exc, number, lim) from exc
        if number > lim.rows:
            raise UnsafeFile(_("The file has more than %(limit)s rows. Split it into smaller "
                               "files.") % {"limit": format_int(lim.rows)})
        _check_record(row, number, lim)
        if reader.line_num > first_line and any(
                ("\n" in cell or "\r" in cell) and delimiter in cell for cell in row):
            raise UnsafeFile(_(
                "Row %(row)s: a quotation mark (\") opens a cell that runs on over several lines "
                "(to line %(last)s) and takes in what looks like other rows. Check the quotation "
                "marks of that row and upload again.")
                % {"row": format_int(number), "last": format_int(reader.line_num)})
        rows.append([cell.strip() for cell in row])


def _csv_error(exc: csv.Error, row: int, lim: Limits) -> UnsafeFile:
    message = str(exc)
    if "field larger than field limit" in message:
        return UnsafeFile(_("Row %(row)s: a cell is longer than %(limit)s characters, or a "
                            "quotation mark (\") opens a cell that never closes. Check that row "
                            "and upload again.") % {"row": format_int(row),
                                                    "limit": format_int(lim.cell_chars)})
    if "unexpected end of data" in message or "expected after" in message:
        return UnsafeFile(_("Row %(row)s: a quotation mark (\") does not close where the cell "
                            "ends. Remove the stray quotation mark, or put the whole cell in "
                            "quotation marks, and upload again.") % {"row": format_int(row)})
    return UnsafeFile(_("Row %(row)s cannot be read as CSV. Save the file again as CSV UTF-8 "
                        "and upload it again.") % {"row": format_int(row)})


def _check_record(row: list[str], number: int, lim: Limits) -> None:
    if len(row) > lim.columns:
        raise UnsafeFile(_("Row %(row)s has %(count)s columns; the limit is %(limit)s.")
                         % {"row": format_int(number), "count": format_int(len(row)),
                            "limit": format_int(lim.columns)})
    if row and max(map(len, row)) > lim.cell_chars:
        column = next(i for i, cell in enumerate(row) if len(cell) > lim.cell_chars)
        raise UnsafeFile(_("Row %(row)s, column %(column)s: the text is longer than %(limit)s "
                           "characters, the most a cell may hold.")
                         % {"row": format_int(number), "column": column_letter(column),
                            "limit": format_int(lim.cell_chars)})


def csv_header(path: Path, lim: Limits | None = None) -> list[str]:
    """The header row of a CSV file, read within bounds: at most as many characters as the
    largest header the limits allow, refused if the file is no CSV text, if the row is longer,
    has too many columns or a cell too long."""
    lim = lim or Limits.from_settings()
    with path.open("rb") as handle:
        not_a_text(handle.read(4096))
    most = lim.columns * (lim.cell_chars + 3)
    with path.open(encoding="utf-8-sig", errors="replace", newline="") as handle:
        head = handle.read(most + 1)
    source = io.StringIO(head, newline="")
    taken = 0

    def lines():
        nonlocal taken
        for line in source:
            taken += len(line)
            yield line

    try:
        row = next(csv.reader(lines()), [])
    except csv.Error as exc:
        raise _csv_error(exc, 1, lim) from exc
    if len(head) > most and taken >= len(head):  # the row goes on past what was read
        raise UnsafeFile(_("The first row (the header) is longer than %(limit)s characters.")
                         % {"limit": format_int(most)})
    _check_record(row, 1, lim)
    return [h.strip() for h in row]
