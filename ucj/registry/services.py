"""Writes of the beneficiary registry: uploads, column mappings, match runs (a background task
each), participant files, funding and status tracking. Every one asks the capability table
(``ucj.accounts.scope``) and is audited; none logs or passes a NIK (task arguments are ids),
and a failure is recorded by its row and reason, never the row's content."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import os
import re
import shutil
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import polars as pl
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from ucj.accounts.scope import Cap, allows, can_read, readable_regions, require, visible, within_q
from ucj.audit.models import Action
from ucj.audit.services import audit_log
from ucj.core import safefiles
from ucj.core.formatting import format_decimal
from ucj.core.sandbox import LimitExceeded, run_limited
from ucj.core.storage import Mirror, registry_storage, stored_names
from ucj.regions.models import Level, Region
from ucj.registry import engine
from ucj.registry.models import (
    ColumnMapping,
    Enrollment,
    EnrollmentStatus,
    Kind,
    MatchRun,
    ParticipantData,
    RunStatus,
    SourceFile,
)

# A participant file names each row's regency: its rows count only in the uploader's regions.
REQUIRED = {Kind.BENEFICIARIES: engine.REQUIRED,
            Kind.PARTICIPANTS: ["nik", "status", "region_code"], Kind.DECEASED: ["nik"]}
COLUMNS = {Kind.BENEFICIARIES: engine.LIST_COLUMNS, Kind.PARTICIPANTS: engine.PARTICIPANT_COLUMNS,
           Kind.DECEASED: ["nik", "date_of_death"]}


def registry_dir() -> Path:
    path = Path(settings.REGISTRY_DIR)
    path.mkdir(parents=True, exist_ok=True)
    return path


def stored_path(recorded: str) -> Path:
    """The file a record names (a path relative to the registry's folder, or an absolute path
    for a file given on the command line). Never the folder itself (an empty path: the file
    was deleted) nor anything outside it: FileNotFoundError. On object storage the file is
    fetched to this machine first (FileNotFoundError when the bucket does not have it)."""
    if not recorded:
        raise FileNotFoundError("the stored file has been deleted")
    path = Path(recorded)
    if path.is_absolute():
        return path
    mirror = registry_mirror()
    _prune_now_and_then(mirror)
    return mirror.local(recorded)


_last_prune: float | None = None


def _prune_now_and_then(mirror: Mirror) -> None:
    """On object storage, drop this machine's old working copies, at most every ten minutes
    per process (a web server may run no housekeeping): copies of uploaded lists (names and
    NIKs) after an hour, others after a day. Each is fetched again if needed."""
    global _last_prune
    now = time.monotonic()
    if mirror.local_only or (_last_prune is not None and now - _last_prune < 600):
        return
    _last_prune = now
    mirror.prune(ORPHAN_GRACE.total_seconds(), under="uploads")
    mirror.prune(WORKING_COPY_SECONDS)


def registry_mirror() -> Mirror:
    """The registry's files as local paths for DuckDB and Polars (ucj/core/storage.py): on
    the data folder, the files themselves; on object storage, working copies of this machine,
    fetched when missing, uploaded (``publish``) once written."""
    return Mirror(registry_storage(), registry_dir())


# --- who may do what ---------------------------------------------------------------------------
# The capability table decides (``Cap.UPLOAD_LISTS``: beneficiary and deceased lists, runs and
# funding, in the region; ``Cap.UPLOAD_PARTICIPANTS``: participant files, whose rows count only
# in the uploader's regions; ``Cap.READ_PERSONS``: names, birth dates, villages, full NIKs).

UPLOAD_CAP = {Kind.BENEFICIARIES: Cap.UPLOAD_LISTS, Kind.DECEASED: Cap.UPLOAD_LISTS,
              Kind.PARTICIPANTS: Cap.UPLOAD_PARTICIPANTS}


def _require(actor, cap: Cap, region=None) -> None:
    """``scope.require``; the actor None is the system (a management command on the server)."""
    if actor is not None:
        require(actor, cap, region)


def _allows(actor, cap: Cap, region=None) -> bool:
    return actor is None or allows(actor, cap, region)


def participant_regions(actor) -> list[Region]:
    """The regencies whose participant data the actor's files may write."""
    regencies = Region.objects.filter(level=Level.REGENCY).defer("geometry")
    if actor is not None:
        regencies = readable_regions(actor).filter(level=Level.REGENCY)
    return [r for r in regencies.order_by("code")
            if _allows(actor, Cap.UPLOAD_PARTICIPANTS, r)]


# --- uploads -----------------------------------------------------------------------------------

# Column names seen in DTSEN/P3KE extracts and village lists, for a first guess of the mapping.
SYNONYMS = {
    "nik": ["nik", "nik_ktp", "no_nik", "nomor_nik", "nomor_induk_kependudukan", "ktp"],
    "name": ["name", "nama", "nama_lengkap", "nama_pekerja", "nama_penerima"],
    "birth_date": ["birth_date", "tgl_lahir", "tanggal_lahir", "tanggal_lahir_(yyyy-mm-dd)"],
    "sex": ["sex", "jk", "jenis_kelamin", "l/p", "kelamin"],
    "village_code": ["village_code", "kode_desa", "kode_kelurahan", "kode_desa_kelurahan",
                     "kode_kecamatan", "kode_wilayah"],
    "occupation": ["occupation", "pekerjaan", "jenis_pekerjaan"],
    "category": ["category", "kategori", "kelompok", "status_kemiskinan"],
    "desil": ["desil", "desil_dtsen", "desil_kesejahteraan"],
    "phone": ["phone", "telepon", "no_hp", "nomor_hp", "hp"],
    "source": ["source", "sumber", "sumber_data"],
    "status": ["status", "status_kepesertaan"],
    "segment": ["segment", "segmen"],
    "region_code": ["region_code", "kode_wilayah", "kode_kabupaten", "kode_kab/kota",
                    "kode_kabupaten_kota"],
    "last_paid_month": ["last_paid_month", "bulan_terakhir_bayar", "bulan_bayar_terakhir"],
    "date_of_death": ["date_of_death", "tanggal_meninggal", "tgl_meninggal"],
}


