"""What runs in Spark's Python workers for the registry (``ucj.registry.spark``): the embedded
engine's row-local work (``engine_rows.row_results``) on each Arrow batch of a partition.

This module imports no Django model: Spark unpickles the function below in a fresh worker
before anything has set Django up, so Django is set up first, in the function, and the engine
is imported after it. Spark has no unsigned integers: 64-bit values travel as their signed bit
patterns (``signed``) and the driver turns them back (``ucj.registry.spark``)."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import polars as pl
import pyarrow as pa

UNSIGNED = {pl.UInt64, pl.UInt32}


def arrow_type(dtype) -> pa.DataType:
    """The Arrow type Spark takes for a column of ``dtype`` (of engine_rows.ROW_SCHEMA)."""
    if dtype in UNSIGNED or dtype == pl.Int64:
        return pa.int64()
    return {pl.Int32: pa.int32(), pl.Boolean: pa.bool_(), pl.Date: pa.date32(),
            pl.String: pa.string()}[dtype]


def signed(frame: pl.DataFrame) -> pl.DataFrame:
    """Unsigned columns as Spark's 64-bit integers (a 64-bit value as its bit pattern)."""
    return frame.with_columns(
        [pl.col(c).reinterpret(signed=True) if t == pl.UInt64 else pl.col(c).cast(pl.Int64)
         for c, t in frame.schema.items() if t in UNSIGNED])


def rows_on_executor(rules: dict, columns: list[str]) -> Callable[
        [Iterator[pa.RecordBatch]], Iterator[pa.RecordBatch]]:
    """The function each partition's Arrow batches go through (``mapInArrow``):
    ``row_results`` under the run's rules (``RowRules``' fields, plain values: unpickled
    before Django is set up), its ``columns`` (of ``engine_rows.ROW_SCHEMA``)."""

    def run(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        import django

        django.setup()
        # after Django is set up: the engine's modules import models (see the docstring)
        from ucj.registry.engine_rows import ROW_SCHEMA, RowRules, row_results

        row_rules = RowRules(**rules)
        schema = pa.schema([(c, arrow_type(ROW_SCHEMA[c])) for c in columns])
        for batch in batches:
            done = signed(row_results(pl.from_arrow(batch), row_rules).select(columns))
            yield from pa.Table.from_arrays(
                [done[c].to_arrow().cast(schema.field(c).type) for c in columns],
                schema=schema).to_batches()

    return run
