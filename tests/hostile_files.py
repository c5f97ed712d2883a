"""A corpus of hostile files, made by code (nothing big is committed): what an operator, a
BPJS user or an admin turned attacker could upload as a spreadsheet to take the server down or
read what is not theirs. Each file says what it tries and what the import upload and the
registry uploads answer (a fragment of the Indonesian refusal, or None where the file is
harmless and read as it is). Used by tests/test_hostile_files.py and bench/bench_hostile.py.

The zip files are written by ``zip_bytes`` below, which can lie in every field: a central
directory that disagrees with a local header, a declared size smaller than what inflates, two
entries with one name, entries sharing one compressed stream. Zip bombs are made without doing
the work: one block of deflate output, flushed to a byte boundary, repeated (each block stands
alone after a full flush), with its CRC combined arithmetically, so a 2 GiB part costs
milliseconds to make."""

from __future__ import annotations

import functools
import struct
import zlib
from collections.abc import Callable
from dataclasses import dataclass

NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
XML = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
CONTENT_TYPES = XML + (
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships'
    b'+xml"/><Default Extension="xml" ContentType="application/xml"/>'
    b'<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
    b'officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/'
    b'sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.'
    b'worksheet+xml"/></Types>')
ROOT_RELS = XML + (
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Type="' + REL.encode() + b'/officeDocument" '
    b'Target="xl/workbook.xml"/></Relationships>')
WORKBOOK = XML + (
    b'<workbook xmlns="' + NS.encode() + b'" xmlns:r="' + REL.encode() + b'"><sheets>'
    b'<sheet name="Data" sheetId="1" r:id="rId1"/></sheets></workbook>')
WORKBOOK_RELS = XML + (
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Type="' + REL.encode() + b'/worksheet" '
    b'Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="' + REL.encode()
    + b'/sharedStrings" Target="sharedStrings.xml"/></Relationships>')
SHEET = "xl/worksheets/sheet1.xml"


# --- zip, written field by field -----------------------------------------------------------------

@dataclass
class Entry:
    name: str
    data: bytes = b""  # what the part holds (compressed here unless ``raw`` is given)
    method: int = 8
    raw: bytes | None = None  # the compressed bytes as they are stored
    size: int | None = None  # declared uncompressed size (default: the real one)
    crc: int | None = None
    flags: int = 0
    local_name: str | None = None  # the local header's own name, size, method if they differ
    local_size: int | None = None
    local_method: int | None = None
    offset_of: str | None = None  # point the directory at another entry's local header


def _deflate(data: bytes) -> bytes:
    c = zlib.compressobj(6, zlib.DEFLATED, -15)
    return c.compress(data) + c.flush()


def zip_bytes(entries: list[Entry], *, prefix: bytes = b"") -> bytes:
    out = bytearray(prefix)
    directory = []
    offsets: dict[str, int] = {}
    for e in entries:
        raw = e.raw if e.raw is not None else (_deflate(e.data) if e.method == 8 else e.data)
        size = len(e.data) if e.size is None else e.size
        crc = zlib.crc32(e.data) if e.crc is None else e.crc
        name = e.name.encode()
        local_name = (e.local_name or e.name).encode()
        offset = len(out)
        offsets[e.name] = offset
        if e.offset_of is None:
            out += struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, e.flags,
                               e.method if e.local_method is None else e.local_method, 0, 0x21,
                               crc, len(raw), size if e.local_size is None else e.local_size,
                               len(local_name), 0) + local_name + raw
        else:
            offset = offsets[e.offset_of]
        directory.append(struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 20, 20, e.flags, e.method, 0,
                                     0x21, crc, len(raw), size, len(name), 0, 0, 0, 0, 0, offset)
                         + name)
    start = len(out)
    body = b"".join(directory)
    out += body + struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(entries), len(entries),
                              len(body), start, 0)
    return bytes(out)


def workbook(sheet: bytes, *, shared: bytes | None = None, extra: list[Entry] = (),
             workbook_xml: bytes = WORKBOOK, replace: dict[str, Entry] | None = None) -> bytes:
    """A minimal workbook: one sheet "Data" (its XML as given), shared strings if given."""
    entries = [Entry("[Content_Types].xml", CONTENT_TYPES), Entry("_rels/.rels", ROOT_RELS),
               Entry("xl/workbook.xml", workbook_xml),
               Entry("xl/_rels/workbook.xml.rels", WORKBOOK_RELS), Entry(SHEET, sheet)]
    if shared is not None:
        entries.append(Entry("xl/sharedStrings.xml", shared))
    entries = [(replace or {}).get(e.name, e) for e in entries] + list(extra)
    return zip_bytes(entries)


