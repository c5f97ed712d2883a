"""Uploaded spreadsheets read within bounds (issue 14).

A workbook (.xlsx) is a zip of XML parts, and what a zip or an XML part says about itself
can be a lie: a 1.7 KB workbook can hold a cell at XFD1048576 (python-calamine then builds the
whole grid up to it, 512 GiB, and the process aborts), a 1 MB part can inflate to gigabytes,
a sheet can hold a million rows, an XML part can declare entities that expand without end.
``inspect_xlsx`` checks a workbook before any cell of it is read, in this order, and refuses
what is beyond the limits (``Limits``, from the settings ``UCJ_MAX_*``) with a message in the
user's language:

1. what the file is: a zip from its first byte (an encrypted or old Excel file and a PDF are
   named as such);
2. the zip's central directory, read here (``zipfile`` would first build an object for every
   entry): the number of parts, each part's declared size and compression ratio, their sum,
   the compression method (stored or deflate only), no encrypted part, no two parts with the
   same name in any case, each local header agreeing with the directory, no overlapping parts,
   nothing before the first part or after the directory;
3. the list of sheets (``xl/workbook.xml`` and its relationships: small parts, parsed with
   expat, which refuses any DTD), resolved to parts as python-calamine resolves them;
4. every part, inflated in chunks of 1 MB, never whole: the bytes that actually come out (a
   declared size can lie: inflating stops one byte past it), its CRC, no ``<!DOCTYPE`` or
   ``<!ENTITY`` (entity expansion, external entities) in any part; in the parts
   python-calamine reads, UTF-8 only, and in every sheet the declared ``<dimension>``, the
   real highest row and column of the cells with content (a cell's ``r``, or its place after
   the one before when it has none, as python-calamine places it), the number of cells, the
   length of every value's text, formulas and merged ranges; in the shared strings, their
   number and length;
5. only the parts python-calamine needs (content types, the workbook and its relationships,
   shared strings, styles, the sheets) go into a fresh package: their compressed bytes as they
   were, under a new directory. python-calamine only ever reads that package, so it cannot
   read a part, or a byte of a part, that was not checked.

A sheet is scanned on its raw bytes with regular expressions (C speed) when its XML has the
plain form spreadsheet programs write: every cell with an ``r`` in double quotes, ``<`` and
``>`` only around tags, no comment, CDATA or processing instruction. Any other form is
scanned again from its start with expat, exactly as python-calamine walks it, which is
slower and so allowed fewer cells (``Limits.strict_cells``).

CSV files are bounded by ``csv_rows`` (the importer: rows, columns, cells, cell length) and
``csv_header`` (the registry reads only the header row here; its engine streams the rest).
"""

from __future__ import annotations

import csv
import functools
import io
import re
import struct
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from xml.parsers import expat

from django.conf import settings
from django.utils.translation import gettext as _

from ucj.core.formatting import format_decimal, format_int

CHUNK = 1 << 20  # bytes inflated (and scanned) at a time
CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old Excel (.xls) and encrypted Office files
CONTROL_PART_BYTES = 32 * 1024 * 1024  # workbook, relationships, styles, content types
RATIO_FROM_BYTES = 1024 * 1024  # parts smaller than this are not judged by their ratio
MAX_TAG_BYTES = 4 * 1024 * 1024  # a tag (or a run of text) longer than this is not plain XML
# Parts python-calamine reads besides the sheets (it finds a part by name in any case).
CONTROL_PARTS = ("[content_types].xml", "_rels/.rels", "xl/workbook.xml",
                 "xl/_rels/workbook.xml.rels", "xl/styles.xml")
SHARED_STRINGS = "xl/sharedstrings.xml"


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


# --- what a file is ----------------------------------------------------------------------------

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


def _damaged() -> UnsafeFile:
    return UnsafeFile(_("The file is damaged and cannot be opened as a workbook."))


# --- the zip's central directory ---------------------------------------------------------------

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


def _zip64_extra(extra: bytes, values: list[int], masks: list[int]) -> list[int]:
    """Replace the 0xFFFFFFFF values by those of the zip64 extra field (in its order)."""
    pos = 0
    while pos + 4 <= len(extra):
        kind, size = struct.unpack_from("<HH", extra, pos)
        if kind == 1:
            body, at = extra[pos + 4:pos + 4 + size], 0
            for i, (value, mask) in enumerate(zip(values, masks, strict=True)):
                if value == mask:
                    if at + 8 > len(body):
                        raise _damaged()
                    values[i] = struct.unpack_from("<Q", body, at)[0]
                    at += 8
            return values
        pos += 4 + size
    if any(v == m for v, m in zip(values, masks, strict=True)):
        raise _damaged()
    return values


