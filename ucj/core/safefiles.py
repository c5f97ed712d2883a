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

The module does steps 1–3 and 5 and feeds each part to ``ucj.core.xmlscan`` (step 4); the
limits, the refusal and the file kinds are in ``ucj.core.filelimits``. CSV files are bounded by
``csv_rows`` and ``csv_header`` (``ucj.core.csvsafe``); the names the importer, the registry and
the sheet facts use are all importable from here (``__all__``).
"""

from __future__ import annotations

import io
import struct
import zlib
from dataclasses import dataclass
from xml.parsers import expat

from django.utils.translation import gettext as _

from ucj.core.csvsafe import csv_header, csv_rows
from ucj.core.filelimits import (
    CFB_MAGIC,
    Limits,
    Part,
    UnsafeFile,
    _damaged,
    _mb,
    _refuse_dtd,
    column_letter,
    column_number,
    not_a_text,
    not_a_workbook,
)
from ucj.core.formatting import format_int
from ucj.core.xmlscan import (
    _DECLARATION,
    MAX_TAG_BYTES,
    Scan,
    _check_encoding,
    _NotPlain,
    _PlainScan,
    _StrictScan,
)

# What the importer, the registry and the sheet facts use from here (each defined where its job is).
__all__ = [
    "CFB_MAGIC", "CHUNK", "MAX_TAG_BYTES", "CheckedWorkbook", "Limits", "Part", "Scan", "Sheet",
    "UnsafeFile", "_inflate", "_refuse_dtd", "column_letter", "column_number", "csv_header",
    "csv_rows", "inspect_xlsx", "not_a_text", "not_a_workbook", "zip_parts",
]

CHUNK = 1 << 20  # bytes inflated (and scanned) at a time
CONTROL_PART_BYTES = 32 * 1024 * 1024  # workbook, relationships, styles, content types
RATIO_FROM_BYTES = 1024 * 1024  # parts smaller than this are not judged by their ratio
# Parts python-calamine reads besides the sheets (it finds a part by name in any case).
CONTROL_PARTS = ("[content_types].xml", "_rels/.rels", "xl/workbook.xml",
                 "xl/_rels/workbook.xml.rels", "xl/styles.xml")
SHARED_STRINGS = "xl/sharedstrings.xml"


# --- what a file is ----------------------------------------------------------------------------

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
    count, cd_offset, cd_end = _directory(data, lim)
    parts, seen, total, pos = [], set(), 0, cd_offset
    for _i in range(count):
        part, pos = _directory_entry(data, pos, cd_end)
        _check_declared(part, lim)
        if part.key in seen:
            raise UnsafeFile(_("The workbook holds the part “%(part)s” twice: the file is "
                               "damaged or crafted, and is not read.") % {"part": part.name})
        seen.add(part.key)
        total += part.size
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


def _directory(data: bytes, lim: Limits) -> tuple[int, int, int]:
    """(number of parts, where the central directory starts, where it ends), from the end of
    central directory record (and its zip64 form), within the limit of parts."""
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
    return count, cd_offset, cd_end


def _directory_entry(data: bytes, pos: int, cd_end: int) -> tuple[Part, int]:
    """The part the central directory lists at ``pos``, and where the next entry starts."""
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
    return Part(name=name, raw_name=raw_name, flags=flags, method=method, time=time,
                date=date, crc=crc, packed=packed, size=size, offset=offset), pos


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


