"""Validation and matching of beneficiary lists of millions of rows (DESIGN §5, §7).

The whole list is read, checked and matched column by column (Polars, streaming, and numpy
arrays), never row by row through the ORM; the relational database keeps only a run's record
and counts. A run writes one Parquet file of results to a fresh directory and renames it into
place at the end, so a run that dies midway leaves the previous results as they were.

Out of core, in two halves (decisions 190–199, docs/scale.md):
- row-local (``engine_rows.row_results``): the list is read a chunk at a time, as many rows as
  the memory limit allows (``UCJ_REGISTRY_MEMORY_LIMIT``); each chunk's checks, pseudonyms and
  NIK cipher are done and its results written to a file of its own, and only narrow arrays of
  every row are kept, on disk until the list is read (line number, NIK as a number, three
  flags: 15 bytes a row);
- cross-row (``engine_join.across``): duplicates, the matches and the outcome, on those arrays;
  then the result file is written a chunk at a time, each chunk's row-local results beside its
  rows' cross-row results.
``ucj.registry.spark`` runs the same on Apache Spark beyond one machine, with the same
row-local code: the same results, row for row.

NIKs at rest: a keyed 128-bit hash (``nik_hash``) for matching across lists and participant
files, and the NIK itself encrypted (AES-256-CTR under a per-run nonce, ``nik_enc``) for the
registration export; the raw NIK never reaches the result file, the database or a log.
"""
from __future__ import annotations

import os
import re
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
from django.conf import settings

from ucj.registry.cipher import encrypt_niks, pseudonyms
from ucj.registry.engine_join import OUTCOMES, Across, _lookups, across
from ucj.registry.engine_rows import (
    LIST_COLUMNS,
    PLAIN,
    ROW_SCHEMA,
    Layout,
    RowRules,
    _iso_dates,
    _scan,
    _sixteen_digits,
    _sources,
    nik_numbers,
    row_results,
    text_dates,
)
from ucj.registry.rules import FLAG_BITS, REASON_BITS

# The columns a list must have (its standard columns: LIST_COLUMNS), and those of a BPJS
# participant file.
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


def pseudonym_hex(hi: int, lo: int) -> str:
    """The stored form of a pseudonym: both halves as 20 decimal digits each (sortable text)."""
    return f"{int(hi):020d}{int(lo):020d}"


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


# --- matching a list, embedded ---------------------------------------------------------------
# The columns of a run's result file, in order.
RESULT_COLUMNS = ["row_no", "hash_hi", "hash_lo", "nik_enc", "nik_masked", "birth_date", "sex",
                  "desil", "outcome", "reason_mask", "flag_mask", "duplicate_of",
                  "conflict_region", "participant_known", "participant_active", "is_deceased",
                  "name", "birth_date_text", "village_code", "occupation", "category", "phone",
                  "source"]
# Memory of one row of a chunk in the row-local work (its text, parses and temporaries), and
# what a run holds besides the chunk (the interpreter and libraries, the CSV reader's buffers,
# ~600 MB): measured on 20 M rows (docs/scale.md). The cross-row half comes after the list is
# read: 15 bytes a row and ~20 a participant.
CHUNK_ROW_BYTES = 1_500
FIXED_BYTES = 700 * 2**20
CHUNK_ROWS = (50_000, 2_000_000)
UNITS = {"": 1, "B": 1, "KB": 2**10, "KIB": 2**10, "MB": 2**20, "MIB": 2**20, "GB": 2**30,
         "GIB": 2**30, "TB": 2**40, "TIB": 2**40}


def memory_bytes(text: str) -> int:
    """A memory size as written in the settings ("1.5GB", "800MB", "2 GiB", bytes) in bytes;
    ValueError when it is none."""
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]*)\s*", str(text))
    if not match or match.group(2).upper() not in UNITS:
        raise ValueError(f"not a memory size: {text!r}")
    return int(float(match.group(1)) * UNITS[match.group(2).upper()])


