"""The BPJS exchange through the API (ucj/api/exchange.py, and the participation dataset of
ucj/api/writes.py): every endpoint × every kind of user (province admin, viewer, the operator
of region A and of region B, the BPJS branch of region A and the branch of Lombok Barat and
Kota Mataram, anonymous) × region A's data or another region's. The push of participation
figures touches only the branch's regions (every region's rows counted before and after); a
participant file goes through the page's service (size, type, columns, audit; rows of other
regions set aside); the registration file is the page's CSV with the page's checks."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections import Counter

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.test_api import KINDS, A, api, build_world
from tests.test_api_writes import new_body
from tests.test_registry import HEADER, PARTICIPANT_HEADER, csv_bytes, make_allocation, nik, person
from ucj.audit.models import Action, AuditEvent
from ucj.coverage.models import ParticipationSnapshot
from ucj.regions.models import Region
from ucj.registry import services
from ucj.registry.models import Enrollment, Kind, ParticipantData, RunStatus, SourceFile

BRANCH = ("52.01", "52.71")  # the regions of ``bpjs_out`` (conftest ``bpjs``)
PARTICIPANTS = reverse("api_registry_participants")
UPLOADERS = {"admin", "bpjs_in", "bpjs_out"}  # Cap.UPLOAD_PARTICIPANTS
PULLS_REGISTRATION_A = {"admin", "op_own", "bpjs_in"}  # Cap.PULL_REGISTRATION in region A
READS_A = {"admin", "viewer", "op_own", "bpjs_in"}


@pytest.fixture(autouse=True)
def _fresh(settings, tmp_path):
    settings.REGISTRY_DIR = tmp_path / "registry"
    settings.UCJ_REGISTRY_RETENTION_DAYS = 0
    cache.clear()  # the rate limit counts in the cache
    yield
    cache.clear()


@pytest.fixture
def world(ntb, records, admin_user, viewer, op_a, op_b, bpjs):
    return build_world(ntb, records, admin_user, viewer, op_a, op_b, bpjs)


def participant_file(rows, header=PARTICIPANT_HEADER, name="peserta.csv"):
    return SimpleUploadedFile(name, csv_bytes(rows, header), content_type="text/csv")


A_ROWS = [[nik(1), "aktif", "BPU", A, "2026-01"], [nik(2), "nonaktif", "BPU", A, "2025-11"]]
LOBAR_ROWS = [[nik(5, area="520101"), "aktif", "BPU", "52.01", "2026-01"]]


def push(client, file, capture, *, headers=None, **fields):
    """POST a participant file; the background task runs when the request commits."""
    meta = {f"HTTP_{k.upper().replace('-', '_')}": v for k, v in (headers or {}).items()}
    with capture(execute=True):
        return client.post(PARTICIPANTS, {"file": file, **fields}, **meta)


# --- participation figures: the push touches only the branch's regions -------------------------

def rows_per_region() -> dict[str, list]:
    """Every participation row of every region, with its values and last change."""
    out: dict[str, list] = {}
    for row in ParticipationSnapshot.objects.order_by("pk").values():
        code = Region.objects.get(pk=row.pop("region_id")).code
        out.setdefault(code, []).append(row)
    return out


def test_the_bpjs_push_touches_only_the_branchs_regions(world):
    client = api(world["tokens"]["bpjs_out"])
    url = reverse("api_participation")
    before = rows_per_region()
    audit_before = AuditEvent.objects.count()
    region_a_record = world["records"]["participation"]

    created = {}
    for code in BRANCH:  # its own regions: written
        response = client.post(url, new_body("participation", world, region=code),
                               content_type="application/json")
        assert response.status_code == 201, response.content
        created[code] = response.json()["id"]
    # the same push again with its key: replayed, not written twice
    body = new_body("participation", world, region="52.01") | {"month": "2025-08"}
    first = client.post(url, body, content_type="application/json",
                        HTTP_IDEMPOTENCY_KEY="bpjs-lobar-2025-08")
    again = client.post(url, body, content_type="application/json",
                        HTTP_IDEMPOTENCY_KEY="bpjs-lobar-2025-08")
    assert (first.status_code, again.status_code) == (201, 201)
    assert again["Idempotent-Replayed"] == "true" and again.json()["id"] == first.json()["id"]
    changed = client.patch(f"{url}{created['52.71']}/", {"active": 12_345, "confirm_warnings": True},
                           content_type="application/json")
    assert changed.status_code == 200 and changed.json()["active"] == 12_345

    # other regions: refused, whatever the way
    for code in (A, "52.02", "52", "52.01.01"):
        response = client.post(url, new_body("participation", world, region=code),
                               content_type="application/json")
        assert response.status_code == 400, (code, response.content)
        assert "region" in response.json()
    moved = client.patch(f"{url}{created['52.01']}/", {"region": A},
                         content_type="application/json")
    assert moved.status_code == 400 and "region" in moved.json()
    replaced = client.put(f"{url}{created['52.01']}/", new_body("participation", world, region=A),
                          content_type="application/json")
    assert replaced.status_code == 400
    for method in ("patch", "put", "delete"):
        response = getattr(client, method)(f"{url}{region_a_record.pk}/", {"active": 1},
                                           content_type="application/json")
        assert response.status_code == 404, method

    after = rows_per_region()
    assert set(after) == set(before) | set(BRANCH)
    for code in set(before) | set(after):
        if code in BRANCH:
            assert len(after[code]) == len(before.get(code, [])) + (2 if code == "52.01" else 1)
        else:
            assert after.get(code) == before.get(code), f"region {code} changed"
    written = AuditEvent.objects.order_by("pk")[audit_before:]
    assert {e.region.code for e in written} == set(BRANCH)
    assert Counter(e.action for e in written) == {Action.CREATE: 3, Action.UPDATE: 1}


def test_the_branch_of_region_a_pushes_there(world):
    """The control of the test above: the same body from region A's branch is written."""
    before = ParticipationSnapshot.objects.filter(region__code=A).count()
    response = api(world["tokens"]["bpjs_in"]).post(
        reverse("api_participation"), new_body("participation", world),
        content_type="application/json")
    assert response.status_code == 201, response.content
    assert ParticipationSnapshot.objects.filter(region__code=A).count() == before + 1


