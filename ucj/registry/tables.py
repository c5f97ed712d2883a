"""An uploaded list read as a table, as the imports read a spreadsheet: its type from its
content, a workbook converted to CSV after the inspection of ``ucj.core.safefiles``, a CSV's
delimiter, encoding and header row found (a title row or two above it skipped), and the header
checked for being one. Every refusal is a ``ValidationError`` with the reason in Indonesian;
none quotes a row of the file."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ucj.core import safefiles
from ucj.core.formatting import format_decimal
from ucj.imports import readers
from ucj.imports.headers import header_row_index
from ucj.registry.mapping import _recognised

# --- reading a CSV as the imports read it ----------------------------------------------------------
# The delimiter (; , or tab) and the encoding (UTF-8 or Windows-1252) are found as the imports
# find them (ucj.imports.readers), from the file's first lines; the header row as the imports
# find it, a title row or two above it skipped. A list is streamed by the engine, so the file is
# stored as UTF-8 from its header row on (rewritten only when it is not so already), and its
# delimiter and header row are recorded with it (row numbers stay the file's own).

HEAD_BYTES = 1 << 20  # the beginning of a file read to find its layout
HEADER_ROWS = 15  # rows in which the header is looked for (as the imports)
CHUNK = 1 << 22


@dataclass
class CsvLayout:
    header: list[str]
    delimiter: str
    header_row: int  # the file's line of the header (1 without a title row)
    encoding: str  # "utf-8" or "cp1252"
    rewrite: bool  # title lines, another encoding or old Mac line ends: stored anew


def _sniff(path: Path, name: str) -> str:
    """"xlsx" or "csv" from the file's first bytes (ucj.imports.readers.detect_format): a PDF,
    an image, UTF-16 text, a zip that is no workbook, a web page or any binary file is refused
    here, before a mapping page."""
    with path.open("rb") as handle:
        head = handle.read(8192)
    if not head:
        raise ValidationError(_("The file is empty."))
    if head.startswith(b"PK\x03\x04"):
        # A zip: its directory is at its end, so it is judged whole by the workbook's
        # inspection (which names an .ods or a Word document as such), not from its head.
        return "xlsx"
    try:
        return readers.detect_format(head, name, size=len(head))
    except readers.ReadError as exc:
        raise ValidationError(exc.message) from exc


def _encoding(path: Path) -> str:
    """The file's encoding as the imports judge it (``readers.text_encoding``), streamed."""
    def chunks():
        with path.open("rb") as handle:
            while chunk := handle.read(CHUNK):
                yield chunk

    try:
        return readers.text_encoding(chunks())
    except readers.ReadError as exc:
        raise ValidationError(exc.message) from None


def _csv_layout(path: Path) -> CsvLayout:
    """The layout of a CSV file (see above), from its first megabyte (and one pass over the
    bytes for the encoding)."""
    encoding = _encoding(path)
    with path.open("rb") as handle:
        head = handle.read(HEAD_BYTES)
    if len(head) == HEAD_BYTES and b"\n" in head:
        head = head[:head.rindex(b"\n") + 1]  # whole lines only
    text = head.decode("utf-8-sig" if encoding == "utf-8" else encoding, errors="replace")
    old_mac = "\r" in text and "\n" not in text
    lines = text.splitlines(keepends=True)[:HEADER_ROWS]
    delimiter = readers.detect_delimiter("".join(lines))
    try:
        rows = safefiles.csv_rows("".join(lines), delimiter)
    except safefiles.UnsafeFile as exc:
        raise ValidationError(exc.message) from exc
    if not rows:
        raise ValidationError(_("The file has no header row."))
    at = _header_at(rows)
    reader = csv.reader(io.StringIO("".join(lines), newline=""), delimiter=delimiter)
    for _row in range(at):
        next(reader)
    skipped = reader.line_num
    return CsvLayout(header=rows[at], delimiter=delimiter, header_row=skipped + 1,
                     encoding=encoding,
                     rewrite=bool(skipped) or encoding != "utf-8" or old_mac)


