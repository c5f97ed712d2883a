"""Applying an import runs in the background worker: the apply button checks what needs no
reading (uploader, role, state, warnings confirmed), marks the job "being applied" and queues
the task; the task writes every row or none in one transaction, with progress on the job's
page; a refusal or a failure sends the job back to staged with the reason, nothing written."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from tests.import_helpers import snapshot, text_of, upload
from tests.test_imports import CHANGE_2025, WARNED, fifty_denominator_rows
from ucj.audit.models import AuditEvent
from ucj.core.services import ConfirmationRequired
from ucj.coverage.models import WorkforceDenominator
from ucj.imports import services
from ucj.imports.models import ImportJob, ImportStatus


def staged(actor, data=CHANGE_2025, dataset="denominators") -> ImportJob:
    job = services.import_stage(actor=actor, dataset=dataset, data=data, file_name="d.csv")
    assert job.status == ImportStatus.STAGED
    return job


def queue(callbacks, actor, job, **kwargs):
    """Press apply; returns the job and ``run()``, the queued task as the worker runs it."""
    with callbacks(execute=False) as queued:
        job = services.import_apply_submit(actor=actor, job=job, **kwargs)
    assert len(queued) == 1

    def run():
        with callbacks(execute=True):
            queued[0]()

    return job, run


def test_the_task_applies_the_job_with_its_progress(
        records, admin_user, django_capture_on_commit_callbacks):
    job = staged(admin_user, fifty_denominator_rows())
    before = WorkforceDenominator.objects.count()
    job, run = queue(django_capture_on_commit_callbacks, admin_user, job)
    assert (job.status, job.stage, job.progress) == (ImportStatus.APPLYING, "queued", 0)
    assert WorkforceDenominator.objects.count() == before  # nothing written by the request
    run()
    job.refresh_from_db()
    assert (job.status, job.progress, job.stage, job.error) == (ImportStatus.APPLIED, 100, "", "")
    assert job.applied_at is not None and job.stored_path == ""
    assert WorkforceDenominator.objects.count() == before + 50
    assert WorkforceDenominator.objects.filter(import_job=job).count() == 50
    events = AuditEvent.objects.filter(object_id=str(job.pk)).order_by("pk")
    assert [e.changes["status"] for e in events] == [
        [None, "staged"], ["staged", "applying"], ["applying", "applied"]]


def test_a_failure_in_the_task_leaves_nothing_written_and_the_job_staged_again(
        records, admin_user, monkeypatch, django_capture_on_commit_callbacks):
    job = staged(admin_user, fifty_denominator_rows())
    before = snapshot()
    real = services.apply_plan

    def disk_full(**kwargs):
        real(**kwargs)  # the rows are written, then the transaction fails
        raise OSError("disk full")

    monkeypatch.setattr(services, "apply_plan", disk_full)
    job, run = queue(django_capture_on_commit_callbacks, admin_user, job)
    run()  # the task fails (the worker records it failed)
    assert snapshot() == before
    job.refresh_from_db()
    assert job.status == ImportStatus.STAGED and job.stored_path  # may be applied again
    assert "kesalahan internal" in job.error and "tidak ada yang ditulis" in job.error
    assert "disk full" not in job.error

    monkeypatch.setattr(services, "apply_plan", real)
    job, run = queue(django_capture_on_commit_callbacks, admin_user, job)
    assert job.error == ""
    run()
    job.refresh_from_db()
    assert job.status == ImportStatus.APPLIED
    assert WorkforceDenominator.objects.filter(import_job=job).count() == 50


def test_two_applies_of_one_job_write_once(records, admin_user, django_capture_on_commit_callbacks):
    job = staged(admin_user, fifty_denominator_rows())
    job, run = queue(django_capture_on_commit_callbacks, admin_user, job)
    with pytest.raises(ValidationError, match="sedang diterapkan"):  # pressed twice
        services.import_apply_submit(actor=admin_user, job=job)
    run()
    run()  # the task again (a worker retrying it): nothing more
    assert WorkforceDenominator.objects.filter(import_job=job).count() == 50
    assert AuditEvent.objects.filter(object_id=str(job.pk), action="import").count() == 1
    with pytest.raises(ValidationError, match="statusnya diterapkan"):
        services.import_apply_submit(actor=admin_user, job=job)


def test_the_data_changed_meanwhile_gives_the_job_back_with_the_new_preview(
        records, op_a, admin_user, django_capture_on_commit_callbacks):
    from ucj.coverage import services as coverage

    job = staged(op_a)
    job, run = queue(django_capture_on_commit_callbacks, op_a, job)
    coverage.denominator_update(actor=admin_user, denominator=records["denominators"],
                                workforce_potential=455_000)
    before = snapshot()
    run()
    job.refresh_from_db()
    assert job.status == ImportStatus.STAGED and snapshot() == before
    assert job.error.startswith("Data berubah sejak pratinjau")
    assert job.report["changed"][0]["changes"][0][1] == "455.000"


def test_warnings_must_be_confirmed_before_anything_is_queued(
        records, bpjs, django_capture_on_commit_callbacks):
    job = staged(bpjs, WARNED, dataset="participation")
    assert job.rows_warned == 1
    with django_capture_on_commit_callbacks(execute=False) as queued, \
            pytest.raises(ConfirmationRequired) as refused:
        services.import_apply_submit(actor=bpjs, job=job)
    assert queued == [] and refused.value.warnings
    job.refresh_from_db()
    assert job.status == ImportStatus.STAGED
    job, run = queue(django_capture_on_commit_callbacks, bpjs, job, confirm_warnings=True)
    run()
    job.refresh_from_db()
    assert job.status == ImportStatus.APPLIED


def test_only_the_uploader_with_the_role_queues_an_apply(
        records, op_a, admin_user, django_capture_on_commit_callbacks):
    from ucj.accounts.models import Role

    job = staged(op_a)
    with pytest.raises(PermissionDenied):
        services.import_apply_submit(actor=admin_user, job=job)
    op_a.role = Role.PROVINSI_VIEWER
    op_a.save(update_fields=["role"])
    with pytest.raises(PermissionDenied):
        services.import_apply_submit(actor=op_a, job=job)
    job.refresh_from_db()
    assert job.status == ImportStatus.STAGED


def test_a_role_lost_while_queued_gives_the_job_back_unwritten(
        records, op_a, django_capture_on_commit_callbacks):
    from ucj.accounts.models import Role

    job = staged(op_a)
    before = snapshot()
    job, run = queue(django_capture_on_commit_callbacks, op_a, job)
    op_a.role = Role.PROVINSI_VIEWER
    op_a.save(update_fields=["role"])
    run()
    job.refresh_from_db()
    assert job.status == ImportStatus.STAGED and "tidak lagi" in job.error
    assert snapshot() == before


def test_a_job_being_applied_cannot_be_discarded(records, op_a,
                                                 django_capture_on_commit_callbacks):
    job = staged(op_a)
    job, _run = queue(django_capture_on_commit_callbacks, op_a, job)
    with pytest.raises(ValidationError):
        services.import_discard(actor=op_a, job=job)


def test_a_job_left_being_applied_fails_after_the_retention(
        records, op_a, settings, django_capture_on_commit_callbacks):
    job = staged(op_a)
    job, _run = queue(django_capture_on_commit_callbacks, op_a, job)
    ImportJob.objects.filter(pk=job.pk).update(
        created_at=timezone.now() - dt.timedelta(hours=settings.UCJ_IMPORT_RETENTION_HOURS + 1))
    services.purge_abandoned_files()
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED and "tidak diterapkan" in job.error
    assert job.stored_path == ""


# --- the pages ----------------------------------------------------------------------------------

def test_the_apply_button_queues_and_the_page_follows_the_progress(
        client, records, op_a, op_b, viewer, admin_user, django_capture_on_commit_callbacks):
    client.force_login(op_a)
    _response, job = upload(client, "denominators", "d.csv", CHANGE_2025)
    url = reverse("import_apply", args=[job.pk])
    progress = reverse("import_progress", args=[job.pk])
    detail = reverse("import_detail", args=[job.pk])

    # another region's operator and a viewer do not see it; the province sees, may not apply
    for user, expected in ((op_b, 404), (viewer, 404), (admin_user, 403)):
        client.force_login(user)
        with django_capture_on_commit_callbacks(execute=False) as queued:
            assert client.post(url).status_code == expected, user
        assert queued == []
    job.refresh_from_db()
    assert job.status == ImportStatus.STAGED

    client.force_login(op_a)
    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = client.post(url)
    assert response.status_code == 302 and response.url == detail
    assert len(queued) == 1
    page = client.get(detail).content.decode()
    assert f'hx-get="{progress}"' in page and "Menerapkan berkas" in page
    assert "menunggu pekerja latar belakang" in page
    fragment = client.get(progress)
    assert "HX-Refresh" not in fragment and "Menerapkan berkas" in fragment.content.decode()
    for user in (op_b, viewer):
        client.force_login(user)
        assert client.get(progress).status_code == 404
    client.force_login(admin_user)
    assert client.get(progress).status_code == 200

    with django_capture_on_commit_callbacks(execute=True):
        queued[0]()  # the worker
    client.force_login(op_a)
    assert client.get(progress)["HX-Refresh"] == "true"
    page = text_of(client.get(detail).content.decode())
    assert "Diterapkan: 1 baris: 0 baru, 1 berubah" in page
    assert WorkforceDenominator.objects.get(year=2025).workforce_potential == 460_000