# --- the participant file ----------------------------------------------------------------------

def region_a_registry() -> tuple:
    return (list(ParticipantData.objects.filter(region__code=A).values_list("pk", flat=True)),
            list(Enrollment.objects.filter(region__code=A).order_by("pk").values_list(
                "status", "paid_months", "last_paid_month")))


@pytest.mark.parametrize("kind", (*KINDS, "anonymous"))
def test_a_participant_file_of_region_a_from_each_kind_of_user(
        world, kind, django_capture_on_commit_callbacks):
    client = api(world["tokens"].get(kind))
    user = world["users"].get(kind)
    before = region_a_registry()
    response = push(client, participant_file(A_ROWS), django_capture_on_commit_callbacks)

    if kind == "anonymous":
        assert response.status_code == 401
    elif kind not in UPLOADERS:
        assert response.status_code == 403, response.content
    if kind not in UPLOADERS:
        assert not SourceFile.objects.exists()
        assert region_a_registry() == before
        return
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["state"] == "queued" and body["name"] == "peserta.csv"
    assert response["Location"] == body["url"]
    assert body["url"].endswith(reverse("api_registry_participant", args=[body["id"]]))
    source = SourceFile.objects.get(pk=body["id"])
    assert (source.kind, source.uploaded_by) == (Kind.PARTICIPANTS, user)
    # processed after the commit, as from the page, and audited: the upload, then the import
    state = client.get(body["url"]).json()
    assert state["state"] == "processed", state
    actions = list(AuditEvent.objects.filter(object_id=str(source.pk)).order_by("pk")
                   .values_list("action", "actor"))
    assert actions == [(Action.UPLOAD, user.pk), (Action.IMPORT, user.pk)]
    if kind == "bpjs_out":  # another branch: its rows of region A are set aside, counted
        assert state["summary"]["regions"] == {}
        assert (state["summary"]["outside_scope"], state["summary"]["outside_rows"]) == (2, [2, 3])
        assert region_a_registry() == before
    else:
        assert state["summary"]["regions"] == {A: {"participants": 2, "active": 1}}
        assert region_a_registry() != before


