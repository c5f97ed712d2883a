"""The beneficiary registry pages, end to end: who may read and write what, uploads (standard
header, column mapping, .xlsx), the run's record, privacy of NIKs and names, funding from an
allocation, status tracking from BPJS participant files, cancelling, and manage.py match_list.

Every NIK is synthetic: district 52.03.01 (Keruak, Lombok Timur) or 52.02.01 (Praya, Lombok
Tengah), born 15-06-1990 (women + 40 on the day), then a serial. Runs execute through
django-tasks' ImmediateBackend once the request's transaction commits.

The standard list (LIST_A), lines 2–6, for Lombok Timur 2026, with a participant file in which
NIK 3 is active:

    line 2  NIK 1  Budi Santoso   eligible
    line 3  NIK 2  Siti Aminah    eligible (a woman: day 55)
    line 4  5203011506X90004      invalid (nik_format)
    line 5  NIK 1  Budi S.        duplicate of line 2
    line 6  NIK 3  Lalu Hamdan    already an active participant
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
from pathlib import Path

import polars as pl
import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from openpyxl import Workbook

from ucj.audit.models import AuditEvent
from ucj.policy.selectors import category_order
from ucj.regions.models import Region
from ucj.registry import selectors, services
from ucj.registry.models import (
    ColumnMapping,
    Enrollment,
    Kind,
    MatchRun,
    RunStatus,
    SourceFile,
)

HEADER = ["nik", "name", "birth_date", "sex", "village_code", "occupation", "category", "desil",
          "phone", "source"]
PARTICIPANT_HEADER = ["nik", "status", "segment", "region_code", "last_paid_month"]
# the same ten fields under the names a regency's own spreadsheet might use
OWN_HEADER = ["NIK KTP", "Nama Lengkap", "Tgl Lahir", "JK", "Kode Desa", "Pekerjaan",
              "Kategori", "Desil DTSEN", "No HP", "Sumber Data"]
OWN_MAPPING = dict(zip(HEADER, OWN_HEADER, strict=True))

ROLES = ["admin_user", "op_a", "op_b", "viewer", "bpjs", "bpjs_lotim"]
TARIFF = 16_800


def nik(serial: int, *, area: str = "520301", female: bool = False) -> str:
    """A synthetic NIK of someone born 15-06-1990 in ``area``."""
    return f"{area}{15 + (40 if female else 0):02d}0690{serial:04d}"


NIK_1, NIK_2, NIK_3 = nik(1), nik(2, female=True), nik(3)
BAD_NIK = "5203011506X90004"


def person(number: str, name: str, *, female: bool = False, desil: str = "3",
           category: str = "miskin", village: str = "52.03.01.2001") -> list[str]:
    return [number, name, "1990-06-15", "P" if female else "L", village, "Petani", category,
            desil, "081234567890", "DTSEN"]


LIST_A = [
    person(NIK_1, "Budi Santoso"),
    person(NIK_2, "Siti Aminah", female=True, desil="2", category="rentan"),
    person(BAD_NIK, "Ahmad Fauzi"),
    person(NIK_1, "Budi S."),
    person(NIK_3, "Lalu Hamdan"),
]
NAMES_A = ["Budi Santoso", "Siti Aminah", "Ahmad Fauzi", "Lalu Hamdan"]
COUNTS_A = {"invalid": 1, "duplicate": 1, "deceased": 0, "already_active": 1, "conflict": 0,
            "eligible": 2, "total": 5}
PARTICIPANTS_A = [[NIK_3, "aktif", "BPU", "52.03", "2025-12"],
                  [nik(9), "nonaktif", "BPU", "52.03", "2025-01"]]


def csv_bytes(rows: list[list[str]], header: list[str] = HEADER) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode()


def streamed(response) -> bytes:
    return b"".join(response.streaming_content)


def csv_dicts(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(streamed(response).decode("utf-8-sig"))))


def message_texts(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def contains_full_nik(content: bytes, niks=(NIK_1, NIK_2, NIK_3, BAD_NIK)) -> list[str]:
    return [n for n in niks if n.encode() in content]


@pytest.fixture(autouse=True)
def _registry_dir(settings, tmp_path):
    settings.REGISTRY_DIR = tmp_path / "registry"
    settings.UCJ_REGISTRY_RETENTION_DAYS = 0


class Desk:
    """Uploads through the pages, with the background task run when the request commits."""

    def __init__(self, client, capture):
        self.client, self.capture = client, capture

    def upload_list(self, user, content: bytes, *, name: str = "daftar.csv",
                    region: str = "52.03", year: int = 2026, execute: bool = True):
        self.client.force_login(user)
        data = {"region": region, "year": str(year),
                "file": SimpleUploadedFile(name, content, content_type="text/csv")}
        if not execute:
            return self.client.post(reverse("registry_list_upload"), data)
        with self.capture(execute=True):
            return self.client.post(reverse("registry_list_upload"), data)

    def upload_participants(self, user, rows: list[list[str]], *, name: str = "peserta.csv"):
        self.client.force_login(user)
        with self.capture(execute=True):
            return self.client.post(reverse("registry_participants_upload"), {
                "file": SimpleUploadedFile(name, csv_bytes(rows, PARTICIPANT_HEADER),
                                           content_type="text/csv")})

    def post(self, user, url: str, data: dict | None = None):
        self.client.force_login(user)
        with self.capture(execute=True):
            return self.client.post(url, data or {})


@pytest.fixture
def desk(client, django_capture_on_commit_callbacks):
    return Desk(client, django_capture_on_commit_callbacks)


@pytest.fixture
def bpjs_lotim(ntb):
    """The BPJS branch serving Lombok Timur (region A): its participant files count there."""
    from tests.conftest import make_user
    from ucj.accounts.models import Role

    return make_user("bpjs.selong", Role.BPJS_OPERATOR, [ntb["52.03"]])


def latest_run(region: str = "52.03") -> MatchRun:
    return MatchRun.objects.filter(region__code=region).order_by("-created_at").first()


@pytest.fixture
def run_a(desk, bpjs_lotim, op_a) -> MatchRun:
    """LIST_A checked by op_a after Lombok Timur's BPJS branch sent PARTICIPANTS_A."""
    desk.upload_participants(bpjs_lotim, PARTICIPANTS_A)
    response = desk.upload_list(op_a, csv_bytes(LIST_A))
    run = latest_run()
    assert response.status_code == 302 and response.url == reverse("registry_run", args=[run.pk])
    run.refresh_from_db()
    assert run.status == RunStatus.DONE, run.error
    return run


def make_allocation(user, region, package, *, workers: int = 3, fiscal_year: int = 2026,
                    funding_source: str = "apbd_kabkota"):
    from ucj.budget import services as budget

    return budget.allocation_create(
        actor=user, region=region, fiscal_year=fiscal_year, stage="murni",
        funding_source=funding_source, amount=workers * TARIFF * 12, workers_planned=workers,
        start_month=1, months_covered=12, package=package)


# --- 1. access: every registry URL for every role ---------------------------------------------

def test_anonymous_is_sent_to_login_from_every_registry_url(client, run_a, admin_user, ntb,
                                                            package):
    allocation = make_allocation(admin_user, ntb["52.03"], package)
    urls = [reverse("registry_home"), reverse("registry_list_upload"),
            reverse("registry_participants_upload"),
            reverse("registry_mapping", args=[run_a.list_file.pk]),
            reverse("registry_run", args=[run_a.pk]), reverse("registry_progress", args=[run_a.pk]),
            reverse("registry_cancel", args=[run_a.pk]), reverse("registry_export", args=[run_a.pk]),
            reverse("registry_row", args=[run_a.pk, 2]), reverse("registry_fund", args=[run_a.pk]),
            reverse("registry_enrollments"),
            reverse("registry_registration_file", args=[allocation.pk])]
    client.logout()
    for url in urls:
        for method in (client.get, client.post):
            response = method(url)
            assert response.status_code == 302, url
            assert response.url.startswith(reverse("login")), url
    assert not Enrollment.objects.exists()
    assert MatchRun.objects.get().cancel_requested is False


READ = {"admin_user": 200, "op_a": 200, "op_b": 404, "viewer": 200, "bpjs": 404,
        "bpjs_lotim": 200}
PERSONAL = {"admin_user", "op_a"}


