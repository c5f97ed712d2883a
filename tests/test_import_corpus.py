"""Every file of the bad-import corpus (tests/fixtures/bad_imports) is refused, through the
upload page and through ``manage.py import_data``, with a message naming the row, the column
letter and the value where there is one, and the database is exactly as before."""

from __future__ import annotations

import hashlib
import io

import pytest
from django.conf import settings as django_settings
from django.core.management import CommandError, call_command

from tests.fixtures.bad_imports.make_corpus import CASES, HERE, Case, Expect, build, readme
from tests.import_helpers import error_rows, record_events, snapshot, upload
from ucj.imports.models import ImportJob, ImportStatus

CASE_IDS = [case.file for case in CASES]


def test_the_corpus_is_what_the_generator_makes():
    assert len(CASES) >= 25
    for name, data in build().items():
        assert (HERE / name).read_bytes() == data, f"{name}: run make_corpus.py again"
    assert (HERE / "README.md").read_text(encoding="utf-8") == readme()


@pytest.fixture
def world(records, admin_user, op_a, op_b, bpjs):
    """The records of tests/conftest.py and every user a case may upload as."""
    return {"admin_user": admin_user, "op_a": op_a, "op_b": op_b, "bpjs": bpjs}


def prepare(case: Case, world, settings) -> None:
    from ucj.submissions import services

    if case.max_bytes:
        settings.UCJ_MAX_IMPORT_BYTES = case.max_bytes
    if case.setup:
        action, dataset, period = case.setup.split()
        region = world["op_a"].regions.get()  # Lombok Timur, where the records are
        if action == "approve":
            services.submission_approve(actor=world["admin_user"], region=region,
                                        dataset=dataset, period=period)
        else:
            services.submission_submit(actor=world["admin_user"], region=region,
                                       dataset=dataset, period=period)


def matches_on_the_page(row: list[str], e: Expect, *, lang: str) -> bool:
    number, column, value, problem = row
    if number != (str(e.row) if e.row is not None else "–"):
        return False
    if e.column and not column.startswith(f"{e.column} · "):
        return False
    if not e.column and column != "–":
        return False
    if e.value and value != e.value:
        return False
    if lang == "en" and e.reason.lower() not in problem.lower():
        return False
    return all(token in problem for token in e.tokens)


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_the_upload_page_refuses_the_file_and_writes_nothing(client, world, settings, case):
    prepare(case, world, settings)
    data = (HERE / case.file).read_bytes()
    before, events_before = snapshot(), record_events().count()
    client.force_login(world[case.user])
    for lang in ("id", "en"):  # the Indonesian interface, and English for the reasons
        client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = lang
        response, job = upload(client, case.dataset, case.file, data)
        assert response.status_code == 200
        if case.web_form_error:
            assert job is None
            assert response.context["form"].errors["file"]
            continue
        assert job is not None and job.status == ImportStatus.INVALID
        assert job.file_name == case.file and job.actor == world[case.user]
        assert job.size == len(data)
        if not case.max_bytes:  # (a file over the limit is not read to its end)
            assert job.checksum == hashlib.sha256(data).hexdigest()
        assert response.request["PATH_INFO"].endswith(f"/{job.pk}/")
        rows = error_rows(response.content)
        assert len(rows) == len(case.errors), rows
        for e in case.errors:
            assert any(matches_on_the_page(row, e, lang=lang) for row in rows), (lang, e, rows)
    assert snapshot() == before
    assert record_events().count() == events_before
    assert ImportJob.objects.exclude(status=ImportStatus.INVALID).count() == 0


def expected_line(e: Expect, lines: list[str]) -> bool:
    for line in lines:
        if e.row is not None and not line.startswith(f"Row {e.row}" + (", " if e.column else ":")):
            continue
        if e.column and f"column {e.column} “" not in line:
            continue
        if e.value and f"(value “{e.value}”)" not in line:
            continue
        if e.reason.lower() in line.lower() and all(token in line for token in e.tokens):
            return True
    return False


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_import_data_refuses_the_file_and_writes_nothing(world, settings, case):
    prepare(case, world, settings)
    before, events_before = snapshot(), record_events().count()
    jobs_before = ImportJob.objects.count()
    err = io.StringIO()
    with pytest.raises(CommandError) as raised:
        call_command("import_data", case.dataset, str(HERE / case.file), user=case.username,
                     lang="en", stdout=io.StringIO(), stderr=err)
    assert "Nothing was written" in str(raised.value)
    lines = [line.strip() for line in err.getvalue().splitlines() if line.strip()]
    assert len(lines) == len(case.errors), lines
    for e in case.errors:
        assert expected_line(e, lines), (e, lines)
    assert snapshot() == before
    assert record_events().count() == events_before
    assert ImportJob.objects.count() == jobs_before
