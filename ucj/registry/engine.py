"""Validation and matching of beneficiary lists of millions of rows (DESIGN §5, §7).

The whole list is read, checked and matched column by column (Polars, streaming, and numpy
arrays), never row by row through the ORM; the relational database keeps only a run's record
and counts. A run writes one Parquet file of results to a fresh directory and renames it into
place at the end, so a run that dies midway leaves the previous results as they were.

Two streaming passes over the CSV: the first reads only the checked columns and keeps each
row's narrow values (the NIK as a number, the parsed date, sex and desil); the rules, the
duplicates, the pseudonyms, the matches and the NIK cipher are then array work on those; the
second pass reads the text columns again and writes them beside the narrow results, chunk by
chunk, so the wide text is never all in memory.

NIKs at rest: a keyed 128-bit hash (``nik_hash``) for matching across lists and participant
files, and the NIK itself encrypted (AES-256-CTR under a per-run nonce, ``nik_enc``) for the
registration export; the raw NIK never reaches the result file, the database or a log.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import time
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import numpy as np
import polars as pl
import pyarrow as pa
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from django.conf import settings

from ucj.imports import cells
from ucj.registry.rules import FLAG_BITS, REASON_BITS, _masks, _nik_tables, _reference

# The outcomes, in order of precedence: a row takes the first that applies.
OUTCOMES = ["invalid", "duplicate", "deceased", "already_active", "conflict", "eligible"]
# The standard columns of a beneficiary list and of a BPJS participant file.
LIST_COLUMNS = ["nik", "name", "birth_date", "sex", "village_code", "occupation", "category",
                "desil", "phone", "source"]
REQUIRED = ["nik", "name", "birth_date", "sex"]
PARTICIPANT_COLUMNS = ["nik", "status", "segment", "region_code", "last_paid_month"]


class Cancelled(Exception):
    """The run was cancelled; nothing of it is kept."""


@dataclass
class MatchConfig:
    region_code: str  # the list's regency (or province), e.g. "52.03"
    year: int
    min_age: int = 15
    max_age: int = 64
    category_order: list[str] = field(default_factory=list)  # earlier = funded first
    hash_key: bytes = b""
    cipher_key: bytes = b""
    memory_limit: str = "1GB"
    threads: int | None = None


@dataclass
class MatchResult:
    counts: dict[str, int]
    flags: dict[str, int]
    reasons: dict[str, int]
    seconds: float
    path: Path
    nonce: str  # hex, of the NIK cipher


def hash_key() -> bytes:
    return bytes.fromhex(str(settings.UCJ_NIK_HASH_KEY))  # a lazy string (settings)


def cipher_key() -> bytes:
    return bytes.fromhex(str(settings.UCJ_NIK_CIPHER_KEY))  # a lazy string (settings)


def read_header(path: Path) -> list[str]:
    con = duckdb.connect()
    try:
        return [row[0] for row in con.execute(
            "DESCRIBE SELECT * FROM read_csv(?, all_varchar = true, header = true) LIMIT 0",
            [str(path)]).fetchall()]
    finally:
        con.close()


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _sources(mapping: dict[str, str], wanted: list[str]) -> dict[str, str]:
    """The file's column of each standard column that has one: {file column: standard}."""
    return {mapping[c]: c for c in wanted if mapping.get(c)}


@dataclass(frozen=True)
class Layout:
    """How a stored CSV is read: its delimiter, and the row of the original file that holds
    its header (the stored file starts with the header; the title rows above it in the
    original are not stored), so that each row's number is the original file's."""
    delimiter: str = ","
    header_row: int = 1


PLAIN = Layout()


def _scan(path: Path, sources: dict[str, str], wanted: list[str],
          row_index: bool = True, layout: Layout = PLAIN) -> tuple[pl.LazyFrame, pl.Expr]:
    """A CSV, lazily, as text columns named as ``wanted`` (from the file's columns
    ``sources``; missing ones empty), with the file's line number of each row (the header is
    line ``layout.header_row``) as ``row_no``; and the condition of a blank line, which is not
    a row (its line number is kept by the others)."""
    sources = {source: c for source, c in sources.items() if c in wanted}
    lf = pl.scan_csv(path, separator=layout.delimiter, infer_schema=False,
                     truncate_ragged_lines=True, encoding="utf8-lossy",
                     row_index_name="row_no" if row_index else None,
                     row_index_offset=layout.header_row + 1)
    lf = lf.select([*(["row_no"] if row_index else []), *sources]).rename(sources)
    missing = [pl.lit(None, dtype=pl.String).alias(c) for c in wanted if c not in sources.values()]
    if missing:
        lf = lf.with_columns(missing)
    blank = pl.all_horizontal([pl.col(c).is_null() for c in sources.values()]) if sources \
        else pl.lit(True)
    return lf.select([*(["row_no"] if row_index else []), *wanted]), blank


def clean_nik(column: str = "nik") -> pl.Expr:
    """Spaces, dots and dashes out (DESIGN §5)."""
    return pl.col(column).fill_null("").str.replace_all(r"[\s.\-]", "")


