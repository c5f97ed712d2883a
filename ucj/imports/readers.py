"""Reading what offices send: .xlsx (fast, with python-calamine) or CSV (comma, semicolon or
tab; UTF-8 or Windows-1252). Everything that cannot be read safely is refused with a clear
Indonesian message: wrong file type, empty, password-protected, over the size limit, merged
cells, formulas, extra sheets, and anything beyond the bounds of ``ucj.core.safefiles`` (a
workbook is inspected before python-calamine reads a cell of it, a CSV is read against the
same limits of rows, columns, cells and cell length). Formulas, merged cells, hidden rows and
columns and percent-formatted cells come from the parsed sheet (``ucj.core.sheetfacts``); the
importer warns of hidden rows and reads a percent cell as the percentage it shows. Header
detection is left to the importer."""

from __future__ import annotations

import codecs
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext as _

from ucj.core import safefiles
from ucj.core.formatting import format_decimal, format_int
from ucj.core.safefiles import CFB_MAGIC, UnsafeFile
from ucj.core.sheetfacts import sheet_facts

# Sheets a UCJ template may hold besides "Data".
TEMPLATE_SHEETS = {"data", "petunjuk", "instructions"}
HEADER_LINES = 6  # lines of a CSV in which its header (and so its delimiter) is looked for
__all__ = ["CFB_MAGIC", "ReadError", "Table", "check_field_counts", "column_letter",
           "decode_text", "detect_delimiter", "text_encoding", "detect_format", "read_csv", "read_table",
           "read_xlsx"]


class ReadError(Exception):
    """The file as a whole cannot be read; ``message`` says why, in the user's language."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class Table:
    rows: list[list]  # cell values as read (str, int, float, date, datetime, bool, "")
    file_format: str  # "xlsx" or "csv"
    sheet_name: str = ""  # rows[0] is spreadsheet row 1, rows[r][0] column A
    # What the sheet shows beyond its values (ucj.core.sheetfacts), 0-based like ``rows``:
    hidden_rows: set[int] = field(default_factory=set)
    hidden_columns: set[int] = field(default_factory=set)
    percent_cells: set[tuple[int, int]] = field(default_factory=set)  # (row, column)


column_letter = safefiles.column_letter


def detect_format(data: bytes, name: str, *, size: int | None = None) -> str:
    """``size``: the size of the whole file, when ``data`` is only its beginning."""
    lower = name.lower()
    if not data:
        raise ReadError(_("The file is empty."))
    limit = settings.UCJ_MAX_IMPORT_BYTES
    size = len(data) if size is None else size
    if size > limit:
        raise ReadError(_("The file is %(size)s MB; the limit is %(limit)s MB. Split it into "
                          "smaller files.") % {"size": format_decimal(size / 2**20, 1),
                                               "limit": format_decimal(limit / 2**20, 1)})
    try:
        if data.startswith((CFB_MAGIC, b"%PDF")):
            safefiles.not_a_workbook(data)
        if data.startswith(b"PK\x03\x04"):
            # the zip's directory read within bounds (not by zipfile: an object per entry)
            keys = {p.key for p in safefiles.zip_parts(data, safefiles.Limits.from_settings())}
            if "xl/workbook.xml" in keys:
                return "xlsx"
            if "mimetype" in keys or "content.xml" in keys:
                raise ReadError(_("This is an OpenDocument (.ods) spreadsheet. Save it as an "
                                  "Excel workbook (.xlsx) or as CSV and upload it again."))
            raise ReadError(_("This is not a spreadsheet (it looks like a Word or other Office "
                              "document). Upload the .xlsx template or a CSV file."))
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            raise ReadError(_("This file is saved as “Unicode Text” (UTF-16). Save it as CSV "
                              "UTF-8 (comma or semicolon delimited) or as an Excel workbook "
                              "(.xlsx) and upload it again."))
        if b"\x00" in data[:4096] or lower.endswith((".xls", ".xlsx", ".ods", ".docx", ".pdf",
                                                     ".zip", ".png", ".jpg")):
            raise ReadError(_("The file type is not supported. Upload the .xlsx template or a "
                              "CSV file."))
        safefiles.not_a_text(data[:4096])  # a web page or XML named .csv
    except UnsafeFile as exc:
        raise ReadError(exc.message) from exc
    return "csv"


def text_encoding(chunks: Iterable[bytes]) -> str:
    """"utf-8" when the whole text is UTF-8 (a BOM allowed), else "cp1252" — but not a text
    that has UTF-8 characters and then bytes that are not (a line pasted from another file),
    which would be read wrongly: refused, naming the line. Streamed, so any size: the imports
    pass the file whole, the registry its chunks."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    lines, ascii_so_far = 0, True
    for chunk in chunks:
        try:
            decoder.decode(chunk)
        except UnicodeDecodeError as exc:
            if ascii_so_far and chunk[:exc.start].isascii():
                return "cp1252"
            raise _mixed(lines + chunk.count(b"\n", 0, exc.start) + 1) from None
        ascii_so_far = ascii_so_far and chunk.isascii()
        lines += chunk.count(b"\n")
    try:
        decoder.decode(b"", True)  # a character cut off at the very end
    except UnicodeDecodeError:
        if not ascii_so_far:
            raise _mixed(lines + 1) from None
        return "cp1252"
    return "utf-8"


