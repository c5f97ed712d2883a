"""What a sheet's cells are, beyond their values, read with an XML parser (issue 15).

python-calamine gives the values of a sheet, fast, but not what the person who made it sees:
which cells hold formulas, which rows and columns are hidden, which ranges are merged, and
which cells are formatted as percentages (a cell showing "100%" holds 1). ``sheet_facts``
reads them from the parsed workbook: the sheet's XML and the styles, with expat in namespace
mode, so a prefixed workbook (``<x:c>``, as some writers make them), any order of attributes
and any spacing read the same as the plain form. It runs only on a workbook that passed
``ucj.core.safefiles.inspect_xlsx`` (every part bounded, no DTD), on the package that check
made.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from xml.parsers import expat

from ucj.core.safefiles import CheckedWorkbook, UnsafeFile, column_letter, column_number

CHUNK = 1 << 20
MAX_LISTED = 8  # formulas and merged ranges named in a message
PERCENT_BUILTIN = {9, 10}  # 0% and 0.00%
MAX_HIDDEN_COLUMNS = 16_384


@dataclass
class SheetFacts:
    formulas: list[str] = field(default_factory=list)  # the first cells holding one, as "B7"
    formula_count: int = 0
    merged: list[str] = field(default_factory=list)  # ranges as "A1:C1"
    hidden_rows: set[int] = field(default_factory=set)  # 0-based, as the rows of Table
    hidden_columns: set[int] = field(default_factory=set)  # 0-based
    percent_cells: set[tuple[int, int]] = field(default_factory=set)  # (row, column), 0-based


def _true(value: str | None) -> bool:
    return (value or "").strip().lower() in ("1", "true")


def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1]


def _parser(start, end=None) -> expat.XMLParserType:
    parser = expat.ParserCreate(namespace_separator="}")
    parser.StartElementHandler = start
    if end is not None:
        parser.EndElementHandler = end

    def refuse(*_args):
        raise UnsafeFile("DTD")

    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    return parser


def _parse(archive: zipfile.ZipFile, name: str, parser) -> None:
    with archive.open(name) as stream:
        while chunk := stream.read(CHUNK):
            parser.Parse(chunk, False)
    parser.Parse(b"", True)


def is_percent_format(code: str) -> bool:
    """A number format showing a percentage: a % outside quoted text and escapes."""
    code = re.sub(r'"[^"]*"|\\.|\[[^\]]*\]', "", code)
    return "%" in code


def _percent_styles(archive: zipfile.ZipFile, names: dict[str, str]) -> set[int]:
    """The indexes of the cell formats (cellXfs) that show a percentage."""
    name = names.get("xl/styles.xml")
    if name is None:
        return set()
    custom: dict[int, str] = {}
    styles: list[int] = []
    state = {"xfs": False}

    def start(tag, attrs):
        local = _local(tag)
        if local == "numFmt":
            try:
                custom[int(attrs.get("numFmtId", ""))] = attrs.get("formatCode", "")
            except ValueError:
                pass
        elif local == "cellXfs":
            state["xfs"] = True
        elif local == "xf" and state["xfs"]:
            try:
                styles.append(int(attrs.get("numFmtId", "0")))
            except ValueError:
                styles.append(0)

    def end(tag):
        if _local(tag) == "cellXfs":
            state["xfs"] = False

    _parse(archive, name, _parser(start, end))
    return {index for index, fmt in enumerate(styles)
            if fmt in PERCENT_BUILTIN or (fmt in custom and is_percent_format(custom[fmt]))}


def _position(ref: str) -> tuple[int, int] | None:
    match = re.fullmatch(r"([A-Za-z]{1,3})([0-9]{1,7})", ref.strip())
    if not match:
        return None
    return int(match[2]) - 1, column_number(match[1]) - 1


# What the sheet's bytes must hold for it to have any fact at all: a start tag whose local
# name is "f" (with or without a prefix: "<f" or ":f", then a space, "/" or ">"), a "hidden"
# attribute, a merged range, or (only when the styles have percent formats) a cell style.
# Their absence proves there is nothing to find, so a big plain sheet is not walked element by
# element (3 million callbacks, seconds); where one appears, the sheet is parsed in full.
_F_END = re.compile(rb"f[\s/>]")  # then the byte before must be "<" or ":" (a tag "f")
OVERLAP = 64


def _might_hold_facts(archive: zipfile.ZipFile, name: str, percent: set[int]) -> bool:
    """Searches that start with a literal (each a fast scan of the bytes)."""
    styled = re.compile(rb"""\ss\s*=\s*["'](?:%s)["']""" % b"|".join(
        str(i).encode() for i in sorted(percent))) if percent else None
    tail = b""
    with archive.open(name) as stream:
        while chunk := stream.read(CHUNK):
            window = tail + chunk
            if b"hidden" in window or b"mergeCell" in window:
                return True
            if any(m.start() > 0 and window[m.start() - 1] in b"<:"
                   for m in _F_END.finditer(window)):
                return True
            if styled is not None and styled.search(window):
                return True
            tail = chunk[-OVERLAP:]
    return False