def guess_mapping(kind: str, header: list[str]) -> dict[str, str]:
    """A first guess from the column names (to confirm on the mapping page)."""
    normal = {h.strip().lower().replace(" ", "_"): h for h in header}
    guess = {}
    for field in COLUMNS[kind]:
        for name in SYNONYMS.get(field, [field]):
            if name in normal and normal[name] not in guess.values():
                guess[field] = normal[name]
                break
    return guess


def _signature(header: list[str]) -> str:
    return hashlib.sha256("\x1f".join(h.strip().lower() for h in header).encode()).hexdigest()


def _normal(name) -> str:
    return str(name).strip().lower().replace(" ", "_")


_KNOWN_NAMES = {name for names in SYNONYMS.values() for name in names}


def _recognised(row) -> int:
    """How many cells of a row are column names the registry knows (any field's synonyms)."""
    return sum(1 for cell in row if _normal(cell) in _KNOWN_NAMES)


def _header_at(rows: list[list]) -> int:
    """The index of the header among a file's first rows: as the imports find it
    (ucj.imports.engine.header_row_index), a title row or two above it skipped; row 1 when no
    row names known columns (the mapping page names them)."""
    from ucj.imports.engine import header_row_index

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


def _xlsx_to_csv_limited(source: Path, target: Path) -> tuple[list[str], int, dict[str, int]]:
    """``_xlsx_to_csv`` in a child process with the time and memory limits of the import's
    background check: a workbook within the bounds still costs its reading, and whatever it
    does to the reader ends the child, not the web server."""
    try:
        return run_limited(_xlsx_to_csv, source, target,
                           seconds=settings.UCJ_IMPORT_CHECK_SECONDS,
                           memory_bytes=settings.UCJ_IMPORT_CHECK_MEMORY_MB * 2**20)
    except LimitExceeded as exc:
        raise ValidationError(exc.message) from None


def _cell_text(value) -> str:
    """A workbook cell as the text a CSV would hold: whole numbers without ".0"."""
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()[:10] if isinstance(value, dt.datetime) else value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


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


def _refuse(exc: Exception) -> ValidationError:
    return ValidationError(getattr(exc, "message", None) or str(exc))


def _sniff(path: Path, name: str) -> str:
    """"xlsx" or "csv" from the file's first bytes (ucj.imports.readers.detect_format): a PDF,
    an image, UTF-16 text, a zip that is no workbook, a web page or any binary file is refused
    here, before a mapping page."""
    from ucj.imports import readers

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
    from ucj.imports import readers

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
    from ucj.imports import readers

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


def layout_of(source: SourceFile) -> engine.Layout:
    """How the engine reads a stored file."""
    return engine.Layout(delimiter=source.delimiter or ",", header_row=source.header_row or 1)


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


# --- the NIK column stored as numbers -------------------------------------------------------------

def nik_number_problem(source: SourceFile, mapping: dict[str, str]) -> str | None:
    """Why the column chosen for the NIK cannot hold NIKs, or None: a workbook column with
    number cells, or a CSV column whose values show it was saved from numbers
    (``engine.nik_number_row``). Whatever the column is called: the check is the NIK field's."""
    column = mapping.get("nik")
    if not column:
        return None
    row = source.number_columns.get(column)
    if row is None and source.path:
        try:
            row = engine.nik_number_row(stored_path(source.path), column, layout_of(source))
        except Exception:  # the run reports an unreadable file, by its row
            row = None
    if row is None:
        return None
    return _("Row %(row)s, column “%(column)s”: the NIK is stored as a number, so Excel has "
             "already dropped its last digits. Format the column as Text, type the NIKs again "
             "(or export them as text) and upload again.") % {"row": row, "column": column}


def _initial_mapping(kind: str, header: list[str]) -> dict[str, str]:
    """The standard columns by their own names (any of them, in any order), else the mapping
    remembered for this header, else none (the mapping page)."""
    standard = COLUMNS[kind]
    named = [h for h in header if h.strip()]
    lower = [h.lower() for h in named]
    if named and set(lower) <= set(standard) and len(set(lower)) == len(lower):
        return {h.lower(): h for h in named}
    remembered = ColumnMapping.objects.filter(
        kind=kind, header_signature=_signature(header)).first()
    return remembered.mapping if remembered else {}


def stage_table(raw: Path, name: str, target: Path, *, limited: bool = True
                ) -> tuple[list[str], int, str, dict[str, int]]:
    """An uploaded list read as a table: its type from its content, a workbook converted to
    CSV (in a limited child process unless ``limited`` is false), a CSV's layout (delimiter,
    encoding, title rows) found and the file stored as UTF-8 from its header on, into
    ``target``; the header checked. Returns (header, header row, delimiter, number columns);
    raises ValidationError with the reason. ``raw`` may be moved to ``target``."""
    numbers: dict[str, int] = {}
    if _sniff(raw, name) == "xlsx":
        convert = _xlsx_to_csv_limited if limited else _xlsx_to_csv
        header, header_row, numbers = convert(raw, target)
        delimiter = ","
    else:
        layout = _csv_layout(raw)
        header, header_row, delimiter = layout.header, layout.header_row, layout.delimiter
        if layout.rewrite:
            _store_csv(raw, target, layout)
        else:
            os.replace(raw, target)
    _check_header(header)
    return header, header_row, delimiter, numbers


