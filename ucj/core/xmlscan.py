"""Scanning one XML part of a workbook as it inflates (``ucj.core.safefiles`` feeds it): with
regular expressions on its raw bytes when the XML has the plain form spreadsheet programs write,
else with expat exactly as python-calamine walks it; each checked against the limits."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from xml.parsers import expat

from django.utils.translation import gettext as _

from ucj.core.filelimits import Limits, Part, UnsafeFile, _damaged, _refuse_dtd, column_letter, column_number
from ucj.core.formatting import format_int

MAX_TAG_BYTES = 4 * 1024 * 1024  # a tag (or a run of text) longer than this is not plain XML


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


