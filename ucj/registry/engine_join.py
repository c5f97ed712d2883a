"""The cross-row half of matching a list, embedded (numpy and Polars on narrow arrays: a NIK
number, a line number and three flags a row, 15 bytes): duplicates within the list, membership
in the participant, deceased and other regions' lists, and each row's outcome by precedence.
``ucj.registry.spark`` does the same with Spark's joins and aggregations; the tests hold the
two to the same results row for row (tests/test_registry_spark.py)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import polars as pl

from ucj.registry.cipher import _aes
from ucj.registry.engine_rows import PLAIN, Layout, _nullable, nik_numbers

# The outcomes, in order of precedence: a row takes the first that applies.
OUTCOMES = ["invalid", "duplicate", "deceased", "already_active", "conflict", "eligible"]


@dataclass
class Across:
    """What other rows and lists decide of each row (positions as in the arrays given)."""
    codes: np.ndarray  # the outcome, as its index in OUTCOMES (uint8)
    duplicate_of: pl.Series  # the line number of the first clean row with the NIK, or null
    participant_known: np.ndarray
    participant_active: np.ndarray
    is_deceased: np.ndarray
    conflict_region: pl.Series | None  # None: no other regions' lists


def across(rows: np.ndarray, numbers: np.ndarray, valid: np.ndarray, clean: np.ndarray,
           invalid: np.ndarray, lookups: dict) -> Across:
    """The cross-row results of a list given as arrays: each row's line number, NIK as a
    number (0 where it has none), whether it has a NIK (``valid``), whether it has one and no
    error (``clean``), whether it has an error (``invalid``); ``lookups`` from ``_lookups``."""
    n = len(rows)
    # among the rows without errors: an invalid copy does not knock out a valid one
    later, first_rows = _duplicates(numbers, clean, rows, _repeated(numbers, valid))
    is_duplicate = np.zeros(n, dtype=bool)
    is_duplicate[later] = True
    duplicate_of = np.zeros(n, dtype=rows.dtype)
    duplicate_of[later] = first_rows
    del later, first_rows
    known, active, dead, conflict_region = _matches(numbers, valid, lookups)
    codes = np.full(n, OUTCOMES.index("eligible"), dtype=np.uint8)
    if conflict_region is not None:
        codes[conflict_region.is_not_null().to_numpy()] = OUTCOMES.index("conflict")
    codes[active] = OUTCOMES.index("already_active")
    codes[dead] = OUTCOMES.index("deceased")
    codes[is_duplicate] = OUTCOMES.index("duplicate")
    codes[invalid] = OUTCOMES.index("invalid")
    return Across(codes=codes, duplicate_of=_nullable("duplicate_of", duplicate_of, is_duplicate),
                  participant_known=known, participant_active=active, is_deceased=dead,
                  conflict_region=conflict_region)


def _matches(numbers: np.ndarray, valid: np.ndarray, lookups: dict
             ) -> tuple[np.ndarray, np.ndarray, np.ndarray, pl.Series | None]:
    """Each row's NIK among the participants (known, active), the deceased and the other
    regions' lists: (participant_known, participant_active, is_deceased, conflict_region, or
    None without other lists)."""
    nik = _nullable("nik_number", numbers, valid)
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
