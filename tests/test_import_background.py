"""Imports that never hold the database: files are read and planned outside any transaction;
a big file is checked by a background task (progress on its page, then the preview) that reads
it in a child process within a time and memory limit and fails cleanly beyond them; the error
workbook is made once and kept; abandoned files are removed by housekeeping."""

from __future__ import annotations

import datetime as dt
import os
import time
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from tests.import_helpers import snapshot, upload, workbook
from tests.test_imports import CHANGE_2025, denominators_csv, fifty_denominator_rows
from ucj.audit.models import AuditEvent
from ucj.core import sandbox
from ucj.coverage.models import WorkforceDenominator
from ucj.imports import services
from ucj.imports.models import ImportJob, ImportStatus
from ucj.imports.readers import ReadError


@pytest.fixture
def background(settings):
    """Every upload is "big": checked by the background task (run at once in the tests)."""
    settings.UCJ_IMPORT_BACKGROUND_BYTES = 10
    return settings


def stored_files() -> list[str]:
    return sorted(p.name for p in services.storage_dir().iterdir())


def submit(client, name: str, data: bytes, dataset: str = "denominators", *, callbacks):
    """Upload; returns the page, the job and ``check()``, which runs the queued check (the
    task) as the worker does after the commit, its own commits included."""
    with callbacks(execute=False) as queued:
        response, job = upload(client, dataset, name, data)
    assert len(queued) == 1

    def check():
        with callbacks(execute=True):
            queued[0]()

    return response, job, check


# --- outside any transaction ----------------------------------------------------------------

def test_files_are_read_and_planned_outside_any_transaction(records, admin_user, monkeypatch):
    """Staging, applying and the command line read and plan with no transaction open (so no
    write lock held); on SQLite applying plans outside too and writes under the lock only."""
    depth = len(connection.atomic_blocks)  # the test's own transaction, if any
    seen = []

    def spy(function, name):
        def wrapper(*args, **kwargs):
            seen.append((name, len(connection.atomic_blocks) - depth))
            return function(*args, **kwargs)
        return wrapper

    monkeypatch.setattr(services, "read_table", spy(services.read_table, "read"))
    monkeypatch.setattr(services, "build_plan", spy(services.build_plan, "plan"))
    job = services.import_stage(actor=admin_user, dataset="denominators", data=CHANGE_2025,
                                file_name="d.csv")
    assert seen == [("read", 0), ("plan", 0)]
    seen.clear()
    services.import_apply(actor=admin_user, job=job)
    plan_depth = 0 if connection.vendor == "sqlite" else 1  # PostgreSQL plans in the transaction
    assert seen == [("read", 0), ("plan", plan_depth)]
    seen.clear()
    services.import_file_now(actor=admin_user, dataset="denominators", file_name="e.csv",
                             data=denominators_csv(["52.03", "", 2027, "470.000", "", "", "", ""]))
    assert seen == [("read", 0), ("plan", plan_depth)]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's PRAGMA data_version")
def test_a_plan_made_outside_is_made_again_when_someone_committed_meanwhile(
        records, admin_user, monkeypatch):
    """A commit by another connection between the plan and the write lock (data_version moves):
    the plan is made again, and after a few tries under the lock; the result is the same."""
    job = services.import_stage(actor=admin_user, dataset="denominators", data=CHANGE_2025,
                                file_name="d.csv")
    versions = iter(range(1000))
    monkeypatch.setattr(services, "_data_version", lambda: next(versions))  # always "moved"
    depth = len(connection.atomic_blocks)
    plans = []
    real = services.build_plan

    def counting(**kwargs):
        plans.append(len(connection.atomic_blocks) - depth)
        return real(**kwargs)

    monkeypatch.setattr(services, "build_plan", counting)
    job = services.import_apply(actor=admin_user, job=job)
    assert plans == [0] * services.OPTIMISTIC_ATTEMPTS + [1]  # the last one under the lock
    assert job.status == ImportStatus.APPLIED
    assert WorkforceDenominator.objects.get(year=2025).workforce_potential == 460_000