def zip_parts(data: bytes, lim: Limits) -> list[Part]:
    """The parts of a zip as its central directory lists them, each checked against its local
    header, within the limits; raises UnsafeFile."""
    not_a_workbook(data)
    eocd = data.rfind(b"PK\x05\x06", max(0, len(data) - 22 - 0xFFFF))
    if eocd < 0 or eocd + 22 > len(data):
        raise _damaged()
    (_sig, disk, cd_disk, on_disk, count, cd_size, cd_offset,
     comment) = struct.unpack_from("<4s4H2LH", data, eocd)
    if eocd + 22 + comment != len(data) or disk or cd_disk or on_disk != count:
        raise _damaged()  # bytes after the directory, or a zip split over several disks
    cd_end = eocd
    if 0xFFFF in (count, on_disk) or 0xFFFFFFFF in (cd_size, cd_offset):
        locator = eocd - 20
        if locator < 0 or data[locator:locator + 4] != b"PK\x06\x07":
            raise _damaged()
        record = struct.unpack_from("<Q", data, locator + 8)[0]
        if record + 56 > locator or data[record:record + 4] != b"PK\x06\x06":
            raise _damaged()
        (count, cd_size, cd_offset) = struct.unpack_from("<QQQ", data, record + 32)
        cd_end = record
    if count > lim.parts:
        raise UnsafeFile(_("The workbook consists of %(count)s parts; a spreadsheet has far "
                           "fewer (the limit is %(limit)s). It is not read.")
                         % {"count": format_int(count), "limit": format_int(lim.parts)})
    if cd_offset + cd_size != cd_end:
        raise _damaged()
    parts, seen, total, pos = [], set(), 0, cd_offset
    for _i in range(count):
        if pos + 46 > cd_end or data[pos:pos + 4] != b"PK\x01\x02":
            raise _damaged()
        (_sig, _made, _need, flags, method, time, date, crc, packed, size, name_len, extra_len,
         comment_len, _disk, _internal, _external, offset) = struct.unpack_from(
            "<4s6H3L5H2L", data, pos)
        raw_name = data[pos + 46:pos + 46 + name_len]
        extra = data[pos + 46 + name_len:pos + 46 + name_len + extra_len]
        pos += 46 + name_len + extra_len + comment_len
        if pos > cd_end:
            raise _damaged()
        size, packed, offset = _zip64_extra(extra, [size, packed, offset],
                                            [0xFFFFFFFF] * 3)
        try:
            name = raw_name.decode("utf-8" if flags & 0x800 else "cp437")
        except UnicodeDecodeError as exc:
            raise _damaged() from exc
        part = Part(name=name, raw_name=raw_name, flags=flags, method=method, time=time,
                    date=date, crc=crc, packed=packed, size=size, offset=offset)
        _check_declared(part, lim)
        if part.key in seen:
            raise UnsafeFile(_("The workbook holds the part “%(part)s” twice: the file is "
                               "damaged or crafted, and is not read.") % {"part": name})
        seen.add(part.key)
        total += size
        if total > lim.package_bytes:
            raise UnsafeFile(_("The workbook unpacks to more than %(limit)s MB. Split the data "
                               "into smaller files.") % {"limit": _mb(lim.package_bytes)})
        _check_local_header(data, part, cd_offset)
        parts.append(part)
    if pos != cd_end:
        raise _damaged()
    # Parts one after another from the first byte, none inside another (overlapping parts
    # are how some zip bombs multiply one compressed stream).
    end = 0
    for part in sorted(parts, key=lambda p: p.offset):
        if part.offset < end or (end == 0 and part.offset != 0):
            raise _damaged()
        end = part.start + part.packed
    return parts


