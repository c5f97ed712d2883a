"""Stored files on S3-compatible object storage (UCJ_STORAGE=s3), against a local S3 server
started here (moto's server mode): a signed commitment, a forum attachment, a registry list →
run → results, and a report are written on one "machine" and read back through the app's
scoped views on another (each machine has its own, empty, data folder; only the bucket and
the database are shared). Every object is private.

A real server: runs in the PostgreSQL phase of scripts/run-tests (or with UCJ_TEST_S3=1)."""

from __future__ import annotations

import datetime as dt
import os
import socket
import time
import uuid
from pathlib import Path

import boto3
import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse

from tests.test_registry import LIST_A, PARTICIPANT_HEADER, PARTICIPANTS_A, csv_bytes
from ucj.core import storage as stored
from ucj.registry import services as registry
from ucj.registry.models import MatchRun, RunStatus

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
KEY, SECRET = "ucj-test", "ucj-test-secret"


@pytest.fixture(scope="module")
def s3_endpoint():
    if connection.vendor != "postgresql" and os.environ.get("UCJ_TEST_S3") != "1":
        pytest.skip("object storage is tested in the PostgreSQL phase (or UCJ_TEST_S3=1)")
    from moto.server import ThreadedMotoServer

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


class Machines:
    """Switch the local folders, as if the next step ran on another server."""

    def __init__(self, settings, root: Path):
        self.settings, self.root = settings, root

    def use(self, name: str) -> Path:
        base = self.root / name
        self.settings.MEDIA_ROOT = base / "media"
        self.settings.REGISTRY_DIR = base / "registry"
        return base


@pytest.fixture
def bucket(settings, s3_endpoint, tmp_path):
    name = f"ucj-{uuid.uuid4().hex[:12]}"
    client = boto3.client("s3", endpoint_url=s3_endpoint, aws_access_key_id=KEY,
                          aws_secret_access_key=SECRET, region_name="us-east-1")
    client.create_bucket(Bucket=name)
    settings.UCJ_STORAGE = "s3"
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {"bucket_name": name, "endpoint_url": s3_endpoint, "access_key": KEY,
                    "secret_key": SECRET, "region_name": "us-east-1", "default_acl": None,
                    "file_overwrite": False, "querystring_auth": True,
                    "max_memory_size": 1024 * 1024}}}
    settings.UCJ_REGISTRY_RETENTION_DAYS = 0
    assert not stored.has_local_paths(default_storage)
    client.machines = Machines(settings, tmp_path)
    client.bucket_name = name
    return client


@pytest.fixture
def bpjs_lotim(ntb):
    """The BPJS branch serving Lombok Timur: its participant files count there."""
    from tests.conftest import make_user
    from ucj.accounts.models import Role

    return make_user("bpjs.selong", Role.BPJS_OPERATOR, [ntb["52.03"]])


def keys(bucket) -> list[str]:
    listing = bucket.list_objects_v2(Bucket=bucket.bucket_name)
    return sorted(item["Key"] for item in listing.get("Contents", []))


def local_files(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file()] if folder.exists() else []