def test_a_failure_to_record_the_job_leaves_no_file(records, admin_user, monkeypatch):
    def broken(**kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(services, "audit_log", broken)
    for stage in (services.import_stage, services.import_submit):
        with pytest.raises(OSError):
            stage(actor=admin_user, dataset="denominators", data=CHANGE_2025, file_name="d.csv")
    assert not ImportJob.objects.exists() and stored_files() == []


# --- the background check --------------------------------------------------------------------

def test_a_big_file_is_checked_in_the_background_then_previewed(
        client, records, op_a, background, django_capture_on_commit_callbacks):
    client.force_login(op_a)
    before = snapshot()
    response, job, check = submit(client, "d.csv", CHANGE_2025,
                                   callbacks=django_capture_on_commit_callbacks)
    assert job.status == ImportStatus.CHECKING
    assert stored_files() == [f"{job.pk}.upload"]
    page = response.content.decode()
    progress = reverse("import_progress", args=[job.pk])
    assert f'hx-get="{progress}"' in page and "Memeriksa berkas" in page
    fragment = client.get(progress)
    assert fragment.status_code == 200 and "HX-Refresh" not in fragment
    assert "menunggu pekerja latar belakang" in fragment.content.decode()

    check()  # the worker runs the check
    job.refresh_from_db()
    assert job.status == ImportStatus.STAGED and job.progress == 100 and job.file_format == "csv"
    assert (job.rows_total, job.rows_changed) == (1, 1)
    assert stored_files() == [f"{job.pk}.upload"]  # kept for the apply
    fragment = client.get(progress)
    assert fragment["HX-Refresh"] == "true"
    page = client.get(reverse("import_detail", args=[job.pk])).content.decode()
    assert "hx-get" not in page and "Pratinjau" in page
    assert snapshot() == before
    events = AuditEvent.objects.filter(object_id=str(job.pk)).order_by("pk")
    assert [e.changes["status"] for e in events] == [[None, "checking"], ["checking", "staged"]]

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("import_apply", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == ImportStatus.APPLIED and stored_files() == []
    assert WorkforceDenominator.objects.get(year=2025).workforce_potential == 460_000


def test_small_files_are_still_checked_at_once(client, records, op_a, settings):
    settings.UCJ_IMPORT_BACKGROUND_BYTES = len(CHANGE_2025)
    client.force_login(op_a)
    _response, job = upload(client, "denominators", "d.csv", CHANGE_2025)
    assert job.status == ImportStatus.STAGED


def test_a_big_invalid_file_gets_its_error_workbook_once_and_loses_the_raw_file(
        client, records, admin_user, background, django_capture_on_commit_callbacks,
        monkeypatch):
    client.force_login(admin_user)
    _response, job, check = submit(client, "50.csv", fifty_denominator_rows(bad_row=37),
                                    callbacks=django_capture_on_commit_callbacks)
    check()
    job.refresh_from_db()
    assert job.status == ImportStatus.INVALID and job.stored_path == ""
    assert stored_files() == [f"{job.pk}.kesalahan.xlsx"]  # the marked copy only
    page = client.get(reverse("import_detail", args=[job.pk])).content.decode()
    assert reverse("import_errors", args=[job.pk]) in page

    def never(**kwargs):
        raise AssertionError("the error workbook is made once")

    monkeypatch.setattr(services, "plan_file", never)
    monkeypatch.setattr(services, "error_workbook", never)
    first = b"".join(client.get(reverse("import_errors", args=[job.pk])).streaming_content)
    second = b"".join(client.get(reverse("import_errors", args=[job.pk])).streaming_content)
    assert first == second
    ws = workbook(first)["Data"]
    assert ws["I1"].value == "Kesalahan" and ws["I37"].value.startswith("D ")


def test_the_error_workbook_of_a_small_file_is_made_at_the_first_download_then_kept(
        client, records, admin_user, monkeypatch, django_capture_on_commit_callbacks):
    client.force_login(admin_user)
    _response, job = upload(client, "denominators", "50.csv", fifty_denominator_rows(bad_row=9))
    assert job.status == ImportStatus.INVALID and stored_files() == [f"{job.pk}.csv"]
    made = []
    real = services.error_workbook
    monkeypatch.setattr(services, "error_workbook", lambda **kw: made.append(1) or real(**kw))
    url = reverse("import_errors", args=[job.pk])
    with django_capture_on_commit_callbacks(execute=True):
        first = b"".join(client.get(url).streaming_content)
    job.refresh_from_db()
    assert made == [1] and job.stored_path == "" and job.errors_path
    assert stored_files() == [f"{job.pk}.kesalahan.xlsx"]
    second = b"".join(client.get(url).streaming_content)
    assert made == [1] and first == second
    assert workbook(first)["Data"]["I9"].value.startswith("D ")


def test_a_file_the_reader_refuses_in_the_child_is_invalid_with_its_message(
        client, records, op_a, background, django_capture_on_commit_callbacks):
    client.force_login(op_a)
    before = snapshot()
    _response, job, check = submit(client, "laporan.csv", b"%PDF-1.4\n" + b"x" * 200,
                                    callbacks=django_capture_on_commit_callbacks)
    check()
    job.refresh_from_db()
    assert job.status == ImportStatus.INVALID
    assert job.report["errors"][0]["message"].startswith("Ini dokumen PDF")
    assert stored_files() == [] and snapshot() == before


@pytest.mark.parametrize("trouble, expected", [
    ("slow", "lebih dari 1 detik"),
    ("memory", "memori"),
    ("abort", "memori"),
    ("crash", "berhenti tiba-tiba"),
])
def test_a_check_beyond_its_limits_fails_with_a_message_and_no_file(
        client, records, op_a, background, django_capture_on_commit_callbacks, monkeypatch,
        trouble, expected):
    background.UCJ_IMPORT_CHECK_SECONDS = 1
    background.UCJ_IMPORT_CHECK_MEMORY_MB = 200

    def hostile_reader(data, name, **kwargs):  # runs in the child
        if trouble == "slow":
            time.sleep(30)
        elif trouble == "memory":
            return bytearray(2 * 1024**3)
        elif trouble == "abort":
            os.abort()  # what a native allocation failure does
        os.kill(os.getpid(), 11)  # SIGSEGV

    monkeypatch.setattr(services, "read_table", hostile_reader)
    client.force_login(op_a)
    before = snapshot()
    _response, job, check = submit(client, "d.csv", CHANGE_2025,
                                    callbacks=django_capture_on_commit_callbacks)
    started = time.monotonic()
    check()
    assert time.monotonic() - started < 10
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED and expected in job.error
    assert job.stored_path == "" and stored_files() == [] and snapshot() == before
    page = client.get(reverse("import_detail", args=[job.pk])).content.decode()
    assert "Berkas tidak dapat diperiksa" in page and "hx-get" not in page


def test_a_job_discarded_while_being_checked_stays_discarded(
        client, records, op_a, background, django_capture_on_commit_callbacks):
    client.force_login(op_a)
    _response, job, check = submit(client, "d.csv", CHANGE_2025,
                                    callbacks=django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("import_discard", args=[job.pk]))
    check()
    job.refresh_from_db()
    assert job.status == ImportStatus.DISCARDED and stored_files() == []


def test_the_check_again_does_nothing(records, admin_user, background,
                                      django_capture_on_commit_callbacks):
    """A worker that died mid-check gets the task again: a finished job is left as it is."""
    with django_capture_on_commit_callbacks(execute=True):
        job = services.import_submit(actor=admin_user, dataset="denominators",
                                     data=CHANGE_2025, file_name="d.csv")
    job.refresh_from_db()
    assert job.status == ImportStatus.STAGED
    events = AuditEvent.objects.count()
    assert services.import_check(str(job.pk)).status == ImportStatus.STAGED
    assert AuditEvent.objects.count() == events


# --- the child process ---------------------------------------------------------------------------

def _value(x):
    return {"twice": x * 2}


def _refuse(x):
    raise ReadError("ditolak")


def test_the_child_hands_back_results_and_the_readers_refusals():
    assert sandbox.run_limited(_value, 21, seconds=10, memory_bytes=2**28) == {"twice": 42}
    with pytest.raises(ReadError) as raised:
        sandbox.run_limited(_refuse, 1, seconds=10, memory_bytes=2**28)
    assert raised.value.message == "ditolak"


def test_the_child_is_stopped_at_its_limits_and_this_process_carries_on():
    with pytest.raises(sandbox.LimitExceeded) as raised:
        sandbox.run_limited(time.sleep, 30, seconds=0.5, memory_bytes=2**28)
    assert raised.value.kind == "time"
    with pytest.raises(sandbox.LimitExceeded) as raised:
        sandbox.run_limited(bytearray, 2**31, seconds=10, memory_bytes=2**27)
    assert raised.value.kind == "memory"
    with pytest.raises(sandbox.LimitExceeded) as raised:
        sandbox.run_limited(os.abort, seconds=10, memory_bytes=2**27)
    assert raised.value.kind == "memory"
    assert sandbox.run_limited(_value, 1, seconds=10, memory_bytes=2**28) == {"twice": 2}


# --- retention and housekeeping ------------------------------------------------------------------

def _age(job: ImportJob, hours: float) -> None:
    ImportJob.objects.filter(pk=job.pk).update(
        created_at=timezone.now() - dt.timedelta(hours=hours))


def test_abandoned_files_are_removed_after_the_retention(
        client, records, op_a, settings, django_capture_on_commit_callbacks):
    settings.UCJ_IMPORT_RETENTION_HOURS = 24
    client.force_login(op_a)
    _r, staged = upload(client, "denominators", "d.csv", CHANGE_2025)
    _r, invalid = upload(client, "denominators", "x.csv", fifty_denominator_rows(bad_row=3))
    _r, recent = upload(client, "denominators", "r.csv", CHANGE_2025)
    with django_capture_on_commit_callbacks(execute=False):  # never checked: worker gone
        checking = services.import_submit(actor=op_a, dataset="denominators",
                                          data=CHANGE_2025, file_name="c.csv")
    for job in (staged, invalid, checking):
        _age(job, 25)
    _age(recent, 23)
    folder = services.storage_dir()
    orphan, fresh_orphan = folder / "left-behind.csv", folder / "being-written.csv.part"
    orphan.write_bytes(b"x")
    fresh_orphan.write_bytes(b"x")
    old = time.time() - 2 * 3600
    os.utime(orphan, (old, old))
    assert len(stored_files()) == 6

    with django_capture_on_commit_callbacks(execute=True):
        assert services.purge_abandoned_files() == 4
    assert stored_files() == sorted([Path(recent.stored_path).name, fresh_orphan.name])
    for job in (staged, invalid, checking, recent):
        job.refresh_from_db()
    assert staged.status == ImportStatus.DISCARDED and staged.stored_path == ""
    assert invalid.status == ImportStatus.INVALID and invalid.stored_path == ""
    assert checking.status == ImportStatus.FAILED and "tidak sempat diperiksa" in checking.error
    assert recent.status == ImportStatus.STAGED
    assert AuditEvent.objects.filter(object_id=str(staged.pk), actor_name="system").exists()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.purge_abandoned_files() == 0


def test_the_housekeeping_command_runs_every_job_once(records, settings, capsys, monkeypatch):
    from ucj.core import housekeeping

    monkeypatch.setattr(housekeeping, "JOBS", [*housekeeping.JOBS, "tests.test_import_background"
                                                                    "._three"])
    call_command("housekeeping")
    out = capsys.readouterr().out
    assert "ucj.imports.services.purge_abandoned_files: 0" in out
    assert "tests.test_import_background._three: 3" in out


def test_a_failing_housekeeping_job_does_not_stop_the_others(records, monkeypatch):
    from ucj.core import housekeeping

    outcomes = housekeeping.run_all(["tests.test_import_background._broken",
                                     "tests.test_import_background._three"])
    assert [(o.count, o.error[:12]) for o in outcomes] == [(None, "RuntimeError"), (3, "")]


def _three() -> int:
    return 3


def _broken() -> int:
    raise RuntimeError("broken")


def test_the_error_workbook_keeps_formula_text_as_text_and_comments_the_first_cells(monkeypatch):
    from ucj.imports import workbook as workbooks
    from ucj.imports.plan import Problem
    from ucj.imports.readers import Table

    monkeypatch.setattr(workbooks, "COMMENT_LIMIT", 2)
    table = Table(rows=[["A", "B"], ["=1+1", "x"], ["y", "z"], ["w", "v"]], file_format="csv")
    problems = [Problem("salah satu", 2, 0, "A", "=1+1"), Problem("salah dua", 3, 1, "B", "z"),
                Problem("salah tiga", 4, 1, "B", "v"), Problem("seluruh berkas")]
    ws = workbook(workbooks.error_workbook(table=table, problems=problems))["Data"]
    assert ws["A2"].value == "=1+1" and ws["A2"].data_type == "s"
    assert [ref for ref in ("A2", "B3", "B4") if ws[ref].comment] == ["A2", "B3"]
    assert all(ws[ref].fill.fgColor.rgb.endswith("F8CBAD") for ref in ("A2", "B3", "B4"))
    assert [ws[f"C{r}"].value for r in range(1, 5)] == [
        "Kesalahan", "A A: salah satu", "B B: salah dua", "B B: salah tiga"]
    assert ws["C1"].comment.text == "seluruh berkas"