AES_CHUNK = 1 << 16  # blocks per call: 1 MB buffers, and the GIL let go between calls


def _aes(high, low, key: bytes, n: int, *, decrypt: bool = False,
         counter: bytes | None = None) -> tuple[np.ndarray, np.ndarray]:
    """AES-256 of n 16-byte blocks, each the big-endian 64-bit halves ``high`` and ``low``
    (arrays or numbers), each block on its own (ECB); or, given a ``counter`` block, the CTR
    key stream from it (``high`` and ``low`` unused). The result as two unsigned 64-bit
    arrays (its halves). A chunk at a time: small buffers, and other threads run between."""
    cipher = Cipher(algorithms.AES(key), modes.CTR(counter) if counter else modes.ECB())
    context = cipher.decryptor() if decrypt else cipher.encryptor()
    size = min(n, AES_CHUNK) or 1
    blocks = np.zeros((size, 2), dtype=">u8")
    out = np.empty(16 * size + 16, dtype=np.uint8)  # update_into wants a block to spare
    first, second = np.empty(n, dtype=np.uint64), np.empty(n, dtype=np.uint64)
    for start in range(0, n, size):
        stop = min(start + size, n)
        chunk = blocks[:stop - start]
        if not counter:
            chunk[:, 0] = high if np.isscalar(high) else high[start:stop]
            chunk[:, 1] = low if np.isscalar(low) else low[start:stop]
        context.update_into(chunk.view(np.uint8).reshape(-1), out)
        result = out[:chunk.nbytes].view(">u8").reshape(-1, 2)
        first[start:stop] = result[:, 0]
        second[start:stop] = result[:, 1]
    context.finalize()
    return first, second


def pseudonyms(numbers: np.ndarray, key: bytes) -> tuple[np.ndarray, np.ndarray]:
    """The keyed pseudonym of NIKs given as unsigned 64-bit integers: AES-256 of the NIK under
    the hash key (a keyed permutation: only the key holder can compute or invert it), as two
    64-bit halves."""
    return _aes(0, numbers, key, len(numbers))


def pseudonym_hex(hi: int, lo: int) -> str:
    """The stored form of a pseudonym: both halves as 20 decimal digits each (sortable text)."""
    return f"{int(hi):020d}{int(lo):020d}"


def _sixteen_digits(text: pl.Expr) -> pl.Expr:
    """The text as a 64-bit integer when it is 16 bytes that cast (the cast alone would take a
    leading "+"), else null."""
    return (pl.when((text.str.len_bytes() == 16) & ~text.str.starts_with("+"))
            .then(text).cast(pl.UInt64, strict=False))


def nik_numbers(column: str = "nik") -> pl.Expr:
    """The cleaned NIK as a 64-bit integer when it is exactly 16 digits, else null (the cast
    alone would take a leading "+")."""
    return _sixteen_digits(clean_nik(column))


def regency_code(column: str = "region_code") -> pl.Expr:
    """A region code as the regency it names (``52.03``), from ``52.03``, ``5203`` or a code
    below the regency (``52.03.01.2001``); null when it names no regency (empty, a province
    alone, not digits)."""
    digits = pl.col(column).str.strip_chars().str.replace_all(".", "", literal=True)
    return pl.when(digits.str.contains(r"^\d{4,}$")).then(pl.concat_str(
        [digits.str.slice(0, 2), pl.lit("."), digits.str.slice(2, 2)]))


def read_participants(*, csv_path: Path, key: bytes, mapping: dict[str, str] | None = None,
                      layout: Layout = PLAIN) -> tuple[pl.DataFrame, int]:
    """A BPJS participant file (nik, status aktif/nonaktif, segment, region_code,
    last_paid_month YYYY-MM) as a table keyed by the NIK's pseudonym, without the NIK: the
    file's line of each row (``row_no``), ``hash_hi``, ``hash_lo``, ``active``, ``segment``,
    the row's regency (``region_code``, see ``regency_code``) and ``last_paid_month``; and the
    number of rows read (blank lines aside)."""
    mapping = mapping or {c: c for c in PARTICIPANT_COLUMNS}
    lf, blank = _scan(csv_path, _sources(mapping, PARTICIPANT_COLUMNS), PARTICIPANT_COLUMNS,
                      layout=layout)
    # the NIK as it stands when it is 16 digits; the exact rule (the regex) only on the rest
    lf = lf.filter(~blank).with_row_index("at").with_columns(
        nik_number=_sixteen_digits(pl.col("nik")))
    df, odd = pl.collect_all([lf.select(
        "row_no", "nik_number",
        active=pl.col("status").str.strip_chars().str.to_lowercase()
        .is_in(["aktif", "active", "1", "ya"]),
        segment=pl.col("segment").str.strip_chars().str.to_uppercase(),
        region_code=regency_code(),
        last_paid_month=pl.col("last_paid_month").str.strip_chars()
        .str.strptime(pl.Date, "%Y-%m", strict=False)),
        lf.filter(pl.col("nik_number").is_null() & pl.col("nik").is_not_null())
        .select("at", nik_numbers())], engine="streaming")
    if odd.height:
        df = df.with_columns(df["nik_number"].scatter(odd["at"], odd["nik"]))
    rows = df.height
    df = df.filter(pl.col("nik_number").is_not_null())
    hi, lo = pseudonyms(df["nik_number"].to_numpy(), key)
    table = df.select("row_no", pl.Series("hash_hi", hi), pl.Series("hash_lo", lo), "active",
                      "segment", "region_code", "last_paid_month")
    return table, rows


