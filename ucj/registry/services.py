"""Writes of the beneficiary registry: uploads, column mappings, match runs (a background task
each), participant files, funding, and the clean-up of raw uploads. Every one asks the
capability table (``ucj.accounts.scope``: ``require``/``allows``, with ``system=True`` where the
actor None — a management command on the server — is accepted) and is audited; none logs or
passes a NIK (task arguments are ids), and a failure is recorded by its row and reason, never
the row's content.

The mechanics are in modules of their own: where files live (``files``), reading an upload as
a table (``tables``), which column is which (``mapping``), why processing failed
(``failures``), how funded workers follow participant files (``funding``); the engine
(``engine``, ``rules``) validates and matches; reads are in ``selectors``. The tasks stay here,
under the names the task queue has recorded (``ucj.registry.services.run_match_task``, …)."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import shutil
import uuid
from pathlib import Path
from typing import cast

import polars as pl
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from ucj.accounts.models import User
from ucj.accounts.scope import (
    UPLOAD_CAPS,
    Cap,
    may_map_upload,
    may_process_upload,
    require,
)
from ucj.audit.models import Action
from ucj.audit.services import audit_log
from ucj.budget.services import expected_amount
from ucj.core.sandbox import LimitExceeded, run_limited
from ucj.core.storage import stored_names
from ucj.policy.selectors import category_order, working_age  # policy as data
from ucj.regions.models import Level, Region
from ucj.registry import engine, exports, spark
from ucj.registry.engine import pseudonym_hex
from ucj.registry.failures import ProcessingFailed, failure_text
from ucj.registry.files import (
    ORPHAN_GRACE,
    WORKING_COPY_SECONDS,
    layout_of,
    registry_dir,
    registry_mirror,
    stored_path,
)
from ucj.registry.funding import enrollments_track, funded_counts_apply
from ucj.registry.mapping import (
    COLUMNS,
    _initial_mapping,
    _signature,
    guess_mapping,
    mapping_missing,
    nik_number_problem,
)
from ucj.registry.models import (
    ColumnMapping,
    Enrollment,
    Kind,
    MatchRun,
    ParticipantData,
    RunStatus,
    SourceFile,
)
from ucj.registry.selectors import (
    deceased_usable,
    participant_data_for,
    participant_regions,
    ranked_eligible,
)
from ucj.registry.tables import _check_header, _csv_layout, _sniff, _store_csv, _xlsx_to_csv

# --- uploads -----------------------------------------------------------------------------------

def _xlsx_to_csv_limited(source: Path, target: Path) -> tuple[list[str], int, dict[str, int]]:
    """``_xlsx_to_csv`` in a child process with the time and memory limits of the import's
    background check: a workbook within the bounds still costs its reading, and whatever it
    does to the reader ends the child, not the web server."""
    try:
        return run_limited(_xlsx_to_csv, source, target,
                           seconds=settings.UCJ_IMPORT_CHECK_SECONDS,
                           memory_bytes=settings.UCJ_IMPORT_CHECK_MEMORY_MB * 2**20)
    except LimitExceeded as exc:
        raise ValidationError(exc.message) from None


def stage_table(raw: Path, name: str, target: Path, *, limited: bool = True
                ) -> tuple[list[str], int, str, dict[str, int]]:
    """An uploaded list read as a table: its type from its content, a workbook converted to
    CSV (in a limited child process unless ``limited`` is false), a CSV's layout (delimiter,
    encoding, title rows) found and the file stored as UTF-8 from its header on, into
    ``target``; the header checked. Returns (header, header row, delimiter, number columns);
    raises ValidationError with the reason. ``raw`` may be moved to ``target``."""
    numbers: dict[str, int] = {}
    if _sniff(raw, name) == "xlsx":
        convert = _xlsx_to_csv_limited if limited else _xlsx_to_csv
        header, header_row, numbers = convert(raw, target)
        delimiter = ","
    else:
        layout = _csv_layout(raw)
        header, header_row, delimiter = layout.header, layout.header_row, layout.delimiter
        if layout.rewrite:
            _store_csv(raw, target, layout)
        else:
            os.replace(raw, target)
    _check_header(header)
    return header, header_row, delimiter, numbers


def file_upload(*, actor, kind: str, upload, region=None, year: int | None = None
                ) -> SourceFile:
    """Store an uploaded CSV or XLSX (as CSV), with its checksum, header and layout; the column
    mapping is the standard one when the header is standard, else the one remembered for that
    header. What is not a readable table (an image, a PDF, UTF-16 or prose text), or whose NIK
    column (by the mapping, or the first guess from the names) is stored as numbers, is refused
    here, before a mapping page. The file is written and read outside any database
    transaction; it is never left without its record: whatever fails after it is written
    deletes it."""
    require(actor, UPLOAD_CAPS[kind], region, system=True)
    name = os.path.basename(upload.name)[:255]
    if upload.size > settings.UCJ_REGISTRY_MAX_UPLOAD_BYTES:
        raise ValidationError(_("The file is larger than the limit."))
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if ext not in ("csv", "txt", "xlsx"):
        raise ValidationError(_("Upload a CSV or an .xlsx file."))
    folder = registry_dir() / "uploads"
    folder.mkdir(exist_ok=True)
    file_id = uuid.uuid4()
    raw = folder / f"{file_id}.raw"
    path = folder / f"{file_id}.csv"
    digest = hashlib.sha256()
    try:
        with raw.open("wb") as handle:
            for chunk in upload.chunks():
                digest.update(chunk)
                handle.write(chunk)
        header, header_row, delimiter, numbers = stage_table(raw, name, path)
        raw.unlink(missing_ok=True)
        registry_mirror().publish(path)
        mapping = _initial_mapping(kind, header)
        source = SourceFile(
            id=file_id, kind=kind, region=region, year=year, original_name=name,
            sha256=digest.hexdigest(), size=upload.size, header=header, mapping=mapping,
            delimiter=delimiter, header_row=header_row, number_columns=numbers,
            path=str(path.relative_to(registry_dir())), uploaded_by=actor)
        problem = nik_number_problem(source, mapping or guess_mapping(kind, header))
        if problem:
            raise ValidationError(problem)
        with transaction.atomic():
            source.save(force_insert=True)
            audit_log(actor=actor, action=Action.UPLOAD, obj=source, region=region,
                      object_repr=f"{source.get_kind_display()} {name}",
                      note=f"sha256 {source.sha256}, {source.size} bytes")
    except BaseException:
        # no personal data left behind without a record
        raw.unlink(missing_ok=True)
        registry_mirror().delete(str(path.relative_to(registry_dir())))
        raise
    return source


def file_register(*, actor, kind: str, path: Path, region=None, year: int | None = None
                  ) -> SourceFile:
    """A file on the server's disk (the command line), with the standard header, used where it
    is — or, when it must be rewritten to be read (a title row, Windows-1252), as a copy in the
    registry's folder (deleted once processed, as an upload)."""
    require(actor, UPLOAD_CAPS[kind], region, system=True)
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(8 * 1024 * 1024):
            digest.update(chunk)
    if _sniff(path, path.name) != "csv":
        raise ValidationError(_("Give the command line a CSV file."))
    layout = _csv_layout(path)
    _check_header(layout.header)
    stored = path.resolve()
    if layout.rewrite:
        folder = registry_dir() / "uploads"
        folder.mkdir(exist_ok=True)
        stored = folder / f"{uuid.uuid4()}.csv"
        _store_csv(path, stored, layout)
        registry_mirror().publish(stored)
    header = layout.header
    standard = COLUMNS[kind]
    mapping = {c: c for c in standard if c in header}
    recorded = str(stored.relative_to(registry_dir())) if layout.rewrite else str(stored)
    try:
        source = SourceFile.objects.create(
            kind=kind, region=region, year=year, original_name=path.name[:255],
            sha256=digest.hexdigest(), size=path.stat().st_size, header=header, mapping=mapping,
            delimiter=layout.delimiter, header_row=layout.header_row, path=recorded,
            uploaded_by=actor)
    except BaseException:
        if layout.rewrite:
            registry_mirror().delete(str(stored.relative_to(registry_dir())))
        raise
    missing = mapping_missing(source)
    if missing:
        raise ValidationError(_("The file %(name)s lacks the columns: %(columns)s.") % {
            "name": path.name, "columns": ", ".join(missing)})
    audit_log(actor=actor, action=Action.UPLOAD, obj=source, region=region,
              object_repr=f"{source.get_kind_display()} {source.original_name}",
              note=f"sha256 {source.sha256}, {source.size} bytes (command line)")
    return source


