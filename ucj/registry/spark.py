"""The registry on Apache Spark (``UCJ_REGISTRY_ENGINE=spark``): a list matched beyond one
machine, with the same results as the embedded engine (``ucj.registry.engine``), row for row.

- The row-local half runs the embedded engine's own code: ``engine_rows.row_results`` on each
  Arrow batch of each partition (``mapInArrow``), under the same ``RowRules`` (made once here,
  shipped with the task): the checks, the pseudonyms and the NIK cipher cannot differ.
- The cross-row half is Spark's: the first clean row of each NIK (an aggregation), and joins
  with the participants (on the pseudonym), the deceased (on the NIK number) and the other
  regions' lists (on the pseudonym, their lowest region), then the outcome by the precedence
  of ``engine_join.OUTCOMES``. tests/test_registry_spark.py holds it to the embedded
  ``engine_join.across`` on a list made to tell them apart.
- The list, the deceased list and the participant files are first staged as Parquet by the
  embedded reader (one streaming pass, bounded memory): the line numbers, the CSV dialect and
  the cleaning of a NIK are the embedded engine's. Spark has no unsigned integers: 64-bit
  values (pseudonyms, the cipher) travel as their signed bit patterns and come back as they
  were; the result file is the embedded engine's, column for column.
- The run's working directory is beside the result (the registry directory): on a cluster it
  must be storage every executor reads and writes (docs/scale.md).

pyspark and Java are needed only here: the module imports pyspark when a run starts (a heavy,
optional library: the extra ``spark`` of pyproject.toml)."""

from __future__ import annotations

import dataclasses
import os
import shutil
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path

import polars as pl
import pyarrow.parquet as pq
from django.conf import settings

from ucj.registry.engine import (
    PLAIN,
    RESULT_COLUMNS,
    RESULT_SCHEMA,
    Cancelled,
    Layout,
    MatchConfig,
    MatchResult,
    _result,
)
from ucj.registry.engine_rows import (
    LIST_COLUMNS,
    ROW_SCHEMA,
    RowRules,
    _scan,
    _sources,
    nik_numbers,
)
from ucj.registry.rules import FLAG_BITS, REASON_BITS
from ucj.registry.spark_worker import UNSIGNED, rows_on_executor

BATCH_ROWS = 50_000  # rows of an Arrow batch handed to row_results on an executor
MERGE_ROWS = 250_000  # rows of the result file written at a time on the driver
# the result's text columns, as the list has them: copied from the staged list by the driver
# (one streaming pass), never through Spark
TEXT_COLUMNS = {"name": "name", "birth_date_text": "birth_date", "village_code": "village_code",
                "occupation": "occupation", "category": "category", "phone": "phone",
                "source": "source"}


def session(master: str | None = None):
    """The Spark session of this process (made once): ``master`` or UCJ_SPARK_MASTER
    (``local[2]``: this machine's two cores), the driver's memory UCJ_SPARK_DRIVER_MEMORY;
    Python workers run this interpreter and find this project and its settings."""
    # pyspark is optional and heavy (a JVM): imported only when the Spark path runs
    from pyspark.sql import SparkSession

    master = master or settings.UCJ_SPARK_MASTER
    if master.startswith("local"):
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")  # not another interface
    # the workers' Python: this one, with this project's libraries (on a cluster: set it)
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    builder = (SparkSession.builder.master(master).appName("ucj-registry")
               .config("spark.ui.enabled", "false")
               .config("spark.driver.memory", settings.UCJ_SPARK_DRIVER_MEMORY)
               .config("spark.sql.shuffle.partitions", "16")
               .config("spark.sql.session.timeZone", "UTC")
               .config("spark.sql.execution.arrow.maxRecordsPerBatch", str(BATCH_ROWS))
               .config("spark.executorEnv.PYTHONPATH", str(settings.BASE_DIR))
               .config("spark.executorEnv.DJANGO_SETTINGS_MODULE",
                       os.environ.get("DJANGO_SETTINGS_MODULE", "ucj.settings")))
    return builder.getOrCreate()


def _spark_type(dtype):
    from pyspark.sql import types as T  # see session()

    if dtype in UNSIGNED or dtype == pl.Int64:
        return T.LongType()
    return {pl.Int32: T.IntegerType(), pl.Boolean: T.BooleanType(), pl.Date: T.DateType(),
            pl.String: T.StringType()}[dtype]