PARTICIPANT_DATA = ["hash_hi", "hash_lo", "active", "segment", "region_code", "last_paid_month"]


def _write(table: pl.DataFrame, path: Path) -> None:
    """A Parquet file written whole or not at all."""
    tmp = path.with_suffix(".tmp")
    path.parent.mkdir(parents=True, exist_ok=True)
    table.write_parquet(tmp, compression="lz4")
    os.replace(tmp, path)


def load_participants(*, csv_path: Path, out_path: Path, key: bytes,
                      mapping: dict[str, str] | None = None,
                      layout: Layout = PLAIN) -> dict[str, int]:
    """A participant file → one Parquet file keyed by the NIK's hash, without the NIK, every
    row whatever its region (the command line's and the benchmark's form; the web keeps one
    file per region: ``load_participant_regions``)."""
    table, rows = read_participants(csv_path=csv_path, key=key, mapping=mapping, layout=layout)
    _write(table.select(PARTICIPANT_DATA), out_path)
    return {"rows": rows, "participants": table.height,
            "active": int(table["active"].sum()), "unreadable": rows - table.height}


SAMPLE_ROWS = 20  # line numbers kept of the rows set aside, to find them in the file


def load_participant_regions(*, csv_path: Path, out_dir: Path, key: bytes,
                             mapping: dict[str, str] | None, known: set[str],
                             allowed: set[str], layout: Layout = PLAIN) -> dict:
    """A participant file → one Parquet file per regency in ``allowed`` (``out_dir/<code>
    .parquet``), keyed by the NIK's hash, without the NIK. Rows of a regency outside
    ``allowed`` (the uploader's regions), and rows whose region is not one of ``known``
    regencies, are set aside: counted, with their regions and first line numbers, never
    written. Returns the summary, with ``regions``: per regency its path, participants, active
    participants and latest month paid."""
    table, rows = read_participants(csv_path=csv_path, key=key, mapping=mapping, layout=layout)
    code = pl.col("region_code")
    unknown = table.filter(code.is_null() | ~code.is_in(sorted(known)))
    outside = table.filter(code.is_in(sorted(known - allowed)))
    kept = table.filter(code.is_in(sorted(allowed & known)))
    regions = {}
    for (region,), part in kept.sort("row_no").partition_by("region_code", as_dict=True,
                                                             maintain_order=True).items():
        path = out_dir / f"{region}.parquet"
        _write(part.select(PARTICIPANT_DATA), path)
        active = part.filter("active")
        regions[region] = {"path": path, "participants": part.height, "active": active.height,
                           "last_paid_month": active["last_paid_month"].max()}
    return {
        "rows": rows, "participants": kept.height, "active": int(kept["active"].sum()),
        "unreadable": rows - table.height,
        "outside_scope": outside.height,
        "outside_regions": dict(sorted(outside.group_by("region_code").len().iter_rows())),
        "outside_rows": outside["row_no"].sort().head(SAMPLE_ROWS).to_list(),
        "unknown_region": unknown.height,
        "unknown_rows": unknown["row_no"].sort().head(SAMPLE_ROWS).to_list(),
        "regions": dict(sorted(regions.items())),
    }


# the list columns the checks read (the first pass); the rest are only written out
CHECKED = ["nik", "name", "birth_date", "sex", "desil"]  # the village: in the second pass
TEXT = ["name", "birth_date", "village_code", "occupation", "category", "phone", "source"]


