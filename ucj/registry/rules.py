"""The rules of DESIGN §5 that a NIK's digits and a row's stated values are checked against,
as array arithmetic on the NIK as a 64-bit integer: the reasons a row is invalid and the flags
it carries, each a bit of a mask (``REASON_BITS``, ``FLAG_BITS``), and the region master they
are read from (``data/reference``). ``ucj.registry.engine`` applies them to a whole list."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Protocol

import numpy as np
import polars as pl
from django.conf import settings

from ucj.regions.hierarchy import province_code

REFERENCE = settings.BASE_DIR / "data" / "reference"

REASON_BITS = ["nik_missing", "nik_format", "nik_area_unknown", "nik_district_unknown",
               "nik_date_invalid", "nik_serial_zero", "name_missing", "birth_date_missing",
               "birth_date_invalid", "nik_birth_date_mismatch", "sex_missing", "sex_invalid",
               "nik_sex_mismatch", "age_out_of_range", "desil_invalid"]
FLAG_BITS = ["outside_province", "other_regency", "village_unknown"]


def reason_codes(mask: int, bits: list[str] = REASON_BITS) -> list[str]:
    return [code for i, code in enumerate(bits) if mask >> i & 1]


class AgeRule(Protocol):
    """What the rules read of a run's configuration (``engine.MatchConfig``)."""
    year: int
    min_age: int
    max_age: int


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


@functools.lru_cache(maxsize=8)
def _nik_tables(region_code: str, year: int) -> tuple[np.ndarray, np.ndarray, np.ndarray,
                                                      np.ndarray]:
    """What a NIK's digits say, for every possible value of those digits, as lookup tables:
    (by DDMMYY: the birth date as YYYYMMDD or 0 when there is no such date, and whether the
    day has 40 added (a woman); by the 6-digit area: its reason bits, its flag bits). Made
    once per region and year (a tenth of a second), read-only."""
    areas, districts, _places = _reference()
    province = int(province_code(region_code))
    regency = region_code.replace(".", "")
    key = np.arange(10**6, dtype=np.int64)
    dd, mm, yy = key // 10**4, key // 100 % 100, key % 100
    day = np.where(dd > 40, dd - 40, dd)
    born_year = np.where(2000 + yy > year, 1900 + yy, 2000 + yy)
    leap = (born_year % 4 == 0) & ((born_year % 100 != 0) | (born_year % 400 == 0))
    month_days = np.where(np.isin(mm, [4, 6, 9, 11]), 30,
                          np.where(mm == 2, np.where(leap, 29, 28), 31))
    date_ok = (mm >= 1) & (mm <= 12) & (day >= 1) & (day <= month_days)
    nik_date = np.where(date_ok, born_year * 10000 + mm * 100 + day, 0).astype(np.int32)
    female = dd > 40
    area6 = key
    area4 = area6 // 100
    known = np.isin(area4, np.array([int(a) for a in areas], dtype=np.int64))
    in_province = area4 // 100 == province
    district = np.isin(area6, np.array([int(d) for d in districts], dtype=np.int64))
    bit = {code: 1 << i for i, code in enumerate(REASON_BITS)}
    flag = {code: 1 << i for i, code in enumerate(FLAG_BITS)}
    area_reasons = (np.where(~known, bit["nik_area_unknown"], 0)
                    | np.where(known & in_province & ~district,
                               bit["nik_district_unknown"], 0)).astype(np.int32)
    other = in_province & (area4 != int(regency)) if len(regency) == 4 else \
        np.zeros(len(key), dtype=bool)
    area_flags = (np.where(~in_province, flag["outside_province"], 0)
                  | np.where(other, flag["other_regency"], 0)).astype(np.int32)
    tables = nik_date, female, area_reasons, area_flags
    for table in tables:
        table.flags.writeable = False
    return tables


MASK_CHUNK = 1 << 20  # rows at a time: the temporaries of the checks stay small


def _masks(numbers: np.ndarray, valid: np.ndarray, nik_missing: np.ndarray,
           birth_date: pl.Series, bd_blank: np.ndarray,
           desil: np.ndarray, desil_ok: np.ndarray, desil_blank: np.ndarray,
           sex_code: np.ndarray, name_missing: np.ndarray, config: AgeRule,
           tables: tuple) -> tuple[np.ndarray, np.ndarray]:
    """Every rule of DESIGN §5 as array arithmetic on the NIK as a 64-bit integer and the
    checked values: the reason and flag bit masks of each row (``REASON_BITS``,
    ``FLAG_BITS``); a chunk of rows at a time."""
    n = len(numbers)
    reason = np.empty(n, dtype=np.int32)
    flags = np.empty(n, dtype=np.int32)
    stated_ok = birth_date.is_not_null().to_numpy()
    days, civil = _civil_table(birth_date)
    for start in range(0, n, MASK_CHUNK):
        at = slice(start, start + MASK_CHUNK)
        reason[at], flags[at] = _masks_chunk(
            numbers[at], valid[at], nik_missing[at], np.where(stated_ok[at], civil(days[at]), 0),
            stated_ok[at], bd_blank[at], desil[at], desil_ok[at], desil_blank[at],
            sex_code[at], name_missing[at], config, tables)
    return reason, flags


