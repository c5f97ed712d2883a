"""The beneficiary-list engine (DESIGN §5): every NIK rule, duplicates, matching against
participant, deceased and other regions' lists, atomic re-runs and the NIK cipher.

Every NIK here is synthetic, built by ``nik()`` from real Kemendagri area codes of the region
master (52.03.01 Keruak in Lombok Timur, 52.02.01 Praya in Lombok Tengah, 52.01.01 Gerung in
Lombok Barat, 51.71 Kota Denpasar in Bali)."""

from __future__ import annotations

import csv
from pathlib import Path

import polars as pl
import pytest

from ucj.registry.engine import (
    FLAG_BITS,
    LIST_COLUMNS,
    OUTCOMES,
    Cancelled,
    MatchConfig,
    decrypt_niks,
    load_participants,
    match_list,
)
from ucj.registry.rules import reason_codes

HASH_KEY = bytes(range(32))
CIPHER_KEY = bytes(range(100, 132))


def nik(area="520301", day=15, month=6, year=90, female=False, serial="0001"):
    """A synthetic NIK: PPKKSS DD MM YY NNNN, 40 added to the day for women."""
    return f"{area}{day + (40 if female else 0):02d}{month:02d}{year:02d}{serial}"


def config(region="52.03", **kwargs):
    return MatchConfig(region_code=region, year=2026, hash_key=HASH_KEY, cipher_key=CIPHER_KEY,
                       **kwargs)


def row(**fields):
    """A list row of a valid man born 1990-06-15 in Keruak, overridden by ``fields``."""
    base = {"nik": nik(), "name": "Budi Santoso", "birth_date": "1990-06-15", "sex": "L",
            "village_code": "", "occupation": "Petani", "category": "petani",
            "desil": "3", "phone": "081234567890", "source": "DTSEN"}
    base.update(fields)
    return base


def write_csv(path: Path, header: list[str], rows: list[dict]) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=header)
        writer.writeheader()
        writer.writerows(rows)
    return path


def run(tmp_path: Path, rows: list[dict], *, name="list", cfg=None, **kwargs):
    """Run the engine on ``rows`` (line 2 onwards); return (result, the result Parquet)."""
    list_path = write_csv(tmp_path / f"{name}.csv", LIST_COLUMNS, rows)
    out = kwargs.pop("out_path", tmp_path / f"{name}.parquet")
    result = match_list(list_path=list_path, config=cfg or config(), out_path=out, **kwargs)
    return result, pl.read_parquet(out)


def judged(df: pl.DataFrame, line: int) -> dict:
    """The outcome, reason codes and flag codes of the row on CSV line ``line``."""
    found = df.filter(pl.col("row_no") == line).row(0, named=True)
    return {"outcome": found["outcome"], "reasons": reason_codes(found["reason_mask"]),
            "flags": reason_codes(found["flag_mask"], FLAG_BITS)}


def one(tmp_path: Path, cfg=None, **fields) -> dict:
    _, df = run(tmp_path, [row(**fields)], cfg=cfg)
    assert df.height == 1
    return judged(df, 2)


def verdict(outcome, reasons=(), flags=()):
    return {"outcome": outcome, "reasons": list(reasons), "flags": list(flags)}


ELIGIBLE = verdict("eligible")


# --- the NIK's sex and birth date --------------------------------------------------------------

def test_a_valid_mans_nik_is_eligible(tmp_path):
    assert one(tmp_path, nik="5203011506900001", birth_date="1990-06-15", sex="L") == ELIGIBLE


def test_a_womans_nik_adds_40_to_the_day(tmp_path):
    assert one(tmp_path, nik="5203015506900002", birth_date="1990-06-15", sex="P") == ELIGIBLE


def test_a_womans_nik_stated_as_a_man_is_a_sex_mismatch(tmp_path):
    assert one(tmp_path, nik="5203015506900002", birth_date="1990-06-15", sex="L") == \
        verdict("invalid", ["nik_sex_mismatch"])


def test_a_mans_nik_stated_as_a_woman_is_a_sex_mismatch(tmp_path):
    assert one(tmp_path, nik="5203011506900001", birth_date="1990-06-15", sex="P") == \
        verdict("invalid", ["nik_sex_mismatch"])


def test_sex_is_read_in_either_case(tmp_path):
    assert one(tmp_path, nik="5203015506900002", birth_date="1990-06-15", sex="p") == ELIGIBLE


@pytest.mark.parametrize(("value", "sex"), [("5203012902040001", "L"),
                                            ("5203016902040002", "P")])
