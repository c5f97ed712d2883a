"""Writes of the five datasets through the API (ucj/api/writes.py): every write endpoint ×
every kind of user × a record of region A (Lombok Timur, the own region of ``op_own`` and
``bpjs_in``) or of region B; the pages' validation (400 by field, Indonesian), warnings (409,
then ``confirm_warnings``), submission locks (409), idempotency keys (replay, 422) and the
audit rows the services write."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from tests.test_api import DATASETS, KINDS, A, api, build_world
from ucj.accounts.scope import DATASET_CAPS, allows
from ucj.api import uploads
from ucj.api.models import IdempotencyKey
from ucj.api.writes import purge_idempotency_keys
from ucj.audit.models import Action, AuditEvent
from ucj.coverage.models import FUNDED_FIELDS
from ucj.submissions.services import submission_approve, submission_submit

B = "52.02"
# Which kinds write which dataset in region A (the capability table, in its regions).
WRITES_A = {slug: {"admin", "op_own"} for slug in ("denominators", "commitments",
                                                   "allocations", "realizations")}
WRITES_A["participation"] = {"admin", "bpjs_in"}
READS_A = {"admin", "viewer", "op_own", "bpjs_in"}


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def world(ntb, records, admin_user, viewer, op_a, op_b, bpjs):
    return build_world(ntb, records, admin_user, viewer, op_a, op_b, bpjs)


def new_body(slug: str, w, region: str = A) -> dict:
    """A new record's body (a natural key not yet taken), with confirmed warnings."""
    bodies = {
        "denominators": {"region": region, "year": 2026, "workforce_potential": 460_000,
                         "employed": 440_000, "vulnerable_target": 72_000},
        "participation": {"region": region, "month": "2025-07", "segment": "BPU",
                          "active": 55_000, "new": 1_000, "lapsed": 300,
                          **dict.fromkeys(FUNDED_FIELDS, 0)},
        "commitments": {"region": region, "year": 2026, "target_coverage": "41,5",
                        "target_funded_workers": 20_000},
        "allocations": {"region": region, "fiscal_year": 2026, "stage": "murni",
                        "funding_source": "apbd_kabkota", "amount": 604_800_000,
                        "workers_planned": 3_000, "start_month": 1, "months_covered": 12,
                        "package": "bpu-jkk-jkm"},
        "realizations": {"allocation": w["records"]["allocations"].pk, "month": "2025-11",
                         "amount_paid": 50_400_000, "workers_paid": 3_000},
    }
    return {**bodies[slug], "confirm_warnings": True}


def change(slug: str) -> dict:
    return {"denominators": {"workforce_potential": 455_000},
            "participation": {"active": 54_500},
            "commitments": {"target_funded_workers": 21_500},
            "allocations": {"workers_planned": 3_001},
            "realizations": {"workers_paid": 2_999}}[slug] | {"confirm_warnings": True}


def detail(slug: str, record) -> str:
    return reverse(f"api_{slug}_detail", args=[record.pk])


@pytest.mark.parametrize("slug", DATASETS)
@pytest.mark.parametrize("kind", KINDS)
def test_every_write_answers_each_kind_of_user_as_the_capability_table(world, slug, kind):
    client = api(world["tokens"][kind])
    record = world["records"][slug]
    may = kind in WRITES_A[slug]
    ds_cap = DATASET_CAPS[slug]
    holds_cap = allows(world["users"][kind], ds_cap)

    created = client.post(reverse(f"api_{slug}"), new_body(slug, world),
                          content_type="application/json")
    if may:
        assert created.status_code == 201, created.json()
        assert created.json()["approval_state"] == "draft"
    elif not holds_cap:
        assert created.status_code == 403, created.content
    else:  # the capability, another region: the page form's "not a valid choice"
        assert created.status_code == 400, created.content

    patched = client.patch(detail(slug, record), change(slug), content_type="application/json")
    expected = 200 if may else (403 if not holds_cap else 404)
    assert patched.status_code == expected, (patched.status_code, patched.content)
    record.refresh_from_db()
    field = next(iter(change(slug).keys()))
    assert (getattr(record, field) == change(slug)[field]) is may

    if may:  # the new record (region A's allocation has a realization: see below)
        record = type(record).objects.get(pk=created.json()["id"])
    deleted = client.delete(detail(slug, record))
    assert deleted.status_code == (204 if may else expected), deleted.content
    assert type(record).objects.filter(pk=record.pk).exists() is not may