def test_the_branch_file_of_its_own_regions_is_kept_there_and_nothing_of_region_a_changes(
        world, django_capture_on_commit_callbacks):
    client = api(world["tokens"]["bpjs_out"])
    before = region_a_registry()
    body = push(client, participant_file(LOBAR_ROWS + A_ROWS),
                django_capture_on_commit_callbacks).json()
    state = client.get(body["url"]).json()
    assert state["summary"]["regions"] == {"52.01": {"participants": 1, "active": 1}}
    assert state["summary"]["outside_regions"] == {A: 2}
    assert list(ParticipantData.objects.values_list("region__code", flat=True)) == ["52.01"]
    assert region_a_registry() == before


def test_a_participant_files_state_is_its_uploaders_only(world, django_capture_on_commit_callbacks):
    mine = push(api(world["tokens"]["bpjs_in"]), participant_file(A_ROWS),
                django_capture_on_commit_callbacks).json()
    url = reverse("api_registry_participant", args=[mine["id"]])
    for kind in KINDS:
        response = api(world["tokens"][kind]).get(url)
        assert response.status_code == (200 if kind == "bpjs_in" else 404), kind
    assert api().get(url).status_code == 401
    for bad in ("not-a-uuid", "00000000-0000-0000-0000-000000000000"):
        response = api(world["tokens"]["bpjs_in"]).get(
            reverse("api_registry_participant", args=[bad]))
        assert response.status_code == 404 and response["Content-Type"] == "application/json"
    # the list: each user's own files
    for kind in KINDS:
        listed = api(world["tokens"][kind]).get(PARTICIPANTS)
        assert listed.status_code == 200
        assert [f["id"] for f in listed.json()["results"]] == (
            [mine["id"]] if kind == "bpjs_in" else []), kind
    assert api().get(PARTICIPANTS).status_code == 401


def test_a_participant_file_with_its_own_header_takes_a_mapping(
        world, django_capture_on_commit_callbacks):
    client = api(world["tokens"]["bpjs_in"])
    own = ["NIK KTP", "Status Kepesertaan", "Segmen", "Kode Kab", "Bulan Bayar"]
    refused = push(client, participant_file(A_ROWS, own), django_capture_on_commit_callbacks)
    assert refused.status_code == 400
    assert "region_code" in refused.json()["mapping"][0]
    discarded = SourceFile.objects.get()  # its record (and UPLOAD audit row) stays, the file
    assert (discarded.path, discarded.processed_at) == ("", None)  # goes, as on the page
    assert not list((services.registry_dir() / "uploads").glob("*"))
    assert client.get(reverse("api_registry_participant", args=[discarded.pk])).json()[
        "state"] == "discarded"

    mapping = {"nik": "NIK KTP", "status": "Status Kepesertaan", "segment": "Segmen",
               "region_code": "Kode Kab", "last_paid_month": "Bulan Bayar"}
    response = push(client, participant_file(A_ROWS, own), django_capture_on_commit_callbacks,
                    mapping=json.dumps(mapping))
    assert response.status_code == 201, response.content
    assert client.get(response.json()["url"]).json()["state"] == "processed"

    for bad in ("{", '["nik"]', json.dumps({"nik": "Tidak Ada"})):
        response = push(client, participant_file(A_ROWS, own), django_capture_on_commit_callbacks,
                        mapping=bad)
        assert response.status_code == 400 and response.json()["mapping"], bad
    assert SourceFile.objects.filter(processed_at__isnull=False).count() == 1
    assert not list((services.registry_dir() / "uploads").glob("*"))