def test_29_february_of_a_leap_year_is_a_date(tmp_path, value, sex):
    assert value == nik(day=29, month=2, year=4, female=sex == "P", serial=value[-4:])
    assert one(tmp_path, nik=value, birth_date="2004-02-29", sex=sex) == ELIGIBLE


@pytest.mark.parametrize(("value", "sex"), [("5203012902050001", "L"),
                                            ("5203016902050002", "P")])
def test_29_february_of_a_common_year_is_not_a_date(tmp_path, value, sex):
    assert one(tmp_path, nik=value, birth_date="2005-02-28", sex=sex) == \
        verdict("invalid", ["nik_date_invalid"])


@pytest.mark.parametrize(("value", "sex"), [
    ("5203013104900001", "L"),  # 31 April
    ("5203017104900002", "P"),  # 31 April, a woman
    ("5203010006900001", "L"),  # day 00
    ("5203013206900001", "L"),  # day 32
    ("5203013506900001", "L"),  # day 35
    ("5203014006900001", "L"),  # day 40 (a man's 40 is a woman's day 0)
    ("5203017206900002", "P"),  # a woman's day 32
    ("5203011513900001", "L"),  # month 13
    ("5203011500900001", "L"),  # month 00
])
def test_a_day_or_month_that_does_not_exist_is_not_a_date(tmp_path, value, sex):
    assert one(tmp_path, nik=value, birth_date="1990-06-15", sex=sex) == \
        verdict("invalid", ["nik_date_invalid"])


@pytest.mark.parametrize("sex", ["L", "P"])
def test_day_40_is_neither_a_mans_nor_a_womans_day(tmp_path, sex):
    found = one(tmp_path, nik=nik(day=0, female=True), birth_date="1990-06-15", sex=sex)
    assert found["outcome"] == "invalid"
    assert "nik_date_invalid" in found["reasons"]


def test_serial_0000_is_rejected(tmp_path):
    assert one(tmp_path, nik=nik(serial="0000")) == verdict("invalid", ["nik_serial_zero"])


def test_serial_0001_and_9999_are_accepted(tmp_path):
    _, df = run(tmp_path, [row(nik=nik(serial="0001")), row(nik=nik(serial="9999"))])
    assert judged(df, 2) == ELIGIBLE
    assert judged(df, 3) == ELIGIBLE


# --- where the NIK was issued --------------------------------------------------------------------

def test_a_nik_of_another_province_is_flagged_not_rejected(tmp_path):
    # Kota Denpasar, Bali (51.71), district 51.71.01
    assert one(tmp_path, nik=nik(area="517101")) == verdict("eligible", flags=["outside_province"])


def test_a_nik_of_another_ntb_regency_is_flagged_not_rejected(tmp_path):
    # Gerung, Lombok Barat (52.01.01), on Lombok Timur's list
    assert one(tmp_path, nik=nik(area="520101")) == verdict("eligible", flags=["other_regency"])


def test_a_nik_of_the_lists_own_regency_is_not_flagged(tmp_path):
    assert one(tmp_path, cfg=config("52.02"), nik=nik(area="520201")) == ELIGIBLE


def test_an_unknown_regency_code_is_rejected(tmp_path):
    found = one(tmp_path, nik=nik(area="529901"))
    assert (found["outcome"], found["reasons"]) == ("invalid", ["nik_area_unknown"])


def test_an_unknown_province_is_rejected(tmp_path):
    found = one(tmp_path, nik=nik(area="990101"))
    assert (found["outcome"], found["reasons"]) == ("invalid", ["nik_area_unknown"])


def test_an_ntb_nik_with_a_district_that_does_not_exist_is_rejected(tmp_path):
    # Lombok Timur has districts 52.03.01–52.03.18 (and 52.03.20), no 52.03.99
    assert one(tmp_path, nik=nik(area="520399")) == verdict("invalid", ["nik_district_unknown"])


def test_the_district_of_a_nik_from_another_province_is_not_checked(tmp_path):
    # 51.71.99 is not in NTB's master, which holds NTB's districts only
    assert one(tmp_path, nik=nik(area="517199")) == verdict("eligible", flags=["outside_province"])


def test_a_village_code_not_in_the_master_is_flagged(tmp_path):
    _, df = run(tmp_path, [row(village_code="52.03.01.2001"), row(nik=nik(serial="0002"),
                                                                  village_code="52.03.01.9999")])
    assert judged(df, 2) == ELIGIBLE
    assert judged(df, 3) == verdict("eligible", flags=["village_unknown"])


# --- the NIK's form --------------------------------------------------------------------------------

@pytest.mark.parametrize("written", ["5203 0115.0690-0001", " 5203011506900001 ",
                                     "52.03.01.150690.0001", "5203-0115-0690-0001"])