def test_an_allocation_with_realizations_is_not_deleted_as_on_the_page(world):
    allocation = world["records"]["allocations"]
    response = api(world["tokens"]["op_own"]).delete(detail("allocations", allocation))
    assert response.status_code == 409 and "realisasi" in response.json()["detail"]
    assert type(allocation).objects.filter(pk=allocation.pk).exists()


@pytest.mark.parametrize("slug", DATASETS)
def test_without_a_token_every_write_answers_401(world, slug):
    client = api()
    record = world["records"][slug]
    assert client.post(reverse(f"api_{slug}"), new_body(slug, world),
                       content_type="application/json").status_code == 401
    assert client.patch(detail(slug, record), change(slug),
                        content_type="application/json").status_code == 401
    assert client.delete(detail(slug, record)).status_code == 401
    assert type(record).objects.filter(pk=record.pk).exists()


def test_an_operator_cannot_create_in_another_region_nor_touch_its_records(world, ntb,
                                                                           admin_user):
    from ucj.budget import services as budget

    other = budget.commitment_create(actor=admin_user, region=ntb[B], year=2025,
                                     target_coverage=30, target_funded_workers=1_000, confirm_warnings=True)
    client = api(world["tokens"]["op_own"])
    refused = client.post(reverse("api_commitments"), new_body("commitments", world, B),
                          content_type="application/json")
    assert refused.status_code == 400 and "region" in refused.json()
    assert client.patch(detail("commitments", other), {"target_funded_workers": 5},
                        content_type="application/json").status_code == 404
    assert client.delete(detail("commitments", other)).status_code == 404
    other.refresh_from_db()
    assert other.target_funded_workers == 1_000


def test_it_refuses_invalid_values_by_field_in_indonesian(world):
    client = api(world["tokens"]["admin"])
    body = new_body("allocations", world) | {"amount": "banyak", "months_covered": 13,
                                              "stage": "tengah"}
    del body["workers_planned"]
    response = client.post(reverse("api_allocations"), body, content_type="application/json")
    assert response.status_code == 400
    errors = response.json()
    assert {"amount", "months_covered", "stage", "workers_planned"} <= set(errors)
    assert "tidak boleh kosong" in errors["workers_planned"][0]
    assert "12" in errors["months_covered"][0]
    unknown = client.post(reverse("api_allocations"), {"colour": "red"},
                          content_type="application/json")
    assert unknown.status_code == 400 and "colour" in unknown.json()


