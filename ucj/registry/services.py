"""Writes of the beneficiary registry: uploads, column mappings, match runs (a background task
each), participant files, funding and status tracking. Every one is audited; none logs or
passes a NIK (task arguments are ids)."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import os
import re
import uuid
from pathlib import Path

import polars as pl
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from ucj.accounts.models import Role
from ucj.accounts.scope import can_read, may_write_dataset
from ucj.audit.models import Action
from ucj.audit.services import audit_log
from ucj.registry import engine
from ucj.registry.models import (
    ColumnMapping,
    Enrollment,
    EnrollmentStatus,
    Kind,
    MatchRun,
    RunStatus,
    SourceFile,
)

REQUIRED = {Kind.BENEFICIARIES: engine.REQUIRED, Kind.PARTICIPANTS: ["nik", "status"],
            Kind.DECEASED: ["nik"]}
COLUMNS = {Kind.BENEFICIARIES: engine.LIST_COLUMNS, Kind.PARTICIPANTS: engine.PARTICIPANT_COLUMNS,
           Kind.DECEASED: ["nik", "date_of_death"]}


def registry_dir() -> Path:
    path = Path(settings.REGISTRY_DIR)
    path.mkdir(parents=True, exist_ok=True)
    return path


# --- who may do what ---------------------------------------------------------------------------

def may_upload(user, kind: str, region=None) -> bool:
    """None is the system (a management command run on the server)."""
    if user is None:
        return True
    if kind == Kind.PARTICIPANTS:
        return may_write_dataset(user, "participation")
    return may_write_dataset(user, "allocations") and (region is None or can_read(user, region))


def may_see_personal_data(user, region) -> bool:
    """Names and full NIKs: the region's operators and the province admin only."""
    return (getattr(user, "role", None) in (Role.PROVINSI_ADMIN, Role.DAERAH_OPERATOR)
            and can_read(user, region))


# --- uploads -----------------------------------------------------------------------------------

# Column names seen in DTSEN/P3KE extracts and village lists, for a first guess of the mapping.
SYNONYMS = {
    "nik": ["nik", "nik_ktp", "no_nik", "nomor_nik", "nomor_induk_kependudukan", "ktp"],
    "name": ["name", "nama", "nama_lengkap", "nama_pekerja", "nama_penerima"],
    "birth_date": ["birth_date", "tgl_lahir", "tanggal_lahir", "tanggal_lahir_(yyyy-mm-dd)"],
    "sex": ["sex", "jk", "jenis_kelamin", "l/p", "kelamin"],
    "village_code": ["village_code", "kode_desa", "kode_kelurahan", "kode_desa_kelurahan",
                     "kode_kecamatan", "kode_wilayah"],
    "occupation": ["occupation", "pekerjaan", "jenis_pekerjaan"],
    "category": ["category", "kategori", "kelompok", "status_kemiskinan"],
    "desil": ["desil", "desil_dtsen", "desil_kesejahteraan"],
    "phone": ["phone", "telepon", "no_hp", "nomor_hp", "hp"],
    "source": ["source", "sumber", "sumber_data"],
    "status": ["status", "status_kepesertaan"],
    "segment": ["segment", "segmen"],
    "region_code": ["region_code", "kode_wilayah", "kode_kabupaten"],
    "last_paid_month": ["last_paid_month", "bulan_terakhir_bayar", "bulan_bayar_terakhir"],
    "date_of_death": ["date_of_death", "tanggal_meninggal", "tgl_meninggal"],
}


def guess_mapping(kind: str, header: list[str]) -> dict[str, str]:
    """A first guess from the column names (to confirm on the mapping page)."""
    normal = {h.strip().lower().replace(" ", "_"): h for h in header}
    guess = {}
    for field in COLUMNS[kind]:
        for name in SYNONYMS.get(field, [field]):
            if name in normal and normal[name] not in guess.values():
                guess[field] = normal[name]
                break
    return guess


def _signature(header: list[str]) -> str:
    return hashlib.sha256("\x1f".join(h.strip().lower() for h in header).encode()).hexdigest()


