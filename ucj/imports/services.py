"""Imports, as actions: stage an uploaded file (validate and plan, write no record), apply it
(all rows in one transaction, or none), discard it. Each is audited; an import records the
file's name, checksum, size, row counts, actor and time."""

from __future__ import annotations

import hashlib
import time
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ucj.accounts.scope import may_write_dataset
from ucj.audit.models import Action
from ucj.audit.services import audit_log
from ucj.core.services import ConfirmationRequired
from ucj.imports.engine import Plan, Problem, apply_plan, build_plan
from ucj.imports.models import ImportJob, ImportStatus
from ucj.imports.readers import ReadError, Table, read_table
from ucj.imports.specs import SPECS, get_spec


def storage_dir() -> Path:
    path = Path(settings.MEDIA_ROOT) / "imports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def plan_file(*, actor, dataset: str, data: bytes, file_name: str,
              size: int | None = None) -> tuple[Plan, Table | None]:
    """Read and validate a file; write nothing. A file that cannot be read gives a plan with
    one file-level problem. ``size``: of the whole file, when ``data`` is only its beginning
    (an upload over the limit is not read to its end)."""
    if dataset not in SPECS:
        raise ValidationError(_("Unknown dataset “%(dataset)s”.") % {"dataset": dataset})
    if not may_write_dataset(actor, dataset):
        raise PermissionDenied
    try:
        table = read_table(data, file_name, size=size)
    except ReadError as exc:
        return Plan(dataset=dataset, problems=[Problem(exc.message)]), None
    return build_plan(actor=actor, dataset=dataset, table=table), table


def _counts(job: ImportJob, plan: Plan) -> None:
    job.rows_total = plan.rows_total
    job.rows_created = len(plan.created)
    job.rows_changed = len(plan.changed)
    job.rows_unchanged = len(plan.unchanged)
    job.rows_invalid = plan.invalid_rows
    job.rows_warned = len(plan.warned)
    job.plan_digest = plan.digest if plan.is_valid else ""
    job.report = plan.report(get_spec(plan.dataset))


@transaction.atomic
def import_stage(*, actor, dataset: str, data: bytes, file_name: str,
                 size: int | None = None) -> ImportJob:
    """Keep the file, validate every row and plan; no record is written. The job records the
    attempt, valid or not."""
    started = time.perf_counter()
    plan, table = plan_file(actor=actor, dataset=dataset, data=data, file_name=file_name,
                            size=size)
    job = ImportJob(
        dataset=dataset, actor=actor, file_name=Path(file_name).name[:255],
        file_format=table.file_format if table else "", checksum=hashlib.sha256(data).hexdigest(),
        size=len(data) if size is None else size,
        status=ImportStatus.STAGED if plan.is_valid else ImportStatus.INVALID,
    )
    _counts(job, plan)
    if table is not None:  # kept for the preview, the apply and the marked-up error file
        path = storage_dir() / f"{job.id}.{table.file_format}"
        path.write_bytes(data)
        job.stored_path = str(path)
    job.seconds = round(time.perf_counter() - started, 3)
    job.save()
    audit_log(actor=actor, action=Action.UPLOAD, obj=job, object_repr=f"{job.file_name} ({dataset})",
              changes={"status": [None, job.status], "checksum": [None, job.checksum]},
              note=summary(job))
    return job


def summary(job: ImportJob) -> str:
    return _("%(rows)s rows: %(created)s new, %(changed)s changed, %(unchanged)s unchanged, "
             "%(invalid)s with errors.") % {
        "rows": job.rows_total, "created": job.rows_created, "changed": job.rows_changed,
        "unchanged": job.rows_unchanged, "invalid": job.rows_invalid}


def stored_data(job: ImportJob) -> bytes:
    if not job.stored_path or not Path(job.stored_path).exists():
        raise ValidationError(_("The uploaded file is no longer kept; upload it again."))
    return Path(job.stored_path).read_bytes()


def _remove_file(job: ImportJob) -> None:
    path = job.stored_path
    if path:
        transaction.on_commit(lambda: Path(path).unlink(missing_ok=True))
        job.stored_path = ""


def _require_owner(actor, job: ImportJob) -> None:
    if job.actor_id != actor.pk:
        raise PermissionDenied


class PlanChanged(ValidationError):
    """What the file would do is no longer what the preview showed."""


