"""Imports, as actions: stage an uploaded file (validate and plan, write no record), apply it
(all rows in one transaction, or none), discard it. Each is audited; an import records the
file's name, checksum, size, row counts, actor and time.

The database is never held while a file is read or checked. Reading and planning run outside
any transaction; the write transactions are short: the job's row and its audit event when a
file is staged, the records themselves when it is applied. Applying checks that the plan is
still the preview's (someone may have changed or approved figures meanwhile): on SQLite the
plan made outside is written only if no other connection committed anything since it was
made (``PRAGMA data_version``, read again under the write lock); otherwise it is made again,
and after a few tries it is made under the lock, as on PostgreSQL (whose writers do not
block each other's tables).

A file bigger than ``UCJ_IMPORT_BACKGROUND_BYTES`` is checked by a background task
(``import_check_task``): the upload keeps the file and a job "being checked", the task reads
the file in a child process with a time and memory limit (``sandbox.run_limited``), plans,
marks the errors in a copy of the file if it is invalid, and leaves the job staged, invalid,
or failed with a message and no file.

Applying runs in the background worker too (``import_apply_task``): the apply button (and the
API) only checks what needs no reading (owner, role, state, warnings confirmed), marks the job
"being applied" and queues the task; the task reads the kept file, plans again, and writes
every row or none in one transaction (``import_apply_queued``). When it cannot (the data
changed since the preview, a period locked meanwhile, an internal error) the job goes back to
staged (or invalid) with the reason in ``error``, and nothing is written.

Files (kept by ``ucj.imports.files``): a file is written before its record and removed if the
record cannot be written; the error workbook is made once and kept beside the job;
``purge_abandoned_files`` (housekeeping) removes the files of jobs left unapplied for
``UCJ_IMPORT_RETENTION_HOURS`` and any file that no job names."""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib
import logging
import time
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import OperationalError, connection, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tasks import task

from ucj.accounts.scope import may_write_dataset, require_own_import
from ucj.audit.models import Action
from ucj.audit.services import audit_log
from ucj.core.datasets import get_dataset
from ucj.core.sandbox import LimitExceeded, run_limited
from ucj.core.services import ConfirmationRequired
from ucj.core.storage import stored_names
from ucj.imports import detect
from ucj.imports.apply import apply_plan
from ucj.imports.engine import build_plan
from ucj.imports.files import (
    files,
    forget,
    kept,
    local_file,
    remove_file,
    storage_dir,
    stored_data,
    unlink_later,
    write_file,
    write_whole,
)
from ucj.imports.models import ImportJob, ImportStatus
from ucj.imports.plan import Plan, Problem
from ucj.imports.readers import ReadError, Table, detect_format, read_table
from ucj.imports.specs import SPECS, get_spec
from ucj.imports.workbook import error_workbook

logger = logging.getLogger(__name__)

# Plans made outside the write lock and found stale (another connection committed meanwhile)
# before the plan is made under the lock.
OPTIMISTIC_ATTEMPTS = 2
# A file in the imports folder that no job names is removed once older than this: a file is
# written a moment before its record.
ORPHAN_GRACE = dt.timedelta(hours=1)
# Jobs whose files housekeeping removes once the retention is over.
UNAPPLIED = (ImportStatus.STAGED, ImportStatus.INVALID, ImportStatus.FAILED,
             ImportStatus.CHECKING, ImportStatus.APPLYING)
# Jobs the background worker is busy with: their page polls the progress.
IN_PROGRESS = (ImportStatus.CHECKING, ImportStatus.APPLYING)
STAGES = {
    "queued": gettext_lazy("waiting for the background worker"),
    "reading": gettext_lazy("reading the file"),
    "checking": gettext_lazy("checking every row"),
    "errors": gettext_lazy("marking the errors in a copy of the file"),
    "rechecking": gettext_lazy("checking every row again against the data as it is now"),
    "writing": gettext_lazy("writing every row in one go"),
}


def _job_repr(job: ImportJob) -> str:
    """How the audit log names an import."""
    return f"{job.file_name} ({job.dataset})"


