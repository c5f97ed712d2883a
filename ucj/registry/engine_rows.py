"""The row-local half of matching a list (DESIGN §5): how a list is read (its columns, line
numbers and layout) and everything that a row's own cells decide — the NIK as a number, the
parsed birth date, sex and desil, the reasons a row is invalid and the flags it carries, its
pseudonym, its encrypted and its masked NIK.

``row_results`` does all of it for one chunk of rows and needs nothing but the chunk and the
run's ``RowRules`` (made once, picklable): the embedded engine calls it on each chunk of the
list (``ucj.registry.engine``), Spark on each partition (``ucj.registry.spark``), so the two
paths agree on every row by construction. What depends on other rows (duplicates, membership
in participant, deceased and other regions' lists, the outcome) is ``ucj.registry.engine_join``
(embedded) and ``ucj.registry.spark`` (distributed)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import polars as pl
import pyarrow as pa

from ucj.imports import cells
from ucj.registry.cipher import encrypt_niks, pseudonyms
from ucj.registry.rules import FLAG_BITS, _masks, _nik_tables, _reference

# The standard columns of a beneficiary list.
LIST_COLUMNS = ["nik", "name", "birth_date", "sex", "village_code", "occupation", "category",
                "desil", "phone", "source"]


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


def _sixteen_digits(text: pl.Expr) -> pl.Expr:
    """The text as a 64-bit integer when it is 16 bytes that cast (the cast alone would take a
    leading "+"), else null."""
    return (pl.when((text.str.len_bytes() == 16) & ~text.str.starts_with("+"))
            .then(text).cast(pl.UInt64, strict=False))


def nik_numbers(column: str = "nik") -> pl.Expr:
    """The cleaned NIK as a 64-bit integer when it is exactly 16 digits, else null (the cast
    alone would take a leading "+")."""
    return _sixteen_digits(clean_nik(column))


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
        name_missing=pl.col("name").fill_null("").str.strip_chars() == "")
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


@dataclass(frozen=True)
class RowRules:
    """What the row-local work of a run reads besides the rows, made once (on the driver, for
    Spark) and handed to every chunk: the age rule, the keys and the run's nonce, the lookup
    tables of the NIK's digits (``rules._nik_tables``) and the region master's places."""
    year: int
    min_age: int
    max_age: int
    hash_key: bytes
    cipher_key: bytes
    nonce: bytes
    tables: tuple
    places: tuple[str, ...]

    @classmethod
    def of(cls, config, nonce: bytes) -> RowRules:
        """The rules of a run of ``config`` (``engine.MatchConfig``) under ``nonce``."""
        return cls(year=int(config.year), min_age=config.min_age, max_age=config.max_age,
                   hash_key=config.hash_key, cipher_key=config.cipher_key, nonce=nonce,
                   tables=_nik_tables(config.region_code, int(config.year)),
                   places=tuple(_reference()[2]))


# what row_results gives of each row, in this order (the result file adds the cross-row
# columns: see engine.RESULT_COLUMNS)
ROW_SCHEMA = {
    "row_no": pl.UInt32, "nik_number": pl.UInt64, "clean": pl.Boolean,
    "hash_hi": pl.UInt64, "hash_lo": pl.UInt64, "nik_enc": pl.UInt64, "nik_masked": pl.String,
    "birth_date": pl.Date, "sex": pl.String, "desil": pl.Int32, "reason_mask": pl.Int32,
    "flag_mask": pl.Int32, "name": pl.String, "birth_date_text": pl.String,
    "village_code": pl.String, "occupation": pl.String, "category": pl.String,
    "phone": pl.String, "source": pl.String}


def row_results(chunk: pl.DataFrame, rules: RowRules, pool=None) -> pl.DataFrame:
    """Everything a row's own cells decide, for a chunk of a list (``row_no`` and the
    ``LIST_COLUMNS`` as text, as ``_scan`` reads them): one row per row that is not blank (a
    blank line is not a row; its line number is kept by the others), the columns of
    ``ROW_SCHEMA``. ``clean``: the row has a NIK and no error (a candidate for duplicates).
    ``pool``: an executor to run the cipher beside the checks (numpy, polars and the cipher's
    chunks let go of the GIL)."""
    blank = pl.all_horizontal([pl.col(c).is_null() for c in LIST_COLUMNS])
    chunk = chunk.filter(~blank)
    k, odd = pl.collect_all(_checks(chunk.lazy()))
    rows = k["row_no"].to_numpy()
    nik, birth_date, desil = k["nik_fast"], k["bd_fast"], k["desil_fast"]
    nik_missing, bd_blank = k["nik_null"].to_numpy().copy(), k["bd_null"].to_numpy().copy()
    desil_blank = k["desil_null"].to_numpy().copy()
    if odd.height:
        odd = _exact(odd)
        at = np.searchsorted(rows, odd["row_no"].to_numpy())
        nik = nik.scatter(at, odd["nik_number"])
        nik_missing[at] = odd["nik_missing"].to_numpy()
        desil = desil.scatter(at, odd["desil_value"])
        desil_blank[at] = odd["desil_blank"].to_numpy()
    written = k["bd_raw"]
    if written.null_count() < len(written):  # birth dates not written as ISO dates
        at = np.flatnonzero(written.is_not_null().to_numpy())
        dates, blanks = text_dates(written.gather(at))
        birth_date = birth_date.scatter(at, dates)
        bd_blank[at] = blanks.to_numpy()
    valid = nik.is_not_null().to_numpy()
    numbers = nik.fill_null(0).to_numpy()
    if pool is not None:
        hashed = pool.submit(pseudonyms, numbers, rules.hash_key)
        encrypted = pool.submit(encrypt_niks, numbers, rows, key=rules.cipher_key,
                                nonce=rules.nonce)
    reason, flag = _masks(
        numbers, valid, nik_missing, birth_date, bd_blank, desil.fill_null(0).to_numpy(),
        desil.is_not_null().to_numpy(), desil_blank, k["sex_code"].to_numpy(),
        k["name_missing"].to_numpy(), rules, rules.tables)
    if pool is not None:
        (hash_hi, hash_lo), nik_enc = hashed.result(), encrypted.result()
    else:
        hash_hi, hash_lo = pseudonyms(numbers, rules.hash_key)
        nik_enc = encrypt_niks(numbers, rows, key=rules.cipher_key, nonce=rules.nonce)
    village = chunk["village_code"]
    unknown = (village.is_not_null() & ~village.str.strip_chars().is_in(list(rules.places))
               ).to_numpy()
    flag[unknown] |= 1 << FLAG_BITS.index("village_unknown")
    return k.with_columns(nik_number=nik).select(
        "row_no", "nik_number", clean=pl.Series(valid & (reason == 0)),
        hash_hi=_nullable("hash_hi", hash_hi, valid),
        hash_lo=_nullable("hash_lo", hash_lo, valid), nik_enc=pl.Series(nik_enc),
        nik_masked=_masked(pl.col("nik_number")), birth_date=birth_date, sex="sx", desil=desil,
        reason_mask=pl.Series(reason), flag_mask=pl.Series(flag), name=chunk["name"],
        birth_date_text=chunk["birth_date"], village_code=chunk["village_code"],
        occupation=chunk["occupation"], category=chunk["category"], phone=chunk["phone"],
        source=chunk["source"])