def _xlsx_to_csv(source: Path, target: Path) -> None:
    """The first sheet of a workbook as a CSV of text. A NIK typed as a number has already lost
    digits in Excel (15 significant digits): refused, naming the cell."""
    from python_calamine import CalamineWorkbook

    try:
        sheet = CalamineWorkbook.from_path(str(source)).get_sheet_by_index(0)
        rows = sheet.to_python(skip_empty_area=False)
    except Exception as exc:  # calamine has its own errors for damaged files
        raise ValidationError(_("The workbook cannot be read: it may be damaged.")) from exc
    if not rows:
        raise ValidationError(_("The workbook is empty."))
    header = [str(h).strip() for h in rows[0]]
    nik_columns = [i for i, h in enumerate(header) if h.lower() == "nik"]
    with target.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        for number, row in enumerate(rows[1:], start=2):
            for i in nik_columns:
                if i < len(row) and isinstance(row[i], (int, float)) and row[i] != "":
                    raise ValidationError(_(
                        "Row %(row)s, column “%(column)s”: the NIK is stored as a number, so "
                        "Excel has already dropped its last digits. Format the column as Text, "
                        "type the NIKs again (or export them as text) and upload again."
                    ) % {"row": number, "column": header[i]})
            writer.writerow([_cell_text(v) for v in row])


def _cell_text(value) -> str:
    """A workbook cell as the text a CSV would hold: whole numbers without ".0"."""
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()[:10] if isinstance(value, dt.datetime) else value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _header(path: Path) -> list[str]:
    with path.open(encoding="utf-8-sig", errors="replace", newline="") as handle:
        return [h.strip() for h in next(csv.reader(handle), [])]


@transaction.atomic
def file_upload(*, actor, kind: str, upload, region=None, year: int | None = None
                ) -> SourceFile:
    """Store an uploaded CSV or XLSX (as CSV), with its checksum and header; the column mapping
    is the standard one when the header is standard, else the one remembered for that header."""
    if not may_upload(actor, kind, region):
        raise PermissionDenied
    name = os.path.basename(upload.name)[:255]
    if upload.size > settings.UCJ_REGISTRY_MAX_UPLOAD_BYTES:
        raise ValidationError(_("The file is larger than the limit."))
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if ext not in ("csv", "txt", "xlsx"):
        raise ValidationError(_("Upload a CSV or an .xlsx file."))
    folder = registry_dir() / "uploads"
    folder.mkdir(exist_ok=True)
    file_id = uuid.uuid4()
    raw = folder / f"{file_id}.{ext}"
    digest = hashlib.sha256()
    with raw.open("wb") as handle:
        for chunk in upload.chunks():
            digest.update(chunk)
            handle.write(chunk)
    path = raw
    if ext == "xlsx":
        path = folder / f"{file_id}.csv"
        try:
            _xlsx_to_csv(raw, path)
        except BaseException:
            path.unlink(missing_ok=True)  # no half-written personal data left behind
            raise
        finally:
            raw.unlink(missing_ok=True)
    header = _header(path)
    if not header or not any(header):
        path.unlink(missing_ok=True)
        raise ValidationError(_("The file has no header row."))
    standard = COLUMNS[kind]
    if [h.lower() for h in header[:len(standard)]] == standard:
        mapping = {c: header[i] for i, c in enumerate(standard)}
    else:
        remembered = ColumnMapping.objects.filter(kind=kind,
                                                  header_signature=_signature(header)).first()
        mapping = remembered.mapping if remembered else {}
    source = SourceFile.objects.create(
        id=file_id, kind=kind, region=region, year=year, original_name=name,
        sha256=digest.hexdigest(), size=upload.size, header=header, mapping=mapping,
        path=str(path.relative_to(registry_dir())), uploaded_by=actor)
    audit_log(actor=actor, action=Action.UPLOAD, obj=source, region=region,
              object_repr=f"{source.get_kind_display()} {name}",
              note=f"sha256 {source.sha256}, {source.size} bytes")
    return source


@transaction.atomic
def file_register(*, actor, kind: str, path: Path, region=None, year: int | None = None
                  ) -> SourceFile:
    """A file on the server's disk (the command line), used where it is, with the standard
    header."""
    if not may_upload(actor, kind, region):
        raise PermissionDenied
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(8 * 1024 * 1024):
            digest.update(chunk)
    header = _header(path)
    standard = COLUMNS[kind]
    mapping = {c: c for c in standard if c in header}
    source = SourceFile.objects.create(
        kind=kind, region=region, year=year, original_name=path.name[:255],
        sha256=digest.hexdigest(), size=path.stat().st_size, header=header, mapping=mapping,
        path=str(path.resolve()), uploaded_by=actor)
    missing = mapping_missing(source)
    if missing:
        raise ValidationError(_("The file %(name)s lacks the columns: %(columns)s.") % {
            "name": path.name, "columns": ", ".join(missing)})
    audit_log(actor=actor, action=Action.UPLOAD, obj=source, region=region,
              object_repr=f"{source.get_kind_display()} {source.original_name}",
              note=f"sha256 {source.sha256}, {source.size} bytes (command line)")
    return source