@pytest.mark.parametrize("who", ROLES)
def test_reading_a_run_of_region_a(client, run_a, request, who):
    user = request.getfixturevalue(who)
    client.force_login(user)
    status = READ[who]
    pages = {"run": reverse("registry_run", args=[run_a.pk]),
             "progress": reverse("registry_progress", args=[run_a.pk]),
             "row": reverse("registry_row", args=[run_a.pk, 2]),
             "export": reverse("registry_export", args=[run_a.pk])}
    responses = {k: client.get(url) for k, url in pages.items()}
    assert {k: r.status_code for k, r in responses.items()} == dict.fromkeys(pages, status)
    if status != 200:
        return
    run_page = responses["run"]
    assert run_page.context["count"] == 5
    assert [r["row_no"] for r in run_page.context["rows"]] == [2, 3, 4, 5, 6]
    assert [r["nik_masked"] for r in run_page.context["rows"]] == [
        "5203********0001", "5203********0002", "****", "5203********0001", "5203********0003"]
    assert responses["progress"]["HX-Refresh"] == "true"
    export = csv_dicts(responses["export"])
    assert [r["outcome"] for r in export] == ["eligible", "eligible", "invalid", "duplicate",
                                              "already_active"]
    if who in PERSONAL:
        assert [r["name"] for r in run_page.context["rows"]] == [
            "Budi Santoso", "Siti Aminah", "Ahmad Fauzi", "Budi S.", "Lalu Hamdan"]
        assert [r["name"] for r in export] == ["Budi Santoso", "Siti Aminah", "Ahmad Fauzi",
                                               "Budi S.", "Lalu Hamdan"]
        assert b"Budi Santoso" in run_page.content and b"Budi Santoso" in responses["row"].content
    else:  # the viewer and the region's BPJS branch: the coarse rows, no names anywhere
        assert {tuple(r) for r in run_page.context["rows"]} == {tuple(selectors.COARSE)}
        assert [(r["regency"], r["age_band"]) for r in run_page.context["rows"]] == [
            ("52.03", "35–44")] * 5  # born 15-06-1990: 35 on 1 January 2026
        assert list(export[0]) == ["row", "nik_masked", "region", "age_band", "outcome",
                                   "reasons", "flags", "duplicate_of", "conflict_region"]
        assert set(responses["row"].context["row"]) == set(selectors.ROW_COARSE)
        for text in [*NAMES_A, "1990-06-15", "15 Juni 1990", "52.03.01", "Petani", "miskin"]:
            assert text.encode() not in run_page.content, text
            assert text.encode() not in responses["row"].content, text
            assert text.encode() not in streamed(client.get(pages["export"])), text
    assert responses["row"].context["row"]["outcome"] == "eligible"


@pytest.mark.parametrize("who", ROLES)
def test_the_registry_home_offers_uploads_by_role(client, run_a, request, who):
    user = request.getfixturevalue(who)
    client.force_login(user)
    response = client.get(reverse("registry_home"))
    assert response.status_code == 200
    form = response.context["list_form"]
    regions = list(form.fields["region"].queryset.values_list("code", flat=True)) if form else None
    assert regions == {"admin_user": ["52", "52.01", "52.02", "52.03", "52.71"],
                       "op_a": ["52.03"], "op_b": ["52.02"], "viewer": None,
                       "bpjs": None, "bpjs_lotim": None}[who]
    assert (response.context["participant_form"] is not None) == (
        who in ("admin_user", "bpjs", "bpjs_lotim"))
    link = reverse("registry_run", args=[run_a.pk]).encode()
    assert (link in response.content) == (READ[who] == 200)


@pytest.mark.parametrize("who", ROLES)
def test_uploading_a_list_for_region_a(desk, run_a, request, who):
    user = request.getfixturevalue(who)
    before = SourceFile.objects.filter(kind=Kind.BENEFICIARIES).count()
    response = desk.upload_list(user, csv_bytes(LIST_A), name="lagi.csv")
    assert response.status_code == 302
    if who in PERSONAL:
        run = MatchRun.objects.get(list_file__original_name="lagi.csv")
        assert response.url == reverse("registry_run", args=[run.pk])
        assert run.created_by == user and run.status == RunStatus.DONE
    else:  # 52.03 is not offered to them: the form refuses it, nothing is stored
        assert response.url == reverse("registry_home")
        assert message_texts(response)
        assert SourceFile.objects.filter(kind=Kind.BENEFICIARIES).count() == before
        assert MatchRun.objects.count() == 1


@pytest.mark.parametrize("who,status", [("admin_user", 302), ("op_a", 302), ("op_b", 404),
                                        ("viewer", 403), ("bpjs", 404), ("bpjs_lotim", 403)])
def test_cancelling_a_run_of_region_a(desk, op_a, request, who, status):
    desk.upload_list(op_a, csv_bytes(LIST_A), execute=False)  # queued, not yet executed
    run = latest_run()
    assert run.status == RunStatus.QUEUED
    response = desk.post(request.getfixturevalue(who), reverse("registry_cancel", args=[run.pk]))
    assert response.status_code == status
    run.refresh_from_db()
    assert run.cancel_requested is (status == 302)


@pytest.mark.parametrize("who,status", [("admin_user", 302), ("op_a", 302), ("op_b", 404),
                                        ("viewer", 403), ("bpjs", 404), ("bpjs_lotim", 403)])
def test_funding_from_a_run_of_region_a(desk, run_a, admin_user, ntb, package, request, who,
                                        status):
    allocation = make_allocation(admin_user, ntb["52.03"], package)
    response = desk.post(request.getfixturevalue(who), reverse("registry_fund", args=[run_a.pk]),
                         {"allocation": allocation.pk})
    assert response.status_code == status
    assert Enrollment.objects.count() == (2 if status == 302 else 0)  # the two eligible rows


@pytest.mark.parametrize("who,status", [("admin_user", 302), ("op_a", 403), ("op_b", 403),
                                        ("viewer", 403), ("bpjs", 302), ("bpjs_lotim", 302)])
def test_only_bpjs_and_the_admin_upload_participant_files(desk, ntb, request, who, status):
    response = desk.upload_participants(request.getfixturevalue(who), PARTICIPANTS_A)
    assert response.status_code == status
    processed = SourceFile.objects.filter(kind=Kind.PARTICIPANTS, processed_at__isnull=False)
    assert processed.count() == (1 if status == 302 else 0)
    if status == 302:  # Lombok Timur's rows count for its branch and the admin only
        in_scope = who != "bpjs"
        assert processed.get().summary["active"] == (1 if in_scope else 0)
        assert processed.get().summary["outside_scope"] == (0 if in_scope else 2)


@pytest.mark.parametrize("who", ROLES)
def test_the_mapping_page_is_for_who_may_upload_the_file(desk, client, op_a, bpjs, request, who):
    """A list's mapping: who uploads lists in its region; a participant file's: its uploader
    (the file is processed in the uploader's regions)."""
    desk.upload_list(op_a, csv_bytes(LIST_A[:1], OWN_HEADER))
    listed = SourceFile.objects.get(kind=Kind.BENEFICIARIES)
    client.force_login(bpjs)
    client.post(reverse("registry_participants_upload"), {"file": SimpleUploadedFile(
        "peserta.csv", csv_bytes(PARTICIPANTS_A, ["NIK", "Status Kepesertaan"]))})
    participants = SourceFile.objects.get(kind=Kind.PARTICIPANTS)
    assert participants.mapping == {}
    client.force_login(request.getfixturevalue(who))
    lists = client.get(reverse("registry_mapping", args=[listed.pk])).status_code
    files = client.get(reverse("registry_mapping", args=[participants.pk])).status_code
    # outside the user's regions, or another uploader's participant file: 404 (as if absent)
    assert (lists, files) == {"admin_user": (200, 404), "op_a": (200, 404), "op_b": (404, 404),
                              "viewer": (403, 404), "bpjs": (404, 200),
                              "bpjs_lotim": (403, 404)}[who]