@transaction.atomic
def mapping_set(*, actor, source: SourceFile, mapping: dict[str, str]) -> SourceFile:
    """Which of the file's columns is which; remembered for files with the same header."""
    if actor is not None and not may_map_upload(actor, source):
        raise PermissionDenied
    if source.processed_at is not None or not source.path:
        raise ValidationError(_("The file has been processed or deleted already; upload it "
                                "again to check it again."))
    mapping = {k: v for k, v in mapping.items() if v and k in COLUMNS[source.kind]}
    unknown = [v for v in mapping.values() if v not in source.header]
    if unknown:
        raise ValidationError(_("Unknown column: %(columns)s.") % {"columns": ", ".join(unknown)})
    chosen = list(mapping.values())
    if len(set(chosen)) != len(chosen):
        raise ValidationError(_("A column of the file can be used for one field only."))
    source.mapping = mapping
    missing = mapping_missing(source)
    if missing:
        raise ValidationError(_("Choose the column for: %(fields)s.") % {
            "fields": ", ".join(missing)})
    problem = nik_number_problem(source, mapping)
    if problem:
        raise ValidationError(problem)
    source.save(update_fields=["mapping"])
    ColumnMapping.objects.update_or_create(
        kind=source.kind, header_signature=_signature(source.header),
        defaults={"mapping": mapping, "updated_by": actor})
    return source