def sheet_xml(rows: str | bytes, *, dimension: str | None = None, head: str = "") -> bytes:
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    body = rows.encode() if isinstance(rows, str) else rows
    return (XML + f'<worksheet xmlns="{NS}" xmlns:r="{REL}">{dim}{head}<sheetData>'.encode()
            + body + b"</sheetData></worksheet>")


def text_cell(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


HEADER_ROW = '<row r="1">' + text_cell("A1", "Nama") + text_cell("B1", "Nilai") + "</row>"


# --- zip bombs without doing the work ---------------------------------------------------------------

def _gf2_times(matrix: list[int], vector: int) -> int:
    total, i = 0, 0
    while vector:
        if vector & 1:
            total ^= matrix[i]
        vector >>= 1
        i += 1
    return total


def _gf2_square(matrix: list[int]) -> list[int]:
    return [_gf2_times(matrix, matrix[n]) for n in range(32)]


def crc32_combine(crc1: int, crc2: int, len2: int) -> int:
    """CRC-32 of A+B from CRC(A), CRC(B) and len(B) (zlib's crc32_combine)."""
    if len2 <= 0:
        return crc1
    odd = [0xEDB88320] + [1 << (n - 1) for n in range(1, 32)]
    even = _gf2_square(odd)
    odd = _gf2_square(even)
    while True:
        even = _gf2_square(odd)
        if len2 & 1:
            crc1 = _gf2_times(even, crc1)
        len2 >>= 1
        if not len2:
            break
        odd = _gf2_square(even)
        if len2 & 1:
            crc1 = _gf2_times(odd, crc1)
        len2 >>= 1
        if not len2:
            break
    return crc1 ^ crc2


def repeated(unit: bytes, times: int, *, head: bytes = b"", tail: bytes = b"") -> Entry:
    """A part holding head + unit × times + tail: its compressed bytes, real size and CRC,
    made in milliseconds (the part itself is never built)."""
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = c.compress(head) + c.flush(zlib.Z_FULL_FLUSH)
    block = c.compress(unit) + c.flush(zlib.Z_FULL_FLUSH)
    last = c.compress(tail) + c.flush(zlib.Z_FINISH)
    crc_unit, crc = zlib.crc32(unit), 0
    power, power_len, count = crc_unit, len(unit), times
    body_crc, body_len = 0, 0
    while count:  # CRC of unit × times by doubling
        if count & 1:
            body_crc = crc32_combine(body_crc, power, power_len) if body_len else power
            body_len += power_len
        power = crc32_combine(power, power, power_len)
        power_len *= 2
        count >>= 1
    crc = zlib.crc32(head)
    crc = crc32_combine(crc, body_crc, body_len) if head else body_crc
    crc = crc32_combine(crc, zlib.crc32(tail), len(tail))
    return Entry(SHEET, raw=first + block * times + last,
                 size=len(head) + len(unit) * times + len(tail), crc=crc)


def _bomb_rows() -> bytes:
    return b"".join(b'<row><c t="inlineStr"><is><t>xxxxxxxxxxxxxxxx</t></is></c></row>'
                    for _ in range(16384))


# --- the files ---------------------------------------------------------------------------------

def dimension_bomb() -> bytes:
    """The 1.7 KB workbook of issue 14: a header, and one cell at XFD1048576."""
    return workbook(sheet_xml(HEADER_ROW + '<row r="1048576">' + text_cell("XFD1048576", "x")
                              + "</row>"))


def dimension_declared() -> bytes:
    return workbook(sheet_xml(HEADER_ROW, dimension="A1:XFD1048576"))


def dimension_row_without_r() -> bytes:
    """The row says 1048576, its cell has no r: python-calamine puts it at A1048576."""
    return workbook(sheet_xml(HEADER_ROW + '<row r="1048576"><c t="inlineStr"><is><t>x</t>'
                              '</is></c></row>'))


def dimension_prefixed() -> bytes:
    """Elements with a namespace prefix (x:c), as .NET writers make them."""
    rows = ('<x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>Nama</x:t></x:is></x:c></x:row>'
            '<x:row r="1048576"><x:c r="XFD1048576" t="inlineStr"><x:is><x:t>x</x:t></x:is>'
            '</x:c></x:row>')
    xml = (XML + f'<x:worksheet xmlns:x="{NS}"><x:sheetData>{rows}</x:sheetData>'
           '</x:worksheet>'.encode())
    return workbook(xml)


def dimension_quoted() -> bytes:
    """Single quotes around r: not the plain form, read exactly with expat."""
    return workbook(sheet_xml(HEADER_ROW + "<row r='1048576'><c r='XFD1048576' t='inlineStr'>"
                              "<is><t>x</t></is></c></row>"))


def dimension_duplicate_r() -> bytes:
    """A cell with two r: python-calamine takes the last here, XFD1048576 (the first in
    other tags)."""
    return workbook(sheet_xml(HEADER_ROW + '<row r="2"><c r="A2" r="XFD1048576" t="inlineStr">'
                              "<is><t>x</t></is></c></row>"))


def too_many_columns() -> bytes:
    cells = "".join(text_cell(f"{_col(i)}1", f"k{i}") for i in range(70))
    return workbook(sheet_xml(f'<row r="1">{cells}</row>'))


def _col(index: int) -> str:
    from ucj.core.safefiles import column_letter

    return column_letter(index)


def zip_bomb() -> bytes:
    """A sheet that inflates to 2 GiB from 6 MB, declared honestly (335 to 1)."""
    return workbook(b"", replace={SHEET: zip_bomb_entry()})


def zip_bomb_lying() -> bytes:
    """The same 2 GiB sheet, declaring 10 KB in the directory and the local header."""
    entry = _lying(zip_bomb_entry())
    return workbook(b"", replace={SHEET: entry})


@functools.lru_cache(maxsize=1)
def zip_bomb_entry() -> Entry:
    unit = _bomb_rows()
    return repeated(unit, (2 << 30) // len(unit),
                    head=sheet_xml(HEADER_ROW).split(b"</sheetData>")[0],
                    tail=b"</sheetData></worksheet>")


def _lying(entry: Entry) -> Entry:
    return Entry(SHEET, raw=entry.raw, size=10_000, crc=entry.crc)


def zip_bomb_ratio() -> bytes:
    """A sheet within the size limits (100 MB) but compressed 335 to 1."""
    unit = _bomb_rows()
    entry = repeated(unit, (100 << 20) // len(unit),
                     head=sheet_xml(HEADER_ROW).split(b"</sheetData>")[0],
                     tail=b"</sheetData></worksheet>")
    return workbook(b"", replace={SHEET: entry})


def shared_strings_bomb() -> bytes:
    """Shared strings that inflate to 1 GiB."""
    unit = b"<si><t>" + b"A" * 1000 + b"</t></si>"
    entry = repeated(unit * 64, (1 << 30) // (len(unit) * 64),
                     head=XML + f'<sst xmlns="{NS}">'.encode(), tail=b"</sst>")
    entry.name = "xl/sharedStrings.xml"
    return workbook(sheet_xml(HEADER_ROW), shared=b"", replace={"xl/sharedStrings.xml": entry})


def shared_strings_count() -> bytes:
    """3.2 million different short strings (57 MB, 10 to 1): more texts than cells allowed."""
    unit = b"".join(b"<si><t>%07d</t></si>" % i for i in range(200_000))
    entry = repeated(unit, 16, head=XML + f'<sst xmlns="{NS}">'.encode(), tail=b"</sst>")
    entry.name = "xl/sharedStrings.xml"
    return workbook(sheet_xml(HEADER_ROW), shared=b"", replace={"xl/sharedStrings.xml": entry})


def huge_shared_string() -> bytes:
    shared = XML + f'<sst xmlns="{NS}"><si><t>Nama</t></si><si><t>'.encode() + b"A" * 1_000_000 \
        + b"</t></si></sst>"
    rows = '<row r="1"><c r="A1" t="s"><v>0</v></c></row><row r="2"><c r="A2" t="s"><v>1</v></c></row>'
    return workbook(sheet_xml(rows), shared=shared)


def huge_cell() -> bytes:
    return workbook(sheet_xml(HEADER_ROW + '<row r="2">' + text_cell("A2", "a")
                              + text_cell("B2", "B" * 1_000_000) + "</row>"))


def huge_cell_runs() -> bytes:
    """A rich text of 40 runs of 1,000 characters: one value of 40,000 characters."""
    runs = "".join(f"<r><t>{'C' * 1000}</t></r>" for _ in range(40))
    return workbook(sheet_xml(HEADER_ROW + f'<row r="2"><c r="B2" t="inlineStr"><is>{runs}</is>'
                              "</c></row>"))


@functools.cache
def _million_body() -> tuple[bytes, int, int]:
    """The rows of 1,048,576 one-cell rows, compressed once (flushed to a byte boundary so that
    a head compressed apart can go before it): (compressed, CRC, size)."""
    rows = b"".join(b'<row r="%d"><c r="A%d"><v>1</v></c></row>' % (i, i)
                    for i in range(1, 1_048_577))
    c = zlib.compressobj(6, zlib.DEFLATED, -15)
    return c.compress(rows) + c.flush(zlib.Z_FULL_FLUSH), zlib.crc32(rows), len(rows)


def _million(dimension: str | None) -> bytes:
    head, tail = sheet_xml(b"", dimension=dimension).split(b"</sheetData>")
    tail = b"</sheetData>" + tail
    body, body_crc, body_size = _million_body()
    c = zlib.compressobj(6, zlib.DEFLATED, -15)
    first = c.compress(head) + c.flush(zlib.Z_FULL_FLUSH)
    last = zlib.compressobj(6, zlib.DEFLATED, -15)
    crc = crc32_combine(crc32_combine(zlib.crc32(head), body_crc, body_size), zlib.crc32(tail),
                        len(tail))
    entry = Entry(SHEET, raw=first + body + last.compress(tail) + last.flush(),
                  size=len(head) + body_size + len(tail), crc=crc)
    return workbook(b"", replace={SHEET: entry})


def million_rows() -> bytes:
    """1,048,576 rows (about 5 MB), the dimension saying so."""
    return _million("A1:A1048576")


def million_rows_undeclared() -> bytes:
    """The same without a dimension: found by the scan at row 200,001."""
    return _million(None)


def many_parts() -> bytes:
    """60,000 empty parts (zipfile would build 60,000 objects before anything else)."""
    entries = [Entry(f"xl/media/p{i}.bin", b"", method=0) for i in range(60_000)]
    return workbook(sheet_xml(HEADER_ROW), extra=entries)


def overlapping_parts() -> bytes:
    """200 directory entries pointing at one compressed stream (how some zip bombs multiply
    one stream)."""
    image = b"\x89PNG" + b"\x00" * 500_000
    raw, crc = _deflate(image), zlib.crc32(image)
    extra = [Entry("xl/media/image0.png", raw=raw, size=len(image), crc=crc)]
    extra += [Entry(f"xl/media/image{i}.png", raw=raw, size=len(image), crc=crc,
                    offset_of="xl/media/image0.png") for i in range(1, 200)]
    return workbook(sheet_xml(HEADER_ROW), extra=extra)


def duplicate_part() -> bytes:
    """Two parts named like the sheet: one harmless, one a dimension bomb."""
    bomb = Entry(SHEET, sheet_xml('<row r="1048576">' + text_cell("XFD1048576", "x") + "</row>"))
    return workbook(sheet_xml(HEADER_ROW), extra=[bomb])


def duplicate_part_case() -> bytes:
    bomb = Entry("XL/Worksheets/Sheet1.xml",
                 sheet_xml('<row r="1048576">' + text_cell("XFD1048576", "x") + "</row>"))
    return workbook(sheet_xml(HEADER_ROW), extra=[bomb])


def local_header_mismatch() -> bytes:
    """The directory lists a small sheet; its local header names another size and method."""
    entry = Entry(SHEET, sheet_xml(HEADER_ROW), local_size=1 << 30, local_method=0)
    return workbook(b"", replace={SHEET: entry})


def concatenated() -> bytes:
    """A harmless workbook followed by a dimension bomb: two zips, two directories."""
    return workbook(sheet_xml(HEADER_ROW)) + dimension_bomb()


PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]"
       b"/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")


