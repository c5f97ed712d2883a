"""The background worker that survives (ucj/core/worker.py): it keeps running through a locked
database, records a task's outcome however long the database stays busy, takes back the tasks
of a worker that died (a few times, then fails them), and runs the housekeeping jobs."""

from __future__ import annotations

import os
import time
from contextlib import contextmanager

import pytest
from django.core.management import call_command
from django.db import OperationalError
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from ucj.core import worker as worker_module
from ucj.core.worker import Worker, heartbeat_path

DONE: list[str] = []

pytestmark = pytest.mark.django_db(transaction=True)


@task()
def note(word: str) -> str:
    DONE.append(word)
    return word


@task()
def explode() -> None:
    raise ValueError("broken task")


@pytest.fixture(autouse=True)
def queue(settings, tmp_path, monkeypatch):
    """Tasks go to the database queue (as in production); heartbeats in a temporary folder;
    no waiting between tries."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.DATA_DIR = tmp_path
    monkeypatch.setattr(worker_module, "backoff", lambda attempt: 0)
    DONE.clear()


def make_worker(**kwargs) -> Worker:
    options = {"queue_names": ["default"], "interval": 0, "batch": True,
               "backend_name": "default", "startup_delay": False, "max_tasks": None,
               "worker_id": "worker-test", "excluded_queue_names": [],
               "housekeeping_seconds": 0, **kwargs}
    return Worker(**options)


def status(result) -> str:
    return DBTaskResult.objects.get(pk=result.id).status


def test_the_worker_keeps_running_while_the_database_is_locked(monkeypatch):
    result = note.enqueue("after the lock")
    real = worker_module.exclusive_transaction
    tries = []

    @contextmanager
    def locked_three_times(using=None):
        tries.append(1)
        if len(tries) <= 3:  # BEGIN EXCLUSIVE refused: what killed the library's loop
            raise OperationalError("database is locked")
        with real(using):
            yield

    monkeypatch.setattr(worker_module, "exclusive_transaction", locked_three_times)
    make_worker().run()
    assert len(tries) >= 4 and DONE == ["after the lock"]
    assert status(result) == "SUCCESSFUL"


def test_a_tasks_outcome_is_recorded_once_the_database_is_free_again(monkeypatch):
    result = note.enqueue("done")
    real = DBTaskResult.set_successful
    refused = []

    def busy_then_free(self, value):
        if len(refused) < 5:  # more than the library's own three tries
            refused.append(1)
            raise OperationalError("database is locked")
        return real(self, value)

    monkeypatch.setattr(DBTaskResult, "set_successful", busy_then_free)
    make_worker().run()
    assert len(refused) == 5 and status(result) == "SUCCESSFUL"


def test_a_failing_task_is_recorded_and_the_next_one_runs():
    failing, fine = explode.enqueue(), note.enqueue("next")
    make_worker().run()
    assert status(failing) == "FAILED" and status(fine) == "SUCCESSFUL" and DONE == ["next"]
    assert "broken task" in DBTaskResult.objects.get(pk=failing.id).traceback


def test_tasks_of_a_worker_that_died_are_taken_back_a_few_times_then_failed(settings):
    orphan, doomed, busy = note.enqueue("orphan"), note.enqueue("doomed"), note.enqueue("busy")
    DBTaskResult.objects.filter(pk=orphan.id).update(status="RUNNING", worker_ids=["gone"])
    DBTaskResult.objects.filter(pk=doomed.id).update(status="RUNNING",
                                                     worker_ids=["a", "b", "gone"])
    DBTaskResult.objects.filter(pk=busy.id).update(status="RUNNING", worker_ids=["alive"])
    heartbeat_path("gone").parent.mkdir(parents=True)
    heartbeat_path("gone").touch()
    stale = time.time() - 120
    os.utime(heartbeat_path("gone"), (stale, stale))  # stopped beating two minutes ago
    heartbeat_path("alive").touch()  # another worker, running its task right now

    worker = make_worker(stale_seconds=60, max_attempts=3)
    assert worker.recover_orphans() == (1, 1)
    assert (status(orphan), status(doomed), status(busy)) == ("READY", "FAILED", "RUNNING")
    assert "stopped 3 times" in DBTaskResult.objects.get(pk=doomed.id).traceback
    worker.run()  # runs the orphan again
    assert DONE == ["orphan"] and status(orphan) == "SUCCESSFUL"
    assert DBTaskResult.objects.get(pk=orphan.id).worker_ids == ["gone", "worker-test"]
    assert not heartbeat_path("worker-test").exists()  # removed when the worker stops


def test_the_worker_runs_housekeeping_when_it_starts_and_then_periodically(monkeypatch):
    from ucj.core import housekeeping

    runs = []
    monkeypatch.setattr(housekeeping, "run_all", lambda: runs.append(1) or [])
    worker = make_worker(housekeeping_seconds=3600)
    worker.periodic()
    worker.periodic()
    assert runs == [1]
    worker._last_housekeeping -= 3600
    worker.periodic()
    assert runs == [1, 1]


def test_the_worker_command_runs_the_queue(settings):
    result = note.enqueue("from the command")
    call_command("worker", batch=True, reload=False, startup_delay=False,
                 housekeeping_seconds=0, verbosity=0)
    assert status(result) == "SUCCESSFUL" and DONE == ["from the command"]


@task()
def heartbeats_seen() -> list[str]:
    from ucj.core.models import WorkerHeartbeat

    return list(WorkerHeartbeat.objects.values_list("worker_id", flat=True))


def test_a_running_worker_has_its_heartbeat_in_the_database_for_every_machine():
    from ucj.core.models import WorkerHeartbeat

    result = heartbeats_seen.enqueue()
    make_worker().run()
    row = DBTaskResult.objects.get(pk=result.id)
    assert row.status == "SUCCESSFUL" and row.return_value == ["worker-test"]
    assert not WorkerHeartbeat.objects.exists()  # removed when it stops