def test_documents_attachments_and_reports_live_in_the_bucket_and_are_served_by_the_app(
        bucket, client, ntb, op_a, admin_user, records, monkeypatch,
        django_capture_on_commit_callbacks):
    from ucj.budget.evidence import allocation_document_add
    from ucj.budget.models import Commitment
    from ucj.cycle.services import milestone_record
    from ucj.forums import services as forums
    from ucj.reports import services as reports
    from ucj.reports import tasks as report_tasks

    web_a = bucket.machines.use("web-a")
    client.force_login(op_a)
    response = client.post(reverse("record_create", args=["commitments"]), {
        "region": ntb["52.03"].pk, "year": "2026", "target_coverage": "45,5",
        "target_funded_workers": "25.000", "status": "signed",
        "document": SimpleUploadedFile("Perbup 12-2025.pdf", PDF,
                                       content_type="application/pdf")})
    assert response.status_code == 302
    commitment = Commitment.objects.get(year=2026)
    step = milestone_record(actor=op_a, region=ntb["52.03"], fiscal_year=2026, stage="murni",
                            kind="perda", date=dt.date(2025, 12, 20),
                            document=SimpleUploadedFile("perda.pdf", PDF,
                                                        content_type="application/pdf"))
    evidence = allocation_document_add(
        actor=op_a, allocation=records["allocations"], kind="dpa",
        upload=SimpleUploadedFile("dpa.pdf", PDF, content_type="application/pdf"))
    meeting = forums.meeting_create(actor=admin_user, title="Rakor UCJ", level="province",
                                    date=dt.date(2026, 3, 2), region=ntb["52"], place="Mataram")
    attachment = forums.attachment_add(actor=admin_user, meeting=meeting, upload=SimpleUploadedFile(
        "undangan.pdf", PDF, content_type="application/pdf"))
    monkeypatch.setattr(report_tasks, "build",
                        lambda kind, *, period, region: PDF + kind.encode())
    with django_capture_on_commit_callbacks(execute=True):
        report = reports.report_request(actor=admin_user, kind="monev_pdf", period="2025",
                                        region=ntb["52"])
    report.refresh_from_db()

    objects = keys(bucket)
    for field in (commitment.document, step.document, evidence.file, attachment.file,
                  report.file):
        assert field.name in objects
    assert local_files(web_a) == []  # nothing kept on the web server that took them

    bucket.machines.use("web-b")  # another web server answers the downloads
    client.force_login(admin_user)
    for url, expected in ((reverse("commitment_document", args=[commitment.pk]), PDF),
                          (reverse("cycle_document", args=[step.pk]), PDF),
                          (reverse("allocation_document_download", args=[evidence.pk]), PDF),
                          (reverse("attachment_download", args=[attachment.pk]), PDF),
                          (reverse("report_download", args=[report.pk]), PDF + b"monev_pdf")):
        response = client.get(url)
        assert response.status_code == 200, url
        assert b"".join(response.streaming_content) == expected
        assert response["X-Content-Type-Options"] == "nosniff"
    # the bucket grants nobody but its owner: no public object, no public URL handed out
    for key in objects:
        grants = bucket.get_object_acl(Bucket=bucket.bucket_name, Key=key)["Grants"]
        assert all("URI" not in g["Grantee"] for g in grants), key
    # a file gone from the bucket is a 404, not a server error
    bucket.delete_object(Bucket=bucket.bucket_name, Key=commitment.document.name)
    assert client.get(reverse("commitment_document", args=[commitment.pk])).status_code == 404