def pdf_zip_polyglot() -> bytes:
    """A PDF whose tail is a workbook (a zip read from its end), offsets counted from the PDF's
    first byte: both a PDF and a zip to readers that look at one end only."""
    return zip_bytes([Entry("[Content_Types].xml", CONTENT_TYPES), Entry("_rels/.rels", ROOT_RELS),
                      Entry("xl/workbook.xml", WORKBOOK),
                      Entry("xl/_rels/workbook.xml.rels", WORKBOOK_RELS),
                      Entry(SHEET, sheet_xml(HEADER_ROW))], prefix=PDF)


def billion_laughs() -> bytes:
    lol = ('<!DOCTYPE lolz [<!ENTITY lol "lol">'
           + "".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
                     for i in range(1, 10)) + "]>")
    xml = sheet_xml(HEADER_ROW + '<row r="2">' + text_cell("A2", "&lol9;") + "</row>")
    return workbook(xml.replace(b"<worksheet", lol.encode() + b"<worksheet", 1))


def external_entity() -> bytes:
    shared = (XML + b'<!DOCTYPE sst [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
              + f'<sst xmlns="{NS}"><si><t>&xxe;</t></si></sst>'.encode())
    return workbook(sheet_xml('<row r="1"><c r="A1" t="s"><v>0</v></c></row>'), shared=shared)