def test_a_duplicate_natural_key_is_refused_by_the_service_as_on_the_page(world):
    client = api(world["tokens"]["admin"])
    body = new_body("denominators", world) | {"year": 2025}
    response = client.post(reverse("api_denominators"), body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()  # the service's uniqueness message, by field or for the record


def test_warnings_answer_409_and_are_accepted_with_confirm_warnings(world):
    client = api(world["tokens"]["op_own"])
    body = new_body("denominators", world) | {"vulnerable_target": 900_000}
    del body["confirm_warnings"]
    before = AuditEvent.objects.count()
    refused = client.post(reverse("api_denominators"), body, content_type="application/json")
    assert refused.status_code == 409
    assert any("900.000" in w for w in refused.json()["warnings"])
    assert AuditEvent.objects.count() == before  # nothing written
    saved = client.post(reverse("api_denominators"), body | {"confirm_warnings": True},
                        content_type="application/json")
    assert saved.status_code == 201
    assert saved.json()["vulnerable_target"] == 900_000


@pytest.mark.parametrize("lock", ["submitted", "approved"])
def test_a_submitted_or_approved_period_is_locked(world, ntb, lock, admin_user, op_a):
    record = world["records"]["allocations"]
    if lock == "submitted":
        submission_submit(actor=op_a, region=ntb[A], dataset="allocations", period="2025")
    else:
        submission_approve(actor=admin_user, region=ntb[A], dataset="allocations",
                           period="2025")
    client = api(world["tokens"]["op_own"])
    patched = client.patch(detail("allocations", record), change("allocations"),
                           content_type="application/json")
    assert patched.status_code == 409 and patched.json()["locked"] is True
    assert client.delete(detail("allocations", record)).status_code == 409
    created = client.post(reverse("api_allocations"),
                          new_body("allocations", world) | {"fiscal_year": 2025,
                                                            "funding_source": "dbhcht"},
                          content_type="application/json")
    assert created.status_code == 409
    record.refresh_from_db()
    assert record.workers_planned == 3_000


def test_the_same_idempotency_key_replays_and_another_request_answers_422(world):
    client = api(world["tokens"]["op_own"])
    body = new_body("commitments", world)
    first = client.post(reverse("api_commitments"), body, content_type="application/json",
                        HTTP_IDEMPOTENCY_KEY="k-1")
    again = client.post(reverse("api_commitments"), body, content_type="application/json",
                        HTTP_IDEMPOTENCY_KEY="k-1")
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json() and again["Idempotent-Replayed"] == "true"
    assert world["records"]["commitments"].__class__.objects.filter(year=2026).count() == 1
    other = client.post(reverse("api_commitments"), body | {"target_funded_workers": 1},
                        content_type="application/json", HTTP_IDEMPOTENCY_KEY="k-1")
    assert other.status_code == 422
    # another user's key of the same name is another key
    admin = api(world["tokens"]["admin"]).patch(
        detail("commitments", world["records"]["commitments"]), change("commitments"),
        content_type="application/json", HTTP_IDEMPOTENCY_KEY="k-1")
    assert admin.status_code == 200


def test_a_refused_write_keeps_no_key_and_keys_expire_after_a_day(world):
    client = api(world["tokens"]["op_own"])
    body = new_body("denominators", world) | {"workforce_potential": "x"}
    assert client.post(reverse("api_denominators"), body, content_type="application/json",
                       HTTP_IDEMPOTENCY_KEY="k-2").status_code == 400
    assert not IdempotencyKey.objects.exists()
    record = world["records"]["denominators"]
    assert client.delete(detail("denominators", record),
                         HTTP_IDEMPOTENCY_KEY="k-3").status_code == 204
    assert client.delete(detail("denominators", record),
                         HTTP_IDEMPOTENCY_KEY="k-3").status_code == 204  # replayed
    IdempotencyKey.objects.update(created_at=timezone.now() - dt.timedelta(days=1, minutes=1))
    assert purge_idempotency_keys() == 1
    assert client.delete(detail("denominators", record),
                         HTTP_IDEMPOTENCY_KEY="k-3").status_code == 404  # a new request now


def test_writes_leave_the_audit_rows_the_pages_leave(world):
    client = api(world["tokens"]["op_own"])
    created = client.post(reverse("api_realizations"), new_body("realizations", world),
                          content_type="application/json").json()
    record_id = str(created["id"])
    client.patch(reverse("api_realizations_detail", args=[created["id"]]),
                 {"workers_paid": 2_500, "confirm_warnings": True},
                 content_type="application/json")
    client.delete(reverse("api_realizations_detail", args=[created["id"]]))
    events = AuditEvent.objects.filter(object_type="budget.realization",
                                       object_id=record_id).order_by("id")
    assert [e.action for e in events] == [Action.CREATE, Action.UPDATE, Action.DELETE]
    assert {e.actor_id for e in events} == {world["users"]["op_own"].pk}
    assert events[1].changes["workers_paid"] == [3_000, 2_500]


def test_the_schema_documents_the_write_operations(world):
    schema = api(world["tokens"]["viewer"]).get(reverse("api_schema") + "?format=json").json()
    for slug in DATASETS:
        assert {"get", "post"} <= set(schema["paths"][f"/api/v1/{slug}/"])
        assert {"get", "put", "patch", "delete"} <= set(schema["paths"][f"/api/v1/{slug}/{{id}}/"])
        post = schema["paths"][f"/api/v1/{slug}/"]["post"]
        assert {"201", "400", "403", "409", "422"} <= set(post["responses"])
        assert any(p["name"] == "Idempotency-Key" for p in post["parameters"])


def test_read_endpoints_still_answer_readers(world):
    for kind in KINDS:
        response = api(world["tokens"][kind]).get(detail("allocations",
                                                         world["records"]["allocations"]))
        assert response.status_code == (200 if kind in READS_A else 404)




def test_put_replaces_the_record_and_absent_fields_take_the_forms_defaults(world):
    record = world["records"]["commitments"]
    body = {"region": A, "year": 2025, "target_coverage": 45, "target_funded_workers": 22_000,
            "confirm_warnings": True}
    response = api(world["tokens"]["op_own"]).put(detail("commitments", record), body,
                                                  content_type="application/json")
    assert response.status_code == 200, response.content
    record.refresh_from_db()
    assert (record.target_funded_workers, record.perkada_number, record.status) == \
        (22_000, "", "planned")


def test_housekeeping_purges_the_expired_idempotency_keys(world):
    from ucj.core import housekeeping

    assert "ucj.api.writes.purge_idempotency_keys" in housekeeping.JOBS
    user = world["users"]["admin"]
    old = IdempotencyKey.objects.create(user=user, key="old", fingerprint="0" * 64, status=201)
    IdempotencyKey.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - dt.timedelta(days=2))
    IdempotencyKey.objects.create(user=user, key="new", fingerprint="0" * 64, status=201)
    assert purge_idempotency_keys() == 1
    assert list(IdempotencyKey.objects.values_list("key", flat=True)) == ["new"]


