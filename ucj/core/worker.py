"""The background worker that survives: django-tasks-db's ``db_worker`` loop, made to keep
running when the database is locked or away, to take back the tasks of a worker that died
mid-way, and to run the housekeeping jobs periodically. ``manage.py worker`` runs it.

What the library's worker does not do, and this one does:

* **A locked or unreachable database never ends the loop.** Claiming a task begins an
  exclusive transaction; on SQLite that ``BEGIN`` fails with "database is locked" when another
  connection holds the write lock longer than the busy timeout, outside the library's own
  ``try`` — the loop (a thread under the autoreloader) died and the process stayed up, so
  queued tasks waited for a restart. Here every database error of the loop is caught, logged
  without details and retried with exponential backoff (0.5 s doubling to 30 s, with jitter).
* **A task's outcome is recorded even while the database is busy**: saving "successful" or
  "failed" is retried with backoff (the library tries three times, 0.1 s apart, then lets the
  error escape and the task stays "running" for ever).
* **Tasks of a worker that died are taken back.** Each worker records a heartbeat every few
  seconds while it runs, even during a long task: a row of ``WorkerHeartbeat`` in the
  database every machine shares (and a file ``DATA_DIR/workers/<worker id>.alive`` for the
  health page of its machine). A task left "running" by a worker whose heartbeat (in either)
  is older than ``stale_seconds`` is queued again (status READY; the library keeps every
  worker id that claimed it), or marked failed once ``max_attempts`` workers have claimed it
  (a task that kills its worker is not retried for ever). Every worker of an installation must
  therefore be this one: a plain ``db_worker``'s tasks would look orphaned.
* **Several workers, on several machines** (PostgreSQL): a task is claimed in a transaction
  with ``SELECT … FOR UPDATE SKIP LOCKED`` (the library's ``get_locked``), so each task is
  taken by one worker; the recovery locks the running rows it changes, so two workers
  recovering at once change each row once. Worker ids are random (the library's default) or
  given with ``--worker-id``: unique across every machine.
* **Housekeeping** (ucj/core/housekeeping.py) runs when the worker starts and then every
  ``UCJ_HOUSEKEEPING_SECONDS``, between tasks.
"""

from __future__ import annotations

import atexit
import logging
import random
import re
import threading
import time
from datetime import timedelta
from functools import partial
from pathlib import Path

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.db import DatabaseError, close_old_connections, connections
from django.utils import timezone
from django_tasks_db.compat import TaskContext, TaskResultStatus, task_finished, task_started
from django_tasks_db.management.commands.db_worker import Worker as LibraryWorker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction, is_locked_database_exception

from ucj.core import housekeeping
from ucj.core.models import WorkerHeartbeat

logger = logging.getLogger("ucj.worker")

HEARTBEAT_SECONDS = 5
FORGET_SECONDS = 7 * 24 * 3600  # heartbeat files of workers gone this long are removed
BACKOFF_FIRST, BACKOFF_MAX = 0.5, 30.0
RECORD_ATTEMPTS = 40  # saving a task's outcome: about 17 minutes of a locked database


class WorkerLost(Exception):
    """The exception recorded on a task whose workers kept dying while running it."""


def heartbeat_dir() -> Path:
    return Path(settings.DATA_DIR) / "workers"


def _file_id(worker_id: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]", "_", worker_id)[:80]


def heartbeat_path(worker_id: str) -> Path:
    return heartbeat_dir() / f"{_file_id(worker_id)}.alive"


def backoff(attempt: int) -> float:
    """Seconds to wait before try ``attempt`` + 1 (attempt ≥ 1): doubling, capped, jittered."""
    delay = min(BACKOFF_MAX, BACKOFF_FIRST * 2 ** (attempt - 1))
    return delay * random.uniform(0.8, 1.2)  # noqa: S311 - jitter, not a secret


def _is_locked(exc: BaseException) -> bool:
    return isinstance(exc, DatabaseError) and bool(exc.args) and is_locked_database_exception(exc)