# --- raw uploads deleted -----------------------------------------------------------------------

def _delete_raw(source: SourceFile, *, at_once: bool = False, why: str = "") -> None:
    """The uploaded file goes once processed, unless a retention period is configured; at once
    (whatever the retention) when its processing failed or it was abandoned. A file given on
    the command line (outside the registry's folder) is the operator's to keep."""
    if not source.path or Path(source.path).is_absolute():
        return
    if settings.UCJ_REGISTRY_RETENTION_DAYS and not at_once:
        return
    try:
        registry_mirror().delete(source.path)
    except FileNotFoundError:
        pass  # a path that names no file of the registry: nothing to delete
    source.path, source.deleted_at = "", timezone.now()
    source.save(update_fields=["path", "deleted_at"])
    if why:
        audit_log(actor=None, action=Action.DELETE, obj=source, region=source.region,
                  object_repr=f"raw file of {source.get_kind_display()} "
                              f"{source.original_name}", note=why)


def file_discard(*, source: SourceFile) -> None:
    """An upload that will not be used (the rest of its form failed): its raw file now."""
    _delete_raw(source, at_once=True)


def purge_expired_uploads() -> int:
    """Delete processed raw uploads older than the retention period (when one is set)."""
    days = settings.UCJ_REGISTRY_RETENTION_DAYS
    if not days:
        return 0
    old = SourceFile.objects.filter(deleted_at__isnull=True,
                                    uploaded_at__lt=timezone.now() - dt.timedelta(days=days))
    count = 0
    for source in old.exclude(path=""):
        if Path(source.path).is_absolute():
            continue
        _delete_raw(source, at_once=True, why=f"retention of {days} days over")
        count += 1
    return count