def mapping_missing(source: SourceFile) -> list[str]:
    return [c for c in REQUIRED[source.kind] if not source.mapping.get(c)]


@transaction.atomic
def mapping_set(*, actor, source: SourceFile, mapping: dict[str, str]) -> SourceFile:
    """Which of the file's columns is which; remembered for files with the same header."""
    if not may_upload(actor, source.kind, source.region):
        raise PermissionDenied
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
    source.save(update_fields=["mapping"])
    ColumnMapping.objects.update_or_create(
        kind=source.kind, header_signature=_signature(source.header),
        defaults={"mapping": mapping, "updated_by": actor})
    return source


def _delete_raw(source: SourceFile) -> None:
    """The uploaded file goes once processed, unless a retention period is configured. A file
    given on the command line (outside the registry's folder) is the operator's to keep."""
    if settings.UCJ_REGISTRY_RETENTION_DAYS or not source.path or Path(source.path).is_absolute():
        return
    (registry_dir() / source.path).unlink(missing_ok=True)
    source.path, source.deleted_at = "", timezone.now()
    source.save(update_fields=["path", "deleted_at"])


def purge_expired_uploads() -> int:
    """Delete raw uploads older than the retention period (run daily when one is set)."""
    days = settings.UCJ_REGISTRY_RETENTION_DAYS
    if not days:
        return 0
    old = SourceFile.objects.filter(deleted_at__isnull=True,
                                    uploaded_at__lt=timezone.now() - dt.timedelta(days=days))
    count = 0
    for source in old.exclude(path=""):
        (registry_dir() / source.path).unlink(missing_ok=True)
        source.path, source.deleted_at = "", timezone.now()
        source.save(update_fields=["path", "deleted_at"])
        count += 1
    return count


# --- participant files -------------------------------------------------------------------------

def latest_participants() -> SourceFile | None:
    return (SourceFile.objects.filter(kind=Kind.PARTICIPANTS, processed_at__isnull=False)
            .exclude(parquet_path="").order_by("-processed_at").first())


def participants_process(*, actor, source: SourceFile) -> dict:
    """Hash a BPJS participant file into the registry (the NIKs themselves are not kept), then
    update the status and paid months of every funded worker from it."""
    if not may_upload(actor, Kind.PARTICIPANTS):
        raise PermissionDenied
    if mapping_missing(source):
        raise ValidationError(_("Choose the columns of the file first."))
    out = registry_dir() / "participants" / f"{source.id}.parquet"
    out.parent.mkdir(parents=True, exist_ok=True)
    summary = engine.load_participants(csv_path=registry_dir() / source.path, out_path=out,
                                       key=engine.hash_key(), mapping=source.mapping)
    with transaction.atomic():
        source.parquet_path = str(out.relative_to(registry_dir()))
        source.rows, source.summary = summary["rows"], summary
        source.processed_at = timezone.now()
        source.save(update_fields=["parquet_path", "rows", "summary", "processed_at"])
        tracked = enrollments_track(participants=out)
        fed = funded_counts_apply(actor=actor, participants=out)
        source.summary = {**summary, **tracked, **fed}
        source.save(update_fields=["summary"])
        audit_log(actor=actor, action=Action.IMPORT, obj=source,
                  object_repr=f"{source.get_kind_display()} {source.original_name}",
                  note=", ".join(f"{k} {v}" for k, v in source.summary.items()))
        _delete_raw(source)
    return source.summary