def doctype_in_other_part() -> bytes:
    """A DTD in a part python-calamine never reads (document properties): refused all the same."""
    app = XML + b'<!DOCTYPE p [<!ENTITY a "aaaaaaaaaa">]><Properties>&a;</Properties>'
    return workbook(sheet_xml(HEADER_ROW), extra=[Entry("docProps/app.xml", app)])


def utf16_sheet() -> bytes:
    """The sheet in UTF-16: every tag invisible to a scan of UTF-8 bytes."""
    xml = sheet_xml(HEADER_ROW + '<row r="1048576">' + text_cell("XFD1048576", "x") + "</row>")
    xml = xml.replace(b'encoding="UTF-8"', b'encoding="UTF-16"')
    return workbook(b"\xff\xfe" + xml.decode().encode("utf-16-le"))


def zip_encrypted_part() -> bytes:
    entry = Entry(SHEET, sheet_xml(HEADER_ROW), flags=0x1)
    return workbook(b"", replace={SHEET: entry})


def bzip2_part() -> bytes:
    import bz2

    data = sheet_xml(HEADER_ROW)
    entry = Entry(SHEET, data, method=12, raw=bz2.compress(data))
    return workbook(b"", replace={SHEET: entry})


def truncated() -> bytes:
    whole = valid_workbook()
    return whole[:len(whole) // 2]


def corrupt_part() -> bytes:
    """A sheet whose CRC does not match what inflates."""
    entry = Entry(SHEET, sheet_xml(HEADER_ROW), crc=0x12345678)
    return workbook(b"", replace={SHEET: entry})


def formula_prefixed() -> bytes:
    rows = ('<x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>Nama</x:t></x:is></x:c>'
            '<x:c r="B1" t="inlineStr"><x:is><x:t>Nilai</x:t></x:is></x:c></x:row>'
            '<x:row r="2"><x:c r="A2" t="inlineStr"><x:is><x:t>a</x:t></x:is></x:c>'
            '<x:c r="B2"><x:f>1+1</x:f><x:v>2</x:v></x:c></x:row>')
    return workbook(XML + f'<x:worksheet xmlns:x="{NS}"><x:sheetData>{rows}</x:sheetData>'
                    '</x:worksheet>'.encode())


def formula_attribute_order() -> bytes:
    """r after t, and the formula after other attributes."""
    return workbook(sheet_xml(HEADER_ROW + '<row r="2">' + text_cell("A2", "a")
                              + '<c s="0" t="n" r="B2"><f aca="false">1+1</f><v>2</v></c>'
                              "</row>"))


def encrypted() -> bytes:
    """An Office file encrypted with a password: a CFB container with an EncryptedPackage."""
    cfb = bytearray(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504)
    cfb += "EncryptedPackage".encode("utf-16-le") + b"\x00" * 4000
    return bytes(cfb)


def old_excel() -> bytes:
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 4000 + "Workbook".encode("utf-16-le")


def word_document() -> bytes:
    return zip_bytes([Entry("[Content_Types].xml", CONTENT_TYPES),
                      Entry("word/document.xml", XML + b"<w:document/>")])


# Files that are read where they are harmless: a small valid import of denominators.
DENOMINATORS = [["Kode wilayah", "Nama wilayah", "Tahun", "Potensi tenaga kerja"],
                ["52.03", "Lombok Timur", "2026", "460000"]]


def valid_workbook() -> bytes:
    rows = "".join(f'<row r="{r}">' + "".join(text_cell(f"{_col(c)}{r}", v)
                                              for c, v in enumerate(row)) + "</row>"
                   for r, row in enumerate(DENOMINATORS, start=1))
    return workbook(sheet_xml(rows))


def _csv(rows: list[list[str]]) -> bytes:
    return "\n".join(",".join(r) for r in rows).encode() + b"\n"


def html_as_csv() -> bytes:
    return b"<!DOCTYPE html><html><body><script>fetch('/admin/').then(r=>r.text())</script></body></html>\n"


def huge_cell_csv() -> bytes:
    """A cell of 200,000 characters in row 3 (the csv module stops at 131,072)."""
    return _csv([["Nama", "Nilai"], ["a", "1"], ["b", "C" * 200_000]])


def long_cell_csv() -> bytes:
    """40,000 characters: read by the csv module, beyond Excel's 32,767."""
    return _csv([["Nama", "Nilai"], ["a", "C" * 40_000]])


def giant_header_csv() -> bytes:
    return _csv([["Nama" + "H" * 1_000_000, "Nilai"], ["a", "1"]])


def many_columns_csv() -> bytes:
    return _csv([[f"k{i}" for i in range(5000)], ["1"] * 5000])


def many_rows_csv() -> bytes:
    return b"Nama,Nilai\n" + b"".join(b"n%d,%d\n" % (i, i) for i in range(250_000))


def many_cells_csv() -> bytes:
    """One line of 3.5 million empty cells: a record the csv module would build whole."""
    return b"Nama" + b"," * 3_500_000 + b"\n"


def unclosed_quote_csv() -> bytes:
    """A quote that never closes, followed by 200 KB: one cell to the end of the file."""
    return b'Nama,Nilai\na,"1\n' + b"b,2\n" * 50_000


@dataclass(frozen=True)
class Hostile:
    name: str  # the file's name as uploaded (its extension may lie)
    what: str
    make: Callable[[], bytes]
    imports: str | None  # fragment of the refusal through the import upload; None: read
    registry: str | None  # the same through the registry's list and participant uploads


CELL_AT = "Lembar “Data” memiliki sel di {}; batasnya 200.000 baris × 60 kolom"
DAMAGED = "Berkas rusak dan tidak dapat dibuka sebagai buku kerja."
DTD = "memuat deklarasi DOCTYPE atau ENTITY"
CORPUS = [
    Hostile("dimension_bomb.xlsx", "one cell at XFD1048576 (the 512 GiB grid of issue 14)",
            dimension_bomb, CELL_AT.format("XFD1048576"), CELL_AT.format("XFD1048576")),
    Hostile("dimension_declared.xlsx", '<dimension ref="A1:XFD1048576">',
            dimension_declared, "Lembar “Data” menyatakan rentang A1:XFD1048576",
            "Lembar “Data” menyatakan rentang A1:XFD1048576"),
    Hostile("dimension_row_without_r.xlsx", '<row r="1048576"> with a cell without r',
            dimension_row_without_r, CELL_AT.format("A1048576"), CELL_AT.format("A1048576")),
    Hostile("dimension_prefixed.xlsx", "x:c elements, a cell at XFD1048576", dimension_prefixed,
            CELL_AT.format("XFD1048576"), CELL_AT.format("XFD1048576")),
    Hostile("dimension_quoted.xlsx", "r in single quotes (read exactly, with expat)",
            dimension_quoted, CELL_AT.format("XFD1048576"), CELL_AT.format("XFD1048576")),
    Hostile("dimension_duplicate_r.xlsx", "a cell with two r, the last at XFD1048576",
            dimension_duplicate_r, DAMAGED, DAMAGED),
    Hostile("too_many_columns.xlsx", "70 columns", too_many_columns, CELL_AT.format("BI1"),
            CELL_AT.format("BI1")),
    Hostile("zip_bomb.xlsx", "a sheet of 2 GiB, declared", zip_bomb,
            "“xl/worksheets/sheet1.xml” dari buku kerja setelah diekstrak berukuran 2.048,0 MB",
            "“xl/worksheets/sheet1.xml” dari buku kerja setelah diekstrak berukuran 2.048,0 MB"),
    Hostile("zip_bomb_lying.xlsx", "a sheet of 2 GiB declaring 10 KB", zip_bomb_lying,
            "berisi lebih banyak data daripada yang dinyatakannya",
            "berisi lebih banyak data daripada yang dinyatakannya"),
    Hostile("zip_bomb_ratio.xlsx", "a 100 MB sheet compressed 335 to 1", zip_bomb_ratio,
            "tampak seperti bom zip", "tampak seperti bom zip"),
    Hostile("shared_strings_bomb.xlsx", "shared strings of 1 GiB", shared_strings_bomb,
            "“xl/sharedStrings.xml” dari buku kerja setelah diekstrak berukuran 1.024,0 MB",
            "“xl/sharedStrings.xml” dari buku kerja setelah diekstrak berukuran 1.024,0 MB"),
    Hostile("shared_strings_count.xlsx", "3.2 million shared strings", shared_strings_count,
            "Buku kerja memuat lebih dari 3.000.000 teks",
            "Buku kerja memuat lebih dari 3.000.000 teks"),
    Hostile("huge_shared_string.xlsx", "a shared string of 1,000,000 characters",
            huge_shared_string, "Buku kerja memuat teks yang lebih dari 32.767 karakter",
            "Buku kerja memuat teks yang lebih dari 32.767 karakter"),
    Hostile("huge_cell.xlsx", "an inline string of 1,000,000 characters", huge_cell,
            "Lembar “Data”, sel B2: teksnya lebih dari 32.767 karakter",
            "Lembar “Data”, sel B2: teksnya lebih dari 32.767 karakter"),
    Hostile("huge_cell_runs.xlsx", "40 rich-text runs of 1,000 characters in one cell",
            huge_cell_runs, "Lembar “Data”, sel B2: teksnya lebih dari 32.767 karakter",
            "Lembar “Data”, sel B2: teksnya lebih dari 32.767 karakter"),
    Hostile("million_rows.xlsx", "1,048,576 rows, declared", million_rows,
            "Lembar “Data” menyatakan rentang A1:A1048576",
            "Lembar “Data” menyatakan rentang A1:A1048576"),
    Hostile("million_rows_undeclared.xlsx", "1,048,576 rows, no dimension",
            million_rows_undeclared, CELL_AT.format("A200001"), CELL_AT.format("A200001")),
    Hostile("many_parts.xlsx", "60,000 parts", many_parts,
            "Buku kerja ini terdiri atas 60.005 bagian",
            "Buku kerja ini terdiri atas 60.005 bagian"),
    Hostile("overlapping_parts.xlsx", "200 entries sharing one compressed stream",
            overlapping_parts, DAMAGED, DAMAGED),
    Hostile("duplicate_part.xlsx", "the sheet twice, the second a bomb", duplicate_part,
            "memuat bagian “xl/worksheets/sheet1.xml” dua kali",
            "memuat bagian “xl/worksheets/sheet1.xml” dua kali"),
    Hostile("duplicate_part_case.xlsx", "the sheet again as XL/Worksheets/Sheet1.xml",
            duplicate_part_case, "memuat bagian “XL/Worksheets/Sheet1.xml” dua kali",
            "memuat bagian “XL/Worksheets/Sheet1.xml” dua kali"),
    Hostile("local_header_mismatch.xlsx", "local header and directory disagree",
            local_header_mismatch, DAMAGED, DAMAGED),
    Hostile("concatenated.xlsx", "a harmless workbook followed by a bomb", concatenated,
            DAMAGED, DAMAGED),
    Hostile("pdf_zip_polyglot.xlsx", "a PDF that is also a workbook", pdf_zip_polyglot,
            "Ini dokumen PDF, bukan lembar kerja", "Ini dokumen PDF, bukan lembar kerja"),
    Hostile("billion_laughs.xlsx", "nested entities in the sheet", billion_laughs, DTD, DTD),
    Hostile("external_entity.xlsx", "an external entity (file:///etc/passwd)",
            external_entity, DTD, DTD),
    Hostile("doctype_in_other_part.xlsx", "a DTD in docProps/app.xml", doctype_in_other_part,
            DTD, DTD),
    Hostile("utf16_sheet.xlsx", "the sheet in UTF-16", utf16_sheet, "tidak ditulis dalam UTF-8",
            "tidak ditulis dalam UTF-8"),
    Hostile("zip_encrypted_part.xlsx", "a zip entry flagged encrypted", zip_encrypted_part,
            "Buku kerja dilindungi kata sandi", "Buku kerja dilindungi kata sandi"),
    Hostile("bzip2_part.xlsx", "a part compressed with bzip2", bzip2_part,
            "dikompresi dengan cara yang tidak dipakai program lembar kerja",
            "dikompresi dengan cara yang tidak dipakai program lembar kerja"),
    Hostile("truncated.xlsx", "the first half of a workbook", truncated, DAMAGED, DAMAGED),
    Hostile("corrupt_part.xlsx", "a part whose CRC does not match", corrupt_part, DAMAGED,
            DAMAGED),
    Hostile("formula_prefixed.xlsx", "a formula in an x:-prefixed sheet", formula_prefixed,
            "Lembar “Data” berisi rumus (mis. di B2)", None),
    Hostile("formula_attribute_order.xlsx", "a formula in a cell whose r is not first",
            formula_attribute_order, "Lembar “Data” berisi rumus (mis. di B2)", None),
    Hostile("encrypted.xlsx", "a password-protected workbook (CFB EncryptedPackage)", encrypted,
            "Buku kerja dilindungi kata sandi", "Buku kerja dilindungi kata sandi"),
    Hostile("old_excel.xlsx", "an Excel 97–2003 file named .xlsx", old_excel,
            "Ini berkas Excel 97–2003 (.xls) lama", "Ini berkas Excel 97–2003 (.xls) lama"),
    Hostile("pdf_named.xlsx", "a PDF named .xlsx", lambda: PDF,
            "Ini dokumen PDF, bukan lembar kerja", "Ini dokumen PDF, bukan lembar kerja"),
    Hostile("word_named.xlsx", "a Word document named .xlsx", word_document,
            "Ini bukan lembar kerja (tampaknya dokumen Word",
            "Ini bukan lembar kerja (tampaknya dokumen Word"),
    Hostile("csv_named.xlsx", "a CSV named .xlsx", lambda: _csv(DENOMINATORS),
            "Jenis berkas tidak didukung", "Jenis berkas tidak didukung"),
    # Both read a file by its content (issue 15): a workbook named .csv is a workbook.
    Hostile("workbook_named.csv", "a workbook named .csv", valid_workbook, None, None),
    Hostile("html.csv", "a web page with a script, named .csv", html_as_csv,
            "Ini halaman web atau dokumen XML, bukan berkas CSV",
            "Ini halaman web atau dokumen XML, bukan berkas CSV"),
    # The registry reads a list's first lines strictly at upload (issue 15), the rest in its
    # engine; these are refused at upload now, as the imports refuse them.
    Hostile("huge_cell.csv", "a cell of 200,000 characters in row 3", huge_cell_csv,
            "Baris 3: ada sel yang lebih dari 32.767 karakter",
            "Baris 3: ada sel yang lebih dari 32.767 karakter"),
    Hostile("long_cell.csv", "a cell of 40,000 characters in B2", long_cell_csv,
            "Baris 2, kolom B: teksnya lebih dari 32.767 karakter",
            "Baris 2, kolom B: teksnya lebih dari 32.767 karakter"),
    Hostile("giant_header.csv", "a header cell of 1,000,000 characters", giant_header_csv,
            "Baris 1: ada sel yang lebih dari 32.767 karakter",
            "Baris 1: ada sel yang lebih dari 32.767 karakter"),
    Hostile("many_columns.csv", "5,000 columns", many_columns_csv,
            "Baris 1 memiliki 5.000 kolom; batasnya 60",
            "Baris 1 memiliki 5.000 kolom; batasnya 60"),
    Hostile("many_rows.csv", "250,000 rows (the registry streams lists of millions)",
            many_rows_csv, "Berkas memiliki lebih dari 200.000 baris", None),
    Hostile("many_cells.csv", "one record of 3.5 million cells", many_cells_csv,
            "Berkas memiliki lebih dari 3.000.000 sel",
            "Baris 1 memiliki 1.048.573 kolom; batasnya 60"),
    Hostile("unclosed_quote.csv", "a quote that never closes (issue 15 for short ones)",
            unclosed_quote_csv, "Baris 2: ada sel yang lebih dari 32.767 karakter, atau tanda petik",
            "Baris 2: tanda kutip (\") tidak ditutup di akhir sel"),
]
BY_NAME = {h.name: h for h in CORPUS}
# The header a harmless file's upload reads (the others' is "Nama", "Nilai").
HEADERS = {"workbook_named.csv": DENOMINATORS[0]}


@functools.cache
def data(name: str) -> bytes:
    """The bytes of a corpus file, made once per process."""
    return BY_NAME[name].make()