def import_apply(*, actor, job: ImportJob, confirm_warnings: bool = False) -> ImportJob:
    """Apply a staged import: validate again against the database as it is now, refuse if that
    differs from what the preview showed, then write every row or none."""
    try:
        return _import_apply(actor=actor, job=job, confirm_warnings=confirm_warnings)
    except PlanChanged as exc:
        # Outside the rolled-back transaction: the preview now shows the new plan.
        job = ImportJob.objects.get(pk=job.pk)
        _counts(job, exc.plan)
        if not exc.plan.is_valid:
            job.status = ImportStatus.INVALID
        job.plan_digest = exc.plan.digest if exc.plan.is_valid else ""
        job.save()
        raise


@transaction.atomic
def _import_apply(*, actor, job: ImportJob, confirm_warnings: bool) -> ImportJob:
    _require_owner(actor, job)
    job = ImportJob.objects.select_for_update().get(pk=job.pk)
    if job.status != ImportStatus.STAGED:
        raise ValidationError(_("This import cannot be applied: it is %(status)s.")
                              % {"status": job.get_status_display()})
    started = time.perf_counter()
    plan, _table = plan_file(actor=actor, dataset=job.dataset, data=stored_data(job),
                             file_name=job.file_name)
    if not plan.is_valid or plan.digest != job.plan_digest:
        exc = PlanChanged(_("The data changed since the preview (someone else entered or "
                            "approved figures, or the file has errors now). Check the new "
                            "preview, then apply again."))
        exc.plan = plan
        raise exc
    if plan.warned and not confirm_warnings:
        raise ConfirmationRequired([w for r in plan.warned for w in r.warnings])
    written = apply_plan(actor=actor, plan=plan, job=job)
    _counts(job, plan)
    job.status = ImportStatus.APPLIED
    job.applied_at = timezone.now()
    job.seconds = round(job.seconds + time.perf_counter() - started, 3)
    _remove_file(job)
    job.save()
    audit_log(actor=actor, action=Action.IMPORT, obj=job,
              object_repr=f"{job.file_name} ({job.dataset})",
              changes={"status": [ImportStatus.STAGED, ImportStatus.APPLIED],
                       "checksum": [None, job.checksum], **{k: [None, v] for k, v in written.items()}},
              note=summary(job))
    return job


@transaction.atomic
def import_discard(*, actor, job: ImportJob) -> ImportJob:
    _require_owner(actor, job)
    job = ImportJob.objects.select_for_update().get(pk=job.pk)
    if job.status not in (ImportStatus.STAGED, ImportStatus.INVALID):
        raise ValidationError(_("This import cannot be discarded: it is %(status)s.")
                              % {"status": job.get_status_display()})
    before = job.status
    job.status = ImportStatus.DISCARDED
    _remove_file(job)
    job.save()
    audit_log(actor=actor, action=Action.UPDATE, obj=job,
              object_repr=f"{job.file_name} ({job.dataset})",
              changes={"status": [before, job.status]})
    return job


@transaction.atomic
def import_file_now(*, actor, dataset: str, data: bytes, file_name: str,
                    confirm_warnings: bool = False) -> tuple[Plan, ImportJob]:
    """Validate and apply in one step (the command line). Raises ValidationError with the
    problems if the file is invalid: then nothing at all is written."""
    started = time.perf_counter()
    plan, table = plan_file(actor=actor, dataset=dataset, data=data, file_name=file_name)
    if not plan.is_valid:
        raise ValidationError([p.message for p in plan.problems])
    if plan.warned and not confirm_warnings:
        raise ConfirmationRequired([f"{r.label}: {w}" for r in plan.warned for w in r.warnings])
    job = ImportJob.objects.create(
        dataset=dataset, actor=actor, file_name=Path(file_name).name[:255],
        file_format=table.file_format, checksum=hashlib.sha256(data).hexdigest(), size=len(data),
        status=ImportStatus.APPLIED, applied_at=timezone.now(),
    )
    del table  # the rows as read are no longer needed: free them before writing
    written = apply_plan(actor=actor, plan=plan, job=job)
    _counts(job, plan)
    job.seconds = round(time.perf_counter() - started, 3)
    job.save()
    audit_log(actor=actor, action=Action.IMPORT, obj=job,
              object_repr=f"{job.file_name} ({dataset})",
              changes={"status": [None, ImportStatus.APPLIED], "checksum": [None, job.checksum],
                       **{k: [None, v] for k, v in written.items()}},
              note=summary(job))
    return plan, job
