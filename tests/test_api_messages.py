"""The API speaks the product's language (ucj/api/errors.py): every message of an answer in
Indonesian by default, in English with the language cookie the pages' switcher sets (the
browser's Accept-Language is ignored, as on the pages), each ``detail`` with a stable English
``code``; the messages that concern a field or parameter name it. The schema stays English."""

from __future__ import annotations

import runpy
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation

from tests.test_api import A, api, build_world
from tests.test_api_writes import detail, new_body
from ucj.api.throttling import TokenRateThrottle
from ucj.submissions.services import submission_approve

JSON = "application/json"


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def world(ntb, records, admin_user, viewer, op_a, op_b, bpjs):
    return build_world(ntb, records, admin_user, viewer, op_a, op_b, bpjs)


def said(response, status: int, code: str, *words: str) -> str:
    """The answer's status and code are these and its detail holds every word."""
    body = response.json()
    assert response.status_code == status, (response.status_code, body)
    assert body["code"] == code, body
    for word in words:
        assert word in body["detail"], (word, body)
    return body["detail"]


def test_signing_in_permission_and_not_found_are_answered_in_indonesian(world):
    record = world["records"]["allocations"]
    said(api().get(reverse("api_regions")), 401, "not_authenticated",
         "Belum masuk", "Authorization: Bearer")
    said(api("ucj_tidak-ada").get(reverse("api_regions")), 401, "authentication_failed",
         "Token tidak sah")
    said(api(world["tokens"]["viewer"]).post(reverse("api_allocations"), {}, content_type=JSON),
         403, "permission_denied", "Peran Anda tidak boleh")
    said(api(world["tokens"]["op_other"]).get(detail("allocations", record)), 404, "not_found",
         "Tidak ditemukan, atau di luar wilayah Anda")
    said(api(world["tokens"]["admin"]).get("/api/v1/tidak-ada/"), 404, "not_found",
         "Tidak ditemukan")
    said(api(world["tokens"]["admin"]).get(reverse("api_regions") + "?page=99"), 404,
         "not_found", "Halaman 99 tidak ada")


def test_methods_media_types_and_bodies_are_refused_in_indonesian(world):
    client = api(world["tokens"]["admin"])
    said(client.post(reverse("api_regions"), {}, content_type=JSON), 405,
         "method_not_allowed", "Metode POST tidak diizinkan")
    said(client.get(reverse("api_regions"), HTTP_ACCEPT="text/html"), 406, "not_acceptable",
         "hanya menjawab application/json", "Accept")
    said(client.post(reverse("api_allocations"), "a=b", content_type="text/plain"), 415,
         "unsupported_media_type", "“text/plain” tidak diterima", "application/json")
    said(client.post(reverse("api_allocations"), "{salah", content_type=JSON), 400,
         "parse_error", "bukan JSON yang sah (baris 1, kolom 2)")
    not_object = client.post(reverse("api_allocations"), [1, 2], content_type=JSON)
    assert not_object.json() == {"non_field_errors": ["Isi permintaan harus berupa objek JSON."]}
    fields = client.post(reverse("api_allocations"),
                         {"warna": "merah", "amount": [1, 2]}, content_type=JSON).json()
    assert fields["warna"] == ["Isian “warna” tidak dikenal."]
    allocation = client.patch(detail("allocations", world["records"]["allocations"]),
                              {"amount": [1, 2]}, content_type=JSON).json()
    assert allocation["amount"] == ["“amount” menerima satu nilai, bukan daftar atau objek."]


def test_refused_parameters_are_named_in_indonesian(world):
    client = api(world["tokens"]["admin"])

    def refused(url: str, name: str) -> str:
        response = client.get(url)
        assert response.status_code == 400, response.content
        message = response.json()[name][0]
        assert message.startswith(f"Parameter “{name}”: harus"), message
        return message

    assert "bilangan bulat" in refused(reverse("api_regions") + "?page=satu", "page")
    assert "antara 1 dan 500" in refused(reverse("api_regions") + "?page_size=501", "page_size")
    assert "true atau false" in refused(reverse("api_regions") + "?mine=ya", "mine")
    assert "salah satu dari province" in refused(reverse("api_regions") + "?level=desa", "level")
    assert "berbentuk" in refused(reverse("api_submissions") + "?period=25", "period")
    assert "salah satu dari" in refused(reverse("api_allocations") + "?sort=warna", "sort")
    assert "bulan (YYYY-MM) atau tahun" in refused(
        reverse("api_region_indicators", args=[A]) + "?period=2025-6", "period")