def _check_declared(part: Part, lim: Limits) -> None:
    if part.flags & 0x41:  # encrypted (traditional or strong)
        raise UnsafeFile(_("The workbook is protected with a password (encrypted). Remove the "
                           "password in Excel (File › Info › Protect Workbook) and upload it "
                           "again."))
    if part.method not in (0, 8) or (part.method == 0 and part.packed != part.size):
        raise UnsafeFile(_("The workbook part “%(part)s” is compressed in a way spreadsheet "
                           "programs do not use. Open the file in Excel, save it as an Excel "
                           "workbook (.xlsx) and upload it again.") % {"part": part.name})
    limit = CONTROL_PART_BYTES if part.key in CONTROL_PARTS else lim.part_bytes
    if part.size > limit:
        raise UnsafeFile(_("The workbook part “%(part)s” unpacks to %(size)s MB; the limit is "
                           "%(limit)s MB. Split the data into smaller files.")
                         % {"part": part.name, "size": _mb(part.size), "limit": _mb(limit)})
    if part.size > RATIO_FROM_BYTES and part.size > lim.ratio * max(part.packed, 1):
        raise UnsafeFile(_("The workbook part “%(part)s” is compressed %(ratio)s to 1, far more "
                           "than any spreadsheet: it looks like a zip bomb and is not read.")
                         % {"part": part.name,
                            "ratio": format_int(part.size // max(part.packed, 1))})


def _check_local_header(data: bytes, part: Part, cd_offset: int) -> None:
    """The local header must name the same part, method and (unless sizes follow the data)
    sizes and CRC as the directory: readers that trust one or the other then read the same."""
    at = part.offset
    if at + 30 > cd_offset or data[at:at + 4] != b"PK\x03\x04":
        raise _damaged()
    (_sig, _need, flags, method, _time, _date, crc, packed, size, name_len,
     extra_len) = struct.unpack_from("<4s5H3L2H", data, at)
    extra = data[at + 30 + name_len:at + 30 + name_len + extra_len]
    if data[at + 30:at + 30 + name_len] != part.raw_name or method != part.method \
            or flags & 0x41:
        raise _damaged()
    if not part.flags & 0x08:  # sizes in the local header, not in a descriptor after the data
        if 0xFFFFFFFF in (size, packed):
            size, packed = _zip64_extra(extra, [size, packed], [0xFFFFFFFF] * 2)
        if (crc, packed, size) != (part.crc, part.packed, part.size):
            raise _damaged()
    part.start = at + 30 + name_len + extra_len
    if part.start + part.packed > cd_offset:
        raise _damaged()


def _inflate(data: bytes, part: Part):
    """A part's bytes in chunks of at most CHUNK, as they unpack; refuses a part that unpacks
    to more than it declares (stopping one chunk past it), less, or to another CRC."""
    view = memoryview(data)[part.start:part.start + part.packed]
    crc = total = 0
    if part.method == 0:
        for at in range(0, len(view), CHUNK):
            chunk = bytes(view[at:at + CHUNK])
            crc, total = zlib.crc32(chunk, crc), total + len(chunk)
            yield chunk
    else:
        inflater = zlib.decompressobj(-15)
        at = 0
        while True:
            if inflater.unconsumed_tail:
                pending = inflater.unconsumed_tail
            elif at < len(view):
                pending, at = bytes(view[at:at + 65536]), at + 65536
            else:
                pending = b""  # all input given: what zlib still holds
            try:
                chunk = inflater.decompress(pending, CHUNK)
            except zlib.error as exc:
                raise _damaged() from exc
            if chunk:
                total += len(chunk)
                if total > part.size:
                    raise UnsafeFile(_("The workbook part “%(part)s” unpacks to more than it "
                                       "declares: the file is damaged or crafted, and is not "
                                       "read.") % {"part": part.name})
                crc = zlib.crc32(chunk, crc)
                yield chunk
            if inflater.eof:
                break
            if not chunk and not pending:
                raise _damaged()  # the stream ends before its end marker
        if at < len(view) or inflater.unused_data:
            raise _damaged()  # bytes after the end of the compressed stream
    if total != part.size or crc != part.crc:
        raise _damaged()


# --- the list of sheets ------------------------------------------------------------------------

def _refuse_dtd(part: str):
    def handler(*_args):
        raise UnsafeFile(_("The workbook part “%(part)s” contains a DOCTYPE or ENTITY "
                           "declaration, which spreadsheets never need and which can hide "
                           "attacks (entity expansion, reading files of the server). It is not "
                           "read.") % {"part": part})
    return handler


def _parse_small(text: bytes, part: Part, start) -> None:
    """Parse a small part with expat: no DTD, no entity but XML's own."""
    parser = expat.ParserCreate()
    parser.StartDoctypeDeclHandler = _refuse_dtd(part.name)
    parser.EntityDeclHandler = _refuse_dtd(part.name)
    parser.StartElementHandler = start
    try:
        parser.Parse(text, True)
    except expat.ExpatError as exc:
        raise _damaged() from exc


def _whole(data: bytes, part: Part) -> bytes:
    text = b"".join(_inflate(data, part))
    _check_encoding(text, part)
    return text


def sheet_parts(data: bytes, workbook: Part, rels: Part | None,
                lim: Limits) -> list[tuple[str, str]]:
    """(name, path of its part) of every sheet, in the workbook's order, resolved as
    python-calamine resolves them: ``r:id`` (or ``relationships:id``) through the workbook's
    relationships; a target under "/xl/" or "xl/" as it is, else under "xl/"."""
    targets: dict[str, str] = {}

    def relationship(name, attrs):
        if name.split(":", 1)[-1] == "Relationship":
            targets[attrs.get("Id", "")] = attrs.get("Target", "")

    if rels is not None:
        _parse_small(_whole(data, rels), rels, relationship)
    sheets: list[tuple[str, str]] = []

    def sheet(name, attrs):
        if name.split(":", 1)[-1] != "sheet":
            return
        path = None
        for key, value in attrs.items():
            if key in ("r:id", "relationships:id"):
                if value not in targets:
                    raise _damaged()
                target = targets[value]
                path = (target[1:] if target.startswith("/xl/") else target
                        if target.startswith("xl/") else f"xl/{target}")
        if path is None:
            raise _damaged()
        sheets.append((attrs.get("name", ""), path))
        if len(sheets) > lim.sheets:
            raise UnsafeFile(_("The workbook has more than %(limit)s sheets.")
                             % {"limit": format_int(lim.sheets)})

    _parse_small(_whole(data, workbook), workbook, sheet)
    paths = [p.lower() for _n, p in sheets]
    if len(set(paths)) != len(paths):
        raise _damaged()  # two sheets in one part: each read would read it again
    return sheets


# --- scanning a part ---------------------------------------------------------------------------

# The patterns below match names without a prefix, and start with a literal ("<c", "</v"),
# which re finds at C speed. python-calamine matches an element by its local name, the part of
# its name after the first ":"; a stretch holding any prefixed name of interest has its
# prefixes removed first (one pass), so "x:c" is read as "c" here too.
_PREFIXED = re.compile(rb":(?:c|v|is|si|f|sst|sheetData|dimension|mergeCell)[\s/>]")
# A name runs to the first whitespace, so a prefix may hold "/" (python-calamine reads
# <a/b:c r="B2"> as a cell) or be empty (<:c>).
_PREFIX = re.compile(rb"<(/?)[^\s<>:]*:")


def _tag(name: bytes) -> re.Pattern:
    return re.compile(rb"<" + name + rb"(?=[\s/>])")


def _end(name: bytes) -> re.Pattern:
    return re.compile(rb"</" + name + rb"\s*>")


_ATTR = rb"\s+(?!%s\s*=)[^\s=<>/\"']+\s*=\s*\"[^\"]*\""
_SHEET_DATA = _tag(rb"sheetData")
_SST = _tag(rb"sst")
_SI = _tag(rb"si")
_CELL = _tag(rb"c")
_FORMULA = _tag(rb"f")
_MERGE = _tag(rb"mergeCell")
_DIMENSION_TAG = _tag(rb"dimension")
_CELL_OR_FORMULA = re.compile(rb"<(c|f)(?=[\s/>])")
# A cell's start tag in the plain form: its r (letters, digits) and "/" if it closes itself.
_ANY_ATTR = rb"\s+[^\s=<>/\"']+\s*=\s*\"[^\"]*\""
_CELL_R = re.compile(rb"<c(?:" + _ATTR % b"r" + rb")*\s+r\s*=\s*\"([A-Za-z]{1,3})([0-9]{1,7})\""
                     rb"(?:" + _ATTR % b"r" + rb")*\s*(/?)>")
# A cell with r twice: python-calamine takes the first or the last, depending on the other
# attributes; no spreadsheet program writes one (and expat refuses it): damaged.
_TWO_R = re.compile(rb"<c(?:" + _ANY_ATTR + rb")*?\s+r\s*=\s*\"[^\"]*\"(?:" + _ANY_ATTR
                    + rb")*?\s+r\s*=")
_LONG_CELL_TAG = re.compile(rb"<c\s[^>]{1000}")  # beyond any real one; not read by _CELL_R
_DIMENSION = re.compile(rb"<dimension(?:" + _ATTR % b"ref" + rb")*\s+ref\s*=\s*\"([^\"]*)\"")
_TAGS = re.compile(rb"<[^>]*>")
_ENTITY = re.compile(rb"&(?:#[0-9]+|#x[0-9A-Fa-f]+|[A-Za-z]+);")
_DECLARATION = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.I)
# Quotes other than '"' in the tags whose attributes are read: not the plain form.
_QUOTED = [re.compile(rb"<" + name + rb"[\s/>][^<>]*'") for name in (b"c", b"row", b"dimension")]
# The plain form as writers make it: r first. Its letters (to collect the columns used) and
# its digits (for the highest row, when the columns make it matter).
_R_FIRST = b'<c r="'
_R_LETTERS = re.compile(rb'<c r="([A-Za-z]{1,3})[0-9]{1,7}"(?:' + _ATTR % b"r" + rb")*\s*/?>")
_R_DIGITS = re.compile(rb'<c r="[A-Za-z]{1,3}([0-9]{1,7})"')


def _number_over(n: int) -> bytes:
    """A pattern for a decimal number (leading zeros allowed) greater than n."""
    digits = str(n)
    size = len(digits)
    options = [rb"[1-9][0-9]{%d,}" % size]
    for i, ch in enumerate(digits):
        if ch != "9":
            rest = size - i - 1
            options.append(digits[:i].encode() + b"[%c-9]" % (ord(ch) + 1)
                           + (b"[0-9]{%d}" % rest if rest else b""))
    return rb"0*(?:" + b"|".join(options) + rb")"


def _letters_over(n: int) -> bytes:
    """A pattern for column letters (any case) after column n (1-based)."""
    letters = column_letter(n - 1)
    size = len(letters)
    options = [rb"[A-Za-z]{%d,}" % (size + 1)]
    for i, ch in enumerate(letters):
        if ch != "Z":
            nxt = chr(ord(ch) + 1)
            prefix = b"".join(b"[%c%c]" % (c.encode()[0], c.lower().encode()[0])
                              for c in letters[:i])
            rest = size - i - 1
            options.append(prefix + b"[%c-Z%c-z]" % (nxt.encode()[0], nxt.lower().encode()[0])
                           + (b"[A-Za-z]{%d}" % rest if rest else b""))
    return rb"(?:" + b"|".join(options) + rb")"


@functools.lru_cache(maxsize=8)
def _beyond(rows: int, columns: int) -> re.Pattern:
    """A cell (r first) beyond the rows or the columns."""
    return re.compile(rb'<c r="(?:' + _letters_over(columns) + rb"[0-9]{1,7}|[A-Za-z]{1,3}"
                      + _number_over(rows) + rb')"')


_NOT_MARKS = bytes(b for b in range(256) if b not in b"<>'")
_ENCODING = re.compile(rb"^(?:\xef\xbb\xbf)?<\?xml[^>]*?encoding\s*=\s*[\"']([^\"']*)[\"']")
_REF = re.compile(r"^([A-Za-z]+)([0-9]+)$")


def _check_encoding(head: bytes, part: Part) -> None:
    """UTF-8 only, as spreadsheet programs write: a UTF-16 part (which XML readers detect from
    its first bytes) would hide every tag from a scan of the bytes."""
    declared = _ENCODING.match(head[:1024])
    if (head.startswith((b"\xfe\xff", b"\xff\xfe")) or head[:4] in (b"<\x00?\x00", b"\x00<\x00?")
            or (declared and declared.group(1).lower() not in (b"utf-8", b"utf8"))
            or b"\x00" in head):
        raise UnsafeFile(_("The workbook part “%(part)s” is not written in UTF-8 as spreadsheet "
                           "programs write it. Open the file in Excel, save it as an Excel "
                           "workbook (.xlsx) and upload it again.") % {"part": part.name})


class _NotPlain(Exception):
    """The part is not in the plain form: scan it again from its start, with expat."""


@dataclass
class Scan:
    """What the scan of one part found."""

    part: str
    label: str  # the sheet's name, or the part's
    rows: int = 0  # highest row with content, 1-based
    columns: int = 0
    cells: int = 0
    strings: int = 0
    merged: int = 0
    formulas: list[str] = field(default_factory=list)
    strict: bool = False  # scanned with expat


class _Checks:
    """The limits of a sheet and of shared strings, with their messages."""

    def __init__(self, scan: Scan, lim: Limits):
        self.scan, self.lim = scan, lim

    def dimension(self, ref: str) -> None:
        """A declared ``<dimension ref="A1:XFD1048576">``: from A1 to its last cell."""
        last = ref.split(":")[-1].strip()
        m = _REF.match(last)
        if not m:
            raise _damaged()
        letters, digits = m.groups()
        rows = int(digits[-9:]) if len(digits) <= 9 else 10**9
        columns = column_number(letters) if len(letters) <= 4 else 10**9
        lim = self.lim
        if rows > lim.rows or columns > lim.columns or rows * columns > lim.cells:
            raise UnsafeFile(_(
                "The sheet “%(sheet)s” declares the range %(range)s (%(rows)s rows × "
                "%(columns)s columns); the limit is %(max_rows)s rows × %(max_columns)s "
                "columns and %(max_cells)s cells. Delete the empty rows and columns beyond the "
                "data, save and upload again.") % {
                    "sheet": self.scan.label, "range": ref[:40], "rows": format_int(rows),
                    "columns": format_int(columns), "max_rows": format_int(lim.rows),
                    "max_columns": format_int(lim.columns), "max_cells": format_int(lim.cells)})

    def cell(self, row: int, column: int) -> None:
        """A cell with content at (row, column), 1-based."""
        lim, scan = self.lim, self.scan
        if row > lim.rows or column > lim.columns:
            raise UnsafeFile(_(
                "The sheet “%(sheet)s” has a cell at %(cell)s; the limit is %(max_rows)s rows × "
                "%(max_columns)s columns. Delete the rows and columns beyond the data (even if "
                "they look empty), save and upload again.") % {
                    "sheet": scan.label, "cell": f"{column_letter(column - 1)}{row}",
                    "max_rows": format_int(lim.rows), "max_columns": format_int(lim.columns)})
        scan.rows, scan.columns = max(scan.rows, row), max(scan.columns, column)
        if scan.rows * scan.columns > lim.cells:
            raise UnsafeFile(_(
                "The sheet “%(sheet)s” spans %(rows)s rows × %(columns)s columns, "
                "%(cells)s cells; the limit is %(limit)s cells. Split the data into smaller "
                "files.") % {"sheet": scan.label, "rows": format_int(scan.rows),
                             "columns": format_int(scan.columns),
                             "cells": format_int(scan.rows * scan.columns),
                             "limit": format_int(lim.cells)})

    def unusual(self, elements: int) -> None:
        raise UnsafeFile(_(
            "The part “%(part)s” is written in an unusual form and holds more than %(limit)s "
            "cells or elements, which UCJ Monitor reads only as spreadsheet programs write "
            "them. Open the file in Excel, save it as an Excel workbook (.xlsx) and upload it "
            "again.") % {"part": self.scan.label, "limit": format_int(
                self.lim.strict_cells if elements <= self.lim.strict_cells
                else 4 * self.lim.strict_cells)})

    def count(self, cells: int) -> None:
        self.scan.cells += cells
        limit = self.lim.strict_cells if self.scan.strict else self.lim.cells
        if self.scan.cells > limit:
            if self.scan.strict and limit < self.lim.cells:
                self.unusual(self.scan.cells)
            raise UnsafeFile(_("The sheet “%(sheet)s” has more than %(limit)s cells. Split the "
                               "data into smaller files.")
                             % {"sheet": self.scan.label, "limit": format_int(limit)})

    def strings(self, count: int) -> None:
        self.scan.strings += count
        limit = self.lim.strict_cells if self.scan.strict else self.lim.cells
        if self.scan.strings > limit:
            raise UnsafeFile(_("The workbook holds more than %(limit)s texts. Split the data "
                               "into smaller files.") % {"limit": format_int(limit)})

    def merged(self, count: int) -> None:
        self.scan.merged += count
        if self.scan.merged > self.lim.merged:
            raise UnsafeFile(_("The sheet “%(sheet)s” has more than %(limit)s merged ranges. "
                               "Unmerge the cells, save and upload again.")
                             % {"sheet": self.scan.label, "limit": format_int(self.lim.merged)})

    def formula(self, ref: str) -> None:
        if len(self.scan.formulas) < 8 and ref not in self.scan.formulas:
            self.scan.formulas.append(ref)

    def long_text(self, ref: str | None) -> UnsafeFile:
        limit = format_int(self.lim.cell_chars)
        if ref:
            return UnsafeFile(_("The sheet “%(sheet)s”, cell %(cell)s: the text is longer than "
                                "%(limit)s characters, the most a spreadsheet cell holds.")
                              % {"sheet": self.scan.label, "cell": ref, "limit": limit})
        return UnsafeFile(_("The workbook holds a text longer than %(limit)s characters, the "
                            "most a spreadsheet cell holds.") % {"limit": limit})


def _text_chars(raw: bytes) -> int:
    """Characters of the text in raw XML (tags dropped, an entity counted as one)."""
    text = _TAGS.sub(b"", raw)
    return len(_ENTITY.sub(b"&", text).decode("utf-8", "replace"))


def _last_ref(raw: bytes) -> str | None:
    """The reference of the last cell that starts in raw XML."""
    found = _CELL_R.findall(raw)
    return (found[-1][0] + found[-1][1]).decode().upper() if found else None


class _Meter:
    """The text of each value of one kind (``v``, ``is`` or ``si``), from its start tag to the
    first end tag of its kind (where python-calamine stops reading it). Between two end tags a
    stretch whose bytes are within the limit is within it in characters too; only a longer one
    is looked at, from the first start tag in it, and counted exactly."""

    def __init__(self, kind: bytes, checks: _Checks, *, cell_refs: bool, last_ref=None):
        self.start, self.end, self.exact = _tag(kind), _end(kind), b"</" + kind + b">"
        self.checks, self.cell_refs = checks, cell_refs
        self.last_ref = last_ref or (lambda: None)  # the last cell of the units before
        self.limit = checks.lim.cell_chars
        self.open: list[bytes] = []  # the stretch since the last end tag (raw, or its text)
        self.length = 0
        self.started = False  # a start tag is in the open stretch (only its text is kept)
        self.ref: str | None = None

    def feed(self, data: bytes) -> None:
        # Split at the end tag as writers write it (bytes.split, fast). An end tag written
        # otherwise ("</v >") only makes a stretch longer: never less than the value in it.
        pieces = data.split(self.exact)
        self._extend(pieces[0])
        if len(pieces) == 1:
            return
        self._close()
        inner = pieces[1:-1]
        if inner and max(map(len, inner)) > self.limit:
            for piece in inner:
                if len(piece) > self.limit:
                    m = self.start.search(piece)
                    if m and _text_chars(piece[m.start():]) > self.limit:
                        raise self.checks.long_text(self._ref(piece, m.start()))
        self._extend(pieces[-1])

    def _ref(self, raw: bytes, at: int) -> str | None:
        if not self.cell_refs:
            return None
        return _last_ref(raw[:at]) or self.last_ref()

    def _extend(self, piece: bytes) -> None:
        if not piece:
            return
        self.open.append(piece)
        self.length += len(piece)
        if self.length <= self.limit:
            return
        raw = b"".join(self.open)
        if not self.started:
            m = self.start.search(raw)
            if m is None:  # no value in this stretch yet: nothing of it counts
                self.open, self.length = [], 0
                return
            self.started, self.ref = True, self._ref(raw, m.start())
            raw = raw[m.start():]
        text = _TAGS.sub(b"", raw)  # only the text (its bytes, entities as written)
        if len(text) > 10 * self.limit + 64:  # "&#x10FFFF;": ten bytes, one character
            raise self.checks.long_text(self.ref)
        self.open, self.length = [text], len(text)

    def _close(self) -> None:
        if self.length > self.limit:
            raw = b"".join(self.open)
            at = 0
            if not self.started:
                m = self.start.search(raw)
                at = m.start() if m else len(raw)
                self.ref = self._ref(raw, at)
            if _text_chars(raw[at:]) > self.limit:
                raise self.checks.long_text(self.ref)
        self.open, self.length, self.started, self.ref = [], 0, False, None


class _PlainScan:
    """The checks of a part read by python-calamine, on its raw bytes (see the module's doc);
    raises _NotPlain when the part needs the exact scan."""

    def __init__(self, scan: Scan, lim: Limits, *, shared_strings: bool):
        self.checks = _Checks(scan, lim)
        self.sheet = False
        self.sst = False
        self.shared_strings = shared_strings  # the part python-calamine reads strings from
        self.carry = b""
        self.last_ref = ""
        self.meters = [_Meter(kind, self.checks, cell_refs=True, last_ref=lambda: self.last_ref)
                       for kind in (b"v", b"is")]  # python-calamine reads values from these
        self.si_meter = _Meter(b"si", self.checks, cell_refs=False)

    def feed(self, chunk: bytes) -> None:
        buf = self.carry + chunk if self.carry else chunk
        cut = buf.rfind(b">") + 1
        tail = buf[cut:]
        opened = tail.find(b"<")
        if opened >= 0 and len(tail) - opened > MAX_TAG_BYTES:
            raise _damaged()  # a tag (or comment) of megabytes: no spreadsheet writes one
        if cut == 0:  # no tag ends here
            if opened < 0 and len(buf) > MAX_TAG_BYTES:  # a long text: measured as it comes
                self._text(buf)
                self.carry = b""
            else:
                self.carry = buf
            return
        self.carry = tail
        self._unit(buf[:cut])

    def close(self) -> None:
        if self.carry.strip():
            self._unit(self.carry)  # text after the last tag: not XML, but measured

    def _text(self, text: bytes) -> None:
        if self.sheet:
            for meter in self.meters:
                meter.feed(text)
        if self.sst:
            self.si_meter.feed(text)

    def _unit(self, unit: bytes) -> None:
        """A stretch of the part that ends after a tag (or is the last of it)."""
        if b"<!" in unit and _DECLARATION.search(unit):
            _refuse_dtd(self.checks.scan.part)()
        if b"\x00" in unit:
            raise _NotPlain
        if b":" in unit and _PREFIXED.search(unit):
            unit = _PREFIX.sub(rb"<\1", unit)
        active = self.sheet or self.sst
        start = len(unit)
        if not self.sheet:  # python-calamine reads the dimension before the sheet's data
            if b"<dimension" in unit:
                dimensions = _DIMENSION.findall(unit)
                if len(dimensions) != len(_DIMENSION_TAG.findall(unit)):
                    raise _NotPlain
                for ref in dimensions:
                    self.checks.dimension(ref.decode("ascii", "replace"))
            if b"<sheetData" in unit and (m := _SHEET_DATA.search(unit)):
                self.sheet, start = True, m.start()
        if not self.sst and self.shared_strings and (m := _SST.search(unit) or _SI.search(unit)):
            self.sst, start = True, min(start, m.start())
        if self.sheet or self.sst:
            region = unit if active else unit[start:]
            self._plain(region)
            if self.sheet:
                self._cells(region)
            if self.sst:
                self.checks.strings(region.count(b"<si"))  # never fewer than there are
                self.si_meter.feed(region)

    @staticmethod
    def _plain(region: bytes) -> None:
        """"<" and ">" only around tags, strictly alternating; no comment, CDATA, processing
        instruction, or single quotes in the tags whose attributes are read."""
        marks = region.translate(None, _NOT_MARKS)
        if b"'" in marks:
            if any(p.search(region) for p in _QUOTED):
                raise _NotPlain
            marks = marks.replace(b"'", b"")
        if marks.count(b"<>") * 2 != len(marks) or b"<!" in region or b"<?" in region:
            raise _NotPlain

    def _cells(self, region: bytes) -> None:
        checks, lim = self.checks, self.checks.lim
        tags = region.count(b"<c ")
        if region.count(b"<c") != tags:  # other elements, or other whitespace: count exactly
            tags = len(_CELL.findall(region))
        if tags:
            checks.count(tags)
            letters = _R_LETTERS.findall(region)
            if len(letters) == tags:  # every cell as writers make it: r first, and once
                self._extent(region, letters)
            else:  # other orders of attributes: each cell's r read in its tag
                if _LONG_CELL_TAG.search(region):
                    raise _NotPlain
                if _TWO_R.search(region):
                    raise _damaged()
                found = _CELL_R.findall(region)
                if len(found) != tags:  # a cell without r (or with one not read here)
                    raise _NotPlain
                valued = [f for f in found if not f[2]]  # a cell closing itself is empty
                if valued:
                    row = max(map(int, [f[1] for f in valued]))
                    column = max(map(column_number, {f[0] for f in valued}))
                    if row > lim.rows or column > lim.columns:
                        worst = next(f for f in valued if int(f[1]) > lim.rows
                                     or column_number(f[0]) > lim.columns)
                        checks.cell(int(worst[1]), column_number(worst[0]))
                    checks.cell(row, column)
        if b"<mergeCell" in region:
            checks.merged(len(_MERGE.findall(region)))
        if b"<f" in region and _FORMULA.search(region):
            self._formulas(region)
        for meter in self.meters:
            meter.feed(region)
        if tags:
            self.last_ref = _last_ref(region[region.rfind(b"<c "):]) or self.last_ref

    def _extent(self, region: bytes, letters: list[bytes]) -> None:
        """Rows and columns of cells whose tag starts with r. The columns are all collected;
        the highest row is the last cell's, unless one search finds a higher one (a cell out
        of order), and then all rows are read."""
        checks, lim = self.checks, self.checks.lim
        column = max(map(column_number, set(letters)))
        last = _R_DIGITS.match(region, region.rfind(_R_FIRST))
        row = max(int(last.group(1)), checks.scan.rows)
        if row <= lim.rows and re.compile(rb'<c r="[A-Za-z]{1,3}' + _number_over(row)
                                          + rb'"').search(region):
            row = max(map(int, _R_DIGITS.findall(region)))
        if row > lim.rows or column > lim.columns:  # name the first cell beyond
            beyond = _beyond(lim.rows, lim.columns).search(region)
            checks.cell(*_position(beyond.group(0)[6:-1].decode()))
        checks.cell(row, column)

    def _formulas(self, region: bytes) -> None:
        ref = self.last_ref
        for m in _CELL_OR_FORMULA.finditer(region):
            if m.group(1) == b"c":
                r = _CELL_R.match(region, m.start())
                ref = (r.group(1) + r.group(2)).decode().upper() if r else "?"
            else:
                self.checks.formula(ref or "?")


class _StrictScan:
    """The checks of a part with expat, following python-calamine's walk of a sheet: a row's
    ``r`` sets the row, its end moves to the next; a cell's ``r`` sets its place, a cell
    without one takes the place after the cell before. Stricter than python-calamine where the
    two could read differently (a cell or row inside a cell is refused)."""

    def __init__(self, scan: Scan, lim: Limits, *, shared_strings: bool):
        scan.strict = True
        self.checks = _Checks(scan, lim)
        self.shared_strings = shared_strings
        self.sheet = self.sst = False
        self.row = self.column = 0  # python-calamine's row_index and col_index (0-based)
        self.cell: tuple[int, int] | None = None
        self.valued = False
        self.text = 0
        self.si = False
        self.elements = 0
        self.open, self.opened = 0, False  # bytes since the last ">", and whether a tag is open
        parser = expat.ParserCreate()
        parser.buffer_text = True
        parser.StartDoctypeDeclHandler = _refuse_dtd(scan.part)
        parser.EntityDeclHandler = _refuse_dtd(scan.part)
        parser.StartElementHandler = self.start
        parser.EndElementHandler = self.end
        parser.CharacterDataHandler = self.chars
        self.parser = parser

    def feed(self, chunk: bytes) -> None:
        end = chunk.rfind(b">")
        if end < 0:
            self.open += len(chunk)
            self.opened = self.opened or b"<" in chunk
        else:
            self.open, self.opened = len(chunk) - end - 1, b"<" in chunk[end + 1:]
        if self.opened and self.open > MAX_TAG_BYTES:  # expat would hold the whole tag
            raise _damaged()
        try:
            self.parser.Parse(chunk, False)
        except expat.ExpatError as exc:
            raise _damaged() from exc

    def close(self) -> None:
        try:
            self.parser.Parse(b"", True)
        except expat.ExpatError as exc:
            raise _damaged() from exc

    def start(self, name: str, attrs: dict) -> None:
        local = name.split(":", 1)[-1]
        checks = self.checks
        self.elements += 1
        if self.elements > 4 * checks.lim.strict_cells:  # the exact scan is slow: bounded
            checks.unusual(self.elements)
        if local == "dimension" and "ref" in attrs:
            checks.dimension(attrs["ref"])
        if self.cell is not None:
            if local in ("c", "row", "sheetData"):
                raise _damaged()
            self.valued = True
            if local == "f":
                checks.formula(self._ref())
            return
        if local == "sheetData":
            self.sheet = True
        elif local == "sst" and self.shared_strings:
            self.sst = True
        if self.sheet:
            if local == "row":
                if "r" in attrs:
                    self.row = _position(attrs["r"], need_column=False)[0] - 1
            elif local == "c":
                checks.count(1)
                if "r" in attrs:
                    row, column = _position(attrs["r"])
                    self.cell, self.column = (row - 1, column - 1), column - 1
                else:
                    self.cell = (self.row, self.column)
                self.column += 1
                self.valued, self.text = False, 0
            elif local == "mergeCell":
                checks.merged(1)
        if self.shared_strings and local == "si":
            checks.strings(1)
            self.si, self.text = True, 0

    def end(self, name: str) -> None:
        local = name.split(":", 1)[-1]
        if self.cell is not None:
            if local == "c":
                if self.valued:
                    self.checks.cell(self.cell[0] + 1, self.cell[1] + 1)
                self.cell = None
            return
        if local == "row" and self.sheet:
            self.row, self.column = self.row + 1, 0
        elif local == "si":
            self.si = False

    def chars(self, data: str) -> None:
        if self.cell is not None or self.si:
            self.text += len(data)
            if self.text > self.checks.lim.cell_chars:
                raise self.checks.long_text(self._ref() if self.cell is not None else None)

    def _ref(self) -> str:
        row, column = self.cell
        return f"{column_letter(column)}{row + 1}"


def _position(ref: str, *, need_column: bool = True) -> tuple[int, int]:
    """(row, column), 1-based, of a reference like "B7" (letters in any case, as
    python-calamine reads them); a row's ``r`` may be digits alone."""
    m = re.fullmatch(r"([A-Za-z]*)([0-9]+)", ref.strip())
    if not m or (need_column and not m.group(1)):
        raise _damaged()
    letters, digits = m.groups()
    row = int(digits[-12:]) if len(digits) <= 12 else 10**12
    column = column_number(letters) if 0 < len(letters) <= 6 else (0 if not letters else 10**9)
    if row == 0:
        raise _damaged()
    return row, column


def _scan_part(data: bytes, part: Part, label: str, lim: Limits) -> Scan:
    """A part python-calamine reads: plain scan, else the exact one from its start."""
    shared = part.key == SHARED_STRINGS
    scan = Scan(part=part.name, label=label)
    try:
        scanner = _PlainScan(scan, lim, shared_strings=shared)
        first = True
        for chunk in _inflate(data, part):
            if first:
                _check_encoding(chunk, part)
                first = False
            scanner.feed(chunk)
        scanner.close()
        return scan
    except _NotPlain:
        pass
    scan = Scan(part=part.name, label=label)
    scanner = _StrictScan(scan, lim, shared_strings=shared)
    for chunk in _inflate(data, part):
        scanner.feed(chunk)
    scanner.close()
    return scan


def _search_part(data: bytes, part: Part) -> None:
    """A part python-calamine does not read: its bytes counted, no DTD in it."""
    tail = b""
    for chunk in _inflate(data, part):
        edge = tail + chunk[:16]
        if (b"<!" in edge and _DECLARATION.search(edge)) or (b"<!" in chunk
                                                             and _DECLARATION.search(chunk)):
            _refuse_dtd(part.name)()
        tail = chunk[-16:]


# --- the whole workbook ------------------------------------------------------------------------

@dataclass
class Sheet:
    name: str
    path: str  # of its part in the package, "" if there is none
    scan: Scan | None


@dataclass
class CheckedWorkbook:
    """A workbook that passed ``inspect_xlsx``: its sheets (in order) with what their scan
    found, and the package python-calamine may read."""

    sheets: list[Sheet]
    package: bytes

    @property
    def sheet_names(self) -> list[str]:
        return [s.name for s in self.sheets]

    def sheet(self, name: str) -> Sheet | None:
        return next((s for s in self.sheets if s.name == name), None)

    def open(self):
        """The package in python-calamine (only now is any cell read)."""
        from python_calamine import CalamineWorkbook

        return CalamineWorkbook.from_filelike(io.BytesIO(self.package))


def inspect_xlsx(data: bytes, lim: Limits | None = None) -> CheckedWorkbook:
    """Check a workbook before any cell of it is read (see the module's doc); raises
    UnsafeFile with the reason."""
    lim = lim or Limits.from_settings()
    if len(data) > lim.package_bytes:
        raise UnsafeFile(_("The file is %(size)s MB; the limit is %(limit)s MB. Split it into "
                           "smaller files.") % {"size": _mb(len(data)),
                                                "limit": _mb(lim.package_bytes)})
    parts = zip_parts(data, lim)
    by_key = {p.key: p for p in parts}
    workbook = by_key.get("xl/workbook.xml")
    if workbook is None:
        if "mimetype" in by_key or "content.xml" in by_key:
            raise UnsafeFile(_("This is an OpenDocument (.ods) spreadsheet. Save it as an Excel "
                               "workbook (.xlsx) or as CSV and upload it again."))
        raise UnsafeFile(_("This is not a spreadsheet (it looks like a Word or other Office "
                           "document). Upload the .xlsx template or a CSV file."))
    sheets = sheet_parts(data, workbook, by_key.get("xl/_rels/workbook.xml.rels"), lim)
    labels = {path.lower(): name for name, path in sheets}
    kept = set(CONTROL_PARTS) | {SHARED_STRINGS} | set(labels)
    scans: dict[str, Scan] = {}
    for part in parts:
        if part.key in kept:
            scans[part.key] = _scan_part(data, part, labels.get(part.key, part.name), lim)
        else:
            _search_part(data, part)
    checked = [Sheet(name=name, path=by_key[path.lower()].name if path.lower() in by_key
                     else "", scan=scans.get(path.lower())) for name, path in sheets]
    return CheckedWorkbook(sheets=checked,
                           package=_package(data, [p for p in parts if p.key in kept]))


def _package(data: bytes, parts: list[Part]) -> bytes:
    """A fresh zip of the checked parts: their compressed bytes as they were, one local header
    and one directory entry each, nothing else."""
    out = io.BytesIO()
    directory = []
    for part in parts:
        offset = out.tell()
        flags = part.flags & 0x800  # UTF-8 names; sizes before the data, no encryption
        out.write(struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, flags, part.method, part.time,
                              part.date, part.crc, part.packed, part.size, len(part.raw_name), 0))
        out.write(part.raw_name)
        out.write(memoryview(data)[part.start:part.start + part.packed])
        directory.append(struct.pack(
            "<4s6H3L5H2L", b"PK\x01\x02", 20, 20, flags, part.method, part.time, part.date,
            part.crc, part.packed, part.size, len(part.raw_name), 0, 0, 0, 0, 0, offset)
            + part.raw_name)
    start = out.tell()
    body = b"".join(directory)
    out.write(body)
    out.write(struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(parts), len(parts), len(body),
                          start, 0))
    return out.getvalue()


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
