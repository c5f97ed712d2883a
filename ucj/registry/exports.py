"""A match run's results CSV, written once in the background and served as a file.

The CSV of a national-scale run (millions of rows, hundreds of MB) cannot be built inside a
request: the web process would hold a worker for a minute and gigabytes of memory. Instead the
results page asks for a :class:`~ucj.registry.models.ResultExport` — one per run × form (whole
rows or coarse rows, decided by the capability table for the asking user, never by the
request) × filters — and the background worker writes it with Polars from the run's Parquet
file, in slices of rows (bounded memory, progress in the database), to
``runs/<run id>/exports/<export id>.csv`` next to the Parquet file. The view then serves that
file (``FileResponse``), audited as every export.

The columns, the coarse form (regency and age band instead of anything that narrows a NIK
down) and the spreadsheet-formula neutralising are those of the streamed CSV this replaces
(``views.EXPORT_HEADER``/``COARSE_EXPORT_HEADER``, ``ucj.core.csvexport``)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import os
import re
from pathlib import Path

import polars as pl
from django.db import IntegrityError, transaction
from django.utils import timezone
from django_tasks import task

from ucj.core.csvexport import FORMULA_PREFIXES
from ucj.registry import rules, selectors
from ucj.registry.files import registry_dir, registry_mirror, stored_path
from ucj.registry.models import ExportStatus, MatchRun, ResultExport, RunStatus

logger = logging.getLogger("ucj.registry")

FORMULA = "^[" + re.escape("".join(FORMULA_PREFIXES)) + "]"  # a text starting like one
SLICE_ROWS = 500_000  # row numbers per slice: two of the Parquet file's row groups
KEEP_PER_RUN = 20  # files kept per run (the oldest others are deleted when a new one is asked)

PERSONAL_HEADER = ["row", "nik_masked", "name", "birth_date", "sex", "village_code",
                   "occupation", "category", "desil", "outcome", "reasons", "flags",
                   "duplicate_of", "conflict_region"]
COARSE_HEADER = ["row", "nik_masked", "region", "age_band", "outcome", "reasons", "flags",
                 "duplicate_of", "conflict_region"]


def variant_of(personal: bool, filters: dict[str, str]) -> str:
    """The digest naming one form and one set of filters of a run's CSV."""
    key = json.dumps({"personal": bool(personal),
                      "filters": {k: v for k, v in sorted(filters.items()) if v}},
                     sort_keys=True)
    return hashlib.sha256(key.encode()).hexdigest()


def filename(run: MatchRun) -> str:
    return f"hasil-pencocokan-{run.region.code}-{run.year}.csv"


# --- the columns -------------------------------------------------------------------------------

def _codes(column: str, bits: list[str]) -> pl.Expr:
    """The codes of a bit mask, space-separated (none for 0): looked up in a table of every
    mask (2^15 for the reasons), much cheaper than testing each bit of every row."""
    table = {mask: " ".join(rules.reason_codes(mask, bits)) or None
             for mask in range(1 << len(bits))}
    return pl.col(column).fill_null(0).cast(pl.Int64).replace_strict(
        table, default=None, return_dtype=pl.String)


def _age_band(year: int) -> pl.Expr:
    """selectors.age_band as an expression: the completed age on 1 January (clipped to 14 and
    65, which are "< 15" and "65+") looked up in a table of the bands."""
    birth = pl.col("birth_date")
    after_new_year = ((birth.dt.month() > 1) | (birth.dt.day() > 1)).cast(pl.Int32)
    age = (pl.lit(year, pl.Int32) - birth.dt.year().cast(pl.Int32) - after_new_year).clip(14, 65)
    table = {age: selectors.age_band(dt.date(year - age, 1, 1), year) for age in range(14, 66)}
    return age.replace_strict(table, default=None, return_dtype=pl.String)


def _text(expr: pl.Expr) -> pl.Expr:
    """Text as the streamed CSV wrote it: none for an empty text (Polars writes "" for an
    empty string, nothing for a null), a leading ' before what a spreadsheet would take for a
    formula (ucj.core.csvexport.neutralise)."""
    text = expr.cast(pl.String)
    return (pl.when(text == "").then(None)
            .when(text.str.contains(FORMULA)).then(pl.lit("'") + text)
            .otherwise(text))