def _check_dataset(actor, dataset: str) -> None:
    if dataset not in SPECS:
        raise ValidationError(_("Unknown dataset “%(dataset)s”.") % {"dataset": dataset})
    if not may_write_dataset(actor, dataset):
        raise PermissionDenied


def plan_file(*, actor, dataset: str, data: bytes, file_name: str,
              size: int | None = None, table: Table | None = None) -> tuple[Plan, Table | None]:
    """Read and validate a file; write nothing. A file that cannot be read gives a plan with
    one file-level problem. ``size``: of the whole file, when ``data`` is only its beginning
    (an upload over the limit is not read to its end). ``table``: the file as already read."""
    _check_dataset(actor, dataset)
    if table is not None:
        return build_plan(actor=actor, dataset=dataset, table=table), table
    try:
        table = read_table(data, file_name, size=size)
    except ReadError as exc:
        return Plan(dataset=dataset, problems=[Problem(exc.message)]), None
    return build_plan(actor=actor, dataset=dataset, table=table), table


def _count_fields(plan: Plan) -> dict:
    """What a job records of a plan: counts, digest, the preview report. Computed before a
    write transaction (the digest and report walk every row)."""
    return {
        "rows_total": plan.rows_total, "rows_created": len(plan.created),
        "rows_changed": len(plan.changed), "rows_unchanged": len(plan.unchanged),
        "rows_invalid": plan.invalid_rows, "rows_warned": len(plan.warned),
        "plan_digest": plan.digest if plan.is_valid else "",
        "report": plan.report(get_spec(plan.dataset)),
    }


def _counts(job: ImportJob, plan: Plan | dict) -> None:
    kept = {k: v for k, v in (job.report or {}).items() if k == "template_period"}
    for name, value in (_count_fields(plan) if isinstance(plan, Plan) else plan).items():
        setattr(job, name, value)
    if kept and isinstance(job.report, dict):  # the template's period outlives a new check
        job.report = {**job.report, **kept}


# --- staging ---------------------------------------------------------------------------------

def import_upload(*, actor, dataset: str, data: bytes, file_name: str,
                  size: int | None = None) -> ImportJob:
    """An upload from the page or the API: checked at once, or, above
    ``UCJ_IMPORT_BACKGROUND_BYTES``, kept and checked by the background worker (the job is
    "being checked" meanwhile). A file over the size limit is refused at once, unread.

    ``dataset`` may be "": the file says which it is (``ucj.imports.detect``). A file that
    cannot be told, or that looks like another dataset than the chosen one, raises a
    ValidationError and nothing is kept."""
    size = len(data) if size is None else size
    background = settings.UCJ_IMPORT_BACKGROUND_BYTES < size <= settings.UCJ_MAX_IMPORT_BYTES
    dataset, period, table = identify_upload(actor=actor, chosen=dataset, data=data,
                                             file_name=file_name, size=size,
                                             read=not background)
    if background:
        return import_submit(actor=actor, dataset=dataset, data=data, file_name=file_name)
    return import_stage(actor=actor, dataset=dataset, data=data, file_name=file_name, size=size,
                        table=table, template_period=period)


def identify_upload(*, actor, chosen: str, data: bytes, file_name: str, size: int,
                    read: bool = True) -> tuple[str, str, Table | None]:
    """(dataset, template period, the table when it had to be read to tell). The template's
    properties or a CSV's first lines are read cheaply; a workbook that is not a template is
    read whole (``read``) to look at its header, and that table is handed on to the check."""
    if chosen:
        _check_dataset(actor, chosen)
    try:
        detect_format(data, file_name, size=size)  # too big, empty, not a spreadsheet: unread
    except ReadError as exc:
        if chosen:
            return chosen, "", None  # refused by the check, as a job with its reason
        raise ValidationError(exc.message) from exc
    identity = detect.identify(data)
    table = None
    if not identity.dataset and not identity.candidates and read and size == len(data) \
            and data.startswith(b"PK\x03\x04"):
        try:
            table = read_table(data, file_name, size=size)
        except ReadError as exc:
            if not chosen:
                raise ValidationError(exc.message) from exc
        else:
            identity = detect.identify(data, rows=table.rows)
    dataset = detect.resolve(chosen=chosen, identity=identity)
    if not may_write_dataset(actor, dataset):
        raise ValidationError(_("This file holds %(dataset)s, which your role does not enter.")
                              % {"dataset": get_dataset(dataset).label})
    return dataset, identity.period, table