def test_a_bad_participant_file_is_refused_in_indonesian_and_not_kept(
        world, django_capture_on_commit_callbacks):
    client = api(world["tokens"]["bpjs_in"])
    none = client.post(PARTICIPANTS, {})
    assert none.status_code == 400 and none.json() == {"file": ["Bidang ini tidak boleh kosong."]}
    as_json = client.post(PARTICIPANTS, {"file": "x"}, content_type="application/json")
    assert as_json.status_code == 400 and "file" in as_json.json()
    pdf = SimpleUploadedFile("peserta.pdf", b"%PDF-1.4\n1 0 obj\n", content_type="application/pdf")
    refused = push(client, pdf, django_capture_on_commit_callbacks)
    assert refused.status_code == 400
    assert refused.json()["file"] == ["Unggah berkas CSV atau .xlsx."]
    numbers = push(client, SimpleUploadedFile("peserta.csv", b"\x89PNG\r\n\x1a\n" + bytes(200)),
                   django_capture_on_commit_callbacks)
    assert numbers.status_code == 400 and numbers.json()["file"]
    assert not SourceFile.objects.exists()
    assert not AuditEvent.objects.filter(action=Action.UPLOAD).exists()


def test_a_participant_file_over_the_limit_is_refused_before_it_is_read(
        world, settings, monkeypatch, django_capture_on_commit_callbacks):
    from rest_framework.parsers import MultiPartParser

    settings.UCJ_REGISTRY_MAX_UPLOAD_BYTES = 1_000
    read = []
    original = MultiPartParser.parse
    monkeypatch.setattr(MultiPartParser, "parse",
                        lambda self, *a, **k: read.append(1) or original(self, *a, **k))
    client = api(world["tokens"]["bpjs_in"])
    big = participant_file(A_ROWS * 2_000)
    response = push(client, big, django_capture_on_commit_callbacks)
    assert response.status_code == 413
    assert response.json() == {"file": ["Berkas melebihi batas ukuran."]}
    assert read == [] and not SourceFile.objects.exists()
    # under the limit the same endpoint reads the file
    assert push(client, participant_file(A_ROWS), django_capture_on_commit_callbacks
                ).status_code == 201
    assert read == [1]


def test_a_participant_file_sent_again_with_its_key_is_stored_once(
        world, django_capture_on_commit_callbacks):
    client = api(world["tokens"]["bpjs_in"])
    key = {"headers": {"Idempotency-Key": "bpjs-lotim-2026-01"}}
    first = push(client, participant_file(A_ROWS), django_capture_on_commit_callbacks, **key)
    again = push(client, participant_file(A_ROWS), django_capture_on_commit_callbacks, **key)
    assert (first.status_code, again.status_code) == (201, 201)
    assert again["Idempotent-Replayed"] == "true" and again.json()["id"] == first.json()["id"]
    other = push(client, participant_file(A_ROWS[:1]), django_capture_on_commit_callbacks, **key)
    assert other.status_code == 422
    assert SourceFile.objects.count() == 1


# --- the registration file ---------------------------------------------------------------------

@pytest.fixture
def funded(world, package, django_capture_on_commit_callbacks):
    """Region A's list checked and three workers funded from a 2026 allocation."""
    op = world["users"]["op_own"]
    rows = [person(nik(10 + i), f"Pekerja {i}", desil=str(1 + i % 3)) for i in range(5)]
    with django_capture_on_commit_callbacks(execute=True):
        source = services.file_upload(
            actor=op, kind=Kind.BENEFICIARIES, region=world["regions"][A], year=2026,
            upload=SimpleUploadedFile("daftar.csv", csv_bytes(rows, HEADER)))
        run = services.run_start(actor=op, source=source)
    run.refresh_from_db()
    assert run.status == RunStatus.DONE, run.error
    allocation = make_allocation(op, world["regions"][A], package)
    assert services.enrollment_fund(actor=op, run=run, allocation=allocation) == 3
    return allocation


