"""manage.py worker: the background-task worker (django-tasks-db's db_worker, with the same
options) that survives a locked database, takes back the tasks of a worker that died, and
runs the housekeeping jobs periodically. See ucj/core/worker.py."""

from __future__ import annotations

import os

from django.utils.autoreload import DJANGO_AUTORELOAD_ENV, run_with_reloader
from django_tasks_db.management.commands import db_worker

from ucj.core.worker import Worker


class Command(db_worker.Command):
    help = ("Run the background worker: tasks from the database queue, retried through a locked "
            "database, with periodic housekeeping")

    def add_arguments(self, parser) -> None:
        super().add_arguments(parser)
        parser.add_argument("--housekeeping-seconds", type=float, default=None,
                            help="Run housekeeping this often (default: UCJ_HOUSEKEEPING_SECONDS; "
                                 "0: never)")
        parser.add_argument("--stale-seconds", type=float, default=60,
                            help="A worker whose heartbeat is older than this is gone: its "
                                 "running tasks are queued again (default: %(default)s)")
        parser.add_argument("--max-attempts", type=int, default=3,
                            help="A task claimed this many times by workers that died is "
                                 "failed instead (default: %(default)s)")

    def configure_logging(self, verbosity: int) -> None:
        super().configure_logging(verbosity)
        import logging

        ours = logging.getLogger("ucj.worker")
        ours.setLevel({0: logging.CRITICAL, 1: logging.INFO}.get(verbosity, logging.DEBUG))
        if not ours.handlers:
            ours.addHandler(logging.StreamHandler(self.stdout))
            ours.propagate = False

    def handle(self, *, verbosity, queue_name, interval, batch, backend_name, startup_delay,
               reload, max_tasks, worker_id, exclude_queues, housekeeping_seconds,
               stale_seconds, max_attempts, **options) -> None:
        self.configure_logging(verbosity)
        if reload and batch:
            reload = False
        queue_names = queue_name.split(",")
        excluded = exclude_queues.split(",") if exclude_queues else []
        if excluded and "*" not in queue_names:
            from django.core.management.base import CommandError

            raise CommandError("--exclude-queues can only be used with --queue-name=*")
        worker = Worker(
            queue_names=queue_names, interval=interval, batch=batch, backend_name=backend_name,
            startup_delay=startup_delay, max_tasks=max_tasks, worker_id=worker_id,
            excluded_queue_names=excluded, housekeeping_seconds=housekeeping_seconds,
            stale_seconds=stale_seconds, max_attempts=max_attempts)
        if reload:
            if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
                worker.configure_signals()
            run_with_reloader(worker.run)
        else:
            worker.configure_signals()
            worker.run()