def import_stage(*, actor, dataset: str, data: bytes, file_name: str,
                 size: int | None = None, table: Table | None = None,
                 template_period: str = "") -> ImportJob:
    """Keep the file, validate every row and plan; no record is written. The job records the
    attempt, valid or not. The file is read and checked outside any transaction; then the
    file is written, then the job and its audit event in one short transaction."""
    started = time.perf_counter()
    plan, table = plan_file(actor=actor, dataset=dataset, data=data, file_name=file_name,
                            size=size, table=table)
    job = ImportJob(
        dataset=dataset, actor=actor, file_name=Path(file_name).name[:255],
        file_format=table.file_format if table else "", checksum=hashlib.sha256(data).hexdigest(),
        size=len(data) if size is None else size,
        status=ImportStatus.STAGED if plan.is_valid else ImportStatus.INVALID,
    )
    _counts(job, plan)
    if template_period:  # shown on the preview
        job.report["template_period"] = template_period
    path = None
    if table is not None:  # kept for the preview, the apply and the marked-up error file
        del table
        path = write_file(storage_dir() / f"{job.id}.{job.file_format}", data)
        job.stored_path = str(path)
    job.seconds = round(time.perf_counter() - started, 3)
    try:
        with transaction.atomic():
            job.save()
            _audit_upload(actor, job)
    except BaseException:
        if path is not None:
            forget(str(path))
        raise
    return job


def _audit_upload(actor, job: ImportJob) -> None:
    audit_log(actor=actor, action=Action.UPLOAD, obj=job,
              object_repr=_job_repr(job),
              changes={"status": [None, job.status], "checksum": [None, job.checksum]},
              note=summary(job) if job.status != ImportStatus.CHECKING else "")


def import_submit(*, actor, dataset: str, data: bytes, file_name: str) -> ImportJob:
    """Keep a big file and queue its check (``import_check_task``); the job is "being checked"
    until the task ends."""
    _check_dataset(actor, dataset)
    job = ImportJob(
        dataset=dataset, actor=actor, file_name=Path(file_name).name[:255], file_format="",
        checksum=hashlib.sha256(data).hexdigest(), size=len(data),
        status=ImportStatus.CHECKING, stage="queued",
    )
    path = write_file(storage_dir() / f"{job.id}.upload", data)
    job.stored_path = str(path)
    language = translation.get_language() or settings.LANGUAGE_CODE
    try:
        with transaction.atomic():
            job.save()
            _audit_upload(actor, job)
            job_id = str(job.id)
            transaction.on_commit(lambda: import_check_task.enqueue(job_id, language))
    except BaseException:
        forget(str(path))
        raise
    return job


def _progress(job: ImportJob, percent: int, stage: str) -> None:
    """Progress for the page; never worth failing for (the database may be busy a moment)."""
    try:
        ImportJob.objects.filter(pk=job.pk).update(progress=percent, stage=stage)
    except OperationalError:
        logger.warning("import %s: progress not recorded (database busy)", job.pk)


def _read_limited(data: bytes, file_name: str) -> Table:
    # The reader's native library is imported here, not in the forked child: a child must not
    # import what another thread of the worker may be importing at the fork.
    importlib.import_module("python_calamine")
    return run_limited(read_table, data, file_name, seconds=settings.UCJ_IMPORT_CHECK_SECONDS,
                       memory_bytes=settings.UCJ_IMPORT_CHECK_MEMORY_MB * 2**20)