def test_spaces_dots_and_dashes_are_stripped(tmp_path, written):
    _, df = run(tmp_path, [row(nik=written)])
    assert judged(df, 2) == ELIGIBLE
    assert df["nik_masked"].to_list() == ["5203********0001"]


@pytest.mark.parametrize("written", ["52030115069O0001",   # a letter O for a zero
                                     "520301150690001",    # 15 digits
                                     "52030115069000001",  # 17 digits
                                     "NIK5203011506900",
                                     "-.-"])
def test_anything_but_16_digits_is_a_format_error(tmp_path, written):
    assert one(tmp_path, nik=written) == verdict("invalid", ["nik_format"])


def test_a_plus_sign_is_not_a_digit(tmp_path):
    assert one(tmp_path, nik="+520301150690001") == verdict("invalid", ["nik_format"])


@pytest.mark.parametrize("written", ["", "   "])
def test_an_empty_nik_is_missing(tmp_path, written):
    found = one(tmp_path, nik=written)
    assert found == verdict("invalid", ["nik_missing"])


# --- the other fields -----------------------------------------------------------------------------

def test_a_stated_birth_date_other_than_the_niks_is_a_mismatch(tmp_path):
    assert one(tmp_path, birth_date="1990-06-16") == \
        verdict("invalid", ["nik_birth_date_mismatch"])


def test_a_missing_name_is_rejected(tmp_path):
    assert one(tmp_path, name="") == verdict("invalid", ["name_missing"])
    assert one(tmp_path, name="   ") == verdict("invalid", ["name_missing"])


def test_a_missing_birth_date_is_rejected(tmp_path):
    assert one(tmp_path, birth_date="") == verdict("invalid", ["birth_date_missing"])


@pytest.mark.parametrize("written", ["1990-02-30", "31/06/1990", "15/13/1990", "06/15/90",
                                     "kemarin", "1850-06-15"])
def test_a_birth_date_that_is_not_a_date_is_invalid(tmp_path, written):
    assert one(tmp_path, birth_date=written) == verdict("invalid", ["birth_date_invalid"])


@pytest.mark.parametrize("written", ["1990-06-15", "15/06/1990", "15-06-1990", "15.06.1990",
                                     "15 Juni 1990", "15 Jun 1990", " 15/6/1990 ", "33039"])
def test_a_birth_date_is_read_as_offices_write_it(tmp_path, written):
    assert one(tmp_path, birth_date=written) == ELIGIBLE


@pytest.mark.parametrize("written", ["X", "M", "Laki", "LP", "3", "Pria"])
def test_sex_other_than_l_p_laki_laki_perempuan_1_2_is_invalid(tmp_path, written):
    assert one(tmp_path, sex=written) == verdict("invalid", ["sex_invalid"])


@pytest.mark.parametrize("written", ["L", "l", "Laki-laki", "LAKI-LAKI", "laki laki",
                                     "Lakilaki", " Laki - Laki ", "1"])
def test_a_man_is_written_l_laki_laki_or_1(tmp_path, written):
    assert one(tmp_path, sex=written) == ELIGIBLE


@pytest.mark.parametrize("written", ["P", "Perempuan", "PEREMPUAN", "2"])
def test_a_woman_is_written_p_perempuan_or_2(tmp_path, written):
    assert one(tmp_path, nik="5203015506900002", sex=written) == ELIGIBLE


def test_a_missing_sex_is_rejected(tmp_path):
    assert one(tmp_path, sex="") == verdict("invalid", ["sex_missing"])


@pytest.mark.parametrize("written", ["0", "11", "-1", "tiga"])
def test_desil_outside_1_to_10_is_invalid(tmp_path, written):
    assert one(tmp_path, desil=written) == verdict("invalid", ["desil_invalid"])


@pytest.mark.parametrize("written", ["1", "10", ""])
def test_desil_1_to_10_or_none_is_accepted(tmp_path, written):
    assert one(tmp_path, desil=written) == ELIGIBLE


def test_every_fault_of_a_row_is_listed(tmp_path):
    found = one(tmp_path, nik=nik(serial="0000"), name="", sex="X", desil="0")
    assert found == verdict("invalid", ["nik_serial_zero", "name_missing", "sex_invalid",
                                        "desil_invalid"])


