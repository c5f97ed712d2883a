"""Which column of an uploaded file is which: the standard columns of each kind of file, a
first guess from the names offices use (DTSEN/P3KE extracts, village lists), the mapping
remembered per header (``ColumnMapping``), and whether the column chosen for the NIK can hold
NIKs at all."""

from __future__ import annotations

import hashlib

from django.utils.translation import gettext as _

from ucj.registry import engine
from ucj.registry.files import layout_of, stored_path
from ucj.registry.models import ColumnMapping, Kind, SourceFile

# A participant file names each row's regency: its rows count only in the uploader's regions.
REQUIRED: dict[str, list[str]] = {
    Kind.BENEFICIARIES: engine.REQUIRED,
    Kind.PARTICIPANTS: ["nik", "status", "region_code"], Kind.DECEASED: ["nik"]}
COLUMNS: dict[str, list[str]] = {
    Kind.BENEFICIARIES: engine.LIST_COLUMNS, Kind.PARTICIPANTS: engine.PARTICIPANT_COLUMNS,
    Kind.DECEASED: ["nik", "date_of_death"]}

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
    guess: dict[str, str] = {}
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


def mapping_missing(source: SourceFile) -> list[str]:
    return [c for c in REQUIRED[source.kind] if not source.mapping.get(c)]


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