def file_upload(*, actor, kind: str, upload, region=None, year: int | None = None
                ) -> SourceFile:
    """Store an uploaded CSV or XLSX (as CSV), with its checksum, header and layout; the column
    mapping is the standard one when the header is standard, else the one remembered for that
    header. What is not a readable table (an image, a PDF, UTF-16 or prose text), or whose NIK
    column (by the mapping, or the first guess from the names) is stored as numbers, is refused
    here, before a mapping page. The file is written and read outside any database
    transaction; it is never left without its record: whatever fails after it is written
    deletes it."""
    _require(actor, UPLOAD_CAP[kind], region)
    name = os.path.basename(upload.name)[:255]
    if upload.size > settings.UCJ_REGISTRY_MAX_UPLOAD_BYTES:
        raise ValidationError(_("The file is larger than the limit."))
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if ext not in ("csv", "txt", "xlsx"):
        raise ValidationError(_("Upload a CSV or an .xlsx file."))
    folder = registry_dir() / "uploads"
    folder.mkdir(exist_ok=True)
    file_id = uuid.uuid4()
    raw = folder / f"{file_id}.raw"
    path = folder / f"{file_id}.csv"
    digest = hashlib.sha256()
    try:
        with raw.open("wb") as handle:
            for chunk in upload.chunks():
                digest.update(chunk)
                handle.write(chunk)
        header, header_row, delimiter, numbers = stage_table(raw, name, path)
        raw.unlink(missing_ok=True)
        registry_mirror().publish(path)
        mapping = _initial_mapping(kind, header)
        source = SourceFile(
            id=file_id, kind=kind, region=region, year=year, original_name=name,
            sha256=digest.hexdigest(), size=upload.size, header=header, mapping=mapping,
            delimiter=delimiter, header_row=header_row, number_columns=numbers,
            path=str(path.relative_to(registry_dir())), uploaded_by=actor)
        problem = nik_number_problem(source, mapping or guess_mapping(kind, header))
        if problem:
            raise ValidationError(problem)
        with transaction.atomic():
            source.save(force_insert=True)
            audit_log(actor=actor, action=Action.UPLOAD, obj=source, region=region,
                      object_repr=f"{source.get_kind_display()} {name}",
                      note=f"sha256 {source.sha256}, {source.size} bytes")
    except BaseException:
        # no personal data left behind without a record
        raw.unlink(missing_ok=True)
        registry_mirror().delete(str(path.relative_to(registry_dir())))
        raise
    return source


def file_register(*, actor, kind: str, path: Path, region=None, year: int | None = None
                  ) -> SourceFile:
    """A file on the server's disk (the command line), with the standard header, used where it
    is — or, when it must be rewritten to be read (a title row, Windows-1252), as a copy in the
    registry's folder (deleted once processed, as an upload)."""
    _require(actor, UPLOAD_CAP[kind], region)
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(8 * 1024 * 1024):
            digest.update(chunk)
    if _sniff(path, path.name) != "csv":
        raise ValidationError(_("Give the command line a CSV file."))
    layout = _csv_layout(path)
    _check_header(layout.header)
    stored = path.resolve()
    if layout.rewrite:
        folder = registry_dir() / "uploads"
        folder.mkdir(exist_ok=True)
        stored = folder / f"{uuid.uuid4()}.csv"
        _store_csv(path, stored, layout)
        registry_mirror().publish(stored)
    header = layout.header
    standard = COLUMNS[kind]
    mapping = {c: c for c in standard if c in header}
    recorded = str(stored.relative_to(registry_dir())) if layout.rewrite else str(stored)
    try:
        source = SourceFile.objects.create(
            kind=kind, region=region, year=year, original_name=path.name[:255],
            sha256=digest.hexdigest(), size=path.stat().st_size, header=header, mapping=mapping,
            delimiter=layout.delimiter, header_row=layout.header_row, path=recorded,
            uploaded_by=actor)
    except BaseException:
        if layout.rewrite:
            registry_mirror().delete(str(stored.relative_to(registry_dir())))
        raise
    missing = mapping_missing(source)
    if missing:
        raise ValidationError(_("The file %(name)s lacks the columns: %(columns)s.") % {
            "name": path.name, "columns": ", ".join(missing)})
    audit_log(actor=actor, action=Action.UPLOAD, obj=source, region=region,
              object_repr=f"{source.get_kind_display()} {source.original_name}",
              note=f"sha256 {source.sha256}, {source.size} bytes (command line)")
    return source


def mapping_missing(source: SourceFile) -> list[str]:
    return [c for c in REQUIRED[source.kind] if not source.mapping.get(c)]


def source_readable(user, source: SourceFile) -> bool:
    """Whether an uploaded file exists for the user at all (else it answers 404): a list of a
    region in the user's scope; a participant file only for its uploader (it is processed in
    the uploader's regions)."""
    if source.kind == Kind.PARTICIPANTS:
        return source.uploaded_by_id is not None and source.uploaded_by_id == user.pk
    return can_read(user, source.region)


def may_map(user, source: SourceFile) -> bool:
    """The column mapping of a file: a list's by who may upload lists in its region; a
    participant file's by its uploader, while it may still send participant files."""
    region = None if source.kind == Kind.PARTICIPANTS else source.region
    return source_readable(user, source) and allows(user, UPLOAD_CAP[source.kind], region)