def import_check(job_id: str) -> ImportJob:
    """The background check of a kept file: read it in a child process within the time and
    memory limits, plan, and make the error workbook if it is invalid; then record the result
    in one short transaction. A check that cannot finish fails the job with a message and
    removes the file. Run again on a job that is no longer being checked, it does nothing."""
    job = ImportJob.objects.select_related("actor").get(pk=job_id)
    if job.status != ImportStatus.CHECKING:
        return job
    started = time.perf_counter()
    made: list[Path] = []
    try:
        _progress(job, 10, "reading")
        try:
            data = local_file(job.stored_path).read_bytes()
        except OSError:
            return _check_failed(job, _("The uploaded file is no longer kept; upload it again."))
        try:
            table = _read_limited(data, job.file_name)
        except ReadError as exc:
            table, plan = None, Plan(dataset=job.dataset, problems=[Problem(exc.message)])
        except LimitExceeded as exc:
            return _check_failed(job, exc.message)
        del data
        if table is not None:
            _progress(job, 40, "checking")
            plan = build_plan(actor=job.actor, dataset=job.dataset, table=table)
        errors_path = ""
        if table is not None and not plan.is_valid:
            _progress(job, 80, "errors")
            path = storage_dir() / f"{job.id}.kesalahan.xlsx"
            made.append(path)
            _write_error_workbook(path, table, plan.problems)
            errors_path = str(path)
        file_format = table.file_format if table is not None else ""
        del table
        counts = _count_fields(plan)
        with transaction.atomic():
            locked = ImportJob.objects.select_for_update().get(pk=job.pk)
            if locked.status != ImportStatus.CHECKING:  # discarded or expired meanwhile
                for path in made:
                    forget(str(path))
                return locked
            raw = locked.stored_path
            locked.status = ImportStatus.STAGED if plan.is_valid else ImportStatus.INVALID
            _counts(locked, counts)
            locked.file_format = file_format
            locked.errors_path = errors_path
            if locked.status != ImportStatus.STAGED:  # not needed any more: its marked-up
                locked.stored_path = ""                 # copy is kept (when it could be read)
                unlink_later(raw)
            locked.progress, locked.stage = 100, ""
            locked.seconds = round(time.perf_counter() - started, 3)
            locked.save()
            audit_log(actor=locked.actor, action=Action.UPDATE, obj=locked,
                      object_repr=_job_repr(locked),
                      changes={"status": [ImportStatus.CHECKING, locked.status]},
                      note=summary(locked))
        return locked
    except Exception:
        for path in made:
            forget(str(path))
        _check_failed(job, _("The check failed because of an internal error. Upload the file "
                             "again; if it fails again, tell the administrator."))
        raise


def _write_error_workbook(path: Path, table: Table, problems: list[Problem]) -> None:
    write_whole(path, lambda part: error_workbook(table=table, problems=problems, path=part))


def _check_failed(job: ImportJob, message: str) -> ImportJob:
    """The check could not finish: the job says why, its file is removed."""
    with transaction.atomic():
        locked = ImportJob.objects.select_for_update().get(pk=job.pk)
        if locked.status != ImportStatus.CHECKING:
            return locked
        unlink_later(locked.stored_path, locked.errors_path)
        locked.stored_path = locked.errors_path = ""
        locked.status, locked.error, locked.stage = ImportStatus.FAILED, message, ""
        locked.save()
        audit_log(actor=locked.actor, action=Action.UPDATE, obj=locked,
                  object_repr=_job_repr(locked),
                  changes={"status": [ImportStatus.CHECKING, ImportStatus.FAILED]}, note=message)
    return locked


@task()
def import_check_task(job_id: str, language: str = "") -> None:
    with translation.override(language or settings.LANGUAGE_CODE):
        import_check(job_id)


def summary(job: ImportJob) -> str:
    return _("%(rows)s rows: %(created)s new, %(changed)s changed, %(unchanged)s unchanged, "
             "%(invalid)s with errors.") % {
        "rows": job.rows_total, "created": job.rows_created, "changed": job.rows_changed,
        "unchanged": job.rows_unchanged, "invalid": job.rows_invalid}


# --- the error workbook ------------------------------------------------------------------------

