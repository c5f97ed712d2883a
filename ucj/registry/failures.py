"""Why processing a list or a participant file failed, without the content of a row: the
exception's own message may quote rows of the file (Polars quotes the rows it cannot read,
DuckDB and a Rust panic too), so it is never recorded, shown or logged; the reason is told
from the exception's type, and an unreadable row by its line number."""

from __future__ import annotations

import csv
from pathlib import Path

import polars.exceptions as pe
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ucj.registry.engine import PLAIN, Layout


class ProcessingFailed(Exception):
    """A run or a participant file failed; the message names a row and a reason only."""


def failure_text(exc: BaseException, csv_path: Path | None,
                 layout: Layout = PLAIN) -> str:
    """Why processing failed, for the record and the page: which row and why, never the
    content of a row (the exception's own message may quote it — Polars quotes the rows it
    cannot read, DuckDB and a Rust panic too —, so it is never used)."""
    try:
        return _failure_text(exc, csv_path, layout)
    except Exception:  # whatever happens here, the original's message is not the answer
        return _("An internal error (%(type)s) stopped the processing; the file's content is "
                 "not recorded. Try again, or ask the administrator.") % {
            "type": type(exc).__name__}


def _failure_text(exc: BaseException, csv_path: Path | None, layout: Layout) -> str:
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    if isinstance(exc, FileNotFoundError):
        return _("The uploaded file is no longer there (it was deleted after waiting too long, "
                 "or it was processed already): upload it again.")
    if isinstance(exc, MemoryError) or "memory" in type(exc).__name__.lower():
        return _("The file did not fit in the memory available for processing. Split it, or "
                 "ask the administrator to raise the limit.")
    if isinstance(exc, pe.PolarsError | pe.PanicException | UnicodeError | csv.Error):
        line = first_unreadable_line(csv_path, layout) if csv_path else None
        if line:
            return _("Row %(row)s cannot be read: a quote mark is opened and not closed, or "
                     "a cell is far too long. Correct that row, or save the file again as CSV "
                     "from the spreadsheet, and upload again.") % {"row": line}
        return _("The file cannot be read as CSV. Save it again as CSV (UTF-8) or as .xlsx "
                 "from the spreadsheet and upload again.")
    return _("An internal error (%(type)s) stopped the processing; the file's content is not "
             "recorded. Try again, or ask the administrator.") % {"type": type(exc).__name__}


def first_unreadable_line(path: Path, layout: Layout = PLAIN) -> int | None:
    """The line of the file where the first record that a strict CSV reader cannot read
    starts (a quote opened and not closed, a stray quote, a cell longer than the reader's
    limit), or None: to say which row made a file unreadable without quoting it."""
    try:
        with open(path, encoding="utf-8-sig", errors="replace", newline="") as handle:
            reader = csv.reader(handle, delimiter=layout.delimiter, strict=True)
            while True:
                start = reader.line_num + 1
                try:
                    next(reader)
                except StopIteration:
                    return None
                except csv.Error:
                    return start + layout.header_row - 1
    except OSError:
        return None