@transaction.atomic
def mapping_set(*, actor, source: SourceFile, mapping: dict[str, str]) -> SourceFile:
    """Which of the file's columns is which; remembered for files with the same header."""
    if actor is not None and not may_map(actor, source):
        raise PermissionDenied
    if source.processed_at is not None or not source.path:
        raise ValidationError(_("The file has been processed or deleted already; upload it "
                                "again to check it again."))
    mapping = {k: v for k, v in mapping.items() if v and k in COLUMNS[source.kind]}
    unknown = [v for v in mapping.values() if v not in source.header]
    if unknown:
        raise ValidationError(_("Unknown column: %(columns)s.") % {"columns": ", ".join(unknown)})
    chosen = list(mapping.values())
    if len(set(chosen)) != len(chosen):
        raise ValidationError(_("A column of the file can be used for one field only."))
    source.mapping = mapping
    missing = mapping_missing(source)
    if missing:
        raise ValidationError(_("Choose the column for: %(fields)s.") % {
            "fields": ", ".join(missing)})
    problem = nik_number_problem(source, mapping)
    if problem:
        raise ValidationError(problem)
    source.save(update_fields=["mapping"])
    ColumnMapping.objects.update_or_create(
        kind=source.kind, header_signature=_signature(source.header),
        defaults={"mapping": mapping, "updated_by": actor})
    return source


def _delete_raw(source: SourceFile, *, at_once: bool = False, why: str = "") -> None:
    """The uploaded file goes once processed, unless a retention period is configured; at once
    (whatever the retention) when its processing failed or it was abandoned. A file given on
    the command line (outside the registry's folder) is the operator's to keep."""
    if not source.path or Path(source.path).is_absolute():
        return
    if settings.UCJ_REGISTRY_RETENTION_DAYS and not at_once:
        return
    try:
        registry_mirror().delete(source.path)
    except FileNotFoundError:
        pass  # a path that names no file of the registry: nothing to delete
    source.path, source.deleted_at = "", timezone.now()
    source.save(update_fields=["path", "deleted_at"])
    if why:
        audit_log(actor=None, action=Action.DELETE, obj=source, region=source.region,
                  object_repr=f"raw file of {source.get_kind_display()} "
                              f"{source.original_name}", note=why)


def file_discard(source: SourceFile) -> None:
    """An upload that will not be used (the rest of its form failed): its raw file now."""
    _delete_raw(source, at_once=True)


def purge_expired_uploads() -> int:
    """Delete processed raw uploads older than the retention period (when one is set)."""
    days = settings.UCJ_REGISTRY_RETENTION_DAYS
    if not days:
        return 0
    old = SourceFile.objects.filter(deleted_at__isnull=True,
                                    uploaded_at__lt=timezone.now() - dt.timedelta(days=days))
    count = 0
    for source in old.exclude(path=""):
        if Path(source.path).is_absolute():
            continue
        _delete_raw(source, at_once=True, why=f"retention of {days} days over")
        count += 1
    return count


ORPHAN_GRACE = dt.timedelta(hours=1)  # an upload being written has no record until it commits
WORKING_COPY_SECONDS = 24 * 3600  # on object storage, local copies of shared files are dropped


def purge_abandoned_uploads() -> int:
    """Delete raw uploads never processed — left at the column mapping, never run, or whose job
    never came — once older than ``UCJ_REGISTRY_ABANDONED_HOURS`` (a list whose run is queued
    or running is in use: the run deletes it when it ends, and the user can cancel it), and
    every file of the uploads folder that no record names, once older than an hour (a crash
    between writing and recording). Returns the number of files deleted."""
    now = timezone.now()
    cutoff = now - dt.timedelta(hours=settings.UCJ_REGISTRY_ABANDONED_HOURS)
    busy = MatchRun.objects.filter(status__in=[RunStatus.QUEUED, RunStatus.RUNNING])
    in_use = set(busy.values_list("list_file_id", flat=True)) | set(
        busy.exclude(deceased_file=None).values_list("deceased_file_id", flat=True))
    count = 0
    abandoned = (SourceFile.objects.filter(processed_at__isnull=True, uploaded_at__lt=cutoff)
                 .exclude(path="").exclude(pk__in=in_use))
    for source in abandoned:
        if Path(source.path).is_absolute():
            continue
        _delete_raw(source, at_once=True, why=f"never processed within "
                                               f"{settings.UCJ_REGISTRY_ABANDONED_HOURS} hours")
        count += 1
    folder = registry_dir() / "uploads"
    named = set(SourceFile.objects.filter(path__startswith="uploads/")
                .values_list("path", flat=True))
    if folder.is_dir():
        oldest = (now - ORPHAN_GRACE).timestamp()
        for file in folder.iterdir():
            if (file.is_file() and f"uploads/{file.name}" not in named
                    and file.stat().st_mtime < oldest):
                file.unlink(missing_ok=True)
                count += 1
    mirror = registry_mirror()
    if not mirror.local_only:  # object storage: the shared uploads no record names, too
        for name in stored_names(mirror.storage, "uploads"):
            if name not in named and \
                    mirror.storage.get_modified_time(name) < now - ORPHAN_GRACE:
                mirror.storage.delete(name)
                count += 1
        # this machine's copies (fetched again if needed): lists after an hour, others a day
        mirror.prune(ORPHAN_GRACE.total_seconds(), under="uploads")
        mirror.prune(WORKING_COPY_SECONDS)
    return count


def purge_uploads() -> int:
    """The registry's periodic clean-up (a job of ``ucj.core.housekeeping``): abandoned raw
    uploads, and processed ones past their retention. Returns the number of files deleted."""
    return purge_abandoned_uploads() + purge_expired_uploads()


# --- failures, without the content of a row ----------------------------------------------------

class ProcessingFailed(Exception):
    """A run or a participant file failed; the message names a row and a reason only."""


def failure_text(exc: BaseException, csv_path: Path | None,
                 layout: engine.Layout = engine.PLAIN) -> str:
    """Why processing failed, for the record and the page: which row and why, never the
    content of a row (the exception's own message may quote it — Polars quotes the rows it
    cannot read, DuckDB and a Rust panic too —, so it is never used)."""
    try:
        return _failure_text(exc, csv_path, layout)
    except Exception:  # whatever happens here, the original's message is not the answer
        return _("An internal error (%(type)s) stopped the processing; the file's content is "
                 "not recorded. Try again, or ask the administrator.") % {
            "type": type(exc).__name__}