def error_file(job: ImportJob) -> Path:
    """The uploaded file with its problems marked: made once (when the check found the file
    invalid, or at the first download) and kept beside the job; the raw file is then removed.
    Raises ValidationError when there is nothing to mark or the file is no longer kept."""
    if job.errors_path:
        try:
            return local_file(job.errors_path)
        except FileNotFoundError:
            pass
    if job.status != ImportStatus.INVALID:
        raise ValidationError(_("This import has no errors to mark."))
    data = stored_data(job)
    plan, table = plan_file(actor=job.actor, dataset=job.dataset, data=data,
                            file_name=job.file_name)
    del data
    if table is None:
        raise ValidationError(_("The file cannot be read, so there is no copy to mark: correct "
                                "the file and upload it again."))
    path = storage_dir() / f"{job.id}.kesalahan.xlsx"
    _write_error_workbook(path, table, plan.problems)
    del table
    try:
        with transaction.atomic():
            locked = ImportJob.objects.select_for_update().get(pk=job.pk)
            if locked.status != ImportStatus.INVALID:  # discarded meanwhile
                raise ValidationError(_("This import has no errors to mark."))
            unlink_later(locked.stored_path)
            locked.stored_path, locked.errors_path = "", str(path)
            locked.save(update_fields=["stored_path", "errors_path"])
    except BaseException:
        forget(str(path))
        raise
    job.stored_path, job.errors_path = "", str(path)
    return path


# --- applying --------------------------------------------------------------------------------

class PlanChanged(ValidationError):
    """What the file would do is no longer what the preview showed (``plan``: what it would
    do now)."""

    def __init__(self, message, *, plan: Plan):
        super().__init__(message)
        self.plan = plan


class _Stale(Exception):
    """Another connection committed since the plan was made outside the write lock."""


def _data_version():
    """A token that changes when another connection commits to the database: SQLite's
    ``PRAGMA data_version`` on this connection; None elsewhere (no such token)."""
    if connection.vendor != "sqlite":
        return None
    connection.ensure_connection()
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA data_version")
        return id(connection.connection), cursor.fetchone()[0]


def _write_planned(make_plan: Callable[[], Plan], accept: Callable[[Plan], dict],
                   write: Callable[[Plan, dict], ImportJob]) -> ImportJob:
    """Plan, accept (or raise), and write in one transaction, holding the write lock for as
    little as possible. On SQLite the plan is made outside the transaction and written only if
    no other connection committed anything in between (then the plan is exactly what planning
    under the lock would give); it is made outside at most ``OPTIMISTIC_ATTEMPTS`` times, then
    under the lock. Elsewhere it is made under the transaction, as before. ``accept`` raises
    for a plan that must not be written, or returns what ``write`` records of it (computed
    outside the lock when the plan was made outside)."""
    attempts = OPTIMISTIC_ATTEMPTS if connection.vendor == "sqlite" else 0
    for attempt in range(attempts + 1):
        under_lock = attempt == attempts
        if not under_lock:
            version = _data_version()
            plan = make_plan()
            prepared = accept(plan)
        try:
            with transaction.atomic():
                if under_lock:
                    plan = make_plan()
                    prepared = accept(plan)
                elif _data_version() != version:
                    raise _Stale
                return write(plan, prepared)
        except _Stale:
            logger.info("import plan stale (attempt %s): planning again", attempt + 1)
    raise AssertionError("unreachable")


def _read_stored(job: ImportJob) -> Table | Problem:
    data = stored_data(job)
    try:
        return read_table(data, job.file_name)
    except ReadError as exc:
        return Problem(exc.message)


def import_apply(*, actor, job: ImportJob, confirm_warnings: bool = False) -> ImportJob:
    """Apply a staged import now, in this process: validate again against the database as it
    is now, refuse if that differs from what the preview showed, then write every row or
    none. The pages and the API queue it instead (``import_apply_submit``)."""
    return _apply(actor=actor, job=job, confirm_warnings=confirm_warnings,
                  expected=ImportStatus.STAGED)


