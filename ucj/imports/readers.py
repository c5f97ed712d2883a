"""Reading what offices send: .xlsx (fast, with python-calamine) or CSV (comma, semicolon or
tab; UTF-8 or Windows-1252). Everything that cannot be read safely is refused with a clear
Indonesian message: wrong file type, empty, password-protected, over the size limit, merged
cells, formulas, extra sheets, and anything beyond the bounds of ``ucj.core.safefiles`` (a
workbook is inspected before python-calamine reads a cell of it, a CSV is read against the
same limits of rows, columns, cells and cell length). Header detection is left to the
importer."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

from ucj.core import safefiles
from ucj.core.formatting import format_decimal
from ucj.core.safefiles import CFB_MAGIC, UnsafeFile

# Sheets a UCJ template may hold besides "Data".
TEMPLATE_SHEETS = {"data", "petunjuk", "instructions"}
__all__ = ["CFB_MAGIC", "ReadError", "Table", "column_letter", "detect_format", "read_csv",
           "read_table", "read_xlsx"]


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
        if b"\x00" in data[:4096] or lower.endswith((".xls", ".xlsx", ".ods", ".docx", ".pdf",
                                                     ".zip", ".png", ".jpg")):
            raise ReadError(_("The file type is not supported. Upload the .xlsx template or a "
                              "CSV file."))
        safefiles.not_a_text(data[:4096])  # a web page or XML named .csv
    except UnsafeFile as exc:
        raise ReadError(exc.message) from exc
    return "csv"


def read_csv(data: bytes) -> Table:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ReadError(_("The file cannot be read as text: it is neither UTF-8 nor Windows-1252. "
                          "Save it as CSV UTF-8 or as an Excel workbook (.xlsx) and upload it "
                          "again."))
    first_line = text.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=first_line.count)
    if first_line.count(delimiter) == 0:
        delimiter = ","
    try:
        rows = safefiles.csv_rows(text, delimiter)
    except UnsafeFile as exc:
        raise ReadError(exc.message) from exc
    return Table(rows=rows, file_format="csv")


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
    formulas = checked_sheet.scan.formulas
    if formulas:
        raise ReadError(_("The sheet “%(sheet)s” contains formulas (e.g. in %(cells)s). UCJ "
                          "Monitor reads values only: copy the cells and paste them as values "
                          "(Paste Special › Values), then upload again.")
                        % {"sheet": sheet_name, "cells": ", ".join(formulas)})
    try:
        # Only now python-calamine reads: the checked parts, nothing else.
        sheet = checked.open().get_sheet_by_name(sheet_name)
    except Exception as exc:  # calamine raises its own error types for damaged files
        raise ReadError(damaged) from exc
    merged = sheet.merged_cell_ranges or []
    if merged:
        ranges = []
        for (r1, c1), (r2, c2) in merged[:8]:
            ranges.append(f"{column_letter(c1)}{r1 + 1}:{column_letter(c2)}{r2 + 1}")
        raise ReadError(_("The sheet “%(sheet)s” has merged cells (%(ranges)s). Unmerge them so "
                          "that every value stands in its own cell, then upload again.")
                        % {"sheet": sheet_name, "ranges": ", ".join(ranges)})
    # From cell A1, so that row and column numbers are the spreadsheet's own.
    rows = sheet.to_python(skip_empty_area=False)
    return Table(rows=rows, file_format="xlsx", sheet_name=sheet_name)


def read_table(data: bytes, name: str, *, size: int | None = None) -> Table:
    file_format = detect_format(data, name, size=size)
    return read_xlsx(data) if file_format == "xlsx" else read_csv(data)