def _failure_text(exc: BaseException, csv_path: Path | None, layout: engine.Layout) -> str:
    import polars.exceptions as pe

    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    if isinstance(exc, FileNotFoundError):
        return _("The uploaded file is no longer there (it was deleted after waiting too long, "
                 "or it was processed already): upload it again.")
    if isinstance(exc, MemoryError) or "memory" in type(exc).__name__.lower():
        return _("The file did not fit in the memory available for processing. Split it, or "
                 "ask the administrator to raise the limit.")
    if isinstance(exc, pe.PolarsError | pe.PanicException | UnicodeError | csv.Error):
        line = engine.first_unreadable_line(csv_path, layout) if csv_path else None
        if line:
            return _("Row %(row)s cannot be read: a quote mark is opened and not closed, or "
                     "a cell is far too long. Correct that row, or save the file again as CSV "
                     "from the spreadsheet, and upload again.") % {"row": line}
        return _("The file cannot be read as CSV. Save it again as CSV (UTF-8) or as .xlsx "
                 "from the spreadsheet and upload again.")
    return _("An internal error (%(type)s) stopped the processing; the file's content is not "
             "recorded. Try again, or ask the administrator.") % {"type": type(exc).__name__}


# --- participant files -------------------------------------------------------------------------

def participant_data_for(region) -> list[ParticipantData]:
    """The participant data a list of ``region`` is matched against: per region (the list's
    regency, or each regency within a province), the latest processed participant file that
    covers it. Another region's file never stands in for it."""
    latest: dict[int, ParticipantData] = {}
    for data in (ParticipantData.objects.filter(within_q(region.code),
                                                source__processed_at__isnull=False)
                 .select_related("region", "source")
                 .order_by("region__code", "-source__processed_at", "-pk")):
        latest.setdefault(data.region_id, data)
    return list(latest.values())


def participants_process(*, actor, source: SourceFile) -> dict:
    """Hash a BPJS participant file into the registry (the NIKs themselves are not kept), one
    Parquet file per region, then update the status and paid months of every funded worker of
    the uploader's regions from it, and their regions' funded counts. Rows of a region outside
    the uploader's regions, or of no known regency, are set aside and reported in the file's
    summary; nothing outside the uploader's regions changes."""
    _require(actor, Cap.UPLOAD_PARTICIPANTS)
    if source.kind != Kind.PARTICIPANTS:
        raise PermissionDenied
    if actor is not None and source.uploaded_by_id not in (None, actor.pk):
        raise PermissionDenied  # a file is processed in the regions of who sent it
    if source.processed_at is not None:
        return source.summary
    if mapping_missing(source):
        raise ValidationError(_("Choose the columns of the file first."))
    out_dir = registry_dir() / "participants" / str(source.id)
    allowed = {r.code: r for r in participant_regions(actor)}
    known = set(Region.objects.filter(level=Level.REGENCY).values_list("code", flat=True))
    csv_path = error = None
    try:
        csv_path = stored_path(source.path)
        summary = engine.load_participant_regions(
            csv_path=csv_path, out_dir=out_dir, key=engine.hash_key(), mapping=source.mapping,
            known=known, allowed=set(allowed), layout=layout_of(source))
    except (KeyboardInterrupt, SystemExit):
        shutil.rmtree(out_dir, ignore_errors=True)
        raise
    except BaseException as exc:  # a Rust panic is a BaseException
        error = failure_text(exc, csv_path, layout_of(source))
        del exc
    if error is not None:
        # outside the handler: whatever fails from here on carries no trace of the original
        # exception (whose message may quote rows of the file)
        shutil.rmtree(out_dir, ignore_errors=True)
        source.error = error
        source.save(update_fields=["error"])
        _delete_raw(source, at_once=True)
        raise ProcessingFailed(error)
    registry_mirror().publish(out_dir)  # every machine reads the per-region files
    parts = summary.pop("regions")
    with transaction.atomic():
        for code, part in parts.items():
            _require(actor, Cap.UPLOAD_PARTICIPANTS, allowed[code])  # the scope, per region
            ParticipantData.objects.create(
                source=source, region=allowed[code],
                path=str(part["path"].relative_to(registry_dir())),
                participants=part["participants"], active=part["active"],
                last_paid_month=part["last_paid_month"])
        source.parquet_path = str(out_dir.relative_to(registry_dir()))
        source.rows, source.processed_at = summary["rows"], timezone.now()
        source.summary = {**summary, "regions": {
            code: {"participants": p["participants"], "active": p["active"]}
            for code, p in parts.items()}}
        source.save(update_fields=["parquet_path", "rows", "summary", "processed_at"])
        tracked = enrollments_track(actor=actor, source=source)
        fed = funded_counts_apply(actor=actor, source=source)
        source.summary = {**source.summary, **tracked, **fed}
        source.save(update_fields=["summary"])
        audit_log(actor=actor, action=Action.IMPORT, obj=source,
                  object_repr=f"{source.get_kind_display()} {source.original_name}",
                  note=", ".join(f"{k} {v}" for k, v in source.summary.items()
                                 if not isinstance(v, dict | list))
                  + "; regions " + " ".join(parts))
        _delete_raw(source)
    return source.summary


def _tracked_enrollments(actor):
    """Funded workers a participant file of the actor may update: those of its regions."""
    enrollments = Enrollment.objects.all()
    if actor is not None:
        enrollments = visible(actor, enrollments)
    return enrollments