def test_a_body_over_the_upload_limit_is_refused_and_nothing_is_written(world, settings):
    from ucj.coverage.models import WorkforceDenominator

    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1_000
    client = api(world["tokens"]["op_own"])
    before = WorkforceDenominator.objects.count()
    body = new_body("denominators", world) | {"source_note": "x" * 2_000}
    response = client.post(reverse("api_denominators"), body, content_type="application/json")
    assert response.status_code == 413  # Django's RequestDataTooBig, before any parsing
    assert response.json()["code"] == "too_large" and "batas" in response.json()["detail"]
    assert WorkforceDenominator.objects.count() == before
    # within the limit the same write is read (and judged on its values)
    small = client.post(reverse("api_denominators"), new_body("denominators", world),
                        content_type="application/json")
    assert small.status_code == 201


# --- a commitment's signed document (ucj/api/documents.py) ------------------------------------

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
# The kinds that replace region A's document; those that read it (the others: 404).
UPLOADS_A = {"admin", "op_own"}


def doc_url(record) -> str:
    return reverse("api_commitment_document", args=[record.pk])


def pdf_file(name: str = "perbup.pdf", content: bytes = PDF):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type="application/pdf")


def put_file(client, url: str, data: dict, **extra):
    """A multipart PUT, as an API client sends it (the test client encodes POSTs only)."""
    from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart

    return client.put(url, encode_multipart(BOUNDARY, data), content_type=MULTIPART_CONTENT,
                      **extra)