@pytest.mark.parametrize("who", ROLES)
def test_funded_workers_and_the_registration_file_by_role(desk, client, run_a, admin_user, ntb,
                                                          package, request, who):
    allocation = make_allocation(admin_user, ntb["52.03"], package)
    desk.post(admin_user, reverse("registry_fund", args=[run_a.pk]), {"allocation": allocation.pk})
    client.force_login(request.getfixturevalue(who))
    page = client.get(reverse("registry_enrollments"))
    assert page.status_code == 200
    assert page.context["total"] == (2 if READ[who] == 200 else 0)
    assert "no-store" in page["Cache-Control"]
    # the registration file's link, and the names, only for who reads persons in 52.03
    assert bool(page.context["allocations"]) == (who in PERSONAL)
    assert (b"Budi Santoso" in page.content) == (who in PERSONAL)
    exports = AuditEvent.objects.filter(action="export", object_type="budget.allocation")
    response = client.get(reverse("registry_registration_file", args=[allocation.pk]))
    if who in PERSONAL | {"bpjs_lotim"}:  # the branch of 52.03 pulls it (Cap.PULL_REGISTRATION)
        assert response.status_code == 200
        assert "no-store" in response["Cache-Control"]
        assert [r["nik"] for r in csv_dicts(response)] == [NIK_1, NIK_2]
        assert exports.count() == 1 and exports.get().actor == request.getfixturevalue(who)
    else:  # outside the user's regions 404, in them without PULL_REGISTRATION 403
        assert response.status_code == (404 if who in ("op_b", "bpjs") else 403)
        assert exports.count() == 0


# --- 2. a standard list starts a run directly --------------------------------------------------

def test_a_standard_list_runs_directly_and_ends_done_with_the_counts(run_a, op_a):
    assert run_a.counts == COUNTS_A
    assert run_a.is_current and run_a.progress == 100
    assert run_a.reasons == {"nik_format": 1}
    assert run_a.list_file.mapping == dict(zip(HEADER, HEADER, strict=True))
    assert run_a.list_file.rows == 5


# --- 3. column mapping -------------------------------------------------------------------------

def test_an_own_header_is_mapped_once_and_remembered(desk, client, op_a, admin_user):
    response = desk.upload_list(op_a, csv_bytes(LIST_A, OWN_HEADER), name="dinsos.csv")
    source = SourceFile.objects.get(original_name="dinsos.csv")
    assert response.status_code == 302
    assert response.url == reverse("registry_mapping", args=[source.pk])
    assert not MatchRun.objects.exists()
    page = client.get(response.url)
    assert page.status_code == 200
    assert [row["field"] for row in page.context["rows"]] == HEADER
    assert [row["field"] for row in page.context["rows"] if row["required"]] == [
        "nik", "name", "birth_date", "sex"]

    response = desk.post(op_a, reverse("registry_mapping", args=[source.pk]), OWN_MAPPING)
    run = MatchRun.objects.get()
    assert response.url == reverse("registry_run", args=[run.pk])
    run.refresh_from_db()
    assert run.status == RunStatus.DONE, run.error
    # no participant file yet: NIK 3 is eligible too
    assert run.counts == {**COUNTS_A, "already_active": 0, "eligible": 3}
    assert ColumnMapping.objects.get(kind=Kind.BENEFICIARIES).mapping == OWN_MAPPING

    # the same header again (another user, other rows): no mapping asked
    response = desk.upload_list(admin_user, csv_bytes(LIST_A[:2], OWN_HEADER), name="dua.csv")
    second = MatchRun.objects.get(list_file__original_name="dua.csv")
    assert response.url == reverse("registry_run", args=[second.pk])
    second.refresh_from_db()
    assert second.status == RunStatus.DONE and second.counts["eligible"] == 2
    assert second.list_file.mapping == OWN_MAPPING


def test_a_mapping_without_the_nik_column_is_refused(desk, client, op_a):
    desk.upload_list(op_a, csv_bytes(LIST_A, OWN_HEADER), name="dinsos.csv")
    source = SourceFile.objects.get()
    response = desk.post(op_a, reverse("registry_mapping", args=[source.pk]),
                         {**OWN_MAPPING, "nik": ""})
    assert response.status_code == 200  # the page again, with the message
    assert len(message_texts(response)) == 1
    source.refresh_from_db()
    assert source.mapping == {}
    assert not MatchRun.objects.exists() and not ColumnMapping.objects.exists()


def test_posting_a_mapping_again_after_the_run_gives_a_message_not_an_error(desk, op_a):
    desk.upload_list(op_a, csv_bytes(LIST_A, OWN_HEADER), name="dinsos.csv")
    source = SourceFile.objects.get()
    url = reverse("registry_mapping", args=[source.pk])
    desk.post(op_a, url, OWN_MAPPING)
    response = desk.post(op_a, url, OWN_MAPPING)  # the browser's back button, submitted again
    assert response.status_code in (200, 302)
    assert message_texts(response)
    assert MatchRun.objects.count() == 1


def test_a_standard_csv_saved_with_a_bom_runs_directly(desk, op_a):
    response = desk.upload_list(op_a, b"\xef\xbb\xbf" + csv_bytes(LIST_A), name="excel.csv")
    run = MatchRun.objects.first()
    assert run is not None and response.url == reverse("registry_run", args=[run.pk])
    run.refresh_from_db()
    assert run.status == RunStatus.DONE and run.counts["total"] == 5


# --- 4. workbooks ------------------------------------------------------------------------------