def _stage(workdir: Path, list_path: Path, mapping: dict[str, str], layout: Layout,
           participants: list[Path], deceased: Path | None, others: list[Path],
           deceased_column: str, deceased_layout: Layout) -> dict[str, Path | None]:
    """The inputs as Parquet that Spark reads, by the embedded reader (streaming): the list
    (its line numbers, text columns as read), the participants' pseudonyms and whether
    active, the deceased's NIK numbers, the other lists' pseudonyms and regions."""
    staged: dict[str, Path | None] = dict.fromkeys(["participants", "dead", "other"])
    staged["list"] = workdir / "list.parquet"
    lf, _ = _scan(list_path, _sources(mapping, LIST_COLUMNS), LIST_COLUMNS, layout=layout)
    lf.sink_parquet(staged["list"], row_group_size=MERGE_ROWS)
    hashes = [pl.col("hash_hi").reinterpret(signed=True), pl.col("hash_lo").reinterpret(signed=True)]
    if participants:
        staged["participants"] = workdir / "participants.parquet"
        pl.concat([pl.scan_parquet(p).select("hash_hi", "hash_lo", "active")
                   for p in participants]).drop_nulls(["hash_hi", "hash_lo"]).select(
            *hashes, active=pl.col("active").fill_null(False)
        ).sink_parquet(staged["participants"])
    if deceased:
        staged["dead"] = workdir / "dead.parquet"
        pl.scan_csv(deceased, separator=deceased_layout.delimiter, infer_schema=False,
                    truncate_ragged_lines=True, encoding="utf8-lossy").select(
            nik_numbers(deceased_column).cast(pl.Int64).alias("nik_number")
        ).drop_nulls().unique().sink_parquet(staged["dead"])
    if others:
        staged["other"] = workdir / "other.parquet"
        pl.concat([pl.scan_parquet(p).select("hash_hi", "hash_lo", "region_code")
                   for p in others]).drop_nulls(["hash_hi", "hash_lo"]).select(
            *hashes, "region_code").sink_parquet(staged["other"])
    return staged


def _across(spark, rows, staged: dict[str, Path | None]):
    """The cross-row results in Spark (see the module's docstring): the rows with
    ``duplicate_of``, ``participant_known``, ``participant_active``, ``is_deceased``,
    ``conflict_region`` and ``outcome``."""
    from pyspark.sql import functions as F  # see session()

    first = (rows.filter("clean").groupBy("nik_number")
             .agg(F.min("row_no").alias("first_row")))
    joined = rows.join(first, "nik_number", "left")
    if staged["participants"]:
        known = (spark.read.parquet(str(staged["participants"]))
                 .groupBy("hash_hi", "hash_lo")
                 .agg(F.lit(True).alias("known"), F.bool_or("active").alias("active")))
        joined = joined.join(known, ["hash_hi", "hash_lo"], "left")
    else:
        joined = joined.select("*", F.lit(None).cast("boolean").alias("known"),
                               F.lit(None).cast("boolean").alias("active"))
    if staged["dead"]:
        dead = spark.read.parquet(str(staged["dead"])).select(
            "nik_number", F.lit(True).alias("dead"))
        joined = joined.join(dead, "nik_number", "left")
    else:
        joined = joined.select("*", F.lit(None).cast("boolean").alias("dead"))
    if staged["other"]:
        other = (spark.read.parquet(str(staged["other"])).groupBy("hash_hi", "hash_lo")
                 .agg(F.min("region_code").alias("conflict_region")))
        joined = joined.join(other, ["hash_hi", "hash_lo"], "left")
    else:
        joined = joined.select("*", F.lit(None).cast("string").alias("conflict_region"))
    duplicate = F.col("clean") & (F.col("row_no") > F.col("first_row"))
    flags = {"participant_known": F.coalesce("known", F.lit(False)),
             "participant_active": F.coalesce("active", F.lit(False)),
             "is_deceased": F.coalesce("dead", F.lit(False))}
    # the precedence of OUTCOMES (the embedded engine_join.across)
    outcome = (F.when(F.col("reason_mask") > 0, F.lit("invalid"))
               .when(duplicate, F.lit("duplicate"))
               .when(flags["is_deceased"], F.lit("deceased"))
               .when(flags["participant_active"], F.lit("already_active"))
               .when(F.col("conflict_region").isNotNull(), F.lit("conflict"))
               .otherwise(F.lit("eligible")))
    columns = {c: F.col(c) for c in RESULT_COLUMNS if c not in TEXT_COLUMNS} | flags | {
        "outcome": outcome, "duplicate_of": F.when(duplicate, F.col("first_row"))}
    return joined.select([columns[c].alias(c) for c in RESULT_COLUMNS if c in columns])