class Worker(LibraryWorker):
    def __init__(self, *, housekeeping_seconds: float | None = None, stale_seconds: float = 60,
                 max_attempts: int = 3, **kwargs):
        super().__init__(**kwargs)
        self.housekeeping_seconds = (settings.UCJ_HOUSEKEEPING_SECONDS
                                     if housekeeping_seconds is None else housekeeping_seconds)
        self.stale_seconds = stale_seconds
        self.max_attempts = max_attempts
        self._last_housekeeping: float | None = None
        self._last_recovery: float | None = None
        self._beating = threading.Event()

    # --- heartbeat ---------------------------------------------------------------------------

    def _beat(self) -> None:
        path = heartbeat_path(self.worker_id)
        try:
            while not self._beating.wait(HEARTBEAT_SECONDS):
                try:
                    path.touch()
                except OSError:
                    logger.warning("worker %s: heartbeat file not writable", self.worker_id)
                self.beat_in_database()
        finally:
            connections.close_all()  # this thread's own connection

    def beat_in_database(self) -> None:
        try:
            WorkerHeartbeat.objects.update_or_create(
                worker_id=_file_id(self.worker_id), defaults={"beat_at": timezone.now()})
        except Exception as exc:  # busy or away: the next beat tries again; never ends the beat
            logger.warning("worker %s: heartbeat not recorded (%s)", self.worker_id,
                           type(exc).__name__)

    def start_heartbeat(self) -> None:
        heartbeat_dir().mkdir(parents=True, exist_ok=True)
        heartbeat_path(self.worker_id).touch()
        self.beat_in_database()
        threading.Thread(target=self._beat, name="worker-heartbeat", daemon=True).start()
        atexit.register(self.stop_heartbeat)  # also when a signal ends the process

    def stop_heartbeat(self) -> None:
        self._beating.set()
        heartbeat_path(self.worker_id).unlink(missing_ok=True)
        try:
            WorkerHeartbeat.objects.filter(worker_id=_file_id(self.worker_id)).delete()
        except DatabaseError:  # it goes stale, which is the same to the others
            pass

    def alive_workers(self) -> set[str]:
        """Ids (as in their file names) of the workers whose heartbeat is fresh, in the
        database (any machine) or in this machine's heartbeat folder, this one's included."""
        alive = {_file_id(self.worker_id)}
        now = time.time()
        folder = heartbeat_dir()
        if folder.is_dir():
            for path in folder.glob("*.alive"):
                try:
                    age = now - path.stat().st_mtime
                except FileNotFoundError:  # its worker just stopped
                    continue
                if age < self.stale_seconds:
                    alive.add(path.name[:-len(".alive")])
                elif age > FORGET_SECONDS:  # a worker killed long ago
                    path.unlink(missing_ok=True)
        now = timezone.now()
        beats = WorkerHeartbeat.objects.all()
        alive.update(beats.filter(beat_at__gte=now - timedelta(seconds=self.stale_seconds))
                     .values_list("worker_id", flat=True))
        beats.filter(beat_at__lt=now - timedelta(seconds=FORGET_SECONDS)).delete()
        return alive

    # --- recovery ------------------------------------------------------------------------------

    def recover_orphans(self) -> tuple[int, int]:
        """Tasks left running by workers that are gone: queued again, or failed after
        ``max_attempts`` claims. Returns (queued again, failed)."""
        alive = self.alive_workers()
        requeued = failed = 0
        running = DBTaskResult.objects.running().filter(backend_name=self.backend_name)
        with exclusive_transaction(running.db):
            for result in running.select_for_update():
                if result.worker_ids and _file_id(result.worker_ids[-1]) in alive:
                    continue
                if len(result.worker_ids) >= self.max_attempts:
                    result.status = TaskResultStatus.FAILED
                    result.finished_at = timezone.now()
                    result.exception_class_path = f"{WorkerLost.__module__}.{WorkerLost.__name__}"
                    result.traceback = (f"{WorkerLost.__name__}: the worker running this task "
                                        f"stopped {len(result.worker_ids)} times; not retried.")
                    result.save(update_fields=["status", "finished_at", "exception_class_path",
                                               "traceback"])
                    failed += 1
                else:
                    result.status = TaskResultStatus.READY
                    result.save(update_fields=["status"])
                    requeued += 1
        if requeued or failed:
            logger.warning("worker %s: %s task(s) of stopped workers queued again, %s failed",
                           self.worker_id, requeued, failed)
        return requeued, failed

    # --- periodic work ---------------------------------------------------------------------------

    def periodic(self) -> None:
        now = time.monotonic()
        if self._last_recovery is None or now - self._last_recovery >= self.stale_seconds:
            self.recover_orphans()
            self._last_recovery = now
        if self.housekeeping_seconds > 0 and (
                self._last_housekeeping is None
                or now - self._last_housekeeping >= self.housekeeping_seconds):
            self._last_housekeeping = now
            for outcome in housekeeping.run_all():
                if outcome.count:
                    logger.info("housekeeping %s: %s", outcome.job, outcome.count)

    # --- the loop --------------------------------------------------------------------------------

    def run(self) -> None:
        logger.info("worker %s starting (queues %s)", self.worker_id, ",".join(self.queue_names))
        if self.startup_delay and self.interval:
            time.sleep(random.random())  # noqa: S311 - no thundering herd of workers
        self.start_heartbeat()
        failures = 0
        try:
            while self.running:
                try:
                    self.periodic()
                    outcome = self.step()
                except DatabaseError as exc:
                    failures += 1
                    self.wait_for_database(exc, failures)
                    continue
                except Exception:  # a bug must not end the loop either
                    failures += 1
                    logger.exception("worker %s: unexpected error; going on", self.worker_id)
                    time.sleep(backoff(failures))
                    continue
                failures = 0
                if outcome == "stop":
                    return
                if self.running and outcome == "idle":
                    time.sleep(self.interval)
        finally:
            self.stop_heartbeat()

    def step(self) -> str:
        """Claim and run one task: "ran", "idle" (none ready) or "stop" (batch done, or the
        maximum number of tasks run)."""
        close_old_connections()
        tasks = DBTaskResult.objects.ready().filter(backend_name=self.backend_name)
        if not self.process_all_queues:
            tasks = tasks.filter(queue_name__in=self.queue_names)
        if self.excluded_queue_names:
            tasks = tasks.exclude(queue_name__in=self.excluded_queue_names)
        with exclusive_transaction(tasks.db):
            task_result = tasks.get_locked()
            if task_result is not None:
                task_result.claim(self.worker_id)
        if task_result is not None:
            self.run_task(task_result)
        if self.max_tasks is not None and self._run_tasks >= self.max_tasks:
            logger.info("worker %s ran its maximum of %s tasks", self.worker_id, self.max_tasks)
            return "stop"
        if task_result is None:
            if self.batch:
                return "stop"
            close_old_connections()
            return "idle"
        return "ran"

    def wait_for_database(self, exc: DatabaseError, attempt: int) -> None:
        delay = backoff(attempt)
        what = "locked" if _is_locked(exc) else type(exc).__name__
        logger.warning("worker %s: database %s; trying again in %.1f s (attempt %s)",
                       self.worker_id, what, delay, attempt)
        if not _is_locked(exc):  # a broken connection: open a new one next time
            for conn in connections.all(initialized_only=True):
                try:
                    conn.close()
                except DatabaseError:
                    pass
        time.sleep(delay)

    # --- running one task ------------------------------------------------------------------------

    def run_task(self, db_task_result: DBTaskResult) -> None:
        """As the library's, but the outcome is saved however long the database stays busy."""
        try:
            self.running_task = True
            try:
                task = db_task_result.task
                task_result = db_task_result.task_result
                task_started.send(sender=type(task.get_backend()), task_result=task_result)
                if task.takes_context:
                    value = task.call(TaskContext(task_result=task_result),
                                      *task_result.args, **task_result.kwargs)
                else:
                    value = task.call(*task_result.args, **task_result.kwargs)
            except BaseException as exc:
                self._record(partial(db_task_result.set_failed, exc))
                self._finished(db_task_result)
                if isinstance(exc, KeyboardInterrupt | SystemExit):
                    raise
                return
            try:
                self._record(partial(db_task_result.set_successful, value))
            except DatabaseError:
                raise
            except Exception as exc:  # e.g. a return value that is not JSON
                self._record(partial(db_task_result.set_failed, exc))
            self._finished(db_task_result)
        finally:
            self.running_task = False
            self._run_tasks += 1

    def _finished(self, db_task_result: DBTaskResult) -> None:
        try:
            sender = type(db_task_result.task.get_backend())
        except (ImportError, SuspiciousOperation):  # the task's code is gone
            logger.error("worker %s: task %s failed: its function cannot be found",
                         self.worker_id, db_task_result.id)
            return
        task_finished.send(sender=sender, task_result=db_task_result.task_result)

    def _record(self, save) -> None:
        for attempt in range(1, RECORD_ATTEMPTS + 1):
            try:
                save()
                return
            except DatabaseError as exc:
                if attempt == RECORD_ATTEMPTS:
                    raise
                self.wait_for_database(exc, attempt)