# --- age ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("day", "month", "year", "birth_date", "outcome"), [
    (1, 1, 11, "2011-01-01", "eligible"),   # 15 on 1 January 2026
    (1, 6, 11, "2011-06-01", "invalid"),    # 14
    (1, 6, 61, "1961-06-01", "eligible"),   # 64
    (1, 1, 61, "1961-01-01", "invalid"),    # 65
    (2, 1, 11, "2011-01-02", "invalid"),    # 14: turns 15 the day after
    (2, 1, 61, "1961-01-02", "eligible"),   # 64: turns 65 the day after
])
def test_age_is_15_to_64_on_1_january_of_the_lists_year(tmp_path, day, month, year, birth_date,
                                                        outcome):
    found = one(tmp_path, nik=nik(day=day, month=month, year=year), birth_date=birth_date)
    assert found == (ELIGIBLE if outcome == "eligible"
                     else verdict("invalid", ["age_out_of_range"]))


def test_a_custom_minimum_age_applies(tmp_path):
    rows = [row(nik=nik(day=1, month=1, year=8), birth_date="2008-01-01"),           # 18
            row(nik=nik(day=1, month=6, year=8, serial="0002"), birth_date="2008-06-01")]  # 17
    _, default = run(tmp_path, rows, name="default")
    _, adult = run(tmp_path, rows, name="adult", cfg=config(min_age=18))
    assert judged(default, 2) == ELIGIBLE
    assert judged(default, 3) == ELIGIBLE
    assert judged(adult, 2) == ELIGIBLE
    assert judged(adult, 3) == verdict("invalid", ["age_out_of_range"])


def test_a_custom_maximum_age_applies(tmp_path):
    found = one(tmp_path, cfg=config(max_age=59), nik=nik(day=1, month=6, year=66),
                birth_date="1966-06-01")  # 59 on 1 January 2026
    assert found == ELIGIBLE
    found = one(tmp_path, cfg=config(max_age=59), nik=nik(day=1, month=6, year=65),
                birth_date="1965-06-01")  # 60
    assert found == verdict("invalid", ["age_out_of_range"])


def test_a_two_digit_year_05_is_2005(tmp_path):
    assert one(tmp_path, nik=nik(year=5), birth_date="2005-06-15") == ELIGIBLE
    assert one(tmp_path, nik=nik(year=5), birth_date="1905-06-15") == \
        verdict("invalid", ["nik_birth_date_mismatch"])


def test_a_two_digit_year_30_is_1930(tmp_path):
    # 1930 is the plausible century, and at 95 the person is past the working age
    assert one(tmp_path, nik=nik(year=30), birth_date="1930-06-15") == \
        verdict("invalid", ["age_out_of_range"])
    assert one(tmp_path, nik=nik(year=30), birth_date="2030-06-15") == \
        verdict("invalid", ["nik_birth_date_mismatch", "age_out_of_range"])


# --- duplicates and matching -----------------------------------------------------------------

def test_later_occurrences_of_a_nik_are_duplicates_of_the_first(tmp_path):
    first = nik(serial="0007")
    rows = [row(nik=nik(serial="0001")),                      # line 2
            row(nik=first),                                   # line 3
            row(nik=nik(serial="0002")),                      # line 4
            row(nik="5203 0115 0690 0007"),                   # line 5: the same NIK, spaced
            row(nik=first, name="Budi S.")]                   # line 6
    result, df = run(tmp_path, rows)
    assert [judged(df, line)["outcome"] for line in (2, 3, 4, 5, 6)] == \
        ["eligible", "eligible", "eligible", "duplicate", "duplicate"]
    assert df.sort("row_no")["duplicate_of"].to_list() == [None, None, None, 3, 3]
    assert judged(df, 5)["reasons"] == []
    assert result.counts["duplicate"] == 2
    assert result.counts["eligible"] == 3


def participants_file(tmp_path: Path, rows: list[tuple[str, str]]) -> Path:
    csv_path = write_csv(tmp_path / "participants.csv",
                         ["nik", "status", "segment", "region_code", "last_paid_month"],
                         [{"nik": n, "status": s, "segment": "BPU", "region_code": "52.03",
                           "last_paid_month": "2025-12"} for n, s in rows])
    out = tmp_path / "participants.parquet"
    load_participants(csv_path=csv_path, out_path=out, key=HASH_KEY)
    return out


def test_load_participants_keeps_no_nik(tmp_path):
    out = participants_file(tmp_path, [(nik(serial="0001"), "aktif"),
                                       (nik(serial="0002"), "nonaktif"), ("123", "aktif")])
    table = pl.read_parquet(out)
    assert "nik" not in table.columns
    assert table.height == 2
    assert table["active"].to_list() == [True, False]


def test_a_nik_active_in_the_participant_file_is_already_active(tmp_path):
    active, inactive, unknown = nik(serial="0001"), nik(serial="0002"), nik(serial="0003")
    part = participants_file(tmp_path, [(active, "aktif"), (inactive, "nonaktif")])
    result, df = run(tmp_path, [row(nik=active), row(nik=inactive), row(nik=unknown)],
                     participants=part)
    assert [judged(df, line)["outcome"] for line in (2, 3, 4)] == \
        ["already_active", "eligible", "eligible"]
    ordered = df.sort("row_no")
    assert ordered["participant_active"].to_list() == [True, False, False]
    assert ordered["participant_known"].to_list() == [True, True, False]
    assert result.counts["already_active"] == 1