def purge_abandoned_uploads() -> int:
    """Delete raw uploads never processed — left at the column mapping, never run, or whose job
    never came — once older than ``UCJ_REGISTRY_ABANDONED_HOURS`` (a list whose run is queued
    or running is in use: the run deletes it when it ends, and the user can cancel it), and
    every file of the uploads folder that no record names, once older than an hour (a crash
    between writing and recording). Returns the number of files deleted."""
    now = timezone.now()
    cutoff = now - dt.timedelta(hours=settings.UCJ_REGISTRY_ABANDONED_HOURS)
    busy = MatchRun.objects.filter(status__in=[RunStatus.QUEUED, RunStatus.RUNNING])
    in_use = set(busy.values_list("list_file_id", flat=True)) | set(
        busy.exclude(deceased_file=None).values_list("deceased_file_id", flat=True))
    count = 0
    abandoned = (SourceFile.objects.filter(processed_at__isnull=True, uploaded_at__lt=cutoff)
                 .exclude(path="").exclude(pk__in=in_use))
    for source in abandoned:
        if Path(source.path).is_absolute():
            continue
        _delete_raw(source, at_once=True, why=f"never processed within "
                                               f"{settings.UCJ_REGISTRY_ABANDONED_HOURS} hours")
        count += 1
    folder = registry_dir() / "uploads"
    named = set(SourceFile.objects.filter(path__startswith="uploads/")
                .values_list("path", flat=True))
    if folder.is_dir():
        oldest = (now - ORPHAN_GRACE).timestamp()
        for file in folder.iterdir():
            if (file.is_file() and f"uploads/{file.name}" not in named
                    and file.stat().st_mtime < oldest):
                file.unlink(missing_ok=True)
                count += 1
    mirror = registry_mirror()
    if not mirror.local_only:  # object storage: the shared uploads no record names, too
        for name in stored_names(mirror.storage, "uploads"):
            if name not in named and \
                    mirror.storage.get_modified_time(name) < now - ORPHAN_GRACE:
                mirror.storage.delete(name)
                count += 1
        # this machine's copies (fetched again if needed): lists after an hour, others a day
        mirror.prune(ORPHAN_GRACE.total_seconds(), under="uploads")
        mirror.prune(WORKING_COPY_SECONDS)
    return count


def purge_uploads() -> int:
    """The registry's periodic clean-up (a job of ``ucj.core.housekeeping``): abandoned raw
    uploads, and processed ones past their retention. Returns the number of files deleted."""
    return purge_abandoned_uploads() + purge_expired_uploads()


# --- participant files -------------------------------------------------------------------------

def participants_process(*, actor, source: SourceFile) -> dict:
    """Hash a BPJS participant file into the registry (the NIKs themselves are not kept), one
    Parquet file per region, then update the status and paid months of every funded worker of
    the uploader's regions from it, and their regions' funded counts. Rows of a region outside
    the uploader's regions, or of no known regency, are set aside and reported in the file's
    summary; nothing outside the uploader's regions changes."""
    require(actor, Cap.UPLOAD_PARTICIPANTS, system=True)
    if source.kind != Kind.PARTICIPANTS:
        raise PermissionDenied
    if not may_process_upload(actor, source):
        raise PermissionDenied  # a file is processed in the regions of who sent it
    if source.processed_at is not None:
        return source.summary
    if mapping_missing(source):
        raise ValidationError(_("Choose the columns of the file first."))
    out_dir = registry_dir() / "participants" / str(source.id)
    allowed = {r.code: r for r in participant_regions(actor)}
    known = set(Region.objects.filter(level=Level.REGENCY).values_list("code", flat=True))
    csv_path = error = None
    try:
        csv_path = stored_path(source.path)
        summary = engine.load_participant_regions(
            csv_path=csv_path, out_dir=out_dir, key=engine.hash_key(), mapping=source.mapping,
            known=known, allowed=set(allowed), layout=layout_of(source))
    except (KeyboardInterrupt, SystemExit):
        shutil.rmtree(out_dir, ignore_errors=True)
        raise
    except BaseException as exc:  # a Rust panic is a BaseException
        error = failure_text(exc, csv_path, layout_of(source))
        del exc
    if error is not None:
        # outside the handler: whatever fails from here on carries no trace of the original
        # exception (whose message may quote rows of the file)
        shutil.rmtree(out_dir, ignore_errors=True)
        source.error = error
        source.save(update_fields=["error"])
        _delete_raw(source, at_once=True)
        raise ProcessingFailed(error)
    registry_mirror().publish(out_dir)  # every machine reads the per-region files
    parts = summary.pop("regions")
    with transaction.atomic():
        for code, part in parts.items():
            require(actor, Cap.UPLOAD_PARTICIPANTS, allowed[code], system=True)  # the scope, per region
            ParticipantData.objects.create(
                source=source, region=allowed[code],
                path=str(part["path"].relative_to(registry_dir())),
                participants=part["participants"], active=part["active"],
                last_paid_month=part["last_paid_month"])
        source.parquet_path = str(out_dir.relative_to(registry_dir()))
        source.rows, source.processed_at = summary["rows"], timezone.now()
        source.summary = {**summary, "regions": {
            code: {"participants": p["participants"], "active": p["active"]}
            for code, p in parts.items()}}
        source.save(update_fields=["parquet_path", "rows", "summary", "processed_at"])
        tracked = enrollments_track(actor=actor, source=source)
        fed = funded_counts_apply(actor=actor, source=source)
        source.summary = {**source.summary, **tracked, **fed}
        source.save(update_fields=["summary"])
        audit_log(actor=actor, action=Action.IMPORT, obj=source,
                  object_repr=f"{source.get_kind_display()} {source.original_name}",
                  note=", ".join(f"{k} {v}" for k, v in source.summary.items()
                                 if not isinstance(v, dict | list))
                  + "; regions " + " ".join(parts))
        _delete_raw(source)
    return source.summary