def _merge(folder: Path, staged_list: Path, tmp: Path) -> None:
    """Spark's result parts (each sorted, ranges of line numbers, without the text columns) as
    one Parquet file in the embedded engine's schema, a part at a time in the order of their
    first line, each beside the text columns of the same rows of the staged list (blank lines
    aside, as ``row_results`` leaves them out): the text never travels through Spark, and the
    driver holds MERGE_ROWS rows at a time."""
    parts = []
    for part in folder.glob("part-*.parquet"):
        meta = pq.ParquetFile(part).metadata
        if meta.num_rows:
            parts.append((meta.row_group(0).column(0).statistics.min, part))
    blank = pl.all_horizontal([pl.col(c).is_null() for c in LIST_COLUMNS])
    writer = None
    try:
        for batch in (batch for _first, part in sorted(parts)
                      for batch in pq.ParquetFile(part).iter_batches(batch_size=MERGE_ROWS)):
            judged = pl.from_arrow(batch).with_columns(
                [pl.col(c).reinterpret(signed=False) if t == pl.UInt64 else pl.col(c).cast(t)
                 for c, t in RESULT_SCHEMA.items() if c not in TEXT_COLUMNS])
            # the staged list's row groups of these lines only (their statistics)
            words = pl.scan_parquet(staged_list).filter(
                pl.col("row_no").is_between(judged["row_no"].min(), judged["row_no"].max())
                & ~blank).select(
                pl.col("row_no").alias("text_row_no"),
                *(pl.col(source).alias(c) for c, source in TEXT_COLUMNS.items())).collect()
            if words.height != judged.height or (
                    words["text_row_no"] != judged["row_no"]).any():
                raise RuntimeError("Spark's results and the list's rows are not the same rows")
            table = pl.concat([judged, words], how="horizontal").select(RESULT_COLUMNS)
            table = table.to_arrow()
            if writer is None:
                writer = pq.ParquetWriter(tmp, table.schema, compression="lz4")
            writer.write_table(table, row_group_size=MERGE_ROWS)
        if writer is None:
            pl.DataFrame(schema=RESULT_SCHEMA).write_parquet(tmp, compression="lz4")
    finally:
        if writer is not None:
            writer.close()


def _counts(path: Path) -> tuple[dict[str, int], dict[str, int]]:
    """A result file's counts by outcome, and by reason and flag bit."""
    lf = pl.scan_parquet(path)
    by_outcome, bits = pl.collect_all([
        lf.group_by("outcome").len(),
        lf.select([((pl.col("reason_mask") & (1 << i)) > 0).sum().alias(code)
                   for i, code in enumerate(REASON_BITS)]
                  + [((pl.col("flag_mask") & (1 << i)) > 0).sum().alias("flag_" + code)
                     for i, code in enumerate(FLAG_BITS)])])
    return dict(by_outcome.iter_rows()), bits.row(0, named=True)


def match_list(*, list_path: Path, config: MatchConfig, out_path: Path,
               mapping: dict[str, str] | None = None,
               participants: Path | list[Path] | None = None,
               deceased: Path | None = None, others: list[Path] = (),
               progress: Callable[[int, str], None] | None = None,
               cancelled: Callable[[], bool] | None = None, layout: Layout = PLAIN,
               deceased_column: str = "nik", deceased_layout: Layout = PLAIN,
               master: str | None = None) -> MatchResult:
    """``engine.match_list`` on Spark (same arguments, same result file, same counts);
    ``master``: the Spark master (default UCJ_SPARK_MASTER)."""
    started = time.perf_counter()
    if isinstance(participants, (str, Path)):
        participants = [Path(participants)]
    workdir = out_path.parent / f".run-{uuid.uuid4().hex}"
    workdir.mkdir(parents=True)

    def step(percent: int, label: str) -> None:
        if cancelled and cancelled():
            raise Cancelled
        if progress:
            progress(percent, label)

    try:
        step(2, "read")
        staged = _stage(workdir, list_path, mapping or {c: c for c in LIST_COLUMNS}, layout,
                        list(participants or []), deceased, list(others), deceased_column,
                        deceased_layout)
        spark = session(master)
        nonce = os.urandom(8)
        judged = [c for c in ROW_SCHEMA if c not in TEXT_COLUMNS]
        step(30, "validate")
        (spark.read.parquet(str(staged["list"]))
         .mapInArrow(rows_on_executor(dataclasses.asdict(RowRules.of(config, nonce)), judged),
                    _struct({c: ROW_SCHEMA[c] for c in judged}))
         .write.parquet(str(workdir / "rows")))
        step(50, "duplicates")
        rows = spark.read.parquet(str(workdir / "rows"))
        (_across(spark, rows, staged).orderBy("row_no")
         .write.parquet(str(workdir / "result")))
        step(82, "write")
        tmp = workdir / "result.parquet"
        _merge(workdir / "result", staged["list"], tmp)
        counts, masks = _counts(tmp)
        if cancelled and cancelled():
            raise Cancelled
        out_path.parent.mkdir(parents=True, exist_ok=True)
        os.replace(tmp, out_path)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return _result(counts, masks, time.perf_counter() - started, out_path, nonce)


def _struct(schema: dict):
    from pyspark.sql import types as T  # see session()

    return T.StructType([T.StructField(c, _spark_type(t)) for c, t in schema.items()])