def test_a_nik_on_the_deceased_list_is_deceased(tmp_path):
    dead, alive = nik(serial="0001"), nik(serial="0002")
    deceased = write_csv(tmp_path / "deceased.csv", ["nik", "date_of_death"],
                         [{"nik": "5203-0115-0690-0001", "date_of_death": "2025-03-01"}])
    result, df = run(tmp_path, [row(nik=dead), row(nik=alive)], deceased=deceased)
    assert judged(df, 2) == verdict("deceased")
    assert judged(df, 3) == ELIGIBLE
    assert df.sort("row_no")["is_deceased"].to_list() == [True, False]
    assert result.counts["deceased"] == 1


def other_region_file(tmp_path: Path, region: str, niks: list[str]) -> Path:
    """Another region's run, its eligible rows' hashes with its region code."""
    rows = [row(nik=n) for n in niks]
    name = "region-" + region
    _, df = run(tmp_path, rows, name=name, cfg=config(region))
    path = tmp_path / f"{name}-eligible.parquet"
    df.filter(pl.col("outcome") == "eligible").select(
        "hash_hi", "hash_lo", region_code=pl.lit(region)).write_parquet(path)
    return path


def test_precedence_is_invalid_duplicate_deceased_active_conflict_eligible(tmp_path):
    assert OUTCOMES == ["invalid", "duplicate", "deceased", "already_active", "conflict",
                        "eligible"]
    p1, p2, p3, p4, p5 = (nik(serial=f"000{i}") for i in range(1, 6))
    others = other_region_file(tmp_path, "52.02", [p1, p2, p3])
    part = participants_file(tmp_path, [(p1, "aktif"), (p2, "aktif"), (p5, "aktif")])
    deceased = write_csv(tmp_path / "deceased.csv", ["nik", "date_of_death"],
                         [{"nik": p1, "date_of_death": "2025-01-01"},
                          {"nik": p5, "date_of_death": "2025-01-01"}])
    rows = [row(nik=p1),            # 2: deceased, active, conflict → deceased
            row(nik=p1, name=""),   # 3: invalid (an invalid copy is no duplicate) → invalid
            row(nik=p1),            # 4: duplicate of 2 and deceased → duplicate
            row(nik=p2),            # 5: active and conflict → already_active
            row(nik=p3),            # 6: conflict → conflict
            row(nik=p4),            # 7: nothing → eligible
            row(nik=p5)]            # 8: deceased and active → deceased
    result, df = run(tmp_path, rows, participants=part, deceased=deceased, others=[others])
    assert [judged(df, line)["outcome"] for line in range(2, 9)] == [
        "deceased", "invalid", "duplicate", "already_active", "conflict", "eligible", "deceased"]
    assert judged(df, 3)["reasons"] == ["name_missing"]
    assert df.sort("row_no")["duplicate_of"].to_list() == [None, None, 2, None, None, None,
                                                           None]
    assert result.counts == {"invalid": 1, "duplicate": 1, "deceased": 2, "already_active": 1,
                             "conflict": 1, "eligible": 1, "total": 7}


def test_an_invalid_first_copy_does_not_knock_out_a_valid_later_one(tmp_path):
    person = nik(serial="0042")
    _, df = run(tmp_path, [row(nik=person, name=""), row(nik=person)])
    assert judged(df, 2)["outcome"] == "invalid"
    assert judged(df, 3)["outcome"] == "eligible"
    assert df.sort("row_no")["duplicate_of"].to_list() == [None, None]


def test_a_blank_line_is_not_a_row_and_keeps_the_numbering(tmp_path):
    path = tmp_path / "blank.csv"
    good = row(nik=nik(serial="0007"))
    line = ",".join(str(v) for v in good.values())
    path.write_text(f"{','.join(LIST_COLUMNS)}\n{line}\n,,,,,,,,,\n"
                    f"{line.replace('0007', '0008')}\n")
    result = match_list(list_path=path, config=config(), out_path=tmp_path / "blank.parquet")
    df = pl.read_parquet(tmp_path / "blank.parquet")
    assert result.counts["total"] == 2
    assert df.sort("row_no")["row_no"].to_list() == [2, 4]