# --- match runs --------------------------------------------------------------------------------

@transaction.atomic
def run_start(*, actor, source: SourceFile, deceased: SourceFile | None = None,
              enqueue: bool = True) -> MatchRun:
    if source.kind != Kind.BENEFICIARIES:
        raise PermissionDenied
    require(actor, Cap.UPLOAD_LISTS, source.region, system=True)
    if deceased is not None and not deceased_usable(actor, source, deceased):
        raise PermissionDenied
    if mapping_missing(source):
        raise ValidationError(_("Choose the columns of the file first."))
    if not source.path:
        raise ValidationError(_("The uploaded file has been deleted; upload it again."))
    if source.processed_at is not None or source.runs.exists():
        raise ValidationError(_("This file has been checked already; upload it again to "
                                "check it again."))
    problem = nik_number_problem(source, source.mapping)
    if problem:
        raise ValidationError(problem)
    data = participant_data_for(source.region)
    # every one processed (``participant_data_for``); a list has a region and a year (its form
    # asks for both)
    latest = max(data, key=lambda d: cast(dt.datetime, d.source.processed_at)).source \
        if data else None
    run = MatchRun.objects.create(
        region=cast(Region, source.region), year=cast(int, source.year), list_file=source,
        participants_file=latest, deceased_file=deceased, created_by=actor,
        inputs={"list_sha256": source.sha256,
                "participants_sha256": latest.sha256 if latest else None,
                "participants": [{"region": d.region.code, "file": str(d.source_id),
                                  "name": d.source.original_name, "sha256": d.source.sha256,
                                  "data": d.pk} for d in data],
                "deceased_sha256": deceased.sha256 if deceased else None,
                "mapping": source.mapping})
    audit_log(actor=actor, action=Action.CREATE, obj=run, region=source.region,
              object_repr=f"match run {source.original_name}")
    if enqueue:
        run_id = str(run.id)
        transaction.on_commit(lambda: run_match_task.enqueue(run_id))
    return run


@transaction.atomic
def run_cancel(*, actor, run: MatchRun) -> MatchRun:
    require(actor, Cap.UPLOAD_LISTS, run.region, system=True)
    if run.finished:
        return run
    run.cancel_requested = True
    run.save(update_fields=["cancel_requested"])
    audit_log(actor=actor, action=Action.UPDATE, obj=run, region=run.region,
              note="cancel requested")
    return run


def _others(run: MatchRun) -> list[Path]:
    """The current lists of the other regions of the year (their eligible rows) and every
    funded worker of the year outside this region, as pseudonym files."""
    paths = []
    for other in MatchRun.objects.filter(year=run.year, is_current=True,
                                         status=RunStatus.DONE).exclude(region=run.region):
        try:
            path = stored_path(other.result_path.replace("result.parquet", "eligible.parquet"))
        except FileNotFoundError:
            continue
        if path.exists():
            paths.append(path)
    funded = list(Enrollment.objects.filter(year=run.year).exclude(region=run.region)
                  .values_list("nik_hash", "region__code"))
    if funded:
        path = registry_dir() / "runs" / str(run.id) / "funded-elsewhere.parquet"
        path.parent.mkdir(parents=True, exist_ok=True)
        pl.DataFrame({
            "hash_hi": [int(h[:20]) for h, _code in funded],
            "hash_lo": [int(h[20:]) for h, _code in funded],
            "region_code": [code for _h, code in funded],
        }, schema={"hash_hi": pl.UInt64, "hash_lo": pl.UInt64,
                   "region_code": pl.String}).write_parquet(path)
        paths.append(path)
    return paths