def enrollments_track(*, actor, source: SourceFile) -> dict:
    """Each funded worker's status from a participant file: found and paying → active; found
    but not paying → lapsed if they were active, else registered; paid months from the first
    month covered to the last month paid. Only the funded workers of the uploader's regions
    (each region asked of the capability table), from the file's rows of those regions."""
    paths = [stored_path(d.path) for d in source.regions.all()]
    enrollments = list(_tracked_enrollments(actor).only(
        "id", "region_id", "nik_hash", "status", "start_month", "last_paid_month",
        "paid_months"))
    if not enrollments or not paths:
        return {"tracked": 0, "status_changed": 0}
    found = pl.concat([pl.read_parquet(p) for p in paths]).with_columns(
        nik_hash=pl.format("{}{}", pl.col("hash_hi").cast(pl.String).str.zfill(20),
                           pl.col("hash_lo").cast(pl.String).str.zfill(20)))
    wanted = {e.nik_hash for e in enrollments}
    # a NIK on two rows of the file: the active row wins (one person is active once)
    found = {row["nik_hash"]: row for row in found.filter(pl.col("nik_hash").is_in(wanted))
             .sort("active").iter_rows(named=True)}
    regions = Region.objects.filter(
        pk__in={e.region_id for e in enrollments if e.nik_hash in found}).defer("geometry")
    allowed = {r.pk: r for r in regions if _allows(actor, Cap.UPLOAD_PARTICIPANTS, r)}
    changed, tracked, now = [], 0, timezone.now()
    for enrollment in enrollments:
        row = found.get(enrollment.nik_hash)
        if row is None or enrollment.region_id not in allowed:
            continue
        tracked += 1
        if row["active"]:
            status = EnrollmentStatus.ACTIVE
        elif enrollment.status in (EnrollmentStatus.ACTIVE, EnrollmentStatus.LAPSED):
            status = EnrollmentStatus.LAPSED
        else:
            status = EnrollmentStatus.REGISTERED
        last = row["last_paid_month"] or enrollment.last_paid_month  # an empty cell keeps it
        paid = enrollment.paid_months
        if last and last >= enrollment.start_month:
            paid = (last.year - enrollment.start_month.year) * 12 + last.month \
                - enrollment.start_month.month + 1
        if (status, last, paid) != (enrollment.status, enrollment.last_paid_month,
                                     enrollment.paid_months):
            enrollment.status, enrollment.last_paid_month = status, last
            enrollment.paid_months, enrollment.status_changed_at = paid, now
            changed.append(enrollment)
    for region_id in {e.region_id for e in changed}:  # the write's own check, per region
        _require(actor, Cap.UPLOAD_PARTICIPANTS, allowed[region_id])
    Enrollment.objects.bulk_update(changed, ["status", "last_paid_month", "paid_months",
                                             "status_changed_at"], batch_size=2000)
    return {"tracked": tracked, "status_changed": len(changed)}


def funded_counts_apply(*, actor, source: SourceFile) -> dict:
    """The funded workers feed the participation figures: for each region the file covers (in
    the uploader's regions), in the month of its rows (their latest month paid), the region's
    BPU snapshot gets its active funded workers per funding source and payer (the province's
    DBHCHT apart from the regency's: ``funded_field``). Snapshots that do not exist
    yet, or whose month is submitted or approved, are left alone (and counted)."""
    from ucj.core.datasets import get_dataset
    from ucj.core.services import record_update, scoped_update
    from ucj.coverage.models import ParticipationSnapshot, funded_field
    from ucj.coverage.services import participation_warnings
    from ucj.submissions.services import ensure_editable

    updated = skipped = 0
    dataset = get_dataset("participation")
    for data in source.regions.select_related("region").order_by("region__code"):
        if data.last_paid_month is None:
            continue
        region, month = data.region, data.last_paid_month.replace(day=1)
        _require(actor, Cap.UPLOAD_PARTICIPANTS, region)
        fields: dict[str, int] = {}
        for row in (Enrollment.objects.filter(region=region, status=EnrollmentStatus.ACTIVE,
                                              year=month.year, start_month__lte=month)
                    .values("allocation__funding_source", "allocation__payer")
                    .annotate(n=Count("id"))):
            name = funded_field(row["allocation__funding_source"], row["allocation__payer"])
            fields[name] = fields.get(name, 0) + row["n"]
        if not fields:
            continue
        snapshot = ParticipationSnapshot.objects.filter(region=region, month=month,
                                                        segment="BPU").first()
        if snapshot is None:
            skipped += 1
            continue
        try:
            if actor is None:
                ensure_editable(region=region, dataset="participation",
                                period=dataset.period_key(snapshot))
                record_update(actor=actor, instance=snapshot, fields=fields,
                              warnings=participation_warnings, confirm=True)
            else:
                scoped_update(actor=actor, dataset="participation", instance=snapshot,
                              fields=fields, warnings=participation_warnings, confirm=True)
        except ValidationError:
            skipped += 1
            continue
        updated += 1
    return {"snapshots_updated": updated, "snapshots_skipped": skipped}


def pseudonym_hex(hi: int, lo: int) -> str:
    """The stored form of a pseudonym: both halves as 20 decimal digits each (sortable text)."""
    return f"{int(hi):020d}{int(lo):020d}"


# --- match runs --------------------------------------------------------------------------------

def deceased_usable(actor, source: SourceFile, deceased: SourceFile) -> bool:
    """A deceased list given with a list: a deceased list of the same region and year, not yet
    used, in the actor's regions."""
    return (deceased.kind == Kind.DECEASED and deceased.region_id == source.region_id
            and deceased.year == source.year and bool(deceased.path)
            and deceased.processed_at is None
            and _allows(actor, Cap.UPLOAD_LISTS, deceased.region))