def test_a_nik_on_another_regions_list_is_a_conflict(tmp_path):
    shared = nik(area="520201", serial="0001")  # a Lombok Tengah NIK on both lists
    east = [row(nik=shared), row(nik=nik(serial="0002")), row(nik=nik(serial="0003"))]
    _, east_df = run(tmp_path, east, name="east")
    assert east_df["outcome"].to_list() == ["eligible"] * 3
    east_file = tmp_path / "east-eligible.parquet"
    east_df.filter(pl.col("outcome") == "eligible").select(
        "hash_hi", "hash_lo", region_code=pl.lit("52.03")).write_parquet(east_file)

    central = [row(nik=nik(area="520201", serial="0009")), row(nik=shared),
               row(nik=nik(area="520201", serial="0010"))]
    result, df = run(tmp_path, central, name="central", cfg=config("52.02"), others=[east_file])
    assert [judged(df, line)["outcome"] for line in (2, 3, 4)] == \
        ["eligible", "conflict", "eligible"]
    assert df.sort("row_no")["conflict_region"].to_list() == [None, "52.03", None]
    assert result.counts["conflict"] == 1
    assert result.counts["eligible"] == 2


def test_a_conflict_names_the_lowest_of_several_regions(tmp_path):
    shared = nik(serial="0001")
    files = [other_region_file(tmp_path, region, [shared]) for region in ("52.08", "52.01")]
    _, df = run(tmp_path, [row(nik=shared)], others=files)
    assert df["outcome"].to_list() == ["conflict"]
    assert df["conflict_region"].to_list() == ["52.01"]


# --- re-runs, cancellation, failures -----------------------------------------------------------

def mixed_rows() -> list[dict]:
    return [row(nik=nik(serial="0001")), row(nik=nik(serial="0001")), row(nik="12345"),
            row(nik=nik(area="517101", serial="0002")), row(nik=nik(serial="0003"), sex="X"),
            row(nik=nik(serial="0004", female=True), sex="P")]


def test_running_the_same_list_twice_gives_the_same_results(tmp_path):
    first, a = run(tmp_path, mixed_rows(), name="a")
    second, b = run(tmp_path, mixed_rows(), name="b")
    columns = ["row_no", "outcome", "reason_mask", "flag_mask", "duplicate_of", "hash_hi",
               "hash_lo", "nik_masked"]
    assert a.select(columns).equals(b.select(columns))
    assert first.counts == second.counts
    assert first.counts == {"invalid": 2, "duplicate": 1, "deceased": 0, "already_active": 0,
                            "conflict": 0, "eligible": 3, "total": 6}
    assert first.nonce != second.nonce
    valid = a["hash_hi"].is_not_null()
    assert (a.filter(valid)["nik_enc"] != b.filter(valid)["nik_enc"]).all()


def test_a_cancelled_run_leaves_the_previous_results_intact(tmp_path):
    out = tmp_path / "results.parquet"
    run(tmp_path, mixed_rows(), out_path=out)
    before = out.read_bytes()
    seen: list[int] = []

    with pytest.raises(Cancelled):
        run(tmp_path, [row(nik=nik(serial="0099"))], out_path=out,
            progress=lambda percent, label: seen.append(percent),
            cancelled=lambda: max(seen, default=0) >= 30)
    assert seen and max(seen) == 30
    assert out.read_bytes() == before
    assert list(tmp_path.glob(".run-*")) == []


def test_a_run_cancelled_at_the_last_moment_leaves_the_previous_results_intact(tmp_path):
    out = tmp_path / "results.parquet"
    run(tmp_path, mixed_rows(), out_path=out)
    before = out.read_bytes()
    seen: list[int] = []
    with pytest.raises(Cancelled):
        run(tmp_path, [row(nik=nik(serial="0099"))], out_path=out,
            progress=lambda percent, label: seen.append(percent),
            cancelled=lambda: max(seen, default=0) >= 82)
    assert max(seen) == 82
    assert out.read_bytes() == before
    assert list(tmp_path.glob(".run-*")) == []


def test_a_run_that_fails_midway_leaves_the_previous_results_intact(tmp_path):
    out = tmp_path / "results.parquet"
    run(tmp_path, mixed_rows(), out_path=out)
    before = out.read_bytes()

    def progress(percent, label):
        if percent >= 60:
            raise RuntimeError("disk full")

    with pytest.raises(RuntimeError, match="disk full"):
        run(tmp_path, [row(nik=nik(serial="0099"))], out_path=out, progress=progress)
    assert out.read_bytes() == before
    assert list(tmp_path.glob(".run-*")) == []


def test_a_completed_run_replaces_the_results_and_leaves_no_work_directory(tmp_path):
    out = tmp_path / "results.parquet"
    run(tmp_path, mixed_rows(), out_path=out)
    _, df = run(tmp_path, [row(nik=nik(serial="0099"))], out_path=out)
    assert df.height == 1
    assert list(tmp_path.glob(".run-*")) == []