def _apply(*, actor, job: ImportJob, confirm_warnings: bool, expected: str,
           report: bool = False) -> ImportJob:
    """The apply of a job in state ``expected`` (staged; "being applied" in the background,
    ``report``: with progress, and the reason of a refusal kept in ``error``). The file is
    read outside the transaction; see ``_write_planned`` for the plan."""
    require_own_import(actor, job)
    _check_dataset(actor, job.dataset)  # the role may have changed since the upload
    job = ImportJob.objects.get(pk=job.pk)
    _require_stage(job, expected)
    started = time.perf_counter()
    if report:
        _progress(job, 10, "reading")
    table = _read_stored(job)
    if report:
        _progress(job, 30, "rechecking")

    def make_plan() -> Plan:
        if isinstance(table, Problem):
            return Plan(dataset=job.dataset, problems=[table])
        return build_plan(actor=actor, dataset=job.dataset, table=table)

    def accept(plan: Plan) -> dict:
        if not plan.is_valid or plan.digest != job.plan_digest:
            raise PlanChanged(_("The data changed since the preview (someone else entered or "
                                "approved figures, or the file has errors now). Check the new "
                                "preview, then apply again."), plan=plan)
        if plan.warned and not confirm_warnings:
            raise ConfirmationRequired([w for r in plan.warned for w in r.warnings])
        if report and not connection.in_atomic_block:  # visible to the page at once
            _progress(job, 70, "writing")
        return _count_fields(plan)

    def write(plan: Plan, counts: dict) -> ImportJob:
        locked = ImportJob.objects.select_for_update().get(pk=job.pk)
        _require_stage(locked, expected)
        written = apply_plan(actor=actor, plan=plan, job=locked)
        _counts(locked, counts)
        locked.status = ImportStatus.APPLIED
        locked.applied_at = timezone.now()
        locked.seconds = round(locked.seconds + time.perf_counter() - started, 3)
        locked.progress, locked.stage, locked.error = 100, "", ""
        remove_file(locked)
        locked.save()
        audit_log(actor=actor, action=Action.IMPORT, obj=locked,
                  object_repr=_job_repr(locked),
                  changes={"status": [expected, ImportStatus.APPLIED],
                           "checksum": [None, locked.checksum],
                           **{k: [None, v] for k, v in written.items()}},
                  note=summary(locked))
        return locked

    try:
        return _write_planned(make_plan, accept, write)
    except PlanChanged as exc:
        # Outside the rolled-back transaction: the preview now shows the new plan.
        counts = _count_fields(exc.plan)
        with transaction.atomic():
            job = ImportJob.objects.select_for_update().get(pk=job.pk)
            if job.status == expected:
                _counts(job, counts)
                job.status = ImportStatus.STAGED if exc.plan.is_valid else ImportStatus.INVALID
                job.plan_digest = exc.plan.digest if exc.plan.is_valid else ""
                if report:
                    job.error, job.stage, job.progress = exc.messages[0], "", 0
                    audit_log(actor=job.actor, action=Action.UPDATE, obj=job,
                              object_repr=_job_repr(job),
                              changes={"status": [expected, job.status]}, note=job.error)
                job.save()
        raise


# --- applying in the background ------------------------------------------------------------

def import_apply_submit(*, actor, job: ImportJob, confirm_warnings: bool = False) -> ImportJob:
    """The apply button (and the API): check what needs no reading of the file (the uploader,
    the role, the state, the preview's warnings confirmed), then mark the job "being applied"
    and queue ``import_apply_task``. A second request for the same job is refused (it is no
    longer staged), so a job is written once."""
    require_own_import(actor, job)
    _check_dataset(actor, job.dataset)
    language = translation.get_language() or settings.LANGUAGE_CODE
    with transaction.atomic():
        locked = ImportJob.objects.select_for_update().get(pk=job.pk)
        _require_stage(locked)
        if locked.rows_warned and not confirm_warnings:
            raise ConfirmationRequired([w for r in (locked.report or {}).get("warnings", [])
                                        for w in r.get("warnings", [])])
        locked.status, locked.stage, locked.progress, locked.error = (
            ImportStatus.APPLYING, "queued", 0, "")
        locked.save(update_fields=["status", "stage", "progress", "error"])
        audit_log(actor=actor, action=Action.UPDATE, obj=locked, object_repr=_job_repr(locked),
                  changes={"status": [ImportStatus.STAGED, ImportStatus.APPLYING]})
        job_id, confirm = str(locked.pk), bool(confirm_warnings)
        transaction.on_commit(lambda: import_apply_task.enqueue(job_id, confirm, language))
    return locked