def test_a_registry_run_on_a_worker_reads_and_writes_its_parquet_through_the_bucket(
        bucket, client, ntb, op_a, bpjs_lotim, django_capture_on_commit_callbacks, tmp_path,
        monkeypatch):
    web_a = bucket.machines.use("web-a")
    client.force_login(bpjs_lotim)
    with django_capture_on_commit_callbacks(execute=True):  # processed here, in the request
        client.post(reverse("registry_participants_upload"), {"file": SimpleUploadedFile(
            "peserta.csv", csv_bytes(PARTICIPANTS_A, PARTICIPANT_HEADER),
            content_type="text/csv")})
    client.force_login(op_a)
    client.post(reverse("registry_list_upload"), {  # queued; the task is not run here
        "region": "52.03", "year": "2026",
        "file": SimpleUploadedFile("daftar.csv", csv_bytes(LIST_A), content_type="text/csv")})
    run = MatchRun.objects.get()
    assert run.status == RunStatus.QUEUED
    uploaded = keys(bucket)
    assert any(k.startswith("registry/uploads/") for k in uploaded)
    # the web server's copy of the list (names, NIKs) goes after an hour; the bucket's stays
    # until the run has used it
    copies = local_files(web_a / "registry" / "uploads")
    hour_ago = time.time() - 3700
    for copy in copies:
        os.utime(copy, (hour_ago, hour_ago))
    assert copies and registry.purge_abandoned_uploads() == 0
    assert local_files(web_a / "registry" / "uploads") == [] and keys(bucket) == uploaded
    assert any(k.startswith("registry/participants/") and k.endswith(".parquet")
               for k in uploaded)

    worker = bucket.machines.use("worker-1")  # a worker with an empty data folder
    registry.run_execute(str(run.pk))
    run.refresh_from_db()
    assert run.status == RunStatus.DONE, run.error
    assert run.counts["eligible"] == 2 and run.counts["already_active"] == 1
    after = keys(bucket)
    assert f"registry/{run.result_path}" in after
    assert not any(k.startswith("registry/uploads/") for k in after)  # deleted once processed
    assert local_files(worker)  # its working copies

    bucket.machines.use("web-b")  # the results, read on another web server
    client.force_login(op_a)
    page = client.get(reverse("registry_row", args=[run.pk, 2]))
    assert page.status_code == 200 and "Budi" in page.content.decode()

    # every stored file, listed and copied (what a backup does)
    names = list(stored.stored_names())
    assert sorted(names) == after
    assert stored.copy_all(tmp_path / "copy") == len(after)
    result = tmp_path / "copy" / "registry" / run.result_path
    assert result.stat().st_size == bucket.head_object(
        Bucket=bucket.bucket_name, Key=f"registry/{run.result_path}")["ContentLength"]

    # an upload the bucket has but no record names (a crash between writing and recording)
    bucket.put_object(Bucket=bucket.bucket_name, Key="registry/uploads/orphan.csv", Body=b"nik\n")
    monkeypatch.setattr(registry, "ORPHAN_GRACE", dt.timedelta(seconds=-5))
    assert registry.purge_abandoned_uploads() == 1
    assert keys(bucket) == after  # the orphan went; the results stay

    # the results CSV: asked for on one web server, written by a worker on another machine,
    # served by a third (ucj/registry/exports.py writes through the same mirror)
    from ucj.registry import exports
    from ucj.registry.models import ResultExport

    export_url = reverse("registry_export", args=[run.pk])
    client.get(export_url)  # queued (written ahead when the run ended, or now)
    bucket.machines.use("worker-2")
    for export in ResultExport.objects.filter(run=run, personal=True):
        exports.export_execute(str(export.pk))
    bucket.machines.use("web-c")
    response = client.get(export_url)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    body = b"".join(response.streaming_content)
    assert len(body.splitlines()) == 1 + len(LIST_A) and b"Budi Santoso" in body


def test_import_uploads_are_shared_between_machines(bucket, ntb, admin_user,
                                                    django_capture_on_commit_callbacks):
    from ucj.imports import services as imports

    bucket.machines.use("web-a")
    job = imports.import_stage(actor=admin_user, dataset="commitments", file_name="target.csv",
                               data=b"region_code;year;target_coverage\n52.03;2026;40\n")
    assert f"imports/{Path(job.stored_path).name}" in keys(bucket)
    bucket.machines.use("web-b")
    assert imports.stored_data(job).startswith(b"region_code")
    with django_capture_on_commit_callbacks(execute=True):
        imports.import_discard(actor=admin_user, job=job)
    assert not any(k.startswith("imports/") for k in keys(bucket))


def test_the_storage_settings_refuse_a_bucketless_s3():
    import subprocess
    import sys

    env = {**os.environ, "UCJ_STORAGE": "s3", "UCJ_S3_BUCKET": ""}
    done = subprocess.run([sys.executable, "-c", "import django, os; "
                           "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'ucj.settings'); "
                           "django.setup()"], env=env, capture_output=True, text=True,
                          timeout=60)
    assert done.returncode != 0 and "UCJ_S3_BUCKET" in done.stderr