# --- the NIK at rest -----------------------------------------------------------------------------

def test_the_encrypted_nik_decrypts_to_the_cleaned_nik(tmp_path):
    rows = [row(nik="5203 0115.0690-0001"), row(nik="abc"),
            row(nik=nik(area="517101", serial="0002")), row(nik=nik(serial="0000"))]
    result, df = run(tmp_path, rows)
    df = df.sort("row_no")
    plain = decrypt_niks(df["nik_enc"], df["row_no"], key=CIPHER_KEY,
                         nonce=bytes.fromhex(result.nonce))
    assert plain[0] == "5203011506900001"
    assert plain[2] == "5171011506900002"
    assert plain[3] == "5203011506900000"  # 16 digits but invalid: still the cleaned NIK
    wrong = decrypt_niks(df["nik_enc"], df["row_no"], key=bytes(32),
                         nonce=bytes.fromhex(result.nonce))
    assert wrong[0] != "5203011506900001"


def test_the_result_file_holds_no_full_nik(tmp_path):
    niks = [nik(serial="0001"), nik(serial="0002", female=True), nik(area="517101")]
    rows = [row(nik=niks[0]), row(nik=niks[1], sex="P"), row(nik=niks[2]), row(nik=niks[0])]
    _, df = run(tmp_path, rows)
    assert "nik" not in df.columns
    numbers = {int(n) for n in niks}
    for name, dtype in df.schema.items():
        values = df[name].drop_nulls().to_list()
        if dtype == pl.String:
            for value in values:
                assert not any(n in value.replace(" ", "").replace(".", "").replace("-", "")
                               for n in niks), (name, value)
        elif dtype.is_integer():
            assert not numbers & set(values), name
    raw = (tmp_path / "list.parquet").read_bytes()
    assert not any(n.encode() in raw for n in niks)


# --- counts ------------------------------------------------------------------------------------------

def test_the_counts_cover_every_outcome_and_sum_to_the_rows(tmp_path):
    dup = nik(serial="0001")
    part = participants_file(tmp_path, [(nik(serial="0002"), "aktif")])
    deceased = write_csv(tmp_path / "deceased.csv", ["nik", "date_of_death"],
                         [{"nik": nik(serial="0003"), "date_of_death": "2025-01-01"}])
    others = other_region_file(tmp_path, "52.02", [nik(serial="0004")])
    rows = [row(nik=dup), row(nik=dup), row(nik=dup), row(nik=nik(serial="0002")),
            row(nik=nik(serial="0003")), row(nik=nik(serial="0004")), row(nik=""),
            row(nik="1"), row(nik=nik(serial="0005")), row(nik=nik(serial="0006"))]
    result, df = run(tmp_path, rows, participants=part, deceased=deceased, others=[others])
    assert result.counts == {"invalid": 2, "duplicate": 2, "deceased": 1, "already_active": 1,
                             "conflict": 1, "eligible": 3, "total": 10}
    assert set(result.counts) == {"total", *OUTCOMES}
    assert sum(v for k, v in result.counts.items() if k != "total") == result.counts["total"]
    assert result.counts["total"] == df.height
    assert result.reasons == {"nik_missing": 1, "nik_format": 1}
    assert result.path == tmp_path / "list.parquet"


# --- participant files by region, unreadable rows ------------------------------------------------

def test_a_region_code_names_its_regency():
    from ucj.registry.engine import regency_code

    codes = ["52.03", "5203", " 52.03.01.2001 ", "5203012001", "52", "", None, "52.3", "abc"]
    frame = pl.DataFrame({"region_code": codes}, schema={"region_code": pl.String})
    assert frame.select(regency_code())["region_code"].to_list() == [
        "52.03", "52.03", "52.03", "52.03", None, None, None, None, None]