def _checks(lf: pl.LazyFrame) -> tuple[pl.LazyFrame, pl.LazyFrame]:
    """The text checks of DESIGN §5, in one streaming pass: (the narrow columns of every row,
    the few rows whose NIK, birth date or desil did not parse as they stand).

    Each value is parsed as it stands first (a 16-digit NIK casts, a date parses); text that
    parses that way has nothing to strip or clean (a space, dot or dash does not cast), so the
    exact rule — strip, clean out spaces, dots and dashes — is only run on the rest, by
    ``_exact`` on the second frame: no regex over millions of rows."""
    nik, bd, desil = pl.col("nik"), pl.col("birth_date"), pl.col("desil")
    lf = lf.with_columns(
        sx=pl.col("sex").str.strip_chars().str.to_uppercase(),
        nik_fast=_sixteen_digits(nik),
        bd_fast=_iso_dates(bd),
        desil_fast=desil.cast(pl.Int32, strict=False))
    sex_code = _sex_codes(pl.col("sx"))
    odd = ((pl.col("nik_fast").is_null() & nik.is_not_null())
           | (pl.col("desil_fast").is_null() & desil.is_not_null()))
    narrow = lf.select(
        "row_no", "nik_fast", "bd_fast", "desil_fast",
        # the birth date as written when it is not an ISO date: parsed per distinct value
        bd_raw=pl.when(pl.col("bd_fast").is_null()).then(bd),
        sx=pl.when(sex_code == 1).then(pl.lit("L")).when(sex_code == 2).then(pl.lit("P"))
        .otherwise(pl.col("sx")),
        nik_null=nik.is_null(), bd_null=bd.is_null(), desil_null=desil.is_null(),
        sex_code=sex_code,
        name_missing=pl.col("name").fill_null("").str.strip_chars() == "",
        checked_blank=pl.all_horizontal([pl.col(c).is_null() for c in CHECKED]))
    return narrow, lf.filter(odd).select("row_no", "nik", "desil")


# --- dates and sex as offices write them --------------------------------------------------------
# A birth date is read exactly as the imports read a date (ucj.imports.cells.date: 1985-05-15,
# 15/05/1985, 15-05-1985, 15.05.1985, 15 Mei 1985, an Excel serial …): an ISO date of ten
# characters in 1900–2100 is parsed in Polars (the common case, millions of rows); any other
# text is parsed by cells.date itself, once per distinct value (a list has a few thousand
# distinct birth dates), so the two can never read a spelling differently.
DATE_YEARS = (1900, 2100)


def _iso_dates(text: pl.Expr) -> pl.Expr:
    """``YYYY-MM-DD`` of ten characters in DATE_YEARS as a date, else null (left to
    ``text_dates``)."""
    parsed = (pl.when(text.str.len_bytes() == 10).then(text)
              .str.strptime(pl.Date, "%Y-%m-%d", strict=False, cache=False))
    return pl.when(parsed.dt.year().is_between(*DATE_YEARS)).then(parsed)


def text_dates(values: pl.Series) -> tuple[pl.Series, pl.Series]:
    """Dates written as text, as ``ucj.imports.cells.date`` reads them, each distinct value
    parsed once: (the dates, null where blank or not a date; whether the value is blank)."""
    distinct = values.drop_nulls().unique()
    parsed: dict[str, dt.date | None] = {}
    for value in distinct.to_list():
        try:
            parsed[value] = cells.date(value)
        except (cells.CellError, ValueError):
            parsed[value] = None
    blank = [v for v in parsed if cells.is_blank(v)]
    dates = values.replace_strict(list(parsed), list(parsed.values()), default=None,
                                  return_dtype=pl.Date)
    return dates, values.is_null() | values.is_in(blank)


def birth_dates(values: pl.Series) -> pl.Series:
    """A column of birth dates as text → dates (null where blank or not a date), as a run reads
    them: ``_iso_dates`` first, ``text_dates`` for the rest."""
    fast = values.to_frame("v").select(_iso_dates(pl.col("v"))).to_series()
    slow, _blank = text_dates(values.filter(fast.is_null()))
    return fast.scatter(np.flatnonzero(fast.is_null().to_numpy()), slow) if len(slow) else fast


# Sex: L/P, Laki-laki/Perempuan in any case, with or without the hyphen or a space, or 1/2.
SEX_SPELLINGS = {"L": 1, "LAKILAKI": 1, "1": 1, "P": 2, "PEREMPUAN": 2, "2": 2}


def _sex_codes(upper: pl.Expr) -> pl.Expr:
    """The sex as a code from its stripped upper-case text: 0 blank, 1 man, 2 woman, 3 not a
    sex."""
    key = upper.str.replace_all(r"[\s\-]", "")
    return (pl.when(upper.fill_null("") == "").then(pl.lit(0, pl.UInt8))
            .otherwise(key.replace_strict(SEX_SPELLINGS, default=3, return_dtype=pl.UInt8)))


def _exact(odd: pl.DataFrame) -> pl.DataFrame:
    """The exact rules on the rows whose NIK or desil did not parse as they stand."""
    return odd.select(
        "row_no", nik_number=nik_numbers(),
        nik_missing=pl.col("nik").fill_null("").str.strip_chars() == "",
        desil_value=pl.col("desil").str.strip_chars().cast(pl.Int32, strict=False),
        desil_blank=pl.col("desil").fill_null("").str.strip_chars() == "")