def workbook(rows: list[list]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_an_xlsx_with_nik_as_numbers_is_refused_naming_row_and_column(desk, op_a):
    rows = [person(NIK_1, "Budi Santoso"), person(NIK_2, "Siti Aminah", female=True)]
    rows[1][0] = int(NIK_2)  # line 3: typed as a number
    response = desk.upload_list(op_a, workbook(rows), name="daftar.xlsx")
    assert response.status_code == 302 and response.url == reverse("registry_home")
    expected = gettext(
        "Row %(row)s, column “%(column)s”: the NIK is stored as a number, so "
        "Excel has already dropped its last digits. Format the column as Text, "
        "type the NIKs again (or export them as text) and upload again."
    ) % {"row": 3, "column": "nik"}
    assert message_texts(response) == [expected]
    assert not SourceFile.objects.exists() and not MatchRun.objects.exists()


def test_a_refused_xlsx_leaves_no_file_behind(desk, op_a):
    rows = [person(NIK_1, "Budi Santoso"), person(NIK_2, "Siti Aminah", female=True)]
    rows[1][0] = int(NIK_2)
    desk.upload_list(op_a, workbook(rows), name="daftar.xlsx")
    assert not SourceFile.objects.exists()
    left = list((Path(services.registry_dir()) / "uploads").iterdir())
    assert [(p.name, contains_full_nik(p.read_bytes())) for p in left] == []


@pytest.mark.parametrize("what,expected", [
    ("abort", "Reading the file needed more memory than the limit allows, and was stopped. "
              "Split it into smaller files, or save it again as a plain .xlsx workbook or CSV."),
    ("hang", "Checking the file took longer than %(seconds)s seconds and was stopped. Split "
             "it into smaller files and upload them one by one."),
])
def test_a_workbook_that_breaks_its_reader_ends_the_child_not_the_server(
        desk, op_a, settings, monkeypatch, what, expected):
    """The workbook is converted in a child process with a time and memory limit: a reader
    that aborts or never ends is a message, and nothing is kept."""
    import os
    import time

    def broken(source, target):
        target.write_text("nik\n" + NIK_1 + "\n")  # half-written personal data
        os.abort() if what == "abort" else time.sleep(30)

    monkeypatch.setattr(services, "_xlsx_to_csv", broken)
    settings.UCJ_IMPORT_CHECK_SECONDS = 1
    response = desk.upload_list(op_a, workbook([person(NIK_1, "Budi Santoso")]),
                                name="daftar.xlsx")
    assert response.status_code == 302
    assert message_texts(response) == [gettext(expected) % {"seconds": 1}]
    assert not SourceFile.objects.exists()
    assert list((Path(services.registry_dir()) / "uploads").iterdir()) == []


def test_an_xlsx_with_nik_as_text_is_checked(desk, op_a):
    rows = [person(NIK_1, "Budi Santoso"), person(NIK_2, "Siti Aminah", female=True),
            person(NIK_1, "Budi S.")]
    response = desk.upload_list(op_a, workbook(rows), name="daftar.xlsx")
    run = MatchRun.objects.get()
    assert response.url == reverse("registry_run", args=[run.pk])
    run.refresh_from_db()
    assert run.status == RunStatus.DONE, run.error
    assert run.counts == {"invalid": 0, "duplicate": 1, "deceased": 0, "already_active": 0,
                          "conflict": 0, "eligible": 2, "total": 3}


def test_an_xlsx_with_the_desil_typed_as_a_number_is_read_as_that_desil(desk, op_a):
    rows = [person(NIK_1, "Budi Santoso"), person(NIK_2, "Siti Aminah", female=True)]
    rows[0][7], rows[1][7] = 2, 5
    desk.upload_list(op_a, workbook(rows), name="daftar.xlsx")
    run = MatchRun.objects.get()
    assert run.status == RunStatus.DONE, run.error
    assert run.counts["eligible"] == 2, run.reasons


# --- 5. the run's record -----------------------------------------------------------------------

def test_the_run_records_inputs_counts_time_and_actor_and_drops_the_raw_file(desk, bpjs_lotim,
                                                                             op_a):
    participants = csv_bytes(PARTICIPANTS_A, PARTICIPANT_HEADER)
    listed = csv_bytes(LIST_A)
    desk.upload_participants(bpjs_lotim, PARTICIPANTS_A)
    desk.upload_list(op_a, listed)
    run = MatchRun.objects.get()
    source = run.list_file
    assert run.inputs["list_sha256"] == hashlib.sha256(listed).hexdigest() == source.sha256
    assert run.inputs["participants_sha256"] == hashlib.sha256(participants).hexdigest()
    assert run.inputs["deceased_sha256"] is None
    assert run.participants_file.sha256 == run.inputs["participants_sha256"]
    data = run.participants_file.regions.get()  # the file's data of Lombok Timur, the one used
    assert run.inputs["participants"] == [{
        "region": "52.03", "file": str(run.participants_file.pk), "name": "peserta.csv",
        "sha256": run.inputs["participants_sha256"], "data": data.pk}]
    assert run.counts == COUNTS_A
    assert run.seconds is not None and run.seconds >= 0
    assert run.created_by == op_a and run.finished_at >= run.started_at
    assert source.uploaded_by == op_a and source.size == len(listed)
    uploads = AuditEvent.objects.filter(action="upload", object_type="registry.sourcefile",
                                        object_id=str(source.pk))
    assert uploads.count() == 1 and uploads.get().actor == op_a
    assert uploads.get().region.code == "52.03"
    finished = AuditEvent.objects.filter(action="import", object_type="registry.matchrun",
                                         object_id=str(run.pk))
    assert finished.count() == 1 and finished.get().actor == op_a
    # the raw uploads (list and participant file) are gone once processed
    for raw in (source, run.participants_file):
        assert raw.path == "" and raw.deleted_at is not None
    assert list((Path(services.registry_dir()) / "uploads").iterdir()) == []


def test_a_retention_period_keeps_the_raw_file(desk, op_a, settings):
    settings.UCJ_REGISTRY_RETENTION_DAYS = 30
    listed = csv_bytes(LIST_A)
    desk.upload_list(op_a, listed)
    run = MatchRun.objects.get()
    assert run.status == RunStatus.DONE
    source = run.list_file
    assert source.path and source.deleted_at is None
    assert (Path(services.registry_dir()) / source.path).read_bytes() == listed


# --- 6. privacy --------------------------------------------------------------------------------

def test_no_page_or_export_shows_a_full_nik(client, desk, run_a, admin_user, op_a, viewer, ntb,
                                            package, bpjs_lotim):
    allocation = make_allocation(admin_user, ntb["52.03"], package)
    desk.post(op_a, reverse("registry_fund", args=[run_a.pk]), {"allocation": allocation.pk})
    pages = [reverse("registry_home"), reverse("registry_run", args=[run_a.pk]),
             reverse("registry_run", args=[run_a.pk]) + "?outcome=invalid",
             reverse("registry_progress", args=[run_a.pk]), reverse("registry_enrollments"),
             reverse("registry_mapping", args=[run_a.list_file.pk])]
    pages += [reverse("registry_row", args=[run_a.pk, n]) for n in range(2, 7)]
    for user in (admin_user, op_a, viewer, bpjs_lotim):
        client.force_login(user)
        for url in pages:
            response = client.get(url)
            if response.status_code == 403:  # the viewer and the mapping page
                continue
            assert response.status_code == 200, url
            assert contains_full_nik(response.content) == [], (user, url)
        export = streamed(client.get(reverse("registry_export", args=[run_a.pk])))
        assert contains_full_nik(export) == [], user


def test_the_full_nik_of_a_row_is_shown_on_request_to_the_operator_and_audited(client, run_a,
                                                                               op_a, viewer):
    url = reverse("registry_row", args=[run_a.pk, 2])
    client.force_login(op_a)
    response = client.get(url, {"nik": "1"})
    assert response.context["full_nik"] == NIK_1 and NIK_1.encode() in response.content
    assert "no-store" in response["Cache-Control"]
    views = AuditEvent.objects.filter(action="view", object_type="registry.matchrun",
                                      object_id=str(run_a.pk))
    assert views.count() == 1 and views.get().actor == op_a
    assert views.get().object_repr == "full NIK of row 2 of match run daftar.csv"
    assert NIK_1 not in views.get().object_repr + views.get().note

    client.force_login(viewer)
    response = client.get(url, {"nik": "1"})
    assert response.status_code == 200 and response.context["full_nik"] == ""
    assert NIK_1.encode() not in response.content and b"5203********0001" in response.content
    assert list(views.filter(actor=viewer).values_list("object_repr", flat=True)) == [
        "row 2 of match run daftar.csv"]


def test_an_invalid_row_never_reveals_its_nik(client, run_a, op_a):
    client.force_login(op_a)
    response = client.get(reverse("registry_row", args=[run_a.pk, 4]), {"nik": "1"})
    assert response.context["full_nik"] == ""
    assert BAD_NIK.encode() not in response.content
    assert list(AuditEvent.objects.filter(action="view").values_list("object_repr", flat=True)) \
        == ["row 4 of match run daftar.csv"]


# --- 7. funding --------------------------------------------------------------------------------

# every row eligible; priority: desil ascending (none last), then category order, then line
PRIORITY_LIST = [
    person(nik(11), "Desil 4 ekstrem", desil="4", category="miskin ekstrem"),   # line 2
    person(nik(12), "Desil 2 rentan", desil="2", category="rentan"),            # line 3
    person(nik(13), "Desil 2 miskin", desil="2", category="miskin"),            # line 4
    person(nik(14), "Tanpa desil", desil="", category="miskin ekstrem"),        # line 5
    person(nik(15), "Desil 2 rentan lagi", desil="2", category="rentan"),       # line 6
    person(nik(16), "Desil 3 ekstrem", desil="3", category="miskin ekstrem"),   # line 7
    person(nik(17), "Desil 1 rentan", desil="1", category="rentan"),            # line 8
]
FUNDED_LINES = [3, 4, 8]  # line 8 (desil 1), line 4 (desil 2, miskin), line 3 (desil 2, rentan)


@pytest.fixture
def funded(desk, op_a, ntb, package):
    """PRIORITY_LIST checked and funded from an allocation for three workers for 12 months."""
    desk.upload_list(op_a, csv_bytes(PRIORITY_LIST), name="prioritas.csv")
    run = latest_run()
    assert run.status == RunStatus.DONE and run.counts["eligible"] == 7
    allocation = make_allocation(op_a, ntb["52.03"], package)
    response = desk.post(op_a, reverse("registry_fund", args=[run.pk]),
                         {"allocation": allocation.pk})
    assert response.url == reverse("registry_run", args=[run.pk])
    page = desk.client.get(response.url)  # shows (and so consumes) the message
    assert page.context["funded"] == 3
    return run, allocation, response


def test_funding_chooses_by_desil_then_category_then_line(funded, op_a, settings):
    assert category_order() == ["miskin ekstrem", "miskin", "rentan"]
    run, allocation, _response = funded
    enrollments = Enrollment.objects.filter(allocation=allocation).order_by("row_no")
    assert [e.row_no for e in enrollments] == FUNDED_LINES
    assert [e.nik_masked for e in enrollments] == ["5203********0012", "5203********0013",
                                                   "5203********0017"]
    assert [(e.desil, e.category) for e in enrollments] == [(2, "rentan"), (2, "miskin"),
                                                            (1, "rentan")]
    first = enrollments[0]
    assert (first.region.code, first.year, first.start_month, first.status, first.paid_months) \
        == ("52.03", 2026, dt.date(2026, 1, 1), "submitted", 0)
    assert (first.name, first.birth_date, first.sex, first.village_code) == (
        "Desil 2 rentan", dt.date(1990, 6, 15), "L", "52.03.01.2001")
    assert all(e.run_id == run.pk and e.created_by == op_a for e in enrollments)
    assert AuditEvent.objects.filter(action="create", object_type="budget.allocation",
                                     object_id=str(allocation.pk), note=f"run {run.pk}").count() == 1


def test_a_second_funding_adds_no_one(funded, desk, op_a):
    run, allocation, _response = funded
    response = desk.post(op_a, reverse("registry_fund", args=[run.pk]),
                         {"allocation": allocation.pk})
    assert response.status_code == 302
    assert len(message_texts(response)) == 1
    assert Enrollment.objects.count() == 3


def test_a_nik_funded_by_region_a_is_a_conflict_in_region_b(funded, desk, op_b):
    rows = [person(nik(17), "Desil 1 rentan"),  # funded by 52.03
            person(nik(11), "Desil 4 ekstrem"),  # eligible in 52.03's current list, not funded
            person(nik(1, area="520201"), "Baiq Praya", village="52.02.01")]
    desk.upload_list(op_b, csv_bytes(rows), name="loteng.csv", region="52.02")
    run = latest_run("52.02")
    assert run.status == RunStatus.DONE, run.error
    assert run.counts == {"invalid": 0, "duplicate": 0, "deceased": 0, "already_active": 0,
                          "conflict": 2, "eligible": 1, "total": 3}
    result = pl.read_parquet(Path(services.registry_dir()) / run.result_path).sort("row_no")
    assert result.select("row_no", "outcome", "conflict_region").rows() == [
        (2, "conflict", "52.03"), (3, "conflict", "52.03"), (4, "eligible", None)]
    assert run.flags == {"other_regency": 2}
    assert latest_run("52.03").is_current  # region A's list is untouched


# --- 8. tracking -------------------------------------------------------------------------------

def test_participant_files_move_funded_workers_through_their_statuses(funded, desk, client,
                                                                      bpjs_lotim, op_a):
    active, registered = nik(17), nik(13)  # nik(12), funded too, is not in the file
    desk.upload_participants(bpjs_lotim, [[active, "aktif", "BPU", "52.03", "2026-03"],
                                          [registered, "nonaktif", "BPU", "52.03", ""]])
    by_nik = {e.nik_masked[-4:]: e for e in Enrollment.objects.all()}
    assert (by_nik["0017"].status, by_nik["0017"].paid_months,
            by_nik["0017"].last_paid_month) == ("active", 3, dt.date(2026, 3, 1))
    assert (by_nik["0013"].status, by_nik["0013"].paid_months) == ("registered", 0)
    assert (by_nik["0012"].status, by_nik["0012"].paid_months) == ("submitted", 0)
    assert SourceFile.objects.get(kind=Kind.PARTICIPANTS).summary == {
        "rows": 2, "participants": 2, "active": 1, "unreadable": 0, "tracked": 2,
        "status_changed": 2, "snapshots_updated": 0, "snapshots_skipped": 1,
        "outside_scope": 0, "outside_regions": {}, "outside_rows": [], "unknown_region": 0,
        "unknown_rows": [], "regions": {"52.03": {"participants": 2, "active": 1}}}

    client.force_login(op_a)
    counts = {key: n for key, _label, n in client.get(reverse("registry_enrollments"))
              .context["counts"]}
    assert counts == {"submitted": 1, "registered": 1, "active": 1, "lapsed": 0}

    desk.upload_participants(bpjs_lotim, [[active, "nonaktif", "BPU", "52.03", "2026-03"]],
                             name="peserta-mei.csv")
    lapsed = Enrollment.objects.get(row_no=8)
    assert (lapsed.status, lapsed.paid_months, lapsed.last_paid_month) == (
        "lapsed", 3, dt.date(2026, 3, 1))
    client.force_login(op_a)
    page = client.get(reverse("registry_enrollments"))
    assert {key: n for key, _label, n in page.context["counts"]} == {
        "submitted": 1, "registered": 1, "active": 0, "lapsed": 1}
    assert page.context["total"] == 3
    assert [e.status for e in client.get(reverse("registry_enrollments"),
                                         {"status": "lapsed"}).context["page"]] == ["lapsed"]


def test_active_funded_workers_feed_the_participation_figures(funded, desk, bpjs_lotim):
    from ucj.coverage.models import ParticipationSnapshot

    snapshot = ParticipationSnapshot.objects.create(
        region=Region.objects.get(code="52.03"), month=dt.date(2026, 3, 1), segment="BPU",
        active=500, funded_dbhcht=7)
    desk.upload_participants(bpjs_lotim, [[nik(17), "aktif", "BPU", "52.03", "2026-03"],
                                    [nik(13), "aktif", "BPU", "52.03", "2026-02"]])
    snapshot.refresh_from_db()
    # both active, both from the APBD kabupaten/kota allocation; other sources untouched
    assert (snapshot.funded_apbd_kabkota, snapshot.funded_dbhcht, snapshot.active) == (2, 7, 500)
    assert SourceFile.objects.get(kind=Kind.PARTICIPANTS).summary["snapshots_updated"] == 1


def test_workers_funded_from_the_provinces_dbhcht_feed_the_provinces_count(
        funded, desk, bpjs_lotim):
    from ucj.budget.models import Allocation
    from ucj.coverage.models import ParticipationSnapshot

    _run, allocation, _response = funded
    Allocation.objects.filter(pk=allocation.pk).update(funding_source="dbhcht", payer="province")
    snapshot = ParticipationSnapshot.objects.create(
        region=Region.objects.get(code="52.03"), month=dt.date(2026, 3, 1), segment="BPU",
        active=500, funded_dbhcht=7)
    desk.upload_participants(bpjs_lotim, [[nik(17), "aktif", "BPU", "52.03", "2026-03"],
                                    [nik(13), "aktif", "BPU", "52.03", "2026-02"]])
    snapshot.refresh_from_db()
    # the regency's own DBHCHT count is left as it was
    assert (snapshot.funded_dbhcht_prov, snapshot.funded_dbhcht, snapshot.active) == (2, 7, 500)


def test_a_file_without_the_month_keeps_the_last_month_paid(funded, desk, bpjs_lotim):
    desk.upload_participants(bpjs_lotim, [[nik(17), "aktif", "BPU", "52.03", "2026-03"]])
    desk.upload_participants(bpjs_lotim, [[nik(17), "nonaktif", "BPU", "52.03", ""]], name="mei.csv")
    lapsed = Enrollment.objects.get(row_no=8)
    assert (lapsed.status, lapsed.paid_months) == ("lapsed", 3)
    assert lapsed.last_paid_month == dt.date(2026, 3, 1)


# --- 8b. participant files stay in their regions (issue 14) ------------------------------------

def test_a_bpjs_file_of_another_regions_niks_changes_nothing_there(funded, desk, client, bpjs,
                                                                   bpjs_lotim, op_a):
    """As found: bpjs.mataram (Lombok Barat, Kota Mataram) sends a file of Lombok Timur NIKs.
    Nothing of Lombok Timur changes, the rows are reported as outside its regions, and Lombok
    Timur's lists are still matched against Lombok Timur's own participant data."""
    from ucj.coverage.models import ParticipationSnapshot

    lotim = Region.objects.get(code="52.03")
    june = ParticipationSnapshot.objects.create(region=lotim, month=dt.date(2026, 6, 1),
                                                segment="BPU", active=60_000,
                                                funded_apbd_kabkota=6_657)
    # Lombok Timur's own branch: two people already active, one funded worker registered
    desk.upload_participants(bpjs_lotim, [[nik(31), "aktif", "BPU", "52.03", "2026-05"],
                                          [nik(32), "aktif", "BPU", "52.03", "2026-05"],
                                          [nik(13), "nonaktif", "BPU", "52.03", ""]])
    before = list(Enrollment.objects.order_by("pk").values_list(
        "status", "paid_months", "last_paid_month"))
    assert sorted(s for s, _p, _m in before) == ["registered", "submitted", "submitted"]

    # Mataram's branch: every funded worker of Lombok Timur "active in June", as 52.03 …
    funded_niks = [nik(12), nik(13), nik(17)]
    response = desk.upload_participants(
        bpjs, [[n, "aktif", "BPU", "52.03", "2026-06"] for n in funded_niks]
        + [[nik(31), "nonaktif", "BPU", "5203", "2026-06"], [nik(33), "aktif", "BPU", "", ""],
           [nik(34), "aktif", "BPU", "99.99", "2026-06"]], name="peserta-sumbawa.csv")
    assert response.status_code == 302
    outside = SourceFile.objects.get(original_name="peserta-sumbawa.csv")
    assert outside.summary == {
        "rows": 6, "participants": 0, "active": 0, "unreadable": 0,
        "outside_scope": 4, "outside_regions": {"52.03": 4}, "outside_rows": [2, 3, 4, 5],
        "unknown_region": 2, "unknown_rows": [6, 7], "regions": {},
        "tracked": 0, "status_changed": 0, "snapshots_updated": 0, "snapshots_skipped": 0}
    assert not outside.regions.exists()
    # … and as if they were its own people (52.01): kept as Lombok Barat's data, but no
    # funded worker or figure of Lombok Timur changes
    desk.upload_participants(bpjs, [[n, "aktif", "BPU", "52.01", "2026-06"] for n in funded_niks]
                             + [[nik(31), "nonaktif", "BPU", "52.01", "2026-06"]],
                             name="peserta-lobar.csv")
    relabelled = SourceFile.objects.get(original_name="peserta-lobar.csv")
    assert relabelled.summary["regions"] == {"52.01": {"participants": 4, "active": 3}}
    assert (relabelled.summary["tracked"], relabelled.summary["status_changed"]) == (0, 0)
    assert list(Enrollment.objects.order_by("pk").values_list(
        "status", "paid_months", "last_paid_month")) == before
    june.refresh_from_db()
    assert (june.funded_apbd_kabkota, june.active) == (6_657, 60_000)
    assert not AuditEvent.objects.filter(object_type="coverage.participationsnapshot",
                                         action="update").exists()

    # Lombok Timur's next list is matched against Lombok Timur's data (the branch's file), not
    # against the file processed last: both active people stay already active
    desk.upload_list(op_a, csv_bytes([person(nik(31), "Aktif Satu"),
                                      person(nik(32), "Aktif Dua"),
                                      person(nik(35), "Baru")]), name="lotim-juli.csv")
    run = MatchRun.objects.get(list_file__original_name="lotim-juli.csv")
    assert run.status == RunStatus.DONE, run.error
    assert (run.counts["already_active"], run.counts["eligible"]) == (2, 1)
    lotim_file = SourceFile.objects.get(uploaded_by=bpjs_lotim)
    assert [(p["region"], p["file"]) for p in run.inputs["participants"]] == [
        ("52.03", str(lotim_file.pk))]
    assert run.participants_file == lotim_file


def test_a_province_list_is_matched_against_each_regions_own_data(desk, bpjs, bpjs_lotim,
                                                                   admin_user):
    """The province admin's list of the whole province: each regency's latest data."""
    desk.upload_participants(bpjs_lotim, [[nik(41), "aktif", "BPU", "52.03", "2026-05"]],
                             name="lotim.csv")
    desk.upload_participants(bpjs, [[nik(42, area="520101"), "aktif", "BPU", "52.01",
                                     "2026-05"]], name="lobar.csv")
    desk.upload_list(admin_user, csv_bytes([
        person(nik(41), "Lotim Aktif"),
        person(nik(42, area="520101"), "Lobar Aktif", village="52.01.01.1001"),
        person(nik(43), "Lotim Baru")]), name="provinsi.csv", region="52")
    run = MatchRun.objects.get(list_file__original_name="provinsi.csv")
    assert run.status == RunStatus.DONE, run.error
    assert (run.counts["already_active"], run.counts["eligible"]) == (2, 1)
    assert [(p["region"], p["name"]) for p in run.inputs["participants"]] == [
        ("52.01", "lobar.csv"), ("52.03", "lotim.csv")]


def test_the_province_admins_file_covers_every_region_it_names(desk, admin_user, funded):
    desk.upload_participants(admin_user, [[nik(17), "aktif", "BPU", "52.03", "2026-03"],
                                          [nik(50, area="520101"), "aktif", "BPU", "5201",
                                           "2026-03"],
                                          [nik(51, area="510101"), "aktif", "BPU", "51.71",
                                           "2026-03"]])
    source = SourceFile.objects.get(kind=Kind.PARTICIPANTS)
    assert source.summary["regions"] == {"52.01": {"participants": 1, "active": 1},
                                         "52.03": {"participants": 1, "active": 1}}
    # Kota Denpasar is no regency of this installation's region master
    assert (source.summary["unknown_region"], source.summary["unknown_rows"]) == (1, [4])
    assert Enrollment.objects.get(row_no=8).status == "active"


def test_participant_data_is_stored_per_region_without_niks(desk, bpjs):
    desk.upload_participants(bpjs, [[nik(1, area="520101"), "aktif", "BPU", "52.01", "2026-05"],
                                    [nik(2, area="527101"), "aktif", "BPU", "52.71.01",
                                     "2026-04"],
                                    [nik(3, area="527101"), "nonaktif", "BPU", "5271", ""]])
    source = SourceFile.objects.get()
    stored = {d.region.code: d for d in source.regions.all()}
    assert sorted(stored) == ["52.01", "52.71"]
    assert (stored["52.71"].participants, stored["52.71"].active,
            stored["52.71"].last_paid_month) == (2, 1, dt.date(2026, 4, 1))
    for data in stored.values():
        table = pl.read_parquet(services.stored_path(data.path))
        assert set(table["region_code"]) == {data.region.code}
        assert "nik" not in table.columns
        raw = services.stored_path(data.path).read_bytes()
        assert contains_full_nik(raw, (nik(1, area="520101"), nik(2, area="527101"))) == []


def test_a_participant_file_without_the_region_column_asks_for_it(desk, client, bpjs):
    client.force_login(bpjs)
    response = client.post(reverse("registry_participants_upload"), {"file": SimpleUploadedFile(
        "peserta.csv", csv_bytes([[nik(1), "aktif"]], ["nik", "status"]))})
    source = SourceFile.objects.get()
    assert response.url == reverse("registry_mapping", args=[source.pk])
    page = client.get(response.url)
    assert [r["field"] for r in page.context["rows"] if r["required"]] == [
        "nik", "status", "region_code"]
    with pytest.raises(ValidationError):
        services.mapping_set(actor=bpjs, source=source, mapping={"nik": "nik",
                                                                 "status": "status"})


def test_a_bpjs_operator_cannot_process_another_branchs_file(desk, client, bpjs, bpjs_lotim):
    client.force_login(bpjs_lotim)
    client.post(reverse("registry_participants_upload"), {"file": SimpleUploadedFile(
        "peserta.csv", csv_bytes([[nik(1), "aktif", "52.03"]],
                                 ["NIK", "Status Kepesertaan", "Kode Kabupaten"]))})
    source = SourceFile.objects.get()
    mapping = {"nik": "NIK", "status": "Status Kepesertaan", "region_code": "Kode Kabupaten"}
    response = desk.post(bpjs, reverse("registry_mapping", args=[source.pk]), mapping)
    assert response.status_code == 404
    with pytest.raises(PermissionDenied):
        services.participants_process(actor=bpjs, source=source)
    source.refresh_from_db()
    assert source.processed_at is None and not source.regions.exists()


# --- 9. cancelling -----------------------------------------------------------------------------

def test_a_cancelled_run_leaves_the_previous_results_current(run_a, desk, op_a):
    desk.upload_list(op_a, csv_bytes(LIST_A[:2]), name="baru.csv", execute=False)
    second = MatchRun.objects.get(list_file__original_name="baru.csv")
    assert second.status == RunStatus.QUEUED
    desk.post(op_a, reverse("registry_cancel", args=[second.pk]))
    services.run_match_task.enqueue(str(second.pk))  # the worker picks it up afterwards
    second.refresh_from_db()
    run_a.refresh_from_db()
    assert second.status == RunStatus.CANCELLED and second.cancel_requested
    assert second.is_current is False and second.counts == {} and second.result_path == ""
    assert run_a.is_current is True and run_a.counts == COUNTS_A
    assert MatchRun.objects.filter(region__code="52.03", year=2026, is_current=True).get() == run_a
    assert not (Path(services.registry_dir()) / "runs" / str(second.pk) / "result.parquet").exists()


def test_a_cancelled_run_does_not_keep_the_raw_list(run_a, desk, op_a):
    desk.upload_list(op_a, csv_bytes(LIST_A[:2]), name="baru.csv", execute=False)
    second = MatchRun.objects.get(list_file__original_name="baru.csv")
    desk.post(op_a, reverse("registry_cancel", args=[second.pk]))
    services.run_match_task.enqueue(str(second.pk))
    assert MatchRun.objects.get(pk=second.pk).status == RunStatus.CANCELLED
    assert services.purge_expired_uploads() == 0
    assert list((Path(services.registry_dir()) / "uploads").iterdir()) == []


# --- 10. manage.py match_list ------------------------------------------------------------------

def test_match_list_prints_the_counts_and_writes_the_result(ntb, tmp_path, capsys):
    files = tmp_path / "input"
    files.mkdir()
    listed = files / "daftar.csv"
    listed.write_bytes(csv_bytes(LIST_A + [person(nik(5), "Almarhum")]))
    participants = files / "peserta.csv"
    participants.write_bytes(csv_bytes(PARTICIPANTS_A, PARTICIPANT_HEADER))
    deceased = files / "meninggal.csv"
    deceased.write_bytes(f"nik\n{nik(5)}\n".encode())
    out = tmp_path / "hasil"
    stdout = io.StringIO()
    call_command("match_list", str(listed), "--region", "52.03", "--year", "2026",
                 "--participants", str(participants), "--deceased", str(deceased),
                 "--out", str(out), stdout=stdout)
    lines = stdout.getvalue().strip().splitlines()
    assert len(lines) == 1
    printed = json.loads(lines[0])
    assert {k: printed[k] for k in ("total", "invalid", "duplicate", "already_active",
                                     "conflict", "deceased", "eligible")} == {
        "total": 6, "invalid": 1, "duplicate": 1, "already_active": 1, "conflict": 0,
        "deceased": 1, "eligible": 2}
    run = MatchRun.objects.get()
    assert printed["run"] == str(run.pk) and run.created_by is None
    assert run.inputs["list_sha256"] == hashlib.sha256(listed.read_bytes()).hexdigest()
    assert pl.read_parquet(out / "result.parquet").height == 6
    hasil = (out / "hasil.csv").read_bytes()
    assert contains_full_nik(hasil, (NIK_1, NIK_2, NIK_3, BAD_NIK, nik(5))) == []
    rows = list(csv.DictReader(io.StringIO(hasil.decode())))
    assert [(r["row_no"], r["outcome"]) for r in rows] == [
        ("2", "eligible"), ("3", "eligible"), ("4", "invalid"), ("5", "duplicate"),
        ("6", "already_active"), ("7", "deceased")]
    # files given on the command line are the operator's to keep
    assert listed.exists() and participants.exists() and deceased.exists()


def test_match_list_refuses_an_unknown_region(ntb, tmp_path):
    listed = tmp_path / "daftar.csv"
    listed.write_bytes(csv_bytes(LIST_A))
    with pytest.raises(CommandError, match="99.99"):
        call_command("match_list", str(listed), "--region", "99.99", "--year", "2026")
    assert not MatchRun.objects.exists()



def test_the_mapping_page_guesses_from_p3ke_column_names(desk, op_a, client):
    header = "NO,NIK_KTP,NAMA_LENGKAP,TGL_LAHIR,JK,KODE_DESA,PEKERJAAN,DESIL"
    desk.upload_list(op_a, (header + "\n1,5203011506900001,Budi,1990-06-15,L,52.03.01.2001,"
                            "petani,3\n").encode(), name="p3ke.csv", execute=False)
    source = SourceFile.objects.get(original_name="p3ke.csv")
    client.force_login(op_a)
    rows = {r["field"]: r["value"] for r in client.get(
        reverse("registry_mapping", args=[source.pk])).context["rows"]}
    assert rows == {"nik": "NIK_KTP", "name": "NAMA_LENGKAP", "birth_date": "TGL_LAHIR",
                    "sex": "JK", "village_code": "KODE_DESA", "occupation": "PEKERJAAN",
                    "category": "", "desil": "DESIL", "phone": "", "source": ""}


def test_a_failed_run_records_no_nik_in_its_error(run_a, desk, op_a, monkeypatch):
    from ucj.registry import engine

    def explode(**kwargs):
        raise ValueError("could not parse '5203011506900001' (Budi Santoso) in column nik")

    monkeypatch.setattr(engine, "match_list", explode)
    source = services.file_upload(actor=op_a, kind=Kind.BENEFICIARIES, region=run_a.region,
                                  year=2026, upload=SimpleUploadedFile("lagi.csv",
                                                                       csv_bytes(LIST_A)))
    failed = services.run_start(actor=op_a, source=source, enqueue=False)
    with pytest.raises(services.ProcessingFailed) as raised:
        services.run_execute(str(failed.id))
    failed.refresh_from_db()
    assert failed.status == "failed"
    assert failed.error == gettext(
        "An internal error (%(type)s) stopped the processing; the file's content is not "
        "recorded. Try again, or ask the administrator.") % {"type": "ValueError"}
    # the task's own exception (what the worker stores and logs) carries no content either
    assert str(raised.value) == failed.error
    assert raised.value.__context__ is None and raised.value.__cause__ is None
    # and the raw list is gone at once
    source.refresh_from_db()
    assert source.path == "" and list((services.registry_dir() / "uploads").iterdir()) == []


# --- 11. raw uploads do not outlive their use; failures say which row, not what it holds -------

def age(source: SourceFile, hours: float) -> None:
    SourceFile.objects.filter(pk=source.pk).update(
        uploaded_at=timezone.now() - dt.timedelta(hours=hours))


def uploads() -> list[Path]:
    folder = Path(services.registry_dir()) / "uploads"
    return sorted(folder.iterdir()) if folder.exists() else []


def test_an_upload_left_at_the_column_mapping_is_deleted_after_the_retention(desk, op_a,
                                                                            settings):
    settings.UCJ_REGISTRY_ABANDONED_HOURS = 24
    desk.upload_list(op_a, csv_bytes(LIST_A, OWN_HEADER), name="dinsos.csv")
    source = SourceFile.objects.get()
    assert len(uploads()) == 1
    age(source, 23)
    assert services.purge_uploads() == 0 and len(uploads()) == 1
    age(source, 25)
    assert services.purge_uploads() == 1
    assert uploads() == []
    source.refresh_from_db()
    assert source.path == "" and source.deleted_at is not None
    event = AuditEvent.objects.get(action="delete", object_type="registry.sourcefile")
    assert event.object_repr == f"raw file of {Kind.BENEFICIARIES.label} dinsos.csv"
    assert event.actor is None and event.region.code == "52.03"
    assert event.note == "never processed within 24 hours"
    assert services.purge_uploads() == 0  # again: nothing left


def test_a_list_whose_run_waits_in_the_queue_is_kept(desk, op_a):
    desk.upload_list(op_a, csv_bytes(LIST_A), execute=False)
    run = latest_run()
    assert run.status == RunStatus.QUEUED
    age(run.list_file, 100)
    assert services.purge_uploads() == 0 and len(uploads()) == 1
    services.run_match_task.enqueue(str(run.pk))  # the worker comes: the run ends, the file goes
    run.refresh_from_db()
    assert run.status == RunStatus.DONE and uploads() == []


def test_files_in_the_uploads_folder_without_a_record_are_deleted(desk, op_a):
    import os

    desk.upload_list(op_a, csv_bytes(LIST_A, OWN_HEADER), name="dinsos.csv")  # recorded
    folder = Path(services.registry_dir()) / "uploads"
    old, new = folder / "crashed.csv", folder / "being-written.csv"
    for path in (old, new):
        path.write_bytes(csv_bytes(LIST_A))
    stamp = (timezone.now() - dt.timedelta(hours=2)).timestamp()
    os.utime(old, (stamp, stamp))
    assert services.purge_uploads() == 1
    assert [p.name for p in uploads()] == sorted(
        ["being-written.csv", Path(SourceFile.objects.get().path).name])


def test_a_participant_file_whose_job_never_came_is_deleted_and_the_job_fails_cleanly(
        client, bpjs_lotim):
    client.force_login(bpjs_lotim)
    client.post(reverse("registry_participants_upload"), {"file": SimpleUploadedFile(
        "peserta.csv", csv_bytes(PARTICIPANTS_A, PARTICIPANT_HEADER))})  # not executed
    source = SourceFile.objects.get()
    age(source, 25)
    assert services.purge_uploads() == 1 and uploads() == []
    result = services.participants_task.enqueue(str(source.pk), bpjs_lotim.pk)
    assert result.status == "FAILED"
    assert result.errors[0].exception_class_path.endswith("ProcessingFailed")
    source.refresh_from_db()
    assert source.processed_at is None and not source.regions.exists()
    assert source.error == gettext(
        "The uploaded file is no longer there (it was deleted after waiting too long, or it "
        "was processed already): upload it again.")
    home = client.get(reverse("registry_home"))
    assert source.error in home.content.decode()


def test_a_file_is_never_left_without_its_record(desk, op_a, monkeypatch):
    def refuse(**kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(services, "audit_log", refuse)
    with pytest.raises(RuntimeError):
        services.file_upload(actor=op_a, kind=Kind.BENEFICIARIES, region=op_a.regions.get(),
                             year=2026, upload=SimpleUploadedFile("daftar.csv",
                                                                  csv_bytes(LIST_A)))
    assert not SourceFile.objects.exists() and uploads() == []


def test_a_file_whose_first_row_is_data_is_refused_and_not_kept(desk, op_a):
    response = desk.upload_list(op_a, csv_bytes(LIST_A[1:], LIST_A[0]), name="tanpa-judul.csv")
    assert response.url == reverse("registry_home")
    assert message_texts(response) == [gettext(
        "Row 1 holds data (a NIK, a number or a date), not the column names. Add a first "
        "row with the names of the columns and upload again.")]
    assert not SourceFile.objects.exists() and uploads() == []


def test_a_deceased_list_refused_with_its_list_leaves_neither(desk, client, op_a):
    client.force_login(op_a)
    response = client.post(reverse("registry_list_upload"), {
        "region": "52.03", "year": "2026",
        "file": SimpleUploadedFile("daftar.csv", csv_bytes(LIST_A)),
        "deceased": SimpleUploadedFile("meninggal.csv", b"nomor,tanggal\n1,2\n")})
    assert response.url == reverse("registry_home")
    assert uploads() == [] and not MatchRun.objects.exists()
    assert all(s.path == "" for s in SourceFile.objects.all())


# twenty good rows first: the upload reads the first rows strictly (and would refuse the file
# at once); a row further down is found by the run
PADDING = [person(nik(100 + i), f"Warga {i}") for i in range(20)]
UNREADABLE = (csv_bytes(LIST_A[:1] + PADDING)
              + f'{NIK_2},"Siti Aminah,1990-06-15,P,,Petani,miskin,2,,\n'.encode()
              + csv_bytes(LIST_A[4:5])[len(",".join(HEADER)) + 1:])


def test_a_run_of_an_unreadable_list_says_which_row_not_what_it_holds(desk, op_a, settings):
    settings.UCJ_REGISTRY_RETENTION_DAYS = 30  # a failure deletes at once all the same
    desk.upload_list(op_a, UNREADABLE, name="rusak.csv")
    run = latest_run()
    assert run.status == RunStatus.FAILED
    assert run.error == gettext(
        "Row %(row)s cannot be read: a quote mark is opened and not closed, or a cell is far "
        "too long. Correct that row, or save the file again as CSV from the spreadsheet, and "
        "upload again.") % {"row": 23}
    assert contains_full_nik(run.error.encode()) == [] and "Siti" not in run.error
    assert uploads() == [] and SourceFile.objects.get(pk=run.list_file_id).path == ""
    page = desk.client.get(reverse("registry_run", args=[run.pk]))
    assert run.error in page.content.decode()


def test_a_participant_file_that_fails_is_deleted_at_once_naming_the_row(desk, bpjs_lotim,
                                                                         settings):
    settings.UCJ_REGISTRY_RETENTION_DAYS = 30  # a failure deletes at once all the same
    desk.client.force_login(bpjs_lotim)
    desk.client.post(reverse("registry_participants_upload"), {"file": SimpleUploadedFile(
        "peserta.csv", csv_bytes(PARTICIPANTS_A[:1] + [
            [nik(100 + i), "aktif", "BPU", "52.03", "2025-12"] for i in range(20)],
            PARTICIPANT_HEADER) + f'{NIK_1},"aktif,BPU,52.03,2026-01\n'.encode())})
    source = SourceFile.objects.get()
    result = services.participants_task.enqueue(str(source.pk), bpjs_lotim.pk)
    source.refresh_from_db()
    assert source.error == gettext(
        "Row %(row)s cannot be read: a quote mark is opened and not closed, or a cell is far "
        "too long. Correct that row, or save the file again as CSV from the spreadsheet, and "
        "upload again.") % {"row": 23}
    # what the worker records of the task's exception does not quote the row either
    assert result.status == "FAILED" and NIK_1 not in result.errors[0].traceback
    assert source.path == "" and uploads() == []
    assert not (Path(services.registry_dir()) / "participants" / str(source.pk)).exists()


# --- 12. references to stored files ------------------------------------------------------------

def test_the_deceased_reference_of_the_mapping_page_is_scoped(desk, client, op_a, op_b,
                                                            admin_user):
    # a deceased list of Lombok Tengah, and one of Lombok Timur for 2025
    other = services.file_upload(actor=op_b, kind=Kind.DECEASED, region=op_b.regions.get(),
                                 year=2026, upload=SimpleUploadedFile("m.csv", b"nik\n1\n"))
    older = services.file_upload(actor=op_a, kind=Kind.DECEASED, region=op_a.regions.get(),
                                 year=2025, upload=SimpleUploadedFile("m.csv", b"nik\n1\n"))
    desk.upload_list(op_a, csv_bytes(LIST_A, OWN_HEADER), name="dinsos.csv")
    source = SourceFile.objects.get(original_name="dinsos.csv")
    url = reverse("registry_mapping", args=[source.pk])
    client.force_login(op_a)
    for ref in (other.pk, older.pk, source.pk, "not-a-uuid"):
        assert client.get(url, {"deceased": ref}).status_code == 404, ref
        assert desk.post(op_a, f"{url}?deceased={ref}", OWN_MAPPING).status_code == 404
    assert not MatchRun.objects.exists()
    with pytest.raises(PermissionDenied):
        services.run_start(actor=op_a, source=source, deceased=other, enqueue=False)
    # the list's own deceased list is taken
    own = services.file_upload(actor=op_a, kind=Kind.DECEASED, region=op_a.regions.get(),
                               year=2026, upload=SimpleUploadedFile(
                                   "m.csv", f"nik\n{NIK_2}\n".encode()))
    response = desk.post(op_a, f"{url}?deceased={own.pk}", OWN_MAPPING)
    run = MatchRun.objects.get()
    assert response.url == reverse("registry_run", args=[run.pk])
    run.refresh_from_db()
    assert run.deceased_file == own and run.counts["deceased"] == 1


def test_an_empty_stored_path_never_names_the_registry_folder(run_a, client, op_a):
    for recorded in ("", ".", "..", "../etc/passwd", "uploads/../.."):
        with pytest.raises(FileNotFoundError):
            services.stored_path(recorded)
    MatchRun.objects.filter(pk=run_a.pk).update(result_path="")
    client.force_login(op_a)
    for url in (reverse("registry_export", args=[run_a.pk]),
                reverse("registry_row", args=[run_a.pk, 2])):
        assert client.get(url).status_code == 404
    page = client.get(reverse("registry_run", args=[run_a.pk]))
    assert page.status_code == 200 and "rows" not in page.context
    source = run_a.list_file
    assert source.path == ""
    with pytest.raises(ValidationError):
        services.run_start(actor=op_a, source=source, enqueue=False)


def test_person_pages_are_never_cached(client, run_a, op_a, viewer):
    urls = [reverse("registry_run", args=[run_a.pk]), reverse("registry_row", args=[run_a.pk, 2]),
            reverse("registry_row", args=[run_a.pk, 2]) + "?nik=1",
            reverse("registry_export", args=[run_a.pk]), reverse("registry_enrollments"),
            reverse("registry_enrollments") + "?format=csv"]
    for user in (op_a, viewer):
        client.force_login(user)
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            assert "no-store" in response["Cache-Control"], url


def test_the_workers_housekeeping_runs_the_registry_clean_up(desk, op_a):
    from ucj.core import housekeeping

    desk.upload_list(op_a, csv_bytes(LIST_A, OWN_HEADER), name="dinsos.csv")
    age(SourceFile.objects.get(), 25)
    [outcome] = housekeeping.run_all(["ucj.registry.services.purge_uploads"])
    assert (outcome.count, outcome.error) == (1, "") and uploads() == []
    assert "ucj.registry.services.purge_uploads" in housekeeping.JOBS