def import_apply_queued(job_id: str, *, confirm_warnings: bool = False) -> ImportJob:
    """The background apply of a job "being applied": as ``import_apply``, with progress. A
    refusal or a failure sends the job back to staged (or invalid) with the reason in
    ``error``; nothing is written. Run again on a job no longer being applied (applied
    already, or given back), it does nothing."""
    job = ImportJob.objects.select_related("actor").get(pk=job_id)
    if job.status != ImportStatus.APPLYING:
        return job
    try:
        return _apply(actor=job.actor, job=job, confirm_warnings=confirm_warnings,
                      expected=ImportStatus.APPLYING, report=True)
    except PlanChanged:
        return ImportJob.objects.get(pk=job.pk)  # staged or invalid, with the reason
    except ConfirmationRequired:
        return _apply_refused(job, _("Some values look implausible. Check the warnings below "
                                     "and tick the confirmation to apply."))
    except PermissionDenied:
        return _apply_refused(job, _("Your role may no longer write this dataset; nothing was "
                                     "written."))
    except ValidationError as exc:
        return _apply_refused(job, " ".join(exc.messages))
    except Exception:
        _apply_refused(job, _("Applying failed because of an internal error; nothing was "
                              "written. Apply again; if it fails again, tell the "
                              "administrator."))
        raise


def _apply_refused(job: ImportJob, message: str) -> ImportJob:
    """The background apply could not write: the job is staged again, saying why."""
    with transaction.atomic():
        locked = ImportJob.objects.select_for_update().get(pk=job.pk)
        if locked.status != ImportStatus.APPLYING:
            return locked
        locked.status, locked.error, locked.stage, locked.progress = (
            ImportStatus.STAGED, message, "", 0)
        locked.save(update_fields=["status", "error", "stage", "progress"])
        audit_log(actor=locked.actor, action=Action.UPDATE, obj=locked,
                  object_repr=_job_repr(locked),
                  changes={"status": [ImportStatus.APPLYING, ImportStatus.STAGED]}, note=message)
    return locked


@task()
def import_apply_task(job_id: str, confirm_warnings: bool = False, language: str = "") -> None:
    with translation.override(language or settings.LANGUAGE_CODE):
        import_apply_queued(job_id, confirm_warnings=confirm_warnings)


def _require_stage(job: ImportJob, expected: str = ImportStatus.STAGED) -> None:
    if job.status != expected:
        raise ValidationError(_("This import cannot be applied: it is %(status)s.")
                              % {"status": job.get_status_display()})


@transaction.atomic
def import_discard(*, actor, job: ImportJob) -> ImportJob:
    require_own_import(actor, job)
    job = ImportJob.objects.select_for_update().get(pk=job.pk)
    if job.status not in (ImportStatus.STAGED, ImportStatus.INVALID, ImportStatus.CHECKING):
        raise ValidationError(_("This import cannot be discarded: it is %(status)s.")
                              % {"status": job.get_status_display()})
    before = job.status
    job.status = ImportStatus.DISCARDED
    job.stage = ""
    remove_file(job)
    job.save()
    audit_log(actor=actor, action=Action.UPDATE, obj=job,
              object_repr=_job_repr(job),
              changes={"status": [before, job.status]})
    return job