def _matches(nik: pl.Series, numbers: np.ndarray, valid: np.ndarray, lookups: dict
             ) -> tuple[np.ndarray, np.ndarray, np.ndarray, pl.Series | None]:
    """Each row's NIK among the participants (known, active), the deceased and the other
    regions' lists: (participant_known, participant_active, is_deceased, conflict_region, or
    None without other lists)."""
    participant_known = _member(nik, valid, lookups["known"])
    # only the known are looked up among the active
    known_at = np.flatnonzero(participant_known)
    participant_active = np.zeros(len(numbers), dtype=bool)
    participant_active[known_at] = _member(pl.Series(numbers[known_at]),
                                           np.ones(len(known_at), dtype=bool),
                                           lookups["active"])
    is_deceased = _member(nik, valid, lookups["dead"])
    conflict_region = None  # none: no memory spent on a column of nulls
    if lookups["other"] is not None:
        conflict_region = (nik.to_frame("nik_number")
                           .join(lookups["other"], on="nik_number", how="left",
                                 maintain_order="left")["conflict_region"])
    return participant_known, participant_active, is_deceased, conflict_region


def _blank_elsewhere(path: Path, sources: dict[str, str], rows: np.ndarray,
                     candidates: np.ndarray, layout: Layout = PLAIN) -> np.ndarray:
    """Of the rows blank in the checked columns, which are blank in the other columns too (a
    second look at the file, only when some row is blank in the checked columns)."""
    rest = [c for c in sources.values() if c not in CHECKED]
    if not rest:
        return np.ones(len(rows), dtype=bool)
    lf, blank = _scan(path, sources, rest, layout=layout)
    wanted = pl.Series(rows[candidates]).implode()
    found = lf.filter(pl.col("row_no").is_in(wanted) & blank).select("row_no") \
        .collect(engine="streaming")["row_no"].to_numpy()
    out = np.zeros(len(rows), dtype=bool)
    out[np.searchsorted(rows, found)] = True
    return out


def _pseudonym_numbers(paths: list[Path], key: bytes, columns: list[str]) -> pl.DataFrame:
    """Parquet files keyed by pseudonyms (hash_hi, hash_lo) as ``nik_number`` and ``columns``."""
    frame = pl.concat([pl.read_parquet(p, columns=["hash_hi", "hash_lo", *columns])
                       for p in paths]).drop_nulls(["hash_hi", "hash_lo"])
    upper, number = _aes(frame["hash_hi"].to_numpy(), frame["hash_lo"].to_numpy(), key,
                         frame.height, decrypt=True)
    # a pseudonym made under another key decrypts to a block whose upper half is not zero: it
    # matches no NIK here (AES is a permutation: equal numbers ⇔ equal pseudonyms)
    return frame.select(columns).with_columns(
        nik_number=pl.Series(number), ours=pl.Series(upper == 0)).filter("ours").drop("ours")


def _member(numbers: pl.Series, valid: np.ndarray, values: pl.Series | None) -> np.ndarray:
    """Which of ``numbers`` (where ``valid``) are among ``values`` (distinct, imploded)."""
    if values is None:
        return np.zeros(len(numbers), dtype=bool)
    return numbers.is_in(values).fill_null(False).to_numpy() & valid


def _lookups(key: bytes, participants: list[Path], deceased: Path | None,
             others: list[Path], deceased_column: str = "nik",
             deceased_layout: Layout = PLAIN) -> dict[str, pl.Series | pl.DataFrame | None]:
    """What the rows are matched against, read before the list (they do not depend on it):
    the participants' NIKs (all, active; of every participant file given: one per region),
    the deceased's, the other lists' (with the region)."""
    out: dict[str, pl.Series | pl.DataFrame | None] = dict.fromkeys(
        ["known", "active", "dead", "other"])

    def distinct(values: pl.Series) -> pl.Series | None:
        return values.unique().implode() if len(values) else None

    if participants:
        part = _pseudonym_numbers(list(participants), key, ["active"])
        out["known"] = distinct(part["nik_number"])
        out["active"] = distinct(part.filter("active")["nik_number"])
    if deceased:
        out["dead"] = distinct(pl.scan_csv(deceased, separator=deceased_layout.delimiter,
                                           infer_schema=False, truncate_ragged_lines=True,
                                           encoding="utf8-lossy")
                               .select(nik_numbers(deceased_column))
                               .collect(engine="streaming").to_series().drop_nulls())
    if others:
        out["other"] = (_pseudonym_numbers(list(others), key, ["region_code"])
                        .group_by("nik_number")
                        .agg(conflict_region=pl.col("region_code").min()))
    return out


def _repeated(numbers: np.ndarray, valid: np.ndarray) -> pl.Series:
    """The NIKs that more than one row has (of the rows with a NIK), distinct and imploded: the
    candidates for duplicates, found (by sorting) before the checks are done."""
    ordered = np.sort(numbers[valid])
    return pl.Series(np.unique(ordered[1:][ordered[1:] == ordered[:-1]])).implode()


