"""Health and readiness, for the load balancer, the reverse proxy and the operator's monitor.

``/sehat/`` (health): is this installation working now?
  * ``database``: a ``SELECT 1`` on the default database;
  * ``worker``: the newest heartbeat of a background worker (``manage.py worker`` records one
    every few seconds, ucj/core/worker.py: a ``WorkerHeartbeat`` row, seen from every machine,
    and a file ``DATA_DIR/workers/<id>.alive``) is younger than ``UCJ_HEALTH_WORKER_SECONDS``;
    not asked when tasks do not go through the database queue (tests run them at once);
  * ``disk``: the data directory's file system has at least ``UCJ_HEALTH_MIN_FREE_MB`` free.

``/siap/`` (ready): may this process take traffic? Every migration applied and, with the
production static storage, the static manifest present (``collectstatic`` ran).

Both answer 200 when every part is fine and 503 otherwise, to anyone (a monitor has no
account), with JSON that says only ok/fail per part and the heartbeat's age: no host names,
paths, versions, free-space figures or error messages (those go to the log, without personal
data). Neither writes anything nor opens a session.
"""

from __future__ import annotations

import logging
import shutil
import time

from django.conf import settings
from django.contrib.staticfiles.storage import ManifestFilesMixin, staticfiles_storage
from django.db import DatabaseError, connection
from django.db.models import Max
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from ucj.core.datadir import existing_ancestor
from ucj.core.models import WorkerHeartbeat
from ucj.core.worker import heartbeat_dir

logger = logging.getLogger("ucj.health")

DB_TASKS_BACKEND = "django_tasks_db.DatabaseBackend"


def check_database() -> dict:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as exc:
        logger.error("health: database unreachable (%s)", type(exc).__name__)
        return {"ok": False}
    return {"ok": True}


def newest_heartbeat_age() -> float | None:
    """Seconds since the most recent heartbeat of any worker, on any machine (the
    ``WorkerHeartbeat`` rows) or on this one (the files), or None when there is none."""
    folder = heartbeat_dir()
    newest = None
    try:
        beat_at = WorkerHeartbeat.objects.aggregate(newest=Max("beat_at"))["newest"]
    except DatabaseError:  # the database part says so; the files may still answer
        beat_at = None
    if beat_at is not None:
        newest = beat_at.timestamp()
    if folder.is_dir():
        for path in folder.glob("*.alive"):
            try:
                mtime = path.stat().st_mtime
            except FileNotFoundError:  # its worker just stopped
                continue
            newest = mtime if newest is None else max(newest, mtime)
    return None if newest is None else max(0.0, time.time() - newest)


def check_worker() -> dict:
    if settings.TASKS.get("default", {}).get("BACKEND") != DB_TASKS_BACKEND:
        return {"ok": True, "needed": False}  # tasks run in the request (tests)
    age = newest_heartbeat_age()
    ok = age is not None and age <= settings.UCJ_HEALTH_WORKER_SECONDS
    if not ok:
        logger.error("health: no background worker heartbeat within %s s",
                     settings.UCJ_HEALTH_WORKER_SECONDS)
    return {"ok": ok, "age_seconds": None if age is None else round(age)}


def check_disk() -> dict:
    try:
        # the disk the data folder is (or will be, before its first file) on
        free = shutil.disk_usage(existing_ancestor(settings.DATA_DIR)).free
    except OSError as exc:
        logger.error("health: data directory unreadable (%s)", type(exc).__name__)
        return {"ok": False}
    ok = free >= settings.UCJ_HEALTH_MIN_FREE_MB * 1024 * 1024
    if not ok:
        logger.error("health: less than %s MB free in the data directory",
                     settings.UCJ_HEALTH_MIN_FREE_MB)
    return {"ok": ok}


_migrations_done = False  # once every migration is applied it stays so until a restart


def check_migrations() -> dict:
    global _migrations_done
    if _migrations_done:
        return {"ok": True}
    from django.db.migrations.executor import MigrationExecutor

    try:
        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except DatabaseError as exc:
        logger.error("readiness: database unreachable (%s)", type(exc).__name__)
        return {"ok": False}
    if pending:
        logger.error("readiness: %s migration(s) not applied", len(pending))
        return {"ok": False}
    _migrations_done = True
    return {"ok": True}


def check_static() -> dict:
    if not isinstance(staticfiles_storage, ManifestFilesMixin):
        return {"ok": True, "needed": False}  # development storage: files found where they are
    try:
        present = staticfiles_storage.exists(staticfiles_storage.manifest_name)
    except OSError:
        present = False
    if not present:
        logger.error("readiness: static manifest missing (run collectstatic)")
    return {"ok": present}


def _answer(checks: dict) -> JsonResponse:
    ok = all(part["ok"] for part in checks.values())
    return JsonResponse({"status": "ok" if ok else "fail", "checks": checks},
                        status=200 if ok else 503)


@never_cache
@require_safe
def health(request):
    return _answer({"database": check_database(), "worker": check_worker(),
                    "disk": check_disk()})


@never_cache
@require_safe
def ready(request):
    return _answer({"migrations": check_migrations(), "static": check_static()})