def sheet_facts(checked: CheckedWorkbook, sheet_name: str) -> SheetFacts:
    """The facts of one sheet of a checked workbook."""
    facts = SheetFacts()
    sheet = checked.sheet(sheet_name)
    if sheet is None or not sheet.path:
        return facts
    with zipfile.ZipFile(io.BytesIO(checked.package)) as archive:
        names = {n.lower(): n for n in archive.namelist()}
        name = names.get(sheet.path.lower(), sheet.path)
        try:
            percent = _percent_styles(archive, names)
            if not _might_hold_facts(archive, name, percent):
                return facts
            _walk(archive, name, percent, facts)
        except (expat.ExpatError, KeyError, zipfile.BadZipFile) as exc:
            raise UnsafeFile("damaged") from exc
    return facts


def _walk(archive: zipfile.ZipFile, name: str, percent: set[int], facts: SheetFacts) -> None:
    """Every element of the sheet, as python-calamine places cells: a row's ``r`` sets the row,
    a row without one follows the row before; a cell's ``r`` sets its place, a cell without
    one takes the place after the cell before."""
    at = {"row": -1, "column": 0, "cell": None}

    def start(tag, attrs):
        local = tag.rsplit("}", 1)[-1]
        if local == "c":
            ref = attrs.get("r")
            place = _position(ref) if ref else None
            cell = place or (at["row"], at["column"])
            at["cell"], at["column"] = cell, cell[1] + 1
            if percent:
                style = attrs.get("s")
                if style is not None and style.isdigit() and int(style) in percent:
                    facts.percent_cells.add(cell)
        elif local == "v":
            return
        elif local == "f":
            facts.formula_count += 1
            if len(facts.formulas) < MAX_LISTED and at["cell"] is not None:
                row, column = at["cell"]
                facts.formulas.append(f"{column_letter(column)}{row + 1}")
        elif local == "row":
            ref = attrs.get("r", "")
            at["row"] = int(ref) - 1 if ref.strip().isdigit() else at["row"] + 1
            at["column"], at["cell"] = 0, None
            if _true(attrs.get("hidden")):
                facts.hidden_rows.add(at["row"])
        elif local == "col" and _true(attrs.get("hidden")):
            try:
                first, last = int(attrs.get("min", "0")), int(attrs.get("max", "0"))
            except ValueError:
                return
            facts.hidden_columns.update(range(max(first, 1) - 1, min(last, MAX_HIDDEN_COLUMNS)))
        elif local == "mergeCell" and len(facts.merged) < MAX_LISTED:
            facts.merged.append(attrs.get("ref", "?"))

    _parse(archive, name, _parser(start))