def _duplicates(numbers: np.ndarray, clean: np.ndarray, rows: np.ndarray,
                repeated: pl.Series) -> tuple[np.ndarray, np.ndarray]:
    """Among the ``clean`` rows, those whose NIK an earlier clean row has: (their positions, the
    first row's line number). ``repeated``: the NIKs more than one row has (``_repeated``)."""
    # only the clean rows of a repeated NIK (few), stably sorted by NIK: each run's first is
    # its earliest row
    candidates = np.flatnonzero(clean & pl.Series(numbers).is_in(repeated).to_numpy())
    if not len(candidates):
        return candidates, np.empty(0, dtype=rows.dtype)
    candidates = candidates[np.argsort(numbers[candidates], kind="stable")]
    keys = numbers[candidates]
    starts = np.concatenate(([True], keys[1:] != keys[:-1]))
    first = candidates[np.flatnonzero(starts)][np.cumsum(starts) - 1]
    later = ~starts
    return candidates[later], rows[first[later]]


def _nullable(name: str, values: np.ndarray, valid: np.ndarray) -> pl.Series:
    """A column of ``values`` that is null where not ``valid`` (the values' memory is taken as
    it is, not copied)."""
    validity = pa.py_buffer(np.packbits(valid, bitorder="little"))
    array = pa.Array.from_buffers(pa.from_numpy_dtype(values.dtype), len(values),
                                  [validity, pa.py_buffer(values)])
    return pl.Series(name, array)


# the texts of the NIK masked, by its first digits and by its last four
_MASK_HEADS = pl.Series([f"{i}********" for i in range(10**4)])
_MASK_TAILS = pl.Series([f"{i:04d}" for i in range(10**4)])