def _participant_paths(run: MatchRun) -> list[Path]:
    """The participant data the run was started with (one file per region)."""
    ids = [p["data"] for p in run.inputs.get("participants") or []]
    return [stored_path(d.path) for d in ParticipantData.objects.filter(pk__in=ids)
            .order_by("region__code")]


def run_execute(run_id: str, *, on_progress=None) -> MatchRun:
    """The body of a run (a background task): progress into the database as it goes, results
    into place at the end, the run's record and counts in one transaction. A failure is
    recorded by row and reason (never a row's content) and deletes the uploaded lists."""
    run = MatchRun.objects.select_related("region", "list_file", "participants_file",
                                          "deceased_file").get(pk=run_id)
    if run.finished:
        return run
    run.status, run.started_at = RunStatus.RUNNING, timezone.now()
    run.save(update_fields=["status", "started_at"])
    folder = registry_dir() / "runs" / str(run.id)
    out = folder / "result.parquet"

    def progress(percent: int, stage: str) -> None:
        MatchRun.objects.filter(pk=run.pk).update(progress=percent, stage=stage)
        if on_progress:
            on_progress(percent, stage)

    def cancelled() -> bool:
        return MatchRun.objects.filter(pk=run.pk, cancel_requested=True).exists()

    min_age, max_age = working_age(run.region)  # the run's province's policy (ucj.policy)
    config = engine.MatchConfig(
        region_code=run.region.code, year=run.year, hash_key=engine.hash_key(),
        cipher_key=engine.cipher_key(), memory_limit=settings.UCJ_REGISTRY_MEMORY_LIMIT,
        min_age=min_age, max_age=max_age, category_order=category_order(run.region))
    list_path = error = None
    cancelled_now = False
    layout = layout_of(run.list_file)
    deceased = run.deceased_file
    try:
        list_path = stored_path(run.list_file.path)
        # the embedded engine, or Spark beyond one machine (UCJ_REGISTRY_ENGINE): same results
        matcher = spark.match_list if settings.UCJ_REGISTRY_ENGINE == "spark" \
            else engine.match_list
        result = matcher(
            list_path=list_path, config=config, out_path=out, mapping=run.list_file.mapping,
            layout=layout, participants=_participant_paths(run),
            deceased=stored_path(deceased.path) if deceased else None,
            deceased_column=deceased.mapping.get("nik", "nik") if deceased else "nik",
            deceased_layout=layout_of(deceased) if deceased else engine.PLAIN,
            others=_others(run), progress=progress, cancelled=cancelled)
        (pl.scan_parquet(out).filter(pl.col("outcome") == "eligible")
         .select("hash_hi", "hash_lo", region_code=pl.lit(run.region.code))
         .sink_parquet(folder / "eligible.parquet"))
        for written in (out, folder / "eligible.parquet"):  # shared with every machine
            registry_mirror().publish(written)
    except engine.Cancelled:
        cancelled_now = True
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as exc:  # a Rust panic is a BaseException
        error = failure_text(exc, list_path, layout)
        del exc
    # outside the handlers: whatever fails from here on (a locked database …) carries no trace
    # of the original exception, whose message may quote rows of the file
    if cancelled_now:
        MatchRun.objects.filter(pk=run.pk).update(status=RunStatus.CANCELLED,
                                                  finished_at=timezone.now())
        _delete_inputs(run, at_once=True)
        return MatchRun.objects.get(pk=run.pk)
    if error is not None:
        MatchRun.objects.filter(pk=run.pk).update(
            status=RunStatus.FAILED, finished_at=timezone.now(), error=error)
        _delete_inputs(run, at_once=True)
        # the worker records and logs the task's exception: this one, naming a row and a
        # reason only
        raise ProcessingFailed(error)
    with transaction.atomic():
        MatchRun.objects.filter(region=run.region, year=run.year, is_current=True).update(
            is_current=False)
        run.status, run.progress, run.stage = RunStatus.DONE, 100, "done"
        run.counts, run.reasons, run.flags = result.counts, result.reasons, result.flags
        run.seconds, run.nonce = round(result.seconds, 2), result.nonce
        run.result_path = str(out.relative_to(registry_dir()))
        run.finished_at, run.is_current = timezone.now(), True
        run.save()
        source = run.list_file
        source.rows, source.processed_at = result.counts["total"], timezone.now()
        source.save(update_fields=["rows", "processed_at"])
        audit_log(actor=run.created_by, action=Action.IMPORT, obj=run, region=run.region,
                  object_repr=f"match run {source.original_name}",
                  note=", ".join(f"{k} {v}" for k, v in result.counts.items()))
        _delete_inputs(run)
    return run