def _none_if_zero(column: str) -> pl.Expr:
    """``value or ""`` of the streamed CSV for a number: none for 0."""
    return pl.when(pl.col(column) == 0).then(None).otherwise(pl.col(column))


def csv_frame(frame: pl.LazyFrame, *, personal: bool, year: int) -> pl.LazyFrame:
    """The rows of ``frame`` (the run's Parquet, filtered) as the CSV's columns, in order.
    Only text that comes from the uploaded list is neutralised; the outcome, the codes and
    the numbers are the engine's own."""
    common_tail = [
        pl.col("outcome"),
        _codes("reason_mask", rules.REASON_BITS).alias("reasons"),
        _codes("flag_mask", rules.FLAG_BITS).alias("flags"),
        _none_if_zero("duplicate_of").alias("duplicate_of"),
        _text(pl.col("conflict_region")).alias("conflict_region"),
    ]
    if personal:
        columns = [pl.col("row_no").alias("row"), _text(pl.col("nik_masked")).alias("nik_masked"),
                   _text(pl.col("name")).alias("name"), pl.col("birth_date"),
                   *[_text(pl.col(c)).alias(c) for c in ("sex", "village_code", "occupation",
                                                         "category")],
                   _none_if_zero("desil").alias("desil"), *common_tail]
    else:
        regency = pl.col("village_code").str.extract(r"^\s*(\d{2}\.\d{2})(?:\.|\s*$)", 1)
        columns = [pl.col("row_no").alias("row"), _text(pl.col("nik_masked")).alias("nik_masked"),
                   _text(regency).alias("region"), _age_band(year).alias("age_band"),
                   *common_tail]
    return frame.select(columns)


# --- writing -----------------------------------------------------------------------------------

def export_dir(run: MatchRun) -> Path:
    return stored_path(run.result_path).parent / "exports"


