"""What an uploaded file is and may be: a workbook, or a text (named when it is neither); the
limits (``Limits``, from the settings ``UCJ_MAX_*``); the refusal (``UnsafeFile``, its message
in the user's language); column letters; a zip part as the central directory lists it; the
refusal of a DTD. The base of ``ucj.core.safefiles`` (workbooks), ``ucj.core.xmlscan`` (a
part's XML) and ``ucj.core.csvsafe`` (CSV)."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

from ucj.core.formatting import format_decimal

CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old Excel (.xls) and encrypted Office files


class UnsafeFile(Exception):
    """The file is refused; ``message`` says why, in the user's language."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Limits:
    rows: int  # highest row of a sheet (the header included)
    columns: int  # highest column of a sheet
    cells: int  # cells a sheet spans from A1 (rows × columns), and cell elements it holds
    cell_chars: int  # characters of one cell's text (Excel's own limit is 32,767)
    package_bytes: int  # all parts of a workbook, unpacked
    part_bytes: int  # one part, unpacked
    parts: int = 1000  # entries of the zip (a workbook has a few dozen)
    sheets: int = 255
    ratio: int = 200  # unpacked ÷ packed size of a part above RATIO_FROM_BYTES
    merged: int = 10_000  # merged ranges of a sheet
    strict_cells: int = 1_000_000  # cells of a sheet that needs the exact (slower) scan

    @classmethod
    def from_settings(cls) -> Limits:
        return cls(rows=settings.UCJ_MAX_SHEET_ROWS, columns=settings.UCJ_MAX_SHEET_COLUMNS,
                   cells=settings.UCJ_MAX_SHEET_CELLS, cell_chars=settings.UCJ_MAX_CELL_CHARS,
                   package_bytes=settings.UCJ_MAX_UNCOMPRESSED_BYTES,
                   part_bytes=settings.UCJ_MAX_PART_BYTES)


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def column_number(letters: str | bytes) -> int:
    """A → 1, Z → 26, AA → 27 (any case, as python-calamine reads them)."""
    if isinstance(letters, bytes):
        letters = letters.decode("ascii")
    n = 0
    for ch in letters.upper():
        n = n * 26 + ord(ch) - 64
    return n


def _mb(size: int) -> str:
    return format_decimal(size / 2**20, 1)


def _damaged() -> UnsafeFile:
    return UnsafeFile(_("The file is damaged and cannot be opened as a workbook."))


@dataclass
class Part:
    name: str
    raw_name: bytes
    flags: int
    method: int
    time: int
    date: int
    crc: int
    packed: int  # compressed size
    size: int  # uncompressed size, as declared
    offset: int  # of the local header
    start: int = 0  # of the compressed data

    @property
    def key(self) -> str:
        """The name as python-calamine matches it: in any case (and "\\" as "/")."""
        return self.name.replace("\\", "/").lower()


def _refuse_dtd(part: str):
    def handler(*_args):
        raise UnsafeFile(_("The workbook part “%(part)s” contains a DOCTYPE or ENTITY "
                           "declaration, which spreadsheets never need and which can hide "
                           "attacks (entity expansion, reading files of the server). It is not "
                           "read.") % {"part": part})
    return handler


def not_a_text(head: bytes) -> None:
    """Refuse, from its first bytes, a file that is not a CSV text (a workbook, a PDF, a web
    page, any binary file), whatever its name says."""
    if head.startswith(CFB_MAGIC):
        _refuse_cfb(head)
    if head.startswith(b"PK\x03\x04"):
        raise UnsafeFile(_("This is an Excel workbook or another zip file, not a CSV text. "
                           "Name an Excel workbook .xlsx, or save it as CSV, and upload it "
                           "again."))
    if head.startswith(b"%PDF"):
        raise UnsafeFile(_("This is a PDF document, not a spreadsheet. Upload the .xlsx "
                           "template or a CSV file."))
    if b"\x00" in head[:4096]:
        raise UnsafeFile(_("This is not a CSV text file. Upload the .xlsx template or a CSV "
                           "file."))
    start = head.removeprefix(b"\xef\xbb\xbf").lstrip()[:64].lower()
    if start.startswith((b"<!doctype", b"<html", b"<?xml", b"<script", b"<svg", b"<body",
                         b"<head", b"<!--", b"<iframe", b"<xml")):
        raise UnsafeFile(_("This is a web page or an XML document, not a CSV file. Upload "
                           "the .xlsx template or a CSV file."))


# --- the zip's central directory ---------------------------------------------------------------


def _refuse_cfb(data: bytes) -> None:
    if "EncryptedPackage".encode("utf-16-le") in data:
        raise UnsafeFile(_("The workbook is protected with a password (encrypted). Remove the "
                           "password in Excel (File › Info › Protect Workbook) and upload it "
                           "again."))
    raise UnsafeFile(_("This is an old Excel 97–2003 (.xls) file. Save it as an Excel workbook "
                       "(.xlsx) and upload it again."))


def not_a_workbook(data: bytes) -> None:
    """Refuse what is plainly not an .xlsx package, naming what it is."""
    if data.startswith(CFB_MAGIC):
        _refuse_cfb(data)
    if data.startswith(b"%PDF"):
        raise UnsafeFile(_("This is a PDF document, not a spreadsheet. Upload the .xlsx "
                           "template or a CSV file."))
    if not data.startswith(b"PK\x03\x04"):
        raise UnsafeFile(_("This is not an Excel workbook (.xlsx). Upload the .xlsx template "
                           "or a CSV file."))