@pytest.mark.parametrize("kind", KINDS)
def test_the_document_endpoint_answers_each_kind_of_user_as_the_page(world, kind):
    record = world["records"]["commitments"]
    client = api(world["tokens"][kind])
    events = AuditEvent.objects.filter(object_type="budget.commitment",
                                       object_id=str(record.pk))
    before = events.count()
    uploaded = client.post(doc_url(record), {"file": pdf_file(), "confirm_warnings": "true"})
    expected = 200 if kind in UPLOADS_A else (403 if kind in READS_A else 404)
    assert uploaded.status_code == expected, (kind, uploaded.content)
    record.refresh_from_db()
    assert bool(record.document) is (kind in UPLOADS_A)
    if kind in UPLOADS_A:
        assert uploaded.json()["document_name"] == "perbup.pdf"
        assert uploaded.json()["document_url"] == doc_url(record)
        assert events.filter(action=Action.UPDATE, actor=world["users"][kind]).count() == 1
    else:
        assert events.count() == before  # refused: nothing written, nothing audited
        # the document an admin uploaded, for this kind to read (or not)
        api(world["tokens"]["admin"]).post(doc_url(record), {"file": pdf_file()})
    got = client.get(doc_url(record), HTTP_ACCEPT="application/pdf")  # as a PDF reader asks
    if kind in READS_A:
        assert got.status_code == 200 and got["Content-Type"] == "application/pdf"
        assert b"".join(got.streaming_content) == PDF
        assert events.filter(action=Action.DOWNLOAD, actor=world["users"][kind]).exists()
    else:
        assert got.status_code == 404 and got.json()["code"] == "not_found"


def test_the_document_endpoint_without_a_token_answers_401(world):
    record = world["records"]["commitments"]
    assert api().get(doc_url(record)).status_code == 401
    assert api().post(doc_url(record), {"file": pdf_file()}).status_code == 401
    record.refresh_from_db()
    assert not record.document


def test_put_replaces_the_document_and_deletes_the_old_file_after_the_commit(
        world, django_capture_on_commit_callbacks):
    record = world["records"]["commitments"]
    client = api(world["tokens"]["op_own"])
    with django_capture_on_commit_callbacks(execute=True):
        first = put_file(client, doc_url(record), {"file": pdf_file("lama.pdf")})
    assert first.status_code == 200, first.content
    record.refresh_from_db()
    old = record.document.name
    storage = record.document.storage
    with django_capture_on_commit_callbacks(execute=True):
        second = put_file(client, doc_url(record),
                          {"file": pdf_file("baru.pdf", PDF + b"% versi 2\n")})
    assert second.status_code == 200, second.content
    record.refresh_from_db()
    assert record.document_name == "baru.pdf" and not storage.exists(old)
    got = client.get(doc_url(record))
    assert b"".join(got.streaming_content).endswith(b"% versi 2\n")


def test_a_commitment_without_a_document_answers_404_with_its_code(world):
    response = api(world["tokens"]["viewer"]).get(doc_url(world["records"]["commitments"]))
    assert response.status_code == 404
    assert response.json()["code"] == "no_document"
    assert "dokumen" in response.json()["detail"]


def test_a_file_that_is_not_a_pdf_is_refused_by_the_pages_check(world):
    record = world["records"]["commitments"]
    client = api(world["tokens"]["op_own"])
    named = client.post(doc_url(record), {"file": pdf_file("surat.docx")})
    assert named.status_code == 400 and "surat.docx" in named.json()["file"][0]
    faked = client.post(doc_url(record), {"file": pdf_file("surat.pdf", b"PK\x03\x04 zip")})
    assert faked.status_code == 400 and "bukan dokumen PDF" in faked.json()["file"][0]
    missing = client.post(doc_url(record), {"confirm_warnings": "true"})
    assert missing.status_code == 400 and "file" in missing.json()
    unknown = client.post(doc_url(record), {"file": pdf_file(), "warna": "merah"})
    assert unknown.status_code == 400 and "warna" in unknown.json()["warna"][0]
    as_json = client.post(doc_url(record), {"file": "x"}, content_type="application/json")
    assert as_json.status_code == 415 and as_json.json()["code"] == "unsupported_media_type"
    record.refresh_from_db()
    assert not record.document


def test_a_document_over_the_limit_is_refused_before_its_body_is_read(world, settings,
                                                                       monkeypatch):
    settings.UCJ_MAX_DOCUMENT_BYTES = 100_000
    record = world["records"]["commitments"]
    client = api(world["tokens"]["op_own"])
    read = []
    monkeypatch.setattr(uploads.LimitedUpload, "receive_data_chunk",
                        lambda self, raw, start: read.append(len(raw)) or raw)
    big = pdf_file("besar.pdf", PDF + b"0" * 200_000)
    declared = client.post(doc_url(record), {"file": big})
    assert declared.status_code == 413, declared.content
    assert declared.json()["code"] == "too_large" and "0,1 MB" in declared.json()["detail"]
    assert read == []  # refused on its Content-Length: no byte of the file was read
    record.refresh_from_db()
    assert not record.document