def import_file_now(*, actor, dataset: str, data: bytes, file_name: str,
                    confirm_warnings: bool = False) -> tuple[Plan, ImportJob]:
    """Validate and apply in one step (the command line). Raises ValidationError with the
    problems if the file is invalid: then nothing at all is written. The file is read outside
    any transaction; see ``_write_planned`` for the plan."""
    started = time.perf_counter()
    _check_dataset(actor, dataset)
    try:
        table = read_table(data, file_name)
    except ReadError as exc:
        raise ValidationError([exc.message]) from None
    checksum, size, file_format = hashlib.sha256(data).hexdigest(), len(data), table.file_format
    del data
    final: list[Plan] = []

    def make_plan() -> Plan:
        return build_plan(actor=actor, dataset=dataset, table=table)

    def accept(plan: Plan) -> dict:
        if not plan.is_valid:
            raise ValidationError([p.message for p in plan.problems])
        if plan.warned and not confirm_warnings:
            raise ConfirmationRequired([f"{r.label}: {w}" for r in plan.warned
                                        for w in r.warnings])
        return _count_fields(plan)

    def write(plan: Plan, counts: dict) -> ImportJob:
        job = ImportJob.objects.create(
            dataset=dataset, actor=actor, file_name=Path(file_name).name[:255],
            file_format=file_format, checksum=checksum, size=size,
            status=ImportStatus.APPLIED, applied_at=timezone.now(),
        )
        written = apply_plan(actor=actor, plan=plan, job=job)
        _counts(job, counts)
        job.seconds = round(time.perf_counter() - started, 3)
        job.save()
        audit_log(actor=actor, action=Action.IMPORT, obj=job,
                  object_repr=_job_repr(job),
                  changes={"status": [None, ImportStatus.APPLIED], "checksum": [None, job.checksum],
                           **{k: [None, v] for k, v in written.items()}},
                  note=summary(job))
        final.append(plan)
        return job

    job = _write_planned(make_plan, accept, write)
    return final[-1], job


# --- housekeeping ------------------------------------------------------------------------------

def purge_abandoned_files() -> int:
    """Housekeeping: the files of imports never applied, once ``UCJ_IMPORT_RETENTION_HOURS``
    old (a staged job becomes discarded, one still being checked fails; each is audited), and
    any file in the imports folder that no job names (after an hour's grace: a file is written
    a moment before its record). Returns the number of files removed."""
    now = timezone.now()
    cutoff = now - dt.timedelta(hours=settings.UCJ_IMPORT_RETENTION_HOURS)
    removed = 0
    expired = (ImportJob.objects.filter(created_at__lt=cutoff, status__in=UNAPPLIED)
               .filter(~Q(stored_path="") | ~Q(errors_path="")).values_list("pk", flat=True))
    for pk in list(expired):
        with transaction.atomic():
            job = ImportJob.objects.select_for_update().filter(pk=pk).first()
            if job is None or job.status not in UNAPPLIED:
                continue
            removed += sum(1 for p in (job.stored_path, job.errors_path) if p and kept(p))
            before = job.status
            remove_file(job)
            if job.status == ImportStatus.STAGED:
                job.status = ImportStatus.DISCARDED
            elif job.status == ImportStatus.CHECKING:
                job.status, job.stage = ImportStatus.FAILED, ""
                job.error = _("The file was not checked in time and has been deleted; upload it "
                              "again.")
            elif job.status == ImportStatus.APPLYING:  # its task never ended; nothing written
                job.status, job.stage = ImportStatus.FAILED, ""
                job.error = _("The file was not applied in time and has been deleted; nothing "
                              "was written. Upload it again.")
            job.save()
            audit_log(actor=None, action=Action.UPDATE, obj=job,
                      object_repr=_job_repr(job),
                      changes={"status": [before, job.status]} if before != job.status else {},
                      note=f"files removed after {settings.UCJ_IMPORT_RETENTION_HOURS} h "
                           "(retention)")
    named: set[str] = set()
    for stored, errors in ImportJob.objects.filter(~Q(stored_path="") | ~Q(errors_path="")
                                                   ).values_list("stored_path", "errors_path"):
        named.update(Path(p).name for p in (stored, errors) if p)
    grace = (now - ORPHAN_GRACE).timestamp()
    for path in storage_dir().iterdir():
        if path.is_file() and path.name not in named and path.stat().st_mtime < grace:
            path.unlink(missing_ok=True)
            removed += 1
    mirror = files()
    if not mirror.local_only:  # the shared copies too (the local ones are working copies)
        for name in stored_names(mirror.storage):
            if "/" not in name and name not in named and \
                    mirror.storage.get_modified_time(name).timestamp() < grace:
                mirror.storage.delete(name)
                removed += 1
    return removed