def _store_csv(raw: Path, target: Path, layout: CsvLayout) -> None:
    """The CSV as UTF-8 from its header line on, with "\\n" line ends, into ``target``."""
    encoding = "utf-8-sig" if layout.encoding == "utf-8" else layout.encoding
    try:
        with raw.open(encoding=encoding, newline=None) as source, \
                target.open("w", encoding="utf-8", newline="\n") as out:
            for _line in range(layout.header_row - 1):
                source.readline()
            shutil.copyfileobj(source, out, CHUNK)
    except UnicodeDecodeError:
        raise ValidationError(_(
            "The file cannot be read as text: it is neither UTF-8 nor Windows-1252. Save it as "
            "CSV UTF-8 or as an Excel workbook (.xlsx) and upload it again.")) from None


def _header_at(rows: list[list]) -> int:
    """The index of the header among a file's first rows: as the imports find it
    (ucj.imports.headers.header_row_index), a title row or two above it skipped; row 1 when no
    row names known columns (the mapping page names them)."""
    at = header_row_index(rows, _recognised)
    return 0 if at is None else at


def _xlsx_to_csv(source: Path, target: Path) -> tuple[list[str], int, dict[str, int]]:
    """The first sheet of a workbook as a CSV of text from its header row on (title rows above
    it are skipped), read within bounds: the workbook is inspected (ucj.core.safefiles) before
    python-calamine reads a cell of it, and python-calamine reads only the checked parts.
    Returns the header, its row in the sheet, and the columns holding number cells with the
    first such row ({column: row}): a NIK typed as a number has already lost digits in Excel
    (15 significant digits), which the NIK field refuses whatever the column is called."""
    limits = safefiles.Limits.from_settings()
    size = source.stat().st_size
    if size > limits.package_bytes:  # not even read into memory
        raise ValidationError(_("The file is %(size)s MB; the limit is %(limit)s MB. Split it "
                                "into smaller files.") % {
            "size": format_decimal(size / 2**20, 1),
            "limit": format_decimal(limits.package_bytes / 2**20, 1)})
    try:
        checked = safefiles.inspect_xlsx(source.read_bytes(), limits)
    except safefiles.UnsafeFile as exc:
        raise ValidationError(exc.message) from exc
    if not checked.sheets:
        raise ValidationError(_("The workbook has no sheets."))
    if checked.sheets[0].scan is None:
        raise ValidationError(_("The workbook cannot be read: it may be damaged."))
    try:
        sheet = checked.open().get_sheet_by_index(0)
        rows = sheet.to_python(skip_empty_area=False)
    except Exception as exc:  # calamine has its own errors for damaged files
        raise ValidationError(_("The workbook cannot be read: it may be damaged.")) from exc
    if not rows:
        raise ValidationError(_("The workbook is empty."))
    at = _header_at(rows[:HEADER_ROWS])
    header = [_cell_text(h).strip() for h in rows[at]]
    numbers: dict[str, int] = {}
    with target.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        for number, row in enumerate(rows[at + 1:], start=at + 2):
            for i, value in enumerate(row):
                if type(value) in (int, float) and i < len(header) \
                        and header[i] not in numbers:
                    numbers[header[i]] = number
            writer.writerow([_cell_text(v) for v in row])
    return header, at + 1, numbers


def _cell_text(value) -> str:
    """A workbook cell as the text a CSV would hold: whole numbers without ".0"."""
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()[:10] if isinstance(value, dt.datetime) else value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


# A header cell of ten digits or more, or a date, is a row of data (a file without its header
# row): it would be kept as the file's column names and shown on the mapping page.
_DATA_CELL = re.compile(r"^(\d[\d\s.\-]{8,}\d|\d{4}-\d{2}-\d{2}|\d{1,2}[/-]\d{1,2}[/-]\d{2,4})$")
PROSE_CHARS = 120  # a header cell longer than this is a sentence, not a column name


def _check_header(header: list[str]) -> None:
    if not header or not any(header):
        raise ValidationError(_("The file has no header row."))
    if any(_DATA_CELL.match(h.strip()) for h in header):
        raise ValidationError(_(
            "Row 1 holds data (a NIK, a number or a date), not the column names. Add a first "
            "row with the names of the columns and upload again."))
    named = [h for h in header if h.strip()]
    if (len(named) < 2 and not _recognised(header)) or any(len(h) > PROSE_CHARS
                                                           for h in named):
        raise ValidationError(_(
            "The file is not a table: its first rows hold no column names separated by "
            "semicolons, commas or tabs. Upload the list as .xlsx, or as CSV with a header row "
            "(NIK, name, birth date, sex …)."))
