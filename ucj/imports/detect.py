"""Which dataset an uploaded file holds, so that an upload needs no choice (issue 19).

A template written by UCJ Monitor carries its dataset and period as custom document
properties (``docProps/custom.xml``: File › Properties › Custom in Excel and LibreOffice): a
user editing cells cannot change them by accident, and Excel and LibreOffice keep them when
the file is saved again. A CSV (or a workbook that is not a template) is recognised from its
header row: the dataset whose required columns are all there and which has the fewest columns
it does not know. Only a single such dataset counts; otherwise the user is asked to choose.

When the user did choose, a file that plainly holds another dataset (its template says so, or
its header fits that dataset and not the chosen one) is refused naming what it looks like,
before anything is kept."""

from __future__ import annotations

from dataclasses import dataclass
from xml.parsers import expat

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ucj.core import safefiles
from ucj.core.datasets import get_dataset
from ucj.core.safefiles import UnsafeFile
from ucj.imports.readers import ReadError, decode_text, detect_delimiter
from ucj.imports.specs import IGNORED_HEADERS, SPECS, normalize

DATASET_PROPERTY = "UCJ dataset"
PERIOD_PROPERTY = "UCJ periode"
CUSTOM_PART = "docprops/custom.xml"
CUSTOM_PART_LIMIT = 64 * 1024  # a template's holds two short properties
HEADER_SEARCH = 15  # rows in which a header is looked for (as the importer's shifted header)


@dataclass(frozen=True)
class Identity:
    dataset: str  # "" when it cannot be told
    period: str = ""  # from a template only
    source: str = ""  # "template" or "header"
    candidates: tuple[str, ...] = ()  # datasets the header fits equally well (ambiguous)


# --- the template's properties -----------------------------------------------------------------

def template_properties(data: bytes) -> dict[str, str]:
    """The custom document properties of a workbook (name → text), read within the bounds of
    ``ucj.core.safefiles``; {} for anything else or when there are none."""
    if not data.startswith(b"PK\x03\x04"):
        return {}
    try:
        parts = safefiles.zip_parts(data, safefiles.Limits.from_settings())
        part = next((p for p in parts if p.key == CUSTOM_PART), None)
        if part is None or part.size > CUSTOM_PART_LIMIT:
            return {}
        text = b"".join(safefiles._inflate(data, part))
    except UnsafeFile:
        return {}  # the reader refuses the file with its own message
    found: dict[str, str] = {}
    current: list = []  # [name, [texts]] of the property being read

    def start(name, attrs):
        local = name.rsplit(":", 1)[-1]
        if local == "property":
            current[:] = [attrs.get("name", ""), []]

    def chars(text):
        if current:
            current[1].append(text)

    def end(name):
        if name.rsplit(":", 1)[-1] == "property" and current:
            found[current[0]] = "".join(current[1]).strip()
            current.clear()

    parser = expat.ParserCreate()
    parser.StartDoctypeDeclHandler = safefiles._refuse_dtd(part.name)
    parser.EntityDeclHandler = safefiles._refuse_dtd(part.name)
    parser.StartElementHandler, parser.CharacterDataHandler = start, chars
    parser.EndElementHandler = end
    try:
        parser.Parse(text, True)
    except (expat.ExpatError, UnsafeFile):
        return {}
    return found


def from_template(data: bytes) -> Identity | None:
    props = template_properties(data)
    dataset = props.get(DATASET_PROPERTY, "")
    if dataset not in SPECS:
        return None
    return Identity(dataset=dataset, period=props.get(PERIOD_PROPERTY, "")[:7],
                    source="template")


# --- the header ----------------------------------------------------------------------------------

def header_fits(row) -> tuple[str, ...]:
    """The datasets a row fits as a header: all their required columns are there, and of those,
    the ones with the fewest columns they do not know."""
    names = [normalize(v) for v in row]
    names = [n for n in names if n and n not in IGNORED_HEADERS]
    if not names:
        return ()
    scored = []
    for slug, spec in SPECS.items():
        present = {spec.by_header[n].key for n in names if n in spec.by_header}
        if all(col.key in present for col in spec.required):
            scored.append((sum(1 for n in names if n not in spec.by_header), slug))
    if not scored:
        return ()
    fewest = min(unknown for unknown, _slug in scored)
    return tuple(slug for unknown, slug in scored if unknown == fewest)


def from_rows(rows) -> Identity:
    """From the first rows of a table: the first row that fits a dataset decides."""
    for row in rows[:HEADER_SEARCH]:
        fits = header_fits(row)
        if len(fits) == 1:
            return Identity(dataset=fits[0], source="header")
        if fits:
            return Identity(dataset="", source="header", candidates=fits)
    return Identity(dataset="")


def csv_head_rows(data: bytes) -> list[list[str]]:
    """The first lines of a CSV file, split, without reading the whole file."""
    head = data[:65536]
    if len(data) > len(head):
        head = head[:head.rfind(b"\n") + 1] or head
    try:
        text = decode_text(head)
        lines = [line for line in text.splitlines() if line.strip()][:HEADER_SEARCH]
        return safefiles.csv_rows("\n".join(lines), detect_delimiter(text))
    except (ReadError, UnsafeFile):
        return []


def identify(data: bytes, *, rows=None) -> Identity:
    """The template's properties first; else the header of ``rows`` (the table as read) or, not
    given, of the CSV's first lines."""
    found = from_template(data)
    if found is not None:
        return found
    if rows is None:
        if data.startswith(b"PK\x03\x04"):
            return Identity(dataset="")  # a workbook's header needs reading it whole
        rows = csv_head_rows(data)
    return from_rows(rows)


def _label(slug: str) -> str:
    return str(get_dataset(slug).label)


def resolve(*, chosen: str, identity: Identity) -> str:
    """The dataset of an upload, or a ValidationError in the user's language: the file cannot
    be told (nothing chosen), or it looks like another dataset than the chosen one."""
    if chosen:
        looks = identity.dataset
        if looks and looks != chosen and (identity.source == "template"
                                          or chosen not in identity.candidates):
            raise ValidationError(_(
                "This file looks like %(found)s, not %(chosen)s. Choose “%(found)s” (or let the "
                "file tell) and upload it again, or use the template of %(chosen)s."
            ) % {"found": _label(looks), "chosen": _label(chosen)}, code="wrong_dataset")
        return chosen
    if identity.dataset:
        return identity.dataset
    if identity.candidates:
        raise ValidationError(_(
            "The column headers of this file fit more than one dataset (%(datasets)s). Choose "
            "the dataset and upload it again."
        ) % {"datasets": ", ".join(_label(s) for s in identity.candidates)}, code="ambiguous")
    raise ValidationError(_(
        "Which dataset this file holds cannot be told: it is not a UCJ Monitor template and its "
        "column headers do not match a dataset. Choose the dataset and upload it again."
    ), code="unknown_dataset")