def _masks_chunk(numbers: np.ndarray, valid: np.ndarray, nik_missing: np.ndarray,
                 stated: np.ndarray, stated_ok: np.ndarray, bd_blank: np.ndarray,
                 desil: np.ndarray, desil_ok: np.ndarray, desil_blank: np.ndarray,
                 sex_code: np.ndarray, name_missing: np.ndarray, config: AgeRule,
                 tables: tuple) -> tuple[np.ndarray, np.ndarray]:
    """``_masks`` of a chunk of rows; ``stated`` is the stated birth date as YYYYMMDD."""
    date_table, female_table, area_reasons, area_flags = tables  # from _nik_tables
    year = int(config.year)
    q4 = numbers // 10**4
    ddmmyy = q4 % 10**6
    # a row without a NIK has the number 0: its DDMMYY 000000 is no date
    nik_date = date_table[ddmmyy]
    date_ok = nik_date != 0
    female = female_table[ddmmyy]
    del ddmmyy
    area6 = q4 // 10**6
    reason = np.where(valid, area_reasons[area6], 0).astype(np.int32)
    flags = np.where(valid, area_flags[area6], 0).astype(np.int32)
    del area6

    def add(condition: np.ndarray, code: str) -> None:
        np.bitwise_or(reason, np.int32(1 << REASON_BITS.index(code)), out=reason,
                      where=condition)

    add(nik_missing, "nik_missing")
    add(~nik_missing & ~valid, "nik_format")
    add(valid & ~date_ok, "nik_date_invalid")
    add(valid & (numbers == q4 * 10**4), "nik_serial_zero")
    del q4
    add(name_missing, "name_missing")
    add(bd_blank, "birth_date_missing")
    add(~bd_blank & ~stated_ok, "birth_date_invalid")
    add(date_ok & stated_ok & (nik_date != stated), "nik_birth_date_mismatch")
    add(sex_code == 0, "sex_missing")
    add(sex_code == 3, "sex_invalid")
    add(valid & ((sex_code == 1) | (sex_code == 2)) & ((sex_code == 2) != female),
        "nik_sex_mismatch")
    # completed years on 1 January of the list's year, from the NIK's date or else the stated
    born = np.where(date_ok, nik_date, stated).astype(np.int64)
    age = year - born // 10000 - (born % 10000 > 101)
    add((date_ok | stated_ok) & ((age < config.min_age) | (age > config.max_age)),
        "age_out_of_range")
    add(~desil_blank & ~(desil_ok & (desil >= 1) & (desil <= 10)), "desil_invalid")
    return reason, flags


def _civil(days: np.ndarray) -> np.ndarray:
    """Day numbers (days since 1970-01-01) as YYYYMMDD integers in the proleptic Gregorian
    calendar (H. Hinnant's civil_from_days, in integer arithmetic)."""
    z = days.astype(np.int64) + 719468
    era = z // 146097
    doe = z - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    day = doy - (153 * mp + 2) // 5 + 1
    month = np.where(mp < 10, mp + 3, mp - 9)
    year = yoe + era * 400 + (month <= 2)
    return year * 10000 + month * 100 + day


def _civil_table(dates: pl.Series) -> tuple[np.ndarray, Callable[[np.ndarray], np.ndarray]]:
    """Dates as day numbers (0 where null), and a function from day numbers to YYYYMMDD
    integers: through a table of the days between the earliest and the latest date when that
    span is not huge (birth dates span a century or two), a lookup per row instead of a dozen
    integer divisions."""
    days = dates.to_physical().fill_null(0).to_numpy()
    if dates.null_count() == len(dates):
        return days, lambda chunk: np.zeros(len(chunk), dtype=np.int64)
    low, high = int(dates.to_physical().min()), int(dates.to_physical().max())
    if high - low >= 4_000_000:
        return days, _civil
    table = _civil(np.arange(low, high + 1, dtype=np.int64))
    return days, lambda chunk: table[np.clip(chunk.astype(np.int64) - low, 0, high - low)]