def write_csv(run: MatchRun, *, personal: bool, filters: dict[str, str], out: Path,
              progress=None) -> int:
    """Write the run's CSV to ``out`` in slices of ``SLICE_ROWS`` row numbers (each read from
    the Parquet file's row groups that hold it, and written before the next is read); the
    number of rows written. ``progress(percent)`` after each slice."""
    source = pl.scan_parquet(stored_path(run.result_path))
    low, high = source.select(pl.col("row_no").min().alias("low"),
                              pl.col("row_no").max().alias("high")).collect().row(0)
    rows = 0
    with open(out, "wb") as handle:
        if low is None:  # no rows at all: the header only
            pl.DataFrame(schema={c: pl.String for c in (
                PERSONAL_HEADER if personal else COARSE_HEADER)}).write_csv(
                handle, include_bom=True, line_terminator="\r\n")
            return 0
        starts = range(low, high + 1, SLICE_ROWS)
        for number, start in enumerate(starts, 1):
            part = selectors._filtered(run, **filters).filter(
                pl.col("row_no").is_between(start, start + SLICE_ROWS - 1))
            chunk = csv_frame(part, personal=personal, year=run.year).sort("row").collect()
            chunk.write_csv(handle, include_header=number == 1, include_bom=number == 1,
                            line_terminator="\r\n")
            rows += chunk.height
            del chunk
            if progress:
                progress(min(99, number * 100 // len(starts)))
    return rows


def export_execute(export_id: str) -> ResultExport | None:
    """The body of the task: write the file beside the run's Parquet (to a temporary name,
    renamed when complete), then mark the record ready. A failure is recorded without the
    exception's text (it might quote a row)."""
    export = ResultExport.objects.select_related("run", "run__region").filter(
        pk=export_id).first()
    if export is None or export.status == ExportStatus.DONE:
        return export
    run = export.run
    ResultExport.objects.filter(pk=export.pk).update(status=ExportStatus.RUNNING, progress=0)
    folder = export_dir(run)
    folder.mkdir(parents=True, exist_ok=True)
    out = folder / f"{export.pk}.csv"
    part = folder / f"{export.pk}.csv.part"
    try:
        rows = write_csv(run, personal=export.personal, filters=export.filters, out=part,
                         progress=lambda p: ResultExport.objects.filter(pk=export.pk).update(
                             progress=p))
        os.replace(part, out)
        _publish(out)
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as exc:  # a Rust panic is a BaseException
        kind = type(exc).__name__
        del exc
        part.unlink(missing_ok=True)
        ResultExport.objects.filter(pk=export.pk).update(
            status=ExportStatus.FAILED, finished_at=timezone.now(), error=kind[:200])
        logger.error("results file %s of run %s failed (%s)", export.pk, run.pk, kind)
        return ResultExport.objects.get(pk=export.pk)
    ResultExport.objects.filter(pk=export.pk).update(
        status=ExportStatus.DONE, progress=100, rows=rows, size=out.stat().st_size,
        path=str(out.relative_to(registry_dir().resolve())
                 if out.resolve().is_relative_to(registry_dir().resolve()) else out.resolve()),
        finished_at=timezone.now(), error="")
    return ResultExport.objects.get(pk=export.pk)


def _publish(path: Path) -> None:
    """Onto the registry's storage (ucj/core/storage.py): on the data folder the file is
    there already; on object storage it is uploaded, so that every web server finds it."""
    if path.resolve().is_relative_to(registry_dir().resolve()):
        registry_mirror().publish(path)


@task()
def export_task(export_id: str) -> None:
    export_execute(export_id)


# --- asking for a file ---------------------------------------------------------------------

def file_of(export: ResultExport) -> Path | None:
    """The stored file of a ready export, or None (not ready, or its file is gone)."""
    if export.status != ExportStatus.DONE or not export.path:
        return None
    try:
        path = stored_path(export.path)
    except FileNotFoundError:
        return None
    return path if path.is_file() else None


def find(run: MatchRun, *, personal: bool, filters: dict[str, str]) -> ResultExport | None:
    return ResultExport.objects.filter(run=run, variant=variant_of(personal, filters)).first()


def request_export(*, actor, run: MatchRun, personal: bool,
                   filters: dict[str, str]) -> ResultExport:
    """The export of this form and these filters: the existing one if it is ready, being
    written or queued; otherwise (new, failed, or its file gone) queued now. The caller has
    checked that ``actor`` reads the run in this form."""
    if run.status != RunStatus.DONE:
        raise ValueError("the run has no results")
    variant = variant_of(personal, filters)
    export = ResultExport.objects.filter(run=run, variant=variant).first()
    if export is not None and (export.status in (ExportStatus.QUEUED, ExportStatus.RUNNING)
                               or file_of(export) is not None):
        return export
    if export is None:
        _make_room(run)
        try:
            with transaction.atomic():
                export = ResultExport.objects.create(
                    run=run, variant=variant, personal=personal,
                    filters={k: v for k, v in filters.items() if v}, created_by=actor)
        except IntegrityError:  # asked for at the same moment by another request
            return ResultExport.objects.get(run=run, variant=variant)
    else:  # failed, or its file was removed: again
        ResultExport.objects.filter(pk=export.pk).update(
            status=ExportStatus.QUEUED, progress=0, path="", error="", finished_at=None)
        export.refresh_from_db()
    export_task.enqueue(str(export.pk))
    export.refresh_from_db()  # the immediate backend (tests) has written it already
    return export


def prepare_ahead(run: MatchRun) -> list[ResultExport]:
    """A finished run's unfiltered CSVs in both forms, queued for the worker as soon as the
    run is done: the results page's own download link is then a stored file."""
    if run.status != RunStatus.DONE or not run.result_path:
        return []
    return [request_export(actor=run.created_by, run=run, personal=personal, filters={})
            for personal in (True, False)]


def _make_room(run: MatchRun) -> None:
    """At most ``KEEP_PER_RUN`` files per run: the oldest finished ones go first."""
    finished = list(ResultExport.objects.filter(
        run=run, status__in=[ExportStatus.DONE, ExportStatus.FAILED]).order_by("-created_at")
        [KEEP_PER_RUN - 1:])
    for export in finished:
        delete(export)


def delete(export: ResultExport) -> None:
    if export.path and not Path(export.path).is_absolute():
        registry_mirror().delete(export.path)
    else:
        path = file_of(export)
        if path is not None:
            path.unlink(missing_ok=True)
    export.delete()