def _mixed(line: int) -> ReadError:
    return ReadError(_("Line %(line)s is not in the encoding of the rest of the file (it mixes "
                       "UTF-8 and Windows-1252). Save the file again as CSV UTF-8 and upload it "
                       "again.") % {"line": format_int(line)})


def decode_text(data: bytes) -> str:
    """The text of a CSV file in its encoding (``text_encoding``)."""
    if text_encoding([data]) == "utf-8":
        return data.decode("utf-8-sig")
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise ReadError(_("The file cannot be read as text: it is neither UTF-8 nor Windows-1252. "
                          "Save it as CSV UTF-8 or as an Excel workbook (.xlsx) and upload it "
                          "again.")) from exc


def detect_delimiter(text: str) -> str:
    """The delimiter of a CSV text: of ; , and tab, the one a line among its first few holds
    most of (a title line above the header may hold none); a comma when none appears."""
    head = [line for line in text[:65536].splitlines() if line.strip()][:HEADER_LINES]
    delimiter = max((";", ",", "\t"), key=lambda d: max((line.count(d) for line in head),
                                                        default=0))
    return delimiter if any(delimiter in line for line in head) else ","


def read_csv(data: bytes) -> Table:
    text = decode_text(data)
    try:
        rows = safefiles.csv_rows(text, detect_delimiter(text))
    except UnsafeFile as exc:
        raise ReadError(exc.message) from exc
    return Table(rows=rows, file_format="csv")


def check_field_counts(table: Table, header_row: int) -> None:
    """A CSV row with another number of fields than its header has lost or gained a delimiter
    (a decimal comma in a comma file, a value cut in two): refused, naming the rows.
    Spreadsheets write every line with as many fields as the header, so this is strict; only
    empty lines are let by. ``header_row``: 0-based index of the header in ``table.rows``."""
    if table.file_format != "csv" or header_row >= len(table.rows):
        return
    width = len(table.rows[header_row])
    bad = []
    for index in range(header_row + 1, len(table.rows)):
        row = table.rows[index]
        if len(row) != width and any(cell != "" for cell in row):
            bad.append((index + 1, len(row)))
            if len(bad) == 5:
                break
    if bad:
        raise ReadError(_("Rows with another number of columns than the header (%(width)s): "
                          "%(rows)s. A delimiter is missing or one too many (e.g. a decimal comma "
                          "in a comma-separated file); put such values in quotation marks or "
                          "use the .xlsx template.") % {
            "width": format_int(width),
            "rows": ", ".join(_("row %(row)s has %(count)s") % {"row": format_int(r),
                                                               "count": format_int(c)}
                              for r, c in bad)})


def read_xlsx(data: bytes) -> Table:
    try:
        checked = safefiles.inspect_xlsx(data)
    except UnsafeFile as exc:
        raise ReadError(exc.message) from exc
    names = checked.sheet_names
    if not names:
        raise ReadError(_("The workbook has no sheets."))
    if len(names) == 1:
        sheet_name = names[0]
    else:
        by_lower = {n.strip().lower(): n for n in names}
        if "data" not in by_lower:
            raise ReadError(_("The workbook has several sheets (%(sheets)s) and none is "
                              "called “Data”. Put the figures in one sheet named “Data”.")
                            % {"sheets": ", ".join(f"“{n}”" for n in names)})
        extra = [n for n in names if n.strip().lower() not in TEMPLATE_SHEETS]
        if extra:
            raise ReadError(_("The workbook has extra sheets (%(sheets)s). UCJ Monitor reads "
                              "only the sheet “Data”: delete the other sheets or upload them "
                              "as separate files.") % {"sheets": ", ".join(
                                  f"“{n}”" for n in extra)})
        sheet_name = by_lower["data"]
    checked_sheet = checked.sheet(sheet_name)
    damaged = _("The workbook cannot be read: it may be damaged.")
    if checked_sheet is None or checked_sheet.scan is None:
        raise ReadError(damaged)
    try:
        facts = sheet_facts(checked, sheet_name)
    except UnsafeFile as exc:
        raise ReadError(damaged) from exc
    if facts.formulas:
        raise ReadError(_("The sheet “%(sheet)s” contains formulas (e.g. in %(cells)s). UCJ "
                          "Monitor reads values only: copy the cells and paste them as values "
                          "(Paste Special › Values), then upload again.")
                        % {"sheet": sheet_name, "cells": ", ".join(facts.formulas)})
    if facts.merged:
        raise ReadError(_("The sheet “%(sheet)s” has merged cells (%(ranges)s). Unmerge them so "
                          "that every value stands in its own cell, then upload again.")
                        % {"sheet": sheet_name, "ranges": ", ".join(facts.merged)})
    try:
        # Only now python-calamine reads: the checked parts, nothing else.
        sheet = checked.open().get_sheet_by_name(sheet_name)
    except Exception as exc:  # calamine raises its own error types for damaged files
        raise ReadError(damaged) from exc
    # From cell A1, so that row and column numbers are the spreadsheet's own.
    rows = sheet.to_python(skip_empty_area=False)
    return Table(rows=rows, file_format="xlsx", sheet_name=sheet_name,
                 hidden_rows=facts.hidden_rows, hidden_columns=facts.hidden_columns,
                 percent_cells=facts.percent_cells)


def read_table(data: bytes, name: str, *, size: int | None = None) -> Table:
    file_format = detect_format(data, name, size=size)
    return read_xlsx(data) if file_format == "xlsx" else read_csv(data)
