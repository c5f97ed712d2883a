"""Validation and matching of beneficiary lists of millions of rows, in DuckDB (DESIGN §5, §7).

The whole list is read, checked and matched in SQL, column by column, never row by row through
the ORM; the relational database keeps only a run's record and counts. A run writes one Parquet
file of results to a fresh directory and renames it into place at the end, so a run that dies
midway leaves the previous results as they were.

NIKs at rest: a keyed 128-bit hash (``nik_hash``) for matching across lists and participant
files, and the NIK itself encrypted (AES-256-CTR under a per-run nonce, ``nik_enc``) for the
registration export; the raw NIK never reaches the result file, the database or a log.
"""

from __future__ import annotations

import json
import os
import shutil
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import numpy as np
import polars as pl
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from django.conf import settings

REFERENCE = settings.BASE_DIR / "data" / "reference"

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
    return bytes.fromhex(settings.UCJ_NIK_HASH_KEY)


def cipher_key() -> bytes:
    return bytes.fromhex(settings.UCJ_NIK_CIPHER_KEY)


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


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


def _scan(path: Path, mapping: dict[str, str], wanted: list[str],
          row_index: bool = True) -> tuple[pl.LazyFrame, pl.Expr]:
    """A CSV, lazily, as text columns named as ``wanted`` (missing ones empty), with the file's
    line number of each row (the header is line 1) as ``row_no``; and the condition of a blank
    line, which is not a row (its line number is kept by the others)."""
    sources = {mapping[c]: c for c in wanted if mapping.get(c)}
    lf = pl.scan_csv(path, infer_schema=False, truncate_ragged_lines=True, encoding="utf8-lossy",
                     row_index_name="row_no" if row_index else None, row_index_offset=2)
    lf = lf.select([*(["row_no"] if row_index else []), *sources]).rename(sources)
    missing = [pl.lit(None, dtype=pl.String).alias(c) for c in wanted if c not in sources.values()]
    if missing:
        lf = lf.with_columns(missing)
    blank = pl.all_horizontal([pl.col(c).is_null() for c in sources.values()]) if sources \
        else pl.lit(True)
    return lf.select([*(["row_no"] if row_index else []), *wanted]), blank


REASON_BITS = ["nik_missing", "nik_format", "nik_area_unknown", "nik_district_unknown",
               "nik_date_invalid", "nik_serial_zero", "name_missing", "birth_date_missing",
               "birth_date_invalid", "nik_birth_date_mismatch", "sex_missing", "sex_invalid",
               "nik_sex_mismatch", "age_out_of_range", "desil_invalid"]
FLAG_BITS = ["outside_province", "other_regency", "village_unknown"]


def reason_codes(mask: int, bits: list[str] = REASON_BITS) -> list[str]:
    return [code for i, code in enumerate(bits) if mask >> i & 1]


def _bits(conditions: dict[str, pl.Expr], order: list[str]) -> pl.Expr:
    return pl.sum_horizontal([conditions[code].fill_null(False).cast(pl.Int32) * (1 << i)
                              for i, code in enumerate(order)]).cast(pl.Int32)


def clean_nik(column: str = "nik") -> pl.Expr:
    """Spaces, dots and dashes out (DESIGN §5)."""
    return pl.col(column).fill_null("").str.replace_all(r"[\s.\-]", "")


def pseudonyms(numbers: np.ndarray, key: bytes) -> tuple[np.ndarray, np.ndarray]:
    """The keyed pseudonym of NIKs given as unsigned 64-bit integers: AES-256 of the NIK under
    the hash key (a keyed permutation: only the key holder can compute or invert it), as two
    64-bit halves."""
    blocks = np.zeros((len(numbers), 2), dtype=">u8")
    blocks[:, 1] = numbers
    cipher = Cipher(algorithms.AES(key), modes.ECB()).encryptor()
    out = np.frombuffer(cipher.update(blocks.tobytes()) + cipher.finalize(), dtype=">u8")
    out = out.reshape(-1, 2)
    return out[:, 0].astype(np.uint64), out[:, 1].astype(np.uint64)