@transaction.atomic
def run_start(*, actor, source: SourceFile, deceased: SourceFile | None = None,
              enqueue: bool = True) -> MatchRun:
    if source.kind != Kind.BENEFICIARIES:
        raise PermissionDenied
    _require(actor, Cap.UPLOAD_LISTS, source.region)
    if deceased is not None and not deceased_usable(actor, source, deceased):
        raise PermissionDenied
    if mapping_missing(source):
        raise ValidationError(_("Choose the columns of the file first."))
    if not source.path:
        raise ValidationError(_("The uploaded file has been deleted; upload it again."))
    if source.processed_at is not None or source.runs.exists():
        raise ValidationError(_("This file has been checked already; upload it again to "
                                "check it again."))
    problem = nik_number_problem(source, source.mapping)
    if problem:
        raise ValidationError(problem)
    data = participant_data_for(source.region)
    latest = max(data, key=lambda d: d.source.processed_at).source if data else None
    run = MatchRun.objects.create(
        region=source.region, year=source.year, list_file=source,
        participants_file=latest, deceased_file=deceased, created_by=actor,
        inputs={"list_sha256": source.sha256,
                "participants_sha256": latest.sha256 if latest else None,
                "participants": [{"region": d.region.code, "file": str(d.source_id),
                                  "name": d.source.original_name, "sha256": d.source.sha256,
                                  "data": d.pk} for d in data],
                "deceased_sha256": deceased.sha256 if deceased else None,
                "mapping": source.mapping})
    audit_log(actor=actor, action=Action.CREATE, obj=run, region=source.region,
              object_repr=f"match run {source.original_name}")
    if enqueue:
        run_id = str(run.id)
        transaction.on_commit(lambda: run_match_task.enqueue(run_id))
    return run


@transaction.atomic
def run_cancel(*, actor, run: MatchRun) -> MatchRun:
    _require(actor, Cap.UPLOAD_LISTS, run.region)
    if run.finished:
        return run
    run.cancel_requested = True
    run.save(update_fields=["cancel_requested"])
    audit_log(actor=actor, action=Action.UPDATE, obj=run, region=run.region,
              note="cancel requested")
    return run


def _others(run: MatchRun) -> list[Path]:
    """The current lists of the other regions of the year (their eligible rows) and every
    funded worker of the year outside this region, as pseudonym files."""
    paths = []
    for other in MatchRun.objects.filter(year=run.year, is_current=True,
                                         status=RunStatus.DONE).exclude(region=run.region):
        try:
            path = stored_path(other.result_path.replace("result.parquet", "eligible.parquet"))
        except FileNotFoundError:
            continue
        if path.exists():
            paths.append(path)
    funded = list(Enrollment.objects.filter(year=run.year).exclude(region=run.region)
                  .values_list("nik_hash", "region__code"))
    if funded:
        path = registry_dir() / "runs" / str(run.id) / "funded-elsewhere.parquet"
        path.parent.mkdir(parents=True, exist_ok=True)
        pl.DataFrame({
            "hash_hi": [int(h[:20]) for h, _code in funded],
            "hash_lo": [int(h[20:]) for h, _code in funded],
            "region_code": [code for _h, code in funded],
        }, schema={"hash_hi": pl.UInt64, "hash_lo": pl.UInt64,
                   "region_code": pl.String}).write_parquet(path)
        paths.append(path)
    return paths


def _participant_paths(run: MatchRun) -> list[Path]:
    """The participant data the run was started with (one file per region)."""
    ids = [p["data"] for p in run.inputs.get("participants") or []]
    return [stored_path(d.path) for d in ParticipantData.objects.filter(pk__in=ids)
            .order_by("region__code")]


def run_execute(run_id: str, *, on_progress=None) -> MatchRun:
    """The body of a run (a background task): progress into the database as it goes, results
    into place at the end, the run's record and counts in one transaction. A failure is
    recorded by row and reason (never a row's content) and deletes the uploaded lists."""
    run = MatchRun.objects.select_related("region", "list_file", "participants_file",
                                          "deceased_file").get(pk=run_id)
    if run.finished:
        return run
    run.status, run.started_at = RunStatus.RUNNING, timezone.now()
    run.save(update_fields=["status", "started_at"])
    folder = registry_dir() / "runs" / str(run.id)
    out = folder / "result.parquet"

    def progress(percent: int, stage: str) -> None:
        MatchRun.objects.filter(pk=run.pk).update(progress=percent, stage=stage)
        if on_progress:
            on_progress(percent, stage)

    def cancelled() -> bool:
        return MatchRun.objects.filter(pk=run.pk, cancel_requested=True).exists()

    config = engine.MatchConfig(
        region_code=run.region.code, year=run.year, hash_key=engine.hash_key(),
        cipher_key=engine.cipher_key(), memory_limit=settings.UCJ_REGISTRY_MEMORY_LIMIT,
        min_age=settings.UCJ_REGISTRY_MIN_AGE, max_age=settings.UCJ_REGISTRY_MAX_AGE,
        category_order=settings.UCJ_REGISTRY_CATEGORY_ORDER)
    list_path = error = None
    cancelled_now = False
    layout = layout_of(run.list_file)
    deceased = run.deceased_file
    try:
        list_path = stored_path(run.list_file.path)
        result = engine.match_list(
            list_path=list_path, config=config, out_path=out, mapping=run.list_file.mapping,
            layout=layout, participants=_participant_paths(run),
            deceased=stored_path(deceased.path) if deceased else None,
            deceased_column=deceased.mapping.get("nik", "nik") if deceased else "nik",
            deceased_layout=layout_of(deceased) if deceased else engine.PLAIN,
            others=_others(run), progress=progress, cancelled=cancelled)
        (pl.scan_parquet(out).filter(pl.col("outcome") == "eligible")
         .select("hash_hi", "hash_lo", region_code=pl.lit(run.region.code))
         .sink_parquet(folder / "eligible.parquet"))
        for written in (out, folder / "eligible.parquet"):  # shared with every machine
            registry_mirror().publish(written)
    except engine.Cancelled:
        cancelled_now = True
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as exc:  # a Rust panic is a BaseException
        error = failure_text(exc, list_path, layout)
        del exc
    # outside the handlers: whatever fails from here on (a locked database …) carries no trace
    # of the original exception, whose message may quote rows of the file
    if cancelled_now:
        MatchRun.objects.filter(pk=run.pk).update(status=RunStatus.CANCELLED,
                                                  finished_at=timezone.now())
        _delete_inputs(run, at_once=True)
        return MatchRun.objects.get(pk=run.pk)
    if error is not None:
        MatchRun.objects.filter(pk=run.pk).update(
            status=RunStatus.FAILED, finished_at=timezone.now(), error=error)
        _delete_inputs(run, at_once=True)
        # the worker records and logs the task's exception: this one, naming a row and a
        # reason only
        raise ProcessingFailed(error)
    with transaction.atomic():
        MatchRun.objects.filter(region=run.region, year=run.year, is_current=True).update(
            is_current=False)
        run.status, run.progress, run.stage = RunStatus.DONE, 100, "done"
        run.counts, run.reasons, run.flags = result.counts, result.reasons, result.flags
        run.seconds, run.nonce = round(result.seconds, 2), result.nonce
        run.result_path = str(out.relative_to(registry_dir()))
        run.finished_at, run.is_current = timezone.now(), True
        run.save()
        source = run.list_file
        source.rows, source.processed_at = result.counts["total"], timezone.now()
        source.save(update_fields=["rows", "processed_at"])
        audit_log(actor=run.created_by, action=Action.IMPORT, obj=run, region=run.region,
                  object_repr=f"match run {source.original_name}",
                  note=", ".join(f"{k} {v}" for k, v in result.counts.items()))
        _delete_inputs(run)
    return run