def _delete_inputs(run: MatchRun, *, at_once: bool = False) -> None:
    """A run's uploaded list and deceased list, once it has ended however it ended (at once,
    whatever the retention, when it failed or was cancelled)."""
    for source in (run.list_file, run.deceased_file):
        if source is not None:
            if source.processed_at is None:
                source.processed_at = timezone.now()
                source.save(update_fields=["processed_at"])
            _delete_raw(source, at_once=at_once)


@task()
def run_match_task(run_id: str) -> None:
    run = run_execute(run_id)
    # the run's results CSVs (whole and coarse rows, unfiltered) queued at once, so that the
    # results page's download is a stored file (ucj/registry/exports.py)
    exports.prepare_ahead(run)


@task()
def participants_task(source_id: str, user_id: int) -> None:
    participants_process(actor=User.objects.get(pk=user_id),
                         source=SourceFile.objects.get(pk=source_id))


# --- funding -----------------------------------------------------------------------------------

@transaction.atomic
def enrollment_fund(*, actor, run: MatchRun, allocation, workers: int | None = None) -> int:
    """Choose eligible workers of a run, by priority (desil ascending, then category, then row),
    up to what the allocation pays for at the planner's tariff (or ``workers``), skipping
    anyone funded already; they become enrollments with the status submitted."""
    require(actor, Cap.UPLOAD_LISTS, run.region, system=True)
    if allocation.region_id != run.region_id:
        raise PermissionDenied
    if run.status != RunStatus.DONE or not run.is_current:
        raise ValidationError(_("Fund from the region's current, finished run."))
    per_worker = expected_amount(package=allocation.package, fiscal_year=allocation.fiscal_year,
                                 start_month=allocation.start_month, workers=1,
                                 months=allocation.months_covered,
                                 region_id=allocation.region_id)  # its province's (issue 21)
    if not per_worker:
        raise ValidationError(_("No tariff of the allocation's package is in force."))
    funded = Enrollment.objects.filter(allocation=allocation).count()
    room = allocation.amount // per_worker - funded
    if workers is not None:
        room = min(room, workers)
    if room <= 0:
        raise ValidationError(_("The allocation pays for no more workers."))
    taken = set(Enrollment.objects.filter(year=run.year).values_list("nik_hash", flat=True))
    rows = ranked_eligible(run, limit=room + len(taken))
    start = dt.date(allocation.fiscal_year, allocation.start_month, 1)
    new = []
    for row in rows.iter_rows(named=True):
        key = pseudonym_hex(row["hash_hi"], row["hash_lo"])
        if key in taken:
            continue
        taken.add(key)
        new.append(Enrollment(
            region=run.region, year=run.year, allocation=allocation, run=run,
            row_no=row["row_no"], nik_hash=key, nik_masked=row["nik_masked"],
            nik_enc=str(row["nik_enc"]), name=(row["name"] or "")[:200],
            birth_date=row["birth_date"], sex=row["sex"] or "",
            village_code=row["village_code"] or "", occupation=(row["occupation"] or "")[:200],
            category=(row["category"] or "")[:100], desil=row["desil"], start_month=start,
            created_by=actor))
        if len(new) >= room:
            break
    Enrollment.objects.bulk_create(new, batch_size=2000)
    audit_log(actor=actor, action=Action.CREATE, obj=allocation, region=run.region,
              object_repr=f"{len(new)} funded workers for {allocation}",
              note=f"run {run.id}")
    return len(new)