def test_a_body_of_undeclared_size_stops_being_read_at_the_limit(world, settings):
    from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart

    settings.UCJ_MAX_DOCUMENT_BYTES = 100_000
    record = world["records"]["commitments"]
    body = encode_multipart(BOUNDARY, {"file": pdf_file("besar.pdf",
                                                        PDF + b"0" * 300_000)})
    # no Content-Length (a chunked body, as a WSGI server passes it with wsgi.input_terminated)
    response = api(world["tokens"]["op_own"]).generic(
        "POST", doc_url(record), body, content_type=MULTIPART_CONTENT, CONTENT_LENGTH="")
    assert response.status_code in (413, 400), response.content
    record.refresh_from_db()
    assert not record.document


@pytest.mark.parametrize("lock", ["submitted", "approved"])
def test_the_document_of_a_submitted_or_approved_year_is_locked(world, ntb, lock, admin_user,
                                                                  op_a):
    record = world["records"]["commitments"]
    if lock == "submitted":
        submission_submit(actor=op_a, region=ntb[A], dataset="commitments", period="2025")
    else:
        submission_approve(actor=admin_user, region=ntb[A], dataset="commitments",
                           period="2025")
    response = api(world["tokens"]["op_own"]).post(doc_url(record), {"file": pdf_file()})
    assert response.status_code == 409
    assert response.json()["code"] == "locked" and response.json()["locked"] is True
    record.refresh_from_db()
    assert not record.document


def test_the_documents_warnings_answer_409_until_confirmed(world, ntb, admin_user):
    from ucj.coverage import services as coverage

    record = world["records"]["commitments"]
    coverage.denominator_update(actor=admin_user, denominator=world["records"]["denominators"],
                                vulnerable_target=10_000, confirm_warnings=True)
    client = api(world["tokens"]["op_own"])
    refused = client.post(doc_url(record), {"file": pdf_file()})
    assert refused.status_code == 409 and refused.json()["code"] == "confirmation_required"
    assert refused.json()["warnings"]
    record.refresh_from_db()
    assert not record.document
    saved = client.post(doc_url(record), {"file": pdf_file(), "confirm_warnings": "true"})
    assert saved.status_code == 200


def test_the_same_idempotency_key_replays_an_upload_and_another_file_answers_422(world):
    record = world["records"]["commitments"]
    client = api(world["tokens"]["op_own"])
    first = client.post(doc_url(record), {"file": pdf_file()}, HTTP_IDEMPOTENCY_KEY="doc-1")
    again = client.post(doc_url(record), {"file": pdf_file()}, HTTP_IDEMPOTENCY_KEY="doc-1")
    assert first.status_code == again.status_code == 200
    assert again["Idempotent-Replayed"] == "true" and again.json() == first.json()
    updates = AuditEvent.objects.filter(object_type="budget.commitment",
                                        object_id=str(record.pk), action=Action.UPDATE)
    assert updates.count() == 1
    other = client.post(doc_url(record), {"file": pdf_file(content=PDF + b"% lain\n")},
                        HTTP_IDEMPOTENCY_KEY="doc-1")
    assert other.status_code == 422 and other.json()["code"] == "idempotency_key_reused"


def test_the_schema_documents_the_document_endpoint(world):
    schema = api(world["tokens"]["viewer"]).get(reverse("api_schema") + "?format=json").json()
    item = schema["paths"]["/api/v1/commitments/{id}/document/"]
    assert "application/pdf" in item["get"]["responses"]["200"]["content"]
    body = item["put"]["requestBody"]["content"]["multipart/form-data"]["schema"]
    assert body["properties"]["file"]["format"] == "binary"
    assert {"200", "400", "403", "404", "409", "413", "422"} <= set(item["put"]["responses"])
