"""Reading what offices send: .xlsx (fast, with python-calamine) or CSV (comma, semicolon or
tab; UTF-8 or Windows-1252). Everything that cannot be read safely is refused with a clear
Indonesian message: wrong file type, empty, password-protected, over the size limit, merged
cells, formulas, extra sheets. Header detection is left to the importer."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

from ucj.core.formatting import format_decimal

# Sheets a UCJ template may hold besides "Data".
TEMPLATE_SHEETS = {"data", "petunjuk", "instructions"}
CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


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


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


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
    if data.startswith(CFB_MAGIC):
        if "EncryptedPackage".encode("utf-16-le") in data:
            raise ReadError(_("The workbook is protected with a password (encrypted). Remove the "
                              "password in Excel (File › Info › Protect Workbook) and upload it "
                              "again."))
        raise ReadError(_("This is an old Excel 97–2003 (.xls) file. Save it as an Excel "
                          "workbook (.xlsx) and upload it again."))
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
        except zipfile.BadZipFile as exc:
            raise ReadError(_("The file is damaged and cannot be opened as a workbook.")) from exc
        if "xl/workbook.xml" in names:
            return "xlsx"
        if "mimetype" in names or "content.xml" in names:
            raise ReadError(_("This is an OpenDocument (.ods) spreadsheet. Save it as an Excel "
                              "workbook (.xlsx) or as CSV and upload it again."))
        raise ReadError(_("This is not a spreadsheet (it looks like a Word or other Office "
                          "document). Upload the .xlsx template or a CSV file."))
    if data.startswith(b"%PDF"):
        raise ReadError(_("This is a PDF document, not a spreadsheet. Upload the .xlsx template "
                          "or a CSV file."))
    if b"\x00" in data[:4096] or lower.endswith((".xls", ".xlsx", ".ods", ".docx", ".pdf",
                                                 ".zip", ".png", ".jpg")):
        raise ReadError(_("The file type is not supported. Upload the .xlsx template or a CSV "
                          "file."))
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
    rows = [[cell.strip() for cell in row]
            for row in csv.reader(io.StringIO(text), delimiter=delimiter)]
    return Table(rows=rows, file_format="csv")


def _sheet_paths(archive: zipfile.ZipFile) -> dict[str, str]:
    """sheet name → path of its XML part inside the package."""
    workbook = archive.read("xl/workbook.xml").decode("utf-8", "replace")
    rels = archive.read("xl/_rels/workbook.xml.rels").decode("utf-8", "replace")
    targets = {m.group(1): m.group(2) for m in re.finditer(
        r'<Relationship[^>]*Id="([^"]+)"[^>]*Target="([^"]+)"', rels)}
    targets |= {m.group(2): m.group(1) for m in re.finditer(
        r'<Relationship[^>]*Target="([^"]+)"[^>]*Id="([^"]+)"', rels)}
    paths = {}
    for m in re.finditer(r'<sheet\b[^>]*?name="([^"]+)"[^>]*?r:id="([^"]+)"', workbook):
        target = targets.get(m.group(2), "")
        target = target.lstrip("/")
        paths[_unescape(m.group(1))] = target if target.startswith("xl/") else f"xl/{target}"
    return paths


def _unescape(text: str) -> str:
    return (text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"')
            .replace("&apos;", "'").replace("&amp;", "&"))


def _formula_cells(xml: bytes, limit: int = 8) -> list[str]:
    if b"<f" not in xml:
        return []
    cells = []
    for m in re.finditer(rb'<c r="([A-Z]+[0-9]+)"[^>]*?>(?:(?!</c>).){0,200}?<f[ >/]', xml, re.S):
        cells.append(m.group(1).decode())
        if len(cells) >= limit:
            break
    return cells


def read_xlsx(data: bytes) -> Table:
    from python_calamine import CalamineWorkbook

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        paths = _sheet_paths(archive)
        names = list(paths)
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
        path = paths[sheet_name]
        xml = archive.read(path) if path in archive.namelist() else b""
    formulas = _formula_cells(xml)
    if formulas:
        raise ReadError(_("The sheet “%(sheet)s” contains formulas (e.g. in %(cells)s). UCJ "
                          "Monitor reads values only: copy the cells and paste them as values "
                          "(Paste Special › Values), then upload again.")
                        % {"sheet": sheet_name, "cells": ", ".join(formulas)})
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheet = workbook.get_sheet_by_name(sheet_name)
    except Exception as exc:  # calamine raises its own error types for damaged files
        raise ReadError(_("The workbook cannot be read: it may be damaged.")) from exc
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