def nik_numbers(column: str = "nik") -> pl.Expr:
    """The cleaned NIK as a 64-bit integer when it is exactly 16 digits, else null (the cast
    alone would take a leading "+")."""
    cleaned = clean_nik(column)
    return (pl.when((cleaned.str.len_bytes() == 16) & ~cleaned.str.starts_with("+"))
            .then(cleaned).cast(pl.UInt64, strict=False))


def load_participants(*, csv_path: Path, out_path: Path, key: bytes,
                      mapping: dict[str, str] | None = None) -> dict[str, int]:
    """A BPJS participant file (nik, status aktif/nonaktif, segment, region_code,
    last_paid_month YYYY-MM) → Parquet keyed by the NIK's hash, without the NIK."""
    mapping = mapping or {c: c for c in PARTICIPANT_COLUMNS}
    lf, blank = _scan(csv_path, mapping, PARTICIPANT_COLUMNS, row_index=False)
    df = lf.filter(~blank).select(
        nik_number=nik_numbers(),
        active=pl.col("status").str.strip_chars().str.to_lowercase()
        .is_in(["aktif", "active", "1", "ya"]),
        segment=pl.col("segment").str.strip_chars().str.to_uppercase(),
        region_code=pl.col("region_code").str.strip_chars(),
        last_paid_month=pl.col("last_paid_month").str.strip_chars()
        .str.strptime(pl.Date, "%Y-%m", strict=False)).collect(engine="streaming")
    rows = df.height
    df = df.filter(pl.col("nik_number").is_not_null())
    hi, lo = pseudonyms(df["nik_number"].to_numpy(), key)
    table = df.select(pl.Series("hash_hi", hi), pl.Series("hash_lo", lo), "active", "segment",
                      "region_code", "last_paid_month")
    del df
    tmp = out_path.with_suffix(".tmp")
    out_path.parent.mkdir(parents=True, exist_ok=True)
    table.write_parquet(tmp, compression="lz4")
    os.replace(tmp, out_path)
    return {"rows": rows, "participants": table.height,
            "active": int(table["active"].sum()), "unreadable": rows - table.height}


def _reference() -> tuple[list[str], list[str], list[str]]:
    """(regency codes of Indonesia as 4 digits, the province's district codes as 6 digits,
    the region master's district and village codes)."""
    national = pl.read_csv(REFERENCE / "id_kabkota.csv", infer_schema=False)
    master = pl.read_csv(REFERENCE / "ntb_wilayah.csv", infer_schema=False)
    areas = national.filter(pl.col("level") == "regency")["code"].str.replace_all(".", "",
                                                                                  literal=True)
    districts = master.filter(pl.col("level") == "district")["code"]
    places = master.filter(pl.col("level").is_in(["district", "village"]))["code"]
    return (areas.to_list(), districts.str.replace_all(".", "", literal=True).to_list(),
            places.to_list())