def test_conflicts_too_large_bodies_and_idempotency_are_answered_in_indonesian(
        world, ntb, admin_user, settings):
    client = api(world["tokens"]["op_own"])
    warned = client.post(reverse("api_denominators"),
                         {**new_body("denominators", world), "vulnerable_target": 900_000,
                          "confirm_warnings": False}, content_type=JSON)
    said(warned, 409, "confirmation_required", "tampak tidak wajar", "confirm_warnings")
    assert any("900.000" in w for w in warned.json()["warnings"])  # the pages' warnings

    said(client.delete(detail("allocations", world["records"]["allocations"])), 409,
         "conflict", "Alokasi ini sudah memiliki realisasi")

    submission_approve(actor=admin_user, region=ntb[A], dataset="allocations", period="2025")
    locked = client.patch(detail("allocations", world["records"]["allocations"]),
                          {"workers_planned": 1}, content_type=JSON)
    said(locked, 409, "locked", "sudah disetujui dan dikunci", "Lombok Timur", "2025")
    assert locked.json()["locked"] is True

    body = new_body("commitments", world)
    assert client.post(reverse("api_commitments"), body, content_type=JSON,
                       HTTP_IDEMPOTENCY_KEY="k").status_code == 201
    said(client.post(reverse("api_commitments"), body | {"note": "lain"}, content_type=JSON,
                     HTTP_IDEMPOTENCY_KEY="k"),
         422, "idempotency_key_reused", "Idempotency-Key ini sudah dipakai")
    too_long = client.post(reverse("api_commitments"), body, content_type=JSON,
                           HTTP_IDEMPOTENCY_KEY="k" * 256)
    assert too_long.json() == {"Idempotency-Key": [
        "Header Idempotency-Key harus terdiri dari 1 sampai 255 karakter."]}

    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1_000
    said(client.post(reverse("api_denominators"), {"source_note": "x" * 2_000},
                     content_type=JSON), 413, "too_large", "lebih besar dari batas")


def test_the_rate_limit_is_answered_in_indonesian_with_retry_after(world, monkeypatch):
    monkeypatch.setattr(TokenRateThrottle, "THROTTLE_RATES", {"token": "1/minute"})
    client = api(world["tokens"]["viewer"])
    assert client.get(reverse("api_regions")).status_code == 200
    response = client.get(reverse("api_regions"))
    detail_ = said(response, 429, "throttled", "Terlalu banyak permintaan dengan token ini",
                   "detik")
    assert f"dalam {response['Retry-After']} detik" in detail_


def test_english_with_the_language_cookie_not_with_accept_language(world):
    record = world["records"]["allocations"]
    client = api(world["tokens"]["op_other"])
    assert said(client.get(detail("allocations", record), HTTP_ACCEPT_LANGUAGE="en"),
                404, "not_found").startswith("Tidak ditemukan")  # as the pages: Indonesian
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(detail("allocations", record))
    assert said(english, 404, "not_found") == "Not found, or outside your regions."
    assert english["Content-Language"] == "en"
    fields = client.post(reverse("api_allocations"), {"colour": 1}, content_type=JSON).json()
    assert fields["colour"] == ["Unknown field “colour”."]


def test_the_schema_stays_english_whatever_the_users_language(world):
    client = api(world["tokens"]["viewer"])
    schema = client.get(reverse("api_schema") + "?format=json")
    text = schema.content.decode()
    assert schema["Content-Language"] == "en"
    assert "`province` - Province" in text and "Provinsi" not in text
    assert "Tahap anggaran" not in text
    error = schema.json()["components"]["schemas"]["Error"]["properties"]
    assert {"detail", "code"} <= set(error)


def test_every_message_of_the_api_has_its_indonesian_translation():
    path = Path(__file__).resolve().parent / "fixtures" / "api_messages.py"  # the msgids (issue 20)
    found = runpy.run_path(str(path))
    with translation.override("id"):
        missing = [msgid for msgid in found["T"] if translation.gettext(msgid) == msgid]
        plural = translation.ngettext(*2 * [next(iter(found["PLURALS"]))], 3)
    assert missing == []
    assert plural.startswith("Terlalu banyak")
