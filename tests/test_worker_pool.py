"""Several background workers (several machines) on one PostgreSQL queue: each task runs
once, and a task left running by a worker that died is taken back, whichever machine it ran
on. PostgreSQL only (the PostgreSQL phase of scripts/run-tests): SQLite has one writer."""

from __future__ import annotations

import threading
import time
from collections import Counter
from datetime import timedelta

import pytest
from django.db import connection, connections
from django.utils import timezone
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from ucj.core import worker as worker_module
from ucj.core.models import WorkerHeartbeat
from ucj.core.worker import Worker

pytestmark = pytest.mark.django_db(transaction=True)

RAN: list[str] = []
_LOCK = threading.Lock()


@task()
def record(label: str) -> None:
    time.sleep(0.03)  # long enough for the other worker to try the same rows
    with _LOCK:
        RAN.append(label)


@pytest.fixture(autouse=True)
def postgres_queue(settings, tmp_path, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("several workers need PostgreSQL (scripts/with-postgres)")
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.DATA_DIR = tmp_path  # this machine's heartbeat folder: empty of the others
    monkeypatch.setattr(worker_module, "backoff", lambda attempt: 0)
    RAN.clear()


def make_worker(worker_id: str) -> Worker:
    return Worker(queue_names=["default"], interval=0, batch=True, backend_name="default",
                  startup_delay=False, max_tasks=None, worker_id=worker_id,
                  excluded_queue_names=[], housekeeping_seconds=0, stale_seconds=60,
                  max_attempts=3)


def run_together(*workers: Worker) -> None:
    start = threading.Barrier(len(workers))
    errors = []

    def go(w: Worker) -> None:
        try:
            start.wait()
            w.run()
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=go, args=(w,)) for w in workers]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors


def test_two_workers_on_postgresql_run_each_task_once():
    results = [record.enqueue(f"task {i}") for i in range(24)]
    run_together(make_worker("machine-a"), make_worker("machine-b"))
    assert Counter(RAN) == {f"task {i}": 1 for i in range(24)}
    rows = DBTaskResult.objects.filter(pk__in=[r.id for r in results])
    assert {r.status for r in rows} == {"SUCCESSFUL"}
    assert all(len(r.worker_ids) == 1 for r in rows)  # claimed once each
    assert {r.worker_ids[0] for r in rows} == {"machine-a", "machine-b"}  # both took some


def test_a_task_of_a_dead_worker_on_another_machine_runs_again_once_and_a_live_ones_is_left():
    dead, busy = record.enqueue("dead"), record.enqueue("busy")
    DBTaskResult.objects.filter(pk=dead.id).update(status="RUNNING", worker_ids=["machine-c"])
    DBTaskResult.objects.filter(pk=busy.id).update(status="RUNNING", worker_ids=["machine-d"])
    now = timezone.now()
    # no heartbeat file of either here: they ran on other machines; the database knows
    WorkerHeartbeat.objects.create(worker_id="machine-c", beat_at=now - timedelta(minutes=2))
    WorkerHeartbeat.objects.create(worker_id="machine-d", beat_at=now)

    run_together(make_worker("machine-a"), make_worker("machine-b"))  # both recover at start

    assert RAN == ["dead"]  # taken back once, run once; the live worker's task left alone
    dead_row, busy_row = (DBTaskResult.objects.get(pk=dead.id),
                          DBTaskResult.objects.get(pk=busy.id))
    assert dead_row.status == "SUCCESSFUL" and len(dead_row.worker_ids) == 2
    assert dead_row.worker_ids[0] == "machine-c"
    assert busy_row.status == "RUNNING" and busy_row.worker_ids == ["machine-d"]
    # the workers that stopped removed their own heartbeats; the others' are kept
    assert set(WorkerHeartbeat.objects.values_list("worker_id", flat=True)) == {
        "machine-c", "machine-d"}


def test_a_task_whose_workers_keep_dying_is_failed_not_retried_for_ever():
    doomed = record.enqueue("doomed")
    DBTaskResult.objects.filter(pk=doomed.id).update(
        status="RUNNING", worker_ids=["machine-e", "machine-f", "machine-g"])
    WorkerHeartbeat.objects.create(worker_id="machine-g",
                                   beat_at=timezone.now() - timedelta(minutes=5))
    run_together(make_worker("machine-a"), make_worker("machine-b"))
    row = DBTaskResult.objects.get(pk=doomed.id)
    assert RAN == [] and row.status == "FAILED" and "stopped 3 times" in row.traceback