def enrollments_track(*, participants: Path) -> dict:
    """Each funded worker's status from a participant file: found and paying → active; found
    but not paying → lapsed if they were active, else registered; paid months from the first
    month covered to the last month paid."""
    enrollments = list(Enrollment.objects.all().only(
        "id", "nik_hash", "status", "start_month", "last_paid_month", "paid_months"))
    if not enrollments:
        return {"tracked": 0}
    found = pl.read_parquet(participants).with_columns(
        nik_hash=pl.format("{}{}", pl.col("hash_hi").cast(pl.String).str.zfill(20),
                           pl.col("hash_lo").cast(pl.String).str.zfill(20)))
    wanted = {e.nik_hash for e in enrollments}
    found = {row["nik_hash"]: row for row in found.filter(pl.col("nik_hash").is_in(wanted))
             .iter_rows(named=True)}
    changed, now = [], timezone.now()
    for enrollment in enrollments:
        row = found.get(enrollment.nik_hash)
        if row is None:
            continue
        if row["active"]:
            status = EnrollmentStatus.ACTIVE
        elif enrollment.status in (EnrollmentStatus.ACTIVE, EnrollmentStatus.LAPSED):
            status = EnrollmentStatus.LAPSED
        else:
            status = EnrollmentStatus.REGISTERED
        last = row["last_paid_month"] or enrollment.last_paid_month  # an empty cell keeps it
        paid = enrollment.paid_months
        if last and last >= enrollment.start_month:
            paid = (last.year - enrollment.start_month.year) * 12 + last.month \
                - enrollment.start_month.month + 1
        if (status, last, paid) != (enrollment.status, enrollment.last_paid_month,
                                     enrollment.paid_months):
            enrollment.status, enrollment.last_paid_month = status, last
            enrollment.paid_months, enrollment.status_changed_at = paid, now
            changed.append(enrollment)
    Enrollment.objects.bulk_update(changed, ["status", "last_paid_month", "paid_months",
                                             "status_changed_at"], batch_size=2000)
    return {"tracked": len(found), "status_changed": len(changed)}


def funded_counts_apply(*, actor, participants: Path) -> dict:
    """The funded workers feed the participation figures: for the month of the participant
    file (its latest month paid), each region's BPU snapshot gets its active funded workers per
    funding source. Snapshots that do not exist yet, or whose month is submitted or approved,
    are left alone (and counted)."""
    from ucj.core.datasets import get_dataset
    from ucj.core.services import record_update
    from ucj.coverage.models import ParticipationSnapshot
    from ucj.coverage.services import participation_warnings
    from ucj.submissions.services import ensure_editable

    latest = (pl.scan_parquet(participants).filter(pl.col("active"))
              .select(pl.col("last_paid_month").max()).collect().item())
    if latest is None:
        return {"snapshots_updated": 0}
    month = latest.replace(day=1)
    counts: dict = {}
    for row in (Enrollment.objects.filter(status=EnrollmentStatus.ACTIVE, year=month.year,
                                          start_month__lte=month)
                .values("region_id", "allocation__funding_source").annotate(n=Count("id"))):
        counts.setdefault(row["region_id"], {})[row["allocation__funding_source"]] = row["n"]
    updated = skipped = 0
    dataset = get_dataset("participation")
    for region_id, by_source in counts.items():
        snapshot = ParticipationSnapshot.objects.filter(region_id=region_id, month=month,
                                                        segment="BPU").first()
        if snapshot is None:
            skipped += 1
            continue
        try:
            ensure_editable(region=snapshot.region, dataset="participation",
                            period=dataset.period_key(snapshot))
        except ValidationError:
            skipped += 1
            continue
        fields = {f"funded_{source}": n for source, n in by_source.items()}
        record_update(actor=actor, instance=snapshot, fields=fields,
                      warnings=participation_warnings, confirm=True)
        updated += 1
    return {"snapshots_updated": updated, "snapshots_skipped": skipped}


def pseudonym_hex(hi: int, lo: int) -> str:
    """The stored form of a pseudonym: both halves as 20 decimal digits each (sortable text)."""
    return f"{int(hi):020d}{int(lo):020d}"


# --- match runs --------------------------------------------------------------------------------

