"""Bulk imports through the API (ucj/api/imports.py): stage a CSV or xlsx file, read its
preview as JSON, apply it in the background, discard it; the same services as the upload
pages. Every endpoint × every kind of user (province admin, viewer, the own-region and the
other-region operator, BPJS in and out of region A, anonymous), a bad file, warnings to
confirm, the size limit checked before the body is read, and a full round trip."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.import_helpers import snapshot
from tests.test_api import KINDS, A, api, build_world
from tests.test_imports import (
    CHANGE_2025,
    WARNED,
    denominators_csv,
    fifty_denominator_rows,
    participation_csv,
)
from ucj.audit.models import Action, AuditEvent
from ucj.coverage.models import ParticipationSnapshot, WorkforceDenominator
from ucj.imports.models import ImportJob, ImportStatus

NEW_2021 = ["52.03", "", 2021, "430.000", "", "", "", "BPS"]
# Who stages a denominators file (the role writes the dataset) and who reads a job of op_own.
STAGES_DENOMINATORS = {"admin", "op_own", "op_other"}
SEES_OWN_JOB = {"op_own", "admin"}


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()  # the rate limit counts in the cache
    yield
    cache.clear()


@pytest.fixture
def world(ntb, records, admin_user, viewer, op_a, op_b, bpjs):
    return build_world(ntb, records, admin_user, viewer, op_a, op_b, bpjs)


def clients(w) -> dict:
    return {kind: api(w["tokens"][kind]) for kind in KINDS} | {"anonymous": api()}


def stage(client, data: bytes, dataset: str = "denominators", name: str = "d.csv"):
    return client.post(reverse("api_imports"),
                       {"dataset": dataset, "file": SimpleUploadedFile(name, data)})


def staged_job(w, data: bytes = CHANGE_2025, kind: str = "op_own") -> ImportJob:
    response = stage(api(w["tokens"][kind]), data)
    assert response.status_code == 202, response.content
    return ImportJob.objects.get(pk=response.json()["id"])


def apply(client, job, callbacks, **body):
    """POST apply; the queued task runs as the worker would, after the commit."""
    with callbacks(execute=True):
        return client.post(reverse("api_import_apply", args=[job.pk]), body,
                           content_type="application/json")


# --- every endpoint × every kind of user ---------------------------------------------------------

def test_staging_answers_each_kind_of_user_as_the_upload_page(world):
    for kind, client in clients(world).items():
        response = stage(client, denominators_csv(NEW_2021))
        if kind == "anonymous":
            assert response.status_code == 401, kind
        elif kind in STAGES_DENOMINATORS:
            assert response.status_code == 202, (kind, response.content)
            body = response.json()
            assert response["Location"] == body["url"]
            assert body["url"].endswith(reverse("api_import", args=[body["id"]]))
            # another region's operator may import denominators, not region A's row
            expected = "invalid" if kind == "op_other" else "staged"
            assert body["state"] == expected, kind
            assert body["uploaded_by"] == world["users"][kind].username
        else:
            assert response.status_code == 403, kind
            assert response.json()["code"] == "permission_denied"
    assert ImportJob.objects.count() == len(STAGES_DENOMINATORS)
    # the branch serving region A imports its participation figures
    own = participation_csv([A, "", "2025-07", "BPU", "55.000", 0])
    response = stage(api(world["tokens"]["bpjs_in"]), own, dataset="participation")
    assert response.status_code == 202 and response.json()["state"] == "staged"
    response = stage(api(world["tokens"]["bpjs_out"]), own, dataset="participation")
    assert response.status_code == 202 and response.json()["state"] == "invalid"
    problem = response.json()["preview"]["problems"][0]
    assert problem["row"] == 2 and problem["column"] == "A"
    assert problem["message"].startswith("Baris 2, kolom A")


def test_a_job_is_read_by_its_uploader_and_the_province_only(world):
    job = staged_job(world)
    url = reverse("api_import", args=[job.pk])
    for kind, client in clients(world).items():
        response = client.get(url)
        expected = 401 if kind == "anonymous" else 200 if kind in SEES_OWN_JOB else 404
        assert response.status_code == expected, kind
        listed = client.get(reverse("api_imports"))
        if kind == "anonymous":
            assert listed.status_code == 401
            continue
        assert listed.status_code == 200
        ids = [item["id"] for item in listed.json()["results"]]
        assert (str(job.pk) in ids) == (kind in SEES_OWN_JOB), kind
    assert api(world["tokens"]["op_own"]).get(
        reverse("api_import", args=["0" * 8 + "-0000-0000-0000-" + "0" * 12])).status_code == 404


def test_only_the_uploader_applies(world, django_capture_on_commit_callbacks):
    job = staged_job(world)
    before = snapshot()
    for kind, client in clients(world).items():
        if kind == "op_own":
            continue
        with django_capture_on_commit_callbacks(execute=True) as queued:
            response = client.post(reverse("api_import_apply", args=[job.pk]), {},
                                   content_type="application/json")
        expected = {"anonymous": 401, "admin": 403}.get(kind, 404)  # the province may look
        assert response.status_code == expected, kind
        assert queued == []
    job.refresh_from_db()
    assert job.status == ImportStatus.STAGED and snapshot() == before

    response = apply(api(world["tokens"]["op_own"]), job, django_capture_on_commit_callbacks)
    assert response.status_code == 202
    assert response.json()["state"] == "applying"  # as answered, before the worker ran
    job.refresh_from_db()
    assert job.status == ImportStatus.APPLIED
    assert WorkforceDenominator.objects.get(region__code=A, year=2025).workforce_potential \
        == 460_000


def test_only_the_uploader_discards(world):
    job = staged_job(world)
    url = reverse("api_import", args=[job.pk])
    for kind, client in clients(world).items():
        if kind == "op_own":
            continue
        expected = {"anonymous": 401, "admin": 403}.get(kind, 404)
        assert client.delete(url).status_code == expected, kind
    job.refresh_from_db()
    assert job.status == ImportStatus.STAGED and job.stored_path
    response = api(world["tokens"]["op_own"]).delete(url)
    assert response.status_code == 200 and response.json()["state"] == "discarded"
    job.refresh_from_db()
    assert job.status == ImportStatus.DISCARDED and job.stored_path == ""
    again = api(world["tokens"]["op_own"]).delete(url)
    assert again.status_code == 409 and again.json()["code"] == "not_ready"
    refused = api(world["tokens"]["op_own"]).post(reverse("api_import_apply", args=[job.pk]))
    assert refused.status_code == 409 and "dibatalkan" in refused.json()["detail"]


# --- the preview, the apply ----------------------------------------------------------------------

def test_stage_preview_apply_round_trip_ends_with_the_rows_in_the_dataset(
        world, django_capture_on_commit_callbacks):
    client = api(world["tokens"]["op_own"])
    data = denominators_csv(["52.03", "", 2025, "460.000", 433_000, 326_000, 71_000, "BPS"],
                            NEW_2021)
    response = stage(client, data, name="potensi.csv")
    assert response.status_code == 202
    url = response.json()["url"]
    preview = client.get(url).json()
    assert preview["state"] == "staged" and preview["state_label"] == "siap diterapkan"
    assert preview["file_name"] == "potensi.csv" and preview["file_format"] == "csv"
    counts = preview["preview"]["counts"]
    assert (counts["rows"], counts["new"], counts["changed"], counts["unchanged"],
            counts["invalid_rows"]) == (2, 1, 1, 0, 0)
    assert preview["preview"]["valid"] is True and preview["preview"]["problems"] == []
    assert preview["preview"]["changed"] == [{
        "row": 2, "label": "Lombok Timur · 2025",
        "changes": [{"column": "Potensi tenaga kerja", "now": "453.748", "new": "460.000"}]}]
    assert preview["preview"]["created"][0]["row"] == 3
    assert {"column": "Potensi tenaga kerja", "value": "430.000"} in \
        preview["preview"]["created"][0]["values"]
    assert not WorkforceDenominator.objects.filter(year=2021).exists()  # staged: nothing yet

    job = ImportJob.objects.get(pk=preview["id"])
    confirm = preview["preview"]["needs_confirmation"]
    response = apply(client, job, django_capture_on_commit_callbacks, confirm_warnings=confirm)
    assert response.status_code == 202 and response["Location"] == url
    done = client.get(url).json()
    assert (done["state"], done["progress"], done["error"]) == ("applied", 100, "")
    assert done["applied_at"]
    assert WorkforceDenominator.objects.get(region__code=A, year=2021).workforce_potential \
        == 430_000
    assert WorkforceDenominator.objects.get(region__code=A, year=2025).workforce_potential \
        == 460_000
    assert AuditEvent.objects.filter(object_id=str(job.pk), action=Action.IMPORT).count() == 1
    again = client.post(reverse("api_import_apply", args=[job.pk]))
    assert again.status_code == 409 and again.json()["code"] == "not_ready"  # written once


def test_warnings_must_be_confirmed(world, django_capture_on_commit_callbacks):
    client = api(world["tokens"]["bpjs_out"])  # Lombok Barat, in the branch's regions
    response = stage(client, WARNED, dataset="participation")
    assert response.status_code == 202
    body = response.json()
    assert body["state"] == "staged" and body["preview"]["needs_confirmation"] is True
    warned = body["preview"]["warnings"]
    assert warned[0]["row"] == 2 and "Lombok Barat" in warned[0]["warnings"][0]
    job = ImportJob.objects.get(pk=body["id"])
    before = snapshot()
    refused = apply(client, job, django_capture_on_commit_callbacks)
    assert refused.status_code == 409
    assert refused.json()["code"] == "confirmation_required"
    assert refused.json()["warnings"] == warned[0]["warnings"]
    job.refresh_from_db()
    assert job.status == ImportStatus.STAGED and snapshot() == before
    response = apply(client, job, django_capture_on_commit_callbacks, confirm_warnings=True)
    assert response.status_code == 202
    job.refresh_from_db()
    assert job.status == ImportStatus.APPLIED
    assert ParticipationSnapshot.objects.get(region__code="52.01").flags == warned[0]["warnings"]


def test_a_bad_file_is_staged_invalid_with_its_problems_by_row_and_column(world):
    client = api(world["tokens"]["admin"])
    response = stage(client, fifty_denominator_rows(bad_row=37))
    assert response.status_code == 202
    body = response.json()
    assert body["state"] == "invalid" and body["preview"]["valid"] is False
    assert body["preview"]["counts"]["invalid_rows"] == 1
    [problem] = body["preview"]["problems"]
    assert (problem["row"], problem["column"], problem["value"]) == (37, "D", "sekitar 400 ribu")
    assert problem["message"].startswith("Baris 37, kolom D")
    job = ImportJob.objects.get(pk=body["id"])
    refused = client.post(reverse("api_import_apply", args=[job.pk]))
    assert refused.status_code == 409 and refused.json()["code"] == "not_ready"
    own = api(world["tokens"]["op_own"])
    response = stage(own, b"\x00\x01 bukan lembar kerja", name="rusak.xlsx")
    assert response.status_code == 202
    body = response.json()
    assert body["state"] == "invalid" and body["preview"]["problems"][0]["row"] is None
    assert body["preview"]["problems"][0]["message"]
    refused = own.post(reverse("api_import_apply", args=[body["id"]]))
    assert refused.status_code == 409 and refused.json()["code"] == "not_ready"
    assert not WorkforceDenominator.objects.filter(import_job__isnull=False).exists()


def test_a_request_without_a_file_or_with_unknown_fields_is_refused(world):
    client = api(world["tokens"]["op_own"])
    url = reverse("api_imports")
    missing = client.post(url, {"dataset": "denominators"})
    assert missing.status_code == 400 and "file" in missing.json()
    unknown = client.post(url, {"dataset": "kesehatan",
                                "file": SimpleUploadedFile("d.csv", CHANGE_2025)})
    assert unknown.status_code == 400 and "dataset" in unknown.json()
    extra = client.post(url, {"dataset": "denominators", "tahun": "2025",
                              "file": SimpleUploadedFile("d.csv", CHANGE_2025)})
    assert extra.status_code == 400 and "tahun" in extra.json()
    as_json = client.post(url, {"dataset": "denominators"}, content_type="application/json")
    assert as_json.status_code == 415
    assert not ImportJob.objects.exists()


def test_a_file_over_the_limit_is_refused_before_it_is_read(world, settings, monkeypatch):
    from ucj.imports import services

    settings.UCJ_MAX_IMPORT_BYTES = 1000
    read = []
    monkeypatch.setattr(services, "import_upload", lambda **kw: read.append(kw))
    client = api(world["tokens"]["op_own"])
    big = b"x" * 200_000  # over the limit and the form's room
    response = stage(client, big)
    assert response.status_code == 413 and response.json()["code"] == "too_large"
    assert response.json()["detail"].startswith("Berkas (isian “file”) paling besar")
    assert read == [] and not ImportJob.objects.exists()
    # declared within the form's room, but the file is over the limit: reading stops there
    monkeypatch.undo()
    settings.UCJ_MAX_IMPORT_BYTES = 1000
    response = stage(client, denominators_csv(*[NEW_2021] * 40))
    assert response.status_code == 413 and response.json()["code"] == "too_large"
    assert not ImportJob.objects.exists()


def test_a_big_file_is_checked_in_the_background_and_its_progress_read(
        world, settings, django_capture_on_commit_callbacks):
    settings.UCJ_IMPORT_BACKGROUND_BYTES = 10
    client = api(world["tokens"]["op_own"])
    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = stage(client, CHANGE_2025)
    assert response.status_code == 202
    body = response.json()
    assert body["state"] == "checking" and body["preview"] is None
    assert body["stage"] == "menunggu pekerja latar belakang"
    with django_capture_on_commit_callbacks(execute=True):
        queued[0]()  # the worker
    body = client.get(body["url"]).json()
    assert body["state"] == "staged" and body["progress"] == 100
    assert body["preview"]["counts"]["changed"] == 1