def chunk_rows(memory_limit: str) -> int:
    """The rows read and checked at a time under ``memory_limit`` (UCJ_REGISTRY_MEMORY_LIMIT)."""
    spare = max(memory_bytes(memory_limit) - FIXED_BYTES, 0)
    return int(min(max(spare // CHUNK_ROW_BYTES, CHUNK_ROWS[0]), CHUNK_ROWS[1]))


NARROW = {"rows": np.uint32, "numbers": np.uint64, "valid": np.bool_, "clean": np.bool_,
          "invalid": np.bool_}


@dataclass
class _Rows:
    """A list's rows (blank lines aside) gathered chunk by chunk, all on disk until the
    row pass is over: the files of the row-local results, one a chunk, in the list's order, and
    each chunk's narrow arrays (``NARROW``); the counts by reason and flag."""
    workdir: Path
    parts: list[Path] = field(default_factory=list)
    heights: list[int] = field(default_factory=list)
    masks: dict[str, int] = field(default_factory=dict)

    def add(self, done: pl.DataFrame) -> None:
        part = self.workdir / f"rows-{len(self.parts):05d}.parquet"
        done.write_parquet(part, compression="lz4")
        self.parts.append(part)
        self.heights.append(done.height)
        reason, flag = done["reason_mask"].to_numpy(), done["flag_mask"].to_numpy()
        for name, values in (("rows", done["row_no"].to_numpy()),
                             ("numbers", done["nik_number"].fill_null(0).to_numpy()),
                             ("valid", done["nik_number"].is_not_null().to_numpy()),
                             ("clean", done["clean"].to_numpy()), ("invalid", reason > 0)):
            np.save(part.with_suffix(f".{name}.npy"), values.astype(NARROW[name], copy=False))
        for prefix, bits, mask in (("", REASON_BITS, reason), ("flag_", FLAG_BITS, flag)):
            for i, code in enumerate(bits):
                self.masks[prefix + code] = (self.masks.get(prefix + code, 0)
                                             + int(np.count_nonzero(mask & (1 << i))))

    def joined(self, name: str) -> np.ndarray:
        """One of the narrow arrays of the whole list, read into one array (no copy of it
        besides)."""
        out = np.empty(sum(self.heights), dtype=NARROW[name])
        start = 0
        for part, height in zip(self.parts, self.heights, strict=True):
            piece = part.with_suffix(f".{name}.npy")
            out[start:start + height] = np.load(piece)
            piece.unlink()
            start += height
        return out


def _row_pass(lf: pl.LazyFrame, rules: RowRules, workdir: Path, rows_per_chunk: int,
              step: Callable[[int, str], None], pool: ThreadPoolExecutor) -> _Rows:
    """The list read a chunk at a time, each chunk's row-local results written to a file of
    its own and its narrow arrays kept."""
    gathered = _Rows(workdir)
    step(30, "validate")
    for i, chunk in enumerate(lf.collect_batches(chunk_size=rows_per_chunk)):
        if i:
            step(min(30 + i, 49), "validate")
        gathered.add(row_results(chunk, rules, pool))
    return gathered


def _write_result(parts: list[Path], result: Across, tmp: Path) -> None:
    """The result file: the chunks' row-local results, streamed from their files, beside the
    cross-row results of every row (narrow, in memory), row for row."""
    if not parts:  # no row at all
        pl.DataFrame(schema=RESULT_SCHEMA).write_parquet(tmp, compression="lz4")
        return
    across_rows = pl.DataFrame([
        pl.Series("outcome_code", result.codes), result.duplicate_of,
        pl.Series("participant_known", result.participant_known),
        pl.Series("participant_active", result.participant_active),
        pl.Series("is_deceased", result.is_deceased),
        result.conflict_region if result.conflict_region is not None
        else pl.repeat(None, len(result.codes), dtype=pl.String, eager=True)
        .alias("conflict_region")])
    rows = pl.scan_parquet(parts)
    pl.concat([rows, across_rows.lazy()], how="horizontal").with_columns(
        outcome=pl.lit(pl.Series(OUTCOMES)).gather(pl.col("outcome_code"))  # by its index
    ).select(RESULT_COLUMNS).sink_parquet(tmp, compression="lz4", row_group_size=250_000)


RESULT_SCHEMA = {name: ROW_SCHEMA.get(name, pl.Boolean) for name in RESULT_COLUMNS} | {
    "outcome": pl.String, "duplicate_of": pl.UInt32, "conflict_region": pl.String}


def match_list(*, list_path: Path, config: MatchConfig, out_path: Path,
               mapping: dict[str, str] | None = None,
               participants: Path | list[Path] | None = None,
               deceased: Path | None = None, others: list[Path] = (),
               progress: Callable[[int, str], None] | None = None,
               cancelled: Callable[[], bool] | None = None, layout: Layout = PLAIN,
               deceased_column: str = "nik", deceased_layout: Layout = PLAIN) -> MatchResult:
    """Validate and match one list; write the results to ``out_path`` (Parquet) atomically.
    Out of core: the list is read and checked a chunk at a time (as many rows as
    ``config.memory_limit`` allows), the row-local results go to disk, and only narrow arrays
    of every row are kept for the cross-row work (see the module's docstring).
    ``participants``: the participant data to match against (a Parquet file, or one per
    region). ``layout``: the list's delimiter and header row; the deceased list's NIK column
    and layout likewise."""
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
        step(2, "read")
        nonce = os.urandom(8)
        lf, _ = _scan(list_path, _sources(mapping, LIST_COLUMNS), LIST_COLUMNS, layout=layout)
        gathered = _row_pass(lf, RowRules.of(config, nonce), workdir,
                             chunk_rows(config.memory_limit), step, pool)
        step(50, "duplicates")
        # what the rows are matched against, read after the list, not beside it: the memory
        # of the two does not add up
        lookups = _lookups(config.hash_key, participants, deceased, list(others),
                           deceased_column, deceased_layout)
        arrays = {name: gathered.joined(name) for name in NARROW}
        result = across(**arrays, lookups=lookups)
        del arrays, lookups
        step(82, "write")
        tmp = workdir / "result.parquet"
        _write_result(gathered.parts, result, tmp)
        counts = np.bincount(result.codes, minlength=len(OUTCOMES))
        del result
        if cancelled and cancelled():
            raise Cancelled
        out_path.parent.mkdir(parents=True, exist_ok=True)
        os.replace(tmp, out_path)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        shutil.rmtree(workdir, ignore_errors=True)
    return _result(dict(zip(OUTCOMES, counts, strict=True)), gathered.masks,
                   time.perf_counter() - started, out_path, nonce)


def _result(counts: dict, masks: dict, seconds: float, path: Path, nonce: bytes) -> MatchResult:
    """A run's summary from its counts by outcome and by reason and flag."""
    result_counts = {outcome: int(counts.get(outcome, 0)) for outcome in OUTCOMES}
    result_counts["total"] = sum(result_counts.values())
    return MatchResult(
        counts=result_counts,
        flags={c: int(masks["flag_" + c]) for c in FLAG_BITS if masks.get("flag_" + c)},
        reasons={c: int(masks[c]) for c in REASON_BITS if masks.get(c)},
        seconds=seconds, path=path, nonce=nonce.hex())


def birth_dates(values: pl.Series) -> pl.Series:
    """A column of birth dates as text → dates (null where blank or not a date), as a run reads
    them: ``_iso_dates`` first, ``text_dates`` for the rest."""
    fast = values.to_frame("v").select(_iso_dates(pl.col("v"))).to_series()
    slow, _blank = text_dates(values.filter(fast.is_null()))
    return fast.scatter(np.flatnonzero(fast.is_null().to_numpy()), slow) if len(slow) else fast


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