@transaction.atomic
def run_start(*, actor, source: SourceFile, deceased: SourceFile | None = None,
              enqueue: bool = True) -> MatchRun:
    if source.kind != Kind.BENEFICIARIES or not may_upload(actor, source.kind, source.region):
        raise PermissionDenied
    if mapping_missing(source):
        raise ValidationError(_("Choose the columns of the file first."))
    if not source.path:
        raise ValidationError(_("The uploaded file has been deleted; upload it again."))
    participants = latest_participants()
    run = MatchRun.objects.create(
        region=source.region, year=source.year, list_file=source,
        participants_file=participants, deceased_file=deceased, created_by=actor,
        inputs={"list_sha256": source.sha256,
                "participants_sha256": participants.sha256 if participants else None,
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
    if not may_upload(actor, Kind.BENEFICIARIES, run.region):
        raise PermissionDenied
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
        path = registry_dir() / other.result_path.replace("result.parquet", "eligible.parquet")
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


def run_execute(run_id: str, *, on_progress=None) -> MatchRun:
    """The body of a run (a background task): progress into the database as it goes, results
    into place at the end, the run's record and counts in one transaction."""
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

    config = engine.MatchConfig(
        region_code=run.region.code, year=run.year, hash_key=engine.hash_key(),
        cipher_key=engine.cipher_key(), memory_limit=settings.UCJ_REGISTRY_MEMORY_LIMIT,
        min_age=settings.UCJ_REGISTRY_MIN_AGE, max_age=settings.UCJ_REGISTRY_MAX_AGE,
        category_order=settings.UCJ_REGISTRY_CATEGORY_ORDER)
    participants = run.participants_file
    try:
        result = engine.match_list(
            list_path=registry_dir() / run.list_file.path, config=config, out_path=out,
            mapping=run.list_file.mapping,
            participants=(registry_dir() / participants.parquet_path) if participants else None,
            deceased=(registry_dir() / run.deceased_file.path) if run.deceased_file else None,
            others=_others(run), progress=progress, cancelled=cancelled)
        (pl.scan_parquet(out).filter(pl.col("outcome") == "eligible")
         .select("hash_hi", "hash_lo", region_code=pl.lit(run.region.code))
         .sink_parquet(folder / "eligible.parquet"))
    except engine.Cancelled:
        MatchRun.objects.filter(pk=run.pk).update(status=RunStatus.CANCELLED,
                                                  finished_at=timezone.now())
        _delete_inputs(run)
        return MatchRun.objects.get(pk=run.pk)
    except Exception as exc:
        # the exception's type and message, with any long number (a NIK) blanked out
        message = re.sub(r"\d{10,}", "[…]", str(exc))[:500]
        MatchRun.objects.filter(pk=run.pk).update(
            status=RunStatus.FAILED, finished_at=timezone.now(),
            error=f"{type(exc).__name__}: {message}")
        _delete_inputs(run)
        raise
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


def _delete_inputs(run: MatchRun) -> None:
    """A run's uploaded list and deceased list, once it has ended however it ended."""
    for source in (run.list_file, run.deceased_file):
        if source is not None:
            if source.processed_at is None:
                source.processed_at = timezone.now()
                source.save(update_fields=["processed_at"])
            _delete_raw(source)


@task()
def run_match_task(run_id: str) -> None:
    run_execute(run_id)


@task()
def participants_task(source_id: str, user_id: int) -> None:
    from ucj.accounts.models import User

    participants_process(actor=User.objects.get(pk=user_id),
                         source=SourceFile.objects.get(pk=source_id))


# --- funding -----------------------------------------------------------------------------------

@transaction.atomic
def enrollment_fund(*, actor, run: MatchRun, allocation, workers: int | None = None) -> int:
    """Choose eligible workers of a run, by priority (desil ascending, then category, then row),
    up to what the allocation pays for at the planner's tariff (or ``workers``), skipping
    anyone funded already; they become enrollments with the status submitted."""
    from ucj.budget.services import expected_amount

    if not may_upload(actor, Kind.BENEFICIARIES, run.region) or allocation.region_id != run.region_id:
        raise PermissionDenied
    if run.status != RunStatus.DONE or not run.is_current:
        raise ValidationError(_("Fund from the region's current, finished run."))
    per_worker = expected_amount(package=allocation.package, fiscal_year=allocation.fiscal_year,
                                 start_month=allocation.start_month, workers=1,
                                 months=allocation.months_covered)
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


def ranked_eligible(run: MatchRun, *, limit: int | None = None,
                    offset: int = 0) -> pl.DataFrame:
    """A run's eligible rows in funding order: desil ascending (none last), then the
    configured category order, then the list's order."""
    order = settings.UCJ_REGISTRY_CATEGORY_ORDER
    frame = (pl.scan_parquet(registry_dir() / run.result_path)
             .filter(pl.col("outcome") == "eligible")
             .with_columns(priority=pl.col("category").replace_strict(
                 {c: i for i, c in enumerate(order)}, default=len(order), return_dtype=pl.Int32))
             .sort([pl.col("desil").fill_null(99), "priority", "row_no"]))
    if offset:
        frame = frame.slice(offset, limit)
    elif limit is not None:
        frame = frame.head(limit)
    return frame.collect()