@pytest.mark.parametrize("kind", (*KINDS, "anonymous"))
def test_the_registration_file_for_each_kind_of_user(world, funded, client, kind):
    url = reverse("api_registry_registration", args=[funded.pk])
    events = AuditEvent.objects.filter(action=Action.EXPORT, object_id=str(funded.pk))
    response = api(world["tokens"].get(kind)).get(url)
    if kind == "anonymous":
        expected = 401
    elif kind not in READS_A:
        expected = 404  # another region's allocation is not revealed
    elif kind not in PULLS_REGISTRATION_A:
        expected = 403  # full NIKs: the region's operators, the admin, its BPJS branch
    else:
        expected = 200
    assert response.status_code == expected, response.content[:200]
    if expected != 200:
        assert response["Content-Type"] == "application/json"
        assert not events.exists()
        return
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "no-store" in response["Cache-Control"]
    content = b"".join(response.streaming_content)
    rows = list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))
    assert len(rows) == 3 and {r["nik"] for r in rows} <= {nik(10 + i) for i in range(5)}
    assert {r["paket"] for r in rows} == {"bpu-jkk-jkm"}
    # the page's own file, byte for byte, and the page's audit event (one per download)
    client.force_login(world["users"][kind])
    page = client.get(reverse("registry_registration_file", args=[funded.pk]))
    assert b"".join(page.streaming_content) == content
    assert events.count() == 2
    assert list(events.values_list("actor", flat=True)) == [world["users"][kind].pk] * 2


def test_the_registration_file_of_an_unknown_allocation_is_a_json_404(world, funded):
    client = api(world["tokens"]["admin"])
    for ref in (funded.pk + 1000, "abc", "9" * 30):
        response = client.get(reverse("api_registry_registration", args=[ref]))
        assert response.status_code == 404, ref
        assert response["Content-Type"] == "application/json" and response.json()["detail"]
    # an Accept: text/csv client still gets the refusal (JSON), not a 406
    refused = api(world["tokens"]["viewer"]).get(
        reverse("api_registry_registration", args=[funded.pk]), HTTP_ACCEPT="text/csv")
    assert refused.status_code == 403


def test_the_exchange_is_in_the_schema(world):
    schema = api(world["tokens"]["viewer"]).get(reverse("api_schema"), {"format": "json"}).json()
    paths = schema["paths"]
    upload = paths["/api/v1/registry/participants/"]["post"]
    assert list(upload["requestBody"]["content"]) == ["multipart/form-data"]
    assert {"201", "400", "403", "413", "422"} <= set(upload["responses"])
    registration = paths["/api/v1/registry/registration/{allocation_id}/"]["get"]
    assert list(registration["responses"]["200"]["content"]) == ["text/csv"]
    assert "/api/v1/registry/participants/{id}/" in paths


def test_a_participant_file_of_region_as_funded_workers_changes_only_the_senders_regions(
        world, funded, django_capture_on_commit_callbacks):
    """The branch of Lombok Barat and Kota Mataram sends the funded workers of Lombok Timur as
    active (labelled 52.03, then relabelled as its own 52.01): no funded worker and no
    participation figure outside its regions changes. The same file from Lombok Timur's
    branch does change them (the control)."""
    region_a = world["regions"][A]
    ParticipationSnapshot.objects.create(region=region_a, month=dt.date(2026, 1, 1),
                                         segment="BPU", active=60_000)
    funded_niks = [nik(10 + i) for i in range(5)]
    as_a = [[n, "aktif", "BPU", A, "2026-01"] for n in funded_niks]
    as_lobar = [[n, "aktif", "BPU", "52.01", "2026-01"] for n in funded_niks]
    enrollments = Enrollment.objects.filter(region=region_a).order_by("pk")
    before = (rows_per_region(), list(enrollments.values_list("status", "paid_months")))

    out = api(world["tokens"]["bpjs_out"])
    for rows in (as_a, as_lobar):
        body = push(out, participant_file(rows), django_capture_on_commit_callbacks).json()
        assert out.get(body["url"]).json()["state"] == "processed"
    assert (rows_per_region(), list(enrollments.values_list("status", "paid_months"))) == before

    control = push(api(world["tokens"]["bpjs_in"]), participant_file(as_a),
                   django_capture_on_commit_callbacks)
    assert control.status_code == 201
    assert set(enrollments.values_list("status", flat=True)) == {"active"}
    snapshot = ParticipationSnapshot.objects.get(region=region_a, month=dt.date(2026, 1, 1))
    assert snapshot.funded_apbd_kabkota == 3