def _masked(nik: pl.Expr) -> pl.Expr:
    """The NIK as shown without the right to see it: its number over 10¹² as text, eight
    stars, its last four digits; "****" without a NIK. Looked up in two tables of 10⁴ texts
    (the number-to-text casts and padding take twice as long)."""
    return pl.when(nik.is_not_null()).then(
        pl.lit(_MASK_HEADS).gather(nik // 10**12) + pl.lit(_MASK_TAILS).gather(nik % 10**4)
    ).otherwise(pl.lit("****"))


def _narrow(list_path: Path, sources: dict[str, str], config: MatchConfig,
            pool: ThreadPoolExecutor, tables, lookups, step: Callable[[int, str], None],
            layout: Layout = PLAIN) -> tuple[pl.DataFrame, bool, bool, dict, dict, bytes]:
    """The first pass and the array work: every row's narrow results (all but the text
    columns), whether there are conflicts and blank lines, the counts, and the cipher's nonce.
    Everything else made on the way is let go on return."""
    # the first pass: only the checked columns, each row's narrow values
    lf, _ = _scan(list_path, sources, CHECKED, layout=layout)
    k, odd = pl.collect_all(_checks(lf), engine="streaming")
    # one chunk per column (the stream gives one per morsel): the second pass slices these
    # beside the text, which is much cheaper from a single chunk
    k = k.rechunk()
    step(30, "validate")
    n = k.height
    rows = k["row_no"].to_numpy()
    nik = k["nik_fast"]
    nik_missing = k["nik_null"].to_numpy()
    birth_date = k["bd_fast"]
    bd_blank = k["bd_null"].to_numpy()
    desil = k["desil_fast"]
    desil_blank = k["desil_null"].to_numpy()
    if odd.height:
        odd = _exact(odd)
        at = np.searchsorted(rows, odd["row_no"].to_numpy())
        nik = nik.scatter(at, odd["nik_number"])
        nik_missing[at] = odd["nik_missing"].to_numpy()
        desil = desil.scatter(at, odd["desil_value"])
        desil_blank[at] = odd["desil_blank"].to_numpy()
    del odd
    written = k["bd_raw"]
    if written.null_count() < n:  # birth dates not written as ISO dates
        at = np.flatnonzero(written.is_not_null().to_numpy())
        dates, blank = text_dates(written.gather(at))
        birth_date = birth_date.scatter(at, dates)
        bd_blank[at] = blank.to_numpy()
    del written
    valid = nik.is_not_null().to_numpy()
    numbers = nik.fill_null(0).to_numpy()
    # the candidates for duplicates, the matches and the per-row cipher work run in threads
    # beside the checks (numpy, polars and the cipher's chunks let go of the GIL)
    repeated = pool.submit(_repeated, numbers, valid)
    matched = pool.submit(_matches, nik, numbers, valid, lookups.result())
    nonce = os.urandom(8)
    hashed = pool.submit(pseudonyms, numbers, config.hash_key)
    encrypted = pool.submit(encrypt_niks, numbers, rows, key=config.cipher_key, nonce=nonce)
    reason, flag = _masks(
        numbers, valid, nik_missing, birth_date, bd_blank, desil.fill_null(0).to_numpy(),
        desil.is_not_null().to_numpy(), desil_blank, k["sex_code"].to_numpy(),
        k["name_missing"].to_numpy(), config,
        tables.result())
    # a blank line is not a row: blank in the checked columns and in the others
    blanks = k["checked_blank"].to_numpy()
    if blanks.any():
        blanks &= _blank_elsewhere(list_path, sources, rows, blanks, layout)
    step(50, "duplicates")
    # among the rows without errors: an invalid copy does not knock out a valid one (a
    # blank line has no NIK: never clean)
    later, first_rows = _duplicates(numbers, valid & (reason == 0), rows, repeated.result())
    del repeated
    is_duplicate = np.zeros(n, dtype=bool)
    is_duplicate[later] = True
    duplicate_of = np.zeros(n, dtype=rows.dtype)
    duplicate_of[later] = first_rows
    step(60, "match")
    participant_known, participant_active, is_deceased, conflict_region = matched.result()
    step(75, "encrypt")
    nik_enc = encrypted.result()
    hash_hi, hash_lo = hashed.result()
    del hashed, encrypted
    step(82, "write")
    # the outcome, by precedence: the first that applies
    codes = np.full(n, OUTCOMES.index("eligible"), dtype=np.uint8)
    if conflict_region is not None:
        codes[conflict_region.is_not_null().to_numpy()] = OUTCOMES.index("conflict")
    codes[participant_active] = OUTCOMES.index("already_active")
    codes[is_deceased] = OUTCOMES.index("deceased")
    codes[is_duplicate] = OUTCOMES.index("duplicate")
    codes[reason > 0] = OUTCOMES.index("invalid")
    kept = ~blanks if blanks.any() else slice(None)
    counts = dict(zip(OUTCOMES, np.bincount(codes[kept], minlength=len(OUTCOMES)),
                      strict=True))
    masks = {code: np.count_nonzero(reason[kept] & (1 << i))
             for i, code in enumerate(REASON_BITS)}
    masks |= {"flag_" + code: np.count_nonzero(flag[kept] & (1 << i))
              for i, code in enumerate(FLAG_BITS)}
    narrow = k.select(
        "row_no", pl.Series("blank", blanks), _nullable("hash_hi", hash_hi, valid),
        _nullable("hash_lo", hash_lo, valid), pl.Series("nik_enc", nik_enc),
        nik.alias("nik_number"), birth_date.alias("birth_date"), sex="sx", desil=desil,
        outcome=pl.Series(codes), reason_mask=pl.Series(reason),
        flag_mask=pl.Series(flag),
        duplicate_of=pl.when(pl.Series(is_duplicate)).then(pl.Series(duplicate_of)),
        participant_known=pl.Series(participant_known),
        participant_active=pl.Series(participant_active),
        is_deceased=pl.Series(is_deceased))
    if conflict_region is not None:
        narrow = narrow.with_columns(conflict_region=conflict_region)
    return narrow, conflict_region is not None, bool(blanks.any()), counts, masks, nonce


def match_list(*, list_path: Path, config: MatchConfig, out_path: Path,
               mapping: dict[str, str] | None = None,
               participants: Path | list[Path] | None = None,
               deceased: Path | None = None, others: list[Path] = (),
               progress: Callable[[int, str], None] | None = None,
               cancelled: Callable[[], bool] | None = None, layout: Layout = PLAIN,
               deceased_column: str = "nik", deceased_layout: Layout = PLAIN) -> MatchResult:
    """Validate and match one list; write the results to ``out_path`` (Parquet) atomically
    (two passes over the CSV, see the module's docstring). ``participants``: the participant
    data to match against (a Parquet file, or one per region). ``layout``: the list's
    delimiter and header row; the deceased list's NIK column and layout likewise."""
    started = time.perf_counter()
    if isinstance(participants, (str, Path)):
        participants = [Path(participants)]
    participants = list(participants or [])
    mapping = mapping or {c: c for c in LIST_COLUMNS}
    workdir = out_path.parent / f".run-{uuid.uuid4().hex}"
    workdir.mkdir(parents=True)

    def step(percent: int, label: str) -> None:
        if cancelled and cancelled():
            raise Cancelled
        if progress:
            progress(percent, label)

    pool = ThreadPoolExecutor(max_workers=2)
    try:
        # what does not depend on the list is made while the list is read
        tables = pool.submit(_nik_tables, config.region_code, int(config.year))
        lookups = pool.submit(_lookups, config.hash_key, participants, deceased, list(others),
                              deceased_column, deceased_layout)
        step(2, "read")
        sources = _sources(mapping, LIST_COLUMNS)
        narrow, conflicts, any_blank, counts, masks, nonce = _narrow(
            list_path, sources, config, pool, tables, lookups, step, layout)
        del tables, lookups
        # the second pass: the text columns beside the narrow results, row for row
        text, _ = _scan(list_path, sources, TEXT, row_index=False, layout=layout)
        text = text.rename({"birth_date": "birth_date_text"})
        result = pl.concat([narrow.lazy(), text], how="horizontal")
        if any_blank:
            result = result.filter(~pl.col("blank"))
        # the village is checked here, where its column is read anyway (flags do not bear on
        # duplicates)
        village = pl.col("village_code")
        village_bit = pl.lit(1 << FLAG_BITS.index("village_unknown"), dtype=pl.Int32)
        result = result.with_columns(flag_mask=pl.col("flag_mask") | pl.when(
            village.is_not_null() & ~village.str.strip_chars().is_in(_reference()[2]))
            .then(village_bit).otherwise(pl.lit(0, dtype=pl.Int32)))
        written = result.select(
            "row_no", "hash_hi", "hash_lo", "nik_enc",
            nik_masked=_masked(pl.col("nik_number")),
            birth_date="birth_date", sex="sex", desil="desil",
            outcome=pl.lit(pl.Series(OUTCOMES)).gather(pl.col("outcome")),  # by its index
            reason_mask="reason_mask", flag_mask="flag_mask", duplicate_of="duplicate_of",
            conflict_region=pl.col("conflict_region") if conflicts
            else pl.lit(None, dtype=pl.String),
            participant_known="participant_known",
            participant_active="participant_active", is_deceased="is_deceased",
            name="name", birth_date_text="birth_date_text", village_code="village_code",
            occupation="occupation", category="category", phone="phone", source="source")
        tmp = workdir / "result.parquet"
        _, villages = pl.collect_all([
            written.sink_parquet(tmp, compression="lz4", row_group_size=250_000, lazy=True),
            result.select(((pl.col("flag_mask") & village_bit) > 0).sum())], engine="streaming")
        masks["flag_village_unknown"] = villages.item()
        del narrow, result, written
        if cancelled and cancelled():
            raise Cancelled
        out_path.parent.mkdir(parents=True, exist_ok=True)
        os.replace(tmp, out_path)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        shutil.rmtree(workdir, ignore_errors=True)
    result_counts = {outcome: int(counts.get(outcome, 0)) for outcome in OUTCOMES}
    result_counts["total"] = sum(result_counts.values())
    return MatchResult(
        counts=result_counts,
        flags={c: int(masks["flag_" + c]) for c in FLAG_BITS if masks["flag_" + c]},
        reasons={c: int(masks[c]) for c in REASON_BITS if masks[c]},
        seconds=time.perf_counter() - started, path=out_path, nonce=nonce.hex())


def _keystream(rows: np.ndarray, *, key: bytes, nonce: bytes) -> np.ndarray:
    """AES-256 in counter mode, one counter block per row (the 8-byte nonce and the row's line
    number), 8 bytes of each block used: any row decrypts on its own. Rows with consecutive
    line numbers (a whole run) are one CTR stream from the first: the same blocks."""
    rows = np.asarray(rows, dtype=np.uint64)
    n = len(rows)
    # strictly increasing and spanning n numbers: consecutive
    if n and rows[0] < 2**63 and int(rows[-1]) - int(rows[0]) == n - 1 \
            and bool(np.all(rows[1:] > rows[:-1])):
        return _aes(0, 0, key, n, counter=nonce + int(rows[0]).to_bytes(8, "big"))[0]
    return _aes(int.from_bytes(nonce, "big"), rows, key, n)[0]


def encrypt_niks(numbers: np.ndarray, rows: np.ndarray, *, key: bytes,
                 nonce: bytes) -> np.ndarray:
    """NIKs as unsigned 64-bit integers XOR the row's keystream (the same call decrypts)."""
    return np.bitwise_xor(np.asarray(numbers, dtype=np.uint64),
                          _keystream(rows, key=key, nonce=nonce))


def decrypt_niks(encrypted, rows, *, key: bytes, nonce: bytes) -> list[str]:
    plain = encrypt_niks(np.asarray(encrypted, dtype=np.uint64), np.asarray(rows), key=key,
                         nonce=nonce)
    return [f"{int(value):016d}" for value in plain]


# --- a NIK column stored as numbers -------------------------------------------------------------
# Excel keeps 15 significant digits: a NIK typed into a number cell has already lost its last
# digit (5203011506900001 becomes 5203011506900000) and is somebody else's NIK, or shows as
# 5,20301E+15. A workbook's number cells are seen as such when it is converted; a CSV saved from
# such a column shows it in its values: a number in scientific notation or with decimals, or
# NIKs that all end in 0.
NUMBER_WRITTEN = r"^\d+(?:[.,]\d+)?[eE][+-]?\d+$|^\d+[.,]0+$"
ZEROS_NEEDED = 5  # sixteen-digit NIKs that all end in 0: by chance once in 10⁵ lists


def nik_number_row(path: Path, column: str, layout: Layout = PLAIN) -> int | None:
    """The first row of the CSV whose value in ``column`` shows that the column was stored as
    numbers (see above), or None. One pass over that column only."""
    lf, _ = _scan(path, {column: "nik"}, ["nik"], layout=layout)
    value = pl.col("nik").str.strip_chars()
    sixteen = value.str.contains(r"^\d{16}$")
    written, zeros = pl.collect_all([
        lf.filter(value.str.contains(NUMBER_WRITTEN)).select(pl.col("row_no").min()),
        lf.filter(sixteen).select(
            count=pl.len(), ending=value.str.ends_with("0").sum(),
            first=pl.col("row_no").min())], engine="streaming")
    if written.item() is not None:
        return int(written.item())
    count, ending, first = zeros.row(0)
    if count >= ZEROS_NEEDED and ending == count:
        return int(first)
    return None