def _validate(df: pl.LazyFrame, config: MatchConfig) -> pl.LazyFrame:
    """Every rule of DESIGN §5 as column arithmetic on the NIK as a 64-bit integer: reason and
    flag bit masks per row (``REASON_BITS``, ``FLAG_BITS``)."""
    areas, districts, places = _reference()
    province = int(config.region_code.split(".")[0])
    regency = config.region_code.replace(".", "")
    year = int(config.year)
    df = df.with_columns(
        nik_number=nik_numbers(),
        nik_missing=pl.col("nik").fill_null("").str.strip_chars() == "",
        sx=pl.col("sex").str.strip_chars().str.to_uppercase(),
        birth_date_value=pl.col("birth_date").str.strip_chars()
        .str.strptime(pl.Date, "%Y-%m-%d", strict=False),
        desil_value=pl.col("desil").str.strip_chars().cast(pl.Int32, strict=False),
    )
    nik = pl.col("nik_number").cast(pl.Int64)
    fmt = pl.col("nik_number").is_not_null()
    dd = (nik // 10**8 % 100).cast(pl.Int32)
    mm = (nik // 10**6 % 100).cast(pl.Int32)
    yy = (nik // 10**4 % 100).cast(pl.Int32)
    day = pl.when(dd > 40).then(dd - 40).otherwise(dd)
    born_year = pl.when(2000 + yy > year).then(1900 + yy).otherwise(2000 + yy)
    leap = (born_year % 4 == 0) & ((born_year % 100 != 0) | (born_year % 400 == 0))
    month_days = (pl.when(mm.is_in([4, 6, 9, 11])).then(30)
                  .when(mm == 2).then(pl.when(leap).then(29).otherwise(28)).otherwise(31))
    date_ok = fmt & mm.is_between(1, 12) & (day >= 1) & (day <= month_days)
    df = df.with_columns(
        nik_date=pl.when(date_ok).then(born_year * 10000 + mm * 100 + day),
        nik_female=dd > 40,
        area4=(nik // 10**12).cast(pl.Int32),
        area6=(nik // 10**10).cast(pl.Int32),
        serial=(nik % 10**4).cast(pl.Int32),
    )
    stated = pl.col("birth_date_value")
    stated_int = stated.dt.year() * 10000 + stated.dt.month().cast(pl.Int32) * 100 \
        + stated.dt.day().cast(pl.Int32)
    born = pl.coalesce("nik_date", stated_int)
    # completed years on 1 January of the list's year
    age = year - born // 10000 - pl.when(born % 10000 > 101).then(1).otherwise(0)
    bd_text = pl.col("birth_date").fill_null("").str.strip_chars()
    sex_ok = pl.col("sx").is_in(["L", "P"])
    area_known = pl.col("area4").is_in([int(a) for a in areas])
    in_province = pl.col("area4") // 100 == province
    reasons = {
        "nik_missing": pl.col("nik_missing"),
        "nik_format": ~pl.col("nik_missing") & ~fmt,
        "nik_area_unknown": fmt & ~area_known,
        "nik_district_unknown": fmt & area_known & in_province
        & ~pl.col("area6").is_in([int(d) for d in districts]),
        "nik_date_invalid": fmt & pl.col("nik_date").is_null(),
        "nik_serial_zero": fmt & (pl.col("serial") == 0),
        "name_missing": pl.col("name").fill_null("").str.strip_chars() == "",
        "birth_date_missing": bd_text == "",
        "birth_date_invalid": (bd_text != "") & stated.is_null(),
        "nik_birth_date_mismatch": (pl.col("nik_date") != stated_int).fill_null(False),
        "sex_missing": pl.col("sx").fill_null("") == "",
        "sex_invalid": (pl.col("sx").fill_null("") != "") & ~sex_ok,
        "nik_sex_mismatch": (fmt & sex_ok
                             & ((pl.col("sx") == "P") != pl.col("nik_female"))).fill_null(False),
        "age_out_of_range": ((age < config.min_age) | (age > config.max_age)).fill_null(False),
        "desil_invalid": (pl.col("desil").fill_null("").str.strip_chars() != "")
        & ~pl.col("desil_value").is_between(1, 10).fill_null(False),
    }
    flags = {
        "outside_province": fmt & ~in_province,
        "other_regency": fmt & in_province & pl.lit(len(regency) == 4)
        & (pl.col("area4") != (int(regency) if len(regency) == 4 else -1)),
        "village_unknown": pl.col("village_code").is_not_null()
        & ~pl.col("village_code").str.strip_chars().is_in(places),
    }
    df = df.with_columns(reason_mask=_bits(reasons, REASON_BITS),
                         flag_mask=_bits(flags, FLAG_BITS))
    return df.drop("nik", "nik_missing", "sex", "desil", "nik_date", "nik_female", "area4",
                   "area6", "serial")


def _pseudonym_numbers(paths: list[Path], key: bytes, columns: list[str]) -> pl.DataFrame:
    """Parquet files keyed by pseudonyms (hash_hi, hash_lo) as ``nik_number`` and ``columns``."""
    frame = pl.concat([pl.read_parquet(p, columns=["hash_hi", "hash_lo", *columns])
                       for p in paths]).drop_nulls(["hash_hi", "hash_lo"])
    blocks = np.empty((frame.height, 2), dtype=">u8")
    blocks[:, 0] = frame["hash_hi"].to_numpy()
    blocks[:, 1] = frame["hash_lo"].to_numpy()
    cipher = Cipher(algorithms.AES(key), modes.ECB()).decryptor()
    plain = np.frombuffer(cipher.update(blocks.tobytes()) + cipher.finalize(), dtype=">u8")
    plain = plain.reshape(-1, 2)
    del blocks
    # a pseudonym made under another key decrypts to a block whose upper half is not zero: it
    # matches no NIK here (AES is a permutation: equal numbers ⇔ equal pseudonyms)
    return frame.select(columns).with_columns(
        nik_number=pl.Series(plain[:, 1].astype(np.uint64)),
        ours=pl.Series(plain[:, 0] == 0)).filter("ours").drop("ours")


def _outcome_text(code: pl.Expr) -> pl.Expr:
    """The outcome of its index in ``OUTCOMES`` (when/then: elementwise, so it streams, which
    ``replace_strict`` does not)."""
    text = pl.when(code == 0).then(pl.lit(OUTCOMES[0]))
    for i, outcome in enumerate(OUTCOMES[1:-1], start=1):
        text = text.when(code == i).then(pl.lit(outcome))
    return text.otherwise(pl.lit(OUTCOMES[-1]))


def _member(numbers: pl.Series, valid: np.ndarray, values: pl.Series) -> np.ndarray:
    """Which of ``numbers`` (where ``valid``) are among ``values``."""
    if values.is_empty():
        return np.zeros(len(numbers), dtype=bool)
    found = numbers.is_in(values.unique().implode()).fill_null(False).to_numpy()
    return found & valid


def _duplicates(numbers: np.ndarray, clean: np.ndarray, rows: np.ndarray) -> tuple[np.ndarray,
                                                                                    np.ndarray]:
    """Among the ``clean`` rows, those whose NIK an earlier clean row has: (their positions, the
    first row's line number)."""
    where = np.flatnonzero(clean)
    values = numbers[where]
    ordered = np.sort(values)
    repeated = ordered[1:][ordered[1:] == ordered[:-1]]
    if not len(repeated):
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=rows.dtype)
    # only the rows of a repeated NIK (few), stably sorted by NIK: each run's first is its
    # earliest row
    candidates = where[pl.Series(values).is_in(pl.Series(np.unique(repeated)).implode())
                       .to_numpy()]
    candidates = candidates[np.argsort(numbers[candidates], kind="stable")]
    keys = numbers[candidates]
    starts = np.concatenate(([True], keys[1:] != keys[:-1]))
    first = candidates[np.flatnonzero(starts)][np.cumsum(starts) - 1]
    later = ~starts
    return candidates[later], rows[first[later]]


def match_list(*, list_path: Path, config: MatchConfig, out_path: Path,
               mapping: dict[str, str] | None = None, participants: Path | None = None,
               deceased: Path | None = None, others: list[Path] = (),
               progress: Callable[[int, str], None] | None = None,
               cancelled: Callable[[], bool] | None = None) -> MatchResult:
    """Validate and match one list; write the results to ``out_path`` (Parquet) atomically.

    Two streaming passes over the CSV: the first keeps only the narrow columns (line number,
    the NIK as a number, the checked values and the bit masks); duplicates, pseudonyms, matches
    and the NIK cipher are array work on those; the second pass reads the person's text
    columns again and writes them beside the narrow results, chunk by chunk, so the wide text
    is never all in memory."""
    started = time.perf_counter()
    mapping = mapping or {c: c for c in LIST_COLUMNS}
    workdir = out_path.parent / f".run-{uuid.uuid4().hex}"
    workdir.mkdir(parents=True)

    def step(percent: int, label: str) -> None:
        if cancelled and cancelled():
            raise Cancelled
        if progress:
            progress(percent, label)

    try:
        step(2, "read")
        lf, blank = _scan(list_path, mapping, LIST_COLUMNS)
        k = _validate(lf.with_columns(blank=blank), config).select(
            "row_no", "blank", "nik_number", "sx", "birth_date_value", "desil_value",
            "reason_mask", "flag_mask").collect(engine="streaming")
        step(30, "validate")
        n = k.height
        rows = k["row_no"].to_numpy()
        nik = k["nik_number"]
        valid = nik.is_not_null().to_numpy()
        numbers = nik.fill_null(0).to_numpy()
        reason = k["reason_mask"].to_numpy()
        blanks = k["blank"].to_numpy()
        step(50, "duplicates")
        # among the rows without errors: an invalid copy does not knock out a valid one (a
        # blank line has no NIK: never clean)
        later, first_rows = _duplicates(numbers, valid & (reason == 0), rows)
        is_duplicate = np.zeros(n, dtype=bool)
        is_duplicate[later] = True
        duplicate_of = np.zeros(n, dtype=rows.dtype)
        duplicate_of[later] = first_rows
        step(60, "match")
        hash_hi, hash_lo = pseudonyms(numbers, config.hash_key)
        if participants:
            part = _pseudonym_numbers([participants], config.hash_key, ["active"])
            participant_known = _member(nik, valid, part["nik_number"])
            participant_active = _member(nik, valid,
                                         part.filter("active")["nik_number"])
            del part
        else:
            participant_known = participant_active = np.zeros(n, dtype=bool)
        if deceased:
            dead = (pl.scan_csv(deceased, infer_schema=False).select(nik_numbers())
                    .collect(engine="streaming").to_series().drop_nulls())
            is_deceased = _member(nik, valid, dead)
        else:
            is_deceased = np.zeros(n, dtype=bool)
        if others:
            other = (_pseudonym_numbers(list(others), config.hash_key, ["region_code"])
                     .group_by("nik_number").agg(conflict_region=pl.col("region_code").min()))
            conflict_region = (k.select("nik_number")
                               .join(other, on="nik_number", how="left", maintain_order="left")
                               ["conflict_region"])
        else:
            conflict_region = pl.repeat(None, n, dtype=pl.String, eager=True)
        step(75, "encrypt")
        nonce = os.urandom(8)
        nik_enc = encrypt_niks(numbers, rows, key=config.cipher_key, nonce=nonce)
        step(82, "write")
        # the outcome, by precedence: the first that applies
        codes = np.full(n, OUTCOMES.index("eligible"), dtype=np.uint8)
        codes[conflict_region.is_not_null().to_numpy()] = OUTCOMES.index("conflict")
        codes[participant_active] = OUTCOMES.index("already_active")
        codes[is_deceased] = OUTCOMES.index("deceased")
        codes[is_duplicate] = OUTCOMES.index("duplicate")
        codes[reason > 0] = OUTCOMES.index("invalid")
        flag = k["flag_mask"].to_numpy()
        kept = ~blanks if blanks.any() else slice(None)
        counts = dict(zip(OUTCOMES, np.bincount(codes[kept], minlength=len(OUTCOMES)), strict=True))
        masks = {code: np.count_nonzero(reason[kept] & (1 << i))
                 for i, code in enumerate(REASON_BITS)}
        masks |= {"flag_" + code: np.count_nonzero(flag[kept] & (1 << i))
                  for i, code in enumerate(FLAG_BITS)}
        narrow = k.select(
            "row_no", "blank",
            pl.when(pl.Series(valid)).then(pl.Series(hash_hi)).alias("hash_hi"),
            pl.when(pl.Series(valid)).then(pl.Series(hash_lo)).alias("hash_lo"),
            pl.Series("nik_enc", nik_enc), "nik_number",
            birth_date="birth_date_value", sex="sx", desil="desil_value",
            outcome_code=pl.Series(codes), reason_mask="reason_mask", flag_mask="flag_mask",
            duplicate_of=pl.when(pl.Series(is_duplicate)).then(pl.Series(duplicate_of)),
            conflict_region=conflict_region,
            participant_known=pl.Series(participant_known),
            participant_active=pl.Series(participant_active),
            is_deceased=pl.Series(is_deceased))
        del k, nik, numbers, hash_hi, hash_lo, nik_enc, codes, duplicate_of, conflict_region
        # the second pass: the text columns beside the narrow results, row for row
        text, _ = _scan(list_path, mapping, LIST_COLUMNS, row_index=False)
        text = text.select(pl.exclude("nik", "sex", "desil")) \
            .rename({"birth_date": "birth_date_text"})
        result = pl.concat([narrow.lazy(), text], how="horizontal")
        if blanks.any():
            result = result.filter(~pl.col("blank"))
        valid_nik = pl.col("nik_number").is_not_null()
        result = result.select(
            "row_no", "hash_hi", "hash_lo", "nik_enc",
            nik_masked=pl.when(valid_nik).then(
                (pl.col("nik_number") // 10**12).cast(pl.String) + "********"
                + (pl.col("nik_number") % 10**4).cast(pl.String).str.zfill(4))
            .otherwise(pl.lit("****")),
            birth_date="birth_date", sex="sex", desil="desil",
            outcome=_outcome_text(pl.col("outcome_code")),
            reason_mask="reason_mask", flag_mask="flag_mask", duplicate_of="duplicate_of",
            conflict_region="conflict_region", participant_known="participant_known",
            participant_active="participant_active", is_deceased="is_deceased",
            name="name", birth_date_text="birth_date_text", village_code="village_code",
            occupation="occupation", category="category", phone="phone", source="source")
        tmp = workdir / "result.parquet"
        result.sink_parquet(tmp, compression="lz4", row_group_size=250_000)
        del narrow, result
        if cancelled and cancelled():
            raise Cancelled
        out_path.parent.mkdir(parents=True, exist_ok=True)
        os.replace(tmp, out_path)
    finally:
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
    number), 8 bytes of each block used: any row decrypts on its own."""
    blocks = np.empty((len(rows), 2), dtype=">u8")
    blocks[:, 0] = int.from_bytes(nonce, "big")
    blocks[:, 1] = rows.astype(np.uint64)
    cipher = Cipher(algorithms.AES(key), modes.ECB()).encryptor()
    stream = np.frombuffer(cipher.update(blocks.tobytes()) + cipher.finalize(), dtype=">u8")
    return stream.reshape(-1, 2)[:, 0].astype(np.uint64)


def encrypt_niks(numbers: np.ndarray, rows: np.ndarray, *, key: bytes,
                 nonce: bytes) -> np.ndarray:
    """NIKs as unsigned 64-bit integers XOR the row's keystream (the same call decrypts)."""
    return np.bitwise_xor(numbers.astype(np.uint64), _keystream(rows, key=key, nonce=nonce))


def decrypt_niks(encrypted, rows, *, key: bytes, nonce: bytes) -> list[str]:
    plain = encrypt_niks(np.asarray(encrypted, dtype=np.uint64), np.asarray(rows), key=key,
                         nonce=nonce)
    return [f"{int(value):016d}" for value in plain]


def summary_json(result: MatchResult) -> str:
    return json.dumps(result.counts)
