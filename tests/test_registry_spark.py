"""The registry on Apache Spark (local mode) gives the embedded engine's results row for row
(issue 21, item 4): every column of the result file, the counts, the flags and the reasons, on
a list made to tell two engines apart — duplicates within the list (an invalid first copy, a
valid later one), NIKs on two other regions' lists (the lowest region named), participants
active and not, the deceased, invalid rows of every kind, NIKs and dates written as offices
write them, and blank lines.

One Spark session (local[2]) for the module, one run of each engine: the test touches no
database, so scripts/run-tests runs it in the SQLite pass only. Needs Java 17 (the Makefile's
test target checks for it)."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import polars as pl
import pytest

from ucj.registry import spark as spark_engine
from ucj.registry.engine import (
    LIST_COLUMNS,
    OUTCOMES,
    MatchConfig,
    decrypt_niks,
    load_participants,
    match_list,
)
from ucj.registry.synthetic import generate

pytestmark = [
    pytest.mark.skipif(shutil.which("java") is None,
                       reason="the Spark path needs Java 17 (make test checks for it)"),
    # pyspark 4.3 warns that it does not yet fully support pandas 3 (which it does not use here)
    pytest.mark.filterwarnings("ignore:PySpark does not yet fully support pandas:FutureWarning"),
]

HASH_KEY = bytes(range(32))
CIPHER_KEY = bytes(range(100, 132))


def config(region="52.03"):
    return MatchConfig(region_code=region, year=2026, hash_key=HASH_KEY, cipher_key=CIPHER_KEY)


def nik(area="520301", day=15, month=6, year=90, female=False, serial="0001"):
    return f"{area}{day + (40 if female else 0):02d}{month:02d}{year:02d}{serial}"


def person(**fields):
    base = {"nik": nik(), "name": "Budi Santoso", "birth_date": "1990-06-15", "sex": "L",
            "village_code": "", "occupation": "Petani", "category": "petani", "desil": "3",
            "phone": "", "source": "DTSEN"}
    return base | fields


# rows appended to a synthetic list: what the generator does not write
EDGES = [
    person(nik="5203 0115-0690.9001"),  # cleaned to 16 digits
    person(nik="52030115069090010"),  # 17 digits
    person(nik="+203011506909002"),
    person(nik=""),
    person(nik=nik(serial="9003"), birth_date="15 Juni 1990"),  # as offices write it
    person(nik=nik(serial="9004"), birth_date="15/06/1990", sex="laki-laki"),
    person(nik=nik(serial="9005"), birth_date="bukan tanggal"),
    person(nik=nik(serial="9006"), sex="X"),
    person(nik=nik(serial="9007"), desil="11"),
    person(nik=nik(serial="9008"), desil=" 7 "),
    person(nik=nik(serial="9009"), name=" "),
    person(nik=nik(serial="9010"), village_code="52.03.99.9999"),
    person(nik=nik(serial="9011", female=True), sex="P"),
    person(nik=nik(serial="9012", female=True), sex="L"),  # sex mismatch
    person(nik=nik(serial="0000")),
    person(nik=nik(area="510101", serial="9013")),  # another province: flagged
    person(nik=nik(area="520201", serial="9014")),  # another regency: flagged
    dict.fromkeys(LIST_COLUMNS, ""),  # a blank line
    person(nik=nik(serial="9015"), desil="x"),  # an invalid first copy …
    person(nik=nik(serial="9015")),  # … does not knock out a valid later one
    person(nik=nik(serial="9016")), person(nik=nik(serial="9016")),  # a duplicate
    person(nik=nik(serial="9017")), person(nik=nik(serial="9017")),  # dead and duplicated
    person(nik=nik(serial="9018")),  # on two other regions' lists
    person(nik=nik(serial="9019")),  # an active participant on another region's list
    person(nik=nik(serial="9020")),  # a participant, not active
]


def _list(tmp_path: Path) -> dict:
    """A synthetic list of a few thousand rows with the edges appended, its participants (and
    some of the edges'), its deceased and two other regions' lists."""
    base = tmp_path / "generated.csv"
    generate(list_path=base, participants_path=tmp_path / "participants.csv",
             deceased_path=tmp_path / "deceased.csv", rows=3000, participants=1500,
             duplicates=0.05, dead=0.01, malformed=0.05, seed=0.21)
    list_path = tmp_path / "list.csv"
    with open(base, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    with open(list_path, "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=LIST_COLUMNS)
        writer.writeheader()
        writer.writerows(rows[:1000] + EDGES + rows[1000:])
    with open(tmp_path / "participants.csv", "a", encoding="utf-8") as f:
        f.write(f"{nik(serial='9019')},aktif,BPU,52.03,2026-01\n"
                f"{nik(serial='9020')},nonaktif,BPU,52.03,2026-01\n")
    with open(tmp_path / "deceased.csv", "a", encoding="utf-8") as f:
        f.write(f"{nik(serial='9017')},2025-12-01\n")
    participants = tmp_path / "participants.parquet"
    load_participants(csv_path=tmp_path / "participants.csv", out_path=participants,
                      key=HASH_KEY)
    others = []
    for region, picked in (("52.02", rows[2000:2100]), ("52.01", rows[2050:2150])):
        niks = [r["nik"] for r in picked] + [nik(serial="9018"), nik(serial="9019")]
        path = tmp_path / f"other-{region}.csv"
        with open(path, "w", newline="", encoding="utf-8") as f:
            writer = csv.DictWriter(f, fieldnames=LIST_COLUMNS)
            writer.writeheader()
            writer.writerows(person(nik=n) for n in niks)
        result = match_list(list_path=path, config=config(region),
                            out_path=tmp_path / f"other-{region}.parquet")
        eligible = tmp_path / f"other-{region}-eligible.parquet"
        pl.read_parquet(result.path).filter(pl.col("outcome") == "eligible").select(
            "hash_hi", "hash_lo", region_code=pl.lit(region)).write_parquet(eligible)
        others.append(eligible)
    return {"list_path": list_path, "participants": participants,
            "deceased": tmp_path / "deceased.csv", "others": others}


@pytest.fixture(scope="module")
def spark():
    session = spark_engine.session("local[2]")
    yield session
    session.stop()


def test_spark_gives_the_embedded_results_row_for_row(spark, tmp_path):
    inputs = _list(tmp_path)
    embedded = match_list(config=config(), out_path=tmp_path / "embedded.parquet", **inputs)
    distributed = spark_engine.match_list(config=config(), out_path=tmp_path / "spark.parquet",
                                          master="local[2]", **inputs)
    a, b = pl.read_parquet(embedded.path), pl.read_parquet(distributed.path)

    # the list tells the engines apart: every outcome, reason and flag the edges carry
    assert all(embedded.counts[outcome] > 0 for outcome in OUTCOMES), embedded.counts
    assert {"nik_format", "nik_missing", "birth_date_invalid", "sex_invalid", "desil_invalid",
            "name_missing", "nik_sex_mismatch", "nik_serial_zero"} <= set(embedded.reasons)
    assert set(embedded.flags) == {"outside_province", "other_regency", "village_unknown"}
    assert a.height == embedded.counts["total"] > 3000

    assert a.schema == b.schema
    assert a["row_no"].is_sorted() and b["row_no"].is_sorted()
    assert a.drop("nik_enc").equals(b.drop("nik_enc"))
    # the NIK cipher is per run (its nonce): each file decrypts to the same NIKs
    valid = a["hash_hi"].is_not_null()
    assert decrypt_niks(a.filter(valid)["nik_enc"], a.filter(valid)["row_no"], key=CIPHER_KEY,
                        nonce=bytes.fromhex(embedded.nonce)) == decrypt_niks(
        b.filter(valid)["nik_enc"], b.filter(valid)["row_no"], key=CIPHER_KEY,
        nonce=bytes.fromhex(distributed.nonce))
    assert (distributed.counts, distributed.flags, distributed.reasons) == (
        embedded.counts, embedded.flags, embedded.reasons)
    # the edges, as both engines judge them (line 1002 on: 1000 generated rows first)
    edge = {r["row_no"]: r for r in b.filter(pl.col("row_no") >= 1002).head(len(EDGES))
            .iter_rows(named=True)}
    line = 1002 + EDGES.index(person(nik=nik(serial="9015")))
    assert edge[line]["outcome"] == "eligible"  # the invalid copy before it does not count
    assert edge[line + 2]["duplicate_of"] == line + 1
    assert (edge[line + 3]["outcome"], edge[line + 4]["outcome"]) == ("deceased", "duplicate")
    assert edge[line + 5]["conflict_region"] == "52.01"  # the lowest of the two
    assert edge[line + 6]["outcome"] == "already_active"
    assert edge[line + 7]["participant_known"] and not edge[line + 7]["participant_active"]