def _delete_inputs(run: MatchRun, *, at_once: bool = False) -> None:
    """A run's uploaded list and deceased list, once it has ended however it ended (at once,
    whatever the retention, when it failed or was cancelled)."""
    for source in (run.list_file, run.deceased_file):
        if source is not None:
            if source.processed_at is None:
                source.processed_at = timezone.now()
                source.save(update_fields=["processed_at"])
            _delete_raw(source, at_once=at_once)


@task()
def run_match_task(run_id: str) -> None:
    run = run_execute(run_id)
    # --- issue 18: the run's results CSVs (whole and coarse rows, unfiltered) queued at once,
    # so that the results page's download is a stored file (ucj/registry/exports.py)
    from ucj.registry import exports

    exports.prepare_ahead(run)
    # --- end issue 18


@task()
def participants_task(source_id: str, user_id: int) -> None:
    from ucj.accounts.models import User

    participants_process(actor=User.objects.get(pk=user_id),
                         source=SourceFile.objects.get(pk=source_id))


# --- funding -----------------------------------------------------------------------------------

@transaction.atomic
def enrollment_fund(*, actor, run: MatchRun, allocation, workers: int | None = None) -> int:
    """Choose eligible workers of a run, by priority (desil ascending, then category, then row),
    up to what the allocation pays for at the planner's tariff (or ``workers``), skipping
    anyone funded already; they become enrollments with the status submitted."""
    from ucj.budget.services import expected_amount

    _require(actor, Cap.UPLOAD_LISTS, run.region)
    if allocation.region_id != run.region_id:
        raise PermissionDenied
    if run.status != RunStatus.DONE or not run.is_current:
        raise ValidationError(_("Fund from the region's current, finished run."))
    per_worker = expected_amount(package=allocation.package, fiscal_year=allocation.fiscal_year,
                                 start_month=allocation.start_month, workers=1,
                                 months=allocation.months_covered)
    if not per_worker:
        raise ValidationError(_("No tariff of the allocation's package is in force."))
    funded = Enrollment.objects.filter(allocation=allocation).count()
    room = allocation.amount // per_worker - funded
    if workers is not None:
        room = min(room, workers)
    if room <= 0:
        raise ValidationError(_("The allocation pays for no more workers."))
    taken = set(Enrollment.objects.filter(year=run.year).values_list("nik_hash", flat=True))
    rows = ranked_eligible(run, limit=room + len(taken))
    start = dt.date(allocation.fiscal_year, allocation.start_month, 1)
    new = []
    for row in rows.iter_rows(named=True):
        key = pseudonym_hex(row["hash_hi"], row["hash_lo"])
        if key in taken:
            continue
        taken.add(key)
        new.append(Enrollment(
            region=run.region, year=run.year, allocation=allocation, run=run,
            row_no=row["row_no"], nik_hash=key, nik_masked=row["nik_masked"],
            nik_enc=str(row["nik_enc"]), name=(row["name"] or "")[:200],
            birth_date=row["birth_date"], sex=row["sex"] or "",
            village_code=row["village_code"] or "", occupation=(row["occupation"] or "")[:200],
            category=(row["category"] or "")[:100], desil=row["desil"], start_month=start,
            created_by=actor))
        if len(new) >= room:
            break
    Enrollment.objects.bulk_create(new, batch_size=2000)
    audit_log(actor=actor, action=Action.CREATE, obj=allocation, region=run.region,
              object_repr=f"{len(new)} funded workers for {allocation}",
              note=f"run {run.id}")
    return len(new)


def ranked_eligible(run: MatchRun, *, limit: int | None = None,
                    offset: int = 0) -> pl.DataFrame:
    """A run's eligible rows in funding order: desil ascending (none last), then the
    configured category order, then the list's order."""
    order = settings.UCJ_REGISTRY_CATEGORY_ORDER
    frame = (pl.scan_parquet(stored_path(run.result_path))
             .filter(pl.col("outcome") == "eligible")
             .with_columns(priority=pl.col("category").replace_strict(
                 {c: i for i, c in enumerate(order)}, default=len(order), return_dtype=pl.Int32))
             .sort([pl.col("desil").fill_null(99), "priority", "row_no"]))
    if offset:
        frame = frame.slice(offset, limit)
    elif limit is not None:
        frame = frame.head(limit)
    return frame.collect()