def test_a_participant_file_is_kept_per_allowed_region_and_the_rest_set_aside(tmp_path):
    from ucj.registry.engine import load_participant_regions

    rows = [{"nik": nik(serial="0001"), "status": "aktif", "region_code": "52.03",
             "last_paid_month": "2026-04"},
            {"nik": nik(area="520101", serial="0002"), "status": "aktif",
             "region_code": "5201", "last_paid_month": "2026-05"},
            {"nik": nik(serial="0003"), "status": "nonaktif", "region_code": "52.03.01",
             "last_paid_month": ""},
            {"nik": nik(area="520201", serial="0004"), "status": "aktif",
             "region_code": "52.02", "last_paid_month": "2026-05"},
            {"nik": nik(serial="0005"), "status": "aktif", "region_code": "",
             "last_paid_month": "2026-05"},
            {"nik": nik(serial="0006"), "status": "aktif", "region_code": "99.99",
             "last_paid_month": "2026-05"}]
    csv_path = write_csv(tmp_path / "peserta.csv", ["nik", "status", "segment", "region_code",
                                                   "last_paid_month"], rows)
    summary = load_participant_regions(
        csv_path=csv_path, out_dir=tmp_path / "out", key=HASH_KEY, mapping=None,
        known={"52.01", "52.02", "52.03"}, allowed={"52.01", "52.03"})
    regions = summary.pop("regions")
    assert summary == {"rows": 6, "participants": 3, "active": 2, "unreadable": 0,
                       "outside_scope": 1, "outside_regions": {"52.02": 1},
                       "outside_rows": [5], "unknown_region": 2, "unknown_rows": [6, 7]}
    assert sorted(regions) == ["52.01", "52.03"]
    lotim = regions["52.03"]
    assert (lotim["participants"], lotim["active"]) == (2, 1)
    assert str(lotim["last_paid_month"]) == "2026-04-01"
    table = pl.read_parquet(lotim["path"])
    assert "nik" not in table.columns and set(table["region_code"]) == {"52.03"}
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["52.01.parquet",
                                                                    "52.03.parquet"]


def test_the_first_unreadable_row_is_named_by_its_line(tmp_path):
    from ucj.registry.failures import first_unreadable_line

    good = tmp_path / "good.csv"
    good.write_text('nik,name\n1,"Budi, S."\n2,"Siti\nAminah"\n', encoding="utf-8")
    assert first_unreadable_line(good) is None
    bad = tmp_path / "bad.csv"
    bad.write_text('nik,name\n1,Budi\n2,"Siti\n3,Lalu\n', encoding="utf-8")
    assert first_unreadable_line(bad) == 3
    stray = tmp_path / "stray.csv"
    stray.write_text('nik,name\n1,Budi\n2,Lalu\n3,"Siti" Aminah\n', encoding="utf-8")
    assert first_unreadable_line(stray) == 4


# --- out of core (issue 21): a chunk at a time within the memory limit ---------------------------

def test_a_list_read_in_many_chunks_gives_the_results_of_one(tmp_path, monkeypatch):
    from ucj.registry import engine

    rows = []
    for i in range(60):  # duplicates across chunks, an invalid first copy, blank lines
        rows += [row(nik=nik(serial=f"{i % 25 + 1:04d}")),
                 row(nik=nik(serial=f"{i % 7 + 30:04d}"), desil="x" if i < 7 else "3"),
                 dict.fromkeys(LIST_COLUMNS, "") if i % 11 == 0 else row(nik="52030115")]
    deceased = write_csv(tmp_path / "deceased.csv", ["nik"], [{"nik": nik(serial="0003")}])
    part = participants_file(tmp_path, [(nik(serial="0004"), "aktif")])
    whole, a = run(tmp_path, rows, name="whole", deceased=deceased, participants=part)
    calls = []
    real = engine.row_results
    monkeypatch.setattr(engine, "row_results",
                        lambda chunk, *args: calls.append(chunk.height) or real(chunk, *args))
    monkeypatch.setattr(engine, "CHUNK_ROWS", (16, 16))
    chunked, b = run(tmp_path, rows, name="chunked", deceased=deceased, participants=part,
                     cfg=config(memory_limit="1MB"))
    assert len(calls) > 5 and sum(calls) == len(rows)
    assert a.drop("nik_enc").equals(b.drop("nik_enc"))
    assert (whole.counts, whole.flags, whole.reasons) == (
        chunked.counts, chunked.flags, chunked.reasons)
    assert whole.counts["duplicate"] > 30 and whole.counts["total"] == len(rows) - 6


@pytest.mark.parametrize(("limit", "size"), [("1.5GB", 1.5 * 2**30), ("800MB", 800 * 2**20),
                                            ("2 GiB", 2 * 2**30), ("1048576", 2**20)])
def test_the_memory_limit_is_read_as_written_in_the_settings(limit, size):
    from ucj.registry.engine import memory_bytes

    assert memory_bytes(limit) == size


def test_a_memory_limit_that_is_no_size_is_refused():
    from ucj.registry.engine import memory_bytes

    with pytest.raises(ValueError, match="not a memory size"):
        memory_bytes("a lot")


def test_a_smaller_memory_limit_reads_smaller_chunks():
    from ucj.registry.engine import CHUNK_ROWS, chunk_rows

    assert CHUNK_ROWS[0] <= chunk_rows("800MB") < chunk_rows("1.5GB") <= CHUNK_ROWS[1]
