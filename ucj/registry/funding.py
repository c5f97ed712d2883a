"""The funded workers (``Enrollment``) follow the BPJS participant files: each one's status
(active, registered, lapsed) and months paid, and the funded counts of the participation
figures. Both are steps of ``services.participants_process``, inside its transaction; each asks
the capability table per region it writes (the actor None is the system: a management command
or a task on its behalf)."""

from __future__ import annotations

import polars as pl
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.utils import timezone

from ucj.accounts.scope import Cap, allows, require, visible
from ucj.core.datasets import get_dataset
from ucj.coverage.models import ParticipationSnapshot, funded_field
from ucj.coverage.services import participation_warnings
from ucj.records.services import record_update, scoped_update
from ucj.regions.models import Region
from ucj.registry.files import stored_path
from ucj.registry.models import Enrollment, EnrollmentStatus, SourceFile
from ucj.submissions.services import ensure_editable


def _tracked_enrollments(actor):
    """Funded workers a participant file of the actor may update: those of its regions."""
    enrollments = Enrollment.objects.all()
    if actor is not None:
        enrollments = visible(actor, enrollments)
    return enrollments


def enrollments_track(*, actor, source: SourceFile) -> dict:
    """Each funded worker's status from a participant file: found and paying → active; found
    but not paying → lapsed if they were active, else registered; paid months from the first
    month covered to the last month paid. Only the funded workers of the uploader's regions
    (each region asked of the capability table), from the file's rows of those regions."""
    paths = [stored_path(d.path) for d in source.regions.all()]
    enrollments = list(_tracked_enrollments(actor).only(
        "id", "region_id", "nik_hash", "status", "start_month", "last_paid_month",
        "paid_months"))
    if not enrollments or not paths:
        return {"tracked": 0, "status_changed": 0}
    rows = pl.concat([pl.read_parquet(p) for p in paths]).with_columns(
        nik_hash=pl.format("{}{}", pl.col("hash_hi").cast(pl.String).str.zfill(20),
                           pl.col("hash_lo").cast(pl.String).str.zfill(20)))
    wanted = {e.nik_hash for e in enrollments}
    # a NIK on two rows of the file: the active row wins (one person is active once)
    found = {row["nik_hash"]: row for row in rows.filter(pl.col("nik_hash").is_in(wanted))
             .sort("active").iter_rows(named=True)}
    regions = Region.objects.filter(
        pk__in={e.region_id for e in enrollments if e.nik_hash in found}).defer("geometry")
    allowed = {r.pk: r for r in regions if allows(actor, Cap.UPLOAD_PARTICIPANTS, r, system=True)}
    changed, tracked, now = [], 0, timezone.now()
    for enrollment in enrollments:
        row = found.get(enrollment.nik_hash)
        if row is None or enrollment.region_id not in allowed:
            continue
        tracked += 1
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
    for region_id in {e.region_id for e in changed}:  # the write's own check, per region
        require(actor, Cap.UPLOAD_PARTICIPANTS, allowed[region_id], system=True)
    Enrollment.objects.bulk_update(changed, ["status", "last_paid_month", "paid_months",
                                             "status_changed_at"], batch_size=2000)
    return {"tracked": tracked, "status_changed": len(changed)}


def funded_counts_apply(*, actor, source: SourceFile) -> dict:
    """The funded workers feed the participation figures: for each region the file covers (in
    the uploader's regions), in the month of its rows (their latest month paid), the region's
    BPU snapshot gets its active funded workers per funding source and payer (the province's
    DBHCHT apart from the regency's: ``funded_field``). Snapshots that do not exist
    yet, or whose month is submitted or approved, are left alone (and counted)."""
    updated = skipped = 0
    dataset = get_dataset("participation")
    for data in source.regions.select_related("region").order_by("region__code"):
        if data.last_paid_month is None:
            continue
        region, month = data.region, data.last_paid_month.replace(day=1)
        require(actor, Cap.UPLOAD_PARTICIPANTS, region, system=True)
        fields: dict[str, int] = {}
        for row in (Enrollment.objects.filter(region=region, status=EnrollmentStatus.ACTIVE,
                                              year=month.year, start_month__lte=month)
                    .values("allocation__funding_source", "allocation__payer")
                    .annotate(n=Count("id"))):
            name = funded_field(row["allocation__funding_source"], row["allocation__payer"])
            fields[name] = fields.get(name, 0) + row["n"]
        if not fields:
            continue
        snapshot = ParticipationSnapshot.objects.filter(region=region, month=month,
                                                        segment="BPU").first()
        if snapshot is None:
            skipped += 1
            continue
        try:
            if actor is None:
                ensure_editable(region=region, dataset="participation",
                                period=dataset.period_key(snapshot))
                record_update(actor=actor, instance=snapshot, fields=fields,
                              warnings=participation_warnings, confirm=True)
            else:
                scoped_update(actor=actor, dataset="participation", instance=snapshot,
                              fields=fields, warnings=participation_warnings, confirm=True)
        except ValidationError:
            skipped += 1
            continue
        updated += 1
    return {"snapshots_updated": updated, "snapshots_skipped": skipped}
